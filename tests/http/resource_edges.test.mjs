// HTTP tests of the edges of the generic form handlers that action points,
// accounts, periods and narratives rely on (pages/resource.h): a change to
// a record that does not exist is 404 before the form is checked
// (row_on_save), a frozen narrative is 409 before the form is checked, a
// failed change names the record in the title, a saved record goes where it
// belongs (next) and JSON clients get the full resource (answer), and a
// refused create changes nothing.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/resource_edges.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';

let srv, base, coord, member;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	coord = await signIn(base, DEMO.coordinator);
	member = await signIn(base, DEMO.member);
});

after(async () => {
	if (srv) await srv.cleanup();
});

const one = (q) => sqlValue(srv.db, q);
const audits = () => one('SELECT count(*) FROM audit_entry');
const title = (html) => (html.match(/<title>([^<]*)<\/title>/) ?? [])[1] ?? '';

test('a change to a record that does not exist is 404 with its own message, even when the form is wrong', async () => {
	const a = audits();
	const act = await member.post('/actions/99999', { code: '', title: '' });
	assert.equal(act.status, 404, act.body.slice(0, 300));
	assert.match(act.body, /Er is geen actiepunt met dit nummer/);
	const usr = await coord.post('/users/99999', { display_name: '', role: 'nope' });
	assert.equal(usr.status, 404);
	assert.match(usr.body, /Er is geen account met dit nummer/);
	const nar = await member.postJson('/api/v1/narratives/99999', {});
	assert.equal(nar.status, 404);
	assert.ok(nar.json.detail.length > 10);
	assert.equal(audits(), a);
});

test('a failed change of an action point names it in the title and keeps the input', async () => {
	const code = one('SELECT code FROM action_point WHERE id = 1');
	const r = await member.post('/actions/1', { code, title: '', theme_id: '1', description: 'Blijft staan' });
	assert.equal(r.status, 422);
	assert.ok(title(r.body).includes(code), title(r.body));
	assert.match(r.body, /Blijft staan/);
	assert.match(r.body, /<form method="post" action="\/actions\/1"/);
});

test('a saved action point answers JSON clients with the action point as the API shows it', async () => {
	const code = one('SELECT code FROM action_point WHERE id = 2');
	const theme = one('SELECT theme_id FROM action_point WHERE id = 2');
	const j = await member.postJson('/api/v1/actions/2', { code, title: 'Nieuwe titel via de API', theme_id: String(theme) });
	assert.equal(j.status, 200, JSON.stringify(j.json));
	assert.equal(j.json.id, 2);
	assert.equal(j.json.title, 'Nieuwe titel via de API');
	assert.ok(Array.isArray(j.json.updates), 'the whole resource, with its history');
	const page = await member.get('/api/v1/actions/2');
	// The page adds what this user may do and the money; the rest is the same resource.
	for (const k of Object.keys(j.json)) assert.ok(k in page.json, k);
	assert.deepEqual(j.json.partners, page.json.partners);
});

test('a narrative of a published period is 409 before its form is checked; a changed one goes back to its period', async () => {
	const frozen = one("SELECT n.id FROM narrative n JOIN reporting_period r ON r.id = n.period_id WHERE r.state = 'published' LIMIT 1");
	const a = audits();
	const r = await member.post(`/narratives/${frozen}`, { kind: 'nope' });
	assert.equal(r.status, 409, r.body.slice(0, 300));
	assert.equal(audits(), a);
	const open = one("SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1");
	const made = await member.post(`/periods/${open}/narratives`, { kind: 'highlight', title: 'Randgeval' });
	assert.equal(made.status, 303);
	assert.equal(made.location, `/periods/${open}`);
	const id = one("SELECT id FROM narrative WHERE title = 'Randgeval'");
	const changed = await member.post(`/narratives/${id}`, { kind: 'outlook', title: 'Randgeval 2' });
	assert.equal(changed.status, 303);
	assert.equal(changed.location, `/periods/${open}`);
	assert.equal(one(`SELECT kind FROM narrative WHERE id = ${id}`), 'outlook');
});

test('a refused new account changes nothing and says which field; passwords are never sent back', async () => {
	const n = one('SELECT count(*) FROM user_account'), a = audits();
	const r = await coord.post('/users', { email: DEMO.reader, display_name: 'Dubbel', role: 'reader',
		password: 'geheim wachtwoord vol tulpen', password_confirm: 'geheim wachtwoord vol tulpen' });
	assert.equal(r.status, 422);
	assert.match(r.body, /id="f-email-error"/);
	assert.doesNotMatch(r.body, /geheim wachtwoord vol tulpen/);
	assert.equal(one('SELECT count(*) FROM user_account'), n);
	assert.equal(audits(), a);
});
