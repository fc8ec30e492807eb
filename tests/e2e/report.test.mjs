// Browser tests of the progress report (issue "progress report to the
// council") in Chromium with axe-core: WCAG 2.2 AA rules, in Dutch and in
// English, on the report inside the site (a published period for the
// public, the open period signed in), the standalone HTML files (report,
// easy-read summary, letter), the cover letter editor (empty, with an error,
// with a preview), the quality page, and a form whose readability box quotes
// a long sentence; the standalone file's own style applies when lia serves
// it; screenshots of the report page at 1280 and 375 px and of the
// standalone report printed (A4, print media); no sideways scrolling at
// 320 CSS px.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/report.test.mjs
// Screenshots: tests/output/screenshots/report-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { sqlValue } from '../lib/db.mjs';
import { DEMO } from '../lib/auth.mjs';
import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, signedInPage, assertNoSidewaysScroll, SCREENSHOT_DIR } from '../lib/browser.mjs';

const LANGS = ['nl', 'en'];
const LONG = 'Omdat de gemeente samen met ervaringsdeskundigen en partners in de stad alle stembureaus heeft bekeken kunnen inwoners met een beperking voor het eerst zonder hulp in hun eigen wijk stemmen';

let srv, base, br;
const ctx = {};
const page = {};

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	ctx.public = await br.newContext();
	page.public = await ctx.public.newPage();
	page.public.setDefaultTimeout(20_000);
	({ ctx: ctx.coordinator, page: page.coordinator } = await signedInPage(br, base, DEMO.coordinator, { timeout: 20_000 }));
});

after(async () => {
	for (const c of Object.values(ctx)) await c.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const shot = (name) => path.join(SCREENSHOT_DIR, `report-${name}.png`);
const withLang = (p, lang) => `${base}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;

/** axe on the page as it is now, and a full-page screenshot. */
async function axeClean(p, where, name) {
	const r = await runAxe(p);
	await p.screenshot({ path: shot(name), fullPage: true });
	assert.equal(r.violations.length, 0, `${where}:\n${formatViolations(r.violations)}`);
}

async function open(p, url, status = 200) {
	const res = await p.goto(url);
	assert.equal(res.status(), status, url);
	return res;
}

/** Submit the form in main with the button named `name` (or the one without a name: save). */
async function submitWith(p, name) {
	const b = p.locator(name ? `main form button[name="${name}"]` : 'main form button[type="submit"]:not([name])').first();
	await Promise.all([p.waitForNavigation(), b.click()]);
}

// ---------------------------------------------------------------- axe

for (const lang of LANGS) {
	test(`axe (WCAG 2.2 AA), ${lang}: the report in the site and its standalone HTML files`, { timeout: 180_000 }, async (t) => {
		const p = page.public;
		for (const [url, name] of [
			['/periods/2/report', 'period-2'],
			['/periods/1/report', 'period-1'],
		]) {
			await t.test(`${lang} ${url}`, async () => {
				await open(p, withLang(url, lang));
				assert.equal(await p.getAttribute('html', 'lang'), lang);
				assert.equal(await p.locator('h1').count(), 1, 'one h1');
				await axeClean(p, `${lang} ${url}`, `${lang}-${name}`);
			});
		}
		for (const doc of ['report', 'easy', 'letter']) {
			await t.test(`${lang} /reports/2/${doc}-${lang}.html`, async () => {
				await open(p, `${base}/reports/2/${doc}-${lang}.html`);
				assert.equal(await p.getAttribute('html', 'lang'), lang, 'the file is in its language');
				assert.equal(await p.locator('h1').count(), 1, 'one h1');
				assert.ok((await p.title()).length > 5, 'a title');
				await axeClean(p, `${lang} /reports/2/${doc}-${lang}.html`, `${lang}-standalone-${doc}`);
			});
		}
	});

	test(`axe (WCAG 2.2 AA), ${lang}: signed in: the open period's report, the quality page, the letter editor, a readability box`, { timeout: 180_000 }, async (t) => {
		const c = page.coordinator;
		await t.test(`${lang} /periods/3/report (open, signed in)`, async () => {
			await open(c, withLang('/periods/3/report', lang));
			assert.equal(await c.getAttribute('html', 'lang'), lang);
			await axeClean(c, `${lang} /periods/3/report`, `${lang}-period-3`);
		});
		await t.test(`${lang} /reports/3/report-${lang}.html (draft)`, async () => {
			await open(c, `${base}/reports/3/report-${lang}.html`);
			await axeClean(c, `${lang} /reports/3/report-${lang}.html`, `${lang}-standalone-draft`);
		});
		await t.test(`${lang} /periods/3/quality`, async () => {
			await open(c, withLang('/periods/3/quality', lang));
			assert.ok(await c.locator('main table').count() >= 1, 'a table of texts');
			await axeClean(c, `${lang} /periods/3/quality`, `${lang}-quality`);
		});
		await t.test(`${lang} /letter (empty, with an error, with a preview)`, async () => {
			await open(c, withLang('/letter', lang));
			assert.equal(await c.getAttribute('html', 'lang'), lang);
			await axeClean(c, `${lang} /letter`, `${lang}-letter`);
			await c.fill('#f-body_md', 'Geachte raad,\n\n{{#x}} niet gesloten\n');
			await submitWith(c, 'preview');
			assert.equal(await c.locator('.error-summary').count(), 1, 'an error summary');
			assert.equal(await c.getAttribute('#f-body_md', 'aria-invalid'), 'true');
			await axeClean(c, `${lang} /letter with an error`, `${lang}-letter-error`);
			await c.fill('#f-body_md', `Geachte raad,\n\nVan de {{actions_total}} actiepunten zijn er {{actions_completed}} afgerond.\n\n## Geld\n\n{{money}}\n\n{{highlights}}\n`);
			await submitWith(c, 'preview');
			assert.equal(await c.locator('.error-summary').count(), 0);
			assert.equal(await c.locator('#preview-title').count(), 1, 'a preview');
			const total = sqlValue(srv.db, 'SELECT count(*) FROM action_point');
			assert.match(await c.textContent('section.preview'), new RegExp(`Van de ${total} actiepunten`));
			await axeClean(c, `${lang} /letter with a preview`, `${lang}-letter-preview`);
			assert.equal(sqlValue(srv.db, 'SELECT count(*) FROM letter_template'), 0, 'a preview saves nothing');
		});
		await t.test(`${lang} an update form after a preview, with a readability box quoting a long sentence`, async () => {
			const id = sqlValue(srv.db, "SELECT id FROM action_point WHERE code = 'GEM-02'");
			await open(c, withLang(`/actions/${id}/updates/new`, lang));
			await c.check('input[name="health"][value="groen"]');
			await c.fill('[name="progress_md"]', `De stembureaus zijn bekeken. ${LONG}. Dat is een mooie stap voor iedereen.`);
			await submitWith(c, 'preview');
			const box = c.locator('#f-progress_md-readability');
			assert.equal(await box.count(), 1, 'a readability box under the text');
			assert.ok((await box.textContent()).replace(/\s+/g, ' ').includes(LONG), 'the long sentence is quoted');
			const described = await c.getAttribute('#f-progress_md', 'aria-describedby');
			assert.ok(described.split(' ').includes('f-progress_md-readability'), `aria-describedby: ${described}`);
			await axeClean(c, `${lang} update form with a readability box`, `${lang}-readability`);
		});
	});
}

// ---------------------------------------------------------------- the standalone file's own style

test('the standalone HTML file\'s own style applies when lia serves it (no Content-Security-Policy blocks it)', async () => {
	const c = await br.newContext();
	const p = await c.newPage();
	const blocked = [];
	p.on('console', (m) => { if (/Content Security Policy|Refused to apply inline style/i.test(m.text())) blocked.push(m.text()); });
	try {
		await open(p, `${base}/reports/2/report-nl.html`);
		const s = await p.evaluate(() => ({
			bodyMargin: getComputedStyle(document.body).marginTop,
			mainMax: getComputedStyle(document.querySelector('main')).maxWidth,
			tableCollapse: getComputedStyle(document.querySelector('table')).borderCollapse,
			styles: document.querySelectorAll('style').length,
		}));
		assert.equal(s.styles, 1, 'the file has its own <style>');
		assert.ok(s.bodyMargin === '0px' && s.mainMax !== 'none' && s.tableCollapse === 'collapse',
			`the file's style is not applied (body margin ${s.bodyMargin}, main max-width ${s.mainMax}, table border-collapse ${s.tableCollapse})${blocked.length ? `; the browser says: ${blocked[0]}` : ''}`);
	} finally {
		await c.close();
	}
});

// ---------------------------------------------------------------- the money chart

test('the money chart in the report: no text overlaps another text or a legend swatch (nl and en)', async () => {
	const c = await br.newContext({ bypassCSP: true });
	const p = await c.newPage();
	try {
		const problems = [];
		for (const u of ['/periods/2/report?lang=nl', '/periods/2/report?lang=en', '/reports/2/report-nl.html', '/reports/2/report-en.html']) {
			await open(p, base + u);
			const found = await p.evaluate(() => {
				const svg = document.querySelector('figure svg');
				if (!svg) return ['no chart'];
				const box = (el) => { const b = el.getBBox(); return { x1: b.x, y1: b.y, x2: b.x + b.width, y2: b.y + b.height }; };
				const hit = (a, b) => a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;
				const texts = [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent, b: box(t) }));
				const swatches = [...svg.querySelectorAll('rect')].filter((r) => r.getAttribute('width') === r.getAttribute('height') && !r.closest('pattern')).map((r) => box(r));
				const out = [];
				for (let i = 0; i < texts.length; i++) {
					for (let j = i + 1; j < texts.length; j++) if (hit(texts[i].b, texts[j].b)) out.push(`"${texts[i].t}" overlaps "${texts[j].t}"`);
					for (const s of swatches) if (hit(texts[i].b, s)) out.push(`"${texts[i].t}" overlaps a legend swatch at x=${Math.round(s.x1)}`);
				}
				return out;
			});
			problems.push(...found.map((f) => `${u}: ${f}`));
		}
		await p.setViewportSize({ width: 1280, height: 900 });
		await open(p, `${base}/periods/2/report?lang=nl`);
		await p.locator('figure.chart-figure').screenshot({ path: shot('chart') });
		assert.ok(problems.length === 0, `the chart's texts collide:\n  ${problems.join('\n  ')}`);
	} finally {
		await c.close();
	}
});

// ---------------------------------------------------------------- screenshots

test('screenshots: the report page at 1280 and 375 px, in print, and the standalone report printed', async () => {
	for (const [width, name] of [[1280, '1280'], [375, '375']]) {
		const c = await br.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
		const p = await c.newPage();
		try {
			await open(p, withLang('/periods/2/report', 'nl'));
			await p.screenshot({ path: shot(name), fullPage: true });
			if (width === 375) {
				await open(p, withLang('/periods/2/report', 'en'));
				await p.screenshot({ path: shot('375-en'), fullPage: true });
				await open(p, `${base}/reports/2/easy-nl.html`);
				await p.screenshot({ path: shot('375-easy'), fullPage: true });
			}
		} finally {
			await c.close();
		}
	}
	// Printed: the standalone file (A4 width) and the page in the site.
	const c = await br.newContext({ viewport: { width: 794, height: 1123 } });
	const p = await c.newPage();
	try {
		await p.emulateMedia({ media: 'print' });
		await open(p, `${base}/reports/2/report-nl.html`);
		await p.screenshot({ path: shot('print'), fullPage: true });
		await open(p, `${base}/reports/2/letter-nl.html`);
		await p.screenshot({ path: shot('print-letter'), fullPage: true });
		await open(p, withLang('/periods/2/report', 'nl'));
		await p.screenshot({ path: shot('print-page'), fullPage: true });
	} finally {
		await c.close();
	}
	for (const f of ['1280', '375', 'print']) assert.ok(fs.statSync(shot(f)).size > 10_000, `report-${f}.png is written`);
});

// ---------------------------------------------------------------- reflow

for (const [label, opts] of [['as served', {}], ['with the file\'s own style applied (Content-Security-Policy bypassed)', { bypassCSP: true }]]) {
	test(`reflow at 320 CSS px (WCAG 1.4.10), ${label}: the report never scrolls sideways`, async (t) => {
		const c = await br.newContext({ viewport: { width: 320, height: 800 }, javaScriptEnabled: false, ...opts });
		const p = await c.newPage();
		try {
			const urls = [];
			for (const lang of LANGS) {
				if (!opts.bypassCSP) urls.push(withLang('/periods/2/report', lang));
				urls.push(`${base}/reports/2/report-${lang}.html`, `${base}/reports/2/easy-${lang}.html`, `${base}/reports/2/letter-${lang}.html`);
			}
			for (const u of urls) {
				await t.test(u.replace(base, ''), async () => {
					await open(p, u);
					await assertNoSidewaysScroll(p, 320, shot(`reflow-320${opts.bypassCSP ? '-styled' : ''}-${u.replace(base, '').replace(/[^a-z0-9]+/gi, '-')}`));
				});
			}
		} finally {
			await c.close();
		}
	});
}

test('the server stops cleanly after the browser tests', async () => {
	await expectCleanStop(srv, br, Object.values(ctx));
	br = null;
});
