// Sessions as ASVS 4.0 level 2 asks (V3.3: 30 minutes idle, 12 hours in all;
// V3.4: __Host- cookies that end with the browser), the end shown on every
// page with a button to extend it and a form sent after the end kept through
// signing in again (WCAG 2.2.1, 2.2.5). The server's clock is moved with
// LIA_TEST_CLOCK_FILE (core/clock.h; only tests set it).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/sessions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';

import { startDemo, exitReport, tempDir, removeDir } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { agent, signIn, answerCode, clockMoved, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { formValues } from '../lib/http.mjs';

let srv, base, clockDir, clockFile, offset = 0;
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
	assert.match(r.stderr, /LIA_TEST_CLOCK_FILE is set/, 'a moved clock is never silent');
});

/** Move the server's clock on by seconds. */
function wait(seconds) {
	offset += seconds;
	fs.writeFileSync(clockFile, String(offset));
	clockMoved(base, offset);
}
const MIN = 60;
const signedIn = async (a) => /Ingelogd als|Signed in as/.test((await a.get('/periods')).body);

/** The time the server's clock shows in seconds from now, as HH:MM in Dutch time. */
function dutchTime(secondsFromNow) {
	return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
		.format(new Date(Date.now() + (offset + secondsFromNow) * 1000));
}
/** Either of the two minutes around a time (the request may cross a minute). */
const aroundMinute = (s) => new RegExp(`(${dutchTime(s - 5)}|${dutchTime(s + 5)})`);

test('the session cookie is __Host-, Secure, Path=/, without Domain or Max-Age (it ends with the browser)', async () => {
	const a = agent(base);
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD, next: '/' });
	assert.equal(r.status, 303);
	const c = r.headers.getSetCookie().find((x) => x.startsWith('__Host-lia_session='));
	assert.match(c, /^__Host-lia_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Strict; HttpOnly; Secure$/);
	assert.doesNotMatch(c, /Max-Age|Expires|Domain/i);
	const expires = sqlValue(srv.db, 'SELECT expires_at FROM session ORDER BY id DESC LIMIT 1');
	const created = sqlValue(srv.db, 'SELECT created_at FROM session ORDER BY id DESC LIMIT 1');
	assert.equal((Date.parse(expires) - Date.parse(created)) / 1000, 12 * 3600, 'it ends 12 hours after signing in');
});

test('a session ends after 30 minutes without a request; each request moves that end', async () => {
	const a = await signIn(base, DEMO.member);
	wait(29 * MIN);
	assert.ok(await signedIn(a), 'after 29 quiet minutes still signed in');
	wait(29 * MIN);
	assert.ok(await signedIn(a), '29 minutes after the last request still signed in');
	wait(31 * MIN);
	assert.ok(!(await signedIn(a)), '31 minutes after the last request signed out');
	assert.ok(!a.jar.has('__Host-lia_session'), 'and the cookie is cleared');
});

test('a session ends 12 hours after signing in, however busy', async () => {
	const a = await signIn(base, DEMO.member);
	for (let t = 25; t <= 700; t += 25) {
		wait(25 * MIN);
		assert.ok(await signedIn(a), `still signed in after ${t} minutes`);
	}
	wait(25 * MIN);
	assert.ok(!(await signedIn(a)), 'signed out after 12 hours (725 minutes)');
});

test('every page says until when the session lasts, in Dutch time, with a button that extends it', async () => {
	const a = await signIn(base, DEMO.member);
	const page = await a.get('/periods');
	assert.match(page.body, new RegExp(`U blijft ingelogd tot ${aroundMinute(30 * MIN).source}\\.`));
	assert.match(page.body, /<form method="post" action="\/session\/extend"[^>]*>.*name="next" value="\/periods".*Langer ingelogd blijven<\/button><\/form>/);
	assert.match((await a.get('/periods?lang=en')).body, /You stay signed in until \d\d:\d\d\./);
	wait(20 * MIN);
	const before = sqlValue(srv.db, `SELECT last_seen_at FROM session WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1`);
	const ext = await a.post('/session/extend', { next: '/periods' });
	assert.equal(ext.status, 303);
	assert.equal(ext.location, '/periods');
	const after = await a.get('/periods');
	assert.match(after.body, new RegExp(`You stay signed in until ${aroundMinute(30 * MIN).source}\\.|U blijft ingelogd tot ${aroundMinute(30 * MIN).source}\\.`));
	assert.notEqual(sqlValue(srv.db, `SELECT last_seen_at FROM session WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1`), before);
	// Only local paths.
	for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example'])
		assert.equal((await a.post('/session/extend', { next })).location, '/', next);
	// Extending needs the session's CSRF token, like every form.
	assert.equal((await a.post('/session/extend', { csrf: 'x'.repeat(43), next: '/' })).status, 403);
});

test('a form sent after the session ended is kept through signing in again, shown filled in, and sent only by the user', async () => {
	const period = sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open'");
	const count = () => Number(sqlValue(srv.db, 'SELECT count(*) FROM narrative'));
	const a = await signIn(base, DEMO.member);
	const form = await a.get(`/periods/${period}/narratives/new`);
	assert.equal(form.status, 200);
	const oldCsrf = a.csrf;
	wait(45 * MIN); // a slow writer
	const n = count();
	const typed = { kind: 'highlight', title: 'Traag getypt & bewaard', body_md: 'Een lange tekst\nover twee regels <b>met</b> "tekens".', password: 'nooit-terugsturen' };
	const late = await a.post(`/periods/${period}/narratives`, typed);
	assert.equal(late.status, 200, late.body.slice(0, 300));
	assert.equal(count(), n, 'nothing was saved');
	assert.match(late.body, /<form method="post" action="\/sign-in"/);
	assert.match(late.body, /Wat u in uw formulier had ingevuld is bewaard/);
	// Kept on the server, in the row of the session that ran out, not in the page.
	assert.doesNotMatch(late.body, /Traag getypt|name="keep:|name="resume_to"/, 'the page does not carry the form');
	assert.equal(sqlValue(srv.db, "SELECT resume_to FROM session WHERE resume_fields LIKE '%Traag getypt%'"), `/periods/${period}/narratives`);
	assert.equal(sqlValue(srv.db, "SELECT count(*) FROM session WHERE resume_fields LIKE '%nooit-terugsturen%'"), 0, 'a password is never kept');
	assert.equal(sqlValue(srv.db, `SELECT count(*) FROM session WHERE resume_fields LIKE '%${oldCsrf}%'`), 0, 'nor the old CSRF token');
	// A JSON client gets 401, as before.
	const api = await a.postJson(`/api/v1/periods/${period}/narratives`, typed);
	assert.equal(api.status, 401);
	// A wrong password keeps the form too; then the right one.
	const fields = formValues(late.body);
	const wrong = await a.post('/sign-in', { ...fields, email: DEMO.member, password: 'niet het goede wachtwoord' });
	assert.equal(wrong.status, 422);
	assert.match(wrong.body, /Wat u in uw formulier had ingevuld is bewaard/);
	const ok = await answerCode(a, await a.post('/sign-in', { ...formValues(wrong.body), email: DEMO.member, password: DEMO_PASSWORD }), DEMO.member);
	assert.equal(ok.status, 303);
	assert.equal(ok.location, '/session/resume');
	assert.equal(count(), n, 'signing in sends nothing');
	const shown = await a.get('/session/resume');
	assert.equal(shown.status, 200);
	assert.match(shown.body, new RegExp(`<form method="post" action="/periods/${period}/narratives"`));
	assert.match(shown.body, /<label for="resume-\d+">Titel<\/label>\s*<input type="text" id="resume-\d+" name="title" value="Traag getypt &amp; bewaard">/);
	assert.match(shown.body, /<textarea id="resume-\d+" name="body_md" rows="8">Een lange tekst\nover twee regels &lt;b&gt;met&lt;\/b&gt; &quot;tekens&quot;.<\/textarea>/);
	assert.match(shown.body, /<input type="hidden" name="kind" value="highlight">/);
	assert.doesNotMatch(shown.body, /nooit-terugsturen/);
	assert.notEqual(a.csrf, oldCsrf, 'the form carries the new session\'s token');
	assert.equal(count(), n, 'showing it sends nothing');
	// Shown once.
	assert.match((await a.get('/session/resume')).body, /Er is geen bewaard formulier/);
	// The old token is refused; the user sends it with the new one.
	const values = formValues(shown.body);
	assert.equal((await a.post(`/periods/${period}/narratives`, { ...values, csrf: oldCsrf })).status, 403);
	const sent = await a.post(`/periods/${period}/narratives`, values);
	assert.equal(sent.status, 303, sent.body.slice(0, 300));
	assert.equal(count(), n + 1);
	assert.equal(sqlValue(srv.db, 'SELECT title FROM narrative ORDER BY id DESC LIMIT 1'), 'Traag getypt & bewaard');
});

test('a kept form goes only to a local address', async () => {
	const a = agent(base);
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD, resume_to: '//evil.example/x', 'keep:title': 'x' });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/');
	assert.equal(sqlValue(srv.db, "SELECT count(*) FROM session WHERE resume_to IS NOT NULL AND resume_to NOT LIKE '/%'"), 0);
});

test('without a session cookie a protected form is refused as before (401), and nothing is kept', async () => {
	const a = agent(base);
	await a.token();
	const r = await a.post('/periods/1/narratives', { title: 'x' });
	assert.equal(r.status, 401);
});

test('signing out or extending after the session ended just offers to sign in: nothing is kept to send again', async () => {
	const a = await signIn(base, DEMO.reader);
	wait(31 * MIN);
	const old = a.jar.get('__Host-lia_session');
	for (const p of ['/sign-out', '/session/extend']) {
		a.jar.set('__Host-lia_session', old); // as a second tab that still holds it
		const r = await a.post(p, {});
		assert.equal(r.status, 200, p);
		assert.match(r.body, /<form method="post" action="\/sign-in"/, p);
		assert.doesNotMatch(r.body, /name="resume_to"/, p);
	}
});

// Issue 14: a kept form only for the account whose session ran out, from
// the server's record, never from fields sent with the sign-in form.

const SECRET = 'GEHEIM-notitie-14 over een dossierhouder';
const keptSecret = () => Number(sqlValue(srv.db, `SELECT count(*) FROM session WHERE resume_fields LIKE '%${SECRET}%'`));

/** Sign in on agent a (its jar as it is) as email; the answer. */
async function signInAgain(a, email) {
	const page = await a.get('/sign-in');
	return answerCode(a, await a.post('/sign-in', { ...formValues(page.body), email, password: DEMO_PASSWORD }), email);
}

test('a made-up session cookie keeps nothing: the form is refused (401) and whoever signs in next sees nothing of it', async () => {
	const a = agent(base);
	await a.token();
	a.jar.set('__Host-lia_session', 'A'.repeat(43));
	const r = await a.post('/interviews', { restricted_notes: SECRET, public_summary: 'x' });
	assert.equal(r.status, 401);
	assert.doesNotMatch(r.body, /GEHEIM|keep:|name="resume_to"/);
	assert.equal(keptSecret(), 0);
	const s = await signInAgain(a, DEMO.reader);
	assert.equal(s.status, 303);
	assert.notEqual(s.location, '/session/resume');
	assert.doesNotMatch((await a.get('/session/resume')).body, /GEHEIM/);
});

test('a form kept from a session that ran out is dropped when someone else signs in on that browser', async () => {
	const a = await signIn(base, DEMO.member);
	wait(31 * MIN);
	const late = await a.post('/interviews', { restricted_notes: SECRET, public_summary: 'x' });
	assert.equal(late.status, 200);
	assert.match(late.body, /Wat u in uw formulier had ingevuld is bewaard/);
	assert.doesNotMatch(late.body, /GEHEIM/, 'the sign-in page does not hold it');
	assert.equal(keptSecret(), 1, 'kept on the server');
	const s = await signInAgain(a, DEMO.reader);
	assert.equal(s.status, 303);
	assert.equal(s.location, '/');
	const shown = await a.get('/session/resume');
	assert.doesNotMatch(shown.body, /GEHEIM/);
	assert.match(shown.body, /Er is geen bewaard formulier/);
	assert.equal(keptSecret(), 0, 'and dropped');
});

test('a form kept from a session that ran out goes to the same account after signing in', async () => {
	const a = await signIn(base, DEMO.member);
	wait(31 * MIN);
	assert.equal((await a.post('/interviews', { restricted_notes: SECRET, public_summary: 'x' })).status, 200);
	const s = await signInAgain(a, DEMO.member);
	assert.equal(s.location, '/session/resume');
	assert.match((await a.get('/session/resume')).body, new RegExp(SECRET));
	assert.equal(keptSecret(), 0, 'shown once, then gone');
});

test('fields sent with the sign-in form are never taken as a kept form', async () => {
	const injected = { resume_to: '/interviews', 'keep:restricted_notes': SECRET, 'keep:public_summary': 'x' };
	// Without any earlier session.
	const a = agent(base);
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD, ...injected });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/');
	// With a session of the same account that ran out but kept nothing.
	const b = await signIn(base, DEMO.member);
	wait(31 * MIN);
	const page = await b.get('/sign-in');
	const s = await answerCode(b, await b.post('/sign-in', { ...formValues(page.body), email: DEMO.member, password: DEMO_PASSWORD, ...injected }), DEMO.member);
	assert.equal(s.status, 303);
	assert.equal(s.location, '/');
	assert.doesNotMatch((await b.get('/session/resume')).body, /GEHEIM/);
	assert.equal(keptSecret(), 0);
});

test('a session that was signed out keeps no form: its cookie sent again gets 401', async () => {
	const a = await signIn(base, DEMO.member);
	const old = a.jar.get('__Host-lia_session');
	assert.equal((await a.post('/sign-out', {})).status, 303);
	a.jar.set('__Host-lia_session', old);
	const r = await a.post('/interviews', { restricted_notes: SECRET, public_summary: 'x' });
	assert.equal(r.status, 401);
	assert.equal(keptSecret(), 0);
});

/** Send only the headers of a large upload and return the status, or 'no answer' if the server waits for the body. */
function uploadHeadersOnly(a, bytes) {
	const u = new URL(base);
	const cookie = [...a.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	return new Promise((resolve, reject) => {
		const req = http.request({ host: u.hostname, port: u.port, path: '/actions/import', method: 'POST', headers: {
			cookie, 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(bytes) } }, (res) => {
			res.resume();
			clearTimeout(timer);
			resolve(res.statusCode);
			req.destroy();
		});
		const timer = setTimeout(() => { req.destroy(); resolve('no answer'); }, 5000);
		req.on('error', (e) => { if (e.code !== 'ECONNRESET') reject(e); });
		req.flushHeaders();
	});
}

test('an upload after the session ran out, or with a made-up cookie, is refused (401) before its file is read', async () => {
	const a = await signIn(base, DEMO.coordinator);
	wait(31 * MIN);
	assert.equal(await uploadHeadersOnly(a, 20 * 1024 * 1024), 401, 'a session that ran out');
	const fd = new FormData();
	fd.append('csrf', a.csrf);
	fd.append('file', new Blob(['code;titel\n'], { type: 'text/csv' }), 'actiepunten.csv');
	const r = await a.fetch('/actions/import', { method: 'POST', body: fd });
	assert.equal(r.status, 401);
	assert.match(r.body, /bestand is niet verstuurd/);
	const b = agent(base);
	await b.token();
	b.jar.set('__Host-lia_session', 'B'.repeat(43));
	assert.equal(await uploadHeadersOnly(b, 20 * 1024 * 1024), 401, 'a made-up cookie');
});
