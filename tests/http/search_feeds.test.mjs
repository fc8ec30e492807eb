// HTTP tests of full-text search (/search?q=) and the Atom feeds: Dutch word
// forms and accents found, results grouped by kind with counts, matches
// marked with <mark> and stored text escaped, the public sees only published
// content and never restricted notes, the index follows every write; feeds
// parsed with an XML parser and checked for what RFC 4287 requires, only
// published updates, stable tag: ids, escaping, and linked from their pages.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/search_feeds.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { startDemo } from '../lib/server.mjs';
import { sql } from '../lib/db.mjs';
import { textOf, mainOf } from '../lib/http.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';

let srv, base, db, pub, coord, member;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	db = srv.db;
	pub = agent(base);
	coord = await signIn(base, DEMO.coordinator);
	member = await signIn(base, DEMO.member);
});

after(async () => {
	if (srv) await srv.cleanup();
});

async function search(who, q) {
	const r = await who.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
	assert.equal(r.status, 200, `${q}: ${r.status} ${r.body.slice(0, 300)}`);
	return r.json;
}
const hitsOf = (res, kind) => res.groups.find((g) => g.kind === kind)?.items ?? [];

// ------------------------------------------------------------------ search

test('search finds Dutch word forms: a plural finds the singular and longer forms', async () => {
	const res = await search(pub, 'woningen');
	const titles = hitsOf(res, 'action').map((h) => h.title);
	assert.ok(titles.some((t) => /BWN-02/.test(t)), `woningen: ${titles}`);
	// "woningen" finds "woning" too (the stem), not only the exact word.
	const withSingular = sql(db, "SELECT code FROM action_point WHERE (title || ' ' || description) LIKE '%woning %' OR title LIKE '%woning'");
	for (const { code } of withSingular) assert.ok(titles.some((t) => t.startsWith(code)), `${code} has "woning"`);
	// An inflected adjective finds the noun: "toegankelijke" -> "toegankelijkheid".
	const t = await search(pub, 'toegankelijke');
	const eventTitles = hitsOf(t, 'event').map((h) => h.title);
	assert.ok(eventTitles.includes('Week van de Toegankelijkheid'), `toegankelijke: ${eventTitles}`);
	// Every word must occur: two words narrow the result.
	const two = await search(pub, 'toegankelijkheid binnenstad');
	assert.ok(two.count < t.count && two.count > 0);
});

test('results are grouped by kind with counts, as headings and lists of links', async () => {
	const res = await search(pub, 'toegankelijkheid');
	assert.ok(res.groups.length >= 2, 'more than one kind');
	assert.deepEqual(res.groups.map((g) => g.kind), ['action', 'update', 'interview', 'event'].filter((k) => res.groups.some((g) => g.kind === k)));
	for (const g of res.groups) assert.equal(g.count, g.items.length);
	assert.equal(res.count, res.groups.reduce((n, g) => n + g.count, 0));
	assert.equal(res.count_text, `${res.count} resultaten gevonden`);
	const r = await pub.get('/search?q=toegankelijkheid');
	const main = mainOf(r.body);
	assert.match(main, /<form role="search" method="get" action="\/search"/);
	assert.match(main, /<label for="search-q">Zoeken naar<\/label>/);
	assert.match(main, /value="toegankelijkheid"/, 'the words stay in the box');
	assert.match(main, new RegExp(`role="status">${res.count} resultaten gevonden<`));
	for (const g of res.groups) {
		assert.match(main, new RegExp(`<h2 id="group-${g.kind}">${g.label} <span class="group-count">\\(${g.count} resulta`));
	}
	const lists = [...main.matchAll(/<ul class="plain search-results">([\s\S]*?)<\/ul>/g)];
	assert.equal(lists.length, res.groups.length);
	assert.equal([...main.matchAll(/<li><a href="\/(actions|events|interviews)[^"]*"/g)].length, res.count);
	assert.match(main, /<mark>[Tt]oegankelijkheid<\/mark>/);
	// The header has a search box on every page.
	assert.match((await pub.get('/themes')).body, /<form role="search" method="get" action="\/search" class="header-search"/);
});

test('accents are folded, and the index follows every write (new, changed)', async () => {
	assert.equal((await search(pub, 'cremebruleeavond')).count, 0);
	const ok = await member.post('/events', { name: 'Crèmebrûléeavond over gebarentaal', starts_on: '2024-06-01', location: 'Bibliotheek',
		description: 'Een avond met <script>alert(1)</script> en "quotes" & meer over de wijkbus.', accessibility: 'Tolk NGT.' });
	assert.equal(ok.status, 303, ok.body.slice(0, 300));
	const id = Number(ok.location.match(/event-(\d+)/)[1]);
	for (const q of ['cremebruleeavond', 'CRÈMEBRÛLÉEAVOND', 'crèmebrûlée', 'gebarentaal']) {
		const hits = hitsOf(await search(pub, q), 'event');
		assert.ok(hits.some((h) => h.id === id), `${q} finds the new event`);
	}
	const ch = await member.post(`/events/${id}`, { name: 'Theeavond over gebarentaal', starts_on: '2024-06-01', location: 'Bibliotheek',
		description: 'Een avond.', accessibility: 'Tolk NGT.' });
	assert.equal(ch.status, 303, ch.body.slice(0, 300));
	assert.ok(!hitsOf(await search(pub, 'cremebruleeavond'), 'event').some((h) => h.id === id), 'the old name is gone');
	assert.ok(hitsOf(await search(pub, 'theeavond'), 'event').some((h) => h.id === id), 'the new name is found');
});

test('stored text is escaped: <script> in a record is shown as text, only the match is marked', async () => {
	const ok = await member.post('/events', { name: 'Wijkavond', starts_on: '2024-06-02', location: 'Wijkcentrum',
		description: 'Programma: <script>alert("x")</script> en de buurtbus <b>vet</b>.', accessibility: '' });
	assert.equal(ok.status, 303);
	const res = await search(pub, 'buurtbus');
	const hit = hitsOf(res, 'event')[0];
	assert.ok(hit.snippet.includes('<script>alert("x")</script>'), 'JSON holds the text as stored');
	assert.deepEqual(hit.parts.filter((p) => p.mark).map((p) => p.text), ['buurtbus']);
	const html = (await pub.get('/search?q=buurtbus')).body;
	assert.doesNotMatch(html, /<script>alert/);
	assert.doesNotMatch(html, /<b>vet/);
	assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
	assert.match(html, /<mark>buurtbus<\/mark>/);
	// Search words themselves are text too.
	const q = await pub.get('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
	assert.equal(q.status, 200);
	assert.doesNotMatch(q.body, /<script>alert\(1\)/);
	// FTS5 syntax in the words is not syntax: quotes, stars, NEAR, columns, parentheses.
	for (const w of ['"', '*', 'NEAR(a b)', 'title:x', '(((', 'a OR', 'AND', '-', '’’', 'ĳs']) {
		const r = await pub.get(`/api/v1/search?q=${encodeURIComponent(w)}`);
		assert.equal(r.status, 200, `${w}: ${r.status}`);
	}
});

test('the public finds only published content; signed-in users also drafts; restricted notes never', async () => {
	const word = 'zeldzaamheidsproef';
	const open = sql(db, "SELECT id FROM reporting_period WHERE state = 'open'")[0].id;
	const u = await coord.postJson('/api/v1/actions/2/updates', { period_id: String(open), status: 'in_uitvoering', health: 'groen',
		progress_md: `Een ${word} in een concept.`, holder_assessment: 'Goed.' });
	assert.equal(u.status, 201, u.body);
	assert.equal((await search(pub, word)).count, 0, 'a draft update is not found by the public');
	const mine = hitsOf(await search(coord, word), 'update');
	assert.deepEqual(mine.map((h) => h.id), [u.json.id]);
	assert.equal(mine[0].href, `/actions/2#update-${u.json.id}`);
	// Interviews of the open period: found when signed in, not by the public.
	const draftIv = sql(db, `SELECT id FROM interview WHERE period_id = ${open} AND public_summary <> '' LIMIT 1`)[0];
	if (draftIv) {
		const words = sql(db, `SELECT public_summary FROM interview WHERE id = ${draftIv.id}`)[0].public_summary.split(/\W+/).filter((w) => w.length > 8);
		const q = words[0];
		assert.ok(!hitsOf(await search(pub, q), 'interview').some((h) => h.id === draftIv.id), 'public: no draft interview');
		assert.ok(hitsOf(await search(coord, q), 'interview').some((h) => h.id === draftIv.id), 'signed in: the draft interview');
	}
	// Restricted notes are never indexed (every demo note carries this marker).
	for (const who of [pub, coord]) assert.equal((await search(who, 'VERTROUWELIJK')).count, 0);
});

test('no words: the form only; nothing found: an empty state that says what to try', async () => {
	const empty = await pub.get('/search');
	assert.equal(empty.status, 200);
	assert.doesNotMatch(mainOf(empty.body), /role="status"/);
	const none = await pub.get('/search?q=xqzxqzxqz');
	const main = mainOf(none.body);
	assert.match(main, /0 resultaten gevonden/);
	assert.match(textOf(main), /Probeer minder woorden/);
	const en = await agent(base).get('/search?q=xqzxqzxqz&lang=en');
	assert.match(textOf(mainOf(en.body)), /0 results found.*Try fewer words/);
});

// ------------------------------------------------------------------ feeds

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category'].includes(name) });

async function feed(path) {
	const r = await pub.get(path);
	assert.equal(r.status, 200, `${path}: ${r.status}`);
	assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
	assert.equal(XMLValidator.validate(r.body), true, `${path} is well-formed XML`);
	const doc = parser.parse(r.body);
	const f = doc.feed;
	assert.equal(f['@xmlns'], 'http://www.w3.org/2005/Atom');
	// RFC 4287 4.1.1: id, title, updated; author (or in every entry); a self link.
	assert.match(f.id, /^tag:[^,]+,\d{4}:/);
	assert.ok(typeof f.title === 'string' && f.title.length > 0);
	assert.match(f.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	assert.ok(f.author?.name, 'author name');
	assert.ok(f.link.some((l) => l['@rel'] === 'self' && l['@href'].endsWith(path)));
	const entries = f.entry ?? [];
	for (const e of entries) {
		assert.match(e.id, /^tag:[^,]+,\d{4}:lia\//);
		assert.ok(e.title, 'entry title');
		assert.match(e.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.ok(e.link.some((l) => l['@rel'] === 'alternate' && /^http:\/\//.test(l['@href'])));
	}
	assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, 'ids are unique');
	return { f, entries, body: r.body };
}

test('the programme feed holds the published updates only, newest first, with stable ids', async () => {
	const { entries } = await feed('/feeds/updates');
	const want = sql(db, `SELECT u.id FROM progress_update u JOIN reporting_period r ON r.id = u.period_id
	                      WHERE r.state = 'published' ORDER BY r.published_at DESC, u.id DESC LIMIT 100`).map((r) => r.id);
	assert.deepEqual(entries.map((e) => Number(e.id.split('/').pop())), want);
	const again = await feed('/feeds/updates');
	assert.deepEqual(again.entries.map((e) => e.id), entries.map((e) => e.id));
	assert.ok(!entries.some((e) => String(e.content?.['#text'] ?? '').includes('zeldzaamheidsproef')), 'no draft');
});

test('theme and action point feeds, and the reports feed', async () => {
	const t = await feed('/themes/2/feed');
	const want = sql(db, `SELECT count(*) AS n FROM progress_update u JOIN reporting_period r ON r.id = u.period_id
	                      JOIN action_point a ON a.id = u.action_point_id WHERE r.state = 'published' AND a.theme_id = 2`)[0].n;
	assert.equal(t.entries.length, Math.min(want, 100));
	assert.ok(t.entries.every((e) => e.category.some((c) => c['@term'] === 'Onderwijs')));
	const a = await feed('/actions/3/feed');
	assert.ok(a.entries.length > 0 && a.entries.every((e) => e.link[0]['@href'].includes('/actions/3#update-')));
	const r = await feed('/feeds/reports');
	assert.deepEqual(r.entries.map((e) => e.title), sql(db, "SELECT name FROM reporting_period WHERE state = 'published' ORDER BY published_at DESC").map((p) => p.name));
	assert.equal((await pub.get('/themes/99/feed')).status, 404);
	assert.equal((await pub.get('/actions/abc/feed')).status, 400);
});

test('feeds escape what they hold: a title with & < > and quotes reads back exactly', async () => {
	const title = 'Toets & <b>vet</b> "aanhalingstekens" \'enkel\'';
	const ch = await coord.postJson('/api/v1/actions/3', { code: 'WRK-03', title, theme_id: 1, dossier_holder_id: 4 });
	assert.equal(ch.status, 200, ch.body);
	const { entries, body } = await feed('/actions/3/feed');
	assert.ok(entries.length > 0);
	const parsed = new XMLParser({ processEntities: true, htmlEntities: false }).parse(body).feed;
	assert.ok(parsed.title.endsWith(title), parsed.title);
	assert.ok(!body.includes('<b>vet</b>'), 'no raw markup');
});

test('pages link their feeds, in the head and visibly', async () => {
	for (const [page, href] of [['/actions', '/feeds/updates'], ['/themes/2', '/themes/2/feed'], ['/actions/3', '/actions/3/feed'], ['/periods', '/feeds/reports']]) {
		const html = (await pub.get(page)).body;
		assert.match(html, new RegExp(`<link rel="alternate" type="application/atom\\+xml" href="${href}" title="[^"]+">`), page);
		assert.match(mainOf(html), new RegExp(`<a href="${href}" type="application/atom\\+xml">Volg nieuwe`), page);
	}
});
