// Tables and the keyboard (issue 15): a table is a tab stop only while its
// box scrolls sideways. At 1280 px no table of the report (13 of them), the
// money page or the standalone report file is a stop; at 320 px every box
// that scrolls is exactly one stop (its region, named by the caption), none
// that fits is, the outer box never is (no double stop from the browser's
// own focusable scrollers), and the arrow keys scroll the focused table.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/table_stops.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoBrowser, expectCleanStop } from '../lib/browser.mjs';

let srv, base, br, ctx, page;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	ctx = await br.newContext();
	page = await ctx.newPage();
	page.setDefaultTimeout(20_000);
});

after(async () => {
	if (ctx) await ctx.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const PAGES = ['/periods/2/report', '/funds', '/reports/2/report-nl.html', '/reports/2/report-en.html'];

/**
 * Tab through the whole page once: the tables that took focus, as their
 * index among the page's .table-wrap boxes, and whether the box or the region
 * inside it had it.
 */
async function tableStops(p) {
	await p.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
	const stops = [];
	let first = null;
	for (let i = 0; i < 600; i++) {
		await p.keyboard.press('Tab');
		const s = await p.evaluate(() => {
			const a = document.activeElement;
			const boxes = [...document.querySelectorAll('.table-wrap')];
			const box = a?.closest('.table-wrap');
			return { key: a ? a.outerHTML.slice(0, 120) + a.getBoundingClientRect().top : '', box: box ? boxes.indexOf(box) : -1,
				outer: a?.classList.contains('table-wrap') ?? false, region: a?.classList.contains('table-focus') ?? false };
		});
		if (s.key === first) break; // round the page once
		if (first === null) first = s.key;
		if (s.outer) stops.push(`box ${s.box} itself`);
		if (s.region) stops.push(s.box);
	}
	return stops;
}

/** For each .table-wrap: does it scroll sideways? */
const scrolling = (p) => p.evaluate(() => [...document.querySelectorAll('.table-wrap')].map((b) => b.scrollWidth > b.clientWidth + 1));

test('1280 px: no table is a tab stop (they all fit)', { timeout: 120_000 }, async () => {
	await page.setViewportSize({ width: 1280, height: 900 });
	for (const url of PAGES) {
		await page.goto(base + url);
		const boxes = await scrolling(page);
		assert.ok(boxes.length >= 5, `${url}: ${boxes.length} tables`);
		assert.deepEqual(boxes.filter(Boolean), [], `${url}: every table fits at 1280 px`);
		assert.deepEqual(await tableStops(page), [], `${url}: no table is a tab stop`);
	}
});

test('320 px: exactly the tables that scroll are one tab stop each, and the arrow keys scroll them', { timeout: 180_000 }, async () => {
	await page.setViewportSize({ width: 320, height: 800 });
	for (const url of PAGES) {
		await page.goto(base + url);
		const boxes = await scrolling(page);
		const want = boxes.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
		assert.ok(want.length > 0, `${url}: some tables scroll at 320 px`);
		assert.deepEqual(await tableStops(page), want, `${url}: the scrolling tables (${want.join(', ')}) are the stops, each once`);
		// The region of a focused table is named by its caption, and the keys scroll it.
		const region = page.locator('.table-focus').nth(want[0]);
		await region.focus();
		const name = await region.evaluate((e) => document.getElementById(e.getAttribute('aria-labelledby'))?.textContent.trim());
		assert.ok(name, `${url}: the region has a name`);
		const box = page.locator('.table-wrap').nth(want[0]);
		assert.equal(await box.evaluate((b) => b.scrollLeft), 0);
		for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
		// Keyboard scrolling is animated: wait for it (at most 3 s) rather than read at once.
		let left = 0;
		for (let t = 0; t < 30 && left === 0; t++) {
			left = await box.evaluate((b) => b.scrollLeft);
			if (left === 0) await page.waitForTimeout(100);
		}
		assert.ok(left > 0, `${url}: ArrowRight scrolls the focused table`);
	}
});

test('lia stopped cleanly', async () => {
	await expectCleanStop(srv, br, [ctx]);
	br = null;
	srv = null;
	ctx = null;
});
