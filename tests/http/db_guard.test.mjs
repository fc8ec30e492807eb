// A --db that lia must not use is refused before anything is changed: an
// empty file (a copy or download that went wrong: SQLite would take it for an
// empty database and lia would make it a new one), and a database made by a
// newer lia (its schema has migrations this lia does not know: it would
// answer errors, or write what the newer lia forbids). Every command says
// why, in the user's language, and exits with 1.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/db_guard.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { runLia, startDemo, tempDir, removeDir } from '../lib/server.mjs';
import { sqlValue, sqlWrite } from '../lib/db.mjs';

const dir = tempDir('lia-guard-');
after(() => removeDir(dir));
const CSV = path.join(dir, 'expenses.csv');
fs.writeFileSync(CSV, 'datum;bedrag;omschrijving;toekenning\n2024-03-01;12,50;Tolk;A-01\n');

const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const NL = { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' };
const lia = (args, env = EN) => runLia(args, { cwd: dir, env, timeout: 10_000 });

// Every command that takes --db, as it would be run (serve and demo would
// keep running if they started: the timeout would show).
const COMMANDS = (db) => [
	['serve', '--db', db, '--port', '0', '--quiet'],
	['demo', '--db', db, '--port', '0', '--quiet'],
	['init', '--db', db],
	['user', 'list', '--db', db],
	['report', '--db', db, '--format', 'html', '--output', path.join(dir, 'r.html')],
	['import', 'expenses', CSV, '--db', db],
	['migrate', '--db', db],
];

test('an empty --db file is refused by every command and stays empty', () => {
	const db = path.join(dir, 'empty.db');
	for (const args of COMMANDS(db)) {
		fs.writeFileSync(db, '');
		const r = lia(args);
		assert.equal(r.code, 1, `${args[0]}: exit code 1\n${r.stderr}`);
		assert.match(r.stderr, /empty\.db is empty, so it is not a lia database/, args[0]);
		assert.equal(fs.statSync(db).size, 0, `${args[0]} left the file as it was`);
	}
	fs.writeFileSync(db, '');
	const nl = lia(['serve', '--db', db, '--port', '0'], NL);
	assert.equal(nl.code, 1);
	assert.match(nl.stderr, /is leeg/, 'the message is in Dutch for a Dutch user');
});

test('a database made by a newer lia is refused by every command, and nothing is migrated', async () => {
	const demo = await startDemo({ dir: fs.mkdtempSync(path.join(dir, 'newer-')) });
	assert.equal((await demo.stop()).code, 0);
	const before = Number(sqlValue(demo.db, 'SELECT max(version) FROM lia_migration'));
	// Numbers may leave gaps (parallel work reserves them): count the rows.
	const applied = Number(sqlValue(demo.db, 'SELECT count(*) FROM lia_migration'));
	sqlWrite(demo.db, `INSERT INTO lia_migration (version, name, applied_at) VALUES (${before + 50}, 'store/9999_future.sql', '2030-01-01T00:00:00Z')`);
	for (const args of COMMANDS(demo.db)) {
		const r = lia(args);
		assert.equal(r.code, 1, `${args[0]}: exit code 1\n${r.stderr}`);
		assert.match(r.stderr, new RegExp(`made by a newer version of lia \\(schema ${before + 50}; this lia knows up to ${before}\\)`), args[0]);
	}
	const nl = lia(['user', 'list', '--db', demo.db], NL);
	assert.match(nl.stderr, /nieuwere versie van lia/);
	assert.equal(Number(sqlValue(demo.db, 'SELECT count(*) FROM lia_migration')), applied + 1, 'no migration ran');
	await demo.cleanup();
});
