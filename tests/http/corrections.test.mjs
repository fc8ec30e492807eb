// HTTP tests of corrections (issue 11): while a period is open, the author of
// a progress update (or of the expert's assessment) corrects their own text.
// The correction is a new row that replaces the old one (corrects); the old
// row never changes and stays in the history, which signed-in users see; the
// public sees only the current text with "gecorrigeerd op". Only the author
// may correct: the coordinator, a project member, another dossier holder and
// the expert (for the update) are each refused, and so is a request without
// the CSRF token. After publishing nothing changes, which the database
// itself enforces (triggers, on both engines). The search index, the Atom
// feed, the period's counts and the frozen report use the corrected text.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/corrections.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { textOf, mainOf, request } from '../lib/http.mjs';
import { signIn, signInRoles, agent } from '../lib/auth.mjs';
import { contractAjv, showErrors } from '../lib/contract.mjs';

/** The JSON at path (as who) keeps to schema: the contract test cannot reach an expert's own assessment. */
async function keepsTo(who, path, schema) {
	const r = await who.get(`/api/v1${path}`, { headers: { accept: 'application/json' } });
	assert.equal(r.status, 200, r.body.slice(0, 300));
	const v = contractAjv().getSchema(schema);
	assert.ok(v(r.json), `${path}: ${showErrors(v.errors)}`);
	return r.json;
}

let srv, base, coord, member, expert, holder, other;
let action, period, u1;

const one = (q) => sqlValue(srv.db, q);
const rows = (q) => sql(srv.db, q);
/** Everything a refused correction must leave alone. */
const snapshot = () => rows(`SELECT (SELECT count(*) FROM progress_update) AS n,
	(SELECT count(*) FROM audit_entry WHERE action <> 'sign_in') AS au,
	(SELECT max(id) FROM progress_update) AS last`)[0];

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	({ coordinator: coord, member, expert, dossierHolder: holder } =
		await signInRoles(base, ['coordinator', 'member', 'expert', 'dossierHolder']));
	// A second dossier holder: the holder of another action point.
	const otherPerson = one('SELECT dossier_holder_id FROM action_point WHERE dossier_holder_id IS NOT NULL AND dossier_holder_id <> 6'
		+ ' AND dossier_holder_id NOT IN (SELECT person_id FROM user_account WHERE person_id IS NOT NULL) ORDER BY id LIMIT 1');
	assert.ok(otherPerson, 'the demo has another dossier holder without an account');
	const made = await coord.post('/users', { email: 'tweede.houder@example.org', display_name: 'Tweede Houder', role: 'dossier_holder',
		person_id: otherPerson, password: 'zeven blauwe olifanten dansen', password_confirm: 'zeven blauwe olifanten dansen' });
	assert.equal(made.status, 303, made.body.slice(0, 400));
	other = await signIn(base, 'tweede.houder@example.org', 'zeven blauwe olifanten dansen');

	action = one('SELECT id FROM action_point WHERE dossier_holder_id = 6 ORDER BY id LIMIT 1');
	period = one("SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1");
	const r = await holder.post(`/actions/${action}/updates`, { period_id: period, status: 'in_uitvoering', health: 'groen',
		progress_md: 'Er zijn twee tolken gevonden voor de raadsvergadering.', holder_assessment: 'Het gaat goed.' });
	assert.equal(r.status, 303, r.body.slice(0, 400));
	u1 = Number(/update-(\d+)/.exec(r.location)[1]);
});

after(async () => {
	if (srv) {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

const fix = { status: 'in_uitvoering', health: 'groen', progress_md: 'Er zijn drie tolken gevonden voor de raadsvergadering.',
	health_cause: '', health_consequence: '', health_measures: '', holder_assessment: 'Het gaat goed.' };

test('only the author sees the correction link and form; everyone else is refused and nothing changes', async () => {
	const page = await holder.get(`/actions/${action}`);
	assert.match(page.body, new RegExp(`href="/updates/${u1}/correct"`));
	for (const [who, a] of [['coordinator', coord], ['member', member], ['expert', expert], ['other holder', other]]) {
		const p = await a.get(`/actions/${action}`);
		assert.doesNotMatch(p.body, new RegExp(`href="/updates/${u1}/correct"`), `${who} sees no link`);
		const before = snapshot();
		const f = await a.get(`/updates/${u1}/correct`);
		assert.equal(f.status, 403, `${who}: GET`);
		assert.match(textOf(f.body), /Alleen de persoon die deze voortgang heeft geschreven/, `${who}: says why`);
		const s = await a.post(`/updates/${u1}/correct`, fix);
		assert.equal(s.status, 403, `${who}: POST`);
		assert.deepEqual(snapshot(), before, `${who}: nothing changed`);
	}
	const pub = agent(base);
	const g = await pub.get(`/updates/${u1}/correct`);
	assert.notEqual(g.status, 200, 'not signed in: no form');
	const form = await holder.get(`/updates/${u1}/correct`);
	assert.equal(form.status, 200);
	assert.match(form.body, /twee tolken gevonden/, 'the form starts from the text as it is');
	assert.doesNotMatch(form.body, /name="period_id"/, 'the period is not chosen again');
});

test('a correction without the CSRF token is refused and changes nothing', async () => {
	const before = snapshot();
	const r = await holder.post(`/updates/${u1}/correct`, { ...fix, csrf: 'wrong' });
	assert.equal(r.status, 403);
	assert.deepEqual(snapshot(), before);
});

test('bad input: orange without its explanation is an error by field, nothing saved', async () => {
	const before = snapshot();
	const r = await holder.post(`/updates/${u1}/correct`, { ...fix, health: 'oranje' });
	assert.equal(r.status, 422);
	assert.match(r.body, /id="f-health_cause-error"/);
	assert.match(r.body, /drie tolken/, 'the input is kept');
	assert.deepEqual(snapshot(), before);
});

test('the author corrects: a new row replaces the old, the old stays as it was, audited, shown marked as corrected', async () => {
	const old = rows(`SELECT * FROM progress_update WHERE id = ${u1}`)[0];
	const auditsBefore = one("SELECT count(*) FROM audit_entry WHERE action <> 'sign_in'");
	const r = await holder.post(`/updates/${u1}/correct`, fix);
	assert.equal(r.status, 303, r.body.slice(0, 400) + srv.stderr());
	const u2 = Number(/update-(\d+)/.exec(r.location)[1]);
	assert.ok(u2 > u1);
	const n = rows(`SELECT * FROM progress_update WHERE id = ${u2}`)[0];
	assert.equal(n.corrects, u1);
	assert.equal(n.corrected_part, 'update');
	assert.equal(n.corrected_by, 6);
	assert.equal(n.author_id, old.author_id);
	assert.equal(n.period_id, old.period_id);
	assert.equal(n.progress_md, fix.progress_md);
	assert.deepEqual(rows(`SELECT * FROM progress_update WHERE id = ${u1}`)[0], old, 'the old row is unchanged');
	assert.equal(one("SELECT count(*) FROM audit_entry WHERE action <> 'sign_in'"), auditsBefore + 2);
	const corr = rows(`SELECT * FROM audit_entry WHERE action = 'update' AND entity = 'progress_update' AND entity_id = ${u1}`)[0];
	assert.ok(corr, 'an audit entry on the old version');
	assert.equal(JSON.parse(corr.before_json).progress_md, old.progress_md);
	assert.equal(JSON.parse(corr.after_json).corrected_in, u2);
	assert.equal(one(`SELECT count(*) FROM audit_entry WHERE action = 'create' AND entity = 'progress_update' AND entity_id = ${u2}`), 1);

	const page = await holder.get(`/actions/${action}`);
	const main = textOf(mainOf(page.body));
	assert.match(main, /drie tolken/);
	assert.doesNotMatch(main, /twee tolken/, 'the action page shows the current version only');
	assert.match(main, /Gecorrigeerd op/);
	assert.match(page.body, new RegExp(`href="/updates/${u2}/history"`));
	assert.match(page.body, new RegExp(`href="/updates/${u2}/correct"`), 'the new version can be corrected again');

	const h = await member.get(`/updates/${u2}/history`);
	assert.equal(h.status, 200);
	const ht = textOf(mainOf(h.body));
	assert.match(ht, /twee tolken/, 'the history shows the earlier version');
	assert.match(ht, /Gecorrigeerd door Ruud van Dijk/);
	const hj = await member.get(`/api/v1/updates/${u2}/history`);
	assert.equal(hj.json.versions.length, 1);
	assert.equal(hj.json.versions[0].id, u1);
	assert.equal(hj.json.versions[0].corrected_part, 'update');

	// The period counts one update, not two; the correction is current in the list.
	const p = await coord.get(`/api/v1/periods/${period}`);
	const ids = p.json.updates.map((x) => x.id);
	assert.ok(ids.includes(u2) && !ids.includes(u1), JSON.stringify(ids));
	assert.equal(p.json.update_count, p.json.updates.length);

	// An old version cannot be corrected again: the newest one is the one to correct.
	const before = snapshot();
	const again = await holder.post(`/updates/${u1}/correct`, fix);
	assert.equal(again.status, 409);
	assert.match(textOf(again.body), /nieuwere versie/);
	assert.deepEqual(snapshot(), before);
});

test('search finds the corrected text, not the replaced one', async () => {
	const hits = async (q) => JSON.stringify((await holder.get(`/api/v1/search?q=${q}`)).json.groups);
	const found = await hits('drie+tolken+raadsvergadering');
	assert.match(found, /drie\W+tolken/, found.slice(0, 400));
	assert.doesNotMatch(found, /twee/, 'the replaced text is not found');
	const gone = await hits('twee+tolken+raadsvergadering');
	assert.equal(gone, '[]', 'the replaced version is out of the index');
});

test('the expert corrects their own assessment; the holder cannot, and the expert cannot correct the update', async () => {
	const cur = one(`SELECT max(id) FROM progress_update WHERE action_point_id = ${action} AND period_id = ${period}`);
	const a = await expert.post(`/updates/${cur}/assessment`, { expert_assessment: 'Ik mis de tolk bij commissies.' });
	assert.equal(a.status, 303, a.body.slice(0, 300));
	for (const who of [holder, coord, member, other]) {
		const before = snapshot();
		const r = await who.post(`/updates/${cur}/assessment/correct`, { expert_assessment: 'Anders.' });
		assert.equal(r.status, 403);
		assert.deepEqual(snapshot(), before);
	}
	assert.equal((await expert.post(`/updates/${cur}/correct`, fix)).status, 403, 'the expert is not the author of the update');
	const f = await expert.get(`/updates/${cur}/assessment/correct`);
	assert.equal(f.status, 200);
	const fj = await keepsTo(expert, `/updates/${cur}/assessment/correct`, 'correction_form.json');
	assert.equal(fj.is_assessment, true);
	assert.match(f.body, /Ik mis de tolk bij commissies/);
	const empty = await expert.post(`/updates/${cur}/assessment/correct`, { expert_assessment: '' });
	assert.equal(empty.status, 422);
	const r = await expert.post(`/updates/${cur}/assessment/correct`, { expert_assessment: 'Ik mis de tolk bij de commissies en de raad.' });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	const u3 = Number(/update-(\d+)/.exec(r.location)[1]);
	const n = rows(`SELECT * FROM progress_update WHERE id = ${u3}`)[0];
	assert.equal(n.corrects, cur);
	assert.equal(n.corrected_part, 'assessment');
	assert.equal(n.progress_md, fix.progress_md, 'the update itself is kept');
	assert.equal(n.expert_assessment, 'Ik mis de tolk bij de commissies en de raad.');
	const h = await keepsTo(holder, `/updates/${u3}/history`, 'update_history.json');
	assert.deepEqual(h.versions.map((v) => v.corrected_part), ['assessment', 'update']);
});

test('the database refuses what the pages refuse: a correction by someone else, of an old version, a change to a replaced row', () => {
	const cur = one(`SELECT max(id) FROM progress_update WHERE action_point_id = ${action} AND period_id = ${period}`);
	const copy = (extra) => `INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, holder_assessment,
		expert_assessment, author_id, expert_id, created_at, corrects, corrected_part, corrected_by)
		SELECT action_point_id, period_id, status, health, 'Stiekem', holder_assessment, expert_assessment, author_id, expert_id,
		created_at, ${extra} FROM progress_update WHERE id = ${cur}`;
	const before = snapshot();
	assert.throws(() => sqlWrite(srv.db, copy(`${cur}, 'update', 1`)), /correction/, 'not the author');
	assert.throws(() => sqlWrite(srv.db, copy(`${u1}, 'update', 6`)), /correction|unique|UNIQUE|duplicate/, 'an old version');
	assert.throws(() => sqlWrite(srv.db, copy(`NULL, 'update', 6`)), /only a correction/, 'marks without a correction');
	assert.throws(() => sqlWrite(srv.db, `UPDATE progress_update SET expert_assessment = 'x' WHERE id = ${u1}`), /cannot be changed/);
	assert.throws(() => sqlWrite(srv.db, `DELETE FROM progress_update WHERE id = ${u1}`), /cannot be deleted/);
	assert.deepEqual(snapshot(), before);
});

test('after publishing nothing can be corrected; the public sees the corrected text marked, in the page, feed and report', async () => {
	const cur = one(`SELECT max(id) FROM progress_update WHERE action_point_id = ${action} AND period_id = ${period}`);
	const p = await coord.post(`/periods/${period}/publish`, { confirm: '1' });
	assert.equal(p.status, 303, p.body.slice(0, 300));
	const before = snapshot();
	const r = await holder.post(`/updates/${cur}/correct`, fix);
	assert.equal(r.status, 409);
	assert.match(textOf(r.body), /gepubliceerd/);
	assert.equal((await expert.post(`/updates/${cur}/assessment/correct`, { expert_assessment: 'Nog anders.' })).status, 409);
	const copy = `INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, holder_assessment,
		expert_assessment, author_id, expert_id, created_at, corrects, corrected_part, corrected_by)
		SELECT action_point_id, period_id, status, health, 'Te laat', holder_assessment, '', author_id, NULL,
		created_at, id, 'update', author_id FROM progress_update WHERE id = ${cur}`;
	assert.throws(() => sqlWrite(srv.db, copy), /published/);
	assert.deepEqual(snapshot(), before);

	const pub = await request(`${base}/actions/${action}`);
	const main = textOf(mainOf(pub.body));
	assert.match(main, /drie tolken/);
	assert.doesNotMatch(main, /twee tolken/);
	assert.match(main, /Gecorrigeerd op/);
	assert.doesNotMatch(pub.body, /\/history"/, 'the public gets no history link');
	const h = await request(`${base}/updates/${cur}/history`);
	assert.notEqual(h.status, 200, 'the public gets no history');

	const feed = await request(`${base}/actions/${action}/feed`);
	assert.match(feed.body, /drie tolken/);
	assert.doesNotMatch(feed.body, /twee tolken/);
	assert.equal((feed.body.match(/<entry>/g) ?? []).length, one(`SELECT count(*) FROM progress_update u JOIN reporting_period r ON r.id = u.period_id
		WHERE u.action_point_id = ${action} AND r.state = 'published' AND NOT EXISTS (SELECT 1 FROM progress_update c WHERE c.corrects = u.id)`));

	const report = await request(`${base}/periods/${period}/report`);
	const rt = textOf(mainOf(report.body));
	assert.match(rt, /drie tolken/);
	assert.doesNotMatch(rt, /twee tolken/);
	assert.match(rt, /Ik mis de tolk bij de commissies en de raad/);
});
