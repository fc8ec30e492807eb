// HTTP tests of /healthz and the log (issue 13): the health check answers
// 200 "ok" or 503 with a one-line reason, with no cookie and no session;
// the access log writes control characters as \xNN, so a requested path
// with %0a or a terminal escape cannot forge a log line; --log FILE writes
// the log to a file that SIGHUP opens again after logrotate moved it.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/health_log.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo, startLia, tempDir, removeDir, exitReport } from '../lib/server.mjs';

let srv, base, logFile, dir;
before(async () => {
	// A copy of the demo database, served with the access log on (startDemo
	// turns it off) into a file.
	dir = tempDir('lia-log-');
	await (await startDemo({ dir, sqlite: true })).stop();
	logFile = path.join(dir, 'lia.log');
	srv = await startLia(['serve', '--db', path.join(dir, 'demo.db'), '--port', '0', '--log', logFile], { cwd: dir });
	srv.db = path.join(dir, 'demo.db');
	base = srv.url.replace(/\/$/, '');
});
after(async () => {
	if (srv) {
		const r = await srv.stop();
		assert.equal(r.code, 0, exitReport(r));
	}
	if (!process.env.KEEP) removeDir(dir);
});

/** Wait until the file holds a line matching re (the log is written after the answer). */
async function logged(file, re, ms = 3000) {
	const until = Date.now() + ms;
	for (;;) {
		const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		if (re.test(text) || Date.now() > until) return text;
		await new Promise((r) => setTimeout(r, 50));
	}
}

test('/healthz answers ok, sets no cookie and starts no session, even for a browser with cookies', async () => {
	const r = await fetch(`${base}/healthz?lang=en`, { headers: { cookie: 'lia_session=' + 'x'.repeat(43) } });
	assert.equal(r.status, 200);
	assert.equal(await r.text(), 'ok\n');
	assert.match(r.headers.get('content-type'), /^text\/plain/);
	assert.equal(r.headers.get('cache-control'), 'no-store');
	assert.deepEqual(r.headers.getSetCookie(), [], 'no cookie (a normal page would clear the unknown session)');
	const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
	assert.equal(head.status, 200);
	const post = await fetch(`${base}/healthz`, { method: 'POST', body: '' });
	assert.equal(post.status, 405);
});

test('/healthz answers 503 with the reason while the database file is gone, and ok once it is back', async () => {
	fs.renameSync(srv.db, `${srv.db}.away`);
	try {
		const r = await fetch(`${base}/healthz`);
		assert.equal(r.status, 503);
		assert.equal(await r.text(), 'database file is missing\n');
	} finally {
		fs.renameSync(`${srv.db}.away`, srv.db);
	}
	assert.equal((await fetch(`${base}/healthz`)).status, 200);
});

test('the access log writes control characters in a path as \\xNN: no forged lines, no terminal escapes', async () => {
	const forged = '/x%0a2020-01-01T00:00:00Z%20error%20forged%0d%1b[2J%c2%9b';
	const r = await fetch(base + forged);
	assert.equal(r.status, 404);
	const text = await logged(logFile, /forged/);
	const line = text.split('\n').find((l) => l.includes('forged'));
	assert.ok(line, `the request is not in the log:\n${text}`);
	assert.match(line, /^\S+Z info \S+ GET \/x\\x0a2020-01-01T00:00:00Z error forged\\x0d\\x1b\[2J\\x9b 404 /);
	for (const l of text.split('\n').filter(Boolean))
		assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (error|warn|info|debug) /, `a line lia did not write: ${JSON.stringify(l)}`);
	assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/, 'a control character reached the log');
});

test('SIGHUP reopens the log file after it was moved away (logrotate)', async () => {
	await fetch(`${base}/before-rotation`);
	await logged(logFile, /before-rotation/);
	fs.renameSync(logFile, `${logFile}.1`);
	srv.child.kill('SIGHUP');
	const reopened = await logged(logFile, /log file reopened/);
	assert.match(reopened, /log file reopened/);
	await fetch(`${base}/after-rotation`);
	const now = await logged(logFile, /after-rotation/);
	assert.match(now, /after-rotation/, 'new lines go to the new file');
	const old = fs.readFileSync(`${logFile}.1`, 'utf8');
	assert.match(old, /before-rotation/);
	assert.doesNotMatch(old, /after-rotation/);
	assert.equal(srv.child.exitCode, null, 'lia is still running');
	assert.equal((await fetch(`${base}/healthz`)).status, 200);
});
