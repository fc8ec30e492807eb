// Browser tests of the forms for action points and progress updates, in
// Debian's chromium with JavaScript off: zero axe-core violations (WCAG 2.2
// AA) on each form empty and with errors, and the main task by keyboard
// only: a dossier holder signs in, writes progress for one of their own
// action points (with a preview first), and sees it on the action page.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/edit_actions.test.mjs
// Screenshots: tests/output/screenshots/nl-edit-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { exitReport } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { startDemoBrowser, runAxe, formatViolations, SCREENSHOT_DIR, answerCodeStep, saveShot } from '../lib/browser.mjs';

let srv, base, br;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
});

after(async () => {
	if (br) await br.close();
	if (srv) {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

const one = (q) => sqlValue(srv.db, q);

/** Press Tab (or Shift+Tab) until the focused element matches test(el); fails after max presses. */
async function tabUntil(page, predicate, arg, { back = false, max = 200 } = {}) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		if (await page.evaluate(predicate, arg)) return;
	}
	throw new Error(`focus never reached the element after ${max} presses of Tab`);
}
/** Press a key that submits a form or follows a link, and wait for the new page. */
async function pressAndWait(page, key = 'Enter') {
	const nav = page.waitForEvent('framenavigated', { timeout: 20_000 });
	await page.keyboard.press(key);
	await nav;
	await page.waitForLoadState('load');
}
const isName = (name) => document.activeElement?.getAttribute('name') === name;
const isNamedControl = ([tag, name]) => document.activeElement?.tagName === tag && document.activeElement.getAttribute('name') === name;
const isLinkTo = (href) => document.activeElement?.tagName === 'A' && document.activeElement.getAttribute('href') === href;
/** The preview button (name="preview") or, for null, the save button (the submit button without a name). */
const isButton = (name) => document.activeElement?.tagName === 'BUTTON' && document.activeElement.closest('main form') !== null &&
	(name ? document.activeElement.getAttribute('name') === name : !document.activeElement.hasAttribute('name'));

/** A page of a new context signed in as email, by keyboard. lia sends no
 * JavaScript; the keyboard task also turns it off in the browser. axe-core
 * itself needs it (its run never settles in a page with JavaScript off). */
async function signedIn(email, { javaScript = true } = {}) {
	const ctx = await br.newContext({ javaScriptEnabled: javaScript });
	const page = await ctx.newPage();
	page.setDefaultTimeout(20_000);
	await page.goto(base + '/sign-in');
	await tabUntil(page, isName, 'email');
	await page.keyboard.type(email);
	await tabUntil(page, isName, 'password');
	await page.keyboard.type(DEMO_PASSWORD);
	await pressAndWait(page);
	await answerCodeStep(page, email);
	assert.ok(!page.url().includes('/sign-in'), `signed in as ${email}: ${page.url()}`);
	return { ctx, page };
}

async function shot(page, name) {
	await saveShot(page, path.join(SCREENSHOT_DIR, `nl-edit-${name}.png`));
}

/** The page as it is now: zero axe violations (what names it in the message), and a screenshot nl-edit-NAME.png. */
async function checked(page, what, name) {
	const r = await runAxe(page);
	assert.equal(r.violations.length, 0, `${what}:\n${formatViolations(r.violations)}`);
	await shot(page, name);
}

/** Submit the form with its preview button (name "preview") or, for null, its save button (focus, then Enter). */
async function submitWith(page, name) {
	await page.locator(name ? `main form button[name="${name}"]` : 'main form button[type="submit"]:not([name])').first().focus();
	await pressAndWait(page);
}

/**
 * The form at url checked empty (status 200) and again after saving it with
 * the fields in clear emptied: one error summary. Screenshots NAME and
 * NAME-errors.
 */
async function checkEmptyAndWithErrors(page, url, name, clear = []) {
	const res = await page.goto(base + url);
	assert.equal(res.status(), 200, url);
	await checked(page, `${url} (empty)`, name);
	for (const f of clear) await page.fill(`[name="${f}"]`, '');
	await submitWith(page, null);
	assert.equal(await page.locator('.error-summary').count(), 1, `${url}: error summary`);
	await checked(page, `${url} (errors)`, `${name}-errors`);
}

test('forms for action points: no axe violations, empty and with errors', { timeout: 120_000 }, async () => {
	const { ctx, page } = await signedIn(DEMO.member);
	try {
		const id = one('SELECT id FROM action_point ORDER BY id LIMIT 1');
		await checkEmptyAndWithErrors(page, '/actions/new', 'action-new');
		await checkEmptyAndWithErrors(page, `/actions/${id}/edit`, 'action-edit', ['code', 'title']);
		await checkEmptyAndWithErrors(page, `/actions/${id}/withdraw`, 'action-withdraw');
		await checkEmptyAndWithErrors(page, `/actions/${id}/updates/new`, 'update-new');
		// Orange without explanation: three errors, and the preview state.
		await page.goto(base + `/actions/${id}/updates/new`);
		await page.check('input[name="health"][value="oranje"]');
		await page.fill('[name="progress_md"]', 'Het **loopt** uit.\n\n- punt een\n- punt twee');
		await submitWith(page, 'preview');
		assert.equal(await page.locator('#preview-title').count(), 1);
		await checked(page, 'update preview', 'update-preview');
		await submitWith(page, null);
		assert.equal(await page.locator('.error-summary li').count(), 3);
		await checked(page, 'update orange errors', 'update-orange-errors');
	} finally {
		await ctx.close();
	}
});

test('assessment form: no axe violations, empty and with errors', { timeout: 120_000 }, async () => {
	const action = one('SELECT id FROM action_point WHERE dossier_holder_id = 6 ORDER BY id LIMIT 1');
	const { ctx, page } = await signedIn(DEMO.expert);
	try {
		// An update without the expert's voice, written by a member through the form.
		await page.goto(base + `/actions/${action}/updates/new`);
		await page.check('input[name="health"][value="groen"]');
		await page.fill('[name="progress_md"]', 'Nog zonder tweede stem.');
		const uid0 = one('SELECT max(id) FROM progress_update');
		await submitWith(page, null);
		const uid = one('SELECT max(id) FROM progress_update');
		assert.ok(uid > uid0);
		await checkEmptyAndWithErrors(page, `/updates/${uid}/assessment`, 'assessment');
	} finally {
		await ctx.close();
	}
});

test('by keyboard only: a dossier holder writes progress for their own action point and sees it', { timeout: 120_000 }, async () => {
	const id = one('SELECT id FROM action_point WHERE dossier_holder_id = 6 ORDER BY id LIMIT 1');
	const { ctx, page } = await signedIn(DEMO.dossierHolder, { javaScript: false });
	try {
		await page.goto(base + `/actions/${id}`);
		await tabUntil(page, isLinkTo, `/actions/${id}/updates/new`);
		await pressAndWait(page);
		assert.ok(page.url().endsWith(`/actions/${id}/updates/new`), page.url());
		// Health: move within the radio group until "groen" is chosen.
		await tabUntil(page, isNamedControl, ['INPUT', 'health']);
		for (let i = 0; i < 4 && !(await page.evaluate(() => document.activeElement.value === 'groen')); i++)
			await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Space');
		await tabUntil(page, isNamedControl, ['TEXTAREA', 'progress_md']);
		await page.keyboard.type('De tolk is **geregeld** voor alle vergaderingen.');
		await tabUntil(page, isNamedControl, ['TEXTAREA', 'holder_assessment']);
		await page.keyboard.type('Met het toetsenbord geschreven.');
		// Preview first: saves nothing, keeps the text.
		const count0 = one(`SELECT count(*) FROM progress_update WHERE action_point_id = ${id}`);
		await tabUntil(page, isButton, 'preview');
		await pressAndWait(page);
		assert.equal(await page.locator('#preview-title').count(), 1);
		assert.match(await page.locator('.preview').innerHTML(), /<strong>geregeld<\/strong>/);
		assert.equal(one(`SELECT count(*) FROM progress_update WHERE action_point_id = ${id}`), count0);
		// Then save.
		await page.evaluate(() => document.activeElement?.blur());
		await tabUntil(page, isButton, null);
		await pressAndWait(page);
		assert.match(page.url(), new RegExp(`/actions/${id}#update-\\d+$`));
		assert.equal(one(`SELECT count(*) FROM progress_update WHERE action_point_id = ${id}`), count0 + 1);
		const text = await page.locator('main').innerText();
		assert.match(text, /Met het toetsenbord geschreven\./);
		assert.match(await page.locator('main').innerHTML(), /<strong>geregeld<\/strong>/);
		await shot(page, 'action-after-update');
	} finally {
		await ctx.close();
	}
});
