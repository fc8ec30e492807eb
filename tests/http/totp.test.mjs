// The second factor (TOTP, issue 14): after a right password an account with
// a second factor gets no session until it sends a right code; a wrong,
// replayed or too old code gives none; recovery codes work once; roles that
// need a second factor set one up before any session; others may on
// /account; the coordinator (and `lia user totp-reset`) removes one; the key
// never shows in the audit log or an export; wrong codes count for the
// sign-in throttle. Codes are made with oathtool, as a phone app would.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/totp.test.mjs
// (and on PostgreSQL: tests/lib/pg.sh run env LIA_BIN=... node --test ...)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo, runLia, exitReport, tempDir, removeDir } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { agent, signIn, sharedSignIn, answerCode, nextCode, totpCode, usedStep, DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRET, TOTP_STEP_S } from '../lib/auth.mjs';
import { textOf, decodeEntities } from '../lib/http.mjs';

const SESSION = '__Host-lia_session', PENDING = '__Host-lia_pending';
const NEW_PW = 'plein boom regen lamp';
let srv, base, clockDir, clockFile, offsetS = 0;

before(async () => {
	clockDir = tempDir('lia-clock-');
	clockFile = path.join(clockDir, 'offset');
	fs.writeFileSync(clockFile, '0');
	srv = await startDemo({ args: ['--trust-proxy'], env: { LIA_TEST_CLOCK_FILE: clockFile } });
	base = srv.url.replace(/\/$/, '');
});
after(async () => {
	const r = await srv.cleanup();
	removeDir(clockDir);
	assert.equal(r.code, 0, exitReport(r));
	assert.match(r.stderr, /a code for projectgroep@example\.org was used again/, 'a replay is in the log');
	assert.match(r.stderr, /sign-in code refused for ervaringsdeskundige@example\.org: too many failures/);
});

const nowStep = () => Math.floor((Date.now() / 1000 + offsetS) / TOTP_STEP_S);
/** Each test's own client address (the throttle counts per address too). */
let addr = 10;
const from = () => ({ headers: { 'x-forwarded-for': `198.51.100.${addr++}` } });

/** The password step only: the agent and the answer. */
async function passwordStep(email, password = DEMO_PASSWORD, opts = {}) {
	const a = agent(base);
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { email, password, next: '/account' }, opts);
	return { a, r };
}

/** Is the agent signed in? (/account answers the page, not a redirect to sign in.) */
async function signedIn(a) {
	const r = await a.get('/account');
	return r.status === 200;
}

/** A new account made with the CLI (no second factor). */
function addAccount(email, role, extra = []) {
	const r = runLia(['user', 'add', '--db', srv.db, '--email', email, '--role', role, '--name', email.split('@')[0],
		'--password-stdin', ...extra], { input: `${NEW_PW}\n` });
	assert.equal(r.code, 0, r.stderr);
}

/** The audit log's entries (their "after") about the account of email. */
function auditOf(email) {
	return sql(srv.db, `SELECT a.after_json AS after FROM audit_entry a JOIN user_account u ON u.id = a.entity_id
		WHERE a.entity = 'user_account' AND u.email = '${email}' ORDER BY a.id`).map((r) => JSON.parse(r.after ?? 'null') ?? {});
}

/** The key shown on an enrolment page, without spaces. */
function keyOf(html) {
	const m = html.match(/id="tf-key-text" class="key-text"[^>]*>([A-Z2-7 ]+)</);
	assert.ok(m, 'the key is on the page as text');
	return m[1].replace(/ /g, '');
}

/** Set up the second factor on an enrolment page (action: its form's address): the recovery codes. */
async function enrol(a, page, action, email) {
	const key = keyOf(page.body);
	const step = nowStep();
	usedStep(base, email, step);
	const r = await a.post(action, { code: totpCode(key, step) });
	assert.equal(r.status, 201, r.body.slice(0, 600));
	const codes = [...r.body.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
	assert.equal(codes.length, 10, 'ten recovery codes');
	assert.match(r.headers.get('cache-control') ?? '', /no-store/, 'a page with secrets is not stored');
	return { key, codes, r };
}

test('a right password gives a pending sign-in, not a session; the code page asks for the code', async () => {
	const { a, r } = await passwordStep(DEMO.coordinator);
	assert.equal(r.status, 303);
	assert.equal(r.location, '/sign-in/code');
	assert.ok(a.jar.has(PENDING), 'the pending cookie is set');
	assert.ok(!a.jar.has(SESSION), 'but no session cookie');
	const cookie = (r.headers.getSetCookie?.() ?? []).find((c) => c.startsWith(`${PENDING}=`));
	assert.match(cookie, /HttpOnly/);
	assert.match(cookie, /SameSite=Strict/);
	assert.doesNotMatch(cookie, /Max-Age/i, 'it ends with the browser');
	assert.equal(await signedIn(a), false, 'the pending cookie opens nothing');
	const page = await a.get('/sign-in/code');
	assert.equal(page.status, 200);
	assert.match(page.body, /<label for="f-code">Code/);
	assert.match(page.body, /autocomplete="one-time-code"/);
	// Without a pending sign-in, the code page sends back to the password.
	const stranger = agent(base);
	const none = await stranger.get('/sign-in/code');
	assert.equal(none.status, 303);
	assert.equal(none.location, '/sign-in');
	const code = await stranger.post('/sign-in/code', { code: totpCode(DEMO_TOTP_SECRET, nowStep() + 1) });
	assert.equal(code.status, 303, 'a code without a password is not looked at');
	assert.ok(!stranger.jar.has(SESSION));
});

test('a right password with a wrong code gives no session, is counted and on record', async () => {
	const before = sqlValue(srv.db, "SELECT count(*) FROM sign_in_attempt WHERE email = 'coordinator@example.org' AND success = 0");
	const { a } = await passwordStep(DEMO.coordinator);
	const right = totpCode(DEMO_TOTP_SECRET, nowStep());
	const wrong = right === '000000' ? '000001' : '000000';
	const r = await a.post('/sign-in/code', { code: wrong });
	assert.equal(r.status, 422);
	assert.match(textOf(r.body), /Deze code klopt niet/);
	assert.ok(!a.jar.has(SESSION), 'no session cookie');
	assert.equal(await signedIn(a), false, 'the next page is not signed in');
	assert.equal(Number(sqlValue(srv.db, "SELECT count(*) FROM sign_in_attempt WHERE email = 'coordinator@example.org' AND success = 0")),
		Number(before) + 1, 'the wrong code counts for the throttle');
	assert.ok(Number(sqlValue(srv.db, "SELECT count(*) FROM access_log WHERE what = 'sign_in' AND allowed = 0 AND entity = 'user_account'")) >= 1);
	// The same pending sign-in then takes a right code.
	const ok = await answerCode(a, { status: 303, location: '/sign-in/code' }, DEMO.coordinator);
	assert.equal(ok.status, 303);
	assert.equal(ok.location, '/account');
	assert.ok(a.jar.has(SESSION));
	assert.ok(!a.jar.has(PENDING), 'the pending cookie is cleared');
	assert.equal(await signedIn(a), true);
	// A pending sign-in is used once.
	const again = await a.post('/sign-in/code', { code: await nextCode(base, DEMO.coordinator) }, { headers: { cookie: `${PENDING}=${'x'.repeat(43)}` } });
	assert.equal(again.status, 303);
	assert.equal(again.location, '/sign-in');
});

test('a replayed code gives no session, even within its half minute', async () => {
	const first = await passwordStep(DEMO.member);
	const code = await nextCode(base, DEMO.member);
	const ok = await first.a.post('/sign-in/code', { code });
	assert.equal(ok.status, 303);
	assert.ok(first.a.jar.has(SESSION));
	const second = await passwordStep(DEMO.member);
	const replay = await second.a.post('/sign-in/code', { code });
	assert.equal(replay.status, 422, 'the same code again is refused');
	assert.ok(!second.a.jar.has(SESSION));
	assert.equal(await signedIn(second.a), false);
	// An earlier step than the last accepted one is refused too.
	const last = Number(sqlValue(srv.db, "SELECT totp_last_step FROM user_account WHERE email = 'projectgroep@example.org'"));
	const earlier = await second.a.post('/sign-in/code', { code: totpCode(DEMO_TOTP_SECRET, last - 1) });
	assert.equal(earlier.status, 422);
	assert.ok(!second.a.jar.has(SESSION));
});

test('codes of steps outside now-1..now+1 are refused', async () => {
	const { a } = await passwordStep(DEMO.coordinator);
	for (const step of [nowStep() - 3, nowStep() + 3]) {
		const r = await a.post('/sign-in/code', { code: totpCode(DEMO_TOTP_SECRET, step) });
		assert.equal(r.status, 422, `step ${step - nowStep()} from now`);
		assert.ok(!a.jar.has(SESSION));
	}
	assert.equal(await signedIn(a), false);
});

test('an API client sends the code with the password; without it, no session', async () => {
	const j = (a, body) => a.fetch('/api/v1/sign-in', { method: 'POST', body: JSON.stringify(body),
		headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': a.csrf } });
	const a = agent(base);
	await a.get('/sign-in');
	const none = await j(a, { email: DEMO.coordinator, password: DEMO_PASSWORD });
	assert.equal(none.status, 400);
	assert.ok(!a.jar.has(SESSION) && !a.jar.has(PENDING));
	const ok = await j(a, { email: DEMO.coordinator, password: DEMO_PASSWORD, code: await nextCode(base, DEMO.coordinator) });
	assert.equal(ok.status, 200, ok.body);
	assert.deepEqual(ok.json, { signed_in: true });
	assert.ok(a.jar.has(SESSION));
});

test('a coordinator made on the command line sets up the second factor before any session; recovery codes work once', async () => {
	const email = 'nieuwe.coordinator@example.org';
	addAccount(email, 'coordinator');
	const { a, r } = await passwordStep(email, NEW_PW);
	assert.equal(r.location, '/sign-in/enrol');
	assert.ok(!a.jar.has(SESSION));
	assert.equal(await signedIn(a), false, 'no session before the second factor is set up');
	const page = await a.get('/sign-in/enrol');
	assert.equal(page.status, 200);
	assert.match(page.headers.get('cache-control') ?? '', /no-store/);
	assert.match(page.body, /<svg [^>]*role="img" aria-label="QR-code[^"]*"/, 'the QR code is an image with a name');
	const key = keyOf(page.body);
	assert.match(page.body, new RegExp(`>${key.match(/.{4}/g).join(' ')}</code>`), 'the key in groups of 4');
	// The QR code holds an otpauth URI with issuer lia; the text key is the same key.
	assert.equal(sqlValue(srv.db, `SELECT secret FROM totp_enrolment e JOIN user_account u ON u.id = e.user_id WHERE u.email = '${email}'`), key);
	// A wrong code does not turn it on.
	const wrong = await a.post('/sign-in/enrol', { code: '123456' === totpCode(key, nowStep()) ? '654321' : '123456' });
	assert.equal(wrong.status, 422);
	assert.ok(!a.jar.has(SESSION));
	assert.equal(keyOf(wrong.body), key, 'the same key stays');
	const { codes, r: done } = await enrol(a, page, '/sign-in/enrol', email);
	assert.ok(a.jar.has(SESSION), 'now signed in');
	assert.match(done.body, /href="\/account"/, 'continue to where the sign-in was going');
	assert.equal(await signedIn(a), true);
	// Only digests of the recovery codes are kept.
	const hashes = sql(srv.db, `SELECT code_hash FROM totp_recovery r JOIN user_account u ON u.id = r.user_id WHERE u.email = '${email}'`);
	assert.equal(hashes.length, 10);
	for (const c of codes) assert.ok(!hashes.some((h) => h.code_hash.includes(c.replace('-', ''))), 'no code in plain text');
	// A recovery code instead of the app's code, once (typed in lower case with a space).
	const b = await passwordStep(email, NEW_PW);
	assert.equal(b.r.location, '/sign-in/code');
	const rec = await b.a.post('/sign-in/code', { code: codes[0].toLowerCase().replace('-', ' ') });
	assert.equal(rec.status, 303, rec.body.slice(0, 300));
	assert.ok(b.a.jar.has(SESSION));
	const c = await passwordStep(email, NEW_PW);
	const reuse = await c.a.post('/sign-in/code', { code: codes[0] });
	assert.equal(reuse.status, 422, 'a recovery code works once');
	assert.ok(!c.a.jar.has(SESSION));
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM totp_recovery r JOIN user_account u ON u.id = r.user_id WHERE u.email = '${email}' AND used_at IS NULL`)), 9);
	// New codes from /account, after the password: the old ones stop working.
	const acc = await a.get('/account');
	assert.match(textOf(acc.body), /Herstelcodes die u nog niet hebt gebruikt: 9/);
	const badPw = await a.post('/account/two-factor/recovery-codes', { codes_password: 'niet het goede wachtwoord' });
	assert.equal(badPw.status, 422);
	const fresh = await a.post('/account/two-factor/recovery-codes', { codes_password: NEW_PW });
	assert.equal(fresh.status, 201);
	const newCodes = [...fresh.body.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
	assert.equal(newCodes.length, 10);
	const d = await passwordStep(email, NEW_PW);
	assert.equal((await d.a.post('/sign-in/code', { code: codes[1] })).status, 422, 'an old code no longer works');
	assert.equal((await d.a.post('/sign-in/code', { code: newCodes[0] })).status, 303);
	// The key and the codes are nowhere in the audit log, its page or the exports.
	const audit = JSON.stringify(sql(srv.db, 'SELECT * FROM audit_entry'));
	assert.ok(!audit.includes(key), 'not in the audit log');
	assert.ok(auditOf(email).some((e) => e.second_factor === 'on'), 'but setting it up is on record');
	assert.ok(auditOf(email).some((e) => e.second_factor === 'recovery_code_used' && e.recovery_codes_left === 9));
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const auditPage = await coord.get('/audit');
	assert.equal(auditPage.status, 200);
	assert.ok(!auditPage.body.includes(key));
	const all = runLia(['export-all', '--db', srv.db, '--output', path.join(clockDir, 'export') + '/']);
	assert.equal(all.code, 0, all.stderr);
	const files = fs.readdirSync(path.join(clockDir, 'export'), { recursive: true }).map((f) => path.join(clockDir, 'export', f)).filter((f) => fs.statSync(f).isFile());
	assert.ok(files.length > 5);
	for (const f of files) {
		const text = fs.readFileSync(f, 'latin1');
		assert.ok(!text.includes(key) && !text.includes(DEMO_TOTP_SECRET), `no key in ${path.basename(f)}`);
		assert.ok(!text.includes(hashes[0].code_hash), `no recovery code digest in ${path.basename(f)}`);
	}
});

test('the key is not in lia person export', async () => {
	const person = sqlValue(srv.db, "SELECT person_id FROM user_account WHERE email = 'coordinator@example.org'");
	const r = runLia(['person', 'export', '--db', srv.db, String(person)]);
	assert.equal(r.code, 0, r.stderr);
	assert.ok(!r.stdout.includes(DEMO_TOTP_SECRET));
	assert.ok(!r.stdout.includes('totp_secret'));
	assert.ok(JSON.parse(r.stdout).tables['user_account.person_id'].length === 1);
});

test('a reader may set up the second factor on /account; then signing in asks for the code', async () => {
	const email = 'lezer.twee@example.org';
	addAccount(email, 'reader');
	const a = await signIn(base, email, NEW_PW); // no code asked
	const acc = await a.get('/account');
	assert.match(acc.body, /href="\/account\/two-factor"/);
	const page = await a.get('/account/two-factor');
	assert.equal(page.status, 200);
	assert.match(page.body, /action="\/account\/two-factor"/);
	const wrong = await a.post('/account/two-factor', { code: 'abcdef' });
	assert.equal(wrong.status, 422);
	assert.equal(sqlValue(srv.db, `SELECT totp_secret FROM user_account WHERE email = '${email}'`), null, 'not on after a wrong code');
	await enrol(a, page, '/account/two-factor', email);
	assert.equal(await signedIn(a), true, 'still signed in');
	const { r } = await passwordStep(email, NEW_PW);
	assert.equal(r.location, '/sign-in/code');
	// An API token cannot set it up.
	const tok = await a.post('/account/tokens', { name: 't', days: '30', token_password: NEW_PW });
	const token = decodeEntities(tok.body.match(/id="new-token" value="([^"]+)"/)[1]);
	const viaToken = await agent(base).fetch('/api/v1/account/two-factor', { headers: { authorization: `Bearer ${token}` } });
	assert.equal(viaToken.status, 403);
});

test('the coordinator removes a second factor (a lost phone); the account sets it up again at its next sign-in', async () => {
	const email = 'telefoon.kwijt@example.org';
	addAccount(email, 'project_member');
	const { a } = await passwordStep(email, NEW_PW);
	await enrol(a, await a.get('/sign-in/enrol'), '/sign-in/enrol', email);
	assert.equal(await signedIn(a), true);
	const id = sqlValue(srv.db, `SELECT id FROM user_account WHERE email = '${email}'`);
	const member = await signIn(base, DEMO.member);
	assert.equal((await member.post(`/users/${id}/two-factor/reset`, {})).status, 403, 'only the coordinator');
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const form = await coord.get(`/users/${id}/edit`);
	assert.match(form.body, new RegExp(`action="/users/${id}/two-factor/reset"`));
	const r = await coord.post(`/users/${id}/two-factor/reset`, {});
	assert.equal(r.status, 303);
	assert.equal(r.location, `/users/${id}/edit#second-factor`);
	assert.equal(sqlValue(srv.db, `SELECT totp_secret FROM user_account WHERE id = ${id}`), null);
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM totp_recovery WHERE user_id = ${id}`)), 0);
	assert.equal(await signedIn(a), false, 'their sessions end');
	const reset = auditOf(email).find((e) => e.second_factor === 'off');
	assert.ok(reset, 'the reset is on record');
	const again = await passwordStep(email, NEW_PW);
	assert.equal(again.r.location, '/sign-in/enrol');
	// The command line does the same.
	await enrol(again.a, await again.a.get('/sign-in/enrol'), '/sign-in/enrol', email);
	const cli = runLia(['user', 'totp-reset', '--db', srv.db, '--email', email]);
	assert.equal(cli.code, 0, cli.stderr);
	assert.equal(sqlValue(srv.db, `SELECT totp_secret FROM user_account WHERE id = ${id}`), null);
	assert.equal((await passwordStep(email, NEW_PW)).r.location, '/sign-in/enrol');
	assert.notEqual(runLia(['user', 'totp-reset', '--db', srv.db, '--email', 'niemand@example.org']).code, 0);
});

test('a reader made project group member sets up the second factor at the next sign-in', async () => {
	const email = 'wordt.lid@example.org';
	addAccount(email, 'reader');
	assert.equal((await passwordStep(email, NEW_PW)).r.status, 303);
	const id = sqlValue(srv.db, `SELECT id FROM user_account WHERE email = '${email}'`);
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const r = await coord.post(`/users/${id}`, { display_name: 'Wordt Lid', role: 'project_member' });
	assert.equal(r.status, 303, r.body.slice(0, 400));
	assert.equal((await passwordStep(email, NEW_PW)).r.location, '/sign-in/enrol');
});

test('wrong codes count for the sign-in throttle: after 5, not even a right code signs in', async () => {
	const headers = from();
	const { a, r } = await passwordStep(DEMO.expert, DEMO_PASSWORD, headers);
	assert.equal(r.location, '/sign-in/code');
	for (let i = 0; i < 5; i++) {
		const w = await a.post('/sign-in/code', { code: String(100000 + i) }, headers);
		assert.equal(w.status, 422);
	}
	const right = await a.post('/sign-in/code', { code: await nextCode(base, DEMO.expert) }, headers);
	assert.equal(right.status, 429, 'locked: even a right code is not looked at');
	assert.match(textOf(right.body), /te vaak/);
	assert.ok(!a.jar.has(SESSION));
	assert.ok(!a.jar.has(PENDING), 'the pending sign-in ends');
	assert.equal(await signedIn(a), false);
	// The password step is locked for the account too.
	const locked = await passwordStep(DEMO.expert, DEMO_PASSWORD, from());
	assert.equal(locked.r.status, 429);
	assert.ok(!locked.a.jar.has(PENDING));
});

test('a pending sign-in ends after 5 minutes', async () => {
	const { a } = await passwordStep(DEMO.coordinator);
	offsetS = 6 * 60;
	fs.writeFileSync(clockFile, String(offsetS));
	try {
		const r = await a.post('/sign-in/code', { code: await nextCode(base, DEMO.coordinator, { offsetS }) });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/sign-in');
		assert.ok(!a.jar.has(SESSION));
	} finally {
		offsetS = 0;
		fs.writeFileSync(clockFile, '0');
	}
});
