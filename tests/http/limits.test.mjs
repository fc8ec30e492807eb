// HTTP tests of the body limits and of refusing a request before its body
// is read (issue "a request pipeline testable without a socket"): the route
// is matched and the user checked as soon as the headers are in, so an
// anonymous upload of 32 MB to /funds/import is answered 401 while the
// client is still sending, and the server holds none of it; a signed-in
// member's form over 1 MB on a normal route gets 413 (announced or chunked),
// while the import route (ROUTE_UPLOAD) takes a file over 1 MB.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/limits.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';

import { startDemo, exitReport } from '../lib/server.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';

let srv, base;
const as = {};

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	as.member = await signIn(base, DEMO.member);
	as.public = agent(base);
	await as.public.get('/'); // an anonymous CSRF token and its cookie, as a browser would have
});

after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

/** The server's resident memory in kB (Linux). */
function rssKb() {
	const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${srv.child.pid}/status`, 'utf8'));
	return Number(m[1]);
}

/**
 * Send a request over a raw socket: the head, then up to `total` body bytes
 * in chunks (after `wait` ms, as a client that sent Expect: 100-continue
 * waits for a refusal), stopping as soon as any answer arrives. Resolves with the
 * status, the answer's head and how many body bytes had been sent by then.
 */
function rawRequest(head, total, { chunk = 64 * 1024, wait = 20 } = {}) {
	return new Promise((resolve, reject) => {
		const sock = net.connect(srv.port, '127.0.0.1');
		let answer = '';
		let sent = 0;
		let answered = false;
		let done = false;
		const finish = () => {
			if (done) return;
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
			if (!m) return reject(new Error(`no HTTP answer (sent ${sent} of ${total} bytes): ${JSON.stringify(answer.slice(0, 200))}`));
			done = true;
			sock.destroy();
			resolve({ status: Number(m[1]), head: answer.split('\r\n\r\n')[0], body: answer.split('\r\n\r\n').slice(1).join('\r\n\r\n'), sent });
		};
		sock.setEncoding('latin1');
		sock.on('data', (d) => {
			answer += d;
			answered = true;
			// The whole answer is there once the body of Content-Length arrived.
			const [h, ...rest] = answer.split('\r\n\r\n');
			const len = /\r\ncontent-length: (\d+)/i.exec(h);
			if (rest.length && len && rest.join('\r\n\r\n').length >= Number(len[1])) finish();
		});
		sock.on('end', finish);
		sock.on('close', finish);
		sock.on('error', () => { if (answered) finish(); else if (!done) { done = true; reject(new Error(`socket error after ${sent} bytes with no answer`)); } });
		const buf = Buffer.alloc(chunk, 'a');
		const pump = () => {
			while (!answered && sent < total) {
				const n = Math.min(chunk, total - sent);
				sent += n;
				if (!sock.write(n === chunk ? buf : buf.subarray(0, n))) {
					// Give the server time to answer between chunks once the socket is full.
					sock.once('drain', () => setTimeout(pump, 5));
					return;
				}
			}
		};
		sock.on('connect', () => { sock.write(head); setTimeout(pump, wait); });
	});
}

const UPLOAD_SIZE = 32 * 1024 * 1024;

test('an anonymous upload of 32 MB to /funds/import is refused (401) before the server reads it, and costs it no memory', async () => {
	const rssBefore = rssKb();
	const boundary = 'lia-test-boundary';
	const head = [
		'POST /funds/import HTTP/1.1',
		`Host: 127.0.0.1:${srv.port}`,
		`Content-Type: multipart/form-data; boundary=${boundary}`,
		`Content-Length: ${UPLOAD_SIZE}`,
		'Accept: application/json',
		'', '',
	].join('\r\n');
	const r = await rawRequest(head, UPLOAD_SIZE);
	assert.equal(r.status, 401, r.head);
	assert.match(r.head, /content-type: application\/problem\+json/i);
	assert.ok(r.sent < UPLOAD_SIZE / 2, `the answer came after ${r.sent} of ${UPLOAD_SIZE} bytes: the server read the body first`);
	const grew = rssKb() - rssBefore;
	assert.ok(grew < 8 * 1024, `the server's memory grew by ${grew} kB for a refused upload`);
	// The server is fine afterwards.
	assert.equal((await fetch(base + '/')).status, 200);
});

test('the same anonymous upload as HTML is refused too (a sign-in is needed), before the body', async () => {
	const head = [
		'POST /funds/import HTTP/1.1',
		`Host: 127.0.0.1:${srv.port}`,
		'Content-Type: multipart/form-data; boundary=x',
		`Content-Length: ${UPLOAD_SIZE}`,
		'', '',
	].join('\r\n');
	const r = await rawRequest(head, UPLOAD_SIZE);
	assert.equal(r.status, 401, r.head);
	assert.match(r.head, /content-type: text\/html/i);
	assert.match(r.body, /^<!doctype html>/i);
	assert.ok(r.sent < UPLOAD_SIZE / 2, `answered after ${r.sent} bytes`);
});

test('a signed-in member sending a form over 1 MB to a normal form route gets 413, announced or chunked', async () => {
	const size = 2 * 1024 * 1024;
	const cookie = [...as.member.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const head = [
		'POST /funds/allocations HTTP/1.1',
		`Host: 127.0.0.1:${srv.port}`,
		'Content-Type: application/x-www-form-urlencoded',
		`Content-Length: ${size}`,
		`Cookie: ${cookie}`,
		'Accept: application/json',
		'', '',
	].join('\r\n');
	const r = await rawRequest(head, size);
	assert.equal(r.status, 413, r.head);
	assert.equal(JSON.parse(r.body).status, 413);
	assert.ok(r.sent < size, `answered after ${r.sent} of ${size} bytes`);

	// Chunked: no length announced, so the server counts, keeps nothing over the limit, and answers 413.
	const piece = new TextEncoder().encode(`&notes=${'x'.repeat(64 * 1024)}`);
	let left = 20; // 20 pieces of 64 kB: over 1 MB
	const stream = new ReadableStream({
		pull(ctl) {
			if (left-- > 0) ctl.enqueue(piece); else ctl.close();
		},
	});
	const res = await fetch(base + '/funds/allocations', {
		method: 'POST', body: stream, duplex: 'half', redirect: 'manual',
		headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
	});
	assert.equal(res.status, 413);
	const html = await res.text();
	assert.match(html, /^<!doctype html>/i);
	assert.match(html, /<h1/);
});

test('a form just under 1 MB is taken (the limit is not lower than it says)', async () => {
	const r = await as.member.post('/funds/allocations', { notes: 'x'.repeat(1000 * 1000) }, { headers: { accept: 'application/json' } });
	assert.notEqual(r.status, 413, r.body.slice(0, 300));
	assert.ok(r.status < 500, r.body.slice(0, 300));
});

test('the import route (ROUTE_UPLOAD) takes a file over 1 MB from a member', async () => {
	const line = '31-12-2025;-12,50;Drukwerk folder;ONBEKEND-1;REF\r\n';
	const content = 'datum;bedrag;omschrijving;code;referentie\r\n' + line.repeat(Math.ceil((1.5 * 1024 * 1024) / line.length));
	assert.ok(content.length > 1024 * 1024);
	const fd = new FormData();
	fd.append('csrf', as.member.csrf);
	fd.append('file', new Blob([content], { type: 'text/csv' }), 'export.csv');
	const r = await as.member.fetch('/funds/import', { method: 'POST', body: fd });
	assert.notEqual(r.status, 413, r.body.slice(0, 300));
	assert.ok(r.status < 500, `status ${r.status}: ${r.body.slice(0, 300)}`);
	// A body of that size to a normal form route is too large, and refused before it is read.
	const cookie = [...as.member.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const head = [
		'POST /funds/allocations HTTP/1.1',
		`Host: 127.0.0.1:${srv.port}`,
		'Content-Type: multipart/form-data; boundary=x',
		`Content-Length: ${content.length}`,
		`Cookie: ${cookie}`,
		// Wait for the refusal before sending the body, as a browser may: a
		// server that closes with the body unread resets the connection, and
		// on a slow machine that can come before the client reads the 413.
		'Expect: 100-continue',
		'', '',
	].join('\r\n');
	const r2 = await rawRequest(head, content.length, { wait: 3000 });
	assert.equal(r2.sent, 0, 'the refusal came before any of the body was sent');
	assert.equal(r2.status, 413, r2.head);
});
