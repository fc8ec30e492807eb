// HTTP test of the national picture (/national) and of example municipalities
// at scale (lia generate): per municipality its published state, the totals
// next to the national survey (source named), CRPD articles 5-30; HTML with
// accessible tables, nl and en, and JSON. SQLite and PostgreSQL.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/national.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { request, textOf, norm, mainOf } from '../lib/http.mjs';

import { startDemo, startServe, runLia, tempDir, removeDir, ON_PG, pgCreate, pgDrop } from '../lib/server.mjs';

let demo, gen, genDb, genDir;
const JSON_H = { headers: { accept: 'application/json' } };
const EN = { headers: { 'accept-language': 'en' } };

before(async () => {
	demo = await startDemo();
	genDir = tempDir('lia-national-');
	genDb = ON_PG ? pgCreate() : path.join(genDir, 'gen.db');
	const r = runLia(['generate', '--db', genDb, '--index', '3', '--actions', '30', '--periods', '4', '--uniform'],
		{ timeout: 120_000 });
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /'s-Gravenhage \(GM0518\)/);
	gen = await startServe(genDb);
});

after(async () => {
	if (demo) await demo.cleanup();
	if (gen) await gen.stop();
	if (ON_PG && genDb) pgDrop(genDb);
	removeDir(genDir);
});

test('the demo: one municipality with its published state, the survey next to it, articles 5 to 30', async () => {
	const res = await request(new URL('/national', demo.url).href, JSON_H);
	assert.equal(res.status, 200);
	const j = res.json;
	assert.equal(j.count, 1);
	const m = j.municipalities[0];
	assert.equal(m.code, 'GM0268');
	assert.equal(m.href, '/');
	assert.equal(m.reports, 2, 'the demo has two published reports');
	assert.equal(m.phase, 'in_uitvoering');
	assert.equal(m.last_reported, '2024-01-16T10:00:00Z');
	const byStatus = m.by_status.reduce((t, s) => t + s.count, 0);
	assert.equal(byStatus, m.actions, 'every action point once by status');
	assert.equal(m.by_health.reduce((t, s) => t + s.count, 0), m.actions);
	assert.deepEqual(j.articles.map((a) => a.number), Array.from({ length: 26 }, (_, i) => i + 5));
	for (const a of j.articles) assert.equal(a.count, m.articles.includes(a.number) ? 1 : 0, `article ${a.number}`);
	const exec = j.phases.find((p) => p.phase === 'in_uitvoering');
	assert.equal(exec.count, 1);
	assert.equal(exec.percent, 100);
	assert.equal(exec.survey_percent, 30);
	assert.equal(j.survey.round, 6);
	assert.match(j.survey.source_note, /Movisie/);
	assert.equal(j.totals.actions, m.actions);
});

test('the page: tables with captions and headers, in a focusable region, the source named, Dutch and English', async () => {
	const nl = await request(new URL('/national', demo.url).href);
	assert.equal(nl.status, 200);
	const main = mainOf(nl.body);
	assert.match(main, /<h1>Lokale Inclusie Agenda&#39;s in Nederland<\/h1>/);
	const captions = main.match(/<caption[^>]*>/g) ?? [];
	assert.equal(captions.length, 4);
	assert.equal((main.match(/role="region"/g) ?? []).length, 4);
	assert.equal((main.match(/tabindex="0"/g) ?? []).length, 4);
	assert.ok(!/<th>/.test(main), 'every header cell has a scope');
	assert.match(main, /<th scope="row"><a href="\/">Gemeente Nijmegen<\/a>/);
	const words = norm(textOf(main));
	assert.ok(words.includes('Bron van de landelijke cijfers: Movisie/VNG flitspeiling 2023'), words.slice(0, 600));
	assert.ok(words.includes('Alleen gepubliceerde rapportages tellen mee.'));
	const en = await request(new URL('/national', demo.url).href, EN);
	const enWords = norm(textOf(mainOf(en.body)));
	assert.ok(enWords.includes('Local Inclusion Agendas in the Netherlands'));
	assert.ok(enWords.includes('Source of the national figures:'));
});

test('a generated municipality: the size asked, all but the last period published, marked as example data', async () => {
	const j = (await request(new URL('/national', gen.url).href, JSON_H)).json;
	const m = j.municipalities[0];
	assert.equal(m.code, 'GM0518');
	assert.equal(m.actions, 30);
	assert.equal(m.reports, 3);
	assert.equal(m.is_example, true);
	assert.ok(m.themes >= 4 && m.themes <= 9, `${m.themes} themes`);
	const html = await request(new URL('/national', gen.url).href);
	assert.match(mainOf(html.body), /Gemeente &#39;s-Gravenhage<\/a> <span class="meta">\(voorbeeldgegevens\)<\/span>/);
	// Its own pages and report say it is example data.
	const home = await request(new URL('/', gen.url).href);
	assert.match(home.body, /class="example-banner"/);
	assert.match(norm(textOf(mainOf(home.body))), /voorbeeldgegevens/);
	const periods = (await request(new URL('/periods', gen.url).href, JSON_H)).json;
	const published = periods.items.filter((p) => p.state === 'published');
	assert.equal(published.length, 3);
});

test('lia generate refuses a database that already holds a programme', () => {
	const r = runLia(['generate', '--db', genDb, '--index', '4']);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /already holds a programme/);
});

// lia demo --municipalities N (one deployment, the national picture at /): tests/http/national_root.test.mjs.

test('lia serve refuses --municipalities (an option of lia demo)', () => {
	const r = runLia(['serve', '--db', path.join(genDir, 'none.db'), '--municipalities', '3']);
	assert.equal(r.code, 2);
	assert.match(r.stderr, /--municipalities/);
});
