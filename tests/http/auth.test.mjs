// Signing in and out, sessions, CSRF, throttling, API tokens: the security
// rules of the write side, each with a case that fails if the guard is gone.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/auth.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startDemo, runLia, exitReport } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { agent, signIn, answerCode, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { textOf } from '../lib/http.mjs';

let srv, base;
before(async () => {
	srv = await startDemo({ args: ['--trust-proxy'] });
	base = srv.url.replace(/\/$/, '');
});
after(async () => {
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
	// Lock-outs are on record in the log (the failures themselves in sign_in_attempt).
	assert.match(r.stderr, /sign-in refused for ervaringsdeskundige@example\.org: too many failures for this account/);
	assert.match(r.stderr, /sign-in refused for lezer@example\.org: too many failures from this address/);
	assert.doesNotMatch(r.stderr, /203\.0\.113\.7/, 'but not the address');
});

const cookieOf = (res, name) => (res.headers.getSetCookie?.() ?? []).find((c) => c.startsWith(`${name}=`));

test('the sign-in page is a labelled form with a CSRF token, in Dutch by default', async () => {
	const a = agent(base);
	const r = await a.get('/sign-in');
	assert.equal(r.status, 200);
	assert.match(r.body, /<h1>Inloggen<\/h1>/);
	assert.match(r.body, /<label for="f-email">E-mailadres/);
	assert.match(r.body, /<label for="f-password">Wachtwoord/);
	assert.match(r.body, /autocomplete="current-password"/);
	assert.ok(a.csrf && a.csrf.length >= 40, 'a CSRF token in the form');
	assert.ok(a.jar.has('__Host-lia_csrf'), 'the pre-session CSRF cookie is set');
});

test('a wrong password is refused with one message that does not say whether the address exists', async () => {
	const a = agent(base);
	await a.get('/sign-in');
	const wrong = await a.post('/sign-in', { email: DEMO.member, password: 'niet-het-goede' });
	const unknown = await a.post('/sign-in', { email: 'niemand@example.org', password: 'niet-het-goede' });
	for (const r of [wrong, unknown]) {
		assert.equal(r.status, 422);
		assert.match(r.body, /Het e-mailadres of het wachtwoord klopt niet/);
		assert.match(r.body, /class="error-summary"/);
		assert.ok(!cookieOf(r, '__Host-lia_session')?.match(/__Host-lia_session=[^;]+;/) || cookieOf(r, '__Host-lia_session').startsWith('__Host-lia_session=;'),
			'no session cookie after a failed sign-in');
		assert.match(r.body, /value="(projectgroep|niemand)@example\.org"/, 'the e-mail address is kept');
		assert.doesNotMatch(r.body, /niet-het-goede/, 'the password is never echoed');
	}
});

test('sign-in without the CSRF token is refused (403), with it allowed', async () => {
	const a = agent(base);
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { csrf: 'x'.repeat(43), email: DEMO.reader, password: DEMO_PASSWORD });
	assert.equal(r.status, 403);
	const none = await a.fetch('/sign-in', { method: 'POST', body: `email=${DEMO.reader}&password=${DEMO_PASSWORD}`,
		headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	assert.equal(none.status, 403);
	assert.ok(!a.jar.has('__Host-lia_session'));
	const ok = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD });
	assert.equal(ok.status, 303);
	assert.ok(a.jar.has('__Host-lia_session'));
});

test('a POST from another origin is refused even with a valid token', async () => {
	const a = await signIn(base, DEMO.reader);
	const r = await a.post('/sign-out', {}, { headers: { origin: 'https://evil.example' } });
	assert.equal(r.status, 403);
});

test('the session cookie is new at sign-in, HttpOnly, SameSite=Strict, Secure behind https; only its hash is stored', async () => {
	const a = agent(base);
	a.jar.set('__Host-lia_session', 'A'.repeat(43)); // a planted session id (fixation attempt)
	await a.get('/sign-in');
	const https = { headers: { 'x-forwarded-proto': 'https' } };
	const pending = await a.post('/sign-in', { email: DEMO.coordinator, password: DEMO_PASSWORD }, https);
	assert.equal(cookieOf(pending, '__Host-lia_session'), undefined, 'not after the password alone: the code comes first');
	const r = await answerCode(a, pending, DEMO.coordinator, { request: https });
	assert.equal(r.status, 303);
	const c = cookieOf(r, '__Host-lia_session');
	assert.ok(c, 'a session cookie is set');
	assert.match(c, /HttpOnly/);
	assert.match(c, /SameSite=Strict/);
	assert.match(c, /Secure/);
	const token = a.jar.get('__Host-lia_session');
	assert.notEqual(token, 'A'.repeat(43), 'the planted session id is not used');
	const stored = sql(srv.db, 'SELECT token_hash FROM session').map((x) => x.token_hash);
	assert.ok(stored.length > 0);
	assert.ok(!stored.includes(token), 'the token itself is not stored');
	assert.equal(sqlValue(srv.db, `SELECT count(*) FROM session WHERE token_hash LIKE '%${token.slice(0, 10)}%'`), 0);
	assert.match(c, /^__Host-lia_session=[^;]+; Path=\/; SameSite=Strict; HttpOnly; Secure$/,
		'__Host- prefixed, Path=/, no Domain, and no Max-Age: it ends with the browser');
	// Over plain http to a name that is not loopback the browser would drop a
	// Secure cookie: the bare names, without Secure (docs/sessions.md).
	const u = new URL(base);
	const rawGet = (path, headers) => new Promise((resolve, reject) => {
		http.get({ host: u.hostname, port: u.port, path, headers }, (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
	});
	const plain = await rawGet('/sign-in', { host: 'lia.example' });
	const set = String(plain.headers['set-cookie']);
	assert.match(set, /^lia_csrf=[^;]+; Path=\/; SameSite=Lax; HttpOnly$/, set);
	const local = await rawGet('/sign-in', { host: 'localhost:8080' });
	assert.match(String(local.headers['set-cookie']), /^__Host-lia_csrf=[^;]+; Path=\/; SameSite=Lax; HttpOnly; Secure$/);
	// A bare-named cookie is not read where the __Host- one is expected (and the other way round).
	const tokenNow = a.jar.get('__Host-lia_session');
	const bare = agent(base);
	bare.jar.set('lia_session', tokenNow);
	assert.doesNotMatch((await bare.get('/')).body, /Ingelogd als/);
});

test('passwords are stored as argon2id hashes', () => {
	const hashes = sql(srv.db, 'SELECT password_hash FROM user_account').map((x) => x.password_hash);
	assert.ok(hashes.length >= 5);
	for (const h of hashes) {
		assert.match(h, /^\$argon2id\$/);
		assert.ok(!h.includes(DEMO_PASSWORD));
	}
});

test('signed in, the page says who you are and drafts become visible; signing out ends the session for good', async () => {
	const a = await signIn(base, DEMO.coordinator);
	const home = await a.get('/periods');
	assert.match(textOf(home.body), /Ingelogd als Marloes Verhoeven/);
	assert.match(home.body, /3e voortgangsrapportage 2024/, 'the open period is visible when signed in');
	const pub = await agent(base).get('/periods');
	assert.doesNotMatch(pub.body, /3e voortgangsrapportage 2024/, 'but not for the public');
	const old = a.jar.get('__Host-lia_session');
	const out = await a.post('/sign-out', {});
	assert.equal(out.status, 303);
	assert.ok(!a.jar.has('__Host-lia_session'), 'the cookie is cleared');
	// Replaying the old cookie no longer signs anyone in.
	const replay = agent(base);
	replay.jar.set('__Host-lia_session', old);
	const r = await replay.get('/periods');
	assert.doesNotMatch(r.body, /Ingelogd als/);
	assert.doesNotMatch(r.body, /3e voortgangsrapportage 2024/);
	assert.equal(sqlValue(srv.db, "SELECT count(*) FROM session WHERE ended_at IS NOT NULL") > 0, true);
});

test('an idle or expired session no longer works', async () => {
	const a = await signIn(base, DEMO.member);
	assert.match((await a.get('/')).body, /Ingelogd als/);
	// Make every session look idle for years (the limit is 30 minutes).
	sqlWrite(srv.db, "UPDATE session SET last_seen_at = '2000-01-01T00:00:00Z'");
	assert.doesNotMatch((await a.get('/')).body, /Ingelogd als/);
});

test('sign-in is recorded in the audit log', () => {
	assert.ok(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE action = 'sign_in'") >= 1);
});

test('too many wrong passwords for one account: refused for a while, even with the right password; other accounts still work', async () => {
	const a = agent(base);
	await a.get('/sign-in');
	for (let i = 0; i < 5; i++) {
		const r = await a.post('/sign-in', { email: DEMO.expert, password: `fout-${i}-wachtwoord` });
		assert.equal(r.status, 422, `attempt ${i + 1}`);
	}
	const blocked = await a.post('/sign-in', { email: DEMO.expert, password: DEMO_PASSWORD });
	assert.equal(blocked.status, 429);
	assert.match(blocked.body, /te vaak geprobeerd/);
	assert.match(blocked.body, /15 minuten/);
	assert.ok(!a.jar.has('__Host-lia_session'));
	// The JSON client gets the same answer as problem details.
	const j = await a.fetch('/api/v1/sign-in', { method: 'POST', body: JSON.stringify({ email: DEMO.expert, password: DEMO_PASSWORD }),
		headers: { 'content-type': 'application/json', 'x-csrf-token': a.csrf } });
	assert.equal(j.status, 429);
	assert.equal(j.json.status, 429);
	// Another account from another address is not blocked.
	const other = await signIn(base, DEMO.dossierHolder);
	assert.ok(other.jar.has('__Host-lia_session'));
});

test('too many failures from one address: refused for every account from it', async () => {
	const a = agent(base);
	await a.get('/sign-in');
	const from = { headers: { 'x-forwarded-for': '203.0.113.7' } };
	for (let i = 0; i < 20; i++) await a.post('/sign-in', { email: `nobody${i}@example.org`, password: 'verkeerd-wachtwoord' }, from);
	const r = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD }, from);
	assert.equal(r.status, 429);
	const elsewhere = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': '198.51.100.9' } });
	assert.equal(elsewhere.status, 303);
});

test('a disabled account cannot sign in', async () => {
	const r = runLia(['user', 'disable', '--db', srv.db, '--email', DEMO.reader]);
	assert.equal(r.code, 0, r.stderr);
	const a = agent(base);
	await a.get('/sign-in');
	const res = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': '192.0.2.44' } });
	assert.equal(res.status, 422);
});

test('a personal API token works without CSRF; a wrong token is the public', async () => {
	const made = runLia(['user', 'token', '--db', srv.db, '--email', DEMO.member, '--token-name', 'test', '--write']);
	assert.equal(made.code, 0, made.stderr);
	const token = made.stdout.trim().split('\n').pop();
	assert.match(token, /^[A-Za-z0-9_-]{43}$/);
	assert.equal(sqlValue(srv.db, `SELECT count(*) FROM api_token WHERE token_hash = '${token}'`), 0, 'stored hashed');
	const withToken = await fetch(`${base}/api/v1/periods`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
	assert.ok(withToken.items.some((p) => p.state === 'open'), 'the token sees drafts');
	const wrong = await fetch(`${base}/api/v1/periods`, { headers: { authorization: 'Bearer ' + 'x'.repeat(43) } }).then((r) => r.json());
	assert.ok(!wrong.items.some((p) => p.state === 'open'));
	// A token-authenticated POST needs no CSRF token (it is not an ambient credential).
	const out = await fetch(`${base}/api/v1/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
	assert.notEqual(out.status, 403);
	// Without --write the token reads, and every change is refused.
	const ro = runLia(['user', 'token', '--db', srv.db, '--email', DEMO.member, '--token-name', 'lezen']);
	assert.equal(ro.code, 0, ro.stderr);
	const roToken = ro.stdout.trim().split('\n').pop();
	assert.equal((await fetch(`${base}/api/v1/periods`, { headers: { authorization: `Bearer ${roToken}` } })).status, 200);
	const refused = await fetch(`${base}/api/v1/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${roToken}`, 'content-type': 'application/json' }, body: '{}' });
	assert.equal(refused.status, 403);
	const row = sql(srv.db, "SELECT can_write, created_at, expires_at FROM api_token WHERE name = 'lezen'")[0];
	assert.equal(Number(row.can_write), 0);
	assert.equal((Date.parse(row.expires_at) - Date.parse(row.created_at)) / 86400000, 90, 'it ends after 90 days');
});

test('lia user: add, list, passwd, and clear errors', () => {
	const add = runLia(['user', 'add', '--db', srv.db, '--email', 'Nieuw@Example.org', '--role', 'reader', '--name', 'Nieuw', '--password-stdin'], { input: 'plein boom regen lamp\n' });
	assert.equal(add.code, 0, add.stderr);
	const again = runLia(['user', 'add', '--db', srv.db, '--email', 'nieuw@example.org', '--role', 'reader', '--password-stdin'], { input: 'plein boom regen lamp\n' });
	assert.equal(again.code, 1);
	assert.match(again.stderr, /already exists|bestaat al|al een account/);
	const short = runLia(['user', 'add', '--db', srv.db, '--email', 'kort@example.org', '--role', 'reader', '--password-stdin'], { input: 'kort-genoeg\n' });
	assert.equal(short.code, 1);
	assert.match(short.stderr, /12/);
	// Long enough but common, or built on the account's own address: refused too, saying why.
	for (const pw of ['wachtwoord2024!', 'password123456', 'welkom12345678', 'qwertyuiop123', 'kort@example.org']) {
		const weak = runLia(['user', 'add', '--db', srv.db, '--email', 'kort@example.org', '--role', 'reader', '--password-stdin'], { input: `${pw}\n` });
		assert.equal(weak.code, 1, pw);
		assert.match(weak.stderr, /te makkelijk te raden|too easy to guess/, pw);
	}
	assert.equal(sqlValue(srv.db, "SELECT count(*) FROM user_account WHERE email = 'kort@example.org'"), 0, 'nothing was added');
	const badRole = runLia(['user', 'add', '--db', srv.db, '--email', 'x@example.org', '--role', 'admin', '--password-stdin'], { input: 'plein boom regen lamp\n' });
	assert.equal(badRole.code, 2);
	const list = runLia(['user', 'list', '--db', srv.db]);
	assert.equal(list.code, 0);
	assert.match(list.stdout, /nieuw@example\.org/, 'e-mail addresses are stored in lower case');
	const pw = runLia(['user', 'passwd', '--db', srv.db, '--email', 'nieuw@example.org', '--password-stdin'], { input: 'nog een lang wachtwoord vandaag\n' });
	assert.equal(pw.code, 0, pw.stderr);
	assert.ok(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE entity = 'user_account' AND action = 'update'") >= 1);
	const dump = sql(srv.db, "SELECT before_json, after_json FROM audit_entry WHERE entity = 'user_account'");
	for (const d of dump) assert.doesNotMatch(`${d.before_json}${d.after_json}`, /argon2/, 'the audit log never holds password hashes');
});

test('after signing in, only local paths are followed (no open redirect)', async () => {
	for (const next of ['//evil.example/x', '/\t/evil.example', '/\\evil.example', 'https://evil.example', '/\r\n/evil.example']) {
		const a = agent(base);
		await a.get('/sign-in');
		const r = await a.post('/sign-in', { email: DEMO.dossierHolder, password: DEMO_PASSWORD, next }, { headers: { 'x-forwarded-for': '192.0.2.77' } });
		assert.equal(r.status, 303, `next=${JSON.stringify(next)}`);
		assert.equal(r.location, '/', `next=${JSON.stringify(next)} must not leave the site`);
	}
	const a = agent(base);
	await a.get('/sign-in');
	const ok = await a.post('/sign-in', { email: DEMO.dossierHolder, password: DEMO_PASSWORD, next: '/periods/3' }, { headers: { 'x-forwarded-for': '192.0.2.77' } });
	assert.equal(ok.location, '/periods/3');
	// With the second factor, the page after the code is the same local path.
	const b = agent(base);
	await b.get('/sign-in');
	const from = { headers: { 'x-forwarded-for': '192.0.2.77' } };
	const evil = await answerCode(b, await b.post('/sign-in', { email: DEMO.coordinator, password: DEMO_PASSWORD, next: '//evil.example/x' }, from), DEMO.coordinator, { request: from });
	assert.equal(evil.location, '/');
	const c = agent(base);
	await c.get('/sign-in');
	const local = await answerCode(c, await c.post('/sign-in', { email: DEMO.coordinator, password: DEMO_PASSWORD, next: '/periods/3' }, from), DEMO.coordinator, { request: from });
	assert.equal(local.location, '/periods/3');
});

test('signing in again ends the earlier session of that browser', async () => {
	const a = await signIn(base, DEMO.member);
	const first = a.jar.get('__Host-lia_session');
	const from = { headers: { 'x-forwarded-for': '192.0.2.78' } };
	await answerCode(a, await a.post('/sign-in', { email: DEMO.member, password: DEMO_PASSWORD }, from), DEMO.member, { request: from });
	assert.notEqual(a.jar.get('__Host-lia_session'), first);
	const old = agent(base);
	old.jar.set('__Host-lia_session', first);
	assert.doesNotMatch((await old.get('/')).body, /Ingelogd als/);
});

test('a new password ends every session of that account', async () => {
	const a = await signIn(base, DEMO.coordinator);
	assert.match((await a.get('/')).body, /Ingelogd als/);
	const r = runLia(['user', 'passwd', '--db', srv.db, '--email', DEMO.coordinator, '--password-stdin'], { input: `${DEMO_PASSWORD}\n` });
	assert.equal(r.code, 0, r.stderr);
	assert.doesNotMatch((await a.get('/')).body, /Ingelogd als/, 'the old session no longer works');
});
