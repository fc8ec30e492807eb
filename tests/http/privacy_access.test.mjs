// Reads of sensitive data on record (BIO 12.4.1, ASVS V7) and who reads an
// interview's restricted notes: only its duo and the coordinator, unless the
// coordinator grants more (one case per role, on the page, the JSON and the
// edit form). The access log holds who, what, when, from where, allowed or
// refused, never content; refusals (403), failed sign-ins and role changes
// are on it too.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=2 tests/http/privacy_access.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';
import { JSON_ACCEPT } from '../lib/http.mjs';

let srv, base, as = {}, iv, notes;

const accountId = (email) => Number(sqlValue(srv.db, `SELECT id FROM user_account WHERE email = '${email}'`));
const logRows = (where) => sql(srv.db, `SELECT * FROM access_log WHERE ${where} ORDER BY id`);

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	// An interview whose duo is the coordinator and the expert (Anneke
	// Lamers), with notes; the member (Youssef) and the dossier holder are
	// not in its duo.
	iv = Number(sqlValue(srv.db, `SELECT i.id FROM interview i WHERE i.restricted_notes <> ''
		AND EXISTS (SELECT 1 FROM interview_participant ip JOIN user_account u ON u.person_id = ip.person_id
		            WHERE ip.interview_id = i.id AND u.email = '${DEMO.expert}' AND ip.role = 'interviewer_expert')
		AND NOT EXISTS (SELECT 1 FROM interview_participant ip JOIN user_account u ON u.person_id = ip.person_id
		            WHERE ip.interview_id = i.id AND u.email IN ('${DEMO.member}', '${DEMO.dossierHolder}')
		            AND ip.role <> 'dossier_holder')
		ORDER BY i.id LIMIT 1`));
	assert.ok(iv > 0, 'the demo has such an interview');
	notes = sqlValue(srv.db, `SELECT restricted_notes FROM interview WHERE id = ${iv}`);
	for (const role of ['coordinator', 'member', 'expert', 'dossierHolder', 'reader']) as[role] = await signIn(base, DEMO[role]);
	as.public = agent(base);
});
after(async () => {
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

const CASES = [
	{ role: 'coordinator', reads: true },
	{ role: 'expert', reads: true, why: 'in the duo' },
	{ role: 'member', reads: false, why: 'a project member, not in the duo' },
	{ role: 'dossierHolder', reads: false },
	{ role: 'reader', reads: false },
	{ role: 'public', reads: false },
];

for (const c of CASES) {
	test(`restricted notes: ${c.role} ${c.reads ? 'reads them' : 'does not'}${c.why ? ` (${c.why})` : ''}`, async () => {
		const json = await as[c.role].get(`/interviews/${iv}`, { headers: JSON_ACCEPT });
		assert.equal(json.status, 200);
		assert.equal(json.json.restricted_notes === notes, c.reads, JSON.stringify(json.json).slice(0, 300));
		const html = await as[c.role].get(`/interviews/${iv}`);
		assert.equal(html.body.includes(notes.slice(0, 40).replace(/&/g, '&amp;')), c.reads, 'the page shows the notes or not');
	});
}

test('each read of the notes, and each refusal to a member, is on the access log without content', async () => {
	const before = Number(sqlValue(srv.db, 'SELECT count(*) FROM access_log'));
	await as.coordinator.get(`/interviews/${iv}`);
	await as.member.get(`/interviews/${iv}`);
	await as.public.get(`/interviews/${iv}`);
	const rows = logRows(`id > (SELECT max(id) - 2 FROM access_log) AND what = 'restricted_notes'`);
	assert.equal(Number(sqlValue(srv.db, 'SELECT count(*) FROM access_log')), before + 2, 'the public visit is no read of notes');
	assert.deepEqual(rows.map((r) => [Number(r.user_id), Number(r.allowed), r.entity, Number(r.entity_id)]), [
		[accountId(DEMO.coordinator), 1, 'interview', iv],
		[accountId(DEMO.member), 0, 'interview', iv],
	]);
	assert.equal(rows[0].address, '127.0.0.1');
	assert.ok(!JSON.stringify(sql(srv.db, 'SELECT * FROM access_log')).includes(notes.slice(0, 20)), 'no content');
});

test('a member who may not read the notes gets a form without them, and saving keeps them', async () => {
	// An interview of the open period, held by the coordinator and the expert.
	const open = Number(sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq LIMIT 1"));
	sqlWrite(srv.db, `INSERT INTO interview (programme_id, theme_id, period_id, held_on, public_summary, restricted_notes, created_at)
		VALUES ((SELECT min(id) FROM programme), 2, ${open}, '2024-03-01', 'Samenvatting', 'OPEN-NOTITIE-XYZ over iemands gezondheid', '2024-03-01T10:00:00Z')`);
	const id = Number(sqlValue(srv.db, "SELECT max(id) FROM interview"));
	const coord = Number(sqlValue(srv.db, `SELECT person_id FROM user_account WHERE email = '${DEMO.coordinator}'`));
	const expert = Number(sqlValue(srv.db, `SELECT person_id FROM user_account WHERE email = '${DEMO.expert}'`));
	sqlWrite(srv.db, `INSERT INTO interview_participant (interview_id, person_id, role) VALUES
		(${id}, ${coord}, 'interviewer_municipal'), (${id}, ${expert}, 'interviewer_expert'), (${id}, 6, 'dossier_holder')`);
	const form = await as.member.get(`/interviews/${id}/edit`, { headers: JSON_ACCEPT });
	assert.equal(form.status, 200);
	assert.ok(!JSON.stringify(form.json).includes('OPEN-NOTITIE'), 'the form does not hold the notes');
	assert.equal(form.json.notes_hidden, true);
	const page = await as.member.get(`/interviews/${id}/edit`);
	assert.ok(!page.body.includes('OPEN-NOTITIE') && !page.body.includes('name="restricted_notes"'), 'no notes field');
	const saved = await as.member.post(`/interviews/${id}`, { theme_id: 2, held_on: '2024-03-01', period_id: open,
		municipal_ids: [coord], expert_ids: [expert], holder_ids: [6], public_summary: 'Nieuwe samenvatting' });
	assert.equal(saved.status, 303, saved.body.slice(0, 500));
	assert.equal(sqlValue(srv.db, `SELECT public_summary FROM interview WHERE id = ${id}`), 'Nieuwe samenvatting');
	assert.equal(sqlValue(srv.db, `SELECT restricted_notes FROM interview WHERE id = ${id}`), 'OPEN-NOTITIE-XYZ over iemands gezondheid', 'the notes are kept');
	// The duo's expert does get them in the form.
	const own = await as.expert.get(`/interviews/${id}/edit`, { headers: JSON_ACCEPT });
	assert.ok(JSON.stringify(own.json).includes('OPEN-NOTITIE'));
});

test('the coordinator can grant the notes to one more account on the interview page, audited; nobody else can', async () => {
	const member = accountId(DEMO.member);
	const page = await as.coordinator.get(`/interviews/${iv}`);
	assert.match(page.body, new RegExp(`<option value="${member}">`), 'the member can be chosen');
	assert.equal((await as.member.post(`/interviews/${iv}/grants`, { user_id: member })).status, 403, 'a member cannot grant');
	assert.equal((await as.coordinator.post(`/interviews/${iv}/grants`, {})).status, 400, 'no account chosen: refused');
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM interview_grant WHERE interview_id = ${iv}`)), 0);
	const g = await as.coordinator.post(`/interviews/${iv}/grants`, { user_id: member });
	assert.equal(g.status, 303);
	const r = await as.member.get(`/interviews/${iv}`, { headers: JSON_ACCEPT });
	assert.equal(r.json.restricted_notes, notes, 'granted: the member reads them');
	const other = await as.dossierHolder.get(`/interviews/${iv}`, { headers: JSON_ACCEPT });
	assert.equal(other.json.restricted_notes, undefined, 'the grant is for that account only');
	const w = await as.coordinator.post(`/interviews/${iv}/grants/${member}/revoke`, {});
	assert.equal(w.status, 303);
	const again = await as.member.get(`/interviews/${iv}`, { headers: JSON_ACCEPT });
	assert.equal(again.json.restricted_notes, undefined, 'withdrawn: no longer');
	const audit = sql(srv.db, `SELECT action FROM audit_entry WHERE entity = 'interview' AND entity_id = ${iv} AND action IN ('grant', 'revoke') ORDER BY id`);
	assert.deepEqual(audit.map((a) => a.action), ['grant', 'revoke']);
});

test('the people list, a person, the audit log, refusals and failed sign-ins are on record', async () => {
	const mark = Number(sqlValue(srv.db, 'SELECT coalesce(max(id), 0) FROM access_log'));
	assert.equal((await as.member.get('/people')).status, 200);
	assert.equal((await as.member.get('/people/16/edit')).status, 200);
	assert.equal((await as.coordinator.get('/audit')).status, 200);
	assert.equal((await as.reader.get('/people')).status, 403);
	const stranger = agent(base);
	await stranger.get('/sign-in');
	assert.equal((await stranger.post('/sign-in', { email: DEMO.expert, password: 'wrong-password-123', next: '/' })).status, 422);
	const rows = logRows(`id > ${mark}`).map((r) => [r.what, r.entity, Number(r.entity_id ?? 0), Number(r.person_id ?? 0), Number(r.allowed), Number(r.user_id ?? 0)]);
	assert.deepEqual(rows, [
		['people', null, 0, 0, 1, accountId(DEMO.member)],
		['person', 'person', 16, 16, 1, accountId(DEMO.member)],
		['audit', null, 0, 0, 1, accountId(DEMO.coordinator)],
		['forbidden', '/people', 0, 0, 0, accountId(DEMO.reader)],
		['sign_in', 'user_account', accountId(DEMO.expert), 16, 0, 0],
	]);
});
