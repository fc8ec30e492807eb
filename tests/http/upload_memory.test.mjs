// The memory an upload costs (issue 13). A file sent to /funds/import is
// written to a temporary file as it arrives (http/body.c), so while 30 MB
// of it are in, the server's own memory (RssAnon) has not grown by them (it
// used to grow by all of them, and by a copy at the end); the import then
// reads the file mapped once. The whole upload and check of about 33 MB
// (650,000 short lines) raise the peak (VmHWM) by less than 4x the file: the
// file mapped once (1x) and the check's table of its lines (a copy of every
// field's text, their offsets and the rows: 62 MB; the check's own records
// of the lines: 42 MB). Measured: 3.85x. Until the tests hashed passwords
// cheaply (LIA_TEST_PASSWORD_COST) the peak before the upload already held
// the sign-in's 64 MB password hash, which the upload then reused, so this
// test saw 1.8x and had a bound of 2.5x that lia never met. Keeping a copy
// of the whole body once more (as before issue 13) would be 4.8x or more.
// The figures are printed.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/upload_memory.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';

import { startDemo, exitReport } from '../lib/server.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';

let srv, base, member;
const LINE = '31-12-2025;-12,50;Drukwerk folder;IA26-02;REF\r\n';

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	member = await signIn(base, DEMO.member);
});

after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

/** A figure of the server's /proc status in kB (VmHWM: the peak resident memory). */
function statusKb(name) {
	const m = new RegExp(`${name}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${srv.child.pid}/status`, 'utf8'));
	return Number(m[1]);
}

// Under AddressSanitizer (make asan sets ASAN_OPTIONS) freed memory waits in a
// quarantine and every block has red zones: its peak says nothing about lia's.
const UNDER_ASAN = process.env.ASAN_OPTIONS ? 'the sanitizer build measures its own memory, not lia\'s' : false;

test('an upload of about 33 MB raises the peak memory by less than 4x the file', { skip: UNDER_ASAN }, async () => {
	const line = LINE;
	const size = 31.5 * 1024 * 1024; // 33 MB, just under the route's limit of 32 MiB for the whole body
	const content = 'datum;bedrag;omschrijving;toekenning;referentie\r\n' + line.repeat(Math.floor(size / line.length));
	const before = statusKb('VmHWM');
	const fd = new FormData();
	fd.append('csrf', member.csrf);
	fd.append('file', new Blob([content], { type: 'text/csv' }), 'export.csv');
	const r = await member.fetch('/funds/import', { method: 'POST', body: fd, headers: { accept: 'application/json' } });
	const peak = statusKb('VmHWM');
	const grewMb = (peak - before) / 1024, fileMb = content.length / 1024 / 1024;
	console.log(`upload ${fileMb.toFixed(1)} MiB: peak ${(before / 1024).toFixed(1)} -> ${(peak / 1024).toFixed(1)} MiB ` +
		`(grew ${grewMb.toFixed(1)} MiB, ${(grewMb / fileMb).toFixed(2)}x the file); status ${r.status} ${r.status >= 400 ? r.body.slice(0, 300) : ""}`);
	assert.ok(r.status < 500, `status ${r.status}: ${r.body.slice(0, 300)}`);
	assert.notEqual(r.status, 413, r.body.slice(0, 300));
	assert.ok(grewMb < 4 * fileMb, `the peak memory grew by ${grewMb.toFixed(1)} MiB for a file of ${fileMb.toFixed(1)} MiB`);
});

test('while a file arrives the server keeps it on disk, not in its memory', async () => {
	const boundary = 'lia-upload-test';
	const lines = Math.floor((30 * 1024 * 1024) / LINE.length);
	const pre = Buffer.from([
		`--${boundary}`, 'Content-Disposition: form-data; name="csrf"', '', member.csrf,
		`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="export.csv"', 'Content-Type: text/csv', '',
		'datum;bedrag;omschrijving;toekenning;referentie\r\n',
	].join('\r\n'));
	const post = Buffer.from(`\r\n--${boundary}--\r\n`);
	const total = pre.length + lines * LINE.length + post.length;
	const cookie = [...member.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const sock = net.connect(srv.port, '127.0.0.1');
	await new Promise((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); });
	let answer = '';
	sock.setEncoding('latin1');
	sock.on('data', (d) => { answer += d; });
	const write = (b) => new Promise((resolve) => { if (sock.write(b)) resolve(); else sock.once('drain', resolve); });
	const anon0 = statusKb('RssAnon');
	await write([`POST /funds/import HTTP/1.1`, `Host: 127.0.0.1:${srv.port}`, 'Accept: application/json',
		`Content-Type: multipart/form-data; boundary=${boundary}`, `Content-Length: ${total}`, `Cookie: ${cookie}`, '', ''].join('\r\n'));
	await write(pre);
	const block = Buffer.from(LINE.repeat(1000));
	let sent = 0;
	for (; sent + 1000 <= lines; sent += 1000) await write(block);
	// All but the last lines are in: give the server a moment to take what the socket holds.
	await new Promise((r) => setTimeout(r, 500));
	const anonMid = statusKb('RssAnon');
	await write(Buffer.from(LINE.repeat(lines - sent)));
	await write(post);
	// Until the whole answer is in (the connection stays open).
	const whole = () => {
		const [h, ...rest] = answer.split('\r\n\r\n');
		const len = /\r\ncontent-length: (\d+)/i.exec(h);
		return rest.length && len && rest.join('\r\n\r\n').length >= Number(len[1]);
	};
	for (let i = 0; i < 600 && !whole(); i++) await new Promise((r) => setTimeout(r, 100));
	sock.destroy();
	const grewMb = (anonMid - anon0) / 1024, sentMb = (pre.length + sent * LINE.length) / 1024 / 1024;
	console.log(`after ${sentMb.toFixed(1)} MiB of the file: the server's RssAnon ${(anon0 / 1024).toFixed(1)} -> ` +
		`${(anonMid / 1024).toFixed(1)} MiB (grew ${grewMb.toFixed(1)} MiB); answer ${answer.slice(0, 12)}`);
	assert.match(answer, /^HTTP\/1\.1 201/, answer.slice(0, 300));
	assert.ok(grewMb < 8, `the server's memory grew by ${grewMb.toFixed(1)} MiB while ${sentMb.toFixed(1)} MiB of a file arrived`);
});
