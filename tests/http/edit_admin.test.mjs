// HTTP tests of the admin write side: reporting periods (open, publish),
// narratives, accounts, API tokens and the audit log. Each write is checked
// in the database (sqlite3 CLI) and in the audit log; refused and invalid
// requests must change nothing; the JSON API behaves the same.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/http/edit_admin.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { request, textOf, mainOf, tables } from '../lib/http.mjs';
import { agent, signIn, signInRoles, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';

let srv, base, coord, member, reader;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	({ coordinator: coord, member, reader } = await signInRoles(base, ['coordinator', 'member', 'reader']));
});

after(async () => {
	if (srv) await srv.cleanup();
});

const db = (q) => sql(srv.db, q);
const one = (q) => sqlValue(srv.db, q);
const audits = () => one('SELECT count(*) FROM audit_entry');
const text = (html) => textOf(mainOf(html));

/** Radio groups: the summary links to their first choice (a fieldset cannot take focus). */
const GROUPS = new Set(['kind', 'role', 'days']);

/** The answer is the form again with errors: 422, a summary linking to each field with an error, aria-invalid. */
function assertFormErrors(r, fields) {
	assert.equal(r.status, 422, r.body.slice(0, 500));
	assert.match(r.body, /class="error-summary"/);
	for (const f of fields) {
		const target = GROUPS.has(f) ? `f-${f}-0` : `f-${f}`;
		assert.match(r.body, new RegExp(`<a href="#${target}">`), `summary links to ${f}`);
		assert.match(r.body, new RegExp(`id="${target}"`), `the summary's target ${target} exists`);
		assert.match(r.body, new RegExp(`id="f-${f}-error"`), `error next to ${f}`);
	}
}

// ------------------------------------------------------------ periods

test('new period: form has labels, hints and "(verplicht)" in words, and warns that a period is already open', async () => {
	const r = await coord.get('/periods/new');
	assert.equal(r.status, 200);
	assert.match(r.body, /<html lang="nl">/);
	for (const f of ['name', 'starts_on', 'ends_on']) assert.match(r.body, new RegExp(`<label for="f-${f}">[^<]+<span class="required">\\(verplicht\\)</span>`));
	const open = db("SELECT name FROM reporting_period WHERE state = 'open'");
	assert.ok(open.length > 0);
	const hint = /<p class="hint" id="f-name-hint">([^<]*)<\/p>/.exec(r.body)[1];
	assert.ok(hint.includes(open[0].name.replace(/&/g, '&amp;')), `hint names the open period: ${hint}`);
	// English with ?lang=en
	const en = await coord.get('/periods/new?lang=en');
	assert.match(en.body, /<html lang="en">/);
	assert.match(en.body, /\(required\)/);
	await coord.get('/periods?lang=nl');
});

test('new period: a validation error changes nothing, keeps the input and is in Dutch', async () => {
	const n = one('SELECT count(*) FROM reporting_period'), a = audits();
	const r = await coord.post('/periods', { name: '', starts_on: '2025-06-01', ends_on: '2025-05-01' });
	assertFormErrors(r, ['name', 'ends_on']);
	assert.match(r.body, /Vul &quot;[^&]+&quot; in\./);
	assert.match(r.body, /Er is een probleem/);
	assert.match(r.body, /id="f-starts_on" name="starts_on" value="2025-06-01"/, 'input kept');
	assert.equal(one('SELECT count(*) FROM reporting_period'), n);
	assert.equal(audits(), a);
	// JSON: problem details with errors per field
	const j = await coord.postJson('/api/v1/periods', { name: 'x', starts_on: '2025-13-01', ends_on: '2025-01-01' });
	assert.equal(j.status, 422);
	assert.match(j.headers.get('content-type'), /problem\+json/);
	assert.ok(j.json.errors.starts_on, JSON.stringify(j.json));
	assert.equal(one('SELECT count(*) FROM reporting_period'), n);
});

test('new period: created with the next number, state open, audited; JSON answers 201', async () => {
	const maxSeq = one('SELECT MAX(seq) FROM reporting_period');
	const a = audits();
	const r = await coord.post('/periods', { name: 'Testperiode HTTP', starts_on: '2025-01-01', ends_on: '2025-06-30' });
	assert.equal(r.status, 303);
	const row = db("SELECT * FROM reporting_period WHERE name = 'Testperiode HTTP'")[0];
	assert.equal(r.location, `/periods/${row.id}`);
	assert.equal(row.seq, maxSeq + 1);
	assert.equal(row.state, 'open');
	assert.equal(row.published_at, null);
	assert.equal(audits(), a + 1);
	const e = db(`SELECT * FROM audit_entry WHERE entity = 'reporting_period' AND entity_id = ${row.id}`)[0];
	assert.equal(e.action, 'create');
	assert.equal(JSON.parse(e.after_json).name, 'Testperiode HTTP');
	const page = await coord.get(r.location);
	assert.match(page.body, /class="flash"/);
	const j = await coord.postJson('/api/v1/periods', { name: 'Testperiode JSON', starts_on: '2025-07-01', ends_on: '2025-12-31' });
	assert.equal(j.status, 201, j.body);
	assert.equal(j.json.name, 'Testperiode JSON');
	assert.equal(j.json.state, 'open');
	assert.equal(j.json.seq, maxSeq + 2);
});

test('only the coordinator opens or publishes periods', async () => {
	const n = one('SELECT count(*) FROM reporting_period');
	for (const who of [member, reader]) {
		assert.equal((await who.get('/periods/new')).status, 403);
		assert.equal((await who.post('/periods', { name: 'x', starts_on: '2025-01-01', ends_on: '2025-01-02' })).status, 403);
		assert.equal((await who.post('/periods/3/publish')).status, 403);
	}
	const pub = agent(base);
	const g = await pub.get('/periods/new');
	assert.equal(g.status, 303);
	assert.match(g.location, /^\/sign-in\?next=/);
	assert.equal((await pub.post('/periods', { name: 'x' })).status, 401);
	assert.equal(one('SELECT count(*) FROM reporting_period'), n);
	assert.equal(one("SELECT state FROM reporting_period WHERE id = 3"), 'open');
});

test('narratives: members add and change them in an open period; audited; shown on the period', async () => {
	const a = audits();
	const bad = await member.post('/periods/3/narratives', { kind: 'nope', title: '', body_md: 'Tekst blijft staan' });
	assertFormErrors(bad, ['kind', 'title']);
	assert.match(bad.body, /Tekst blijft staan<\/textarea>/);
	assert.equal(audits(), a);
	const r = await member.post('/periods/3/narratives', { kind: 'highlight', title: 'Toegankelijke stembureaus', body_md: 'Alle stembureaus zijn **drempelvrij**.' });
	assert.equal(r.status, 303, r.body.slice(0, 400));
	assert.equal(r.location, '/periods/3');
	const n = db("SELECT * FROM narrative WHERE title = 'Toegankelijke stembureaus'")[0];
	assert.equal(n.kind, 'highlight');
	assert.equal(n.period_id, 3);
	const o = await member.postJson('/api/v1/periods/3/narratives', { kind: 'outlook', title: 'Volgend jaar', body_md: 'We gaan door.', position: 2 });
	assert.equal(o.status, 201, o.body);
	assert.equal(o.json.kind, 'outlook');
	const edit = await member.get(`/narratives/${n.id}/edit`);
	assert.equal(edit.status, 200);
	assert.match(edit.body, /value="Toegankelijke stembureaus"/);
	const u = await member.post(`/narratives/${n.id}`, { kind: 'highlight', title: 'Drempelvrije stembureaus', body_md: 'Alle stembureaus zijn **drempelvrij**.', position: '1' });
	assert.equal(u.status, 303);
	assert.equal(one(`SELECT title FROM narrative WHERE id = ${n.id}`), 'Drempelvrije stembureaus');
	assert.equal(audits(), a + 3);
	const e = db(`SELECT * FROM audit_entry WHERE entity = 'narrative' AND entity_id = ${n.id} AND action = 'update'`)[0];
	assert.equal(JSON.parse(e.before_json).title, 'Toegankelijke stembureaus');
	assert.equal(JSON.parse(e.after_json).title, 'Drempelvrije stembureaus');
	const page = await member.get('/periods/3');
	assert.match(page.body, /<strong>drempelvrij<\/strong>/);
	assert.match(page.body, new RegExp(`href="/narratives/${n.id}/edit"`));
	// The public does not see texts of an open period.
	const pub = await request(base + '/periods/3');
	assert.equal(pub.status, 404);
	// A reader may not write texts.
	assert.equal((await reader.post('/periods/3/narratives', { kind: 'highlight', title: 'x' })).status, 403);
});

test('publish: confirmation page says what it means and counts the updates and interviews', async () => {
	const counts = db('SELECT (SELECT count(*) FROM progress_update WHERE period_id = 3) AS u, (SELECT count(*) FROM interview WHERE period_id = 3) AS i')[0];
	const r = await coord.get('/periods/3/publish');
	assert.equal(r.status, 200);
	const t = text(r.body);
	assert.ok(t.includes(`${counts.u}`) && t.includes(`${counts.i}`), t);
	assert.match(r.body, /<form method="post" action="\/periods\/3\/publish"/);
	const list = await coord.get('/periods');
	assert.match(list.body, /href="\/periods\/3\/publish"/);
	assert.match(list.body, /href="\/periods\/new"/);
	assert.doesNotMatch(list.body, /href="\/periods\/1\/publish"/, 'no publish link for a published period');
});

test('publish: freezes the period (no new updates, no text changes), audited once; a second publish is refused (409) and changes nothing', async () => {
	const a = audits();
	const r = await coord.post('/periods/3/publish', { confirm: '1' }); // the demo's period misses things (publish_checklist.test.mjs)
	assert.equal(r.status, 303);
	assert.equal(r.location, '/periods/3');
	const p = db('SELECT * FROM reporting_period WHERE id = 3')[0];
	assert.equal(p.state, 'published');
	assert.ok(p.published_at);
	assert.equal(audits(), a + 1);
	const e = db("SELECT * FROM audit_entry WHERE action = 'publish' AND entity_id = 3")[0];
	assert.equal(JSON.parse(e.before_json).state, 'open');
	assert.equal(JSON.parse(e.after_json).state, 'published');
	// The public now sees it.
	const pub = await request(base + '/periods/3');
	assert.equal(pub.status, 200);
	// Again: 409, nothing changes.
	const again = await coord.post('/periods/3/publish');
	assert.equal(again.status, 409);
	assert.match(textOf(again.body), /already published|al gepubliceerd/i);
	const j = await coord.postJson('/api/v1/periods/3/publish', {});
	assert.equal(j.status, 409);
	assert.match(j.headers.get('content-type'), /problem\+json/);
	assert.equal(one('SELECT published_at FROM reporting_period WHERE id = 3'), p.published_at);
	assert.equal(audits(), a + 1);
	// The database refuses a new update in the published period.
	const n = one('SELECT count(*) FROM progress_update');
	const action = one('SELECT MIN(id) FROM action_point');
	const up = await coord.post(`/actions/${action}/updates`, { period_id: 3, status: 'in_uitvoering', health: 'groen', progress_md: 'Te laat' });
	assert.notEqual(up.status, 303, 'no update is added after publishing');
	assert.equal(one('SELECT count(*) FROM progress_update'), n);
	// Texts are frozen too.
	const nid = one('SELECT MIN(id) FROM narrative WHERE period_id = 3');
	const ne = await member.get(`/narratives/${nid}/edit`);
	assert.equal(ne.status, 409);
	assert.match(textOf(ne.body), /published|gepubliceerd/i);
	const nb = await member.post('/periods/3/narratives', { kind: 'highlight', title: 'Te laat' });
	assert.equal(nb.status, 409);
	assert.equal(one("SELECT count(*) FROM narrative WHERE title = 'Te laat'"), 0);
	// Published texts are public now.
	const pt = await request(base + '/periods/3');
	assert.equal(pt.status, 200);
	assert.match(pt.body, /Drempelvrije stembureaus/);
});

// ------------------------------------------------------------ accounts

test('accounts: list and forms; role radios each explain what the role may do', async () => {
	const r = await coord.get('/users');
	assert.equal(r.status, 200);
	const t = tables(r.body)[0];
	assert.equal(t.rows.length, one('SELECT count(*) FROM user_account'));
	assert.ok(t.rows.some((row) => row[0] === DEMO.coordinator));
	const f = await coord.get('/users/new');
	for (const role of ['coordinator', 'project_member', 'dossier_holder', 'reader'])
		assert.match(f.body, new RegExp(`value="${role}" aria-describedby="f-role-\\d-hint"><div class="choice-text"><label for="f-role-\\d">[^<]+</label>\\s*<p class="hint" id="f-role-\\d-hint">[^<]{20,}</p>`));
	assert.match(f.body, /<select id="f-person_id"/);
	assert.equal((await member.get('/users')).status, 403);
});

test('accounts: a validation error changes nothing and never sends a password back', async () => {
	const n = one('SELECT count(*) FROM user_account'), a = audits();
	const r = await coord.post('/users', { email: 'nieuw@example.org', display_name: 'Nieuw', role: 'reader', password: 'kort', password_confirm: 'kort' });
	assertFormErrors(r, ['password']);
	assert.doesNotMatch(r.body, /value="kort"/);
	assert.match(r.body, /value="nieuw@example.org"/);
	const m = await coord.post('/users', { email: 'nieuw@example.org', display_name: 'Nieuw', role: 'reader', password: 'lang-genoeg-1', password_confirm: 'lang-genoeg-2' });
	assertFormErrors(m, ['password_confirm']);
	assert.doesNotMatch(m.body, /lang-genoeg/);
	const d = await coord.post('/users', { email: DEMO.member, display_name: 'Dubbel', role: 'reader', password: 'lang-genoeg-1', password_confirm: 'lang-genoeg-1' });
	assertFormErrors(d, ['email']);
	assert.equal(one('SELECT count(*) FROM user_account'), n);
	assert.equal(audits(), a);
});

test('accounts: made with a hashed password, audited without it; the new account can sign in', async () => {
	const a = audits();
	const person = one('SELECT MIN(id) FROM person');
	const r = await coord.post('/users', { email: 'Nieuw.Lid@example.org', display_name: 'Nieuw Lid', role: 'project_member', person_id: person, password: 'een goed wachtwoord vol bloemen', password_confirm: 'een goed wachtwoord vol bloemen' });
	assert.equal(r.status, 303, r.body.slice(0, 500));
	const u = db("SELECT * FROM user_account WHERE email = 'nieuw.lid@example.org'")[0];
	assert.equal(u.role, 'project_member');
	assert.equal(u.person_id, person);
	assert.match(u.password_hash, /^\$argon2id\$/);
	assert.equal(audits(), a + 1);
	const log = db('SELECT before_json, after_json FROM audit_entry').map((x) => `${x.before_json} ${x.after_json}`).join('\n');
	assert.doesNotMatch(log, /een goed wachtwoord vol bloemen|argon2|password_hash/);
	await signIn(base, 'nieuw.lid@example.org', 'een goed wachtwoord vol bloemen');
	const j = await coord.postJson('/api/v1/users', { email: 'api@example.org', display_name: 'Api', role: 'reader', password: 'een goed wachtwoord vol bloemen', password_confirm: 'een goed wachtwoord vol bloemen' });
	assert.equal(j.status, 201, j.body);
	assert.equal(j.json.email, 'api@example.org');
	assert.equal(j.json.password_hash, undefined);
});

test('accounts: change role, name, switch off and on, new password; audited with before and after', async () => {
	const id = one("SELECT id FROM user_account WHERE email = 'nieuw.lid@example.org'");
	const a = audits();
	const r = await coord.post(`/users/${id}`, { display_name: 'Lid Hernoemd', role: 'reader', disabled: '1', password: 'nog een wachtwoord voor later', password_confirm: 'nog een wachtwoord voor later' });
	assert.equal(r.status, 303, r.body.slice(0, 400));
	const u = db(`SELECT * FROM user_account WHERE id = ${id}`)[0];
	assert.equal(u.role, 'reader');
	assert.equal(u.display_name, 'Lid Hernoemd');
	assert.ok(u.disabled_at);
	assert.equal(audits(), a + 1);
	const e = db(`SELECT * FROM audit_entry WHERE entity = 'user_account' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`)[0];
	assert.equal(JSON.parse(e.before_json).role, 'project_member');
	assert.equal(JSON.parse(e.after_json).role, 'reader');
	assert.equal(JSON.parse(e.after_json).password_changed, true);
	assert.doesNotMatch(e.after_json, /nog een wachtwoord voor later|argon2/);
	await assert.rejects(signIn(base, 'nieuw.lid@example.org', 'nog een wachtwoord voor later'), 'a switched-off account cannot sign in');
	const on = await coord.post(`/users/${id}`, { display_name: 'Lid Hernoemd', role: 'reader' });
	assert.equal(on.status, 303);
	await signIn(base, 'nieuw.lid@example.org', 'nog een wachtwoord voor later');
	const edit = await coord.get(`/users/${id}/edit`);
	assert.doesNotMatch(edit.body, /nog een wachtwoord voor later|argon2/);
});

test('accounts: the coordinator cannot switch off or demote their own account', async () => {
	const me = one(`SELECT id FROM user_account WHERE email = '${DEMO.coordinator}'`);
	const before = db(`SELECT * FROM user_account WHERE id = ${me}`)[0], a = audits();
	const r = await coord.post(`/users/${me}`, { display_name: 'Marloes', role: 'reader' });
	assertFormErrors(r, ['role']);
	assert.match(textOf(r.body), /own account|eigen account/i);
	const d = await coord.post(`/users/${me}`, { display_name: 'Marloes', role: 'coordinator', disabled: '1' });
	assertFormErrors(d, ['disabled']);
	assert.deepEqual(db(`SELECT * FROM user_account WHERE id = ${me}`)[0], before);
	assert.equal(audits(), a);
});

test('accounts: one\'s own form offers no switch to turn it off and says why; another account\'s does', async () => {
	const me = one(`SELECT id FROM user_account WHERE email = '${DEMO.coordinator}'`);
	const other = one(`SELECT id FROM user_account WHERE email = '${DEMO.reader}'`);
	const own = await coord.get(`/users/${me}/edit`);
	assert.equal(own.status, 200);
	assert.doesNotMatch(own.body, /name="disabled"/);
	const hint = /<p class="hint" id="f-disabled-hint">([^<]*)<\/p>/.exec(own.body);
	assert.ok(hint, 'a hint where the switch would be');
	assert.match(hint[1], /eigen account/);
	assert.doesNotMatch(own.body, /id="f-disabled-error"/);
	// ?lang= is remembered for the session: back to Dutch afterwards, for the other tests.
	const en = await coord.get(`/users/${me}/edit?lang=en`);
	assert.match(/<p class="hint" id="f-disabled-hint">([^<]*)<\/p>/.exec(en.body)[1], /own account/);
	assert.match((await coord.get(`/users/${me}/edit?lang=nl`)).body, /<html lang="nl">/);
	const theirs = await coord.get(`/users/${other}/edit`);
	assert.match(theirs.body, /<input type="checkbox" id="f-disabled" name="disabled"/);
	assert.doesNotMatch(theirs.body, /id="f-disabled-hint">[^<]*eigen account/);
});

// ------------------------------------------------------------ API tokens

test('API tokens: only their owner makes one (on /account, with the password); shown once; work without CSRF; the coordinator sees and revokes them', async () => {
	const uid = one(`SELECT id FROM user_account WHERE email = '${DEMO.member}'`);
	// The coordinator cannot make a token for someone else: there is no such route.
	const forOther = await coord.post(`/users/${uid}/tokens`, { name: 'Export' });
	assert.equal(forOther.status, 404);
	assert.equal((await coord.postJson(`/api/v1/users/${uid}/tokens`, { name: 'Export' })).status, 404);
	assert.doesNotMatch((await coord.get(`/users/${uid}/edit`)).body, /action="\/users\/\d+\/tokens"/, 'no form to make one');
	const a = audits();
	const r = await member.post('/account/tokens', { name: 'Export', days: '90', can_write: '1', token_password: DEMO_PASSWORD });
	assert.equal(r.status, 201, r.body.slice(0, 400));
	const token = /id="new-token" value="([^"]+)"/.exec(r.body)[1];
	assert.ok(token.length >= 40);
	assert.equal(audits(), a + 1);
	assert.doesNotMatch(JSON.stringify(db('SELECT * FROM api_token')), new RegExp(token), 'only a digest is stored');
	const again = await member.get('/account');
	assert.doesNotMatch(again.body, new RegExp(token), 'never shown again');
	assert.match(again.body, /Export/);
	// Use it: a write without CSRF and without cookies.
	const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
	const w = await request(base + '/api/v1/periods/4/narratives', { method: 'POST', headers: bearer, body: JSON.stringify({ kind: 'outlook', title: 'Via token', body_md: '' }) });
	assert.equal(w.status, 201, w.body);
	// API errors are problem+json with per-field errors.
	const bad = await request(base + '/api/v1/periods/4/narratives', { method: 'POST', headers: bearer, body: JSON.stringify({ kind: 'x' }) });
	assert.equal(bad.status, 422);
	assert.match(bad.headers.get('content-type'), /problem\+json/);
	assert.ok(bad.json.errors.kind && bad.json.errors.title, bad.body);
	// A member's token does not reach coordinator routes.
	assert.equal((await request(base + '/api/v1/audit', { headers: bearer })).status, 403);
	// The coordinator sees it on the member's account page, and revokes it.
	const theirs = await coord.get(`/users/${uid}/edit`);
	assert.match(theirs.body, /Export/);
	const tid = one("SELECT id FROM api_token WHERE name = 'Export'");
	const rv = await coord.post(`/tokens/${tid}/revoke`);
	assert.equal(rv.status, 303);
	assert.equal(rv.location, `/users/${uid}/edit`);
	assert.ok(one(`SELECT revoked_at FROM api_token WHERE id = ${tid}`));
	const after = await request(base + '/api/v1/periods/4/narratives', { method: 'POST', headers: bearer, body: JSON.stringify({ kind: 'outlook', title: 'Na intrekken' }) });
	assert.equal(after.status, 401);
	assert.equal(one("SELECT count(*) FROM narrative WHERE title = 'Na intrekken'"), 0);
	// Token form errors: every field that is wrong says so.
	const te = await member.post('/account/tokens', { name: '', days: '', token_password: '' });
	assertFormErrors(te, ['name', 'days', 'token_password']);
});

// ------------------------------------------------------------ audit log

test('audit log: newest first, who/when/what with a table of changed fields, filters by entity, user and date', async () => {
	const r = await coord.get('/audit');
	assert.equal(r.status, 200);
	const newest = db('SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];
	assert.match(r.body, /<label for="f-entity">/);
	assert.match(r.body, /<label for="f-user">/);
	assert.match(r.body, /<label for="f-from">/);
	assert.match(r.body, /<form method="get" action="\/audit"/);
	const t = tables(r.body);
	assert.ok(t.length >= 2, 'entries and a table of changes');
	assert.match(text(r.body), /Marloes Verhoeven/);
	// filters
	const f = await coord.fetch('/api/v1/audit?entity=narrative', { headers: { accept: 'application/json' } });
	assert.equal(f.json.items.length, Math.min(50, one("SELECT count(*) FROM audit_entry WHERE entity = 'narrative'")));
	assert.ok(f.json.items.every((e) => e.entity === 'narrative'));
	const upd = f.json.items.find((e) => e.action === 'update');
	assert.ok(upd.changes.some((c) => c.field === 'title' && c.before === 'Toegankelijke stembureaus' && c.after === 'Drempelvrije stembureaus'), JSON.stringify(upd.changes));
	const fh = await coord.get('/audit?entity=narrative');
	// The field as the forms call it, not its column name (issue 15).
	assert.match(fh.body, /<th scope="row">Titel<\/th><td>Toegankelijke stembureaus<\/td><td>Drempelvrije stembureaus<\/td>/);
	const uid = one(`SELECT id FROM user_account WHERE email = '${DEMO.member}'`);
	const j = await coord.fetch(`/api/v1/audit?user=${uid}`, { headers: { accept: 'application/json' } });
	assert.equal(j.status, 200);
	assert.ok(j.json.items.length > 0);
	assert.ok(j.json.items.every((e) => e.user_id === uid));
	assert.ok(j.json.items[0].id > j.json.items.at(-1).id, 'newest first');
	const none = await coord.fetch('/api/v1/audit?to=2000-01-01', { headers: { accept: 'application/json' } });
	assert.equal(none.json.items.length, 0);
	const bad = await coord.get('/audit?from=gisteren');
	assertFormErrors(bad, ['from']);
	assert.ok(newest);
});

test('audit log: "older" link pages through the log', async () => {
	for (let i = 0; i < 30; i++) await coord.post('/periods', { name: `Veel ${i}`, starts_on: `${2030 + i}-01-01`, ends_on: `${2030 + i}-02-01` });
	const r = await coord.get('/audit');
	const m = /href="(\/audit\?[^"]*before=(\d+))"/.exec(r.body);
	assert.ok(m, 'an older link');
	const older = await coord.get(m[1].replace(/&amp;/g, '&'));
	assert.equal(older.status, 200);
	const ids = db(`SELECT id FROM audit_entry WHERE id < ${m[2]} ORDER BY id DESC LIMIT 1`);
	assert.ok(ids.length === 1);
});

test('audit log: nobody can change or delete it (no route; the database refuses)', async () => {
	const n = audits();
	for (const [method, path] of [['POST', '/audit'], ['PUT', '/audit'], ['DELETE', '/audit'], ['POST', '/audit/1'], ['DELETE', '/audit/1'], ['POST', '/audit/1/delete']]) {
		const r = await coord.fetch(path, { method, headers: { 'x-csrf-token': coord.csrf } });
		assert.ok([404, 405].includes(r.status), `${method} ${path}: ${r.status}`);
	}
	assert.equal(audits(), n);
	assert.throws(() => sqlWrite(srv.db, 'DELETE FROM audit_entry'));
	assert.throws(() => sqlWrite(srv.db, "UPDATE audit_entry SET action = 'x'"));
	assert.equal(audits(), n);
});

test('the server stops cleanly', async () => {
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
});
