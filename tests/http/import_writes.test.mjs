// HTTP test of writes during a large import (issue 12): while an import of
// many expense lines holds the one writer (all lines or none: one
// transaction), forms sent by other people wait their turn and are saved
// (no 500, no "database is locked"), and public pages keep answering. This
// checks what is saved and answered, not how fast: bench/import_readers.sh
// measures the times.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/import_writes.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { holdWriter, sqlValue, sqlWrite } from '../lib/db.mjs';
import { startDemoSignedIn, signIn, serverNow, DEMO } from '../lib/auth.mjs';
import { startDemo, ON_PG } from '../lib/server.mjs';

let srv, db, as;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn());
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
const LINES = 60000;
const WRITES = 12;

/** A ledger export of `lines` lines as bench/import.sh makes them: allocations
 * 1-10 (paid from the 2023 funds), every reference new. */
function ledger(lines) {
	const out = ['Boekdatum;Bedrag;Omschrijving;Kostenplaats;Factuurnummer'];
	for (let i = 1; i <= lines; i++) {
		const cents = 1 + ((i * 7919) % 2500000);
		out.push(`${String(1 + (i % 28)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-2023;`
			+ `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')};Factuur ${i};${1 + (i % 10)};WRT-2023-${i}`);
	}
	return out.join('\r\n') + '\r\n';
}

test('forms sent during a large import wait their turn and are saved; public pages keep answering', async () => {
	const fd = new FormData();
	fd.append('csrf', as.member.csrf);
	fd.append('file', new Blob([ledger(LINES)], { type: 'text/csv' }), 'groot.csv');
	const up = await as.member.fetch('/funds/import', { method: 'POST', body: fd, headers: { accept: 'application/json' } });
	assert.equal(up.status, 201, up.body.slice(0, 300));
	const id = up.json.id;
	const eventsBefore = n('SELECT count(*) FROM event');

	let importing = true;
	const started = Date.now();
	const apply = as.member.post(`/funds/import/${id}`, {}).then((r) => { importing = false; return r; });
	// Public pages are read all the while, one after another. A read that
	// fails is kept with why (e.cause: a reset, a closed socket), for the message.
	const reads = [];
	const reading = (async () => {
		while (importing && Date.now() - started < 120000) {
			const path = ['/', '/actions', '/api/v1/actions'][reads.length % 3];
			reads.push(await as.public.get(path).catch((e) =>
				({ status: `${path} failed after ${Date.now() - started} ms: ${e.message} (${e.cause?.code ?? ''} ${e.cause?.message ?? ''})` })));
		}
	})();
	// Give the import a moment to take the writer, then send forms (another
	// user, one after another and several at once).
	await new Promise((ok) => setTimeout(ok, 150));
	const writes = [];
	for (let i = 0; i < WRITES; i++) {
		const during = importing;
		writes.push(as.coordinator.post('/events', {
			name: `Bijeenkomst tijdens import ${i}`, starts_on: '2024-06-02', location: 'Stadhuis', description: '', accessibility: '',
		}).then((r) => ({ r, during }), (e) => ({ r: { status: `failed: ${e.message} (${e.cause?.code ?? ''} ${e.cause?.message ?? ''})`, body: '' }, during })));
		if (i % 3 === 2) await writes[i];
	}
	await reading;
	const done = await apply;
	const answered = await Promise.all(writes);

	assert.equal(done.status, 303, done.body.slice(0, 300));
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), LINES, 'every line imported');
	for (const { r } of answered) assert.equal(r.status, 303, `a form during the import: ${r.status} ${r.body.slice(0, 200)}\n${srv.stderr()}`);
	assert.ok(answered.some((w) => w.during), 'at least one form was sent while the import ran');
	assert.equal(n('SELECT count(*) FROM event') - eventsBefore, WRITES, 'every form was saved');
	assert.equal(n("SELECT count(*) FROM event WHERE name LIKE 'Bijeenkomst tijdens import %'"), WRITES);
	for (const r of reads) assert.equal(r.status, 200, `a public page during the import: ${r.status}\n${srv.stderr()}`);
	assert.ok(reads.length > 0, 'public pages were read during the import');
	assert.ok(!srv.stderr().includes('database is locked'), 'no "database is locked" in the log');
});

test('a form waits while another process holds the writer for longer than 5 seconds, and is saved', async () => {
	const held = await holdWriter(db, 7000);
	const started = Date.now();
	const form = as.coordinator.post('/events', {
		name: 'Bijeenkomst na het wachten', starts_on: '2024-06-03', location: 'Stadhuis', description: '', accessibility: '',
	});
	// Meanwhile public pages are answered (a snapshot: no writer needed).
	const page = await as.public.get('/actions');
	assert.equal(page.status, 200);
	assert.ok(Date.now() - started < 5000, 'the page did not wait for the writer');
	const r = await form;
	const waited = Date.now() - started;
	await held.released;
	assert.equal(r.status, 303, `${r.status} ${r.body.slice(0, 200)}`);
	assert.ok(waited > 5000, `the form waited for the writer (${waited} ms)`);
	assert.equal(n("SELECT count(*) FROM event WHERE name = 'Bijeenkomst na het wachten'"), 1);
});

test('a page asked on a kept-alive connection of the one worker thread is answered while a form of that thread waits for the writer, not reset', async () => {
	// One worker thread: a form that waits for the writer (held here, as an
	// import holds it) keeps that thread, and so every connection it serves,
	// from reading; a page asked meanwhile on a connection it kept alive sits
	// complete in the socket. It must be answered once the thread is free,
	// not shut down as a client too slow to send its headers (10 s).
	const one = await startDemo({ args: ['--threads', '1'] });
	const oneBase = one.url.replace(/\/$/, '');
	const keep = new http.Agent({ keepAlive: true, maxSockets: 1 });
	try {
		const coord = await signIn(oneBase, DEMO.coordinator);
		assert.equal((await get(keep, one.port, '/actions')).status, 200, 'the page, on a connection kept alive');
		const held = await holdWriter(one.db, 14000);
		const why = (e) => `${e.message} ${e.code ?? ''} ${e.cause?.code ?? ''} ${e.cause?.message ?? ''}`;
		const form = coord.post('/events', {
			name: 'Bijeenkomst op een bezette draad', starts_on: '2024-06-04', location: 'Stadhuis', description: '', accessibility: '',
		}).catch((e) => e);
		await new Promise((ok) => setTimeout(ok, 300)); // the form waits for the writer
		const asked = Date.now();
		const page = await get(keep, one.port, '/actions').catch((e) => e);
		const pageTook = Date.now() - asked;
		const sent = await form;
		assert.ok(!(sent instanceof Error), `the form failed: ${why(sent)}\n${one.stderr()}`);
		assert.ok(!(page instanceof Error), `the page on the kept-alive connection failed: ${why(page)}\n${one.stderr()}`);
		assert.equal(page.status, 200);
		assert.equal(sent.status, 303);
		// The form waits on a thread of its own (http/writes.h), not on the
		// worker thread: the page did not wait for the writer (14 s).
		assert.ok(pageTook < 7000, `the page waited ${pageTook} ms for the form's writer`);
		await held.released;
		assert.doesNotMatch(one.stderr(), /to send the headers/, 'no connection was shut down as late');
	} finally {
		keep.destroy();
		await one.cleanup();
	}
});

/** GET path on 127.0.0.1:port through agent (node:http, so the connection is the agent's): {status, body}. */
function get(agent, port, path) {
	return new Promise((ok, fail) => {
		const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { body += d; });
			res.on('end', () => ok({ status: res.statusCode, body }));
			res.on('error', fail);
		});
		req.on('error', fail);
	});
}

test('a signed-in page whose session activity is due is answered while another process holds the writer, and the activity is recorded later', async () => {
	// The session was last seen two minutes ago (server time): this page
	// would record its activity, which is a write. It must not wait for the
	// writer (an import may hold it for a minute); a later page records it.
	const stale = new Date((serverNow(srv.url) - 120) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
	const mine = `token_hash IN (SELECT s.token_hash FROM session s JOIN user_account u ON u.id = s.user_id WHERE u.email = '${DEMO.coordinator}')`;
	sqlWrite(db, `UPDATE session SET last_seen_at = '${stale}' WHERE ended_at IS NULL AND ${mine}`);
	const held = await holdWriter(db, 6000);
	const asked = Date.now();
	const page = await as.coordinator.get('/');
	const took = Date.now() - asked;
	await held.released;
	assert.equal(page.status, 200);
	assert.match(page.body, /\/sign-out/, 'the coordinator is still signed in');
	assert.ok(took < 4000, `the page waited ${took} ms for the writer`);
	// On PostgreSQL a row's update takes no writer lock: it is recorded at once.
	if (!ON_PG) {
		assert.equal(n(`SELECT count(*) FROM session WHERE ended_at IS NULL AND ${mine} AND last_seen_at > '${stale}'`), 0,
			'nothing was recorded while the writer was held');
	}
	assert.equal((await as.coordinator.get('/')).status, 200);
	assert.ok(n(`SELECT count(*) FROM session WHERE ended_at IS NULL AND ${mine} AND last_seen_at > '${stale}'`) > 0,
		'the next page recorded the activity');
	assert.ok(!srv.stderr().includes('database is locked'), 'no "database is locked" in the log');
});
