// Browser tests of the reporting cycle (issue 11): My work on the home page
// and at /my-work for every role that has one, the due-date form, and the
// checklist before publishing (with its refusal), with axe-core (WCAG 2.2
// AA) at 1280 and 320 CSS px in Dutch and English and no sideways scrolling
// at 320 px. Then one period walked through in the browser: the dossier
// holder follows the link in My work and writes the update, the experience
// expert finds it in their list and assesses it, the coordinator sees the
// checklist shrink and publishes with the confirmation.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/cycle.test.mjs
// Screenshots: tests/output/screenshots/{nl,en}-cycle-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo } from '../lib/server.mjs';
import { launch, runAxe, formatViolations, SCREENSHOT_DIR, assertNoSidewaysScroll, signedInPage, saveShot } from '../lib/browser.mjs';
import { DEMO } from '../lib/auth.mjs';
import { sqlValue } from '../lib/db.mjs';

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

// Who sees which new page; every role that has My work.
const PAGES = {
	dossierHolder: ['/', '/my-work'],
	expert: ['/my-work'],
	member: ['/my-work'],
	reader: ['/my-work'],
	coordinator: ['/', '/my-work', '/periods/3', '/periods/3/edit', '/periods/3/publish'],
};

async function check(page, lang, width, name, problems) {
	assert.equal(await page.getAttribute('html', 'lang'), lang);
	const shot = path.join(SCREENSHOT_DIR, `${lang}-cycle-${name}-${width}.png`);
	await saveShot(page, shot);
	const r = await runAxe(page);
	if (r.violations.length) problems.push(`${name}:\n${formatViolations(r.violations)}`);
	if (width === 320) await assertNoSidewaysScroll(page, 320, shot);
}

for (const lang of ['nl', 'en']) {
	for (const width of [1280, 320]) {
		test(`My work, due dates and the checklist: no axe violations at ${width} px in ${lang === 'nl' ? 'Dutch' : 'English'}, no sideways scrolling`, async () => {
			const problems = [];
			for (const [role, paths] of Object.entries(PAGES)) {
				const { ctx, page } = await signedInPage(br, base, DEMO[role]);
				await page.setViewportSize({ width, height: 900 });
				await page.goto(`${base}/my-work?lang=${lang}`);
				for (const p of paths) {
					await page.goto(base + p);
					await check(page, lang, width, `${role}${p.replace(/\//g, '-')}`, problems);
				}
				if (role === 'coordinator') {
					// The states with errors: a wrong due date, and publishing without the confirmation.
					await page.goto(`${base}/periods/3/edit`);
					await page.fill('#f-updates_due_on', '2023-01-01');
					await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
					await check(page, lang, width, 'due-dates-error', problems);
					await page.goto(`${base}/periods/3/publish`);
					await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
					assert.equal(await page.locator('#error-summary').count(), 1, 'refused without the confirmation');
					await check(page, lang, width, 'publish-refused', problems);
				}
				await ctx.close();
			}
			assert.equal(sqlValue(srv.db, 'SELECT state FROM reporting_period WHERE id = 3'), 'open');
			assert.equal(problems.length, 0, problems.join('\n'));
		});
	}
}

test('one period walked through: write from My work, assess from My work, publish from the checklist', async () => {
	const rows = (page, cap) => page.locator(`${cap} >> xpath=..`).locator('tbody tr').count();
	// The coordinator's checklist at the start.
	const coord = await signedInPage(br, base, DEMO.coordinator);
	await coord.page.goto(`${base}/periods/3/publish?lang=nl`);
	const missingBefore = await rows(coord.page, '#chk-updates-cap');
	assert.ok(missingBefore > 0);

	// The dossier holder follows the first "write progress" link of their list on the home page.
	const holder = await signedInPage(br, base, DEMO.dossierHolder);
	await holder.page.goto(`${base}/?lang=nl`);
	const write = holder.page.locator('#my-work-h ~ div a[href$="/updates/new"]').first();
	const href = await write.getAttribute('href');
	const action = Number(href.split('/')[2]);
	await Promise.all([holder.page.waitForNavigation(), write.click()]);
	await holder.page.check('input[name=status][value=in_uitvoering]');
	await holder.page.check('input[name=health][value=groen]');
	await holder.page.fill('#f-progress_md', 'De eerste stap is gezet.');
	await Promise.all([holder.page.waitForNavigation(), holder.page.click('main form button.button:not(.button-secondary)')]);
	const update = sqlValue(srv.db, `SELECT max(id) FROM progress_update WHERE action_point_id = ${action} AND period_id = 3`);
	assert.ok(update > 0, 'the update is stored');
	await holder.page.goto(`${base}/my-work`);
	assert.equal(await holder.page.locator(`a[href="/actions/${action}/updates/new"]`).count(), 0, 'off the list');
	await holder.ctx.close();

	// The checklist shrinks by one update and now waits for its assessment.
	await coord.page.goto(`${base}/periods/3/publish`);
	assert.equal(await rows(coord.page, '#chk-updates-cap'), missingBefore - 1);
	assert.equal(await coord.page.locator(`a[href="/actions/${action}#update-${update}"]`).count(), 1, 'listed as waiting for an assessment');

	// The expert finds it in their list and assesses it.
	const expert = await signedInPage(br, base, DEMO.expert);
	await expert.page.goto(`${base}/my-work?lang=nl`);
	const link = expert.page.locator(`a[href="/updates/${update}/assessment"]`);
	assert.equal(await link.count(), 1, 'the new update waits for the expert');
	await Promise.all([expert.page.waitForNavigation(), link.click()]);
	await expert.page.fill('#f-expert_assessment', 'Dit helpt de mensen om wie het gaat.');
	await Promise.all([expert.page.waitForNavigation(), expert.page.click('main form button[type=submit]')]);
	await expert.page.goto(`${base}/my-work`);
	assert.equal(await expert.page.locator(`a[href="/updates/${update}/assessment"]`).count(), 0, 'assessed: off the list');
	await expert.ctx.close();

	// The assessment is off the checklist; publish with the confirmation.
	await coord.page.goto(`${base}/periods/3/publish`);
	assert.equal(await coord.page.locator(`a[href="/actions/${action}#update-${update}"]`).count(), 0);
	await coord.page.check('#f-confirm');
	await Promise.all([coord.page.waitForNavigation(), coord.page.click('main form button[type=submit]')]);
	assert.match(coord.page.url(), /\/periods\/3$/);
	assert.equal(sqlValue(srv.db, 'SELECT state FROM reporting_period WHERE id = 3'), 'published');
	await coord.ctx.close();
});
