// The pages of the second factor (issue 14) in a real browser (Debian's
// chromium) with axe-core (WCAG 2.2 AA) at 1280 and 320 CSS px, in Dutch and
// English, by keyboard only: the code page after the password (empty and
// with an error), the page that sets up the second factor (the QR code is
// an image with a name, the key is there as text to type), and the page
// that shows the recovery codes once. Codes are made with oathtool.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/second_factor.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { runLia } from '../lib/server.mjs';
import { DEMO, totpCode, usedStep, serverNow, TOTP_STEP_S } from '../lib/auth.mjs';
import { startDemoBrowser, runAxe, formatViolations, SCREENSHOT_DIR, assertNoSidewaysScroll, expectCleanStop, tabTo, signInByKeyboard, saveShot } from '../lib/browser.mjs';

let srv, base, br;
const WIDTHS = [1280, 320];
const LANGS = ['nl', 'en'];
const PW = 'plein boom regen lamp';

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	for (const lang of LANGS) {
		const r = runLia(['user', 'add', '--db', srv.db, '--email', `nieuw-${lang}@example.org`, '--role', 'coordinator',
			'--name', `Nieuw ${lang}`, '--password-stdin'], { input: `${PW}\n` });
		assert.equal(r.code, 0, r.stderr);
	}
});

after(async () => {
	await expectCleanStop(srv, br);
});

const shot = (page, name) => saveShot(page, path.join(SCREENSHOT_DIR, `second-factor-${name}.png`));

/** axe finds nothing, and at 320 px nothing needs sideways scrolling; at both widths. */
async function checkBoth(page, where) {
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		const r = await runAxe(page);
		assert.equal(r.violations.length, 0, formatViolations(r.violations, `${where} ${width}: `));
		if (width === 320) await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `second-factor-reflow-${where.replace(/[^a-z0-9]+/gi, '-')}.png`));
	}
}

/** The password step by keyboard, stopping at the second step. */
async function passwordOnly(page, email, password, lang) {
	await page.goto(`${base}/sign-in?lang=${lang}`);
	await tabTo(page, '#f-email');
	await page.keyboard.type(email);
	await tabTo(page, '#f-password');
	await page.keyboard.type(password);
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('the code page, empty and with an error, at 1280 and 320 px, Dutch and English, by keyboard', async () => {
	for (const lang of LANGS) {
		const ctx = await br.newContext();
		const page = await ctx.newPage();
		page.setDefaultTimeout(20_000);
		await passwordOnly(page, DEMO.coordinator, 'tulp molen fiets klomp', lang);
		assert.equal(new URL(page.url()).pathname, '/sign-in/code');
		assert.equal(await page.locator('h1').textContent(), lang === 'nl' ? 'Typ de code uit uw app' : 'Type the code from your app');
		assert.equal(await page.locator('#f-code').getAttribute('autocomplete'), 'one-time-code');
		await checkBoth(page, `${lang} code`);
		if (lang === 'nl') await shot(page, 'code');
		// A wrong code: the error summary and the field's error, by keyboard.
		await tabTo(page, '#f-code');
		await page.keyboard.type('000000' === totpCode('LIADEMOLIADEMOLIADEMOLIADEMOLIAD', Math.floor(serverNow(base) / TOTP_STEP_S)) ? '000001' : '000000');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(new URL(page.url()).pathname, '/sign-in/code');
		assert.equal(await page.locator('.error-summary').count(), 1);
		assert.equal(await page.locator('#f-code').getAttribute('aria-invalid'), 'true');
		await checkBoth(page, `${lang} code error`);
		if (lang === 'nl') await shot(page, 'code-error');
		await ctx.close();
	}
	// The whole sign-in by keyboard goes through it.
	const ctx = await br.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await signInByKeyboard(page, base, DEMO.coordinator);
	assert.equal(new URL(page.url()).pathname, '/');
	await ctx.close();
});

test('setting up the second factor and the recovery codes, at 1280 and 320 px, Dutch and English, by keyboard', async () => {
	for (const lang of LANGS) {
		const email = `nieuw-${lang}@example.org`;
		const ctx = await br.newContext({ javaScriptEnabled: lang === 'nl' });
		const page = await ctx.newPage();
		page.setDefaultTimeout(20_000);
		await passwordOnly(page, email, PW, lang);
		assert.equal(new URL(page.url()).pathname, '/sign-in/enrol');
		const qr = page.locator('svg.qr-code');
		assert.equal(await qr.count(), 1);
		assert.equal(await qr.getAttribute('role'), 'img');
		assert.match(await qr.getAttribute('aria-label'), lang === 'nl' ? /^QR-code met de sleutel/ : /^QR code with the key/);
		const key = (await page.locator('#tf-key-text').textContent()).replace(/ /g, '');
		assert.match(key, /^[A-Z2-7]{32}$/, 'the key as text, to type');
		assert.equal(await page.locator('#tf-key-label').count(), 1, 'the key is named');
		if (lang === 'nl') {
			await checkBoth(page, `${lang} enrol`);
			await shot(page, 'enrol');
		} else {
			// Without JavaScript axe cannot run: the page works, and the Dutch run checks it.
			await page.setViewportSize({ width: 320, height: 900 });
			await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, 'second-factor-reflow-en-enrol.png'));
		}
		// A wrong code first, by keyboard: the same key stays.
		await tabTo(page, '#f-code');
		await page.keyboard.type('12345');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(await page.locator('.error-summary').count(), 1);
		assert.equal((await page.locator('#tf-key-text').textContent()).replace(/ /g, ''), key);
		if (lang === 'nl') await checkBoth(page, `${lang} enrol error`);
		// The right code.
		const step = Math.floor(serverNow(base) / TOTP_STEP_S); // the server's clock may be moved (nextCode)
		usedStep(base, email, step);
		await tabTo(page, '#f-code');
		await page.keyboard.type(totpCode(key, step));
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(await page.locator('h1').textContent(), lang === 'nl' ? 'Uw herstelcodes' : 'Your recovery codes');
		assert.equal(await page.locator('.recovery-codes li').count(), 10);
		if (lang === 'nl') {
			await checkBoth(page, `${lang} recovery codes`);
			await shot(page, 'codes');
		}
		await tabTo(page, 'main a.button');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(new URL(page.url()).pathname, '/', 'signed in, on to the overview');
		await ctx.close();
	}
});

test('the English enrolment and recovery code pages pass axe too (JavaScript on)', async () => {
	// A reader sets it up from /account, in English.
	const r = runLia(['user', 'add', '--db', srv.db, '--email', 'lezer-en@example.org', '--role', 'reader', '--password-stdin'], { input: `${PW}\n` });
	assert.equal(r.code, 0, r.stderr);
	const ctx = await br.newContext();
	const page = await ctx.newPage();
	page.setDefaultTimeout(20_000);
	await passwordOnly(page, 'lezer-en@example.org', PW, 'en');
	await page.goto(`${base}/account?lang=en`);
	await tabTo(page, 'main a[href="/account/two-factor"]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.equal(await page.locator('h1').textContent(), 'Set up signing in with a code');
	await checkBoth(page, 'en account enrol');
	const key = (await page.locator('#tf-key-text').textContent()).replace(/ /g, '');
	const step = Math.floor(serverNow(base) / TOTP_STEP_S); // the server's clock may be moved (nextCode)
	usedStep(base, 'lezer-en@example.org', step);
	await tabTo(page, '#f-code');
	await page.keyboard.type(totpCode(key, step));
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.equal(await page.locator('.recovery-codes li').count(), 10);
	await checkBoth(page, 'en account recovery codes');
	await page.goto(`${base}/account?lang=en`);
	await checkBoth(page, 'en account with the second factor on');
	await ctx.close();
});
