// Tests of `lia import expenses FILE` on the real binary: help, usage errors
// (exit code 2), --dry-run changes nothing, a file with a wrong line exits 1,
// names the line in Dutch and adds nothing, a good file is added with its
// kept copy and audit entries, the same file again adds nothing, --user and
// the default database, and no progress bar when stderr is not a terminal
// (and one that is cleared again when it is).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/import_cli.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { LIA_BIN, runLia, startLia, tempDir, removeDir, exitReport } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';

const dir = tempDir('lia-import-');
const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const NL = { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' };
const demo = path.join(dir, 'demo.db');
let fresh = 0;

before(async () => {
	const srv = await startLia(['demo', '--db', demo, '--port', '0', '--quiet'], { cwd: dir });
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
});

after(() => removeDir(dir));

/** A copy of the demo database for one test. */
function freshDb() {
	const db = path.join(dir, `t${++fresh}.db`);
	fs.copyFileSync(demo, db);
	return db;
}

const lia = (args, env = EN, cwd = dir) => runLia(args, { cwd, env, timeout: 120_000 });
const one = (db, q) => sqlValue(db, q);

function show(r) {
	return `exit code ${r.code}, signal ${r.signal}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** What an import may change: expenses, kept files, audit entries. */
function state(db) {
	return {
		expenses: one(db, 'SELECT count(*) FROM expense'),
		sum: one(db, 'SELECT sum(amount_cents) FROM expense'),
		imports: one(db, 'SELECT count(*) FROM expense_import'),
		audits: one(db, 'SELECT count(*) FROM audit_entry'),
	};
}

function writeCsv(name, text) {
	const file = path.join(dir, name);
	fs.writeFileSync(file, text);
	return file;
}

// Allocation 1 and 3 are paid from the 2023 funds.
const GOOD = writeCsv('goed.csv', 'datum;bedrag;omschrijving;toewijzing;referentie\r\n' +
	'31-12-2023;€ 1.234,56;Zaal en koffie;1;T-1\r\n' +
	'2023-12-30;-250,00;Creditnota;3;T-2\r\n' +
	'15-11-2023;99,95;"Tolk; schrijftolk";1;T-3\r\n');
const GOOD_CENTS = 123456 - 25000 + 9995;

const BAD = writeCsv('fout.csv', 'datum;bedrag;omschrijving;toewijzing;referentie\n' +
	'31-12-2023;10,00;Zaal;1;F-1\n' +
	'31-12-2023;12,3,4;Zaal;1;F-2\n' +
	'31-12-2023;20,00;Zaal;1;F-3\n');

test('lia import --help documents the command and exits 0, in Dutch under a Dutch locale', () => {
	const r = lia(['import', '--help']);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stdout, /Usage: lia import expenses FILE/, show(r));
	for (const opt of ['--db FILE', '--dry-run', '--user EMAIL']) assert.ok(r.stdout.includes(opt), `--help documents ${opt}`);
	assert.equal(r.stderr, '', show(r));
	const nl = lia(['import', 'expenses', '--help'], NL);
	assert.equal(nl.code, 0, show(nl));
	assert.notEqual(nl.stdout, r.stdout, 'the help is translated');
	assert.match(nl.stdout, /\b(het|de|een|bestand)\b/, nl.stdout);
	assert.match(lia(['--help']).stdout, /^\s+import\s/m, 'lia --help lists import');
});

test('usage errors exit 2 with a message on stderr and change nothing', () => {
	const db = freshDb();
	const before = state(db);
	for (const [args, mention] of [
		[['import'], 'expenses'],
		[['import', 'expenses', '--db', db], 'file'],
		[['import', 'invoices', GOOD, '--db', db], 'invoices'],
		[['import', 'expenses', GOOD, '--db', db, '--frobnicate'], '--frobnicate'],
		[['import', 'expenses', GOOD, 'extra.csv', '--db', db], 'extra.csv'],
		[['import', 'expenses', GOOD, '--db'], '--db'],
	]) {
		const r = lia(args);
		assert.equal(r.code, 2, `${args.join(' ')}\n${show(r)}`);
		assert.ok(r.stderr.includes(mention), `the message mentions "${mention}"\n${show(r)}`);
		assert.equal(r.stdout, '', show(r));
	}
	assert.deepEqual(state(db), before);
});

test('--dry-run checks, reports and changes nothing', () => {
	const db = freshDb();
	const before = state(db);
	const r = lia(['import', 'expenses', GOOD, '--db', db, '--dry-run']);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stdout, /lines:\s+3\b/, show(r));
	assert.match(r.stdout, /to add:\s+3\b/, show(r));
	assert.ok(r.stdout.includes('€1,084.51'), `the total (money_format, English)\n${show(r)}`);
	assert.match(r.stdout, /dry run: nothing was added/, show(r));
	assert.deepEqual(state(db), before);
	// In Dutch, the total as Dutch money.
	const nl = lia(['import', 'expenses', GOOD, '--db', db, '--dry-run'], NL);
	assert.equal(nl.code, 0, show(nl));
	assert.ok(nl.stdout.includes('€ 1.084,51'), show(nl));
	assert.deepEqual(state(db), before);
});

test('a file with a wrong line exits 1, names the line in Dutch, and adds nothing', () => {
	const db = freshDb();
	const before = state(db);
	for (const extra of [[], ['--dry-run']]) {
		const r = lia(['import', 'expenses', BAD, '--db', db, ...extra], NL);
		assert.equal(r.code, 1, `${extra.join(' ')}\n${show(r)}`);
		const all = r.stdout + r.stderr;
		assert.match(all, /Regel 3\b/, `the line number, in Dutch\n${show(r)}`);
		assert.ok(all.includes("'12,3,4'"), `the wrong value\n${show(r)}`);
		assert.match(all, /bedrag/, `says it is the amount\n${show(r)}`);
		assert.doesNotMatch(all, /\bLine \d/, `no English line messages\n${show(r)}`);
		assert.ok(r.stderr.trim().length > 0, `a closing message on stderr\n${show(r)}`);
		assert.equal(r.signal, null, show(r));
	}
	assert.deepEqual(state(db), before, 'nothing added, no file kept');
});

test('a file that is not a table exits 1 with what to do; a missing file too', () => {
	const db = freshDb();
	const before = state(db);
	const noAmount = writeCsv('geen-bedrag.csv', 'datum;omschrijving;toewijzing\n31-12-2023;Zaal;1\n');
	let r = lia(['import', 'expenses', noAmount, '--db', db]);
	assert.equal(r.code, 1, show(r));
	assert.match(r.stderr, /no column for the amount/, show(r));
	r = lia(['import', 'expenses', path.join(dir, 'bestaat-niet.csv'), '--db', db]);
	assert.equal(r.code, 1, show(r));
	assert.ok(r.stderr.includes('bestaat-niet.csv'), show(r));
	r = lia(['import', 'expenses', GOOD, '--db', path.join(dir, 'geen.db')]);
	assert.equal(r.code, 1, show(r));
	assert.ok(!fs.existsSync(path.join(dir, 'geen.db')), 'no database is made');
	assert.deepEqual(state(db), before);
});

test('a good file is imported: expenses, kept file, audit entries; the same file again adds nothing', () => {
	const db = freshDb();
	const before = state(db);
	const r = lia(['import', 'expenses', GOOD, '--db', db]);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stdout, /expenses added from .*: 3\b/, show(r));
	const after = state(db);
	assert.equal(after.expenses, before.expenses + 3);
	assert.equal(after.sum, before.sum + GOOD_CENTS);
	assert.equal(after.imports, 1);
	const imp = one(db, "SELECT json_object('lines', lines, 'added', added, 'done', imported_at IS NOT NULL," +
		" 'name', file_name, 'user', user_id, 'size', length(content)) FROM expense_import");
	assert.deepEqual(JSON.parse(imp), { lines: 3, added: 3, done: 1, name: 'goed.csv', user: null, size: fs.statSync(GOOD).size });
	assert.equal(one(db, 'SELECT sum(amount_cents) FROM expense WHERE import_id = 1'), GOOD_CENTS);
	assert.equal(one(db, "SELECT description FROM expense WHERE reference = 'T-3'"), 'Tolk; schrijftolk');
	assert.equal(one(db, "SELECT count(*) FROM audit_entry WHERE entity = 'expense' AND action = 'create'" +
		" AND request_id = 'cli' AND user_id IS NULL"), 3);

	const again = lia(['import', 'expenses', GOOD, '--db', db]);
	assert.equal(again.code, 0, show(again));
	assert.match(again.stdout, /duplicates:\s+3\b/, show(again));
	assert.match(again.stdout, /nothing was added: every line of the file is in lia already/, show(again));
	assert.deepEqual(state(db), after, 'nothing added, no second file kept');
});

test('--user imports in the name of an account; an unknown account is refused', () => {
	const db = freshDb();
	const before = state(db);
	const bad = lia(['import', 'expenses', GOOD, '--db', db, '--user', 'niemand@example.org']);
	assert.equal(bad.code, 1, show(bad));
	assert.ok(bad.stderr.includes('niemand@example.org'), show(bad));
	assert.deepEqual(state(db), before);
	const r = lia(['import', 'expenses', GOOD, '--db', db, '--user', 'coordinator@example.org']);
	assert.equal(r.code, 0, show(r));
	const uid = one(db, "SELECT id FROM user_account WHERE email = 'coordinator@example.org'");
	assert.equal(one(db, 'SELECT user_id FROM expense_import'), uid);
	assert.equal(one(db, `SELECT count(*) FROM audit_entry WHERE entity = 'expense' AND user_id = ${uid}`), 3);
});

test('without --db the command uses lia-demo.db in the current folder', () => {
	const sub = fs.mkdtempSync(path.join(dir, 'cwd-'));
	fs.copyFileSync(demo, path.join(sub, 'lia-demo.db'));
	const db = path.join(sub, 'lia-demo.db');
	const before = state(db);
	const r = lia(['import', 'expenses', GOOD], EN, sub);
	assert.equal(r.code, 0, show(r));
	assert.equal(state(db).expenses, before.expenses + 3);
});

/** n generated lines (allocations 1-10, 2023) and the sum of their cents. */
function bigCsv(name, n) {
	const lines = ['datum;bedrag;omschrijving;toewijzing;referentie'];
	let sum = 0;
	let x = 12345;
	for (let i = 0; i < n; i++) {
		x = (x * 1103515245 + 12345) % 2147483648;
		let c = (x % 2000000) - 500000;
		if (c === 0) c = 1;
		sum += c;
		const a = Math.abs(c);
		const amount = `${c < 0 ? '-' : ''}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
		lines.push(`${1 + (i % 28)}-${1 + (i % 12)}-2023;${amount};Regel ${i};${1 + (i % 10)};G-${i}`);
	}
	return { file: writeCsv(name, lines.join('\n') + '\n'), sum };
}

test('no progress bar when stderr is not a terminal', () => {
	const db = freshDb();
	const before = state(db);
	const { file, sum } = bigCsv('groot.csv', 30000);
	const r = lia(['import', 'expenses', file, '--db', db]);
	assert.equal(r.code, 0, show(r));
	assert.doesNotMatch(r.stderr, /[\r\x1b]/, 'no carriage returns or escape codes on stderr');
	assert.doesNotMatch(r.stdout, /[\r\x1b]/, 'none on stdout either');
	assert.equal(one(db, 'SELECT count(*) FROM expense WHERE import_id IS NOT NULL'), 30000);
	assert.equal(state(db).sum, before.sum + sum, 'the sum in SQL equals the sum of the generated amounts');
});

test('on a terminal the progress bar is drawn on stderr and cleared at the end', (t) => {
	const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;
	if (!hasScript) return t.skip('script(1) is not installed: no pseudo-terminal to test with');
	const db = freshDb();
	const { file } = bigCsv('groot2.csv', 60000);
	const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
	const r = spawnSync('script', ['-qec', `${q(LIA_BIN)} import expenses ${q(file)} --db ${q(db)}`, '/dev/null'],
		{ cwd: dir, env: { ...process.env, ...EN }, encoding: 'utf8', timeout: 180_000 });
	const out = r.stdout;
	assert.equal(r.status, 0, out);
	assert.match(out, /expenses added from .*: 60000\b/, out);
	const bars = out.match(/\r(Checking|Importing) \[[#.]+\]\s+\d+%/g) ?? [];
	t.diagnostic(`${bars.length} redraws of the progress bar`);
	if (bars.length > 0) assert.ok(out.includes('\r\x1b[K'), 'the bar is cleared');
	// The bar appears only for work that takes longer than a moment, and at most ~10 times a second.
	assert.ok(bars.length < 2000, `${bars.length} redraws is too many`);
});

test('--allocation books a ledger export without an allocation column (and with "Kenmerk") on one allocation', () => {
	const db = freshDb();
	const file = writeCsv('kostenplaats.csv', [
		'Boekdatum;Kenmerk;Omschrijving;Bedrag (EUR);Grootboekrekening',
		'12-03-2026;KEN-CLI-1;Gebarentolk wijkavond;€ 480,00;4410',
		'19-03-2026;KEN-CLI-2;Vervoer ervaringsdeskundigen;€ 62,50;4410',
	].join('\r\n') + '\r\n');
	const before = state(db);
	// Without --allocation: refused, saying how to choose one, nothing added.
	const no = lia(['import', 'expenses', file, '--db', db]);
	assert.equal(no.code, 1, show(no));
	assert.match(no.stderr, /no column for the allocation\. Choose the allocation for all lines/, show(no));
	assert.deepEqual(state(db), before);
	// An allocation that does not exist: refused by name.
	const bad = lia(['import', 'expenses', file, '--db', db, '--allocation', 'NOPE-1']);
	assert.equal(bad.code, 1, show(bad));
	assert.match(bad.stderr, /no allocation 'NOPE-1'/, show(bad));
	assert.deepEqual(state(db), before);
	// --dry-run says which columns were used for what, and which were not.
	const dry = lia(['import', 'expenses', file, '--db', db, '--allocation', 'ia26-02', '--dry-run']);
	assert.equal(dry.code, 0, show(dry));
	assert.match(dry.stdout, /columns: +'Boekdatum' = date, 'Bedrag \(EUR\)' = amount, 'Omschrijving' = description, 'Kenmerk' = reference/, show(dry));
	assert.match(dry.stdout, /allocation: IA26-02 for every line that names none/, show(dry));
	assert.match(dry.stdout, /not used: +'Grootboekrekening'/, show(dry));
	assert.deepEqual(state(db), before);
	// Imported: both lines on IA26-02, with their Kenmerk as the reference.
	const ok = lia(['import', 'expenses', file, '--db', db, '--allocation', 'IA26-02']);
	assert.equal(ok.code, 0, show(ok));
	assert.match(ok.stdout, /expenses added from .*: 2\b/, show(ok));
	assert.equal(one(db, "SELECT group_concat(e.reference || '@' || a.code, ' ') FROM expense e JOIN allocation a ON a.id = e.allocation_id" +
		" WHERE e.reference LIKE 'KEN-CLI-%' ORDER BY e.id"), 'KEN-CLI-1@IA26-02 KEN-CLI-2@IA26-02');
	assert.equal(state(db).expenses, before.expenses + 2);
	// In Dutch too.
	const nl = lia(['import', 'expenses', file, '--db', freshDb(), '--allocation', 'IA26-02', '--dry-run'], NL);
	assert.match(nl.stdout, /kolommen: +'Boekdatum' = datum, 'Bedrag \(EUR\)' = bedrag, 'Omschrijving' = omschrijving, 'Kenmerk' = kenmerk/, show(nl));
	assert.match(nl.stdout, /toekenning: IA26-02 voor elke regel zonder toekenning/, show(nl));
});
