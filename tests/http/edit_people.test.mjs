// HTTP tests of the write side for interviews, people, organisations and
// events: who may do what, the duo rule, restricted notes, contact details
// and communication needs (never public; needs only with consent), one
// transaction with an audit entry per write, validation errors that change
// nothing, and the JSON API with problem details.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/edit_people.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sql, sqlValue } from '../lib/db.mjs';
import { textOf, norm, mainOf } from '../lib/http.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';

let srv, base, db, as;

before(async () => {
	({ srv, base, db, as } = await startDemoSignedIn());
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
const audits = () => n('SELECT count(*) FROM audit_entry');
const MUNICIPAL = () => sql(db, 'SELECT id FROM person WHERE is_municipal = 1 ORDER BY id').map((r) => r.id);
const EXPERTS = () => sql(db, 'SELECT id FROM person WHERE is_experience_expert = 1 ORDER BY id').map((r) => r.id);
const openPeriod = () => sqlValue(db, "SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq LIMIT 1");
const publishedPeriod = () => sqlValue(db, "SELECT id FROM reporting_period WHERE state = 'published' ORDER BY seq LIMIT 1");

function interviewForm(extra = {}) {
	return {
		theme_id: 2,
		held_on: '2024-04-02',
		period_id: openPeriod(),
		municipal_ids: [MUNICIPAL()[2]],
		expert_ids: [EXPERTS()[0]],
		holder_ids: [MUNICIPAL()[4], MUNICIPAL()[5]],
		action_ids: sql(db, 'SELECT id FROM action_point WHERE theme_id = 2 ORDER BY id LIMIT 2').map((r) => r.id),
		public_summary: 'Gesprek over passend onderwijs: de scholen werken beter samen.',
		restricted_notes: 'VERTROUWELIJK testnotitie: een dossierhouder is ziek geweest.',
		...extra,
	};
}

// ------------------------------------------------------------ permissions

test('forms are for project members and the coordinator only', async () => {
	const paths = ['/interviews/new', '/interviews/1/edit', '/people', '/people/new', '/people/1/edit',
		'/organisations/new', '/organisations/2/edit', '/events/new', '/events/1/edit'];
	for (const p of paths) {
		for (const role of ['member', 'expert', 'coordinator']) {
			const r = await as[role].get(p);
			// Interviews of a published report are frozen: their edit form says so (409).
			const want = p === '/interviews/1/edit' ? 409 : 200;
			assert.equal(r.status, want, `${role} GET ${p}`);
		}
		for (const role of ['reader', 'dossierHolder']) {
			const r = await as[role].get(p);
			assert.equal(r.status, 403, `${role} GET ${p}`);
		}
		const pub = await as.public.get(p);
		assert.ok(pub.status === 303 && /\/sign-in/.test(pub.location), `public GET ${p}: ${pub.status}`);
	}
	const before = n('SELECT count(*) FROM interview');
	for (const role of ['reader', 'dossierHolder']) {
		const r = await as[role].post('/interviews', interviewForm());
		assert.equal(r.status, 403, `${role} POST /interviews`);
	}
	assert.equal(n('SELECT count(*) FROM interview'), before);
});

// ------------------------------------------------------------ interviews

test('the duo rule: no experience expert or no municipal employee is refused, nothing saved', async () => {
	const count = n('SELECT count(*) FROM interview'), parts = n('SELECT count(*) FROM interview_participant'), a = audits();
	const noExpert = await as.member.post('/interviews', interviewForm({ expert_ids: undefined }));
	assert.equal(noExpert.status, 422);
	const html = noExpert.body;
	assert.match(html, /<html lang="nl"/);
	assert.match(html, /<title>Fout: /, 'the title says there is an error, in Dutch');
	// A group of checkboxes: the summary links to its first choice (a fieldset cannot take focus).
	assert.match(html, /class="error-summary"[^]*href="#f-expert_ids-0"/, 'the summary links to the field');
	assert.match(html, /id="f-expert_ids-0"/, 'the first choice is there');
	assert.match(textOf(mainOf(html)), /expert by experience|ervaringsdeskundige/i, 'names what is missing');
	assert.ok(!/href="#f-municipal_ids(-0)?"/.test(html), 'the municipal half was given');
	assert.ok(html.includes('Gesprek over passend onderwijs'), 'input is kept');
	assert.match(html, /id="f-municipal_ids-\d+" name="municipal_ids" value="\d+" checked/, 'ticked boxes stay ticked');
	assert.match(html, /\(verplicht\)/, 'required in words');

	const noMunicipal = await as.member.post('/interviews', interviewForm({ municipal_ids: undefined }));
	assert.equal(noMunicipal.status, 422);
	assert.match(noMunicipal.body, /href="#f-municipal_ids-0"/);
	assert.match(textOf(mainOf(noMunicipal.body)), /municipal|gemeente/i);

	// An expert chosen as the "municipal" half does not make a duo (not among the options).
	const fake = await as.member.post('/interviews', interviewForm({ municipal_ids: [EXPERTS()[1]] }));
	assert.equal(fake.status, 422);
	assert.match(fake.body, /href="#f-municipal_ids-0"/);

	assert.equal(n('SELECT count(*) FROM interview'), count, 'no interview saved');
	assert.equal(n('SELECT count(*) FROM interview_participant'), parts, 'no participant saved');
	assert.equal(audits(), a, 'no audit entry');
});

test('a member records an interview: one transaction with its audit entry, shown on /interviews', async () => {
	const a = audits();
	const form = interviewForm();
	const r = await as.member.post('/interviews', form);
	assert.equal(r.status, 303, r.body.slice(0, 500));
	const id = Number(r.location.match(/^\/interviews\/(\d+)$/)?.[1]);
	assert.ok(id > 0, r.location);
	const row = sql(db, `SELECT * FROM interview WHERE id = ${id}`)[0];
	assert.equal(row.held_on, '2024-04-02');
	assert.equal(row.period_id, openPeriod());
	assert.equal(row.restricted_notes, form.restricted_notes);
	const roles = sql(db, `SELECT role, count(*) AS c FROM interview_participant WHERE interview_id = ${id} GROUP BY role ORDER BY role`);
	assert.deepEqual(roles.map((x) => [x.role, x.c]), [['dossier_holder', 2], ['interviewer_expert', 1], ['interviewer_municipal', 1]]);
	assert.equal(n(`SELECT count(*) FROM interview_action WHERE interview_id = ${id}`), 2);
	assert.equal(audits(), a + 1);
	const au = sql(db, 'SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];
	assert.equal(au.action, 'create');
	assert.equal(au.entity, 'interview');
	assert.equal(au.entity_id, id);
	assert.equal(au.user_id, 2);
	assert.equal(JSON.parse(au.after_json).held_on, '2024-04-02');

	const list = await as.member.get('/interviews');
	assert.ok(list.body.includes(`href="/interviews/${id}"`), 'the list links to the new interview');
	assert.ok(textOf(list.body).includes('Gesprek over passend onderwijs'));
	// It belongs to an open period: the public does not see it yet.
	assert.equal((await as.public.get(`/interviews/${id}`)).status, 404);
	assert.ok(!(await as.public.get('/interviews')).body.includes(`/interviews/${id}"`));

	// Change it: audit holds before and after.
	const upd = await as.expert.post(`/interviews/${id}`, { ...form, public_summary: 'Nieuwe samenvatting van het gesprek.' });
	assert.equal(upd.status, 303, upd.body.slice(0, 400));
	const au2 = sql(db, 'SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];
	assert.equal(au2.action, 'update');
	assert.equal(JSON.parse(au2.before_json).public_summary, form.public_summary);
	assert.equal(JSON.parse(au2.after_json).public_summary, 'Nieuwe samenvatting van het gesprek.');
	const edit = await as.member.get(`/interviews/${id}/edit`);
	assert.equal(edit.status, 200);
	assert.ok(edit.body.includes('Nieuwe samenvatting van het gesprek.'), 'the edit form is filled');
});

test('restricted notes: the duo and the coordinator only, in HTML and JSON (the roles per duo: privacy_access.test.mjs)', async () => {
	// An interview of a published report held by the expert (Anneke Lamers).
	const pubId = sqlValue(db, `SELECT i.id FROM interview i JOIN reporting_period r ON r.id = i.period_id
		WHERE r.state = 'published' AND i.restricted_notes <> '' AND EXISTS (SELECT 1 FROM interview_participant ip
		JOIN user_account u ON u.person_id = ip.person_id WHERE ip.interview_id = i.id AND u.email = 'ervaringsdeskundige@example.org'
		AND ip.role = 'interviewer_expert') ORDER BY i.id LIMIT 1`);
	const notes = sqlValue(db, `SELECT restricted_notes FROM interview WHERE id = ${pubId}`);
	assert.match(notes, /VERTROUWELIJK/);
	for (const role of ['public', 'reader', 'dossierHolder', 'member']) {
		const h = await as[role].get(`/interviews/${pubId}`);
		assert.equal(h.status, 200, `${role} reads the interview`);
		assert.ok(!h.body.includes('VERTROUWELIJK'), `${role}: no restricted notes in HTML`);
		assert.ok(textOf(h.body).includes(sqlValue(db, `SELECT public_summary FROM interview WHERE id = ${pubId}`)), `${role}: summary shown`);
		const j = await as[role].get(`/api/v1/interviews/${pubId}`);
		assert.equal(j.status, 200);
		assert.ok(!('restricted_notes' in j.json) && !j.body.includes('VERTROUWELIJK'), `${role}: no restricted notes in JSON`);
		const jl = await as[role].get('/api/v1/interviews');
		assert.ok(!jl.body.includes('VERTROUWELIJK'), `${role}: none in the JSON list`);
	}
	for (const role of ['expert', 'coordinator']) {
		const h = await as[role].get(`/interviews/${pubId}`);
		assert.ok(textOf(h.body).includes(norm(notes).slice(0, 40)), `${role}: notes shown`);
		assert.match(h.body, /alleen|only/i);
		const j = await as[role].get(`/api/v1/interviews/${pubId}`);
		assert.equal(j.json.restricted_notes, notes, `${role}: notes in JSON`);
	}
});

test('the public does not see interviews of open periods', async () => {
	const openId = sqlValue(db, "SELECT i.id FROM interview i JOIN reporting_period r ON r.id = i.period_id WHERE r.state = 'open' ORDER BY i.id LIMIT 1");
	assert.ok(openId);
	assert.equal((await as.public.get(`/interviews/${openId}`)).status, 404);
	assert.equal((await as.public.get(`/api/v1/interviews/${openId}`)).status, 404);
	const reader = await as.reader.get(`/interviews/${openId}`);
	assert.equal(reader.status, 200);
	assert.ok(!reader.body.includes('VERTROUWELIJK'));
	assert.equal((await as.public.get('/interviews/99999')).status, 404);
});

test('interviews of a published report cannot change; periods and ids are checked', async () => {
	const pubId = sqlValue(db, "SELECT i.id FROM interview i JOIN reporting_period r ON r.id = i.period_id WHERE r.state = 'published' ORDER BY i.id LIMIT 1");
	const a = audits();
	const r = await as.member.post(`/interviews/${pubId}`, interviewForm());
	assert.equal(r.status, 422);
	assert.match(r.body, /href="#f-period_id"/);
	const into = await as.member.post('/interviews', interviewForm({ period_id: publishedPeriod() }));
	assert.equal(into.status, 422, 'a published period cannot be chosen');
	const bad = await as.member.postJson('/api/v1/interviews', { ...interviewForm(), theme_id: 9999, holder_ids: [99999], action_ids: [99999] });
	assert.equal(bad.status, 422);
	assert.ok(bad.json.errors.theme_id && bad.json.errors.holder_ids && bad.json.errors.action_ids, JSON.stringify(bad.json));
	assert.equal(audits(), a);
});

test('JSON API: problem details per field, and 201 with the interview', async () => {
	const count = n('SELECT count(*) FROM interview');
	const bad = await as.member.postJson('/api/v1/interviews', { ...interviewForm(), expert_ids: [] });
	assert.equal(bad.status, 422);
	assert.match(bad.headers.get('content-type'), /application\/problem\+json/);
	assert.ok(bad.json.errors.expert_ids, JSON.stringify(bad.json));
	assert.ok(!bad.json.errors.municipal_ids);
	assert.equal(n('SELECT count(*) FROM interview'), count);
	const ok = await as.coordinator.postJson('/api/v1/interviews', interviewForm({ held_on: '2024-04-03' }));
	assert.equal(ok.status, 201, ok.body);
	assert.equal(ok.json.held_on, '2024-04-03');
	assert.equal(ok.json.interviewers.length, 2);
	assert.equal(ok.json.restricted_notes, interviewForm().restricted_notes);
	assert.equal(n('SELECT count(*) FROM interview'), count + 1);
});

test('English with ?lang=en', async () => {
	const r = await as.member.get('/interviews/new?lang=en');
	assert.equal(r.status, 200);
	assert.match(r.body, /<html lang="en"/);
	assert.match(r.body, /\(required\)/);
	assert.match(r.body, /Interviewers with lived experience/);
	const nl = await as.member.get('/interviews/new?lang=nl');
	assert.match(nl.body, /<html lang="nl"/);
	assert.match(nl.body, /\(verplicht\)/);
	// The action points are grouped per theme, each group a fieldset with a legend.
	const themes = n('SELECT count(DISTINCT theme_id) FROM action_point');
	assert.equal((r.body.match(/<fieldset class="choices choice-group">\s*<legend>/g) ?? []).length, themes);
});

// ------------------------------------------------------------ people

test('/people shows contact details and needs to members; public pages never do', async () => {
	const withNeeds = sql(db, 'SELECT name, email, communication_needs FROM person WHERE communication_needs IS NOT NULL');
	const emails = sql(db, 'SELECT email FROM person WHERE email IS NOT NULL').map((r) => r.email);
	assert.ok(withNeeds.length > 0 && emails.length > 0);
	const r = await as.member.get('/people');
	assert.equal(r.status, 200);
	assert.ok(r.body.includes(emails[0]));
	assert.ok(textOf(r.body).includes(norm(withNeeds[0].communication_needs)));
	assert.match(r.body, /href="\/people\/\d+\/edit"/);
	for (const p of ['/organisation', '/interviews', '/events', '/', '/interviews/1']) {
		for (const role of ['public', 'reader', 'dossierHolder', 'member']) {
			for (const path of [p, `/api/v1${p === '/' ? '' : p}`]) {
				const x = await as[role].get(path);
				for (const e of emails) assert.ok(!x.body.includes(e), `${role} ${path} shows ${e}`);
				for (const w of withNeeds) assert.ok(!x.body.includes(w.communication_needs.slice(0, 30)), `${role} ${path} shows needs`);
			}
		}
	}
});

test('communication needs need consent: refused without, recorded with today\'s date', async () => {
	const count = n('SELECT count(*) FROM person'), a = audits();
	const form = { name: 'Test Persoon', organisation_id: 3, job_title: 'Ervaringsdeskundige', email: 'test.persoon@example.nl',
		phone: '024 123 45 67', is_experience_expert: '1', communication_needs: 'Heeft een gebarentolk nodig.' };
	const r = await as.member.post('/people', form);
	assert.equal(r.status, 422);
	assert.match(r.body, /href="#f-communication_needs"/);
	assert.ok(r.body.includes('Heeft een gebarentolk nodig.'), 'input kept');
	assert.equal(n('SELECT count(*) FROM person'), count);
	assert.equal(audits(), a);
	const j = await as.member.postJson('/api/v1/people', form);
	assert.equal(j.status, 422);
	assert.ok(j.json.errors.communication_needs);

	const ok = await as.member.post('/people', { ...form, consent: '1' });
	assert.equal(ok.status, 303, ok.body.slice(0, 400));
	const p = sql(db, "SELECT * FROM person WHERE name = 'Test Persoon'")[0];
	assert.equal(p.communication_needs, 'Heeft een gebarentolk nodig.');
	assert.equal(p.consent_recorded_on, new Date().toISOString().slice(0, 10));
	assert.equal(p.is_experience_expert, 1);
	assert.equal(p.is_municipal, 0);
	assert.equal(audits(), a + 1);
	const au = sql(db, 'SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];
	assert.equal(au.entity, 'person');
	assert.equal(au.entity_id, p.id);

	// Withdrawing consent while keeping the needs is refused; removing both clears both.
	const keep = await as.member.post(`/people/${p.id}`, { ...form });
	assert.equal(keep.status, 422);
	assert.equal(sqlValue(db, `SELECT communication_needs FROM person WHERE id = ${p.id}`), form.communication_needs);
	const clear = await as.member.post(`/people/${p.id}`, { ...form, communication_needs: '' });
	assert.equal(clear.status, 303);
	const q = sql(db, `SELECT communication_needs, consent_recorded_on FROM person WHERE id = ${p.id}`)[0];
	assert.equal(q.communication_needs, null);
	assert.equal(q.consent_recorded_on, null);
	const au2 = sql(db, 'SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];
	// The audit log keeps that the needs changed, as a keyed digest, never the text (AVG art. 9, 17).
	assert.match(JSON.parse(au2.before_json).communication_needs, /^digest:[0-9a-f]{32}$/);
	assert.ok(!au2.before_json.includes(form.communication_needs));
	assert.equal(JSON.parse(au2.after_json).communication_needs, null);

	// The new person is an experience expert: offered as an interviewer.
	const f = await as.member.get('/interviews/new');
	assert.match(f.body, new RegExp(`name="expert_ids" value="${p.id}"`));
});

test('person: validation errors and unknown organisation change nothing', async () => {
	const count = n('SELECT count(*) FROM person'), a = audits();
	const r = await as.member.post('/people', { name: '', email: 'geen-adres' });
	assert.equal(r.status, 422);
	assert.match(r.body, /href="#f-name"/);
	assert.match(r.body, /href="#f-email"/);
	assert.match(r.body, /aria-invalid="true"/);
	const j = await as.member.postJson('/api/v1/people', { name: 'X', organisation_id: 999 });
	assert.equal(j.status, 422);
	assert.ok(j.json.errors.organisation_id);
	assert.equal(n('SELECT count(*) FROM person'), count);
	assert.equal(audits(), a);
});

// ------------------------------------------------------------ organisations

test('organisations: kind, CBS code shape, http(s) website only', async () => {
	const count = n('SELECT count(*) FROM organisation'), a = audits();
	for (const [fields, field] of [
		[{ kind: 'municipality', name: 'Gemeente Test', cbs_code: 'G0268' }, 'cbs_code'],
		[{ kind: 'municipality', name: 'Gemeente Test', cbs_code: 'GM0268' }, 'cbs_code'], // taken by Nijmegen
		[{ kind: 'partner', name: 'Stichting Test', website: 'javascript:alert(1)' }, 'website'],
		[{ kind: 'partner', name: 'Stichting Test', website: 'ftp://example.org' }, 'website'],
		[{ kind: 'club', name: 'Stichting Test' }, 'kind'],
		[{ kind: 'partner', name: '' }, 'name'],
	]) {
		const r = await as.member.post('/organisations', fields);
		assert.equal(r.status, 422, JSON.stringify(fields));
		// kind is a group of radios: the summary links to its first choice.
		const target = field === 'kind' ? 'f-kind-0' : `f-${field}`;
		assert.match(r.body, new RegExp(`href="#${target}"`), JSON.stringify(fields));
		assert.match(r.body, new RegExp(`id="${target}"`), JSON.stringify(fields));
	}
	assert.equal(n('SELECT count(*) FROM organisation'), count);
	assert.equal(audits(), a);
	const ok = await as.member.post('/organisations', { kind: 'municipality', name: 'Gemeente Berg en Dal', cbs_code: 'gm1945', website: 'https://www.bergendal.nl', description: 'Buurgemeente.' });
	assert.equal(ok.status, 303, ok.body.slice(0, 400));
	const o = sql(db, "SELECT * FROM organisation WHERE name = 'Gemeente Berg en Dal'")[0];
	assert.equal(o.cbs_code, 'GM1945');
	const page = await as.public.get('/organisation');
	assert.ok(textOf(page.body).includes('Gemeente Berg en Dal'));
	assert.ok(!page.body.includes('/organisations/new'), 'no edit links for the public');
	const mp = await as.member.get('/organisation');
	assert.ok(mp.body.includes(`/organisations/${o.id}/edit`));
	const upd = await as.member.postJson(`/api/v1/organisations/${o.id}`, { kind: 'municipality', name: 'Gemeente Berg en Dal', cbs_code: 'GM1945', website: 'http://bergendal.nl' });
	assert.equal(upd.status, 200, upd.body);
	assert.equal(upd.json.website, 'http://bergendal.nl');
	assert.equal(audits(), a + 2);
});

// ------------------------------------------------------------ events

test('events: end not before start, themes and partners, audit', async () => {
	const count = n('SELECT count(*) FROM event'), a = audits();
	const form = { name: 'Inloopavond Toegankelijk Wonen', starts_on: '2024-05-14', ends_on: '2024-05-13', location: 'Stadhuis',
		accessibility: 'Schrijftolk en rolstoeltoegankelijke zaal.', participants: '35', theme_ids: [5], partner_ids: [4, 5] };
	const r = await as.member.post('/events', form);
	assert.equal(r.status, 422);
	assert.match(r.body, /href="#f-ends_on"/);
	assert.ok(r.body.includes('Schrijftolk en rolstoeltoegankelijke zaal.'));
	const bad = await as.member.postJson('/api/v1/events', { ...form, ends_on: '', participants: 'veel', partner_ids: [999] });
	assert.equal(bad.status, 422);
	assert.ok(bad.json.errors.participants && bad.json.errors.partner_ids, JSON.stringify(bad.json));
	assert.equal(n('SELECT count(*) FROM event'), count);
	assert.equal(audits(), a);
	const ok = await as.member.post('/events', { ...form, ends_on: '2024-05-14' });
	assert.equal(ok.status, 303, ok.body.slice(0, 400));
	const id = Number(ok.location.match(/event-(\d+)/)[1]);
	assert.equal(n(`SELECT participants FROM event WHERE id = ${id}`), 35);
	assert.equal(n(`SELECT count(*) FROM event_partner WHERE event_id = ${id}`), 2);
	assert.equal(n(`SELECT count(*) FROM event_theme WHERE event_id = ${id}`), 1);
	assert.equal(audits(), a + 1);
	const list = await as.member.get('/events');
	assert.ok(list.body.includes(`href="/events/${id}/edit"`));
	assert.ok(list.body.includes('href="/events/new"'));
	assert.ok(!(await as.public.get('/events')).body.includes('/events/new'));
	const edit = await as.member.get(`/events/${id}/edit`);
	assert.match(edit.body, /name="partner_ids" value="5" checked/);
	assert.match(edit.body, /value="2024-05-14"/);
});
