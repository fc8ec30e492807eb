// Browser tests of the progress report (issue "progress report to the
// council") as the public sees it, in Chromium with axe-core: WCAG 2.2 AA
// rules, in Dutch and in English, on the report inside the site (published
// periods) and the standalone HTML files (report, easy-read summary,
// letter); the standalone file's own style applies when lia serves it; the
// money chart's texts do not collide; screenshots of the report page at 1280
// and 375 px and of the standalone report printed (A4, print media); no
// sideways scrolling at 320 CSS px. What the coordinator sees signed in is
// in report_signed_in.test.mjs, so the two files run side by side.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/report.test.mjs
// Screenshots: tests/output/screenshots/report-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { langUrl } from '../lib/site.mjs';
import { startDemoBrowser, expectCleanStop, assertNoSidewaysScroll, saveShot, SCREENSHOTS } from '../lib/browser.mjs';
import { LANGS, shot, axeClean, open } from '../lib/report.mjs';

let srv, base, br;
const ctx = {};
const page = {};

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	ctx.public = await br.newContext();
	page.public = await ctx.public.newPage();
	page.public.setDefaultTimeout(20_000);
});

after(async () => {
	for (const c of Object.values(ctx)) await c.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const withLang = (p, lang) => langUrl(base, p, lang);

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
		await saveShot(p.locator('figure.chart-figure'), shot('chart'), {});
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
			await saveShot(p, shot(name));
			if (width === 375) {
				await open(p, withLang('/periods/2/report', 'en'));
				await saveShot(p, shot('375-en'));
				await open(p, `${base}/reports/2/easy-nl.html`);
				await saveShot(p, shot('375-easy'));
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
		await saveShot(p, shot('print'));
		await open(p, `${base}/reports/2/letter-nl.html`);
		await saveShot(p, shot('print-letter'));
		await open(p, withLang('/periods/2/report', 'nl'));
		await saveShot(p, shot('print-page'));
	} finally {
		await c.close();
	}
	if (SCREENSHOTS) for (const f of ['1280', '375', 'print']) assert.ok(fs.statSync(shot(f)).size > 10_000, `report-${f}.png is written`);
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
