// HTTP tests of slow clients (issue 13, "about 1,030 slow connections make
// the server unreachable"): connections that send their headers one byte at
// a time hold a connection slot and a file descriptor each. lia limits them
// per address (32) and in all (below its file descriptor limit), and shuts
// down connections whose headers take longer than 10 seconds, so another
// client is still answered. lia runs here under a file descriptor limit of
// 256 (prlimit), so a few hundred slow connections are enough to show what
// would happen with a thousand; they come from 127.0.0.2 and .3, the client
// that must still be answered from 127.0.0.1.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/slow_clients.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

import { LIA_BIN, startDemo, tempDir, removeDir } from '../lib/server.mjs';

let dir, child, port, stderr = '';

before(async () => {
	// A copy of the demo database, served under a low descriptor limit.
	dir = tempDir('lia-slow-');
	const demo = await startDemo({ dir, sqlite: true });
	await demo.stop();
	child = spawn('prlimit', ['--nofile=256:256', LIA_BIN, 'serve', '--db', path.join(dir, 'demo.db'), '--port', '0', '--quiet'],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (d) => { stderr += d; });
	port = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`lia did not start: ${stderr}`)), 30_000);
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (d) => {
			out += d;
			const m = /serving http:\/\/[^\s]+?:(\d+)\//.exec(out);
			if (m) { clearTimeout(timer); resolve(Number(m[1])); }
		});
		child.on('exit', (code) => reject(new Error(`lia exited (${code}): ${stderr}`)));
	});
});

after(async () => {
	if (child && child.exitCode === null) {
		const exited = new Promise((r) => child.once('exit', (code) => r(code)));
		child.kill('SIGTERM');
		assert.equal(await exited, 0, stderr);
	}
	removeDir(dir);
});

/**
 * n connections from localAddress that send a request line and then one
 * header byte every `every` ms, never finishing. Resolves once all are
 * connected or closed, with {closedAt: [ms since start per closed socket],
 * open(), destroy()}.
 */
async function slowConnections(n, localAddress, every = 2000) {
	const start = Date.now();
	const closedAt = [];
	const socks = [];
	let destroyed = false;
	await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
		const s = net.connect({ port, host: '127.0.0.1', localAddress });
		socks.push(s);
		let timer = null;
		s.on('connect', () => {
			s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
			timer = setInterval(() => s.write('a'), every);
			resolve();
		});
		s.on('error', () => {});
		s.on('close', () => {
			clearInterval(timer);
			if (!destroyed) closedAt.push(Date.now() - start);
			resolve();
		});
		s.on('data', () => {});
	})));
	return {
		closedAt,
		open: () => socks.filter((s) => !s.destroyed).length,
		destroy() { destroyed = true; for (const s of socks) s.destroy(); },
	};
}

/** GET / from 127.0.0.1; resolves {status, ms}, or rejects after ms. */
async function timedGet(ms) {
	const t0 = Date.now();
	const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(ms) });
	await res.text();
	return { status: res.status, ms: Date.now() - t0 };
}

test('300 slow connections from one address: the address gets at most 32, and another client is answered at once', async () => {
	const slow = await slowConnections(300, '127.0.0.2');
	try {
		await new Promise((r) => setTimeout(r, 500)); // let the server accept (and refuse) them
		// Without the limits this times out: every descriptor is taken.
		const r = await timedGet(8000);
		assert.equal(r.status, 200);
		assert.ok(r.ms < 5000, `another client waited ${r.ms} ms`);
		assert.ok(slow.open() <= 32, `${slow.open()} slow connections from one address are still open`);
	} finally {
		slow.destroy();
	}
});

/** A kept-alive connection from 127.0.0.1 that has had one request answered. */
async function keptAlive() {
	const s = net.connect({ port, host: '127.0.0.1' });
	s.setEncoding('latin1');
	s.on('error', () => {});
	let data = '';
	s.on('data', (d) => { data += d; });
	const closed = new Promise((r) => s.on('close', () => r(Date.now())));
	await new Promise((r) => s.on('connect', r));
	s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
	for (let i = 0; i < 50 && !/ok\n$/.test(data); i++) await new Promise((r) => setTimeout(r, 100));
	assert.match(data, /^HTTP\/1\.1 200[\s\S]*ok\n$/);
	return { s, closed, answer: () => data };
}

test('connections that take over 10 s to send their headers are closed; a slow but finished request is not', async () => {
	const slow = await slowConnections(20, '127.0.0.3');
	// Kept alive after an answer: one stays idle (the idle timeout's business,
	// not the header deadline's), one starts its next request and dribbles.
	const idle = await keptAlive();
	const dribbling = await keptAlive();
	const t0 = Date.now();
	dribbling.s.write('GET / HTTP/1.1\r\nX-Slow: ');
	const drip = setInterval(() => dribbling.s.write('a'), 2000);
	try {
		await new Promise((r) => setTimeout(r, 5000));
		assert.equal(slow.closedAt.length, 0, `closed after ${slow.closedAt} ms: too early`);
		// A client that sends its headers in a few pieces within the time is answered.
		const answer = await new Promise((resolve, reject) => {
			const s = net.connect({ port, host: '127.0.0.1' });
			let data = '';
			s.setEncoding('latin1');
			s.on('data', (d) => { data += d; if (/\r\n\r\n/.test(data)) { s.destroy(); resolve(data); } });
			s.on('error', reject);
			s.on('connect', async () => {
				for (const part of ['GET /healthz HTTP/1.1\r\n', 'Host: 127.0.0.1\r\n', 'Connection: close\r\n', '\r\n']) {
					s.write(part);
					await new Promise((r) => setTimeout(r, 1000));
				}
			});
		});
		assert.match(answer, /^HTTP\/1\.1 200/);
		await new Promise((r) => setTimeout(r, 11000));
		assert.equal(slow.closedAt.length, 20, `only ${slow.closedAt.length} of 20 slow connections were closed after 16 s`);
		assert.ok(Math.min(...slow.closedAt) >= 9000, `closed after ${Math.min(...slow.closedAt)} ms`);
		assert.match(stderr, /closed \d+ connections? that took over 10 s to send the headers/);
		assert.equal((await timedGet(8000)).status, 200);
		// The dribbling second request was cut off too; the idle connection still serves.
		const cut = await Promise.race([dribbling.closed, new Promise((r) => setTimeout(() => r(null), 1000))]);
		assert.ok(cut && cut - t0 >= 9000, 'a slow second request on a kept-alive connection is closed after 10 s');
		assert.ok(!idle.s.destroyed, 'an idle kept-alive connection is not closed by the header deadline (only by the 30 s idle timeout)');
		const before = idle.answer().length;
		idle.s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
		await idle.closed;
		assert.match(idle.answer().slice(before), /^HTTP\/1\.1 200[\s\S]*ok\n$/, 'the idle connection answered its next request');
	} finally {
		clearInterval(drip);
		slow.destroy();
		idle.s.destroy();
		dribbling.s.destroy();
	}
});
