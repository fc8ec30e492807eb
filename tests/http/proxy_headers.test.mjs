// HTTP tests of lia behind a reverse proxy (issue 13): the Origin check
// compares scheme, host and port with what the browser used, which behind a
// trusted proxy are X-Forwarded-Proto and X-Forwarded-Host (nginx's default
// `proxy_set_header Host $proxy_host` sends lia's own address as Host); and
// the client's address for the sign-in throttle is the one the proxy added
// to X-Forwarded-For, counted from the right, never one the client wrote.
// tests/http/nginx.test.mjs puts a real nginx in front.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/proxy_headers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { agent, signIn, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';

let direct, proxied, twoHops;
before(async () => {
	[direct, proxied, twoHops] = await Promise.all([
		startDemo(),
		startDemo({ args: ['--trust-proxy'] }),
		startDemo({ args: ['--trust-proxy', '2'] }),
	]);
});
after(async () => {
	for (const srv of [direct, proxied, twoHops]) {
		if (!srv) continue;
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

const baseOf = (srv) => srv.url.replace(/\/$/, '');

/** A signed-out form post (sign-out needs no account) with the given headers: its status. */
async function postWith(srv, headers) {
	const a = agent(baseOf(srv));
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { email: 'nobody@example.org', password: 'verkeerd-wachtwoord' }, { headers });
	return r.status;
}

test('without a trusted proxy, the Origin must be http://HOST as the browser sent Host', async () => {
	const host = `127.0.0.1:${direct.port}`;
	assert.equal(await postWith(direct, { origin: `http://${host}` }), 422, 'same origin: the form is read (wrong password)');
	assert.equal(await postWith(direct, { origin: `https://${host}` }), 403, 'another scheme is another origin');
	assert.equal(await postWith(direct, { origin: `http://127.0.0.1:${direct.port + 1}` }), 403, 'another port');
	assert.equal(await postWith(direct, { origin: 'http://evil.example' }), 403);
	// Forwarded headers mean nothing without --trust-proxy.
	assert.equal(await postWith(direct, { origin: 'https://lia.example.nl', 'x-forwarded-host': 'lia.example.nl', 'x-forwarded-proto': 'https' }), 403);
});

test('behind a trusted proxy, the Origin is compared with X-Forwarded-Proto and X-Forwarded-Host', async () => {
	// nginx's default: Host is the upstream's address, not what the browser used.
	const fwd = { host: `127.0.0.1:${proxied.port}`, 'x-forwarded-host': 'lia.example.nl', 'x-forwarded-proto': 'https' };
	assert.equal(await postWith(proxied, { ...fwd, origin: 'https://lia.example.nl' }), 422, 'the browser\'s own origin is accepted');
	assert.equal(await postWith(proxied, { ...fwd, origin: 'https://LIA.example.nl:443' }), 422, 'the default port and case do not matter');
	assert.equal(await postWith(proxied, { ...fwd, origin: 'http://lia.example.nl' }), 403, 'http is not the https origin');
	assert.equal(await postWith(proxied, { ...fwd, origin: `https://127.0.0.1:${proxied.port}` }), 403, 'the upstream address is not the origin');
	assert.equal(await postWith(proxied, { ...fwd, origin: 'https://evil.example' }), 403);
	// Without X-Forwarded-Host, Host is what the browser used (fetch cannot set
	// Host: nginx.test.mjs covers `proxy_set_header Host $http_host`).
	assert.equal(await postWith(proxied, { 'x-forwarded-proto': 'https', origin: `https://127.0.0.1:${proxied.port}` }), 422);
});

/** Fail the sign-in `n` times with the given X-Forwarded-For, then sign in correctly: the last status. */
async function throttled(srv, n, xff) {
	const a = agent(baseOf(srv));
	await a.get('/sign-in');
	for (let i = 0; i < n; i++)
		await a.post('/sign-in', { email: `nobody${i}@example.org`, password: 'verkeerd-wachtwoord' }, { headers: { 'x-forwarded-for': xff(i) } });
	return (await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': xff(n) } })).status;
}

test('a client that writes its own X-Forwarded-For does not escape the sign-in throttle', async () => {
	// The proxy appends the real address (203.0.113.50); the client made up the rest.
	const status = await throttled(proxied, 20, (i) => `10.0.0.${i}, 203.0.113.50`);
	assert.equal(status, 429, 'the address the proxy added is throttled, whatever the client wrote before it');
	// Another real address is not blocked.
	const a = agent(baseOf(proxied));
	await a.get('/sign-in');
	const other = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': '203.0.113.50, 198.51.100.20' } });
	assert.equal(other.status, 303);
});

test('--trust-proxy 2: the address two proxies back is the client', async () => {
	// client -> CDN (adds 203.0.113.60) -> nginx (adds the CDN, 192.0.2.1) -> lia
	const status = await throttled(twoHops, 20, (i) => `10.1.0.${i}, 203.0.113.60, 192.0.2.1`);
	assert.equal(status, 429);
	const a = agent(baseOf(twoHops));
	await a.get('/sign-in');
	const other = await a.post('/sign-in', { email: DEMO.reader, password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': '203.0.113.61, 192.0.2.1' } });
	assert.equal(other.status, 303, 'another client behind the same CDN node is not blocked');
});

test('the usage line documents --trust-proxy', async () => {
	const { runLia } = await import('../lib/server.mjs');
	const r = runLia(['serve', '--help'], { env: { LANG: 'C', LC_ALL: 'C' } });
	assert.equal(r.code, 0);
	assert.match(r.stdout, /--trust-proxy \[N\]/);
	assert.match(r.stdout, /counted from the right/);
	const bad = runLia(['serve', '--db', 'x.db', '--trust-proxy', '0']);
	assert.equal(bad.code, 2);
});
