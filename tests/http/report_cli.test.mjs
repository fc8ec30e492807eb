// Tests of `lia report` (issue "progress report to the council"): help,
// the latest published period (not the open draft) in every format, in the
// programme's language unless --lang says otherwise, saying what it wrote
// where (Markdown with its H1, CSV with its BOM,
// JSON that parses and equals the site's figures, a tagged PDF), writing to
// stdout with `--output -`, the same document as the site makes, a published
// period giving exactly its frozen bytes (the ones the site serves and the
// database holds), and the errors: bad --format / --document / --lang and
// other usage errors exit 2 without writing anything, an unknown period or
// a missing database exit 1.
//
// A demo server runs on the same database, so the CLI's output can be
// compared with the HTTP files byte for byte.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/http/report_cli.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

import { startDemo, runLia, LIA_BIN, exitReport } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { decodeEntities, formValues } from '../lib/http.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';

let srv, base, db, out, coord, reader;
const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const NL = { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' };

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	db = srv.db;
	out = fs.mkdtempSync(path.join(srv.dir, 'out-'));
	coord = await signIn(base, DEMO.coordinator);
	reader = await signIn(base, DEMO.reader);
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');
const lia = (args, env = EN) => runLia(args, { cwd: out, env, timeout: 60_000 });
const show = (r) => `exit code ${r.code}, signal ${r.signal}\n--- stdout ---\n${(r.stdout ?? '').slice(0, 1500)}\n--- stderr ---\n${r.stderr}`;
let k = 0;
const outFile = (ext) => path.join(out, `r${++k}.${ext}`);

/**
 * `lia report ... --output FILE`: exit 0, one line on stdout that says what
 * was written where (the file and its size), nothing on stderr; the bytes.
 */
function report(args, ext) {
	const f = outFile(ext);
	const r = lia(['report', '--db', db, ...args, '--output', f]);
	assert.equal(r.code, 0, show(r));
	assert.equal(r.stderr, '', `nothing on stderr\n${show(r)}`);
	assert.ok(fs.existsSync(f), `${f} is written`);
	const bytes = fs.readFileSync(f);
	assert.match(r.stdout, /^Wrote the (progress report|letter to the council|summary in easy language) of period \d+ \((published|draft)\), in (nl|en) as \w+, to .+: \d+ bytes\.\n$/, show(r));
	assert.ok(r.stdout.includes(` to ${f}: ${bytes.length} bytes.`), `stdout names the file and its size\n${show(r)}`);
	return bytes;
}

/** A usage error: exit 2, a message on stderr naming `mention`, nothing on stdout, no file written. */
function usageError(args, mention) {
	const f = outFile('x');
	const r = lia(['report', ...args.map((a) => (a === 'OUT' ? f : a))]);
	assert.equal(r.code, 2, `exit code 2 for ${args.join(' ')}\n${show(r)}`);
	assert.ok(r.stderr.includes(mention), `the message names "${mention}"\n${show(r)}`);
	assert.equal(r.stdout, '', show(r));
	assert.ok(!fs.existsSync(f), 'no file is written');
}

async function httpBytes(who, p) {
	const res = await fetch(base + p, { headers: { cookie: [...who.jar].map(([a, b]) => `${a}=${b}`).join('; ') } });
	assert.equal(res.status, 200, p);
	return { bytes: Buffer.from(await res.arrayBuffer()), etag: res.headers.get('etag') };
}

const FILES = [];
for (const lang of ['nl', 'en']) {
	for (const doc of ['report', 'letter', 'easy']) for (const f of ['html', 'pdf', 'md']) FILES.push({ doc, lang, f });
	for (const f of ['csv', 'json']) FILES.push({ doc: 'report', lang, f });
}
const nameOf = (x) => `${x.doc}-${x.lang}.${x.f}`;

// ------------------------------------------------------------ help

test('lia report --help: exit 0, the usage and every option; lia --help lists the command', () => {
	const r = lia(['report', '--help']);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stdout, /Usage: lia report\b/);
	for (const o of ['--db', '--period', '--format', '--output', '--document', '--lang']) assert.ok(r.stdout.includes(o), `--help documents ${o}`);
	for (const v of ['html', 'pdf', 'md', 'csv', 'json', 'letter', 'easy']) assert.ok(r.stdout.includes(v), `--help names ${v}`);
	assert.equal(r.stderr, '');
	assert.match(lia(['--help']).stdout, /^\s+report\s/m);
	const nl = lia(['report', '--help'], NL);
	assert.equal(nl.code, 0);
	assert.notEqual(nl.stdout, r.stdout, 'Dutch help under a Dutch locale');
});

// ------------------------------------------------------------ the latest period

test('the latest published period (default) in every format: md with its H1, html, csv with BOM, json that parses, a tagged pdf', async () => {
	// The open period's draft is newer, but the default is what the council has: the latest published period.
	const latest = sql(db, "SELECT id, name FROM reporting_period WHERE state = 'published' ORDER BY seq DESC LIMIT 1")[0];
	assert.ok(n("SELECT count(*) FROM reporting_period WHERE state = 'open'") > 0, 'the demo has an open period');
	const html = report(['--format', 'html', '--lang', 'nl'], 'html').toString('utf8');
	assert.match(html, /^<!doctype html>\s*<html lang="nl">/i);
	const h1 = decodeEntities(/<h1[^>]*>([^<]*)<\/h1>/.exec(html)[1]);
	assert.ok(h1.includes(latest.name), `the H1 names the latest period ${latest.name}: ${h1}`);
	const md = report(['--format', 'md', '--lang', 'nl'], 'md').toString('utf8');
	assert.equal(md.split('\n')[0], `# ${h1}`, 'the Markdown starts with the H1');
	assert.match(md, /^## Samenvatting$/m);
	const csv = report(['--format', 'csv', '--lang', 'nl'], 'csv');
	assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV has a byte order mark');
	const lines = csv.toString('utf8').slice(1).split('\r\n');
	assert.equal(lines.at(-1), '', 'CRLF after every line');
	assert.equal(lines.length - 2, n('SELECT count(*) FROM action_point'), 'one line per action point after the header');
	assert.ok(lines[0].split(';').length >= 6);
	const json = JSON.parse(report(['--format', 'json', '--lang', 'nl'], 'json').toString('utf8'));
	assert.equal(json.period.id, latest.id);
	assert.equal(json.summary.total, n('SELECT count(*) FROM action_point'));
	const pdf = report(['--format', 'pdf', '--lang', 'nl'], 'pdf');
	assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF');
	const f = outFile('pdf');
	fs.writeFileSync(f, pdf);
	assert.match(execFileSync('pdfinfo', [f], { encoding: 'utf8' }), /^Tagged:\s+yes$/m);
	// The latest published period: the same documents as the site serves.
	assert.equal(sqlValue(db, `SELECT state FROM reporting_period WHERE id = ${latest.id}`), 'published');
	assert.deepEqual(json, JSON.parse((await httpBytes(reader, `/reports/${latest.id}/report-nl.json`)).bytes.toString('utf8')), 'the figures are the site\'s');
	assert.equal(md, (await httpBytes(reader, `/reports/${latest.id}/report-nl.md`)).bytes.toString('utf8'), 'the Markdown is the site\'s');
});

test('--document letter and easy, --lang en; --period picks a period', async () => {
	const en = report(['--format', 'md', '--document', 'easy', '--lang', 'en'], 'md').toString('utf8');
	assert.match(en, /^# .+ in easy language$/m);
	assert.match(en, /^## How far are we\?$/m);
	const letter = report(['--format', 'md', '--document', 'letter', '--lang', 'nl'], 'md').toString('utf8');
	assert.match(letter, /^Geachte leden van de raad,$/m);
	assert.doesNotMatch(letter, /\{\{/, 'every field is filled');
	const p1 = JSON.parse(report(['--period', '1', '--format', 'json', '--lang', 'en'], 'json').toString('utf8'));
	assert.equal(p1.period.id, 1);
	assert.equal(p1.summary.by_status.find((x) => x.status === 'afgerond').label, 'Completed');
	// Without --lang: the programme's language (Dutch), whatever the terminal speaks.
	assert.match(report(['--format', 'md'], 'md').toString('utf8'), /^## Samenvatting$/m, 'C locale: still Dutch');
	const f = outFile('md');
	const r = lia(['report', '--db', db, '--format', 'md', '--output', f], NL);
	assert.equal(r.code, 0, show(r));
	assert.match(fs.readFileSync(f, 'utf8'), /^## Samenvatting$/m, 'Dutch locale: Dutch');
	assert.match(r.stdout, /^De voortgangsrapportage van periode \d+ \(gepubliceerd\) is geschreven naar .+: taal nl, formaat md, \d+ bytes\.\n$/, 'the message in the terminal\'s language');
});

test('--output - writes to stdout, the same bytes as a file', () => {
	const file = report(['--period', '2', '--format', 'md', '--lang', 'nl'], 'md');
	const r = lia(['report', '--db', db, '--period', '2', '--format', 'md', '--lang', 'nl', '--output', '-']);
	assert.equal(r.code, 0, show(r));
	assert.match(r.stderr, /^Wrote the progress report of period 2 \(published\), in nl as md, to the terminal: \d+ bytes\.\n$/, 'the message goes to stderr when the report goes to stdout');
	assert.equal(r.stdout, file.toString('utf8'));
	const pdf = execFileSync(LIA_BIN, ['report', '--db', db, '--period', '2', '--format', 'pdf', '--lang', 'nl', '--output', '-'], { env: { ...process.env, ...EN }, maxBuffer: 64 << 20 });
	assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'binary output to stdout is intact');
	assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
});

// ------------------------------------------------------------ published = frozen bytes

/** Every file of a period by CLI equals the HTTP file (public) and the stored content; returns the problems. */
async function frozenProblems(period) {
	const p = [];
	const rows = sql(db, `SELECT document, lang, format, sha256, hex(content) AS hex FROM published_report WHERE period_id = ${period}`);
	if (rows.length !== 22) p.push(`period ${period} has ${rows.length} frozen files, expected 22`);
	for (const x of FILES) {
		const cli = report(['--period', String(period), '--format', x.f, '--document', x.doc, '--lang', x.lang], x.f);
		const http = await httpBytes(reader, `/reports/${period}/${nameOf(x)}`);
		const row = rows.find((y) => y.document === x.doc && y.lang === x.lang && y.format === x.f);
		if (!cli.equals(http.bytes)) p.push(`${nameOf(x)}: the CLI's bytes differ from the site's`);
		if (!row) { p.push(`${nameOf(x)}: not frozen`); continue; }
		if (!cli.equals(Buffer.from(row.hex, 'hex'))) p.push(`${nameOf(x)}: the CLI's bytes are not the frozen ones`);
		if (sha256(cli) !== row.sha256) p.push(`${nameOf(x)}: sha256 ${sha256(cli)} is not published_report.sha256 ${row.sha256}`);
		if (http.etag !== `"${row.sha256}"`) p.push(`${nameOf(x)}: ETag ${http.etag}`);
	}
	return p;
}

test('period 2 (published in the demo data) by CLI: exactly the frozen bytes', async (t) => {
	if (n('SELECT count(*) FROM published_report WHERE period_id = 2') === 0) {
		t.skip('published_report is empty for the demo (freezing the demo\'s periods is switched off in src/cli/cli.c until doc_pdf lands); tested with period 3 below');
		return;
	}
	const p = await frozenProblems(2);
	assert.ok(p.length === 0, p.join('\n'));
});

test('period 3 published through the site: the CLI gives exactly the frozen bytes, also after the data change', async () => {
	const r = await coord.post('/periods/3/publish', { confirm: '1' });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	let p = await frozenProblems(3);
	assert.ok(p.length === 0, `right after publishing:\n${p.join('\n')}`);
	const before = report(['--period', '3', '--format', 'md', '--lang', 'nl'], 'md');
	// Change what feeds the report: a title (through its form) and the letter template.
	const id = n("SELECT id FROM action_point WHERE code = 'OND-02'");
	const fields = formValues((await coord.get(`/actions/${id}/edit`)).body);
	fields.title = `${fields.title} (CLI-test)`;
	const u = await coord.post(`/actions/${id}`, fields);
	assert.equal(u.status, 303, u.body.slice(0, 400));
	assert.match(sqlValue(db, `SELECT title FROM action_point WHERE id = ${id}`), /\(CLI-test\)$/);
	assert.equal((await coord.post('/letter', { lang: 'nl', body_md: 'Een andere brief {{actions_total}}' })).status, 303);
	assert.ok(report(['--period', '3', '--format', 'md', '--lang', 'nl'], 'md').equals(before), 'the published report did not change');
	assert.doesNotMatch(report(['--period', '3', '--format', 'md', '--document', 'letter', '--lang', 'nl'], 'md').toString('utf8'), /Een andere brief/);
	p = await frozenProblems(3);
	assert.ok(p.length === 0, `after the changes:\n${p.join('\n')}`);
	// The latest period is now the published period 3: the default gives its frozen file.
	assert.ok(report(['--format', 'md', '--lang', 'nl'], 'md').equals(before));
});

// ------------------------------------------------------------ errors

test('bad --format, --document, --lang and other usage errors: exit 2 with a message, nothing written', () => {
	usageError(['--db', db, '--format', 'docx', '--output', 'OUT'], '--format');
	usageError(['--db', db, '--output', 'OUT'], '--format');
	usageError(['--db', db, '--format', 'md', '--document', 'memo', '--output', 'OUT'], '--document');
	usageError(['--db', db, '--format', 'md', '--lang', 'de', '--output', 'OUT'], '--lang');
	usageError(['--db', db, '--format', 'csv', '--document', 'letter', '--output', 'OUT'], '--document report');
	usageError(['--db', db, '--format', 'json', '--document', 'easy', '--output', 'OUT'], '--document report');
	usageError(['--db', db, '--format', 'md', '--period', 'abc', '--output', 'OUT'], 'abc');
	usageError(['--db', db, '--format', 'md', '--period', '0', '--output', 'OUT'], '--period');
	usageError(['--db', db, '--format', 'md'], '--output');
	usageError(['--format', 'md', '--output', 'OUT'], '--db');
	usageError(['--db', db, '--format', 'md', '--output', 'OUT', '--frobnicate'], '--frobnicate');
	usageError(['--db', db, '--format', 'md', '--output', 'OUT', 'extra'], 'extra');
	usageError(['--db', db, '--format'], '--format');
	// In Dutch under a Dutch locale.
	const r = lia(['report', '--db', db, '--format', 'docx', '--output', outFile('x')], NL);
	assert.equal(r.code, 2);
	assert.match(r.stderr, /moet/, r.stderr);
});

test('an unknown period exits 1 with a message naming it, and writes nothing', () => {
	const f = outFile('md');
	const r = lia(['report', '--db', db, '--period', '99', '--format', 'md', '--output', f]);
	assert.equal(r.code, 1, show(r));
	assert.match(r.stderr, /\b99\b/, show(r));
	assert.equal(r.stdout, '');
	assert.ok(!fs.existsSync(f), 'no file');
	const s = lia(['report', '--db', db, '--period', '99', '--format', 'pdf', '--output', '-']);
	assert.equal(s.code, 1, show(s));
	assert.equal(s.stdout, '', 'nothing on stdout');
});

test('without --period a database with no published period exits 1 and says how to write a draft; nothing written', () => {
	const empty = path.join(out, 'empty.db');
	const i = lia(['init', '--db', empty]);
	assert.equal(i.code, 0, show(i));
	const f = outFile('md');
	const r = lia(['report', '--db', empty, '--format', 'md', '--output', f]);
	assert.equal(r.code, 1, show(r));
	assert.match(r.stderr, /no published reporting period yet; --period ID writes the draft/, show(r));
	assert.equal(r.stdout, '');
	assert.ok(!fs.existsSync(f), 'no file');
});

test('a missing database or an output that cannot be written: exit 1 with a message; no database is created', () => {
	const missing = path.join(out, 'missing.db');
	const r = lia(['report', '--db', missing, '--format', 'md', '--output', outFile('md')]);
	assert.equal(r.code, 1, show(r));
	assert.ok(r.stderr.includes(missing), show(r));
	assert.ok(!fs.existsSync(missing), 'no database is created');
	const w = lia(['report', '--db', db, '--format', 'md', '--output', path.join(out, 'no-such-dir', 'x.md')]);
	assert.equal(w.code, 1, show(w));
	assert.match(w.stderr, /no-such-dir/, show(w));
});

test('the server stops cleanly', async () => {
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
});
