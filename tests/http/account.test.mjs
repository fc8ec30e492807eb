// The account page (/account): one's own password (current one asked; the
// rules of core/password.c), one's sessions with "sign out" per session and
// everywhere, and one's API tokens: made only by their owner after typing
// the password again, with an expiry of at most a year, read-only unless
// asked; the coordinator can revoke, not make, someone else's. Each refusal
// has a case, and every change is audited.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/account.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo, exitReport, tempDir, removeDir } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { agent, signIn, sharedSignIn, answerCode, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { request } from '../lib/http.mjs';

let srv, base, clockDir, clockFile;
before(async () => {
	clockDir = tempDir('lia-clock-');
	clockFile = path.join(clockDir, 'offset');
	fs.writeFileSync(clockFile, '0');
	srv = await startDemo({ env: { LIA_TEST_CLOCK_FILE: clockFile } });
	base = srv.url.replace(/\/$/, '');
});
after(async () => {
	const r = await srv.cleanup();
	removeDir(clockDir);
	assert.equal(r.code, 0, exitReport(r));
});

// Audit entries by kind; the log's actions are a fixed list, so the notes tell these apart.
const AUDIT = {
	session_end: "entity = 'session' AND action = 'update'",
	sign_out_everywhere: "entity = 'user_account' AND action = 'update' AND after_json LIKE '%sessions_ended%'",
	password_change: "entity = 'user_account' AND action = 'update' AND after_json LIKE '%password_changed%'",
	create: "action = 'create'",
	update: "action = 'update'",
};
const audit = (kind) => Number(sqlValue(srv.db, `SELECT count(*) FROM audit_entry WHERE ${AUDIT[kind]}`));
const signedIn = async (a) => /Ingelogd als/.test((await a.get('/periods')).body);
const uidOf = (email) => Number(sqlValue(srv.db, `SELECT id FROM user_account WHERE email = '${email}'`));
const ua = (name) => ({ headers: { 'user-agent': name } });

/** Sign in with a given User-Agent (the device the account page shows). */
async function signInAs(email, device, password = DEMO_PASSWORD) {
	const a = agent(base);
	await a.get('/sign-in', ua(device));
	const r = await answerCode(a, await a.post('/sign-in', { email, password, next: '/' }, ua(device)), email, { request: ua(device) });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	await a.get('/', ua(device));
	return a;
}

test('the account page shows the account, its sessions (device, address, times) and the forms, in Dutch and English', async () => {
	const a = await signInAs(DEMO.dossierHolder, 'Testbrowser/1.0 (laptop)');
	await signInAs(DEMO.dossierHolder, 'Telefoonbrowser/2.0');
	const r = await a.get('/account');
	assert.equal(r.status, 200);
	assert.match(r.body, /<h1>Mijn account<\/h1>/);
	assert.match(r.body, /dossierhouder@example\.org/);
	assert.match(r.body, /Testbrowser\/1\.0 \(laptop\) <strong>\(dit apparaat\)<\/strong>/);
	assert.match(r.body, /Telefoonbrowser\/2\.0<\/th><td>127\.0\.0\.1<\/td><td>\d+ \w+ \d{4}, \d\d:\d\d<\/td>/);
	assert.match(r.body, /<label for="f-current_password">Uw huidige wachtwoord/);
	assert.match(r.body, /autocomplete="current-password"/);
	assert.match(r.body, /<form method="post" action="\/account\/sign-out-everywhere"/);
	assert.match(r.body, /<a href="\/account">[^<]+<span class="visually-hidden">: Mijn account<\/span><\/a>/, 'the header links to it: the name, named as the account');
	const en = await a.get('/account?lang=en');
	assert.match(en.body, /<h1>My account<\/h1>/);
	assert.match(en.body, /Where you are signed in/);
	// Nobody else's sessions, and no digest or CSRF token of any session.
	const j = (await a.get('/api/v1/account')).json;
	assert.equal(j.sessions.length, 2);
	assert.ok(j.sessions.every((s) => !('token_hash' in s) && !('csrf_token' in s)));
	assert.equal(j.sessions.filter((s) => s.is_current).length, 1);
	// The public is sent to sign in.
	const pub = await agent(base).get('/account');
	assert.equal(pub.status, 303);
	assert.match(pub.location, /^\/sign-in\?next=/);
});

test('sign out one session, or every session; another account\'s session cannot be ended', async () => {
	const laptop = await signInAs(DEMO.expert, 'Laptop/1');
	const phone = await signInAs(DEMO.expert, 'Telefoon/1');
	const other = await signInAs(DEMO.reader, 'Lezer/1');
	const phoneId = (await phone.get('/api/v1/account')).json.sessions.find((s) => s.is_current).id;
	const otherId = (await other.get('/api/v1/account')).json.sessions.find((s) => s.is_current).id;
	const n = audit('session_end');
	// Not one's own: 404, and it goes on working.
	const foreign = await laptop.post(`/account/sessions/${otherId}/end`);
	assert.equal(foreign.status, 404);
	assert.ok(await signedIn(other));
	assert.equal(audit('session_end'), n);
	const end = await laptop.post(`/account/sessions/${phoneId}/end`);
	assert.equal(end.status, 303);
	assert.equal(end.location, '/account#sessions');
	assert.ok(!(await signedIn(phone)), 'the phone is signed out');
	assert.ok(await signedIn(laptop), 'the laptop is not');
	assert.equal(audit('session_end'), n + 1);
	// Ending it needs the CSRF token.
	assert.equal((await laptop.post(`/account/sessions/${phoneId}/end`, { csrf: 'x'.repeat(43) })).status, 403);
	// Everywhere.
	const tablet = await signInAs(DEMO.expert, 'Tablet/1');
	const e = audit('sign_out_everywhere');
	const all = await laptop.post('/account/sign-out-everywhere');
	assert.equal(all.status, 303);
	assert.ok(!laptop.jar.has('__Host-lia_session'), 'this browser\'s cookie is cleared');
	assert.ok(!(await signedIn(tablet)) && !(await signedIn(laptop)));
	assert.ok(await signedIn(other), 'another account stays signed in');
	assert.equal(audit('sign_out_everywhere'), e + 1);
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM session WHERE user_id = ${uidOf(DEMO.expert)} AND ended_at IS NULL`)), 0);
});

test('changing one\'s password: the current one is asked, the rules say what to fix, nothing changes on a refusal', async () => {
	const a = await signInAs(DEMO.member, 'Browser/pw');
	const uid = uidOf(DEMO.member);
	const hash = () => sqlValue(srv.db, `SELECT password_hash FROM user_account WHERE id = ${uid}`);
	const was = hash();
	const cases = [
		[{ current_password: 'niet mijn wachtwoord', password: 'plein boom regen lamp', password_confirm: 'plein boom regen lamp' }, 'current_password', /Dit is niet uw huidige wachtwoord/],
		[{ current_password: DEMO_PASSWORD, password: 'te kort', password_confirm: 'te kort' }, 'password', /te kort\. Gebruik minstens 12 tekens/],
		[{ current_password: DEMO_PASSWORD, password: 'wachtwoord123', password_confirm: 'wachtwoord123' }, 'password', /te makkelijk te raden/],
		[{ current_password: DEMO_PASSWORD, password: 'projectgroep@example.org', password_confirm: 'projectgroep@example.org' }, 'password', /te makkelijk te raden/],
		[{ current_password: DEMO_PASSWORD, password: 'plein boom regen lamp', password_confirm: 'plein boom regen lampje' }, 'password_confirm', /niet hetzelfde/],
	];
	for (const [fields, field, message] of cases) {
		const r = await a.post('/account/password', fields);
		assert.equal(r.status, 422, `${field}: ${r.body.slice(0, 200)}`);
		assert.match(r.body, new RegExp(`id="f-${field}-error"`), field);
		assert.match(r.body, message, field);
		assert.match(r.body, /<a href="#f-/, 'the error summary links to the field');
		for (const v of Object.values(fields)) assert.ok(!r.body.includes(`value="${v}"`), 'no password is sent back');
		assert.equal(hash(), was, 'nothing changed');
	}
	assert.ok(await signedIn(a));
	const n = audit('password_change');
	const ok = await a.post('/account/password', { current_password: DEMO_PASSWORD, password: 'plein boom regen lamp', password_confirm: 'plein boom regen lamp' });
	assert.equal(ok.status, 303);
	assert.equal(ok.location, '/sign-in');
	assert.notEqual(hash(), was);
	assert.equal(audit('password_change'), n + 1);
	assert.ok(!(await signedIn(a)), 'a new password ends the sessions, this one too');
	await assert.rejects(signIn(base, DEMO.member), 'the old password no longer works');
	await signIn(base, DEMO.member, 'plein boom regen lamp');
	const log = JSON.stringify(sql(srv.db, 'SELECT before_json, after_json FROM audit_entry'));
	assert.doesNotMatch(log, /plein boom|argon2/, 'the audit log holds neither the password nor its hash');
});

test('the coordinator\'s accounts page uses the same password rules', async () => {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const n = Number(sqlValue(srv.db, 'SELECT count(*) FROM user_account'));
	for (const [pw, message] of [['kort', /minstens 12 tekens/], ['nieuwe.lezer2024', /te makkelijk te raden/], ['welkom01welkom01', /te makkelijk te raden/]]) {
		const r = await coord.post('/users', { email: 'nieuwe.lezer@example.org', display_name: 'Nieuwe Lezer', role: 'reader', password: pw, password_confirm: pw });
		assert.equal(r.status, 422, pw);
		assert.match(r.body, message, pw);
	}
	assert.equal(Number(sqlValue(srv.db, 'SELECT count(*) FROM user_account')), n);
	const ok = await coord.post('/users', { email: 'nieuwe.lezer@example.org', display_name: 'Nieuwe Lezer', role: 'reader', password: 'tulp regen boom plein', password_confirm: 'tulp regen boom plein' });
	assert.equal(ok.status, 303, ok.body.slice(0, 300));
});

test('API tokens: made only by their owner after typing the password; every refusal says what to fix and makes nothing', async () => {
	const a = await signInAs(DEMO.reader, 'Browser/tokens');
	const rows = () => Number(sqlValue(srv.db, 'SELECT count(*) FROM api_token'));
	const n = rows();
	for (const [fields, field] of [
		[{ name: 'Zonder wachtwoord', days: '90' }, 'token_password'],
		[{ name: 'Fout wachtwoord', days: '90', token_password: 'niet het wachtwoord' }, 'token_password'],
		[{ name: 'Te lang', days: '400', token_password: DEMO_PASSWORD }, 'days'],
		[{ name: '', days: '90', token_password: DEMO_PASSWORD }, 'name'],
	]) {
		const r = await a.post('/account/tokens', fields);
		assert.equal(r.status, 422, JSON.stringify(fields));
		assert.match(r.body, new RegExp(`id="f-${field}(-0)?-error"|id="f-${field}-error"`), JSON.stringify(fields));
		assert.doesNotMatch(r.body, /id="new-token"/);
		assert.doesNotMatch(r.body, new RegExp(DEMO_PASSWORD), 'the password is not sent back');
	}
	assert.equal(rows(), n, 'no token was made');
	// JSON too: 422 with the field.
	const j = await a.postJson('/api/v1/account/tokens', { name: 'x', days: '90', token_password: 'fout' });
	assert.equal(j.status, 422);
	assert.ok(j.json.errors.token_password);
	// A token cannot make a token: an API client cannot sign in again.
	const c = audit('create');
	const made = await a.postJson('/api/v1/account/tokens', { name: 'Lezen', days: '30', token_password: DEMO_PASSWORD });
	assert.equal(made.status, 201, made.body);
	assert.equal(made.json.can_write, 0, 'read-only unless asked');
	const created = Date.parse(made.json.created_at), expires = Date.parse(made.json.expires_at);
	assert.equal((expires - created) / 86400000, 30);
	assert.ok(audit('create') > c);
	const viaToken = await request(base + '/api/v1/account/tokens', { method: 'POST', headers: { authorization: `Bearer ${made.json.token}`, 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ name: 'Via token', days: '365', password: DEMO_PASSWORD }) });
	assert.equal(viaToken.status, 403, 'a read-only token cannot make another');
	// The most is a year.
	const year = await a.postJson('/api/v1/account/tokens', { name: 'Een jaar', days: '365', token_password: DEMO_PASSWORD });
	assert.equal(year.status, 201);
	assert.equal((Date.parse(year.json.expires_at) - Date.parse(year.json.created_at)) / 86400000, 365);
});

test('a read-only token reads but every change is refused (403) and changes nothing; a write token may change', async () => {
	const m = await signInAs(DEMO.member, 'Browser/scope', 'plein boom regen lamp');
	const read = (await m.postJson('/api/v1/account/tokens', { name: 'Alleen lezen', days: '90', token_password: 'plein boom regen lamp' })).json.token;
	const write = (await m.postJson('/api/v1/account/tokens', { name: 'Schrijven', days: '90', can_write: '1', token_password: 'plein boom regen lamp' })).json;
	assert.equal(write.can_write, 1);
	const period = sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open'");
	const count = () => Number(sqlValue(srv.db, 'SELECT count(*) FROM narrative'));
	const call = (token, method, p, body) => request(base + '/api/v1' + p, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' }, body: body && JSON.stringify(body) });
	const list = await call(read, 'GET', '/periods');
	assert.equal(list.status, 200);
	assert.ok(list.json.items.some((p) => p.state === 'open'), 'it reads as its owner');
	const n = count();
	const refused = await call(read, 'POST', `/periods/${period}/narratives`, { kind: 'outlook', title: 'Mag niet', body_md: '' });
	assert.equal(refused.status, 403);
	assert.match(refused.json.detail, /alleen lezen|only read/);
	assert.equal(count(), n);
	for (const p of ['/sign-out', '/account/sign-out-everywhere', `/account/tokens/${write.id}/revoke`])
		assert.equal((await call(read, 'POST', p, {})).status, 403, p);
	const ok = await call(write.token, 'POST', `/periods/${period}/narratives`, { kind: 'outlook', title: 'Mag wel', body_md: '' });
	assert.equal(ok.status, 201, ok.body);
	assert.equal(count(), n + 1);
	// Even a write token never changes its account: password, sessions, tokens.
	const tokens = Number(sqlValue(srv.db, 'SELECT count(*) FROM api_token'));
	const hash = sqlValue(srv.db, `SELECT password_hash FROM user_account WHERE email = '${DEMO.member}'`);
	for (const [p, body] of [
		['/account/password', { current_password: 'plein boom regen lamp', password: 'tulp regen boom plein', password_confirm: 'tulp regen boom plein' }],
		['/account/tokens', { name: 'Via token', days: '365', can_write: '1', token_password: 'plein boom regen lamp' }],
		['/account/sign-out-everywhere', {}],
		[`/account/tokens/${write.id}/revoke`, {}],
	]) {
		const r = await call(write.token, 'POST', p, body);
		assert.equal(r.status, 403, `${p}: ${r.body}`);
		assert.match(r.json.detail, /API-sleutel kan uw account niet veranderen|API token cannot change your account/);
	}
	assert.equal(Number(sqlValue(srv.db, 'SELECT count(*) FROM api_token')), tokens);
	assert.equal(sqlValue(srv.db, `SELECT password_hash FROM user_account WHERE email = '${DEMO.member}'`), hash);
	assert.ok(await signedIn(m), 'the sessions go on');
});

test('the coordinator can revoke, not make, someone else\'s token; an owner revokes only their own', async () => {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const holder = await signInAs(DEMO.dossierHolder, 'Browser/revoke');
	const uid = uidOf(DEMO.dossierHolder);
	for (const p of [`/users/${uid}/tokens`, `/api/v1/users/${uid}/tokens`]) {
		const r = p.startsWith('/api') ? await coord.postJson(p, { name: 'Voor een ander' }) : await coord.post(p, { name: 'Voor een ander' });
		assert.equal(r.status, 404, p);
	}
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM api_token WHERE name = 'Voor een ander'`)), 0);
	const t = (await holder.postJson('/api/v1/account/tokens', { name: 'Van Ruud', days: '90', token_password: DEMO_PASSWORD })).json;
	const works = () => request(base + '/api/v1/periods/1/quality', { headers: { authorization: `Bearer ${t.token}`, accept: 'application/json' } });
	assert.equal((await works()).status, 200);
	// Someone else (not the coordinator) cannot revoke it on their account page.
	const other = await signInAs(DEMO.reader, 'Browser/other', DEMO_PASSWORD);
	assert.equal((await other.post(`/account/tokens/${t.id}/revoke`)).status, 404);
	assert.equal((await other.post(`/tokens/${t.id}/revoke`)).status, 403, 'nor on the coordinator\'s route');
	assert.equal((await works()).status, 200);
	const r = audit('update');
	const rv = await coord.post(`/tokens/${t.id}/revoke`);
	assert.equal(rv.status, 303);
	assert.equal((await works()).status, 401);
	assert.ok(audit('update') > r, 'revoking is audited');
	// The owner revokes their own.
	const t2 = (await holder.postJson('/api/v1/account/tokens', { name: 'Van Ruud 2', days: '90', token_password: DEMO_PASSWORD })).json;
	const own = await holder.post(`/account/tokens/${t2.id}/revoke`);
	assert.equal(own.status, 303);
	assert.equal(own.location, '/account#tokens');
	assert.ok(sqlValue(srv.db, `SELECT revoked_at FROM api_token WHERE id = ${t2.id}`));
});

test('a token stops working when it expires', async () => {
	const a = await signInAs(DEMO.reader, 'Browser/expiry');
	const t = (await a.postJson('/api/v1/account/tokens', { name: 'Kort', days: '30', token_password: DEMO_PASSWORD })).json;
	const call = () => request(base + '/api/v1/periods/1/quality', { headers: { authorization: `Bearer ${t.token}`, accept: 'application/json' } });
	assert.equal((await call()).status, 200);
	fs.writeFileSync(clockFile, String(29 * 86400));
	assert.equal((await call()).status, 200, 'on day 29 it works');
	fs.writeFileSync(clockFile, String(31 * 86400));
	assert.equal((await call()).status, 401, 'on day 31 it does not');
	fs.writeFileSync(clockFile, '0');
});

// Issue 14: the password checks on this page count with the sign-in
// throttle, and a new password revokes the account's API tokens.

/** A new reader account made by the coordinator (so a lock-out touches no other test). */
async function newAccount(email, password = 'tulp regen boom plein') {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const r = await coord.post('/users', { email, display_name: email, role: 'reader', password, password_confirm: password });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	return password;
}
const lockOuts = (uid) => Number(sqlValue(srv.db, `SELECT count(*) FROM access_log WHERE what = 'lock_out' AND user_id = ${uid}`));

for (const [what, url, wrong, right, made] of [
	['making a token', '/account/tokens',
		{ name: 'Slot', days: '365', can_write: 'on', token_password: 'niet het wachtwoord' },
		(pw) => ({ name: 'Slot', days: '365', can_write: 'on', token_password: pw }),
		(uid) => Number(sqlValue(srv.db, `SELECT count(*) FROM api_token WHERE user_id = ${uid}`))],
	['changing the password', '/account/password',
		{ current_password: 'niet het wachtwoord', password: 'plein boom regen lamp', password_confirm: 'plein boom regen lamp' },
		(pw) => ({ current_password: pw, password: 'plein boom regen lamp', password_confirm: 'plein boom regen lamp' }),
		(uid) => sqlValue(srv.db, `SELECT password_hash FROM user_account WHERE id = ${uid}`)],
]) {
	test(`${what}: 5 wrong passwords in 15 minutes, then even the right one is refused, the session ends and the lock-out is on record`, async () => {
		const email = `slot.${url.split('/').pop()}@example.org`;
		const pw = await newAccount(email);
		const uid = uidOf(email);
		const a = await signInAs(email, 'Browser/slot', pw);
		const was = made(uid);
		for (let i = 1; i <= 5; i++) {
			const r = await a.post(url, wrong);
			assert.equal(r.status, 422, `wrong try ${i}`);
		}
		assert.ok(await signedIn(a), 'still signed in after 5 wrong tries');
		assert.equal(lockOuts(uid), 0);
		const r = await a.post(url, right(pw));
		assert.equal(r.status, 429, r.body.slice(0, 300));
		assert.match(r.body, /Uw wachtwoord is te vaak fout getypt\. Voor uw veiligheid bent u uitgelogd\. Wacht 15 minuten/);
		assert.deepEqual(made(uid), was, 'nothing was made or changed');
		assert.ok(!(await signedIn(a)), 'the session ended');
		assert.notEqual(sqlValue(srv.db, `SELECT ended_at FROM session WHERE user_id = ${uid} ORDER BY id DESC LIMIT 1`), null);
		assert.equal(lockOuts(uid), 1, 'the lock-out is in the access log');
		assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM sign_in_attempt WHERE email = '${email}' AND success = 0`)), 5, 'each wrong try counted');
		// Signing in is locked for the account too (the same counter).
		await assert.rejects(signIn(base, email, pw), /429/);
		// In English.
		const b = agent(base);
		await b.get('/sign-in?lang=en');
		const en = await b.post('/sign-in', { email, password: pw });
		assert.equal(en.status, 429);
		assert.match(en.body, /too many wrong attempts/);
	});
}

test('a new password on the account page revokes the account\'s API tokens (audited) and says so', async () => {
	const email = 'sleutels.weg@example.org';
	const pw = await newAccount(email);
	const uid = uidOf(email);
	const a = await signInAs(email, 'Browser/tokens-weg', pw);
	assert.match((await a.get('/account')).body, /uw API-sleutels werken niet meer: maak nieuwe als u ze nodig heeft/);
	const t = (await a.postJson('/api/v1/account/tokens', { name: 'Schrijven', days: '365', can_write: true, token_password: pw })).json;
	const call = () => request(base + '/api/v1/periods/1/quality', { headers: { authorization: `Bearer ${t.token}`, accept: 'application/json' } });
	assert.equal((await call()).status, 200);
	const ok = await a.post('/account/password', { current_password: pw, password: 'plein boom regen lamp', password_confirm: 'plein boom regen lamp' });
	assert.equal(ok.status, 303);
	assert.equal((await call()).status, 401, 'the token no longer works');
	assert.notEqual(sqlValue(srv.db, `SELECT revoked_at FROM api_token WHERE id = ${t.id}`), null);
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM audit_entry WHERE entity = 'api_token' AND action = 'update' AND entity_id = ${t.id}`)), 1, 'audited');
	const page = await a.get(ok.location);
	assert.match(page.body, /Uw wachtwoord is veranderd\. Voor uw veiligheid bent u overal uitgelogd, en uw API-sleutels werken niet meer/);
});

test('the language of one\'s e-mails: saved and audited; another language is refused with a message and changes nothing', async () => {
	const a = await signIn(base, DEMO.reader);
	const uid = uidOf(DEMO.reader);
	const langOf = () => sqlValue(srv.db, `SELECT lang FROM user_account WHERE id = ${uid}`);
	assert.equal(langOf(), 'nl');
	const page = await a.get('/account');
	assert.match(page.body, /<input type="radio"[^>]*name="lang"[^>]*value="nl"[^>]*checked/);
	const before = audit('update');
	const bad = await a.post('/account/language', { lang: 'de' });
	assert.equal(bad.status, 422);
	assert.match(bad.body, /href="#f-lang"|id="f-lang/, 'the error leads to the field');
	assert.equal(langOf(), 'nl', 'a refusal changes nothing');
	assert.equal(audit('update'), before);
	const ok = await a.post('/account/language', { lang: 'en' });
	assert.equal(ok.status, 303);
	assert.equal(ok.location, '/account');
	assert.equal(langOf(), 'en');
	const entry = sql(srv.db, `SELECT before_json, after_json FROM audit_entry WHERE entity = 'user_account'
		AND entity_id = ${uid} AND action = 'update' ORDER BY id DESC LIMIT 1`)[0];
	assert.match(String(entry.before_json), /"lang":\s*"nl"/);
	assert.match(String(entry.after_json), /"lang":\s*"en"/);
	const after = await a.get('/account');
	assert.match(after.body, /<input type="radio"[^>]*name="lang"[^>]*value="en"[^>]*checked/);
	// Without a session there is no form to send.
	const anon = await request(`${base}/account/language`, { method: 'POST', body: 'lang=nl',
		headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	assert.ok([303, 401, 403].includes(anon.status), `anonymous: ${anon.status}`);
	assert.equal(langOf(), 'en');
});
