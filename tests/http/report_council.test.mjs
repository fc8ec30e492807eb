// HTTP tests of the report as a council member reads it (issue 15), against
// the seed letter: the programme by its name ('Iedereen doet mee'), when the
// council was first informed, a table of contents, good developments and
// looking ahead before the action points, the events and the collaboration
// as sections, each action point's CRPD articles as links, one word each for
// "Mooie ontwikkelingen" and "Vooruitkijken", singular and plural right, and
// the money told per source (extra money apart from the regular budget; no
// budget at the adoption) in the report, the letter and the easy-read text.
// Accessibility of the files: the English HTML marks the Dutch it quotes
// (titles, assessments) with lang="nl" (WCAG 3.1.2), and every standalone
// HTML file has a skip link to its main content (2.4.1).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/report_council.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

import { sql } from '../lib/db.mjs';
import { decodeEntities } from '../lib/http.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';

let srv, db, as;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn());
});

after(async () => {
	if (srv) await srv.cleanup();
});

/** A report file: published periods as the public gets them, the open period 3 as the coordinator. */
async function file(period, name) {
	const r = await (period === 3 ? as.coordinator : as.public).get(`/reports/${period}/${name}`);
	assert.equal(r.status, 200, `${name}: ${r.status}`);
	return r.body;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const published = () => sql(db, "SELECT id, name, starts_on, ends_on FROM reporting_period WHERE state = 'published' ORDER BY seq");

test('the title names the programme by its name, in every format and both languages', async () => {
	const p = sql(db, 'SELECT title, subtitle FROM programme')[0];
	assert.ok(p.subtitle.length > 0, 'the demo programme has its name');
	const name = `${p.title} \u2018${p.subtitle}\u2019`;
	for (const lang of ['nl', 'en']) {
		const md = await file(2, `report-${lang}.md`);
		assert.ok(md.split('\n')[0].startsWith(`# ${name}: `), `${lang} md: ${md.split('\n')[0]}`);
		const html = await file(2, `report-${lang}.html`);
		const h1 = decodeEntities(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)[1]);
		assert.ok(h1.startsWith(name), `${lang} html h1: ${h1}`);
		const letter = await file(2, `letter-${lang}.md`);
		assert.ok(letter.includes(name), `${lang} letter names ${name}`);
	}
});

test('the order a council member reads: contents, summary, good developments, looking ahead, then the rest, action points last but the method', async () => {
	const md = await file(2, 'report-nl.md');
	const h2 = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
	assert.deepEqual(h2, ['Inhoud', 'Samenvatting', 'Mooie ontwikkelingen', 'Vooruitkijken', 'Achtergrond', 'Samenwerking',
		'Activiteiten', 'Geld', 'Actiepunten per thema', 'Zo kwam deze rapportage tot stand']);
	// The contents link to every other h2 of the HTML, in order.
	const html = await file(2, 'report-nl.html');
	const ids = [...html.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]).filter((id) => id !== 'h-contents');
	const toc = /<h2 id="h-contents">[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(html)[1];
	assert.deepEqual([...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]), ids);
	// One word each, everywhere: never the other word for the same heading.
	for (const doc of ['report-nl.md', 'letter-nl.md', 'report-en.md', 'letter-en.md'])
		assert.doesNotMatch(await file(2, doc), /Hoogtepunten|Vooruitblik|^## Highlights$|^## Outlook$/m, doc);
});

test('the first report, the events and the partners as the seed tells them', async () => {
	const md = await file(2, 'report-nl.md');
	// Period 1 was published on 21 December 2021: the council heard first then.
	assert.match(md, /De raad hoorde voor het eerst over de voortgang op 21 december 2021 \(1e voortgangsrapportage 2021\)\./);
	assert.match(await file(2, 'letter-nl.md'), /Op 21 december 2021 informeerden we u voor het eerst over de voortgang\./);
	assert.match(await file(2, 'letter-nl.md'), /Samen organiseerden we in deze periode: [^\n]*Week van de Toegankelijkheid \(2 oktober 2023\), Werkconferentie Inclusief Wonen \(7 december 2023\)\./);
	assert.doesNotMatch(await file(3, 'letter-nl.md'), /Samen organiseerden we/, 'no events, no sentence');
	// The place, not the organisation, where the sentence needs it.
	const letter = await file(2, 'letter-nl.md');
	assert.match(letter, /In Nijmegen is dat Actieprogramma Inclusie/);
	assert.match(letter, /^Het college van burgemeester en wethouders van Nijmegen$/m);
	assert.doesNotMatch(letter, /In Gemeente Nijmegen|wethouders van Gemeente/);
	assert.doesNotMatch(await file(1, 'report-nl.md'), /voor het eerst over de voortgang op/, 'the first report does not point at itself');
	assert.match(await file(1, 'report-nl.md'), /Dit is de eerste voortgangsrapportage van het programma\./);
	const p2 = published().find((p) => p.id === 2);
	const events = sql(db, `SELECT name FROM event WHERE starts_on BETWEEN '${p2.starts_on}' AND '${p2.ends_on}'`);
	assert.ok(events.some((e) => e.name === 'Week van de Toegankelijkheid') && events.some((e) => e.name === 'Werkconferentie Inclusief Wonen'));
	const section = /^## Activiteiten$([\s\S]*?)^## /m.exec(md)[1];
	for (const e of events) assert.ok(section.includes(`- ${e.name} (`), `the events section lists ${e.name}`);
	assert.match(section, /- Week van de Toegankelijkheid \(2 oktober 2023 tot en met 8 oktober 2023, 650 deelnemers\)\./);
	const together = /^## Samenwerking$([\s\S]*?)^## /m.exec(md)[1];
	for (const o of sql(db, "SELECT name FROM organisation WHERE kind = 'partner'")) assert.ok(together.includes(o.name), `partner ${o.name}`);
});

test('each action point links to its CRPD articles', async () => {
	const md = await file(2, 'report-nl.md');
	const links = sql(db, "SELECT a.code, c.number, c.title_nl FROM action_article aa JOIN action_point a ON a.id = aa.action_point_id JOIN crpd_article c ON c.number = aa.article_number ORDER BY a.code, c.number");
	assert.ok(links.length > 10);
	for (const l of links.slice(0, 12)) {
		const block = new RegExp(`^#### ${l.code} [^\\n]*\\n\\n[^\\n]*\\n\\n\\*\\*VN-verdrag:\\*\\* [^\\n]*\\[artikel ${l.number} \\(${l.title_nl.replace(/[()]/g, '\\$&')}\\)\\]\\([^)]*/crpd/${l.number}\\)`, 'm');
		assert.match(md, block, `${l.code} links to article ${l.number}`);
	}
	const html = await file(2, 'report-en.html');
	assert.match(html, /<strong>UN Convention:<\/strong> <a href="[^"]*\/crpd\/\d+">article \d+ \(/);
});

test('singular and plural: one interview on one theme (period 3), ten on seven (period 2)', async () => {
	assert.equal(sql(db, 'SELECT count(*) AS n FROM interview WHERE period_id = 3')[0].n, 1);
	const p3 = await file(3, 'report-nl.md');
	assert.match(p3, /hielden 1 interview over 1 thema, met in totaal 1 dossierhouder(s)?\./);
	assert.doesNotMatch(p3, /\b1 interviews\b|\b1 thema's\b|\b1 dossierhouders\b/);
	assert.match(await file(3, 'report-en.md'), /held 1 interview on 1 theme, with 1 dossier holders? in all\./);
	assert.match(await file(3, 'letter-nl.md'), /hielden 1 interview over 1 thema\./);
	assert.match(await file(2, 'report-nl.md'), /hielden 10 interviews over 7 thema's, met in totaal 14 dossierhouders\./);
	for (const doc of ['report-nl.md', 'letter-nl.md', 'easy-nl.md']) {
		const t = await file(2, doc);
		assert.doesNotMatch(t, /In 1 jaar|Over de jaren samen/, `${doc}: no odd sums over years`);
	}
});

test('money: extra money and the regular budget stay apart, and no budget came with the adoption (report, letter, easy-read)', async () => {
	const sources = sql(db, 'SELECT name, sum(amount_cents) AS total, count(*) AS years, min(year) AS first, max(year) AS last FROM fund_source GROUP BY name');
	const extra = sources.find((s) => /extra/i.test(s.name)), regular = sources.find((s) => /regulier/i.test(s.name));
	assert.ok(extra && regular, 'the demo has extra money and a regular budget');
	for (const doc of ['report-nl.md', 'letter-nl.md', 'easy-nl.md']) {
		const t = await file(2, doc);
		assert.ok(t.includes(`${extra.name}: € 300.000 per jaar van 2023 tot en met 2026, samen € 1.200.000`), `${doc}: the extra money per year and its years`);
		assert.ok(t.includes(`${regular.name}: € 75.000 in 2023`), `${doc}: the regular budget on its own`);
		// The sum of both is never called extra.
		assert.doesNotMatch(t, /375\.000[^\n]*extra|extra[^\n]*375\.000/, `${doc}: € 375.000 is not "extra"`);
	}
	assert.match(await file(2, 'report-nl.md'), /Toen het programma in 2021 werd vastgesteld, kwam er geen budget bij\./);
	assert.match(await file(2, 'letter-nl.md'), /Toen het programma in 2021 werd vastgesteld, kwam er geen budget bij\./);
	assert.match(await file(2, 'easy-nl.md'), /Toen het plan begon, kwam er geen geld bij\./);
	assert.doesNotMatch(await file(2, 'report-nl.md'), /^## Het extra geld|\*Extra geld per jaar\.\*|Extra geld per jaar, in euro/m);
});

test('the English HTML report marks every Dutch text it quotes with lang="nl"; the Dutch one needs none', async () => {
	const en = await file(2, 'report-en.html');
	const nl = await file(2, 'report-nl.html');
	const actions = sql(db, 'SELECT code, title FROM action_point ORDER BY code');
	for (const a of actions) {
		const t = esc(`${a.code} ${a.title}`);
		assert.ok(en.includes(`<h4 lang="nl">${t}</h4>`), `the heading of ${a.code} is lang="nl"`);
		assert.ok(en.includes(`<th scope="row" lang="nl">${t}</th>`), `the table cell of ${a.code} is lang="nl"`);
	}
	// The assessments the report shows (the latest update of each action point in the period).
	const assessments = sql(db, "SELECT holder_assessment AS h, expert_assessment AS e FROM progress_update WHERE period_id = 2 AND holder_assessment <> '' AND expert_assessment <> ''")
		.filter((a) => en.includes(esc(a.h)));
	assert.ok(assessments.length > 5, `${assessments.length} assessments in the report`);
	for (const a of assessments) {
		assert.ok(en.includes(`<span lang="nl">${esc(a.h)}</span>`), `the holder's assessment is lang="nl": ${a.h.slice(0, 40)}`);
		if (en.includes(esc(a.e))) assert.ok(en.includes(`<span lang="nl">${esc(a.e)}</span>`), `the expert's assessment is lang="nl": ${a.e.slice(0, 40)}`);
	}
	const p = sql(db, 'SELECT subtitle FROM programme')[0];
	assert.match(en, new RegExp(`<h1 id="h-top" lang="nl">[^<]*${p.subtitle}`), 'the title (Dutch names) is lang="nl"');
	assert.doesNotMatch(nl.slice(nl.indexOf('<body>')), / lang="nl"/, 'the Dutch report marks nothing: all of it is Dutch');
	assert.doesNotMatch(nl, /<span>/, 'no empty spans');
});

test('every standalone HTML file starts with a skip link to its main content', async () => {
	for (const [lang, words] of [['nl', 'Direct naar de inhoud'], ['en', 'Skip to main content']])
		for (const doc of ['report', 'letter', 'easy']) {
			const html = await file(2, `${doc}-${lang}.html`);
			const body = /<body>\s*([\s\S]*)$/.exec(html)[1];
			assert.ok(body.startsWith(`<a class="skip" href="#main">${words}</a>`), `${doc}-${lang}: ${body.slice(0, 80)}`);
			assert.match(html, /<main id="main" tabindex="-1">/);
		}
	// Inside the site the page's own skip link does it: the report has no second one.
	const page = await as.public.get('/periods/2/report');
	assert.equal((page.body.match(/class="skip/g) ?? []).length, 1, 'one skip link');
	assert.equal((page.body.match(/<main\b/g) ?? []).length, 1, 'one main');
	assert.doesNotMatch(page.body, /<style>|<!doctype[\s\S]*<!doctype/i, 'only the inside of the file');
});

test('the PDF says it too: the name on the title page, the first report, the money per source', async () => {
	const pdf = await as.public.get('/reports/2/report-nl.pdf');
	const dir = fs.mkdtempSync(path.join(srv.dir, 'pdf-'));
	const f = path.join(dir, 'r.pdf');
	fs.writeFileSync(f, Buffer.from(await (await fetch(srv.url.replace(/\/$/, '') + '/reports/2/report-nl.pdf')).arrayBuffer()));
	assert.equal(pdf.status, 200);
	const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	assert.match(text, /Iedereen doet mee/);
	assert.match(text, /De raad hoorde voor het eerst over de voortgang op 21 december 2021/);
	assert.match(text, /Regulier budget sociaal domein: € 75\.000 in 2023/);
	assert.match(text, /Inhoud/);
});
