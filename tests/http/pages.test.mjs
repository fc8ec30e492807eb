// HTTP tests of every page of lia against the demo database: status codes,
// content types, the data shown (compared with SQL on the same database), the
// JSON representation, languages, errors, security headers, caching of static
// files, and that restricted notes and contact details never leak.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/pages.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { loadFacts, secrets, sql } from '../lib/db.mjs';
import { request, JSON_ACCEPT, apiPath, withQuery, textOf, mainOf, tables, links, norm, decodeEntities, centsFromEuroNl } from '../lib/http.mjs';
import { allPages, STATIC_FILES, looksDutch, looksEnglish } from '../lib/site.mjs';

let srv;
let facts;
let base;
let stopped = null; // how the server ended (set by the last test)

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	facts = loadFacts(srv.db);
});

after(async () => {
	if (srv) await srv.cleanup();
});

const get = (path, opts = {}) => request(base + path, opts);
const getJson = (path, opts = {}) => request(base + path, { ...opts, headers: { ...JSON_ACCEPT, ...(opts.headers ?? {}) } });
const getApi = (path, opts = {}) => request(base + apiPath(path), opts);

/** Fail once with every problem found, so one run shows all of them. */
function noProblems(problems, what) {
	assert.ok(problems.length === 0, `${what}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
}

/**
 * Fetches urlOf(item) for each of items and, where it answers 200, calls
 * check(html, item, problems) with the page's <main>; a check pushes what is
 * wrong onto problems. Fails once at the end, naming every problem (what
 * names the pages).
 */
async function checkEachPage(what, items, urlOf, check) {
	const problems = [];
	for (const item of items) {
		const url = urlOf(item);
		const r = await get(url);
		if (r.status !== 200) { problems.push(`${url}: ${r.status}`); continue; }
		await check(mainOf(r.body), item, problems);
	}
	noProblems(problems, what);
}

/** Does the decoded text of html contain s (white space normalised)? */
function htmlHas(html, s) {
	return norm(textOf(html)).includes(norm(s));
}

function themeName(t, lang) {
	return lang === 'en' ? t.name_en : t.name_nl;
}

// ---------------------------------------------------------------- the basics

test('the demo database holds the documented demo programme', () => {
	assert.equal(facts.programme.title, 'Actieprogramma Inclusie 2021-2024');
	assert.equal(facts.programme.organisation, 'Gemeente Nijmegen');
	assert.equal(facts.themes.length, 7);
	assert.equal(facts.actions.length, 40);
	assert.equal(facts.articles.length, 50);
	assert.ok(facts.interviews.length > 0 && facts.interviews.every((i) => i.restricted_notes.includes('VERTROUWELIJK')),
		'every demo interview has restricted notes with the marker');
});

test('every page answers 200 text/html, in Dutch by default, with <html lang="nl">', async () => {
	const problems = [];
	for (const path of allPages(facts)) {
		const r = await get(path);
		if (r.status !== 200) { problems.push(`${path}: status ${r.status}`); continue; }
		const ct = r.headers.get('content-type') ?? '';
		if (!/^text\/html;\s*charset=utf-8$/i.test(ct)) problems.push(`${path}: Content-Type ${ct}`);
		if (!/<html\b[^>]*\blang="nl"/.test(r.body)) problems.push(`${path}: <html> has no lang="nl"`);
		if (r.headers.get('content-language') !== 'nl') problems.push(`${path}: Content-Language ${r.headers.get('content-language')}`);
		if (!/^<!doctype html>/i.test(r.body.trimStart())) problems.push(`${path}: no <!doctype html>`);
		const h1 = r.body.match(/<h1\b/gi)?.length ?? 0;
		if (h1 !== 1) problems.push(`${path}: ${h1} <h1> elements`);
		if (!/<title>[^<]+<\/title>/.test(r.body)) problems.push(`${path}: no <title>`);
	}
	noProblems(problems, 'pages');
});

test('every page has its own <title> (WCAG 2.4.2), in both languages', async () => {
	const problems = [];
	for (const lang of ['nl', 'en']) {
		const seen = new Map();
		for (const path of allPages(facts)) {
			const r = await get(`${path}?lang=${lang}`);
			const title = norm(textOf(/<title>([\s\S]*?)<\/title>/i.exec(r.body)?.[1] ?? ''));
			if (!title) { problems.push(`${lang} ${path}: empty <title>`); continue; }
			if (seen.has(title)) problems.push(`${lang} ${path} has the same <title> as ${seen.get(title)}: "${title}"`);
			else seen.set(title, path);
		}
	}
	noProblems(problems, 'page titles');
});

test('the interface text is Dutch by default and English with ?lang=en, Accept-Language: en or the cookie', async () => {
	const navText = (html) => textOf(/<nav\b[\s\S]*?<\/nav>/i.exec(html)?.[0] ?? '');
	const titleText = (html) => textOf(/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '');
	const nl = await get('/themes');
	const en = await get('/themes?lang=en');
	const enHeader = await get('/themes', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
	const nlHeader = await get('/themes', { headers: { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' } });

	assert.match(en.body, /<html\b[^>]*\blang="en"/, '?lang=en gives <html lang="en">');
	assert.equal(en.headers.get('content-language'), 'en');
	assert.match(navText(en.body), /Themes/, 'the English menu says "Themes"');
	assert.match(enHeader.body, /<html\b[^>]*\blang="en"/, 'Accept-Language: en gives English');
	assert.equal(navText(enHeader.body), navText(en.body));

	// ?lang= is remembered in a cookie.
	const cookie = en.headers.get('set-cookie') ?? '';
	assert.match(cookie, /(^|;\s*)lia_lang=en/, `?lang=en sets the lia_lang cookie (Set-Cookie: ${cookie})`);
	assert.match(cookie, /Path=\//i);
	assert.match(cookie, /SameSite=/i);
	const withCookie = await get('/actions', { headers: { cookie: 'lia_lang=en' } });
	assert.match(withCookie.body, /<html\b[^>]*\blang="en"/, 'the lia_lang=en cookie gives English');
	const backToNl = await get('/actions?lang=nl', { headers: { cookie: 'lia_lang=en' } });
	assert.match(backToNl.body, /<html\b[^>]*\blang="nl"/, '?lang=nl wins over the cookie');

	// The Dutch page must actually be in Dutch, not English with lang="nl".
	assert.match(nl.body, /<html\b[^>]*\blang="nl"/);
	assert.equal(navText(nlHeader.body), navText(nl.body));
	assert.notEqual(navText(nl.body), navText(en.body),
		`the Dutch menu is the same as the English one: "${navText(nl.body)}" (Dutch translations missing?)`);
	assert.notEqual(titleText(nl.body), titleText(en.body), `the Dutch <title> is the English one: "${titleText(nl.body)}"`);
	assert.match(navText(nl.body), /Thema/, `the Dutch menu names the themes ("Thema's"): "${navText(nl.body)}"`);
	assert.match(navText(nl.body), /Actiepunt/, `the Dutch menu names the action points ("Actiepunten"): "${navText(nl.body)}"`);
	const skipNl = textOf(/<a\b[^>]*class="[^"]*skip-link[^"]*"[^>]*>([\s\S]*?)<\/a>/i.exec(nl.body)?.[1] ?? '');
	const skipEn = textOf(/<a\b[^>]*class="[^"]*skip-link[^"]*"[^>]*>([\s\S]*?)<\/a>/i.exec(en.body)?.[1] ?? '');
	assert.notEqual(skipNl, skipEn, `the skip link is not translated: "${skipNl}"`);
});

// ---------------------------------------------------------------- dashboard

test('dashboard: the totals equal counts computed by SQL', async () => {
	const r = await getApi('/');
	assert.equal(r.status, 200);
	const d = r.json;
	const byStatus = Object.fromEntries(sql(srv.db, 'SELECT status, COUNT(*) AS n FROM action_point_published GROUP BY status').map((x) => [x.status, x.n]));
	const byHealth = Object.fromEntries(sql(srv.db, 'SELECT health, COUNT(*) AS n FROM action_point_published GROUP BY health').map((x) => [x.health, x.n]));

	assert.equal(d.programme.title, facts.programme.title);
	assert.equal(d.programme.organisation, facts.programme.organisation);
	assert.equal(d.totals.total, facts.actions.length, 'total');
	assert.equal(d.totals.completed, byStatus.afgerond ?? 0, 'completed = status afgerond');
	assert.equal(d.totals.attention, (byHealth.oranje ?? 0) + (byHealth.rood ?? 0), 'attention = health oranje + rood');
	for (const s of d.totals.by_status) assert.equal(s.count, byStatus[s.status] ?? 0, `by_status ${s.status}`);
	for (const h of d.totals.by_health) assert.equal(h.count, byHealth[h.health] ?? 0, `by_health ${h.health}`);
	assert.deepEqual(new Set(d.totals.by_status.map((s) => s.status)),
		new Set(['niet_gestart', 'in_voorbereiding', 'in_uitvoering', 'afgerond', 'doorlopend', 'vervallen']), 'all six statuses');
	assert.deepEqual(new Set(d.totals.by_health.map((s) => s.health)), new Set(['groen', 'oranje', 'rood', 'grijs']), 'all four health values');
	assert.equal(d.totals.by_status.reduce((a, s) => a + s.count, 0), d.totals.total);
	assert.equal(d.totals.by_health.reduce((a, s) => a + s.count, 0), d.totals.total);

	// Per theme.
	assert.deepEqual(d.themes.map((t) => t.id), facts.themes.map((t) => t.id), 'every theme, in order');
	for (const t of d.themes) {
		const mine = facts.actions.filter((a) => a.theme_id === t.id);
		assert.equal(t.total, mine.length, `theme ${t.id} total`);
		for (const s of t.by_status) assert.equal(s.count, mine.filter((a) => a.status === s.status).length, `theme ${t.id} status ${s.status}`);
		for (const h of t.by_health) assert.equal(h.count, mine.filter((a) => a.health === h.health).length, `theme ${t.id} health ${h.health}`);
	}

	const latest = facts.periods[facts.periods.length - 1];
	assert.equal(d.latest_period?.name ?? d.latest_period?.title, latest.name, 'latest period');
});

test('dashboard: the HTML shows the same numbers as SQL (key figures and both tables)', async () => {
	for (const lang of ['nl', 'en']) {
		const html = (await get(`/?lang=${lang}`)).body;
		const d = (await getApi(`/?lang=${lang}`)).json;
		const main = mainOf(html);
		assert.ok(htmlHas(main, facts.programme.title), `${lang}: programme title`);
		assert.ok(htmlHas(main, facts.programme.organisation), `${lang}: municipality`);

		// Key figures: total, completed and attention are shown as numbers.
		const text = textOf(main);
		for (const [k, v] of Object.entries({ total: d.totals.total, completed: d.totals.completed, attention: d.totals.attention }))
			assert.match(text, new RegExp(`(^|\\D)${v}(\\D|$)`), `${lang}: key figure ${k} = ${v}`);

		const tbls = tables(main);
		// The status table: a column per status label, a row per theme.
		const problems = [];
		for (const [key, list, field] of [['status', d.totals.by_status, 'status_label'], ['health', d.totals.by_health, 'health_label']]) {
			const tbl = tbls.find((t) => list.every((s) => t.head.some((h) => norm(h).includes(norm(s[field])))));
			if (!tbl) { problems.push(`${lang}: no table with a column per ${key}`); continue; }
			for (const th of facts.themes) {
				const row = tbl.rows.find((r) => norm(r[0]) === norm(themeName(th, lang)));
				if (!row) { problems.push(`${lang}: ${key} table has no row for theme "${themeName(th, lang)}"`); continue; }
				for (const s of list) {
					const col = tbl.head.findIndex((h) => norm(h).includes(norm(s[field])));
					const want = facts.actions.filter((a) => a.theme_id === th.id && a[key] === s[key]).length;
					if (Number(row[col]) !== want) problems.push(`${lang}: ${key} table, ${themeName(th, lang)} / ${s[field]}: shows ${row[col]}, SQL says ${want}`);
				}
			}
			const foot = tbl.footer[0];
			if (foot) {
				for (const s of list) {
					const col = tbl.head.findIndex((h) => norm(h).includes(norm(s[field])));
					const want = facts.actions.filter((a) => a[key] === s[key]).length;
					if (Number(foot[col]) !== want) problems.push(`${lang}: ${key} table total for ${s[field]}: shows ${foot[col]}, SQL says ${want}`);
				}
			}
		}
		noProblems(problems, 'dashboard tables');

		// The latest report is linked.
		const latest = facts.periods[facts.periods.length - 1];
		assert.ok(links(main).includes(`/periods/${latest.id}`), `${lang}: link to the latest period`);
	}
});

test('dashboard: the extra money per year equals SQL sums (JSON and HTML)', async () => {
	const d = (await getApi('/')).json;
	assert.deepEqual(d.funds.map((f) => f.year), facts.funds.map((f) => f.year), 'one row per year with funds');
	for (const f of facts.funds) {
		const j = d.funds.find((x) => x.year === f.year);
		assert.equal(j.available_cents, f.available, `${f.year} available`);
		assert.equal(j.allocated_cents, f.allocated, `${f.year} allocated`);
		assert.equal(j.spent_cents, f.spent, `${f.year} spent`);
		assert.equal(j.left_cents, f.available - f.spent, `${f.year} left = available - spent`);
		if ('unallocated_cents' in j) assert.equal(j.unallocated_cents, f.available - f.allocated, `${f.year} unallocated = available - allocated`);
		for (const k of ['available', 'allocated', 'spent', 'left'])
			assert.ok(Number.isInteger(j[`${k}_cents`]), `${f.year} ${k}_cents is integer cents`);
	}
	const html = mainOf((await get('/')).body);
	const tbl = tables(html).find((t) => t.rows.some((r) => r[0] === String(facts.funds[0].year)));
	assert.ok(tbl, 'a table with a row per year');
	const problems = [];
	for (const f of d.funds) {
		const row = tbl.rows.find((r) => r[0] === String(f.year));
		if (!row) { problems.push(`no row for ${f.year}`); continue; }
		const shown = row.slice(1).map(centsFromEuroNl);
		const want = [f.available_cents, f.allocated_cents, f.spent_cents, f.left_cents];
		if (JSON.stringify(shown) !== JSON.stringify(want)) problems.push(`${f.year}: shows ${row.slice(1).join(' | ')} = ${shown} cents, expected ${want}`);
	}
	noProblems(problems, 'funds table');
});

// ---------------------------------------------------------------- themes

test('themes: the list shows every theme with its number of action points', async () => {
	for (const lang of ['nl', 'en']) {
		const j = (await getApi(`/themes?lang=${lang}`)).json;
		assert.equal(j.count, facts.themes.length);
		assert.equal(j.items.length, facts.themes.length);
		const html = mainOf((await get(`/themes?lang=${lang}`)).body);
		for (const t of facts.themes) {
			const item = j.items.find((i) => i.id === t.id);
			assert.ok(item, `theme ${t.id} in JSON`);
			assert.equal(item.name, themeName(t, lang), `${lang}: theme ${t.id} name`);
			assert.equal(item.action_count, facts.actions.filter((a) => a.theme_id === t.id).length, `theme ${t.id} action_count`);
			assert.ok(htmlHas(html, themeName(t, lang)), `${lang}: /themes shows "${themeName(t, lang)}"`);
			assert.ok(links(html).includes(`/themes/${t.id}`), `${lang}: /themes links to /themes/${t.id}`);
		}
	}
});

test('each theme page lists the codes of all its action points (HTML and JSON)', async () => {
	const problems = [];
	for (const t of facts.themes) {
		for (const lang of ['nl', 'en']) {
			const r = await get(`/themes/${t.id}?lang=${lang}`);
			const html = mainOf(r.body);
			const j = (await getApi(`/themes/${t.id}?lang=${lang}`)).json;
			const h1 = textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '');
			if (!h1.includes(themeName(t, lang))) problems.push(`${lang} /themes/${t.id}: h1 "${h1}" lacks "${themeName(t, lang)}"`);
			const mine = facts.actions.filter((a) => a.theme_id === t.id);
			const codes = new Set(j.actions.map((a) => a.code));
			for (const a of mine) {
				if (!codes.has(a.code)) problems.push(`${lang} /api/v1/themes/${t.id}: action ${a.code} missing`);
				if (!htmlHas(html, a.code)) problems.push(`${lang} /themes/${t.id}: code ${a.code} not shown`);
				if (!htmlHas(html, a.title)) problems.push(`${lang} /themes/${t.id}: title of ${a.code} not shown`);
				if (!links(html).includes(`/actions/${a.id}`)) problems.push(`${lang} /themes/${t.id}: no link to /actions/${a.id}`);
			}
			if (j.actions.length !== mine.length) problems.push(`${lang} /api/v1/themes/${t.id}: ${j.actions.length} actions, SQL says ${mine.length}`);
			const arts = facts.themeArticles.filter((x) => x.theme_id === t.id).map((x) => x.article_number).sort((a, b) => a - b);
			const jarts = (j.articles ?? []).map((x) => x.number).sort((a, b) => a - b);
			if (JSON.stringify(arts) !== JSON.stringify(jarts)) problems.push(`${lang} /api/v1/themes/${t.id}: articles ${jarts}, SQL says ${arts}`);
			for (const n of arts) if (!links(html).includes(`/crpd/${n}`)) problems.push(`${lang} /themes/${t.id}: no link to article ${n}`);
		}
	}
	noProblems(problems, 'theme pages');
});

// ---------------------------------------------------------------- action points

test('actions: the list has one row per action point with code, title and link', async () => {
	const j = (await getApi('/actions')).json;
	assert.equal(j.count, facts.actions.length);
	assert.equal(j.items.length, facts.actions.length);
	const html = mainOf((await get('/actions')).body);
	const tbl = tables(html)[0];
	assert.ok(tbl, '/actions has a table');
	assert.equal(tbl.rows.length, facts.actions.length, 'one table row per action point');
	const problems = [];
	for (const a of facts.actions) {
		const item = j.items.find((i) => i.id === a.id);
		if (!item) { problems.push(`JSON lacks action ${a.id}`); continue; }
		if (item.code !== a.code || item.title !== a.title) problems.push(`JSON action ${a.id}: ${item.code} "${item.title}"`);
		if (item.status !== a.status) problems.push(`JSON action ${a.code}: status ${item.status}, SQL (latest update) says ${a.status}`);
		if (item.health !== a.health) problems.push(`JSON action ${a.code}: health ${item.health}, SQL (latest update) says ${a.health}`);
		const row = tbl.rows.find((r) => r.includes(a.code));
		if (!row) { problems.push(`no row for ${a.code}`); continue; }
		if (!row.some((c) => norm(c) === norm(a.title))) problems.push(`row of ${a.code} lacks its title`);
		if (!row.some((c) => norm(c) === norm(item.status_label))) problems.push(`row of ${a.code} lacks its status "${item.status_label}"`);
		if (!row.some((c) => norm(c) === norm(item.health_label))) problems.push(`row of ${a.code} lacks its health as a word "${item.health_label}"`);
		if (!links(html).includes(`/actions/${a.id}`)) problems.push(`no link to /actions/${a.id}`);
	}
	noProblems(problems, '/actions');
});

test('each action page shows its code, title, status, health and every update with its period', async () => {
	await checkEachPage('action pages', facts.actions, (a) => `/actions/${a.id}`, async (html, a, problems) => {
		const j = (await getApi(`/actions/${a.id}`)).json;
		const h1 = textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '');
		if (norm(h1) !== norm(a.title) && !h1.includes(a.title)) problems.push(`/actions/${a.id}: h1 "${h1}" is not the title`);
		if (!htmlHas(html, a.code)) problems.push(`/actions/${a.id}: code ${a.code} not shown`);
		if (j.code !== a.code || j.title !== a.title) problems.push(`/api/v1/actions/${a.id}: ${j.code} "${j.title}"`);
		if (j.status !== a.status || j.health !== a.health) problems.push(`/api/v1/actions/${a.id}: ${j.status}/${j.health}, SQL says ${a.status}/${a.health}`);
		if (!htmlHas(html, j.status_label)) problems.push(`/actions/${a.id}: status "${j.status_label}" not shown`);
		if (!htmlHas(html, j.health_label)) problems.push(`/actions/${a.id}: health "${j.health_label}" not shown as a word`);
		const ups = facts.updates.filter((u) => u.action_point_id === a.id);
		if ((j.updates ?? []).length !== ups.length) problems.push(`/api/v1/actions/${a.id}: ${(j.updates ?? []).length} updates, SQL says ${ups.length}`);
		for (const u of ups) {
			if (!htmlHas(html, u.period)) problems.push(`/actions/${a.id}: period "${u.period}" of update ${u.id} not shown`);
			for (const k of ['holder_assessment', 'expert_assessment'])
				if (u[k] && !htmlHas(html, u[k])) problems.push(`/actions/${a.id}: ${k} of update ${u.id} not shown`);
			// Orange and red must come with their explanation.
			if (u.health === 'oranje' || u.health === 'rood')
				for (const k of ['health_cause', 'health_consequence', 'health_measures'])
					if (!htmlHas(html, u[k])) problems.push(`/actions/${a.id}: ${u.health} update ${u.id} lacks its ${k}`);
		}
		const arts = facts.actionArticles.filter((x) => x.action_point_id === a.id).map((x) => x.article_number);
		for (const n of arts) if (!links(html).includes(`/crpd/${n}`)) problems.push(`/actions/${a.id}: no link to article ${n}`);
		if (!links(html).includes(`/themes/${a.theme_id}`)) problems.push(`/actions/${a.id}: no link to its theme`);
	});
});

// ---------------------------------------------------------------- CRPD

// A gap is a right of the convention (articles 5-30; 1-4 are general
// provisions, 31-50 national implementation) that no theme or action point
// addresses yet.
const isGap = (a) => !a.covered && a.number >= 5 && a.number <= 30;

test('CRPD: the list has 50 rows, and the uncovered rights (gaps) are marked', async () => {
	for (const lang of ['nl', 'en']) {
		const j = (await getApi(`/crpd?lang=${lang}`)).json;
		assert.equal(j.count, 50, `${lang}: JSON count`);
		assert.equal(j.items.length, 50);
		const html = mainOf((await get(`/crpd?lang=${lang}`)).body);
		const tbl = tables(html)[0];
		assert.ok(tbl, '/crpd has a table');
		assert.equal(tbl.rows.length, 50, `${lang}: 50 table rows`);
		const problems = [];
		for (const a of facts.articles) {
			const item = j.items.find((i) => i.number === a.number);
			const title = lang === 'en' ? a.title_en : a.title_nl;
			if (!item) { problems.push(`JSON lacks article ${a.number}`); continue; }
			if (item.title !== title) problems.push(`${lang}: article ${a.number} title "${item.title}", SQL says "${title}"`);
			if (Boolean(item.covered) !== Boolean(a.covered)) problems.push(`article ${a.number}: covered ${item.covered}, SQL says ${Boolean(a.covered)}`);
			const row = tbl.rows.find((r) => r[0] === String(a.number));
			if (!row) { problems.push(`${lang}: no row for article ${a.number}`); continue; }
			if (!norm(row.join(' ')).includes(norm(title))) problems.push(`${lang}: row ${a.number} lacks its title`);
		}
		const gaps = facts.articles.filter(isGap).map((a) => a.number);
		const gapRows = [...html.matchAll(/<tr\b[^>]*class="[^"]*\bgap\b[^"]*"[^>]*>\s*<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
		if (JSON.stringify(gapRows) !== JSON.stringify(gaps)) problems.push(`${lang}: rows marked as a gap: ${gapRows.join(', ')}; SQL says the uncovered rights are ${gaps.join(', ')}`);
		if ('gap_count' in j && j.gap_count !== gaps.length) problems.push(`${lang}: gap_count ${j.gap_count}, SQL says ${gaps.length}`);
		for (const item of j.items) if ('gap' in item && Boolean(item.gap) !== gaps.includes(item.number)) problems.push(`${lang}: article ${item.number} gap ${item.gap}`);
		// A gap is said in words next to the title, not only with a colour.
		for (const n of gaps) {
			const a = facts.articles.find((x) => x.number === n);
			const title = lang === 'en' ? a.title_en : a.title_nl;
			const row = tbl.rows.find((r) => r[0] === String(n));
			if (row && norm(row[1]) === norm(title)) problems.push(`${lang}: the gap in article ${n} is not said in words next to its title`);
		}
		noProblems(problems, `/crpd (${lang})`);
	}
});

test('each CRPD article page shows its title, themes and action points', async () => {
	await checkEachPage('article pages', facts.articles, (a) => `/crpd/${a.number}`, async (html, a, problems) => {
		if (!htmlHas(html, a.title_nl)) problems.push(`/crpd/${a.number}: Dutch title not shown`);
		const themes = facts.themeArticles.filter((x) => x.article_number === a.number).map((x) => x.theme_id);
		for (const id of themes) if (!links(html).includes(`/themes/${id}`)) problems.push(`/crpd/${a.number}: no link to theme ${id}`);
		const acts = facts.actionArticles.filter((x) => x.article_number === a.number).map((x) => x.action_point_id);
		for (const id of acts) if (!links(html).includes(`/actions/${id}`)) problems.push(`/crpd/${a.number}: no link to action ${id}`);
		const j = (await getApi(`/crpd/${a.number}`)).json;
		if ((j.actions ?? []).length !== acts.length) problems.push(`/api/v1/crpd/${a.number}: ${(j.actions ?? []).length} actions, SQL says ${acts.length}`);
		if ((j.themes ?? []).length !== themes.length) problems.push(`/api/v1/crpd/${a.number}: ${(j.themes ?? []).length} themes, SQL says ${themes.length}`);
	});
});

// ---------------------------------------------------------------- organisation, events, interviews, periods

test('organisation lists every project group member (name shown when they agreed, no contact details)', async () => {
	const j = (await getApi('/organisation')).json;
	const html = mainOf((await get('/organisation')).body);
	assert.ok(facts.projectGroup.length > 0);
	const names = new Set((j.project_group ?? []).map((p) => p.name));
	for (const p of facts.projectGroup) {
		// tests/http/public_names.test.mjs checks the rule itself.
		assert.equal(names.has(p.name), Number(p.named) === 1, `JSON project_group names ${p.name} only when they agreed`);
		assert.equal(htmlHas(html, p.name), Number(p.named) === 1, `/organisation names ${p.name} only when they agreed`);
	}
	assert.equal((j.project_group ?? []).length, facts.projectGroup.length, 'exactly the project group');
});

test('events and interviews show what the database holds', async () => {
	const ev = (await getApi('/events')).json;
	const evHtml = mainOf((await get('/events')).body);
	assert.equal(ev.count, facts.events.length);
	for (const e of facts.events) assert.ok(htmlHas(evHtml, e.name), `/events shows "${e.name}"`);

	const iv = (await getApi('/interviews')).json;
	const ivHtml = mainOf((await get('/interviews')).body);
	assert.equal(iv.count, facts.interviews.length);
	for (const i of facts.interviews) {
		assert.ok(htmlHas(ivHtml, i.public_summary), `/interviews shows the public summary of interview ${i.id}`);
		const item = iv.items.find((x) => x.id === i.id);
		assert.ok(item, `JSON has interview ${i.id}`);
		// The seed's method: a duo of at least one municipal employee and one experience expert.
		const roles = new Set((item.interviewers ?? []).map((p) => p.role));
		assert.ok(roles.has('interviewer_municipal') && roles.has('interviewer_expert'), `interview ${i.id} shows its duo`);
		for (const p of item.interviewers) assert.ok(htmlHas(ivHtml, p.name), `/interviews shows interviewer ${p.name}`);
	}
});

test('periods: the list and each period page match SQL', async () => {
	const j = (await getApi('/periods')).json;
	assert.equal(j.count, facts.periods.length);
	const html = mainOf((await get('/periods')).body);
	for (const p of facts.periods) {
		assert.ok(htmlHas(html, p.name), `/periods shows "${p.name}"`);
		assert.ok(links(html).includes(`/periods/${p.id}`));
		const ups = facts.updates.filter((u) => u.period_id === p.id);
		const item = j.items.find((x) => x.id === p.id);
		assert.equal(item.update_count, ups.length, `period ${p.id} update_count`);
		const pj = (await getApi(`/periods/${p.id}`)).json;
		assert.equal(pj.name, p.name);
		assert.equal((pj.updates ?? []).length, ups.length, `/api/v1/periods/${p.id} updates`);
		const ph = mainOf((await get(`/periods/${p.id}`)).body);
		for (const u of ups) {
			const code = facts.actions.find((a) => a.id === u.action_point_id).code;
			assert.ok(htmlHas(ph, code), `/periods/${p.id} shows ${code}`);
		}
	}
});

// ---------------------------------------------------------------- JSON

test('/api/v1/... and Accept: application/json return the same JSON for every page', async () => {
	const problems = [];
	for (const path of allPages(facts)) {
		const a = await getApi(path);
		const b = await getJson(path);
		for (const [how, r] of [['/api/v1', a], ['Accept', b]]) {
			if (r.status !== 200) problems.push(`${how} ${path}: status ${r.status}`);
			if (!/^application\/json\b/.test(r.headers.get('content-type') ?? '')) problems.push(`${how} ${path}: Content-Type ${r.headers.get('content-type')}`);
			if (r.json === undefined) problems.push(`${how} ${path}: not JSON`);
		}
		try { assert.deepEqual(a.json, b.json); } catch { problems.push(`${path}: /api/v1 and Accept: application/json differ`); }
	}
	noProblems(problems, 'JSON');
});

test('list pages return {items, count} with count = items.length', async () => {
	for (const path of ['/themes', '/actions', '/crpd', '/events', '/interviews', '/periods']) {
		const j = (await getApi(path)).json;
		assert.ok(Array.isArray(j.items), `${path}: items is an array`);
		assert.equal(j.count, j.items.length, `${path}: count`);
	}
});

test('the JSON of list pages matches the HTML: every title in JSON appears in the page', async () => {
	const problems = [];
	const fieldsOf = (item) => [item.title, item.name, item.code].filter((x) => typeof x === 'string' && x);
	for (const lang of ['nl', 'en']) {
		for (const path of ['/themes', '/actions', '/crpd', '/events', '/interviews', '/periods', '/themes/3', '/crpd/9', '/periods/2']) {
			const j = (await getApi(`${path}?lang=${lang}`)).json;
			const html = mainOf((await get(`${path}?lang=${lang}`)).body);
			const items = j.items ?? j.actions ?? j.updates ?? [];
			if (!items.length) problems.push(`${lang} ${path}: no items in JSON`);
			for (const item of items)
				for (const s of fieldsOf(item))
					if (!htmlHas(html, s)) problems.push(`${lang} ${path}: "${s}" is in the JSON but not in the page`);
		}
	}
	noProblems(problems, 'JSON vs HTML');
});

// ---------------------------------------------------------------- errors

function checkProblem(r, status, path) {
	assert.equal(r.status, status, `${path}: status`);
	assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, `${path}: Content-Type`);
	const p = r.json;
	assert.ok(p, `${path}: a JSON body`);
	for (const k of ['type', 'title', 'status', 'detail', 'instance', 'request_id']) assert.ok(k in p, `${path}: problem has ${k}`);
	assert.equal(p.status, status);
	assert.equal(typeof p.title, 'string');
	assert.ok(p.title.length > 0);
	assert.ok(typeof p.detail === 'string' && p.detail.length > 10, `${path}: a detail message`);
	assert.equal(p.request_id, r.headers.get('x-request-id'), `${path}: request_id = X-Request-Id`);
	return p;
}

test('unknown paths answer 404 (HTML page for browsers, problem+json for JSON clients)', async () => {
	for (const path of ['/nope', '/themes/1/extra', '/actions/1/history', '/static', '/static/nope.css', '/admin', '/.env', '/static/../src/main.c']) {
		const h = await get(path);
		assert.equal(h.status, 404, `${path}: status`);
		assert.match(h.headers.get('content-type') ?? '', /^text\/html/, `${path}: an HTML error page`);
		assert.match(h.body, /<h1\b/, `${path}: error page has a heading`);
		const j = await getJson(path);
		checkProblem(j, 404, path);
	}
	checkProblem(await get('/api/v1/nope'), 404, '/api/v1/nope');
	assert.equal((await get('/api/v1/static/lia.css')).status, 404, 'static files are not part of the API');
});

test('bad ids answer 400 and unknown ids 404, with a clear detail in Dutch by default', async () => {
	const cases = [
		['/themes/abc', 400, 'abc', /thema/i], ['/actions/abc', 400, 'abc', /actie/i], ['/periods/abc', 400, 'abc', /periode|rapportage/i],
		['/crpd/abc', 400, 'abc', /artikel/i], ['/themes/0', 400, '0', /thema/i], ['/themes/-1', 400, '-1', /thema/i],
		['/themes/1.5', 400, '1.5', /thema/i], ['/themes/99999999999999999999', 400, '99999999999999999999', /thema/i],
		['/themes/999', 404, null, /thema/i], ['/actions/999', 404, null, /actie/i], ['/periods/999', 404, null, /periode|rapportage/i],
		['/crpd/51', 404, null, /artikel|verdrag/i],
	];
	const problems = [];
	for (const [path, status, echo, topic] of cases) {
		let p;
		try { p = checkProblem(await getApi(path), status, path); } catch (e) { problems.push(e.message); continue; }
		if (echo && !p.detail.includes(echo)) problems.push(`${path}: detail does not say which value was wrong ("${p.detail}")`);
		if (!looksDutch(p.detail)) problems.push(`${path}: detail is not Dutch: "${p.detail}"`);
		if (!looksDutch(p.title)) problems.push(`${path}: title is not Dutch: "${p.title}"`);
		if (!topic.test(p.detail)) problems.push(`${path}: detail does not name what was not found (${topic}): "${p.detail}"`);
		// The HTML error page says the same.
		const h = await get(path);
		if (h.status !== status) problems.push(`${path}: HTML status ${h.status}`);
		if (!htmlHas(h.body, p.detail)) problems.push(`${path}: the HTML error page does not show the detail`);
	}
	noProblems(problems, 'error details (Dutch)');
});

test('error details are in English with ?lang=en and with Accept-Language: en', async () => {
	const cases = [['/themes/abc', 400, /theme/i], ['/themes/999', 404, /theme/i], ['/actions/999', 404, /action/i],
		['/periods/999', 404, /period|report/i], ['/crpd/51', 404, /article|convention/i], ['/nope', 404, /page/i]];
	for (const [path, status, topic] of cases) {
		const p = checkProblem(await getApi(`${path}?lang=en`), status, path);
		assert.ok(looksEnglish(p.detail), `${path}?lang=en: detail is English: "${p.detail}"`);
		assert.match(p.detail, topic, `${path}?lang=en: detail names the thing`);
		const q = checkProblem(await getApi(path, { headers: { 'accept-language': 'en' } }), status, path);
		assert.equal(q.detail, p.detail, `${path}: Accept-Language: en gives the same detail`);
		const h = await get(`${path}?lang=en`);
		assert.match(h.body, /<html\b[^>]*\blang="en"/, `${path}?lang=en: the HTML error page is lang="en"`);
	}
});

test('POST, PUT, DELETE and PATCH to a page answer 405 with an Allow header', async () => {
	for (const path of ['/', '/themes', '/themes/1', '/organisation', '/crpd/1', '/static/lia.css']) {
		for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
			const r = await get(path, { method, body: method === 'DELETE' ? undefined : 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
			assert.equal(r.status, 405, `${method} ${path}: status`);
			const allow = (r.headers.get('allow') ?? '').split(/\s*,\s*/);
			assert.ok(allow.includes('GET') && allow.includes('HEAD'), `${method} ${path}: Allow lists GET and HEAD (${r.headers.get('allow')})`);
			assert.ok(!allow.includes(method), `${method} ${path}: Allow does not list ${method}`);
		}
	}
	const j = await getApi('/themes', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
	checkProblem(j, 405, 'POST /api/v1/themes');
	assert.ok(j.headers.get('allow'), 'the JSON 405 has Allow too');
});

test('HEAD works: same status and headers as GET, no body', async () => {
	for (const path of ['/', '/themes', '/themes/3', '/actions/12', '/crpd/9', '/periods/1', '/static/lia.css', '/api/v1/themes', '/nope']) {
		const g = await get(path);
		const h = await get(path, { method: 'HEAD' });
		assert.equal(h.status, g.status, `HEAD ${path}: status`);
		assert.equal(h.body, '', `HEAD ${path}: no body`);
		assert.equal(h.headers.get('content-type'), g.headers.get('content-type'), `HEAD ${path}: Content-Type`);
		assert.equal(h.headers.get('content-encoding'), g.headers.get('content-encoding'), `HEAD ${path}: Content-Encoding`);
		const len = h.headers.get('content-length');
		// fetch decodes a compressed body: then compare with GET's own Content-Length.
		const glen = g.headers.get('content-encoding') ? Number(g.headers.get('content-length')) : Buffer.byteLength(g.body);
		if (len !== null) assert.equal(Number(len), glen, `HEAD ${path}: Content-Length is that of GET`);
	}
});

// ---------------------------------------------------------------- headers

function securityProblems(r, what) {
	const p = [];
	const csp = r.headers.get('content-security-policy') ?? '';
	if (!csp) p.push(`${what}: no Content-Security-Policy`);
	else {
		const dirs = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0].toLowerCase(), d.slice(1)]));
		const scriptSrc = dirs['script-src'] ?? dirs['default-src'];
		if (!scriptSrc || !(scriptSrc.length === 1 && scriptSrc[0] === "'none'")) p.push(`${what}: CSP allows scripts (${csp})`);
		if (!(dirs['frame-ancestors']?.length === 1 && dirs['frame-ancestors'][0] === "'none'")) p.push(`${what}: CSP lacks frame-ancestors 'none'`);
		if (!dirs['base-uri']) p.push(`${what}: CSP lacks base-uri`);
	}
	if ((r.headers.get('x-content-type-options') ?? '').toLowerCase() !== 'nosniff') p.push(`${what}: X-Content-Type-Options is not nosniff`);
	const rp = r.headers.get('referrer-policy');
	if (!rp || /unsafe-url|no-referrer-when-downgrade/.test(rp)) p.push(`${what}: Referrer-Policy ${rp}`);
	return p;
}

test('security headers are on every response (pages, JSON, errors, static files, 304, 405)', async () => {
	const problems = [];
	const responses = [];
	for (const path of allPages(facts)) responses.push([path, await get(path)]);
	for (const path of ['/', '/themes/1', '/crpd/9']) {
		responses.push([`/api/v1${path}`, await getApi(path)]);
		responses.push([`${path} (Accept: JSON)`, await getJson(path)]);
	}
	for (const path of STATIC_FILES) responses.push([path, await get(path)]);
	const css = await get('/static/lia.css');
	responses.push(['/static/lia.css (304)', await get('/static/lia.css', { headers: { 'if-none-match': css.headers.get('etag') ?? '""' } })]);
	responses.push(['/nope (404)', await get('/nope')]);
	responses.push(['/api/v1/nope (404)', await getApi('/nope')]);
	responses.push(['/themes/abc (400)', await get('/themes/abc')]);
	responses.push(['POST / (405)', await get('/', { method: 'POST' })]);
	responses.push(['HEAD /', await get('/', { method: 'HEAD' })]);
	for (const [what, r] of responses) problems.push(...securityProblems(r, what));
	noProblems(problems, 'security headers');
});

// ---------------------------------------------------------------- static files

test('static files: right type, an ETag, and 304 Not Modified for If-None-Match', async () => {
	const types = { '/static/lia.css': /^text\/css\b/, '/static/favicon.svg': /^image\/svg\+xml\b/ };
	for (const path of STATIC_FILES) {
		const r = await get(path);
		assert.equal(r.status, 200, path);
		assert.match(r.headers.get('content-type') ?? '', types[path], `${path}: Content-Type`);
		assert.ok(r.body.length > 100, `${path}: has content`);
		const etag = r.headers.get('etag');
		assert.ok(etag && /^(W\/)?"[^"]+"$/.test(etag), `${path}: a quoted ETag (${etag})`);
		assert.equal((await get(path)).headers.get('etag'), etag, `${path}: the ETag is stable`);
		const nm = await get(path, { headers: { 'if-none-match': etag } });
		assert.equal(nm.status, 304, `${path}: If-None-Match with its ETag gives 304`);
		assert.equal(nm.body, '', `${path}: 304 has no body`);
		assert.equal(nm.headers.get('etag'), etag, `${path}: 304 repeats the ETag`);
		const list = await get(path, { headers: { 'if-none-match': `"other", ${etag}` } });
		assert.equal(list.status, 304, `${path}: an If-None-Match list containing the ETag gives 304`);
		const other = await get(path, { headers: { 'if-none-match': '"not-the-etag"' } });
		assert.equal(other.status, 200, `${path}: another ETag gives 200`);
		assert.ok(r.headers.get('cache-control'), `${path}: Cache-Control`);
	}
	// The stylesheet contains no url() to outside (no third-party requests).
	const css = (await get('/static/lia.css')).body;
	assert.doesNotMatch(css, /url\(\s*['"]?(https?:)?\/\//i, 'no external resources in the stylesheet');
	assert.doesNotMatch(css, /@import/i, 'no @import in the stylesheet');
});

test('static files: If-None-Match: * answers 304 (RFC 9110 13.1.2)', async () => {
	for (const path of STATIC_FILES) {
		const star = await get(path, { headers: { 'if-none-match': '*' } });
		assert.equal(star.status, 304, `${path}: If-None-Match: * gives 304`);
	}
});

// ---------------------------------------------------------------- privacy

test('user input shown in error pages is escaped (no HTML injection)', async () => {
	const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];
	for (const payload of payloads) {
		for (const prefix of ['/themes/', '/actions/', '/crpd/', '/']) {
			const path = prefix + encodeURIComponent(payload);
			const r = await get(path);
			assert.ok(r.status >= 400 && r.status < 500, `${path}: status ${r.status}`);
			assert.ok(!r.body.includes(payload), `${path}: the HTML contains the raw input`);
			assert.doesNotMatch(r.body, /<script\b|<img src=x|<svg onload/i, `${path}: injected markup in the page`);
			const j = await getJson(path);
			assert.ok(j.json, `${path}: the JSON error is valid JSON`);
		}
	}
});

test('restricted notes, contact details and communication needs never appear in any page or JSON', async (t) => {
	const bad = secrets(facts);
	assert.ok(bad.length > 5, 'there are secrets to look for');
	const forbiddenKeys = new Set(['restricted_notes', 'email', 'phone', 'communication_needs', 'consent_recorded_on', 'password_hash']);
	const problems = [];
	const visited = new Set();
	const queue = [];
	const enqueue = (p) => {
		const u = new URL(p, base + '/');
		if (u.origin !== new URL(base).origin) return;
		u.hash = '';
		const key = u.pathname + u.search;
		if (!visited.has(key)) { visited.add(key); queue.push(key); }
	};
	for (const p of allPages(facts)) for (const q of [p, withQuery(p, 'lang', 'en')]) enqueue(q);
	const scan = (what, body) => {
		const texts = [body, decodeEntities(body)];
		for (const s of bad) if (texts.some((t) => t.includes(s.text))) problems.push(`${what} contains ${s.what}`);
	};
	const keysOf = (v, path, out) => {
		if (Array.isArray(v)) v.forEach((x, i) => keysOf(x, `${path}[${i}]`, out));
		else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (forbiddenKeys.has(k)) out.push(`${path}.${k}`); keysOf(x, `${path}.${k}`, out); }
		return out;
	};
	while (queue.length) {
		const path = queue.shift();
		const html = await get(path);
		if (html.status === 200 && /text\/html/.test(html.headers.get('content-type') ?? '')) {
			scan(`HTML ${path}`, html.body);
			for (const l of links(html.body)) if (!/^(https?:|mailto:|tel:)/i.test(l) || l.startsWith(base)) enqueue(new URL(l, base + path).href);
		} else if (html.status === 200) {
			scan(`${path}`, html.body);
		}
		if (path.startsWith('/static/')) continue;
		if (/^\/api\/v1\b/.test(path)) { if (html.json) for (const k of keysOf(html.json, path, [])) problems.push(`JSON ${k} is a private field`); continue; }
		for (const [how, r] of [['API', await get(apiPath(path))], ['Accept JSON', await getJson(path)]]) {
			scan(`${how} ${path}`, r.body);
			if (r.json) {
				scan(`${how} ${path} (re-serialised)`, JSON.stringify(r.json));
				for (const k of keysOf(r.json, path, [])) problems.push(`${how} ${path}: private field ${k}`);
			}
		}
	}
	assert.ok(visited.size >= allPages(facts).length * 2, `crawled ${visited.size} addresses`);
	t.diagnostic(`crawled ${visited.size} addresses (each as HTML, /api/v1 JSON and Accept JSON), looked for ${bad.length} private strings`);
	noProblems(problems, `privacy (crawled ${visited.size} addresses)`);
});

test('no page links to mailto: or tel: addresses of people', async () => {
	const problems = [];
	for (const path of allPages(facts)) {
		const r = await get(path);
		for (const l of links(r.body)) if (/^(mailto|tel):/i.test(l)) problems.push(`${path}: links to ${l}`);
	}
	noProblems(problems, 'contact links');
});

// ---------------------------------------------------------------- shutdown

test('the server stops cleanly on SIGTERM (exit code 0, no errors logged)', async () => {
	stopped = await srv.stop();
	assert.equal(stopped.code, 0, exitReport(stopped));
	assert.equal(stopped.signal, null, exitReport(stopped));
	assert.doesNotMatch(stopped.stderr, /Sanitizer|runtime error|LeakSanitizer/, exitReport(stopped));
	assert.doesNotMatch(stopped.stderr, /^\S+ error /m, `errors were logged:\n${stopped.stderr}`);
});
