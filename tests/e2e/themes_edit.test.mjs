// Browser tests of the theme form (the generic resource form): axe-core
// (WCAG 2.2 AA) on the form empty, with errors and filled from a theme, and
// the coordinator adds a theme with the keyboard only, JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/themes_edit.test.mjs
// Screenshots: tests/output/screenshots/nl-themes-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { launch, runAxe, formatViolations, SCREENSHOT_DIR, answerCodeStep, saveShot } from '../lib/browser.mjs';

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

async function signedIn(options = {}) {
	const ctx = await br.newContext(options);
	const page = await ctx.newPage();
	page.setDefaultTimeout(15_000);
	await page.goto(`${base}/sign-in`);
	await page.fill('#f-email', DEMO.coordinator);
	await page.fill('#f-password', DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
	await answerCodeStep(page, DEMO.coordinator);
	return { ctx, page };
}

test('theme form: no axe violations empty, with errors and filled', async () => {
	const { ctx, page } = await signedIn();
	const clean = async (where, shot) => {
		const r = await runAxe(page);
		await saveShot(page, path.join(SCREENSHOT_DIR, shot));
		assert.equal(r.violations.length, 0, `${where}:\n${formatViolations(r.violations)}`);
	};
	await page.goto(`${base}/themes/new`);
	await clean('theme form (empty)', 'nl-themes-new.png');
	await page.fill('#f-name_en', 'Sport');
	await page.fill('#f-position', '0');
	await Promise.all([page.waitForNavigation(), page.click('main form.form button[type=submit]')]);
	assert.match(await page.title(), /^Fout/);
	const summary = await page.textContent('.error-summary');
	assert.match(summary, /Naam in het Nederlands/);
	assert.equal(await page.inputValue('#f-name_en'), 'Sport');
	await clean('theme form (errors)', 'nl-themes-new-errors.png');
	await page.goto(`${base}/themes/1/edit`);
	await clean('theme form (filled)', 'nl-themes-1-edit.png');
	await ctx.close();
});

test('keyboard only, JavaScript off: the coordinator adds a theme from the list of themes', async () => {
	const { ctx, page } = await signedIn({ javaScriptEnabled: false });
	await page.goto(`${base}/themes`);
	await page.focus('a[href="/themes/new"]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.match(page.url(), /\/themes\/new$/);
	await page.focus('#f-name_nl');
	await page.keyboard.type('Vrije tijd');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Leisure');
	await page.focus('main form.form button[type=submit]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	const id = sqlValue(srv.db, "SELECT id FROM theme WHERE name_nl = 'Vrije tijd'");
	assert.ok(id, 'stored');
	assert.match(page.url(), new RegExp(`/themes/${id}$`));
	assert.equal(await page.textContent('h1'), 'Vrije tijd');
	await ctx.close();
});
