// The coordinator's privacy pages: a person's privacy page (who read their
// data, consent to be named, erasure behind an explicit confirmation) and
// the retention periods. Each guard has a case that fails without it: only
// the coordinator, a missing confirmation erases nothing, a wrong number of
// days changes nothing and says what to fix.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=2 tests/http/privacy_pages.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';
import { JSON_ACCEPT, textOf } from '../lib/http.mjs';

let srv, base, coord, member;
before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	coord = await signIn(base, DEMO.coordinator);
	member = await signIn(base, DEMO.member);
});
after(async () => {
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

test('only the coordinator opens the privacy pages', async () => {
	for (const path of ['/people/16/privacy', '/retention']) {
		assert.equal((await member.get(path)).status, 403, `${path} as a member`);
		assert.equal((await coord.get(path)).status, 200, `${path} as the coordinator`);
	}
	assert.equal((await member.post('/people/16/erase', { confirm: '1' })).status, 403);
	assert.equal(sqlValue(srv.db, 'SELECT erased_at FROM person WHERE id = 16'), null, 'a member erases nothing');
});

test("a person's privacy page lists who read their data, with address and time, without content", async () => {
	await member.get('/people/16/edit');
	const page = await coord.get('/people/16/privacy', { headers: JSON_ACCEPT });
	assert.equal(page.status, 200);
	const read = page.json.reads.find((r) => r.user_email === DEMO.member && r.what === 'person');
	assert.ok(read, JSON.stringify(page.json.reads));
	assert.equal(read.address, '127.0.0.1');
	assert.equal(read.allowed, 1);
	const html = await coord.get('/people/16/privacy');
	assert.match(textOf(html.body), new RegExp(DEMO.member.replace('.', '\\.')));
});

test('consent to be named is set by the coordinator and audited', async () => {
	assert.equal(Number(sqlValue(srv.db, 'SELECT named_in_publications FROM person WHERE id = 16')), 0, 'not named by default');
	const r = await coord.post('/people/16/named', { named_in_publications: '1' });
	assert.equal(r.status, 303);
	assert.equal(Number(sqlValue(srv.db, 'SELECT named_in_publications FROM person WHERE id = 16')), 1);
	const au = sql(srv.db, "SELECT after_json FROM audit_entry WHERE entity = 'person' AND entity_id = 16 ORDER BY id DESC LIMIT 1")[0];
	assert.equal(JSON.parse(au.after_json).named_in_publications, true);
	assert.equal((await coord.post('/people/16/named', {})).status, 303);
	assert.equal(Number(sqlValue(srv.db, 'SELECT named_in_publications FROM person WHERE id = 16')), 0);
});

test('erasure needs the box ticked; then the person is a tombstone and the page says so', async () => {
	const id = Number(sqlValue(srv.db, "SELECT id FROM person WHERE email IS NOT NULL AND id NOT IN (SELECT person_id FROM user_account WHERE person_id IS NOT NULL) ORDER BY id LIMIT 1"));
	const name = sqlValue(srv.db, `SELECT name FROM person WHERE id = ${id}`);
	const refused = await coord.post(`/people/${id}/erase`, {});
	assert.equal(refused.status, 422);
	assert.match(refused.body, /Vink het vakje aan|Tick the box/);
	assert.equal(sqlValue(srv.db, `SELECT name FROM person WHERE id = ${id}`), name, 'nothing erased without the tick');
	const done = await coord.post(`/people/${id}/erase`, { confirm: '1' });
	assert.equal(done.status, 303);
	assert.equal(done.location, `/people/${id}/privacy`);
	assert.equal(sqlValue(srv.db, `SELECT name FROM person WHERE id = ${id}`), `Persoon ${id}`);
	assert.equal(sqlValue(srv.db, `SELECT email FROM person WHERE id = ${id}`), null);
	const page = await coord.get(`/people/${id}/privacy`);
	assert.ok(!page.body.includes(`action="/people/${id}/erase"`), 'no erase form for an erased person');
	const again = await coord.post(`/people/${id}/erase`, { confirm: '1' });
	assert.equal(again.status, 422);
	const au = JSON.stringify(sql(srv.db, `SELECT before_json, after_json FROM audit_entry WHERE entity = 'person' AND entity_id = ${id}`));
	assert.ok(!au.includes(name), 'the audit log keeps no name');
	const people = await coord.get('/people');
	assert.ok(textOf(people.body).includes(`Persoon ${id}`));
});

test('retention periods: a wrong number changes nothing and says what to fix; a good one is saved and audited', async () => {
	const page = await coord.get('/retention', { headers: JSON_ACCEPT });
	const values = Object.fromEntries(page.json.form.fields.map((f) => [f.name, f.value]));
	assert.deepEqual(Object.keys(values).sort(), ['access_log', 'ended_sessions', 'expired_imports', 'restricted_notes', 'sign_in_attempts']);
	const bad = await coord.post('/retention', { ...values, sign_in_attempts: '0' });
	assert.equal(bad.status, 422);
	assert.match(bad.body, /1 tot 3650|1 to 3650/);
	assert.equal(Number(sqlValue(srv.db, "SELECT days FROM retention_setting WHERE kind = 'sign_in_attempts'")), Number(values.sign_in_attempts));
	const good = await coord.post('/retention', { ...values, sign_in_attempts: '30' });
	assert.equal(good.status, 303);
	assert.equal(Number(sqlValue(srv.db, "SELECT days FROM retention_setting WHERE kind = 'sign_in_attempts'")), 30);
	assert.equal(Number(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE entity = 'retention_setting' AND after_json LIKE '%sign_in_attempts%'")), 1);
});

test('the audit log page shows that a sensitive field changed, never its text', async () => {
	const form = { name: 'Audit Proefpersoon', organisation_id: 3, email: 'audit.proef@example.nl', phone: '024 765 43 21' };
	const made = await member.post('/people', form);
	assert.equal(made.status, 303, made.body.slice(0, 300));
	const id = Number(sqlValue(srv.db, "SELECT id FROM person WHERE email = 'audit.proef@example.nl'"));
	assert.equal((await member.post(`/people/${id}`, { ...form, phone: '024 111 22 33' })).status, 303);
	const page = await coord.get('/audit?entity=person');
	assert.equal(page.status, 200);
	const text = textOf(page.body);
	for (const secret of ['Audit Proefpersoon', 'audit.proef@example.nl', '024 765 43 21', '024 111 22 33'])
		assert.ok(!text.includes(secret), `the audit page shows ${secret}`);
	assert.match(text, /niet getoond; code [0-9a-f]{8}|not shown; code [0-9a-f]{8}/);
});
