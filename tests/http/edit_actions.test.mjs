// HTTP tests of writing action points and progress updates: who may do what,
// validation (per-field errors in Dutch, an error summary that links to the
// fields, input kept, nothing changed in the database), one audit entry per
// write, withdrawing without deleting, the Markdown preview that saves
// nothing, the expert's assessment added once, and the JSON API with
// application/problem+json per-field errors.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/edit_actions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { textOf, mainOf, decodeEntities } from '../lib/http.mjs';
import { signIn, signInRoles, agent, DEMO } from '../lib/auth.mjs';

let srv, base, coord, member, expert, holder, reader;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	({ coordinator: coord, member, expert, dossierHolder: holder, reader } =
		await signInRoles(base, ['coordinator', 'member', 'expert', 'dossierHolder', 'reader']));
});

after(async () => {
	if (srv) {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

const one = (q) => sqlValue(srv.db, q);
/** Everything a refused write must leave alone. */
const snapshot = () => sql(srv.db, `SELECT (SELECT count(*) FROM action_point) a, (SELECT count(*) FROM progress_update) u,
	(SELECT count(*) FROM audit_entry WHERE action <> 'sign_in') au, (SELECT count(*) FROM action_partner) p,
	(SELECT count(*) FROM action_article) ar, (SELECT group_concat(code || title || theme_id) FROM action_point) c`)[0];
const audits = () => one("SELECT count(*) FROM audit_entry WHERE action <> 'sign_in'");
const openPeriod = () => one("SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1");
const publishedPeriod = () => one("SELECT id FROM reporting_period WHERE state = 'published' ORDER BY seq DESC LIMIT 1");
const ownAction = () => one('SELECT id FROM action_point WHERE dossier_holder_id = 6 ORDER BY id LIMIT 1');
const otherAction = () => one('SELECT id FROM action_point WHERE dossier_holder_id IS DISTINCT FROM 6 ORDER BY id LIMIT 1');

/** Field errors shown next to fields: {field: text}. */
function fieldErrors(html) {
	const out = {};
	for (const m of html.matchAll(/<p class="error-message" id="f-([a-z_]+)-error">([\s\S]*?)<\/p>/g)) out[m[1]] = textOf(m[2]);
	return out;
}
/** The error summary links: [href]. */
function summaryLinks(html) {
	const m = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html);
	return m ? [...m[0].matchAll(/href="([^"]+)"/g)].map((x) => x[1]) : [];
}

// ------------------------------------------------------------- action points

test('a project member creates an action point; it is audited and shown', async () => {
	const theme = one('SELECT id FROM theme ORDER BY position LIMIT 1');
	const before = audits();
	const r = await member.post('/actions', { code: 'HT-01', title: 'Gebarentolk bij raadsvergaderingen', description: 'Elke vergadering.',
		theme_id: theme, dossier_holder_id: 6, partners: [1, 2], articles: [9, 21], starts_on: '2024-01-01', due_on: '2024-12-31' });
	assert.equal(r.status, 303, r.body.slice(0, 2000));
	const id = one("SELECT id FROM action_point WHERE code = 'HT-01'");
	assert.equal(r.location, `/actions/${id}`);
	assert.equal(one(`SELECT count(*) FROM action_partner WHERE action_point_id = ${id}`), 2);
	assert.equal(one(`SELECT group_concat(article_number) FROM (SELECT article_number FROM action_article WHERE action_point_id = ${id} ORDER BY 1) x`), '9,21');
	assert.equal(audits(), before + 1);
	const a = sql(srv.db, `SELECT * FROM audit_entry WHERE entity = 'action_point' AND entity_id = ${id}`)[0];
	assert.equal(a.action, 'create');
	assert.equal(a.before_json, null);
	assert.equal(JSON.parse(a.after_json).code, 'HT-01');
	const page = await member.get(`/actions/${id}`);
	assert.match(textOf(page.body), /Gebarentolk bij raadsvergaderingen/);
});

test('the new action point form: labels, "(verplicht)" in words, hints, Dutch by default, English with ?lang=en', async () => {
	const r = await member.get('/actions/new');
	assert.equal(r.status, 200);
	const main = mainOf(r.body);
	assert.match(main, /<label for="f-code">[^<]*<span class="required">\(verplicht\)<\/span><\/label>/);
	assert.match(main, /<input type="checkbox" id="f-partners-0" name="partners"/);
	assert.match(main, /<input type="checkbox" id="f-articles-0" name="articles"/);
	assert.match(main, /<select id="f-theme_id" name="theme_id"/);
	assert.match(main, /name="csrf"/);
	const en = await member.get('/actions/new?lang=en');
	assert.match(mainOf(en.body), /\(required\)/);
	assert.match(mainOf(en.body), /New action point/);
	await member.get('/actions/new?lang=nl'); // the choice of language is remembered: back to Dutch
});

test('validation errors: 422, Dutch per-field errors, summary links to the fields, input kept, nothing changed', async () => {
	const snap = snapshot();
	const r = await member.post('/actions', { code: '', title: 'Bewaar mij', theme_id: '', due_on: '2024-13-45' });
	assert.equal(r.status, 422);
	const errs = fieldErrors(r.body);
	assert.match(errs.code, /Vul "Code" in/);
	assert.ok(errs.theme_id, 'theme error');
	assert.ok(errs.due_on, 'date error');
	assert.deepEqual(summaryLinks(r.body).sort(), ['#f-code', '#f-due_on', '#f-theme_id'].sort());
	assert.match(r.body, /<input type="text" id="f-title" name="title" value="Bewaar mij"/);
	assert.match(r.body, /aria-invalid="true"/);
	assert.match(r.body, /<title>Fout: /);
	assert.deepEqual(snapshot(), snap);
});

test('a duplicate code is a field error, not a server error', async () => {
	const snap = snapshot();
	const code = one('SELECT code FROM action_point ORDER BY id LIMIT 1');
	const r = await member.post('/actions', { code, title: 'Dubbel', theme_id: 1 });
	assert.equal(r.status, 422);
	assert.ok(fieldErrors(r.body).code);
	assert.deepEqual(summaryLinks(r.body), ['#f-code']);
	assert.deepEqual(snapshot(), snap);
	const j = await member.postJson('/api/v1/actions', { code, title: 'Dubbel', theme_id: 1 });
	assert.equal(j.status, 422);
	assert.ok(j.json.errors.code);
});

test('editing moves the action point to another theme and replaces partners and articles; audited with before and after', async () => {
	const id = one("SELECT id FROM action_point WHERE code = 'HT-01'");
	const form = await member.get(`/actions/${id}/edit`);
	assert.equal(form.status, 200);
	assert.match(form.body, /value="HT-01"/);
	assert.match(form.body, /id="f-partners-\d+" name="partners" value="1" checked/);
	const theme2 = one('SELECT id FROM theme ORDER BY position LIMIT 1 OFFSET 1');
	const r = await member.post(`/actions/${id}`, { code: 'HT-01', title: 'Gebarentolk bij alle vergaderingen', theme_id: theme2, partners: [3], articles: [] });
	assert.equal(r.status, 303);
	assert.equal(one(`SELECT theme_id FROM action_point WHERE id = ${id}`), theme2);
	assert.equal(one(`SELECT group_concat(organisation_id) FROM action_partner WHERE action_point_id = ${id}`), '3');
	assert.equal(one(`SELECT count(*) FROM action_article WHERE action_point_id = ${id}`), 0);
	const a = sql(srv.db, `SELECT * FROM audit_entry WHERE entity = 'action_point' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`)[0];
	assert.equal(a.action, 'update');
	assert.equal(JSON.parse(a.before_json).title, 'Gebarentolk bij raadsvergaderingen');
	assert.equal(JSON.parse(a.after_json).title, 'Gebarentolk bij alle vergaderingen');
});

test('store checks references: an unknown theme, person, organisation or article is a field error', async () => {
	const snap = snapshot();
	const r = await member.postJson('/api/v1/actions', { code: 'HT-99', title: 'X', theme_id: 999, dossier_holder_id: 999, partners: [999], articles: [77] });
	assert.equal(r.status, 422);
	assert.match(r.headers.get('content-type'), /application\/problem\+json/);
	for (const f of ['theme_id', 'dossier_holder_id', 'partners', 'articles']) assert.ok(r.json.errors[f], f);
	assert.deepEqual(snapshot(), snap);
});

test('JSON API: create answers 201 with the action point', async () => {
	const r = await member.postJson('/api/v1/actions', { code: 'HT-02', title: 'Via de API', theme_id: 1, partners: [1], articles: [27] });
	assert.equal(r.status, 201, r.body);
	assert.equal(r.json.code, 'HT-02');
	assert.equal(r.json.articles[0].number, 27);
});

test('readers and dossier holders cannot create or edit action points', async () => {
	const snap = snapshot();
	for (const a of [reader, holder]) {
		assert.equal((await a.get('/actions/new')).status, 403);
		assert.equal((await a.post('/actions', { code: 'NO-1', title: 'Nee', theme_id: 1 })).status, 403);
		assert.equal((await a.post('/actions/1', { code: 'NO-1', title: 'Nee', theme_id: 1 })).status, 403);
	}
	const anon = agent(base);
	const r = await anon.get('/actions/new');
	assert.ok([303, 401, 403].includes(r.status));
	assert.deepEqual(snapshot(), snap);
});

// ----------------------------------------------------------- progress updates

test('a dossier holder writes progress for their own action point', async () => {
	const id = ownAction();
	const form = await holder.get(`/actions/${id}/updates/new`);
	assert.equal(form.status, 200);
	assert.doesNotMatch(form.body, /name="expert_assessment"/, 'no expert field for a non-expert');
	assert.match(form.body, /name="preview"/);
	const before = audits();
	const r = await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'groen',
		progress_md: 'Er zijn **drie** tolken gevonden.', holder_assessment: 'Het gaat goed.' });
	assert.equal(r.status, 303, r.body.slice(0, 2000));
	const u = sql(srv.db, `SELECT * FROM progress_update WHERE action_point_id = ${id} ORDER BY id DESC LIMIT 1`)[0];
	assert.equal(u.author_id, 6);
	assert.equal(u.holder_assessment, 'Het gaat goed.');
	assert.equal(r.location, `/actions/${id}#update-${u.id}`);
	assert.equal(audits(), before + 1);
	const page = await holder.get(`/actions/${id}`);
	assert.match(page.body, /<strong>drie<\/strong>/);
});

test('a dossier holder cannot write for someone else\'s action point (403, clear message, nothing saved)', async () => {
	const id = otherAction();
	const snap = snapshot();
	const g = await holder.get(`/actions/${id}/updates/new`);
	assert.equal(g.status, 403);
	assert.match(textOf(g.body), /dossier/i);
	const r = await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'afgerond', health: 'groen', progress_md: 'Niet van mij.' });
	assert.equal(r.status, 403);
	const j = await holder.postJson(`/api/v1/actions/${id}/updates`, { period_id: openPeriod(), status: 'afgerond', health: 'groen', progress_md: 'x' });
	assert.equal(j.status, 403);
	assert.ok(j.json.detail.length > 20);
	assert.deepEqual(snapshot(), snap);
	// A project member may write for any action point.
	const m = await member.get(`/actions/${id}/updates/new`);
	assert.equal(m.status, 200);
});

test('orange or red without cause, consequence and measures: an error for each missing field, nothing saved', async () => {
	const id = ownAction();
	const snap = snapshot();
	const r = await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'rood', progress_md: 'Vertraagd.' });
	assert.equal(r.status, 422);
	const errs = fieldErrors(r.body);
	assert.deepEqual(Object.keys(errs).sort(), ['health_cause', 'health_consequence', 'health_measures']);
	assert.match(r.body, /<textarea id="f-progress_md" name="progress_md"[^>]*>Vertraagd\.<\/textarea>/);
	const o = await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'oranje', progress_md: 'x', health_cause: 'Geen tolk.' });
	assert.deepEqual(Object.keys(fieldErrors(o.body)).sort(), ['health_consequence', 'health_measures']);
	const j = await holder.postJson(`/api/v1/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'oranje', progress_md: 'x' });
	assert.equal(j.status, 422);
	assert.match(j.headers.get('content-type'), /application\/problem\+json/);
	assert.deepEqual(Object.keys(j.json.errors).sort(), ['health_cause', 'health_consequence', 'health_measures']);
	assert.deepEqual(snapshot(), snap);
	const ok = await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'rood', progress_md: 'Vertraagd.',
		health_cause: 'Geen tolk.', health_consequence: 'Dove inwoners missen de vergadering.', health_measures: 'Tweede bureau gevraagd.' });
	assert.equal(ok.status, 303);
});

test('the preview shows the rendered Markdown and saves nothing', async () => {
	const id = ownAction();
	const snap = snapshot();
	const r = await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'groen',
		progress_md: '- een\n- *twee*\n\n<script>alert(1)</script>', preview: '1' });
	assert.equal(r.status, 200);
	assert.match(r.body, /<li><em>twee<\/em><\/li>/);
	assert.doesNotMatch(mainOf(r.body), /<script>alert/);
	assert.match(r.body, /<textarea id="f-progress_md"[^>]*>- een/);
	assert.deepEqual(snapshot(), snap);
});

test('a published period cannot receive updates: only open periods are offered, and a forged choice is refused', async () => {
	const id = ownAction();
	const form = await holder.get(`/actions/${id}/updates/new`);
	assert.doesNotMatch(form.body, new RegExp(`name="period_id" value="${publishedPeriod()}"`));
	assert.match(form.body, new RegExp(`name="period_id" value="${openPeriod()}"`));
	const snap = snapshot();
	const r = await holder.post(`/actions/${id}/updates`, { period_id: publishedPeriod(), status: 'afgerond', health: 'groen', progress_md: 'Te laat.' });
	assert.equal(r.status, 422);
	assert.ok(fieldErrors(r.body).period_id);
	assert.deepEqual(snapshot(), snap);
});

test('the expert\'s assessment field is offered only to an experience expert, and saved with the update', async () => {
	const id = ownAction();
	const m = await member.get(`/actions/${id}/updates/new`);
	assert.doesNotMatch(m.body, /name="expert_assessment"/);
	const e = await expert.get(`/actions/${id}/updates/new`);
	assert.match(e.body, /name="expert_assessment"/);
	const r = await expert.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'groen', progress_md: 'Samen bekeken.', expert_assessment: 'Klopt.' });
	assert.equal(r.status, 303);
	const u = sql(srv.db, 'SELECT * FROM progress_update ORDER BY id DESC LIMIT 1')[0];
	assert.equal(u.expert_assessment, 'Klopt.');
	assert.equal(u.expert_id, one("SELECT person_id FROM user_account WHERE email = 'ervaringsdeskundige@example.org'"));
	// A non-expert's expert_assessment is ignored.
	await member.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'groen', progress_md: 'Nog een.', expert_assessment: 'Stiekem.' });
	assert.equal(one("SELECT count(*) FROM progress_update WHERE expert_assessment = 'Stiekem.'"), 0);
});

test('an experience expert adds the assessment once to an update in an open period', async () => {
	const id = ownAction();
	await holder.post(`/actions/${id}/updates`, { period_id: openPeriod(), status: 'in_uitvoering', health: 'groen', progress_md: 'Zonder tweede stem.' });
	const uid = one("SELECT max(id) FROM progress_update WHERE progress_md = 'Zonder tweede stem.'");
	for (const a of [member, holder, reader]) assert.equal((await a.get(`/updates/${uid}/assessment`)).status, 403);
	const form = await expert.get(`/updates/${uid}/assessment`);
	assert.equal(form.status, 200);
	assert.match(form.body, /Zonder tweede stem\./);
	const snap = snapshot();
	const bad = await expert.post(`/updates/${uid}/assessment`, { expert_assessment: '' });
	assert.equal(bad.status, 422);
	assert.deepEqual(summaryLinks(bad.body), ['#f-expert_assessment']);
	assert.deepEqual(snapshot(), snap);
	const before = audits();
	const r = await expert.post(`/updates/${uid}/assessment`, { expert_assessment: 'Ik mis de tolk bij commissies.' });
	assert.equal(r.status, 303);
	assert.equal(one(`SELECT expert_assessment FROM progress_update WHERE id = ${uid}`), 'Ik mis de tolk bij commissies.');
	assert.equal(audits(), before + 1);
	const again = await expert.post(`/updates/${uid}/assessment`, { expert_assessment: 'Anders.' });
	assert.equal(again.status, 409);
	assert.equal(one(`SELECT expert_assessment FROM progress_update WHERE id = ${uid}`), 'Ik mis de tolk bij commissies.');
	const pub = one(`SELECT u.id FROM progress_update u JOIN reporting_period r ON r.id = u.period_id WHERE r.state = 'published' AND u.expert_assessment = '' LIMIT 1`);
	if (pub) assert.equal((await expert.get(`/updates/${pub}/assessment`)).status, 409);
});

test('the action page shows the links each user may use', async () => {
	const id = ownAction();
	const m = await member.get(`/actions/${id}`);
	for (const href of [`/actions/${id}/edit`, `/actions/${id}/updates/new`, `/actions/${id}/withdraw`]) assert.match(m.body, new RegExp(`href="${href}"`));
	const h = await holder.get(`/actions/${id}`);
	assert.match(h.body, new RegExp(`href="/actions/${id}/updates/new"`));
	assert.doesNotMatch(h.body, new RegExp(`href="/actions/${id}/edit"`));
	const p = await agent(base).get(`/actions/${id}`);
	assert.doesNotMatch(p.body, /updates\/new|\/edit"|\/withdraw"/);
});

// ----------------------------------------------------------------- withdraw

test('withdrawing needs a reason, appends a "vervallen" update and deletes nothing', async () => {
	const id = one("SELECT id FROM action_point WHERE code = 'HT-02'");
	const form = await member.get(`/actions/${id}/withdraw`);
	assert.equal(form.status, 200);
	const snap = snapshot();
	const bad = await member.post(`/actions/${id}/withdraw`, { reason: '' });
	assert.equal(bad.status, 422);
	assert.match(fieldErrors(bad.body).reason, /Vul/);
	assert.deepEqual(snapshot(), snap);
	assert.equal((await holder.post(`/actions/${id}/withdraw`, { reason: 'Nee.' })).status, 403);
	const r = await member.post(`/actions/${id}/withdraw`, { reason: 'Wordt onderdeel van HT-01.' });
	assert.equal(r.status, 303);
	assert.equal(one(`SELECT count(*) FROM action_point WHERE id = ${id}`), 1);
	const u = sql(srv.db, `SELECT * FROM progress_update WHERE action_point_id = ${id} ORDER BY id DESC LIMIT 1`)[0];
	assert.equal(u.status, 'vervallen');
	assert.equal(u.progress_md, 'Wordt onderdeel van HT-01.');
	assert.equal(u.period_id, openPeriod());
	const page = await member.get(`/actions/${id}`);
	assert.match(textOf(page.body), /Wordt onderdeel van HT-01\./);
});

test('without an open period the forms say so and what to do; nothing can be saved', async () => {
	sqlWrite(srv.db, "UPDATE reporting_period SET state = 'published', published_at = '2024-06-01T00:00:00Z' WHERE state = 'open'");
	const id = ownAction();
	const snap = snapshot();
	const g = await holder.get(`/actions/${id}/updates/new`);
	assert.equal(g.status, 200);
	assert.match(textOf(g.body), /coördinator|coordinator/i);
	assert.doesNotMatch(g.body, /name="progress_md"/);
	const r = await holder.post(`/actions/${id}/updates`, { period_id: 3, status: 'afgerond', health: 'groen', progress_md: 'x' });
	assert.equal(r.status, 409);
	const w = await member.get(`/actions/${id}/withdraw`);
	assert.equal(w.status, 409);
	assert.match(textOf(w.body), /coördinator|coordinator/i);
	assert.deepEqual(snapshot(), snap);
});

test('an ordinary progress update cannot withdraw an action point (only the withdraw form can)', async () => {
	const dh = await signIn(base, DEMO.dossierHolder);
	const own = sqlValue(srv.db, 'SELECT MIN(id) FROM action_point WHERE dossier_holder_id = 6');
	if (!sqlValue(srv.db, "SELECT count(*) FROM reporting_period WHERE state = 'open'")) {
		const c = await signIn(base, DEMO.coordinator);
		const made = await c.post('/periods', { name: '4e voortgangsrapportage 2025', starts_on: '2025-01-01', ends_on: '2025-12-31' });
		assert.equal(made.status, 303, made.body.slice(0, 300));
	}
	const open = sqlValue(srv.db, "SELECT MIN(id) FROM reporting_period WHERE state = 'open'");
	const before = sqlValue(srv.db, 'SELECT count(*) FROM progress_update');
	const r = await dh.post(`/actions/${own}/updates`, { period_id: open, status: 'vervallen', health: 'grijs', progress_md: 'Weg ermee.' });
	assert.equal(r.status, 422);
	assert.equal(sqlValue(srv.db, 'SELECT count(*) FROM progress_update'), before, 'nothing saved');
});
