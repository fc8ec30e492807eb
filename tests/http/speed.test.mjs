// Issue 12 (fast at every size), the parts that are about correctness:
// - public pages set no cookie; the CSRF cookie comes only with a form (the
//   sign-in form works from a cold start, forged posts are still refused);
// - an ETag on every page and JSON answer, 304 on a match, for every coding;
// - gzip and brotli by Accept-Encoding with q-values, byte-exact;
// - the cache of ready bytes never serves a stale page (writes through the
//   web, the API and another process) nor one account's page to another,
//   and keeps to --cache-size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { runLia, startDemo, ON_PG, pgCreate, pgDrop } from '../lib/server.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';
import { afterOtherWrite, sql, sqlWrite } from '../lib/db.mjs';

let srv, base;
before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
});
after(async () => { await srv?.cleanup(); });

/** GET with exactly these headers, the body as sent (not decoded). */
function raw(path, headers = {}, at = base) {
	return new Promise((resolve, reject) => {
		const req = http.get(at + path, { headers }, (res) => {
			const parts = [];
			res.on('data', (c) => parts.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(parts) }));
		});
		req.on('error', reject);
	});
}

function decode(r) {
	const enc = r.headers['content-encoding'];
	if (!enc) return r.bytes;
	if (enc === 'gzip') return zlib.gunzipSync(r.bytes);
	if (enc === 'br') return zlib.brotliDecompressSync(r.bytes);
	throw new Error(`unexpected coding ${enc}`);
}

/** A value for each capture of a public GET route, from the demo data. */
function publicPaths() {
	const routes = JSON.parse(runLia(['routes']).stdout);
	const one = (q) => String(Object.values(sql(srv.db, q)[0])[0]);
	const values = {
		'/themes/{id}': one('SELECT min(id) FROM theme'),
		'/actions/{id}': one('SELECT min(action_point_id) FROM action_point_published'),
		'/crpd/{number}': '19',
		'/periods/{id}': one('SELECT min(id) FROM reporting_period'),
		'/periods/{id}/report': one('SELECT min(period_id) FROM published_report'),
		'/reports/{id}/{file}': [one('SELECT min(period_id) FROM published_report'), 'report-nl.html'],
		'/themes/{id}/feed': one('SELECT min(id) FROM theme'),
		'/actions/{id}/feed': one('SELECT min(action_point_id) FROM action_point_published'),
		'/static/{name}': 'lia.css',
		'/interviews/{id}': one('SELECT min(id) FROM interview'),
		'/funds/allocations/{id}': one('SELECT min(id) FROM allocation'),
		'/funds/export/{file}': 'years.json',
	};
	const out = [];
	for (const r of routes.filter((x) => x.method === 'GET' && x.permission === 'public')) {
		let p = r.path;
		if (p.includes('{')) {
			const v = values[p];
			assert.ok(v, `speed.test.mjs knows no value for the captures of ${p}: add one`);
			const vs = [].concat(v);
			p = p.replace(/\{[a-z]+\}/g, () => vs.shift());
		}
		out.push({ path: p, json: r.flags.includes('json'), html: r.flags.includes('html') || r.flags.includes('raw') });
	}
	return out;
}

// The public pages with a form a visitor sends before signing in: they set the CSRF cookie.
const PUBLIC_FORMS = ['/sign-in', '/forgot-password'];

test('no public GET route sets a cookie, as HTML or JSON; only the sign-in forms set the CSRF cookie', async () => {
	const paths = publicPaths();
	assert.ok(paths.length > 20, 'the route table lists the public pages');
	for (const { path, json, html } of paths) {
		const asks = [];
		if (html) asks.push({});
		if (json) asks.push({ accept: 'application/json' });
		for (const headers of asks) {
			const r = await raw(path, headers);
			assert.ok(r.status < 500, `${path} ${JSON.stringify(headers)}: ${r.status}`);
			const cookies = r.headers['set-cookie'] ?? [];
			if (PUBLIC_FORMS.includes(path) && !headers.accept) {
				assert.equal(cookies.length, 1, `${path} sets the CSRF cookie`);
				assert.match(cookies[0], /^__Host-lia_csrf=[^;]+; Path=\/; SameSite=Lax; HttpOnly; Secure$/);
				const token = /lia_csrf=([^;]+)/.exec(cookies[0])[1];
				assert.ok(r.bytes.toString().includes(`name="csrf" value="${token}"`), 'the form carries the cookie\'s token');
			} else {
				assert.deepEqual(cookies, [], `${path} ${JSON.stringify(headers)} sets no cookie`);
			}
		}
	}
	// A page asked for with ?lang= still remembers the choice (a cookie on purpose).
	const lang = await raw('/themes?lang=en');
	assert.match(String(lang.headers['set-cookie']), /^lia_lang=en/);
});

test('sign-in works from a cold start; a forged or tokenless post is refused', async () => {
	const a = agent(base);
	const form = await a.get('/sign-in');
	assert.ok(a.jar.has('__Host-lia_csrf'), 'the cookie came with the form');
	assert.equal(a.csrf, a.jar.get('__Host-lia_csrf'));
	assert.equal(form.status, 200);
	const ok = await a.post('/sign-in', { email: DEMO.reader, password: 'tulp molen fiets klomp', next: '/' });
	assert.equal(ok.status, 303, ok.body.slice(0, 300));
	assert.ok(a.jar.has('__Host-lia_session'));

	const forged = agent(base);
	await forged.get('/sign-in');
	const bad = await forged.post('/sign-in', { email: DEMO.reader, password: 'tulp molen fiets klomp', csrf: 'x'.repeat(43) });
	assert.equal(bad.status, 403, 'a wrong token is refused');
	assert.ok(!forged.jar.has('__Host-lia_session'));

	// No cookie at all (a page without a form gave none): the token alone is not enough.
	const cold = agent(base);
	await cold.get('/');
	assert.equal(cold.jar.size, 0, '/ gave no cookie');
	const stolen = a.csrf;
	const none = await cold.post('/sign-in', { email: DEMO.reader, password: 'tulp molen fiets klomp', csrf: stolen });
	assert.equal(none.status, 403, 'a token without its cookie is refused');
});

test('ETag on pages and JSON, 304 on a match, for every coding; public no-cache, signed-in private', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	const cookie = [...coord.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	for (const path of ['/', '/actions', '/api/v1/actions', '/themes', '/openapi.json']) {
		for (const who of [{}, { cookie }]) {
			for (const enc of ['identity', 'gzip', 'br']) {
				const h = { ...who, 'accept-encoding': enc };
				const r = await raw(path, h);
				const what = `${path} ${who.cookie ? 'signed in' : 'public'} ${enc}`;
				assert.equal(r.status, 200, what);
				const etag = r.headers.etag;
				assert.match(etag ?? '', /^(W\/)?"[^"]+"$/, `${what}: an ETag`);
				assert.match(r.headers.vary ?? '', /Accept-Encoding/, `${what}: Vary names Accept-Encoding`);
				assert.match(r.headers.vary ?? '', /Cookie/);
				// The API description is the same for everyone; the rest may show drafts.
				const signedIn = who.cookie && path !== '/openapi.json';
				assert.equal(r.headers['cache-control'], signedIn ? 'private, no-cache' : 'no-cache', what);
				const again = await raw(path, { ...h, 'if-none-match': etag });
				assert.equal(again.status, 304, `${what}: 304 for its own ETag`);
				assert.equal(again.bytes.length, 0);
				assert.equal(again.headers.etag, etag, `${what}: the 304 repeats the ETag`);
				const list = await raw(path, { ...h, 'if-none-match': `"nope", ${etag}` });
				assert.equal(list.status, 304, `${what}: a list holding the ETag`);
				const other = await raw(path, { ...h, 'if-none-match': '"nope"' });
				assert.equal(other.status, 200, `${what}: another ETag gives the page`);
				assert.deepEqual(decode(other), decode(r));
			}
		}
	}
	// The ETag of one coding does not validate another coding's bytes.
	const gz = await raw('/actions', { 'accept-encoding': 'gzip' });
	const plain = await raw('/actions', { 'accept-encoding': 'identity', 'if-none-match': gz.headers.etag });
	assert.equal(plain.status, 200);
	assert.notEqual(plain.headers.etag, gz.headers.etag);
});

test('compression follows Accept-Encoding and its q-values, and decompresses to the very same bytes', async () => {
	const coord = await signIn(base, DEMO.member);
	const cookie = [...coord.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const cases = [
		[undefined, undefined],
		['identity', undefined],
		['gzip', 'gzip'],
		['br', 'br'],
		['gzip, br', 'br'],
		['gzip, deflate, br', 'br'],
		['br;q=0, gzip', 'gzip'],
		['br;q=0.5, gzip;q=0.8', 'gzip'],
		['gzip;q=0', undefined],
		['gzip;q=0, br;q=0', undefined],
		['*', 'br'],
		['*;q=0.5, br;q=0', 'gzip'],
		['identity;q=1, gzip;q=0.5', undefined],
		['deflate', undefined],
		['x-gzip', 'gzip'],
		['GZIP', 'gzip'],
	];
	for (const path of ['/', '/actions', '/api/v1/actions']) {
		for (const who of [{}, { cookie }]) {
			const plain = await raw(path, { ...who, 'accept-encoding': 'identity' });
			assert.equal(plain.headers['content-encoding'], undefined);
			assert.ok(plain.bytes.length >= 1024, `${path} is large enough to compress`);
			for (const [ae, want] of cases) {
				const h = { ...who };
				if (ae !== undefined) h['accept-encoding'] = ae;
				const r = await raw(path, h);
				const what = `${path} ${who.cookie ? 'signed in' : 'public'} Accept-Encoding: ${ae}`;
				assert.equal(r.status, 200, what);
				assert.equal(r.headers['content-encoding'], want, what);
				let body = decode(r);
				if (who.cookie) {
					// Signed-in pages carry a per-request nothing: they must match exactly too.
					body = body.toString();
				}
				assert.deepEqual(Buffer.from(body), plain.bytes, `${what}: the same bytes`);
				if (want) assert.ok(r.bytes.length < plain.bytes.length / 2, `${what}: smaller`);
			}
		}
	}
	// Small answers are sent as they are.
	const small = await raw('/api/v1/themes/999999', { 'accept-encoding': 'gzip, br' });
	assert.equal(small.headers['content-encoding'], undefined);
	// Answers whose ETag names their bytes (a frozen report: its sha256; a
	// static file) are sent as they are, so that ETag stays true.
	const period = String(Object.values(sql(srv.db, 'SELECT min(period_id) FROM published_report')[0])[0]);
	const sha = String(Object.values(sql(srv.db, `SELECT sha256 FROM published_report WHERE period_id = ${period} AND document = 'report' AND lang = 'nl' AND format = 'html'`)[0])[0]);
	for (const p of [`/reports/${period}/report-nl.html`, '/static/lia.css']) {
		for (let i = 0; i < 2; i++) { // a miss, then (for the report) a hit
			const r = await raw(p, { 'accept-encoding': 'gzip, br' });
			assert.equal(r.status, 200, p);
			assert.equal(r.headers['content-encoding'], undefined, `${p}: sent as it is`);
			if (p.startsWith('/reports/')) assert.equal(r.headers.etag, `"${sha}"`, `${p}: ETag = sha256`);
		}
	}
});

test('the cache answers a repeated public page, never after a write (web, API, another process)', async () => {
	const id = String(Object.values(sql(srv.db, 'SELECT min(action_point_id) FROM action_point_published')[0])[0]);
	const theme = String(Object.values(sql(srv.db, 'SELECT min(id) FROM theme')[0])[0]);
	const first = await raw('/actions');
	const second = await raw('/actions');
	assert.equal(second.headers['x-cache'], 'hit', 'the second request is answered from the cache');
	assert.deepEqual(second.bytes, first.bytes);

	// A form post by the coordinator.
	const coord = await signIn(base, DEMO.coordinator);
	for (const p of [`/actions/${id}`, '/actions', `/api/v1/actions/${id}`, '/api/v1/actions']) {
		await raw(p);
		assert.equal((await raw(p)).headers['x-cache'], 'hit', `${p} is cached before the write`);
	}
	const row = sql(srv.db, `SELECT code, theme_id FROM action_point WHERE id = ${id}`)[0];
	const fields = { code: row.code, theme_id: row.theme_id, partners: [], articles: [] };
	const title = `Cachetest ${Date.now()}`;
	const posted = await coord.post(`/actions/${id}`, { ...fields, title });
	assert.ok([200, 303].includes(posted.status), `edit: ${posted.status} ${posted.body.slice(0, 300)}`);
	for (const p of [`/actions/${id}`, '/actions', `/api/v1/actions/${id}`, '/api/v1/actions']) {
		const r = await raw(p);
		assert.ok(r.bytes.toString().includes(title), `${p} shows the new title at once (x-cache ${r.headers['x-cache']})`);
	}

	// Another process writes the file (as a `lia import` while serving would).
	await raw(`/themes/${theme}`);
	assert.equal((await raw(`/themes/${theme}`)).headers['x-cache'], 'hit');
	const name = `Thema uit een ander proces ${Date.now()}`;
	sqlWrite(srv.db, `UPDATE theme SET name_nl = '${name}' WHERE id = ${theme}`);
	const after1 = await afterOtherWrite(srv.db, () => raw(`/themes/${theme}`), (r) => r.bytes.toString().includes(name));
	assert.ok(after1.bytes.toString().includes(name), 'a write by another process shows at once (PostgreSQL: once notified)');
	assert.equal(after1.headers['x-cache'], 'miss');

	// A JSON write through the API.
	await raw('/themes');
	assert.equal((await raw('/themes')).headers['x-cache'], 'hit');
	const tname = `Nieuw thema ${Date.now()}`;
	const made = await coord.postJson('/api/v1/themes/new', { name_nl: tname, name_en: tname, description_nl: 'Iedereen kan meedoen.', description_en: 'Everyone can take part.' });
	if (made.status < 300) {
		assert.ok((await raw('/themes')).bytes.toString().includes(tname), 'a theme made through the API shows at once');
	} else {
		assert.fail(`making a theme failed: ${made.status} ${made.body.slice(0, 300)}`);
	}
});

test('a page made for one account is never served to another, nor to the public', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	const member = await signIn(base, DEMO.member);
	// Who the header says is signed in ('' for the public).
	const who = (html) => /<span class="user">([\s\S]*?)<\/span>\n/.exec(html)?.[1] ?? '';
	for (const p of ['/', '/actions', '/themes']) {
		await raw(p);
		assert.equal((await raw(p)).headers['x-cache'], 'hit', `${p}: the public page is in the cache`);
		const c = await coord.get(p);
		const m = await member.get(p);
		assert.notEqual(c.headers.get('x-cache'), 'hit', `${p}: the public entry is not a signed-in page`);
		assert.notEqual(m.headers.get('x-cache'), 'hit', `${p}: nor is the coordinator's (private_cache.test.mjs tries more)`);
		assert.match(who(c.body), /Marloes Verhoeven/, `${p}: the coordinator sees her own page`);
		assert.match(who(m.body), /Youssef El Amrani/, `${p}: the member sees his own page`);
		assert.ok(!m.body.includes(coord.csrf) && !c.body.includes(member.csrf), `${p}: nobody gets another's CSRF token`);
		assert.ok(c.body.includes(coord.csrf) && m.body.includes(member.csrf), `${p}: each gets their own`);
		const again = await raw(p);
		assert.equal(who(again.bytes.toString()), '', `${p}: the public sees no account's page`);
		assert.ok(!again.bytes.toString().includes(coord.csrf) && !again.bytes.toString().includes(member.csrf));
	}
	// The public sign-in form is made for each visitor (its own token), never cached.
	const s1 = await raw('/sign-in');
	const s2 = await raw('/sign-in');
	assert.notEqual(/lia_csrf=([^;]+)/.exec(s1.headers['set-cookie'])[1], /lia_csrf=([^;]+)/.exec(s2.headers['set-cookie'])[1]);
	assert.equal(s2.headers['x-cache'], undefined);
});

// PostgreSQL: the data version is this database's own counter (migration
// 0017), not the cluster's WAL position: writes to another database on the
// same server (another municipality, another application) and the server's
// own housekeeping leave the ready pages alone; a write to this one drops them.
test('PostgreSQL: writes in another database of the cluster keep the cache; a write in this one drops it', { skip: !ON_PG && 'PostgreSQL only' }, async () => {
	const other = pgCreate();
	try {
		sqlWrite(other, 'CREATE TABLE elsewhere (n integer)');
		await raw('/themes');
		assert.equal((await raw('/themes')).headers['x-cache'], 'hit', 'cached before');
		// A notification, had there been one, comes within this wait.
		const settle = () => new Promise((done) => setTimeout(done, 300));
		for (let i = 0; i < 5; i++) sqlWrite(other, `INSERT INTO elsewhere VALUES (${i})`);
		sqlWrite(other, 'CHECKPOINT');
		await settle();
		assert.equal((await raw('/themes')).headers['x-cache'], 'hit', 'still cached after writes elsewhere in the cluster');
		// A transaction that writes here and is rolled back changes nothing.
		sqlWrite(srv.db, "BEGIN; UPDATE theme SET name_nl = name_nl || 'x' WHERE id = (SELECT min(id) FROM theme); ROLLBACK");
		await settle();
		assert.equal((await raw('/themes')).headers['x-cache'], 'hit', 'still cached after a rolled-back write here');
		sqlWrite(srv.db, 'UPDATE theme SET name_en = name_en WHERE id = (SELECT min(id) FROM theme)');
		const dropped = await afterOtherWrite(srv.db, () => raw('/themes'), (r) => r.headers['x-cache'] === 'miss');
		assert.equal(dropped.headers['x-cache'], 'miss', 'a committed write here drops it');
	} finally {
		pgDrop(other);
	}
});

test('--cache-size bounds the cache: old entries make room, 0 turns it off', async () => {
	const small = await startDemo({ args: ['--cache-size', '1'] });
	const off = await startDemo({ args: ['--cache-size', '0'] });
	try {
		const at = small.url.replace(/\/$/, '');
		const size = (await raw('/actions', {}, at)).bytes.length;
		// Each entry holds identity, gzip and brotli: more than size bytes.
		const n = Math.ceil((1 << 20) / size) + 5;
		for (let i = 0; i < n; i++) await raw(`/actions?n=${i}`, {}, at);
		assert.equal((await raw(`/actions?n=${n - 1}`, {}, at)).headers['x-cache'], 'hit', 'the newest entry is kept');
		assert.equal((await raw('/actions?n=0', {}, at)).headers['x-cache'], 'miss', 'the oldest made room');
		const o = off.url.replace(/\/$/, '');
		await raw('/actions', {}, o);
		const r = await raw('/actions', { 'accept-encoding': 'gzip' }, o);
		assert.equal(r.headers['x-cache'], undefined, 'no cache with --cache-size 0');
		assert.equal(r.headers['content-encoding'], 'gzip', 'compression still works without the cache');
		assert.match(r.headers.etag, /-gzip"$/);
	} finally {
		await small.cleanup();
		await off.cleanup();
	}
});
