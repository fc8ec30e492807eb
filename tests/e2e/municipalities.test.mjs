// Browser tests of a deployment with two municipalities (issue 10): the
// list at the root, a municipality's pages under its short name (public and
// signed in), and /hosting for a hosting administrator, empty and with
// errors, with axe-core at 1280 and 320 CSS px, in Dutch and English; the
// hosting form by keyboard only, with JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/e2e/municipalities.test.mjs
// Screenshots: tests/output/screenshots/municipalities-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { DEMO } from '../lib/auth.mjs';
import { launch, runAxe, formatViolations, SCREENSHOT_DIR, signedInPage, tabTo, signInByKeyboard, assertNoSidewaysScroll, saveShot } from '../lib/browser.mjs';
import { runLia, startLia, tempDir, removeDir } from '../lib/server.mjs';

let dir, db, srv, base, br;
before(async () => {
	dir = tempDir('lia-e2e-municipalities-');
	db = path.join(dir, 'lia.db');
	const first = await startLia(['demo', '--db', db, '--port', '0', '--quiet'], { cwd: dir });
	assert.equal((await first.stop()).code, 0);
	for (const args of [
		['municipality', 'add', '--db', db, '--code', 'GM0202', '--slug', 'arnhem', '--name', 'Arnhem'],
		['municipality', 'admin', '--db', db, '--email', DEMO.coordinator],
	]) {
		const r = runLia(args);
		assert.equal(r.code, 0, r.stderr);
	}
	srv = await startLia(['serve', '--db', db, '--port', '0', '--quiet'], { cwd: dir });
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

const shot = (page, name) => saveShot(page, path.join(SCREENSHOT_DIR, `municipalities-${name}.png`));

async function assertNoViolations(page, where) {
	const r = await runAxe(page);
	assert.equal(r.violations.length, 0, formatViolations(r.violations, `${where}: `));
}

const PUBLIC = ['/', '/arnhem/', '/arnhem/actions', '/nijmegen/', '/nijmegen/actions', '/nijmegen/themes/1', '/arnhem/sign-in'];

test('axe at 1280 and 320 px, nl and en: the list, and both municipalities under their short names', async () => {
	const ctx = await br.newContext();
	const page = await ctx.newPage();
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		for (const lang of ['nl', 'en']) {
			await page.goto(`${base}/?lang=${lang}`);
			for (const p of PUBLIC) {
				const res = await page.goto(base + p);
				assert.equal(res.status(), 200, p);
				await assertNoViolations(page, `${width} ${lang} ${p}`);
				if (width === 320) await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `municipalities-reflow-${lang}-${p.replace(/\W+/g, '-')}.png`));
				if (lang === 'nl') await shot(page, `${width}-${p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root'}`);
			}
		}
	}
	// The list links to each municipality; its menu is not the programme's.
	await page.goto(base + '/');
	assert.equal(await page.locator('main a[href="/arnhem/"]').count(), 1);
	assert.equal(await page.locator('.site-nav a').count(), 0);
	await page.click('main a[href="/arnhem/"]');
	assert.equal(new URL(page.url()).pathname, '/arnhem/');
	await ctx.close();
});

test('axe at 1280 and 320 px, nl and en: /hosting for a hosting administrator, empty and with errors', async () => {
	const { ctx, page } = await signedInPage(br, base, DEMO.coordinator);
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		for (const lang of ['nl', 'en']) {
			await page.goto(`${base}/hosting?lang=${lang}`);
			assert.equal(await page.locator('h1').count(), 1);
			await assertNoViolations(page, `${width} ${lang} /hosting`);
			if (width === 320) await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `municipalities-reflow-${lang}-hosting.png`));
			if (lang === 'nl') await shot(page, `${width}-hosting`);
			await page.locator('form[action="/hosting"] button[type="submit"]').click();
			await page.waitForLoadState('load');
			assert.equal(await page.locator('.error-summary').count(), 1, `${lang}: error summary`);
			await assertNoViolations(page, `${width} ${lang} /hosting with errors`);
			if (lang === 'nl') await shot(page, `${width}-hosting-errors`);
		}
	}
	await ctx.close();
});

test('by keyboard only, without JavaScript: a hosting administrator adds a municipality', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await signInByKeyboard(page, base, DEMO.coordinator, { next: '/hosting' });
	assert.equal(new URL(page.url()).pathname, '/hosting');
	const fields = { '#f-name': 'Utrecht', '#f-code': 'GM0344', '#f-slug': 'utrecht', '#f-coordinator_name': 'Ute Recht',
		'#f-coordinator_email': 'ute@utrecht.example' };
	for (const [sel, text] of Object.entries(fields)) {
		await tabTo(page, sel);
		await page.keyboard.type(text);
	}
	await tabTo(page, 'form[action="/hosting"] button[type="submit"]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).pathname, '/hosting');
	assert.ok((await page.locator('.flash').innerText()).length > 0);
	assert.equal(await page.locator('table a[href="/utrecht/"]').count(), 1);
	await ctx.close();
});
