// Accessibility tests of every page of lia in Debian's chromium (playwright-core)
// with axe-core: WCAG 2.2 AA rules on every page in Dutch and English,
// language of parts, a full-page screenshot of each, and structure (one h1,
// lang, main, nav, skip link). The keyboard, reflow and language-switch
// tests are in a11y_keyboard.test.mjs, so the two run side by side.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/a11y_pages.test.mjs
// Screenshots: tests/output/screenshots/{nl,en}-PATH.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { sql } from '../lib/db.mjs';
import { langUrl } from '../lib/site.mjs';
import { runAxe, formatViolations, screenshotName, SCREENSHOT_DIR, saveShot } from '../lib/browser.mjs';
import { LANGS, startA11y, expectQuietStop, noProblems } from '../lib/a11y.mjs';

let srv, base, br;
let pages; // [{path, status}]
let partsOf; // {nl: [Dutch-only strings from the data], en: [English-only strings]}

before(async () => {
	({ srv, base, br, pages } = await startA11y());
	partsOf = languageParts(srv.db);
});

after(async () => {
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const urlOf = (p, lang) => langUrl(base, p, lang);

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
					await saveShot(w.page, path.join(SCREENSHOT_DIR, screenshotName(lang, p.path)));
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

// ---------------------------------------------------------------- shutdown

test('the server stops cleanly after the browser tests', async () => {
	await expectQuietStop(srv, br);
	br = null;
});
