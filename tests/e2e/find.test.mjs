// Browser tests of finding things: the action point filters and the search
// page, with axe-core (WCAG 2.2 AA) at 1280 and 320 CSS px in Dutch and
// English, in their states (nothing chosen, filters chosen, nothing found,
// results), no sideways scrolling at 320 px, and both used with the keyboard
// only and JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/find.test.mjs
// Screenshots: tests/output/screenshots/{nl,en}-find-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo } from '../lib/server.mjs';
import { launch, runAxe, formatViolations, SCREENSHOT_DIR, tabTo, assertNoSidewaysScroll, signedInPage, saveShot } from '../lib/browser.mjs';
import { DEMO } from '../lib/auth.mjs';

let srv, base, br;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	br = await launch();
});

after(async () => {
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const STATES = [
	['actions', '/actions'],
	['actions-filtered', '/actions?theme=1&status=in_uitvoering&overdue=1'],
	['actions-none', '/actions?theme=1&status=vervallen&health=rood'],
	['search', '/search'],
	['search-results', '/search?q=toegankelijkheid'],
	['search-none', '/search?q=xqzxqz'],
];

for (const lang of ['nl', 'en']) {
	for (const width of [1280, 320]) {
		test(`filters and search: no axe violations at ${width} px in ${lang === 'nl' ? 'Dutch' : 'English'}, and no sideways scrolling`, async () => {
			const ctx = await br.newContext({ viewport: { width, height: 900 } });
			const page = await ctx.newPage();
			page.setDefaultTimeout(15_000);
			await page.goto(`${base}/?lang=${lang}`);
			const problems = [];
			for (const [name, p] of STATES) {
				await page.goto(base + p);
				assert.equal(await page.getAttribute('html', 'lang'), lang);
				const shot = path.join(SCREENSHOT_DIR, `${lang}-find-${name}-${width}.png`);
				await saveShot(page, shot);
				const r = await runAxe(page);
				if (r.violations.length) problems.push(`${p}:\n${formatViolations(r.violations)}`);
				if (width === 320) await assertNoSidewaysScroll(page, 320, shot);
			}
			assert.equal(problems.length, 0, problems.join('\n'));
			await ctx.close();
		});
	}
}

test('signed in: the filter for "still needs an update" has no axe violations', async () => {
	const { ctx, page } = await signedInPage(br, base, DEMO.coordinator);
	await page.goto(`${base}/actions?needs_update=1`);
	const r = await runAxe(page);
	await saveShot(page, path.join(SCREENSHOT_DIR, 'nl-find-actions-needs-update-1280.png'));
	assert.equal(r.violations.length, 0, formatViolations(r.violations));
	await ctx.close();
});

test('keyboard only, JavaScript off: filter the action points, then remove a chosen filter', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	page.setDefaultTimeout(15_000);
	await page.goto(`${base}/actions`);
	await tabTo(page, '#f-theme');
	await page.keyboard.press('ArrowDown'); // the first theme
	await tabTo(page, '#f-overdue');
	await page.keyboard.press('Space');
	await tabTo(page, 'form[role=search] button[type=submit]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	const url = new URL(page.url());
	assert.equal(url.searchParams.get('theme'), '1');
	assert.equal(url.searchParams.get('overdue'), '1');
	const count = await page.textContent('#actions-count');
	assert.match(count, /^\d+ actiepunt(en)? gevonden$/);
	// The chosen theme is a link that removes it.
	await tabTo(page, '.chosen-list a[href="/actions?overdue=1"]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).search, '?overdue=1');
	assert.equal(await page.inputValue('#f-theme'), '');
	assert.equal(await page.isChecked('#f-overdue'), true);
	await ctx.close();
});

test('keyboard only, JavaScript off: search from the header, then follow a result', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	page.setDefaultTimeout(15_000);
	await page.goto(`${base}/themes`);
	await tabTo(page, '#header-q');
	await page.keyboard.type('woningen');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.match(page.url(), /\/search\?q=woningen$/);
	assert.match(await page.textContent('.result-count'), /resultaten gevonden/);
	assert.equal(await page.inputValue('#search-q'), 'woningen');
	await tabTo(page, '.search-results a');
	const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.ok(page.url().endsWith(href), `${page.url()} is ${href}`);
	await ctx.close();
});
