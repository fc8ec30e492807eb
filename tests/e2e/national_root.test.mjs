// Browser test of the national picture at the root of a deployment with
// three municipalities (`lia demo --municipalities 3`, issue 10): axe-core at
// 1280 and 320 CSS px, in Dutch and English, no sideways scrolling at 320,
// and a link to each municipality that leads to its pages.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/e2e/national_root.test.mjs
// Screenshots: tests/output/screenshots/national-root-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { launch, runAxe, formatViolations, SCREENSHOT_DIR, assertNoSidewaysScroll, saveShot } from '../lib/browser.mjs';
import { startLia, tempDir, removeDir } from '../lib/server.mjs';

let dir, srv, base, br;
before(async () => {
	dir = tempDir('lia-e2e-national-root-');
	srv = await startLia(['demo', '--db', path.join(dir, 'lia.db'), '--port', '0', '--quiet', '--municipalities', '3',
		'--jobs', '2', '--actions', '12', '--periods', '3'], { cwd: dir });
	base = srv.url.replace(/\/$/, '');
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	br = await launch();
});
after(async () => {
	if (br) await br.close();
	if (srv) {
		const r = await srv.stop();
		assert.equal(r.code, 0, r.stderr);
	}
	removeDir(dir);
});

test('axe at 1280 and 320 px, nl and en: the national picture of three municipalities at /', async () => {
	const ctx = await br.newContext();
	const page = await ctx.newPage();
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		for (const lang of ['nl', 'en']) {
			await page.goto(`${base}/?lang=${lang}`);
			const res = await page.goto(base + '/');
			assert.equal(res.status(), 200);
			assert.equal(await page.locator('html').getAttribute('lang'), lang);
			assert.equal(await page.locator('h1').count(), 1);
			assert.equal(await page.locator('main tbody th[scope="row"] a').count(), 3, `${lang}: a row per municipality`);
			const r = await runAxe(page);
			assert.equal(r.violations.length, 0, formatViolations(r.violations, `${width} ${lang} /: `));
			// A caption of a table wider than its box wraps within what can be seen.
			const captions = await page.evaluate(() => [...document.querySelectorAll('.table-wrap caption')].map((c) => {
				const box = c.closest('.table-wrap').getBoundingClientRect(), b = c.getBoundingClientRect();
				return { id: c.id, left: b.left - box.left, over: Math.round(b.right - box.right) };
			}));
			for (const c of captions) assert.ok(c.left >= 0 && c.over <= 0, `${width} ${lang}: caption ${c.id} runs ${c.over} px past its box`);
			if (width === 320) await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `national-root-reflow-${lang}.png`));
			await saveShot(page, path.join(SCREENSHOT_DIR, `national-root-${width}-${lang}.png`));
		}
	}
	// Each row leads to that municipality's pages.
	for (const slug of ['nijmegen', 'amsterdam', 'rotterdam']) {
		await page.goto(base + '/');
		await page.click(`main a[href="/${slug}/"]`);
		assert.equal(new URL(page.url()).pathname, `/${slug}/`);
	}
	await ctx.close();
});
