// A phone, signed in (issue 15): the header and menus no longer push the
// content 700 px down. At 320 px both menus fold into one "Menu" (a details
// element: no script), the content starts within 420 px (the example banner
// included), the menu opens with the keyboard and shows every link; at 1280
// px the menus are bars without the toggle. Charts keep readable words: the
// text of the chart a phone shows is at least 12 px high (the wide drawing
// shrank it to about 6).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/phone_layout.test.mjs
// Screenshots: tests/output/screenshots/phone-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { DEMO } from '../lib/auth.mjs';
import { startDemoBrowser, expectCleanStop, signedInPage, SCREENSHOT_DIR, tabTo, saveShot } from '../lib/browser.mjs';

let srv, base, br, ctx, page;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	({ ctx, page } = await signedInPage(br, base, DEMO.coordinator));
});

after(async () => {
	if (ctx) await ctx.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const mainTop = (p) => p.evaluate(() => Math.round(document.querySelector('main').getBoundingClientRect().top + window.scrollY));
const visibleLinks = (p, sel) => p.evaluate((s) => [...document.querySelectorAll(s)].filter((a) => a.checkVisibility({ visibilityProperty: true })).map((a) => a.getAttribute('href')), sel);

test('320 px signed in: one folded menu, content near the top, the menu opens by keyboard', async () => {
	await page.setViewportSize({ width: 320, height: 700 });
	for (const lang of ['nl', 'en']) {
		await page.goto(`${base}/?lang=${lang}`);
		const top = await mainTop(page);
		assert.ok(top <= 420, `${lang}: the content starts at ${top} px (it was about 710)`);
		assert.deepEqual(await visibleLinks(page, '.site-nav a, .admin-nav a'), [], `${lang}: the menus are folded`);
		await saveShot(page, path.join(SCREENSHOT_DIR, `phone-${lang}-folded.png`), {});
		await page.evaluate(() => document.activeElement?.blur());
		await tabTo(page, 'summary.menu-toggle');
		await page.keyboard.press('Enter');
		const links = await visibleLinks(page, '.site-nav a, .admin-nav a');
		assert.ok(links.includes('/periods') && links.includes('/audit') && links.includes('/actions/new'), `${lang}: both menus open: ${links.join(' ')}`);
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement?.closest('nav')?.className), 'site-nav', `${lang}: Tab goes into the menu`);
		await saveShot(page, path.join(SCREENSHOT_DIR, `phone-${lang}-open.png`), {});
	}
});

test('1280 px: the menus are bars, no toggle', async () => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${base}/?lang=nl`);
	assert.equal(await page.locator('summary.menu-toggle').isVisible(), false, 'the toggle is hidden');
	const links = await visibleLinks(page, '.site-nav a, .admin-nav a');
	assert.ok(links.length >= 15, `every link shows: ${links.length}`);
	// The signed-in header holds when the session ends and a button to extend
	// it (WCAG 2.2.1), and the coordinator's menu has nine links (two lines
	// in Dutch): the content still starts in the top half of the screen.
	const top = await mainTop(page);
	assert.ok(top < 340, `the content starts at ${top} px`);
});

test('charts keep words of at least 12 px at 320 px, and the phone drawing is the one shown', async () => {
	for (const [w, url] of [[320, '/'], [320, '/funds'], [320, '/periods/2/report'], [320, '/reports/2/report-nl.html'], [1280, '/']]) {
		await page.setViewportSize({ width: w, height: 800 });
		await page.goto(base + url);
		const r = await page.evaluate(() => {
			const shown = [...document.querySelectorAll('svg.chart')].filter((s) => s.getClientRects().length > 0);
			const sizes = shown.flatMap((s) => [...s.querySelectorAll('text')].filter((t) => t.textContent.trim())
				.map((t) => t.getBoundingClientRect().height));
			return { shown: shown.map((s) => s.getAttribute('class')), smallest: Math.min(...sizes) };
		});
		assert.ok(r.shown.length >= 1, `${w} ${url}: a chart shows`);
		const want = w < 600 ? 'chart chart-narrow' : 'chart chart-wide';
		assert.ok(r.shown.every((c) => c === want), `${w} ${url}: ${r.shown.join(', ')}`);
		assert.ok(r.smallest >= 12, `${w} ${url}: the smallest chart text is ${r.smallest.toFixed(1)} px high`);
	}
});

test('lia stopped cleanly', async () => {
	await expectCleanStop(srv, br, [ctx]);
	br = null;
	srv = null;
	ctx = null;
});
