// The pages of issue 14's sessions work in a real browser (Debian's chromium)
// with axe-core (WCAG 2.2 AA) at 1280 and 320 CSS px, in Dutch and English:
// /account for every role that sees it (every signed-in role), with its
// errors and a new token; the header's "signed in until" line; and a slow
// form: the sign-in page that keeps it and /session/resume that shows it
// again, sent by the user. The server's clock is moved with
// LIA_TEST_CLOCK_FILE.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/account.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { tempDir, removeDir } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD, clockMoved } from '../lib/auth.mjs';
import { startDemoBrowser, runAxe, formatViolations, SCREENSHOT_DIR, signedInPage, assertNoSidewaysScroll, expectCleanStop, answerCodeStep, saveShot } from '../lib/browser.mjs';

let srv, base, br, clockDir, clockFile;
const WIDTHS = [1280, 320];
const LANGS = ['nl', 'en'];

before(async () => {
	clockDir = tempDir('lia-clock-');
	clockFile = path.join(clockDir, 'offset');
	fs.writeFileSync(clockFile, '0');
	({ srv, base, br } = await startDemoBrowser({ env: { LIA_TEST_CLOCK_FILE: clockFile } }));
});

after(async () => {
	removeDir(clockDir);
});

const shot = (page, name) => saveShot(page, path.join(SCREENSHOT_DIR, `account-${name}.png`));

/** axe finds nothing, and at 320 px nothing needs sideways scrolling. */
async function check(page, where, width) {
	const r = await runAxe(page);
	assert.equal(r.violations.length, 0, formatViolations(r.violations, `${where}: `));
	if (width === 320) await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `account-reflow-${where.replace(/[^a-z0-9]+/gi, '-')}.png`));
}

test('/account for every signed-in role, at 1280 and 320 px, Dutch and English: axe finds nothing', async () => {
	for (const [role, email] of Object.entries(DEMO)) {
		const { ctx, page } = await signedInPage(br, base, email);
		for (const lang of LANGS)
			for (const width of WIDTHS) {
				await page.setViewportSize({ width, height: 900 });
				await page.goto(`${base}/account?lang=${lang}`);
				assert.equal(await page.locator('h1').textContent(), lang === 'nl' ? 'Mijn account' : 'My account');
				assert.equal(await page.locator('.session-end').count(), 1, 'the header says until when');
				await check(page, `${role} ${lang} ${width} /account`, width);
				if (role === 'reader' && lang === 'nl') await shot(page, `reader-${width}`);
			}
		await ctx.close();
	}
});

test('/account with errors and with a new token, at 1280 and 320 px, Dutch and English', async () => {
	const { ctx, page } = await signedInPage(br, base, DEMO.member);
	for (const lang of LANGS)
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto(`${base}/account?lang=${lang}`);
			await page.locator('form[action="/account/password"] button[type="submit"]').click();
			await page.waitForLoadState('load');
			assert.equal(await page.locator('.error-summary').count(), 1);
			await check(page, `${lang} ${width} password errors`, width);
			await page.locator('form[action="/account/tokens"] button[type="submit"]').click();
			await page.waitForLoadState('load');
			assert.equal(await page.locator('.error-summary').count(), 1);
			await check(page, `${lang} ${width} token errors`, width);
			await page.fill('#f-name', `Sleutel ${lang} ${width}`);
			await page.fill('#f-token_password', DEMO_PASSWORD);
			await page.locator('form[action="/account/tokens"] button[type="submit"]').click();
			await page.waitForLoadState('load');
			assert.equal(await page.locator('#new-token').count(), 1);
			await check(page, `${lang} ${width} new token`, width);
			if (lang === 'nl') await shot(page, `new-token-${width}`);
		}
	await ctx.close();
});

test('a slow form: kept on the sign-in page and shown again after signing in, at 1280 and 320 px, Dutch and English', async () => {
	const period = sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open'");
	let offset = 0;
	for (const lang of LANGS)
		for (const width of WIDTHS) {
			const { ctx, page } = await signedInPage(br, base, DEMO.member);
			await page.setViewportSize({ width, height: 900 });
			await page.goto(`${base}/periods/${period}/narratives/new?lang=${lang}`);
			const title = `Traag ${lang} ${width}`;
			await page.check('#f-kind-0');
			await page.fill('#f-title', title);
			await page.fill('#f-body_md', 'Een tekst die lang duurde.');
			offset += 31 * 60;
			fs.writeFileSync(clockFile, String(offset));
			clockMoved(base, offset);
			await page.locator(`form[action="/periods/${period}/narratives"] button[type="submit"]`).first().click();
			await page.waitForLoadState('load');
			// Kept on the server for this account, not in the page (issue 14).
			assert.equal(await page.locator('form[action="/sign-in"] input[name^="keep:"]').count(), 0);
			assert.ok(!(await page.content()).includes(title), 'the sign-in page does not carry the form');
			assert.equal(await page.locator('.notice[role="status"]').count(), 1);
			await check(page, `${lang} ${width} sign-in keeping a form`, width);
			if (lang === 'nl') await shot(page, `sign-in-kept-${width}`);
			await page.fill('#f-email', DEMO.member);
			await page.fill('#f-password', DEMO_PASSWORD);
			await Promise.all([page.waitForNavigation(), page.locator('form[action="/sign-in"] button[type="submit"]').click()]);
			await answerCodeStep(page, DEMO.member);
			assert.match(page.url(), /\/session\/resume$/);
			assert.equal(await page.locator('input[name="title"]').inputValue(), title);
			assert.equal(await page.locator('input[type="hidden"][name="kind"]').count(), 1, 'the chosen kind travels along');
			await check(page, `${lang} ${width} /session/resume`, width);
			if (lang === 'nl') await shot(page, `resume-${width}`);
			const n = Number(sqlValue(srv.db, 'SELECT count(*) FROM narrative'));
			await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
			assert.equal(Number(sqlValue(srv.db, 'SELECT count(*) FROM narrative')), n + 1, 'sent by the user');
			await ctx.close();
		}
	// Back to now: the member's codes of the moved clock's steps are used,
	// so the member does not sign in again in this file.
	fs.writeFileSync(clockFile, '0');
	clockMoved(base, 0);
});

test('the server stops cleanly after the browser tests', async () => {
	await expectCleanStop(srv, br);
});
