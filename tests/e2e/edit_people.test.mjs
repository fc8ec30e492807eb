// Browser tests of the forms for interviews, people, organisations and
// events: axe-core (WCAG 2.2 AA) on each form empty and with errors, and a
// project group member who records an interview by a duo with the keyboard
// only (Tab, Shift+Tab, Space, Enter, typing; no mouse), with JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/edit_people.test.mjs
// Screenshots: tests/output/screenshots/nl-*-form*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { sql, sqlValue } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { startDemoBrowser, runAxe, formatViolations, signedInPage, tabTo, SCREENSHOT_DIR, signInByKeyboard, saveShot } from '../lib/browser.mjs';

let srv, base, br, ctx, page;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	// axe runs its own script in the page, so this context keeps JavaScript on
	// (lia's pages have none); the keyboard test below turns it off.
	// Signed in as a project group member (the keyboard test signs in on its own).
	({ ctx, page } = await signedInPage(br, base, DEMO.member, { timeout: 15_000 }));
});

after(async () => {
	if (ctx) await ctx.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

async function axeClean(where, shot) {
	const r = await runAxe(page);
	await saveShot(page, path.join(SCREENSHOT_DIR, shot));
	assert.equal(r.violations.length, 0, `${where}:\n${formatViolations(r.violations)}`);
}

async function submit() {
	await Promise.all([page.waitForNavigation(), page.click('main form.form button[type=submit]')]);
}

test('interview form: no axe violations empty and after refusing a missing expert', async () => {
	await page.goto(`${base}/interviews/new`);
	await axeClean('interview form (empty)', 'nl-interviews-new.png');
	await page.selectOption('#f-theme_id', '2');
	await page.fill('#f-held_on', '2024-04-02');
	await page.check('input[name=municipal_ids] >> nth=0');
	await page.check('input[name=holder_ids] >> nth=1');
	await page.fill('#f-public_summary', 'Samenvatting zonder ervaringsdeskundige.');
	await submit();
	assert.match(await page.title(), /^Fout/);
	const summary = await page.textContent('.error-summary');
	assert.ok(/ervaringsdeskundige|expert by experience/i.test(summary), summary);
	assert.equal(await page.inputValue('#f-public_summary'), 'Samenvatting zonder ervaringsdeskundige.');
	await axeClean('interview form (errors)', 'nl-interviews-new-errors.png');
});

test('people, person, organisation and event forms: no axe violations, empty and with errors', async () => {
	await page.goto(`${base}/people`);
	await axeClean('people', 'nl-people.png');
	const cases = [
		['/people/new', 'nl-people-new', async () => { await page.fill('#f-communication_needs', 'Gebarentolk nodig.'); }],
		['/people/1/edit', 'nl-people-1-edit', null],
		['/organisations/new', 'nl-organisations-new', async () => { await page.check('#f-kind-0'); await page.fill('#f-cbs_code', 'G268'); }],
		['/events/new', 'nl-events-new', async () => { await page.fill('#f-starts_on', '2024-05-14'); await page.fill('#f-ends_on', '2024-05-01'); }],
		['/events/1/edit', 'nl-events-1-edit', null],
	];
	for (const [p, name, fill] of cases) {
		await page.goto(base + p);
		await axeClean(`${p} (empty)`, `${name}.png`);
		if (!fill) continue;
		await fill();
		await submit();
		assert.match(await page.title(), /^Fout/, p);
		assert.ok(await page.$('.error-summary a[href^="#f-"]'), `${p}: summary links to fields`);
		await axeClean(`${p} (errors)`, `${name}-errors.png`);
	}
	await page.goto(`${base}/interviews?lang=en`);
	await axeClean('interviews (en, member)', 'en-interviews-member.png');
	await page.goto(`${base}/interviews/1?lang=nl`);
	await axeClean('interview page (member)', 'nl-interviews-1-member.png');
});

test('by keyboard only, a project member records an interview by a duo, shown on /interviews', async () => {
	const kctx = await br.newContext({ javaScriptEnabled: false });
	const k = await kctx.newPage();
	k.setDefaultTimeout(15_000);
	try {
		await signInByKeyboard(k, base, DEMO.member, { next: '/interviews/new' });
		assert.match(new URL(k.url()).pathname, /^\/interviews\/new$/);

		const municipal = sql(srv.db, "SELECT id, name FROM person WHERE is_municipal = 1 ORDER BY name LIMIT 1")[0];
		const expert = sql(srv.db, "SELECT id, name FROM person WHERE is_experience_expert = 1 ORDER BY name LIMIT 1")[0];
		const holder = sql(srv.db, "SELECT id FROM person WHERE id IN (SELECT dossier_holder_id FROM action_point WHERE theme_id = 3) ORDER BY id LIMIT 1")[0];
		const action = sql(srv.db, 'SELECT id FROM action_point WHERE theme_id = 3 ORDER BY code LIMIT 1')[0];

		await tabTo(k, '#f-theme_id');
		await k.keyboard.press('ArrowDown'); // Werk
		await k.keyboard.press('ArrowDown'); // Onderwijs
		await k.keyboard.press('ArrowDown'); // Zorg en ondersteuning (theme 3)
		await k.keyboard.press('Tab');
		// The date field's order of day and month follows the browser's locale.
		await k.keyboard.type('03142024');
		if (await k.inputValue('#f-held_on') !== '2024-03-14') {
			await k.keyboard.press('Shift+Tab');
			await k.keyboard.press('Shift+Tab');
			await tabTo(k, '#f-held_on');
			await k.keyboard.type('14032024');
		}
		assert.equal(await k.inputValue('#f-held_on'), '2024-03-14');
		await tabTo(k, `input[name=municipal_ids][value="${municipal.id}"]`);
		await k.keyboard.press('Space');
		await tabTo(k, `input[name=expert_ids][value="${expert.id}"]`);
		await k.keyboard.press('Space');
		await tabTo(k, `input[name=holder_ids][value="${holder.id}"]`);
		await k.keyboard.press('Space');
		await tabTo(k, `input[name=action_ids][value="${action.id}"]`);
		await k.keyboard.press('Space');
		await tabTo(k, '#f-public_summary');
		await k.keyboard.type('Gesprek met het toetsenbord vastgelegd: de wachttijd voor hulp is korter.');
		await k.keyboard.press('Tab');
		await k.keyboard.type('VERTROUWELIJK: alleen voor de projectgroep.');
		// Back up one field and forward again (Shift+Tab works too).
		await tabTo(k, '#f-public_summary', { back: true });
		await tabTo(k, 'main form.form button[type=submit]');
		await saveShot(k, path.join(SCREENSHOT_DIR, 'nl-interviews-new-keyboard.png'));
		await Promise.all([k.waitForNavigation(), k.keyboard.press('Enter')]);

		const url = new URL(k.url());
		assert.match(url.pathname, /^\/interviews\/\d+$/, `after saving: ${k.url()}\n${(await k.textContent('main')).slice(0, 600)}`);
		const id = Number(url.pathname.split('/')[2]);
		const row = sql(srv.db, `SELECT * FROM interview WHERE id = ${id}`)[0];
		assert.equal(row.theme_id, 3);
		assert.equal(row.held_on, '2024-03-14');
		const roles = sql(srv.db, `SELECT role, person_id FROM interview_participant WHERE interview_id = ${id} ORDER BY role`);
		assert.deepEqual(roles.map((r) => [r.role, r.person_id]),
			[['dossier_holder', holder.id], ['interviewer_expert', expert.id], ['interviewer_municipal', municipal.id]]);
		assert.equal(sqlValue(srv.db, `SELECT count(*) FROM interview_action WHERE interview_id = ${id}`), 1);
		// The member wrote the notes but is not in the duo: only the duo and the
		// coordinator read them (issue 14); they are stored all the same.
		assert.doesNotMatch(await k.textContent('main'), /VERTROUWELIJK/, 'the member, not in the duo, does not see the restricted notes');
		assert.match(row.restricted_notes, /VERTROUWELIJK/, 'the notes are stored');

		await k.goto(`${base}/interviews`);
		const card = await k.textContent(`#interview-${id}`);
		assert.ok(card.includes('Gesprek met het toetsenbord vastgelegd'), card);
		assert.ok(card.includes(municipal.name) && card.includes(expert.name), 'the duo is shown');
		assert.ok(!card.includes('VERTROUWELIJK'));
		await saveShot(k, path.join(SCREENSHOT_DIR, 'nl-interviews-after-keyboard.png'));
	} finally {
		await kctx.close();
	}
});

test('every link of the error summary moves the focus to its field, also for a group of choices (WCAG 2.4.3)', async () => {
	for (const p of ['/organisations/new', '/interviews/new']) {
		await page.goto(`${base}${p}?lang=nl`);
		await submit();
		const links = await page.$$eval('.error-summary a[href^="#f-"]', (as) => as.map((a) => a.getAttribute('href')));
		assert.ok(links.length > 0, `${p}: the summary has links`);
		for (const href of links) {
			await page.click(`.error-summary a[href="${href}"]`);
			const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
			assert.equal(`#${focused}`, href, `${p}: following ${href} focuses that field, not the page`);
		}
	}
});
