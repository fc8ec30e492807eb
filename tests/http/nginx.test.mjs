// lia behind a real nginx (issue 13): Debian's nginx, run as an
// unprivileged process with its own prefix and configuration in a temporary
// folder, serves docs/nginx.conf (ports, certificate and lia's address
// changed, nothing else) over HTTPS with a self-signed certificate made by
// openssl, in front of `lia demo --trust-proxy`. Through it a client signs
// in, submits a form, downloads a report and is throttled by the address
// nginx saw, whatever X-Forwarded-For it sends itself. The client checks the
// certificate (it trusts only the one made here).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/nginx.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { startDemo, tempDir, removeDir, exitReport } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD, nextCode } from '../lib/auth.mjs';

const NGINX = process.env.LIA_NGINX ?? '/usr/sbin/nginx';
const DOC_CONF = path.resolve(import.meta.dirname, '../../docs/nginx.conf');

let srv, dir, nginx, nginxLog = '', tlsPort, plainPort, ca;

/** A free TCP port on 127.0.0.1 (released again; nginx takes it right after). */
function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
	});
}

/** docs/nginx.conf for this test: the ports, the certificate and lia's port; the rest as documented. */
function siteConf(liaPort) {
	let conf = fs.readFileSync(DOC_CONF, 'utf8');
	const swap = (from, to) => {
		assert.ok(from.test(conf), `docs/nginx.conf has no ${from}`);
		conf = conf.replace(from, to);
	};
	swap(/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${liaPort};`);
	swap(/listen 80;/, `listen 127.0.0.1:${plainPort};`);
	swap(/listen \[::\]:80;\n/, '');
	swap(/listen 443 ssl http2;/, `listen 127.0.0.1:${tlsPort} ssl http2;`);
	swap(/listen \[::\]:443 ssl http2;\n/, '');
	swap(/ssl_certificate +\S+;/, `ssl_certificate ${dir}/cert.pem;`);
	swap(/ssl_certificate_key +\S+;/, `ssl_certificate_key ${dir}/key.pem;`);
	return conf;
}

before(async () => {
	dir = tempDir('lia-nginx-');
	fs.chmodSync(dir, 0o755);
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=lia.test',
		'-addext', 'subjectAltName=DNS:lia.test,IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
	ca = fs.readFileSync(`${dir}/cert.pem`);
	srv = await startDemo({ args: ['--trust-proxy'] });
	[tlsPort, plainPort] = [await freePort(), await freePort()];
	fs.writeFileSync(`${dir}/lia.conf`, siteConf(srv.port));
	for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(`${dir}/${t}`);
	fs.writeFileSync(`${dir}/nginx.conf`, `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    access_log ${dir}/access.log;
    include ${dir}/lia.conf;
}
`);
	// Unprivileged: as nobody when the tests run as root; nginx then needs to own its folder.
	const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
	if (asUser.uid) execFileSync('chown', ['-R', '65534:65534', dir]);
	const args = ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`];
	const check = spawn(NGINX, ['-t', ...args], { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] });
	let checkOut = '';
	check.stderr.on('data', (d) => { checkOut += d; });
	const checked = await new Promise((r) => check.on('exit', r));
	assert.equal(checked, 0, `nginx -t refused the configuration:\n${checkOut}`);
	nginx = spawn(NGINX, args, { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] });
	nginx.stderr.on('data', (d) => { nginxLog += d; });
	// Wait until it answers.
	for (let i = 0; ; i++) {
		try { await request('GET', '/healthz'); break; } catch (e) {
			if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${e.message}\n${nginxLog}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}
});

after(async () => {
	if (nginx && nginx.exitCode === null) {
		const gone = new Promise((r) => nginx.once('exit', r));
		nginx.kill('SIGQUIT');
		await gone;
	}
	if (srv) {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
	removeDir(dir);
});

/** One HTTPS request through nginx, trusting only the test's certificate: {status, headers, body (Buffer), text}. */
function request(method, p, { headers = {}, body, port = tlsPort, plain = false } = {}) {
	return new Promise((resolve, reject) => {
		const mod = plain ? http : https;
		const req = mod.request({ host: '127.0.0.1', port, method, path: p, headers, ...(plain ? {} : { ca, servername: 'lia.test' }) }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const b = Buffer.concat(chunks);
				resolve({ status: res.statusCode, headers: res.headers, body: b, text: b.toString('utf8') });
			});
		});
		req.on('error', reject);
		req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
		if (body) req.write(body);
		req.end();
	});
}

/** A browser through nginx: keeps cookies, sends Origin on forms, as Chromium does. */
function browser() {
	const jar = new Map();
	const origin = `https://127.0.0.1:${tlsPort}`;
	const b = {
		csrf: null, jar, setCookies: [],
		async go(method, p, { form, headers = {} } = {}) {
			const h = { ...headers };
			if (jar.size) h.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
			let body;
			if (form) {
				body = new URLSearchParams({ csrf: b.csrf, ...form }).toString();
				h['content-type'] = 'application/x-www-form-urlencoded';
				h.origin ??= origin;
			}
			const r = await request(method, p, { headers: h, body });
			for (const c of [r.headers['set-cookie'] ?? []].flat()) {
				b.setCookies.push(c);
				const [pair] = c.split(';');
				const i = pair.indexOf('=');
				const v = pair.slice(i + 1);
				if (v === '') jar.delete(pair.slice(0, i)); else jar.set(pair.slice(0, i), v);
			}
			const m = r.text.match(/name="csrf" value="([^"]+)"/);
			if (m) b.csrf = m[1];
			return r;
		},
	};
	return b;
}

test('over HTTPS through nginx: sign in, submit a form, download a report', async () => {
	const br = browser();
	const page = await br.go('GET', '/sign-in');
	assert.equal(page.status, 200);
	assert.match(page.headers['strict-transport-security'] ?? '', /max-age=/, 'lia knows the browser uses https');
	const password = await br.go('POST', '/sign-in', { form: { email: DEMO.coordinator, password: DEMO_PASSWORD, next: '/' } });
	assert.equal(password.status, 303, password.text.slice(0, 300));
	assert.equal(password.headers.location, '/sign-in/code');
	assert.match(br.setCookies.find((c) => c.startsWith('__Host-lia_pending=')) ?? '', /; Secure/, 'the pending sign-in cookie is Secure too');
	// The code step (the replay guard is per account: codes are counted per lia server, not per proxy).
	const signIn = await br.go('POST', '/sign-in/code', { form: { code: await nextCode(srv.url, DEMO.coordinator) } });
	assert.equal(signIn.status, 303, signIn.text.slice(0, 300));
	const session = br.setCookies.find((c) => c.startsWith('__Host-lia_session='));
	assert.match(session, /; Secure/, 'the session cookie is Secure behind https');
	await br.go('GET', '/');
	// A form, with the Origin the browser sends (nginx's Host is the upstream's name).
	const before = Number(sqlValue(srv.db, 'SELECT count(*) FROM narrative'));
	const saved = await br.go('POST', '/periods/3/narratives', { form: { kind: 'highlight', title: 'Via nginx', body_md: 'Over **HTTPS**.' } });
	assert.equal(saved.status, 303, saved.text.slice(0, 400));
	assert.equal(Number(sqlValue(srv.db, 'SELECT count(*) FROM narrative')), before + 1);
	const forged = await br.go('POST', '/periods/3/narratives', { form: { kind: 'highlight', title: 'Vals' }, headers: { origin: 'https://evil.example' } });
	assert.equal(forged.status, 403);
	const plainOrigin = await br.go('POST', '/periods/3/narratives', { form: { kind: 'highlight', title: 'Vals' }, headers: { origin: `http://127.0.0.1:${tlsPort}` } });
	assert.equal(plainOrigin.status, 403, 'http is another origin than https');
	// A report, whole.
	const pdf = await br.go('GET', '/reports/2/report-nl.pdf');
	assert.equal(pdf.status, 200);
	assert.match(pdf.headers['content-type'], /^application\/pdf/);
	assert.equal(pdf.body.subarray(0, 5).toString('latin1'), '%PDF-');
	assert.match(pdf.body.subarray(-1024).toString('latin1'), /%%EOF\s*$/);
	// Stylesheets are compressed by nginx.
	const home = await br.go('GET', '/');
	const css = home.text.match(/href="(\/static\/[^"]+\.css)"/)[1];
	const gz = await request('GET', css, { headers: { 'accept-encoding': 'gzip' } });
	assert.equal(gz.status, 200);
	assert.equal(gz.headers['content-encoding'], 'gzip');
});

test('plain HTTP is sent to HTTPS; /healthz answers through nginx', async () => {
	const r = await request('GET', '/themes', { port: plainPort, plain: true });
	assert.equal(r.status, 301);
	assert.match(r.headers.location, /^https:\/\/127\.0\.0\.1\/themes$/);
	const h = await request('GET', '/healthz');
	assert.equal(h.status, 200);
	assert.equal(h.text, 'ok\n');
});

test('a client that sends its own X-Forwarded-For is still throttled by the address nginx saw', async () => {
	const br = browser();
	await br.go('GET', '/sign-in');
	for (let i = 0; i < 20; i++)
		await br.go('POST', '/sign-in', { form: { email: `nobody${i}@example.org`, password: 'verkeerd-wachtwoord' }, headers: { 'x-forwarded-for': `198.51.100.${i}` } });
	const r = await br.go('POST', '/sign-in', { form: { email: DEMO.reader, password: DEMO_PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.99' } });
	assert.equal(r.status, 429);
});
