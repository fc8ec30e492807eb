// Issue 12, the private part of the cache of ready bytes: a signed-in
// user's own page (/, /my-work and the lists whose routes allow it), kept
// for that session only. Each test tries one way it could go wrong:
// another account, a cookie trick, a session that ended (signing out, a
// new password, a reset second factor, idle or absolute end), a role
// change, a write, a read that must be put on record, a flash message, a
// pending sign-in, a bearer token, the session's end that the page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { runLia, startDemo, tempDir, removeDir } from '../lib/server.mjs';
import { signIn, clockMoved, DEMO } from '../lib/auth.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';

let srv, base, clockDir, clockFile, offset = 0;
before(async () => {
	clockDir = tempDir('lia-privcache-');
	clockFile = path.join(clockDir, 'offset');
	fs.writeFileSync(clockFile, '0');
	srv = await startDemo({ env: { LIA_TEST_CLOCK_FILE: clockFile } });
	base = srv.url.replace(/\/$/, '');
});
after(async () => {
	await srv?.cleanup();
	removeDir(clockDir);
});

/** Move the server's clock on by seconds. */
function wait(seconds) {
	offset += seconds;
	fs.writeFileSync(clockFile, String(offset));
	clockMoved(base, offset);
}

const PASSWORD = 'plein boom regen lamp vijver';

/** A new account made with the CLI (roles without a second factor). */
function addAccount(email, role, password = PASSWORD) {
	const r = runLia(['user', 'add', '--db', srv.db, '--email', email, '--role', role, '--name', email.split('@')[0],
		'--password-stdin'], { input: `${password}\n` });
	assert.equal(r.code, 0, r.stderr);
}

/** GET with exactly these headers (cookies of agent a, if given), the body as sent. */
function raw(p, headers = {}, a = null) {
	const h = { ...headers };
	if (a && !h.cookie) h.cookie = [...a.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	return new Promise((resolve, reject) => {
		const req = http.get(base + p, { headers: h }, (res) => {
			const parts = [];
			res.on('data', (c) => parts.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(parts),
				text: Buffer.concat(parts).toString() }));
		});
		req.on('error', reject);
	});
}

/** Who the header says is signed in ('' for the public). */
const who = (html) => /<span class="user">([\s\S]*?)<\/span>\n/.exec(html)?.[1] ?? '';
const sessionOf = (a) => a.jar.get('__Host-lia_session');

/** Ask twice; the second answer must come from the cache. */
async function cached(p, a, headers = {}) {
	const first = await raw(p, headers, a);
	assert.equal(first.status, 200, `${p}: ${first.status}`);
	const second = await raw(p, headers, a);
	assert.equal(second.headers['x-cache'], 'hit', `${p}: the second request is answered from the cache`);
	assert.deepEqual(second.bytes, first.bytes, `${p}: the same bytes`);
	return second;
}

test('a signed-in page is kept for its session: /, /my-work, HTML and JSON; private no-cache, ETag, 304, compression', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	for (const [p, headers] of [['/', {}], ['/my-work', {}], ['/', { accept: 'application/json' }], ['/api/v1/my-work', {}],
		['/themes', {}], ['/actions', {}]]) {
		const r = await cached(p, coord, headers);
		assert.equal(r.headers['cache-control'], 'private, no-cache', `${p}: still a signed-in page for other caches`);
		assert.equal(r.headers['set-cookie'], undefined, `${p}: no cookie`);
		if (headers.accept || p.startsWith('/api/')) assert.match(r.text, /"csrf"|"user"|"items"|"progress"|"period"/);
		else {
			assert.match(who(r.text), /Marloes Verhoeven/, `${p}: the coordinator's own page`);
			assert.ok(r.text.includes(coord.csrf), `${p}: with the session's CSRF token`);
			assert.match(r.text, /U blijft ingelogd tot \d\d:\d\d/);
		}
		const nm = await raw(p, { ...headers, 'if-none-match': r.headers.etag }, coord);
		assert.equal(nm.status, 304, `${p}: 304 on a match`);
		assert.equal(nm.bytes.length, 0);
		const gz = await raw(p, { ...headers, 'accept-encoding': 'gzip' }, coord);
		assert.equal(gz.headers['x-cache'], 'hit');
		assert.equal(gz.headers['content-encoding'], 'gzip', `${p}: compressed from the cache`);
		assert.deepEqual(zlib.gunzipSync(gz.bytes), r.bytes, `${p}: gzip holds the very same bytes`);
		assert.equal(gz.headers.etag, r.headers.etag.replace(/"$/, '-gzip"'));
	}
});

test('one account\'s page is never served to another, the public, or with any cookie trick', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	addAccount('lezer.cache@example.org', 'reader');
	const reader = await signIn(base, 'lezer.cache@example.org', PASSWORD);
	const coord2 = await signIn(base, DEMO.coordinator); // the same account, another session
	const digest = sqlValue(srv.db, `SELECT token_hash FROM session s JOIN user_account u ON u.id = s.user_id
		WHERE u.email = '${DEMO.coordinator}' AND s.ended_at IS NULL ORDER BY s.id DESC LIMIT 1`);
	for (const p of ['/', '/my-work', '/actions']) {
		const c = await cached(p, coord);
		const r = await raw(p, {}, reader);
		assert.notEqual(r.headers['x-cache'], 'hit', `${p}: the reader's first request is not the coordinator's entry`);
		assert.match(who(r.text), /lezer\.cache/, `${p}: the reader sees the reader's page`);
		assert.ok(!r.text.includes(coord.csrf), `${p}: never the coordinator's token`);
		assert.equal((await raw(p, {}, reader)).headers['x-cache'], 'hit', `${p}: the reader's own page is kept too`);
		// Another session of the same account has its own CSRF token: its own entry.
		const c2 = await raw(p, {}, coord2);
		assert.notEqual(c2.headers['x-cache'], 'hit', `${p}: a second session of the same account is made anew`);
		assert.ok(c2.text.includes(coord2.csrf) && !c2.text.includes(coord.csrf), `${p}: each session its own token`);
		// Cookie tricks: the reader's session with the coordinator's CSRF cookie,
		// language or flash cookies, the coordinator's session under the bare
		// name, the stored digest as a cookie, two session cookies.
		for (const cookie of [
			`__Host-lia_session=${sessionOf(reader)}; __Host-lia_csrf=${coord.csrf}`,
			`__Host-lia_session=${sessionOf(reader)}; lia_session=${sessionOf(coord)}`,
			`__Host-lia_session=${sessionOf(reader)}; __Host-lia_session=${sessionOf(coord)}`,
			`__Host-lia_session=${digest}`,
			`lia_session=${sessionOf(coord)}`,
			`__Host-lia_session=${sessionOf(coord).slice(0, -1)}x`,
		]) {
			const t = await raw(p, { cookie });
			assert.ok(!t.text.includes(coord.csrf), `${p} with ${cookie.replace(/=[^;]+/g, '=…')}: never the coordinator's page`);
			assert.doesNotMatch(who(t.text), /Marloes/, `${p}: not the coordinator's name`);
		}
		// The public.
		const pub = await raw(p);
		assert.ok(!pub.text.includes(coord.csrf) && !pub.text.includes(reader.csrf), `${p}: the public gets no account's page`);
		assert.equal(who(pub.text), '');
		assert.ok(c.text.includes(coord.csrf));
	}
});

test('after signing out, the old cookie gets no kept page', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	const cookie = `__Host-lia_session=${sessionOf(coord)}`;
	await cached('/', coord);
	await cached('/my-work', coord);
	const out = await coord.post('/sign-out', {});
	assert.equal(out.status, 303);
	const home = await raw('/', { cookie });
	assert.notEqual(home.headers['x-cache'], 'hit');
	assert.equal(who(home.text), '', 'the old cookie is nobody');
	assert.ok(!home.text.includes(coord.csrf));
	const mine = await raw('/my-work', { cookie });
	assert.equal(mine.status, 303, 'my work asks to sign in');
	assert.match(mine.headers.location, /^\/sign-in/);
});

test('a new password, a reset second factor, a switched-off account: the old session gets no kept page', async () => {
	// A new password ends every session of the account.
	addAccount('wachtwoord.cache@example.org', 'reader');
	const a = await signIn(base, 'wachtwoord.cache@example.org', PASSWORD);
	const other = await signIn(base, 'wachtwoord.cache@example.org', PASSWORD);
	await cached('/', other);
	const oldOther = `__Host-lia_session=${sessionOf(other)}`;
	const r = await a.post('/account/password', { current_password: PASSWORD, password: 'zeilboot haven meeuw anker', password_confirm: 'zeilboot haven meeuw anker' });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	const after1 = await raw('/', { cookie: oldOther });
	assert.notEqual(after1.headers['x-cache'], 'hit');
	assert.equal(who(after1.text), '', 'signed out by the new password');

	// The coordinator resets a second factor: that account's sessions end.
	addAccount('telefoon.cache@example.org', 'dossier_holder');
	const id = sqlValue(srv.db, "SELECT id FROM user_account WHERE email = 'telefoon.cache@example.org'");
	const holder = await signIn(base, 'telefoon.cache@example.org', PASSWORD);
	await cached('/my-work', holder);
	const coord = await signIn(base, DEMO.coordinator);
	const reset = await coord.post(`/users/${id}/two-factor/reset`, {});
	assert.equal(reset.status, 303, reset.body.slice(0, 300));
	const after2 = await raw('/my-work', {}, holder);
	assert.equal(after2.status, 303, 'the reset ended the session: sign in again');

	// An account switched off (by another process: lia's SQL, a script).
	addAccount('uit.cache@example.org', 'reader');
	const off = await signIn(base, 'uit.cache@example.org', PASSWORD);
	await cached('/my-work', off);
	sqlWrite(srv.db, "UPDATE user_account SET disabled_at = '2026-01-01T00:00:00Z' WHERE email = 'uit.cache@example.org'");
	const after3 = await raw('/my-work', {}, off);
	assert.equal(after3.status, 303, 'a switched-off account gets no page');
});

test('a role change: the page is made anew, with the new role', async () => {
	addAccount('rol.cache@example.org', 'reader');
	const a = await signIn(base, 'rol.cache@example.org', PASSWORD);
	const before1 = await cached('/', a);
	assert.match(who(before1.text), /Lezer|Reader/i);
	sqlWrite(srv.db, "UPDATE user_account SET role = 'dossier_holder' WHERE email = 'rol.cache@example.org'");
	const r = await raw('/', {}, a);
	assert.notEqual(r.headers['x-cache'], 'hit', 'not the page made for the old role');
	assert.match(who(r.text), /Dossierhouder|Dossier holder/i, 'the new role');
});

test('a write shows at once on a kept signed-in page', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	const id = String(sqlValue(srv.db, 'SELECT min(action_point_id) FROM action_point_published'));
	await cached('/actions', coord);
	await cached(`/actions/${id}`, coord);
	const row = sql(srv.db, `SELECT code, theme_id FROM action_point WHERE id = ${id}`)[0];
	const title = `Privé cachetest ${Date.now()}`;
	const posted = await coord.post(`/actions/${id}`, { code: row.code, theme_id: row.theme_id, partners: [], articles: [], title });
	assert.ok([200, 303].includes(posted.status), `edit: ${posted.status}`);
	for (const p of ['/actions', `/actions/${id}`]) {
		const r = await raw(p, {}, coord);
		assert.ok(r.text.includes(title), `${p} shows the new title at once (x-cache ${r.headers['x-cache']})`);
	}
});

test('the session\'s end on the page: kept until the session is touched, then made anew with the new time', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	const until = (t) => /U blijft ingelogd tot (\d\d:\d\d)/.exec(t)?.[1];
	const first = await cached('/', coord);
	wait(2 * 60); // past SESSION_TOUCH_S: the next request writes the session's activity
	const touched = await raw('/', {}, coord);
	assert.equal(touched.status, 200);
	assert.equal(touched.headers['x-cache'], undefined, 'the request that touched the session is made and not kept');
	assert.notEqual(until(touched.text), until(first.text), 'it shows the later end');
	const next = await raw('/', {}, coord);
	assert.notEqual(next.headers['x-cache'], 'hit', 'the page kept with the old end is not served');
	assert.equal(until(next.text), until(touched.text));
	assert.equal((await raw('/', {}, coord)).headers['x-cache'], 'hit', 'kept again with the new end');
	// Idle end: 30 minutes without a request.
	await cached('/my-work', coord);
	wait(31 * 60);
	const idle = await raw('/my-work', {}, coord);
	assert.equal(idle.status, 303, 'an idle session gets no kept page');
	const home = await raw('/', {}, coord);
	assert.equal(who(home.text), '');
	assert.ok(!home.text.includes(coord.csrf));
});

test('a session\'s activity empties no kept page: the public ones stay after a signed-in request records it', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	await raw('/', {}, coord);
	await cached('/actions', null);
	await cached('/themes', null, { accept: 'application/json' });
	wait(90); // the next signed-in request records the session's activity
	const touched = await raw('/', {}, coord);
	assert.equal(touched.status, 200);
	assert.equal(touched.headers['x-cache'], undefined, 'the request recorded the activity (made, not kept)');
	assert.equal((await raw('/actions')).headers['x-cache'], 'hit', 'the public list is still kept');
	assert.equal((await raw('/themes', { accept: 'application/json' })).headers['x-cache'], 'hit', 'the public JSON is still kept');
});

test('the absolute end (12 hours) stops kept pages even while the session is used', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	for (let h = 0; h < 12; h++) {
		wait(25 * 60);
		await raw('/', {}, coord); // keeps the session from idling
		wait(25 * 60);
		await raw('/', {}, coord);
		wait(10 * 60);
		await raw('/', {}, coord);
	}
	wait(60);
	const r = await raw('/my-work', {}, coord);
	assert.equal(r.status, 303, 'after 12 hours the session is over, kept page or not');
});

test('reads on record are made every time; the routes that allow keeping record nothing', async () => {
	const member = await signIn(base, DEMO.member);
	const count = () => Number(sqlValue(srv.db, 'SELECT count(*) FROM access_log'));
	const n = count();
	for (let i = 0; i < 3; i++) {
		const r = await raw('/people', {}, member);
		assert.equal(r.status, 200);
		assert.equal(r.headers['x-cache'], undefined, '/people is never kept');
	}
	assert.equal(count(), n + 3, 'each read of the people is on record');
	// Every route that allows keeping: asking it twice records nothing.
	const routes = JSON.parse(runLia(['routes']).stdout).filter((r) => r.flags.includes('private_cache'));
	assert.ok(routes.some((r) => r.path === '/') && routes.some((r) => r.path === '/my-work'));
	const coord = await signIn(base, DEMO.coordinator);
	for (const r of routes) {
		let p = r.path;
		if (p.includes('{id}')) {
			const table = p.startsWith('/themes') ? 'SELECT min(id) FROM theme' : 'SELECT min(action_point_id) FROM action_point_published';
			p = p.replace('{id}', String(sqlValue(srv.db, table)));
		}
		const before1 = count();
		await cached(p, coord);
		await cached(p, coord, { accept: 'application/json' });
		assert.equal(count(), before1, `${p}: nothing on record`);
	}
	// Interview notes are on record for whoever may read them: never kept.
	const interview = sqlValue(srv.db, 'SELECT min(id) FROM interview');
	const c0 = count();
	const i1 = await raw(`/interviews/${interview}`, {}, coord);
	const i2 = await raw(`/interviews/${interview}`, {}, coord);
	assert.equal(i2.headers['x-cache'] === 'hit', false, 'an interview is never served from the cache to someone signed in');
	assert.equal(i1.status, 200);
	assert.ok(count() >= c0, 'recorded as before');
});

test('never with a flash message, a pending sign-in or a bearer token', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	await cached('/', coord);
	// A flash cookie: the message is shown, the page is neither served from nor kept in the cache.
	const cookie = `__Host-lia_session=${sessionOf(coord)}; lia_flash=signed_in`;
	const f1 = await raw('/', { cookie });
	const f2 = await raw('/', { cookie });
	for (const f of [f1, f2]) assert.equal(f.headers['x-cache'], undefined, 'with a flash message: made');
	assert.match(f2.text, /<div class="flash" role="status">/, 'the message is shown');
	assert.equal((await raw('/', {}, coord)).headers['x-cache'], 'hit', 'without it: kept as before');
	assert.ok(!(await raw('/', {}, coord)).text.includes('<div class="flash"'), 'the kept page has no flash message');
	// A pending sign-in next to the session.
	const pend = `__Host-lia_session=${sessionOf(coord)}; __Host-lia_pending=${'a'.repeat(43)}`;
	for (let i = 0; i < 2; i++) assert.equal((await raw('/', { cookie: pend })).headers['x-cache'], undefined, 'with a pending sign-in: made');
	// A bearer token: made every time (decided: tokens are for scripts, and a token's use is its own check).
	addAccount('token.cache@example.org', 'reader');
	const a = await signIn(base, 'token.cache@example.org', PASSWORD);
	const made = await a.postJson('/api/v1/account/tokens', { name: 'Lezen', days: '30', token_password: PASSWORD });
	assert.equal(made.status, 201, made.body);
	for (let i = 0; i < 2; i++) {
		const r = await raw('/api/v1/my-work', { authorization: `Bearer ${made.json.token}` });
		assert.equal(r.status, 200);
		assert.equal(r.headers['x-cache'], undefined, 'a bearer token: made every time');
	}
	// ?lang= sets a cookie: made; the language is part of the key.
	const en = await raw('/?lang=en', {}, coord);
	assert.equal(en.headers['x-cache'], undefined);
	const enCookie = `__Host-lia_session=${sessionOf(coord)}; lia_lang=en`;
	const e1 = await raw('/', { cookie: enCookie });
	assert.notEqual(e1.headers['x-cache'], 'hit', 'English is not the Dutch entry');
	assert.match(e1.text, /You stay signed in until/);
	assert.equal((await raw('/', { cookie: enCookie })).headers['x-cache'], 'hit');
});

test('signed-in pages share --cache-size with the public ones', async () => {
	const small = await startDemo({ args: ['--cache-size', '1'] });
	try {
		const at = small.url.replace(/\/$/, '');
		const coord = await signIn(at, DEMO.coordinator);
		const get = (p, a) => new Promise((resolve, reject) => {
			const h = a ? { cookie: [...a.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
			http.get(at + p, { headers: h }, (res) => {
				let n = 0;
				res.on('data', (c) => { n += c.length; });
				res.on('end', () => resolve({ ...res.headers, bytes: n }));
			}).on('error', reject);
		});
		await get('/actions?n=0', coord);
		assert.equal((await get('/actions?n=0', coord))['x-cache'], 'hit');
		// Each entry holds identity, gzip and brotli: more than its bytes.
		const n = Math.ceil((1 << 20) / (await get('/actions')).bytes) + 5;
		for (let i = 1; i < n; i++) await get(`/actions?n=${i}`);
		assert.equal((await get(`/actions?n=${n - 1}`))['x-cache'], 'hit', 'the newest entry is kept');
		assert.equal((await get('/actions?n=0', coord))['x-cache'], 'miss', 'public pages pushed the signed-in one out');
	} finally {
		await small.cleanup();
	}
});
