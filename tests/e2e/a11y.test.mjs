// Accessibility and keyboard tests of lia in Debian's chromium (playwright-core)
// with axe-core: WCAG 2.2 AA rules on every page in Dutch and English, a
// full-page screenshot of each, structure (one h1, lang, main, nav, skip link),
// the skip link and the tab order by keyboard with JavaScript off, visible
// focus, reflow at 320 CSS px and at 200% zoom, and the language switch
// without JavaScript.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/a11y.test.mjs
// Screenshots: tests/output/screenshots/{nl,en}-PATH.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo, exitReport } from '../lib/server.mjs';
import { loadFacts, sql } from '../lib/db.mjs';
import { FIXED_PAGES, NAV_PATHS } from '../lib/site.mjs';
import { launch, runAxe, formatViolations, screenshotName, assertNoSidewaysScroll, SCREENSHOT_DIR } from '../lib/browser.mjs';

const LANGS = ['nl', 'en'];

let srv;
let base;
let facts;
let br;
let pages; // [{path, status}]
let stopped = null; // how the server ended (set by the last test)
let partsOf; // {nl: [Dutch-only strings from the data], en: [English-only strings]}

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	facts = loadFacts(srv.db);
	pages = selectPages(facts);
	partsOf = languageParts(srv.db);
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	br = await launch();
});

after(async () => {
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

/**
 * The pages to visit: all fixed pages, every theme, at least 10 action points
 * (all orange and red ones, and one per theme), at least 5 articles (covered
 * and uncovered), every period, and error pages.
 */
function selectPages(f) {
	const actionIds = new Set(f.actions.filter((a) => a.health === 'oranje' || a.health === 'rood').map((a) => a.id));
	for (const t of f.themes) {
		const first = f.actions.find((a) => a.theme_id === t.id);
		if (first && actionIds.size < 10) actionIds.add(first.id);
	}
	for (const a of f.actions) if (actionIds.size < 10) actionIds.add(a.id);
	const linked = (n) => f.themeArticles.filter((x) => x.article_number === n).length + f.actionArticles.filter((x) => x.article_number === n).length;
	const uncovered = f.articles.filter((a) => !a.covered).map((a) => a.number);
	const covered = f.articles.filter((a) => a.covered).map((a) => a.number).sort((a, b) => linked(b) - linked(a) || a - b);
	const uncoveredRight = uncovered.find((n) => n >= 5 && n <= 30); // a gap: a right nothing addresses
	const articleNums = new Set([uncovered[0], uncoveredRight, uncovered[uncovered.length - 1], ...covered.slice(0, 2)].filter((x) => x !== undefined));
	for (const a of f.articles) if (articleNums.size < 5) articleNums.add(a.number);
	return [
		...FIXED_PAGES.map((p) => ({ path: p, status: 200 })),
		...f.themes.map((t) => ({ path: `/themes/${t.id}`, status: 200 })),
		...[...actionIds].sort((a, b) => a - b).map((id) => ({ path: `/actions/${id}`, status: 200 })),
		...[...articleNums].sort((a, b) => a - b).map((n) => ({ path: `/crpd/${n}`, status: 200 })),
		...f.periods.map((p) => ({ path: `/periods/${p.id}`, status: 200 })),
		{ path: '/no-such-page', status: 404 },
		{ path: '/themes/abc', status: 400 },
	];
}

/** The fixed pages and the first page of each other kind (theme, action, article, period, error). */
function onePerKind(list) {
	const seen = new Set();
	return list.filter((p) => {
		if (FIXED_PAGES.includes(p.path)) return true;
		const kind = p.status !== 200 ? `error-${p.status}` : p.path.split('/')[1];
		if (seen.has(kind)) return false;
		seen.add(kind);
		return true;
	});
}

/**
 * Text from the database that exists in one language only: Dutch on English
 * pages must be marked lang="nl" and English on Dutch pages lang="en"
 * (WCAG 3.1.2 Language of Parts). Names of people and organisations are
 * proper names and need no marking, so they are not in these lists.
 */
function languageParts(db) {
	const col = (q) => sql(db, q).map((r) => Object.values(r)[0]).filter((x) => typeof x === 'string');
	const nl = [
		...col('SELECT title FROM programme'), ...col('SELECT subtitle FROM programme'), ...col('SELECT description FROM programme'),
		...col('SELECT title FROM action_point'), ...col('SELECT description FROM action_point'),
		...col('SELECT holder_assessment FROM progress_update'), ...col('SELECT expert_assessment FROM progress_update'),
		...col('SELECT health_cause FROM progress_update'), ...col('SELECT health_consequence FROM progress_update'),
		...col('SELECT health_measures FROM progress_update'),
		...col('SELECT name FROM reporting_period'),
		...col('SELECT name FROM event'), ...col('SELECT description FROM event'), ...col('SELECT location FROM event'), ...col('SELECT accessibility FROM event'),
		...col('SELECT public_summary FROM interview'),
		...col('SELECT job_title FROM person'), ...col('SELECT description FROM organisation'),
	];
	const en = col('SELECT title_en FROM crpd_article WHERE title_en <> title_nl');
	const clean = (list) => [...new Set(list.map((x) => x.replace(/\s+/g, ' ').trim()).filter((x) => x.length >= 4))];
	return { nl: clean(nl), en: clean(en) };
}

/** Text nodes that contain one of the strings but whose nearest lang is not `want`. */
async function languageOfPartsProblems(page, strings, want) {
	const bad = await page.evaluate(({ strings: list, want: lang }) => {
		const out = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const nodes = [];
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const t = n.nodeValue.replace(/\s+/g, ' ').trim();
			if (t.length >= 4) nodes.push([n, t]);
		}
		for (const s of list) {
			for (const [n, t] of nodes) {
				if (!t.includes(s)) continue;
				const el = n.parentElement;
				const l = (el.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase();
				if (!l.startsWith(lang)) {
					const path = [];
					for (let e = el; e && e !== document.body && path.length < 4; e = e.parentElement)
						path.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + (typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''));
					out.push(`"${s.slice(0, 60)}" in ${path.join(' > ')} has lang "${l}"`);
				}
			}
		}
		return [...new Set(out)];
	}, { strings, want });
	return bad.map((b) => `language of parts (WCAG 3.1.2): ${want === 'nl' ? 'Dutch' : 'English'} text ${b}, expected lang="${want}"`);
}

const urlOf = (p, lang) => `${base}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;

function noProblems(problems, what) {
	assert.ok(problems.length === 0, `${what}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
}

/** Structure of the page: one h1, html lang, one main#main, a named nav, the skip link first, a title, heading levels. */
async function structureProblems(page, lang) {
	const s = await page.evaluate(() => {
		const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
			.filter((e) => e.getAttribute('tabindex') !== '-1');
		const skip = focusable[0];
		const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
		const navs = [...document.querySelectorAll('nav')];
		return {
			lang: document.documentElement.getAttribute('lang'),
			h1: document.querySelectorAll('h1').length,
			h1text: document.querySelector('h1')?.textContent.trim() ?? '',
			mains: document.querySelectorAll('main').length,
			mainId: document.querySelector('main')?.id ?? null,
			navs: navs.length,
			navNamed: navs.every((n) => (n.getAttribute('aria-label') ?? '').trim() || n.getAttribute('aria-labelledby')),
			skipHref: skip?.getAttribute('href') ?? null,
			skipText: skip?.textContent.trim() ?? '',
			skipTarget: skip ? !!document.getElementById((skip.getAttribute('href') ?? '').slice(1)) : false,
			title: document.title.trim(),
			levels,
			stylesheetApplied: getComputedStyle(document.body).marginTop === '0px',
		};
	});
	const p = [];
	if (s.lang !== lang) p.push(`<html lang="${s.lang}">, expected "${lang}"`);
	if (s.h1 !== 1) p.push(`${s.h1} <h1> elements (expected exactly 1)`);
	else if (!s.h1text) p.push('the <h1> is empty');
	if (s.mains !== 1) p.push(`${s.mains} <main> elements`);
	if (s.mainId !== 'main') p.push(`<main> has id "${s.mainId}", expected "main"`);
	if (s.navs < 1) p.push('no <nav>');
	else if (!s.navNamed) p.push('a <nav> without an accessible name');
	if (s.skipHref !== '#main') p.push(`the first focusable element is not a skip link to #main (href ${s.skipHref})`);
	else if (!s.skipTarget) p.push('the skip link target does not exist');
	if (!s.skipText) p.push('the skip link has no text');
	if (!s.title) p.push('empty <title>');
	if (s.levels[0] !== 1) p.push(`the first heading is h${s.levels[0]}, not h1`);
	for (let i = 1; i < s.levels.length; i++)
		if (s.levels[i] > s.levels[i - 1] + 1) { p.push(`heading levels skip from h${s.levels[i - 1]} to h${s.levels[i]}`); break; }
	if (!s.stylesheetApplied) p.push('the stylesheet did not load (body margin is not 0)');
	return p;
}

// ---------------------------------------------------------------- control

test('control: axe finds violations in a deliberately broken page', async () => {
	const page = await br.context.newPage();
	try {
		await page.setContent(`<!doctype html><html><head><title>broken</title></head><body>
			<main><h1>Broken</h1>
			<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
			<p style="color:#cccccc;background:#ffffff">Low contrast text that nobody can read.</p>
			<a href="/x"></a>
			<input type="text">
			</main></body></html>`);
		const r = await runAxe(page);
		const ids = r.violations.map((v) => v.id);
		for (const id of ['image-alt', 'color-contrast', 'html-has-lang', 'link-name', 'label'])
			assert.ok(ids.includes(id), `axe reports ${id} (got: ${ids.join(', ')})`);
		assert.match(formatViolations(r.violations), /image-alt \[critical\]/);
	} finally {
		await page.close();
	}
});

// ---------------------------------------------------------------- axe, structure, screenshots

/** A browser page that records resources that failed to load and console errors. */
async function watchedPage(context) {
	const page = await context.newPage();
	const w = { page, failedLoads: [], consoleErrors: [] };
	page.on('response', (r) => {
		if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()) return;
		if (r.status() >= 400) w.failedLoads.push(`${r.status()} ${r.url()}`);
	});
	page.on('requestfailed', (r) => w.failedLoads.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
	// The error pages themselves answer 400/404: chromium logs that as a console error.
	page.on('console', (m) => { if (m.type() === 'error' && !/status of (400|404)/.test(m.text())) w.consoleErrors.push(m.text()); });
	return w;
}

const AXE_CONCURRENCY = 2; // two pages at a time: a little faster on 2 cores

for (const lang of LANGS) {
	test(`axe (WCAG 2.2 AA), language of parts, structure and a screenshot of every page in ${lang === 'nl' ? 'Dutch' : 'English'}`, { concurrency: AXE_CONCURRENCY }, async (t) => {
		const free = [];
		for (let i = 0; i < AXE_CONCURRENCY; i++) free.push(await watchedPage(br.context));
		const all = [...free];
		try {
			await Promise.all(pages.map((p) => t.test(`${lang} ${p.path}`, async () => {
				const w = free.pop();
				try {
					w.failedLoads.length = 0;
					w.consoleErrors.length = 0;
					const resp = await w.page.goto(urlOf(p.path, lang), { waitUntil: 'load' });
					const problems = [];
					if (resp.status() !== p.status) problems.push(`status ${resp.status()}, expected ${p.status}`);
					problems.push(...await structureProblems(w.page, lang));
					const other = lang === 'nl' ? 'en' : 'nl';
					problems.push(...await languageOfPartsProblems(w.page, partsOf[other], other));
					const axeResult = await runAxe(w.page);
					await w.page.screenshot({ path: path.join(SCREENSHOT_DIR, screenshotName(lang, p.path)), fullPage: true });
					problems.push(...w.failedLoads.map((x) => `a resource did not load: ${x}`));
					problems.push(...w.consoleErrors.map((x) => `console error: ${x}`));
					if (axeResult.violations.length)
						problems.push(`${axeResult.violations.length} axe violation(s):\n${formatViolations(axeResult.violations, '      ')}`);
					noProblems(problems, `${lang} ${p.path}`);
				} finally {
					free.push(w);
				}
			})));
		} finally {
			for (const w of all) await w.page.close();
		}
	});
}

// ---------------------------------------------------------------- reflow

for (const [label, viewport, dsf] of [['320 CSS px (WCAG 1.4.10)', { width: 320, height: 800 }, 1], ['200% zoom (640 CSS px at device scale 2)', { width: 640, height: 800 }, 2]]) {
	test(`reflow at ${label}: the page never scrolls sideways`, async (t) => {
		const ctx = await br.newContext({ viewport, deviceScaleFactor: dsf, javaScriptEnabled: false });
		const page = await ctx.newPage();
		try {
			for (const lang of LANGS) {
				for (const p of pages) {
					await t.test(`${lang} ${p.path} at ${viewport.width}px`, async () => {
						await page.goto(urlOf(p.path, lang));
						await assertNoSidewaysScroll(page, viewport.width, path.join(SCREENSHOT_DIR, screenshotName(lang, p.path, `-reflow-${viewport.width}`)));
					});
				}
			}
		} finally {
			await ctx.close();
		}
	});
}

// ---------------------------------------------------------------- keyboard, JavaScript off

/** Details of the focused element, and mark it so its unfocused style can be read later. */
async function focused(page, n) {
	return page.evaluate((k) => {
		const el = document.activeElement;
		if (!el || el === document.body || el === document.documentElement) return null;
		el.setAttribute('data-tabstop', String(k));
		const cs = getComputedStyle(el);
		const r = el.getBoundingClientRect();
		return {
			k,
			tag: el.tagName.toLowerCase(),
			id: el.id,
			href: el.getAttribute('href'),
			cls: el.getAttribute('class') ?? '',
			text: (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50),
			inNav: !!el.closest('nav'),
			inMain: !!el.closest('main'),
			style: {
				outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
				outlineVisible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !/rgba\(.*,\s*0\)$/.test(cs.outlineColor) && cs.outlineColor !== 'transparent',
				boxShadow: cs.boxShadow,
				background: cs.backgroundColor,
				border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor} ${cs.borderBottomWidth} ${cs.borderBottomStyle} ${cs.borderBottomColor}`,
			},
			rect: { x: r.x, y: r.y, w: r.width, h: r.height },
			viewport: { w: innerWidth, h: innerHeight },
			visible: cs.visibility !== 'hidden' && cs.display !== 'none' && r.width > 0 && r.height > 0,
		};
	}, n);
}

async function unfocusedStyle(page, k) {
	return page.evaluate((key) => {
		const el = document.querySelector(`[data-tabstop="${key}"]`);
		const cs = getComputedStyle(el);
		return {
			outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
			boxShadow: cs.boxShadow,
			background: cs.backgroundColor,
			border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor} ${cs.borderBottomWidth} ${cs.borderBottomStyle} ${cs.borderBottomColor}`,
		};
	}, k);
}

/** Tab through the whole page from the top; returns the tab stops with focus-indicator problems. */
async function tabThrough(page, max = 400) {
	const stops = [];
	const problems = [];
	let prev = null;
	for (let i = 1; i <= max; i++) {
		await page.keyboard.press('Tab');
		const f = await focused(page, i);
		if (prev) {
			const un = await unfocusedStyle(page, prev.k);
			const fs_ = prev.style;
			const changed = fs_.outlineVisible && fs_.outline !== un.outline
				|| (fs_.boxShadow !== 'none' && fs_.boxShadow !== un.boxShadow)
				|| fs_.background !== un.background
				|| fs_.border !== un.border;
			if (!changed) problems.push(`tab stop ${prev.k} <${prev.tag}${prev.href ? ` href="${prev.href}"` : ''}> "${prev.text}" has no visible focus indicator (focused: ${JSON.stringify(fs_)}; not focused: ${JSON.stringify(un)})`);
		}
		// Stop when focus leaves the document or wraps around to the first stop.
		if (!f || (stops.length && f.tag === stops[0].tag && f.href === stops[0].href && f.id === stops[0].id)) break;
		if (!f.visible) problems.push(`tab stop ${i} <${f.tag} href="${f.href}"> "${f.text}" is focused but not visible`);
		const inView = f.rect.x < f.viewport.w && f.rect.y < f.viewport.h && f.rect.x + f.rect.w > 0 && f.rect.y + f.rect.h > 0;
		if (!inView) problems.push(`tab stop ${i} <${f.tag} href="${f.href}"> "${f.text}" is focused outside the viewport (${JSON.stringify(f.rect)})`);
		stops.push(f);
		prev = f;
	}
	return { stops, problems };
}

test('skip link, JavaScript off: the first Tab shows the skip link; Enter moves focus to main (every kind of page)', async (t) => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	try {
		for (const lang of LANGS) {
			for (const p of onePerKind(pages)) {
				await t.test(`${lang} ${p.path}`, async () => {
					await page.goto(urlOf(p.path, lang));
					await page.keyboard.press('Tab');
					const f = await focused(page, 0);
					assert.ok(f, 'Tab focuses something');
					assert.equal(f.href, '#main', `the first Tab focuses the skip link (got <${f.tag} href="${f.href}"> "${f.text}")`);
					assert.ok(f.visible, 'the focused skip link is visible');
					assert.ok(f.rect.y >= 0 && f.rect.x >= 0 && f.rect.y + f.rect.h <= f.viewport.h && f.rect.x + f.rect.w <= f.viewport.w,
						`the focused skip link is inside the viewport (${JSON.stringify(f.rect)})`);
					const covered = await page.evaluate(({ x, y, w, h }) => {
						const el = document.elementFromPoint(x + w / 2, y + h / 2);
						return !(el && el.closest('a[href="#main"]'));
					}, f.rect);
					assert.ok(!covered, 'the focused skip link is not covered by other content');
					await page.keyboard.press('Enter');
					await page.waitForFunction(() => location.hash === '#main', null, { timeout: 2000 }).catch(() => {});
					const active = await page.evaluate(() => ({ id: document.activeElement?.id, tag: document.activeElement?.tagName, hash: location.hash }));
					assert.equal(active.id, 'main', `after Enter, focus is on main (got <${active.tag}> id "${active.id}", hash ${active.hash})`);
					// The next Tab continues inside main, not back at the top.
					await page.keyboard.press('Tab');
					const next = await focused(page, 0);
					if (next) assert.ok(!next.inNav && next.href !== '#main', `after the skip link, Tab goes on in the content (got <${next.tag} href="${next.href}">)`);
				});
			}
		}
	} finally {
		await ctx.close();
	}
});

test('keyboard, JavaScript off: tabbing through the dashboard reaches the menu links in order, each with a visible focus indicator', async (t) => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	try {
		for (const lang of LANGS) {
			await t.test(`dashboard (${lang})`, async () => {
				await page.goto(urlOf('/', lang));
				const { stops, problems } = await tabThrough(page);
				assert.ok(stops.length > NAV_PATHS.length, `only ${stops.length} tab stops`);
				assert.equal(stops[0].href, '#main', 'the skip link is the first tab stop');
				const navStops = stops.filter((s) => s.inNav).map((s) => s.href);
				assert.deepEqual(navStops, NAV_PATHS, `the menu links are reached in order (got ${JSON.stringify(navStops)})`);
				const lastNav = stops.findLastIndex((s) => s.inNav);
				const firstMain = stops.findIndex((s) => s.inMain);
				assert.ok(firstMain > lastNav, 'the menu comes before the content in the tab order');
				assert.ok(stops.some((s) => /lang-switch/.test(s.cls) || /^\?lang=/.test(s.href ?? '')), 'the language switch is reachable by Tab');
				noProblems(problems, `focus indicators on the dashboard (${lang}), ${stops.length} tab stops`);
			});
		}
	} finally {
		await ctx.close();
	}
});

test('keyboard, JavaScript off: every tab stop has a visible focus indicator on other kinds of pages', async (t) => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const orange = facts.actions.find((a) => a.health === 'oranje' || a.health === 'rood') ?? facts.actions[0];
	try {
		for (const p of ['/themes', `/themes/${facts.themes[2]?.id ?? facts.themes[0].id}`, `/actions/${orange.id}`, '/crpd', '/organisation', '/events', '/interviews', `/periods/${facts.periods[facts.periods.length - 1].id}`, '/no-such-page']) {
			await t.test(p, async () => {
				await page.goto(urlOf(p, 'nl'));
				const { stops, problems } = await tabThrough(page);
				assert.ok(stops.length > NAV_PATHS.length, `only ${stops.length} tab stops`);
				const navStops = stops.filter((s) => s.inNav).map((s) => s.href);
				assert.deepEqual(navStops, NAV_PATHS, 'the menu links are reached in order');
				noProblems(problems, `focus indicators on ${p}, ${stops.length} tab stops`);
			});
		}
	} finally {
		await ctx.close();
	}
});

test('without JavaScript the pages render and the menu works: each menu link opens its page, marked as current', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	try {
		await page.goto(urlOf('/', 'nl'));
		const problems = [];
		const header = await page.evaluate(() => getComputedStyle(document.querySelector('header') ?? document.body).backgroundColor);
		if (header === 'rgba(0, 0, 0, 0)') problems.push('the header has no background: the stylesheet is not applied');
		for (const href of NAV_PATHS) {
			await Promise.all([page.waitForNavigation(), page.click(`nav a[href="${href}"]`)]);
			if (new URL(page.url()).pathname !== href) problems.push(`clicking the menu link ${href} went to ${page.url()}`);
			const s = await page.evaluate(() => ({
				h1: document.querySelector('h1')?.textContent.trim(),
				current: [...document.querySelectorAll('nav a[aria-current="page"]')].map((a) => a.getAttribute('href')),
				lang: document.documentElement.lang,
			}));
			if (!s.h1) problems.push(`${href}: no h1 after clicking the menu link`);
			if (JSON.stringify(s.current) !== JSON.stringify([href])) problems.push(`${href}: aria-current="page" is on ${JSON.stringify(s.current)}`);
			if (s.lang !== 'nl') problems.push(`${href}: lang ${s.lang}`);
		}
		// Following a link in the content works too: from the theme list to a theme.
		await page.goto(urlOf('/themes', 'nl'));
		const first = facts.themes[0];
		await Promise.all([page.waitForURL((u) => u.pathname === `/themes/${first.id}`), page.click(`main a[href="/themes/${first.id}"]`)]);
		const h1 = await page.textContent('h1');
		if (!h1.includes(first.name_nl)) problems.push(`/themes/${first.id}: h1 "${h1}" after following the link`);
		noProblems(problems, 'navigation without JavaScript');
	} finally {
		await ctx.close();
	}
});

test('the language switch works without JavaScript (click and keyboard) and is remembered', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const theme = facts.themes[2] ?? facts.themes[0];
	try {
		const first = await page.goto(`${base}/themes/${theme.id}`);
		assert.equal(first.status(), 200);
		assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'Dutch by default (browser asks for nl-NL)');
		assert.ok((await page.textContent('h1')).includes(theme.name_nl));

		// Click the switch.
		const toEn = page.locator('a[hreflang="en"]').first();
		assert.equal(await toEn.count(), 1, 'a link to the English version (hreflang="en")');
		assert.equal(await toEn.getAttribute('lang'), 'en', 'the link text "English" is marked lang="en"');
		await Promise.all([page.waitForURL(/lang=en/), toEn.click()]);
		assert.equal(new URL(page.url()).pathname, `/themes/${theme.id}`, 'the switch stays on the same page');
		assert.equal(await page.getAttribute('html', 'lang'), 'en', 'after clicking, <html lang="en">');
		assert.ok((await page.textContent('h1')).includes(theme.name_en), `the English theme name "${theme.name_en}"`);

		// Remembered: a menu link without ?lang stays English.
		await Promise.all([page.waitForURL((u) => u.pathname === '/actions'), page.click('nav a[href="/actions"]')]);
		assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the next page is still English (cookie)');

		// By keyboard: Tab to the switch back to Dutch and press Enter.
		await page.goto(`${base}/actions`);
		let reached = false;
		for (let i = 0; i < 6 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement?.getAttribute('hreflang') === 'nl');
		}
		assert.ok(reached, 'the switch to Dutch is among the first tab stops');
		await Promise.all([page.waitForURL(/lang=nl/), page.keyboard.press('Enter')]);
		assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'after Enter on the switch, <html lang="nl">');
		assert.equal(new URL(page.url()).pathname, '/actions');
	} finally {
		await ctx.close();
	}
});

// ---------------------------------------------------------------- shutdown

test('the server stops cleanly after the browser tests', async () => {
	if (br) { await br.close(); br = null; }
	stopped = await srv.stop();
	assert.equal(stopped.code, 0, exitReport(stopped));
	assert.doesNotMatch(stopped.stderr, /Sanitizer|runtime error/, exitReport(stopped));
	assert.doesNotMatch(stopped.stderr, /^\S+ error /m, `errors were logged:\n${stopped.stderr}`);
});
