// Browser tests of the admin pages (periods, texts, accounts, API tokens,
// audit log) in Debian's chromium with axe-core: zero WCAG 2.2 AA violations
// on each form and page, empty and with errors; and the main task by
// keyboard only, with JavaScript off: the coordinator signs in and publishes
// the open period, which then shows as published and is public.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/e2e/edit_admin.test.mjs
// Screenshots: tests/output/screenshots/admin-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { exitReport } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { startDemoBrowser, runAxe, formatViolations, SCREENSHOT_DIR, signedInPage, assertNoSidewaysScroll, signInByKeyboard, saveShot } from '../lib/browser.mjs';

let srv, base, br;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
});

after(async () => {
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const shot = (page, name) => saveShot(page, path.join(SCREENSHOT_DIR, `admin-${name}.png`));

/** Press Tab (or Shift+Tab) until the focused element matches test(); fail after max presses. */
async function tabTo(page, what, test, max = 80, key = 'Tab') {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(key);
		if (await page.evaluate(test)) return;
	}
	assert.fail(`could not reach ${what} with ${key}`);
}

/** Sign in by keyboard only. */
async function keyboardSignIn(page, email) {
	await signInByKeyboard(page, base, email);
	assert.ok(!new URL(page.url()).pathname.startsWith('/sign-in'), `${email} is signed in`);
}

async function assertNoViolations(page, where) {
	if (process.env.LIA_TEST_VERBOSE) console.error('axe', where);
	const r = await runAxe(page);
	assert.equal(r.violations.length, 0, formatViolations(r.violations, `${where}: `));
}

test('axe: every admin form and page, empty and with errors (nl and en)', async () => {
	// axe itself needs JavaScript in the page; lia's pages have none of their own.
	const ctx = await br.newContext();
	const page = await ctx.newPage();
	await keyboardSignIn(page, DEMO.coordinator);
	const open = sqlValue(srv.db, "SELECT MIN(id) FROM reporting_period WHERE state = 'open'");
	const pages = ['/periods', `/periods/${open}`, '/periods/new', `/periods/${open}/publish`,
		`/periods/${open}/narratives/new`, '/users', '/users/new', '/users/1/edit', '/audit', '/audit?from=fout', '/account'];
	for (const lang of ['nl', 'en']) {
		await page.goto(`${base}/periods?lang=${lang}`);
		for (const p of pages) {
			await page.goto(base + p);
			await assertNoViolations(page, `${lang} ${p}`);
			if (lang === 'nl') await shot(page, p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root');
		}
		// Error states: send each form empty.
		for (const [p, form] of [['/periods/new', 'form[action="/periods"]'], [`/periods/${open}/narratives/new`, `form[action="/periods/${open}/narratives"]`],
			['/users/new', 'form[action="/users"]'], ['/account', 'form[action="/account/password"]'], ['/account', 'form[action="/account/tokens"]']]) {
			await page.goto(base + p);
			await page.locator(`${form} button[type="submit"]`).click();
			await page.waitForLoadState('load');
			assert.ok(await page.locator('.error-summary').count() === 1, `${lang} ${p}: error summary`);
			await assertNoViolations(page, `${lang} ${p} with errors`);
			if (lang === 'nl') await shot(page, `${p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}-errors`);
		}
		// A new token page (shown once), made by its owner on their account page.
		await page.goto(base + '/account');
		await page.fill('#f-name', `Token ${lang}`);
		await page.fill('#f-token_password', DEMO_PASSWORD);
		await page.locator('form[action="/account/tokens"] button[type="submit"]').click();
		await page.waitForLoadState();
		assert.equal(await page.locator('#new-token').count(), 1);
		await assertNoViolations(page, `${lang} new token`);
		if (lang === 'nl') await shot(page, 'account-new-token');
	}
	await page.goto(`${base}/periods?lang=nl`);
	await ctx.close();
});

test('keyboard only, JavaScript off: the coordinator signs in and publishes the open period', async () => {
	const open = sqlValue(srv.db, "SELECT MIN(id) FROM reporting_period WHERE state = 'open'");
	const updates = sqlValue(srv.db, `SELECT count(*) FROM progress_update WHERE period_id = ${open}`);
	assert.ok(updates > 0, 'the open period has updates');
	const ctx = await br.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await keyboardSignIn(page, DEMO.coordinator);
	// Reports -> "Publiceren" of the open period.
	await tabTo(page, 'the menu link to the reports', () => document.activeElement?.getAttribute('href') === '/periods');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	await tabTo(page, 'the publish link', new Function(`return document.activeElement?.getAttribute('href') === '/periods/${open}/publish'`));
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.match(page.url(), new RegExp(`/periods/${open}/publish$`));
	await shot(page, 'keyboard-publish-confirm');
	// Shift+Tab back from the end of the page to the confirm button, then Space.
	await page.keyboard.press('End');
	await tabTo(page, 'the confirm button', () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.closest('main') !== null, 80, 'Shift+Tab');
	// The demo's period misses things: the checklist asks to tick "publish anyway" first.
	await page.keyboard.press('Shift+Tab');
	assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'confirm');
	await page.keyboard.press('Space');
	await page.keyboard.press('Tab');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
	assert.match(page.url(), new RegExp(`/periods/${open}$`));
	assert.equal(await page.locator('.flash').count(), 1);
	await shot(page, 'keyboard-published');
	assert.equal(sqlValue(srv.db, `SELECT state FROM reporting_period WHERE id = ${open}`), 'published');
	// The public sees the period and its updates.
	const pub = await br.newContext({ javaScriptEnabled: false });
	const pp = await pub.newPage();
	const res = await pp.goto(`${base}/periods/${open}`);
	assert.equal(res.status(), 200);
	const rows = await pp.locator('#upd-cap').locator('xpath=..').locator('tbody tr').count();
	assert.equal(rows, updates);
	const action = sqlValue(srv.db, `SELECT action_point_id FROM progress_update WHERE period_id = ${open} ORDER BY id DESC LIMIT 1`);
	const ap = await pp.goto(`${base}/actions/${action}`);
	assert.equal(ap.status(), 200);
	await pub.close();
	await ctx.close();
});

test('the account forms reflow at 320 px for the coordinator, in Dutch and English (WCAG 1.4.10): the role descriptions wrap', async () => {
	const { ctx, page } = await signedInPage(br, base, DEMO.coordinator);
	try {
		await page.setViewportSize({ width: 320, height: 800 });
		for (const p of ['/users/new', '/users/1/edit'])
			for (const lang of ['nl', 'en']) {
				await page.goto(`${base}${p}?lang=${lang}`);
				await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `${lang}-${p.replace(/\W+/g, '-')}-320.png`));
			}
	} finally {
		await ctx.close();
	}
});

test('the server stops cleanly', async () => {
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
});
