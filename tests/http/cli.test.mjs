// Tests of the lia command line: help, version, usage errors (exit code 2),
// missing or broken databases, `lia init`, and serving an empty database.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/cli.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { LIA_BIN, runLia, startLia, startServe, tempDir, removeDir, exitReport } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { request, JSON_ACCEPT, textOf } from '../lib/http.mjs';
import { FIXED_PAGES } from '../lib/site.mjs';

const dir = tempDir('lia-cli-');
const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const started = [];

after(async () => {
	for (const s of started) await s.stop();
	removeDir(dir);
});

const lia = (args, env = EN) => runLia(args, { cwd: dir, env });

function show(r) {
	return `exit code ${r.code}, signal ${r.signal}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** A usage error: exit code 2, a message on stderr that mentions `mention`, nothing on stdout. */
function usageError(r, mention) {
	assert.equal(r.code, 2, `exit code 2 expected\n${show(r)}`);
	assert.ok(r.stderr.trim().length > 0, `a message on stderr\n${show(r)}`);
	if (mention) assert.ok(r.stderr.includes(mention), `the message mentions "${mention}"\n${show(r)}`);
	assert.equal(r.stdout, '', `nothing on stdout\n${show(r)}`);
}

test('the binary exists and is executable', () => {
	assert.ok(fs.existsSync(LIA_BIN), `${LIA_BIN} exists (set LIA_BIN)`);
	fs.accessSync(LIA_BIN, fs.constants.X_OK);
});

test('lia --help lists the commands and exits 0', () => {
	const r = lia(['--help']);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stdout, /Usage: lia COMMAND/, show(r));
	for (const cmd of ['demo', 'init', 'serve']) assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\s`, 'm'), `--help lists ${cmd}`);
	assert.equal(r.stderr, '', show(r));
	const h = lia(['-h']);
	assert.equal(h.code, 0, show(h));
	assert.equal(h.stdout, r.stdout, '-h is the same as --help');
});

test('lia --version prints the version and exits 0', () => {
	const r = lia(['--version']);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stdout, /^lia \d+\.\d+\.\d+\S*\n$/, show(r));
	assert.equal(r.stderr, '', show(r));
});

test('lia COMMAND --help shows the options of each command and exits 0', () => {
	for (const cmd of ['demo', 'init', 'serve']) {
		const r = lia([cmd, '--help']);
		assert.equal(r.code, 0, `${cmd} --help\n${show(r)}`);
		assert.match(r.stdout, new RegExp(`Usage: lia ${cmd}\\b`), `${cmd} --help has a usage line`);
		assert.match(r.stdout, /--db FILE/, `${cmd} --help documents --db`);
		assert.equal(r.stderr, '', show(r));
	}
	assert.match(lia(['serve', '--help']).stdout, /--port N/);
	assert.match(lia(['serve', '--help']).stdout, /--quiet/);
});

test('help is in Dutch under a Dutch locale', () => {
	const en = lia(['--help']);
	const nl = lia(['--help'], { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' });
	assert.equal(nl.code, 0, show(nl));
	assert.notEqual(nl.stdout, en.stdout, `lia --help under LC_ALL=nl_NL.UTF-8 is the English text:\n${nl.stdout}`);
	assert.match(nl.stdout, /\b(de|het|een|van|voor|maak|maakt|database)\b/i, `Dutch help:\n${nl.stdout}`);
});

test('lia without a command prints the help on stderr and exits 2', () => {
	const r = lia([]);
	assert.equal(r.code, 2, show(r));
	assert.match(r.stderr, /Usage: lia COMMAND/, show(r));
	assert.equal(r.stdout, '', show(r));
});

test('an unknown command exits 2 with a message that names it', () => {
	usageError(lia(['frobnicate']), 'frobnicate');
	usageError(lia(['--frobnicate']), '--frobnicate');
});

test('an unknown option exits 2 with a message that names it', () => {
	for (const cmd of ['demo', 'init', 'serve']) {
		usageError(lia([cmd, '--db', path.join(dir, 'never.db'), '--frobnicate']), '--frobnicate');
		usageError(lia([cmd, '--frobnicate']), '--frobnicate');
	}
	usageError(lia(['serve', '--db', path.join(dir, 'never.db'), 'extra-argument']), 'extra-argument');
	assert.ok(!fs.existsSync(path.join(dir, 'never.db')), 'a usage error creates no database');
});

test('bad option values exit 2 with a clear message', () => {
	usageError(lia(['serve', '--db', path.join(dir, 'never.db'), '--port', 'abc']), 'abc');
	usageError(lia(['serve', '--db', path.join(dir, 'never.db'), '--port', '70000']), '70000');
	usageError(lia(['serve', '--db', path.join(dir, 'never.db'), '--port', '-1']), '-1');
	usageError(lia(['serve', '--db', path.join(dir, 'never.db'), '--threads', '0']), '0');
	usageError(lia(['serve', '--db']), '--db');
	usageError(lia(['serve', '--db', path.join(dir, 'never.db'), '--port']), '--port');
	usageError(lia(['init', '--db']), '--db');
});

test('lia serve without --db exits 2 and says --db is needed', () => {
	usageError(lia(['serve']), '--db');
	usageError(lia(['serve', '--port', '0']), '--db');
	usageError(lia(['init']), '--db');
});

test('lia serve --db missing.db exits non-zero with a clear message and creates nothing', () => {
	const missing = path.join(dir, 'missing.db');
	const r = lia(['serve', '--db', missing, '--port', '0', '--quiet']);
	assert.notEqual(r.code, 0, show(r));
	assert.equal(r.signal, null, `no crash\n${show(r)}`);
	assert.ok(r.stderr.includes(missing), `the message names the file\n${show(r)}`);
	assert.match(r.stderr, /lia init/, `the message says how to make a database\n${show(r)}`);
	assert.ok(!fs.existsSync(missing), 'serve does not create a missing database');
});

test('lia serve on a file that is not a database exits non-zero with a message, and leaves the file alone', () => {
	const junk = path.join(dir, 'notes.txt');
	const content = 'This is not a database.\n'.repeat(100);
	fs.writeFileSync(junk, content);
	const r = lia(['serve', '--db', junk, '--port', '0', '--quiet']);
	assert.notEqual(r.code, 0, show(r));
	assert.equal(r.signal, null, `no crash\n${show(r)}`);
	assert.ok(r.stderr.includes(junk), `the message names the file\n${show(r)}`);
	assert.equal(fs.readFileSync(junk, 'utf8'), content, 'the file is unchanged');
});

test('lia init in a folder that does not exist fails with a message (no crash)', () => {
	const bad = path.join(dir, 'no', 'such', 'folder', 'x.db');
	const r = lia(['init', '--db', bad]);
	assert.notEqual(r.code, 0, show(r));
	assert.equal(r.signal, null, show(r));
	assert.ok(r.stderr.includes(bad), `the message names the file\n${show(r)}`);
});

test('lia init --db new.db makes an empty database with the reference data; again is a no-op', () => {
	const db = path.join(dir, 'new.db');
	const r = lia(['init', '--db', db]);
	assert.equal(r.code, 0, show(r));
	assert.ok(fs.existsSync(db));
	assert.ok(r.stdout.includes(db), `init says which file it made\n${show(r)}`);
	assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM crpd_article'), 50, 'the 50 articles of the UN Convention');
	assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM programme'), 0, 'no programme');
	assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM action_point'), 0, 'no action points');
	assert.equal(sqlValue(db, 'PRAGMA integrity_check'), 'ok');
	const again = lia(['init', '--db', db]);
	assert.equal(again.code, 0, show(again));
	assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM crpd_article'), 50, 'init twice does not duplicate reference data');
});

test('lia serve on an empty database: no 500 and no crash on any page; stops cleanly', async (t) => {
	const db = path.join(dir, 'empty.db');
	assert.equal(lia(['init', '--db', db]).code, 0);
	const srv = await startServe(db);
	started.push(srv);
	const base = srv.url.replace(/\/$/, '');
	const seen = [];
	for (const p of [...FIXED_PAGES, '/themes/1', '/actions/1', '/periods/1', '/crpd/1', '/crpd/50']) {
		for (const [how, opts] of [['HTML', {}], ['JSON', { headers: JSON_ACCEPT }]]) {
			const r = await request(base + p, opts);
			seen.push(`${how} ${p} -> ${r.status}${r.status >= 400 ? `: ${r.json?.detail ?? textOf(r.body.match(/<p class="lead">([^<]*)/)?.[1] ?? '')}` : ''}`);
			assert.ok(r.status < 500, `${how} ${p}: status ${r.status} on an empty database\n${r.body.slice(0, 500)}`);
			assert.ok([200, 404].includes(r.status), `${how} ${p}: 200 or 404 expected, got ${r.status}`);
		}
	}
	// The dashboard of an empty database: report what it does.
	const dash = await request(base + '/', { headers: JSON_ACCEPT });
	t.diagnostic(`empty database: ${seen.join('; ')}`);
	if (dash.status === 404) {
		const generic = (await request(base + '/no-such-page', { headers: JSON_ACCEPT })).json.detail;
		t.diagnostic(`dashboard detail: "${dash.json.detail}" (generic 404 detail: "${generic}")`);
	}
	const list = await request(base + '/crpd', { headers: JSON_ACCEPT });
	assert.equal(list.status, 200);
	assert.equal(list.json.count, 50, 'the UN Convention articles are there');
	const stopped = await srv.stop();
	assert.equal(stopped.code, 0, exitReport(stopped));
	assert.doesNotMatch(stopped.stderr, /Sanitizer|runtime error/, exitReport(stopped));
});

test('the dashboard of an empty database explains that there is no programme yet (not the generic 404 text)', async () => {
	const db = path.join(dir, 'empty2.db');
	assert.equal(lia(['init', '--db', db]).code, 0);
	const srv = await startServe(db);
	started.push(srv);
	const base = srv.url.replace(/\/$/, '');
	try {
		for (const lang of ['nl', 'en']) {
			const dash = await request(`${base}/?lang=${lang}`, { headers: JSON_ACCEPT });
			const generic = await request(`${base}/no-such-page?lang=${lang}`, { headers: JSON_ACCEPT });
			assert.ok(dash.status < 500, `status ${dash.status}`);
			if (dash.status !== 200)
				assert.notEqual(dash.json?.detail, generic.json?.detail,
					`${lang}: the dashboard of an empty database answers ${dash.status} with the generic "page does not exist" text: "${dash.json?.detail}"`);
		}
	} finally {
		const stopped = await srv.stop();
		assert.equal(stopped.code, 0, exitReport(stopped));
	}
});

test('lia demo twice on the same file reuses the data (no duplicates) and both runs stop cleanly', async () => {
	const sub = fs.mkdtempSync(path.join(dir, 'demo-'));
	const db = path.join(sub, 'demo.db');
	const first = await startLia(['demo', '--db', db, '--port', '0', '--quiet'], { cwd: sub });
	started.push(first);
	assert.match(first.stdout(), /created the demo database/, 'the first run says it made the database');
	const r1 = await first.stop();
	assert.equal(r1.code, 0, exitReport(r1));
	const counts = () => sql(db, 'SELECT (SELECT COUNT(*) FROM theme) AS themes, (SELECT COUNT(*) FROM action_point) AS actions, (SELECT COUNT(*) FROM progress_update) AS updates, (SELECT COUNT(*) FROM crpd_article) AS articles')[0];
	const before = counts();
	assert.deepEqual([before.themes, before.actions, before.articles], [7, 40, 50]);
	const second = await startLia(['demo', '--db', db, '--port', '0', '--quiet'], { cwd: sub });
	started.push(second);
	assert.doesNotMatch(second.stdout(), /created/, 'the second run does not make it again');
	const r2 = await second.stop();
	assert.equal(r2.code, 0, exitReport(r2));
	assert.deepEqual(counts(), before, 'the data is the same after a second run');
});

test('serving on a port that is taken fails with a clear message (no crash)', async () => {
	const db = path.join(dir, 'port.db');
	assert.equal(lia(['init', '--db', db]).code, 0);
	const srv = await startServe(db);
	started.push(srv);
	try {
		const r = lia(['serve', '--db', db, '--port', String(srv.port), '--quiet']);
		assert.notEqual(r.code, 0, show(r));
		assert.equal(r.signal, null, show(r));
		assert.ok(r.stderr.includes(String(srv.port)), `the message names the port\n${show(r)}`);
	} finally {
		const stopped = await srv.stop();
		assert.equal(stopped.code, 0, exitReport(stopped));
	}
});

test('SIGINT stops the server cleanly too', async () => {
	const db = path.join(dir, 'sigint.db');
	assert.equal(lia(['init', '--db', db]).code, 0);
	const srv = await startServe(db);
	started.push(srv);
	const done = new Promise((res) => srv.child.once('exit', (code, signal) => res({ code, signal })));
	srv.child.kill('SIGINT');
	const r = await done;
	assert.equal(r.code, 0, `exit code ${r.code}, signal ${r.signal}\n${srv.stderr()}`);
});
