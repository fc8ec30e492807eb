// Browser test of the national picture (/national): axe-core (WCAG 2.2 AA)
// at 1280 and 320 CSS px, Dutch and English, for the public and for a
// signed-in coordinator (the page is the same for every role: published
// data only); no sideways scrolling at 320 px (the wide table scrolls in its
// own focusable region); the table region is reached by keyboard alone.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/national.test.mjs
// Screenshots (only when something is wrong): tests/output/screenshots/national-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { langUrl } from '../lib/site.mjs';
import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, assertNoSidewaysScroll, signedInPage, tabTo,
	SCREENSHOT_DIR } from '../lib/browser.mjs';

let srv, base, br;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
});

after(async () => {
	if (br) await br.close().catch(() => {});
	if (srv) await srv.cleanup();
});

async function check(p, lang, width, who) {
	const res = await p.goto(langUrl(base, '/national', lang));
	assert.equal(res.status(), 200);
	assert.equal(await p.getAttribute('html', 'lang'), lang);
	const shot = path.join(SCREENSHOT_DIR, `national-${who}-${lang}-${width}.png`);
	if (width === 320) await assertNoSidewaysScroll(p, 320, shot);
	const r = await runAxe(p);
	if (r.violations.length) await p.screenshot({ path: shot, fullPage: true });
	assert.equal(r.violations.length, 0, `${who} ${lang} at ${width}px:\n${formatViolations(r.violations)}`);
	assert.equal(await p.locator('main table caption').count(), 4);
}

for (const width of [1280, 320]) {
	test(`the public at ${width} px, nl and en: no axe violations${width === 320 ? ', no sideways scrolling' : ''}`, async () => {
		const ctx = await br.newContext({ viewport: { width, height: 900 } });
		try {
			const p = await ctx.newPage();
			for (const lang of ['nl', 'en']) await check(p, lang, width, 'public');
		} finally {
			await ctx.close();
		}
	});
}

test('a signed-in coordinator at 1280 and 320 px, nl and en: no axe violations', async () => {
	const { ctx, page } = await signedInPage(br, base, 'coordinator@example.org');
	try {
		for (const width of [1280, 320]) {
			await page.setViewportSize({ width, height: 900 });
			for (const lang of ['nl', 'en']) await check(page, lang, width, 'coordinator');
		}
	} finally {
		await ctx.close();
	}
});

test('the municipalities table scrolls in a region reached by keyboard, JavaScript off', async () => {
	const ctx = await br.newContext({ viewport: { width: 320, height: 900 }, javaScriptEnabled: false });
	try {
		const p = await ctx.newPage();
		await p.goto(langUrl(base, '/national', 'nl'));
		await tabTo(p, 'div.table-focus[aria-labelledby="nat-cap"]');
		const wide = await p.evaluate(() => {
			const r = document.querySelector('div.table-focus[aria-labelledby="nat-cap"]');
			return r.scrollWidth > r.clientWidth;
		});
		assert.ok(wide, 'at 320 px the table is wider than its region, which scrolls');
		await p.keyboard.press('ArrowRight');
	} finally {
		await ctx.close();
	}
});

test('lia stops cleanly', async () => {
	await expectCleanStop(srv, br);
	srv = null;
	br = null;
});
