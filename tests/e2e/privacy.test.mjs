// Browser tests of the privacy pages (the coordinator only sees them): a
// person's privacy page, the retention periods and the grants on an
// interview's page, with axe-core at 1280 and 320 CSS px, in Dutch and
// English, empty and with errors; and erasing a person by keyboard only,
// with JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/e2e/privacy.test.mjs
// Screenshots: tests/output/screenshots/privacy-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { startDemoBrowser, runAxe, formatViolations, SCREENSHOT_DIR, signedInPage, tabTo, assertNoSidewaysScroll, signInByKeyboard, saveShot } from '../lib/browser.mjs';

let srv, base, br;
before(async () => {
	({ srv, base, br } = await startDemoBrowser());
});
after(async () => {
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const shot = (page, name) => saveShot(page, path.join(SCREENSHOT_DIR, `privacy-${name}.png`));

async function assertNoViolations(page, where) {
	const r = await runAxe(page);
	assert.equal(r.violations.length, 0, formatViolations(r.violations, `${where}: `));
}

test('axe at 1280 and 320 px, nl and en: the privacy pages, empty and with errors', async () => {
	const { ctx, page } = await signedInPage(br, base, DEMO.coordinator);
	const iv = sqlValue(srv.db, "SELECT min(id) FROM interview WHERE restricted_notes <> ''");
	const pages = ['/people/16/privacy', '/retention', `/interviews/${iv}`, '/people'];
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		for (const lang of ['nl', 'en']) {
			await page.goto(`${base}/retention?lang=${lang}`);
			for (const p of pages) {
				await page.goto(base + p);
				await assertNoViolations(page, `${width} ${lang} ${p}`);
				if (width === 320) await assertNoSidewaysScroll(page, 320, path.join(SCREENSHOT_DIR, `privacy-reflow-${lang}-${p.replace(/\W+/g, '-')}.png`));
				if (lang === 'nl') await shot(page, `${width}-${p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`);
			}
			// Errors: erase without the tick; a retention period of 0 days.
			await page.goto(base + '/people/16/privacy');
			await page.locator('form[action="/people/16/erase"] button[type="submit"]').click();
			await page.waitForLoadState('load');
			assert.equal(await page.locator('.error-summary').count(), 1, `${lang}: error summary`);
			await assertNoViolations(page, `${width} ${lang} erase without confirming`);
			await page.goto(base + '/retention');
			await page.fill('#f-access_log', '0');
			await page.locator('form[action="/retention"] button[type="submit"]').click();
			await page.waitForLoadState('load');
			assert.equal(await page.locator('.error-summary').count(), 1, `${lang}: error summary`);
			await assertNoViolations(page, `${width} ${lang} retention with an error`);
			if (lang === 'nl') await shot(page, `${width}-retention-errors`);
		}
	}
	assert.equal(sqlValue(srv.db, 'SELECT erased_at FROM person WHERE id = 16'), null, 'nothing was erased');
	await ctx.close();
});

test('keyboard only, JavaScript off: the coordinator erases a person after ticking the confirmation', async () => {
	const id = sqlValue(srv.db, "SELECT min(id) FROM person WHERE id NOT IN (SELECT person_id FROM user_account WHERE person_id IS NOT NULL) AND erased_at IS NULL");
	const name = sqlValue(srv.db, `SELECT name FROM person WHERE id = ${id}`);
	const ctx = await br.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await signInByKeyboard(page, base, DEMO.coordinator);
	await page.goto(`${base}/people`);
	await tabTo(page, `a[href="/people/${id}/privacy"]`);
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.match(page.url(), new RegExp(`/people/${id}/privacy$`));
	await tabTo(page, '#f-confirm');
	await page.keyboard.press('Space');
	assert.equal(await page.isChecked('#f-confirm'), true);
	await tabTo(page, `form[action="/people/${id}/erase"] button[type="submit"]`);
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.match(page.url(), new RegExp(`/people/${id}/privacy`));
	assert.equal(sqlValue(srv.db, `SELECT name FROM person WHERE id = ${id}`), `Persoon ${id}`);
	const text = await page.locator('main').innerText();
	assert.ok(!text.includes(name), 'the old name is gone from the page');
	await shot(page, 'erased');
	await ctx.close();
});
