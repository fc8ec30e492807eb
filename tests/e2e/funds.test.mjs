// Browser tests of the money pages (issue "extra funds") in Chromium with
// axe-core: WCAG 2.2 AA rules on /funds (all years and one year), an
// allocation, the list of expenses, each form empty and with errors (source,
// allocation, expense, explanation of a warning), the import form empty and
// with its error, and an import preview with and without errors, in Dutch and
// in English (switched with the site's own language link, remembered in its
// cookie); screenshots of /funds at 1280 and 375 px and of the import
// previews; no sideways scrolling at 320 CSS px; and a project group member
// who records an expense with the keyboard only, JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/funds.test.mjs
// Screenshots: tests/output/screenshots/funds-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { sql } from '../lib/db.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, signedInPage, tabTo, assertNoSidewaysScroll, SCREENSHOT_DIR, signInByKeyboard, saveShot, SCREENSHOTS } from '../lib/browser.mjs';

const LANGS = ['nl', 'en'];

let srv, base, br;
const ctx = {};  // role -> browser context (JavaScript on: axe runs in the page)
const page = {}; // role -> page

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	for (const [role, email] of [['member', DEMO.member], ['coordinator', DEMO.coordinator]])
		({ ctx: ctx[role], page: page[role] } = await signedInPage(br, base, email, { timeout: 15_000 }));
});

after(async () => {
	for (const c of Object.values(ctx)) await c.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const shot = (name) => path.join(SCREENSHOT_DIR, `funds-${name}.png`);

/** Switch the site's language with its own link (a cookie remembers it). */
async function useLanguage(p, lang) {
	await p.goto(`${base}/funds`);
	if (await p.getAttribute('html', 'lang') !== lang) {
		const link = p.locator(`a[hreflang="${lang}"]`).first();
		await Promise.all([p.waitForURL(/lang=/), link.click()]);
	}
	await p.goto(`${base}/funds`);
	assert.equal(await p.getAttribute('html', 'lang'), lang, `the site is in ${lang} (remembered)`);
}

/** axe on the page as it is now, with a full-page screenshot. */
async function axeClean(p, where, name) {
	const r = await runAxe(p);
	await saveShot(p, shot(name));
	assert.equal(r.violations.length, 0, `${where}:\n${formatViolations(r.violations)}`);
}

async function submit(p) {
	await Promise.all([p.waitForNavigation(), p.click('main form.form button[type=submit]')]);
}

async function expectErrors(p, where) {
	assert.match(await p.title(), /^(Fout|Error)/, `${where}: the title says there is an error`);
	assert.ok(await p.$('.error-summary a[href^="#f-"]'), `${where}: the error summary links to a field`);
}

const badImport = (ref) => Buffer.from([
	'Boekdatum;Kostenplaats;Bedrag;Omschrijving;Factuurnummer',
	`01-02-2026;IA26-01;€ 10,00;Goede regel;${ref}-1`,
	`02-02-2026;IA26-01;12,3,4;Regel met een fout bedrag;${ref}-2`,
	`03-02-2026;XX-99;€ 30,00;Regel met een onbekende toewijzing;${ref}-3`,
].join('\r\n') + '\r\n');
const goodImport = (ref) => Buffer.from([
	'Boekdatum;Kostenplaats;Bedrag;Omschrijving;Factuurnummer',
	`31-03-2026;IA26-01;€ 1.234,56;Ervaringsdeskundigen Buurtteams, extra;${ref}-1`,
	`15-04-2026;IA26-02;€ 99,95;Reiskosten projectgroep;${ref}-2`,
	`20-04-2026;IA25-03;-€ 50,00;Creditnota oud jaar;${ref}-3`, // a warning: dated outside the year of its money
	'31-03-2025;IA25-01;€ 22.100,00;Ervaringsdeskundigen Buurtteams, eerste kwartaal 2025;FAC-2025-0091', // already recorded
].join('\r\n') + '\r\n');

async function uploadIn(p, name, buffer) {
	await p.goto(`${base}/funds/import`);
	await p.setInputFiles('#f-file', { name, mimeType: 'text/csv', buffer });
	await submit(p);
	assert.match(new URL(p.url()).pathname, /^\/funds\/import\/\d+$/, `after uploading ${name}: ${p.url()}`);
}

// ---------------------------------------------------------------- axe, both languages

for (const lang of LANGS) {
	test(`axe (WCAG 2.2 AA), ${lang}: money pages, forms empty and with errors, import and its previews`, async (t) => {
		const m = page.member;
		await useLanguage(m, lang);
		const pages = [
			['/funds', 'funds'],
			['/funds?year=2025', 'funds-2025'],
			['/funds/allocations/16', 'allocation-16'],
			['/funds/allocations/3', 'allocation-3'],
			['/funds/expenses', 'expenses'],
			['/funds/expenses?outside_year=1', 'expenses-outside-year'],
		];
		for (const [p, name] of pages) {
			await t.test(`${lang} ${p}`, async () => {
				const res = await m.goto(base + p);
				assert.equal(res.status(), 200, p);
				assert.equal(await m.getAttribute('html', 'lang'), lang);
				await axeClean(m, `${lang} ${p}`, `${lang}-${name}`);
			});
		}
		await t.test(`${lang} allocation form`, async () => {
			await m.goto(`${base}/funds/allocations/new`);
			await axeClean(m, `${lang} allocation form (empty)`, `${lang}-allocation-new`);
			await m.selectOption('#f-source_id', '4');
			await m.fill('#f-amount', '12,3,4');
			await m.fill('#f-allocated_on', '2026-02-03');
			await submit(m);
			await expectErrors(m, 'allocation form');
			assert.equal(await m.inputValue('#f-amount'), '12,3,4', 'the input is kept');
			await axeClean(m, `${lang} allocation form (errors)`, `${lang}-allocation-new-errors`);
		});
		await t.test(`${lang} allocation edit form`, async () => {
			await m.goto(`${base}/funds/allocations/16/edit`);
			await axeClean(m, `${lang} allocation edit form`, `${lang}-allocation-16-edit`);
		});
		await t.test(`${lang} expense form`, async () => {
			await m.goto(`${base}/funds/expenses/new?allocation=26`);
			await axeClean(m, `${lang} expense form (empty)`, `${lang}-expense-new`);
			await m.fill('#f-amount', '0');
			await m.fill('#f-description', 'Niets betaald');
			await submit(m);
			await expectErrors(m, 'expense form');
			await axeClean(m, `${lang} expense form (errors)`, `${lang}-expense-new-errors`);
		});
		await t.test(`${lang} explain a warning`, async () => {
			await m.goto(`${base}/funds/warnings/outside_year/29`);
			await axeClean(m, `${lang} explain form (empty)`, `${lang}-explain`);
			await submit(m);
			await expectErrors(m, 'explain form');
			await axeClean(m, `${lang} explain form (errors)`, `${lang}-explain-errors`);
		});
		await t.test(`${lang} import form`, async () => {
			await m.goto(`${base}/funds/import`);
			await axeClean(m, `${lang} import form (empty)`, `${lang}-import`);
			await submit(m);
			await expectErrors(m, 'import form without a file');
			assert.equal(await m.getAttribute('#f-file', 'aria-invalid'), 'true');
			await axeClean(m, `${lang} import form (error)`, `${lang}-import-errors`);
		});
		await t.test(`${lang} import preview with errors`, async () => {
			await uploadIn(m, `fout-${lang}.csv`, badImport(`E2E-BAD-${lang}`));
			assert.ok(await m.$('#errors-h'), 'the lines with errors are listed');
			assert.ok(!(await m.$(`main form[action^="/funds/import/"]`)), 'no import button');
			await axeClean(m, `${lang} import preview (errors)`, `${lang}-import-preview-errors`);
		});
		await t.test(`${lang} import preview without errors`, async () => {
			await uploadIn(m, `goed-${lang}.csv`, goodImport(`E2E-OK-${lang}`));
			assert.ok(!(await m.$('#errors-h')), 'no errors');
			assert.ok(await m.$('#add-h') && await m.$('#dup-h') && await m.$('#warn-h'), 'lines to add, duplicates and warnings are listed');
			assert.ok(await m.$(`main form[action^="/funds/import/"] button[type=submit]`), 'an import button');
			await axeClean(m, `${lang} import preview`, `${lang}-import-preview`);
		});
		await t.test(`${lang} funding source form (coordinator)`, async () => {
			const c = page.coordinator;
			await useLanguage(c, lang);
			await c.goto(`${base}/funds`);
			await axeClean(c, `${lang} /funds (coordinator)`, `${lang}-funds-coordinator`);
			await c.goto(`${base}/funds/sources/new`);
			await axeClean(c, `${lang} source form (empty)`, `${lang}-source-new`);
			await c.fill('#f-amount', '€ 20.000,-x');
			await submit(c);
			await expectErrors(c, 'source form');
			await axeClean(c, `${lang} source form (errors)`, `${lang}-source-new-errors`);
			await c.goto(`${base}/funds/sources/3/edit`);
			await axeClean(c, `${lang} source edit form`, `${lang}-source-3-edit`);
		});
	});
}

// ---------------------------------------------------------------- screenshots

test('screenshots: /funds at 1280 and 375 px wide, an import preview', async () => {
	for (const [width, name] of [[1280, '1280'], [375, '375']]) {
		const c = await br.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
		const p = await c.newPage();
		try {
			const res = await p.goto(`${base}/funds?lang=nl`);
			assert.equal(res.status(), 200);
			await saveShot(p, shot(name));
			if (width === 375) {
				await p.goto(`${base}/funds?lang=en`);
				await saveShot(p, shot('375-en'));
			}
		} finally {
			await c.close();
		}
	}
	const m = page.member;
	await useLanguage(m, 'nl');
	await uploadIn(m, 'voorbeeld.csv', goodImport('SHOT'));
	await saveShot(m, shot('import-preview'));
	await uploadIn(m, 'voorbeeld-fout.csv', badImport('SHOT-BAD'));
	await saveShot(m, shot('import-preview-with-errors'));
	if (SCREENSHOTS) for (const f of ['1280', '375', 'import-preview']) assert.ok(fs.statSync(shot(f)).size > 10_000, `funds-${f}.png is written`);
});

// ---------------------------------------------------------------- reflow

test('reflow at 320 CSS px (WCAG 1.4.10): the money pages never scroll sideways', async (t) => {
	const c = await br.newContext({ viewport: { width: 320, height: 800 }, javaScriptEnabled: false });
	const p = await c.newPage();
	try {
		for (const lang of LANGS) {
			for (const u of ['/funds', '/funds?year=2025', '/funds/allocations/16', '/funds/expenses']) {
				await t.test(`${lang} ${u}`, async () => {
					await p.goto(`${base}${u}${u.includes('?') ? '&' : '?'}lang=${lang}`);
					await assertNoSidewaysScroll(p, 320, shot(`${lang}-reflow-320-${u.replace(/[^a-z0-9]+/gi, '-')}`));
				});
			}
		}
	} finally {
		await c.close();
	}
});

// ---------------------------------------------------------------- keyboard only

test('by keyboard only (JavaScript off), a project group member records an expense from /funds and finds it in /funds/expenses', async () => {
	const kctx = await br.newContext({ javaScriptEnabled: false });
	const k = await kctx.newPage();
	k.setDefaultTimeout(15_000);
	const allocation = sql(srv.db, "SELECT id, code FROM allocation WHERE code = 'IA26-03'")[0];
	const description = 'Gebarentolk voorbereiding Week van de Toegankelijkheid 2026';
	try {
		// Sign in.
		await signInByKeyboard(k, base, DEMO.member);
		assert.ok(!new URL(k.url()).pathname.startsWith('/sign-in'), 'signed in');

		// Open the money page from the menu.
		await tabTo(k, 'nav a[href="/funds"]');
		await Promise.all([k.waitForURL((u) => u.pathname === '/funds'), k.keyboard.press('Enter')]);
		// Follow "Record an expense".
		await tabTo(k, 'main a[href="/funds/expenses/new"]');
		const label = (await k.evaluate(() => document.activeElement.textContent)).trim();
		assert.match(label, /uitgave|expense/i, `the link says what it does: "${label}"`);
		await Promise.all([k.waitForURL((u) => u.pathname === '/funds/expenses/new'), k.keyboard.press('Enter')]);

		// The form, field by field.
		await tabTo(k, '#f-allocation_id');
		for (let i = 0; i < 60 && await k.inputValue('#f-allocation_id') !== String(allocation.id); i++) await k.keyboard.press('ArrowDown');
		assert.equal(await k.inputValue('#f-allocation_id'), String(allocation.id), `allocation ${allocation.code} chosen with the arrow keys`);
		await tabTo(k, '#f-spent_on');
		// The date field's order of day and month follows the browser's locale.
		await k.keyboard.type('10152026');
		if (await k.inputValue('#f-spent_on') !== '2026-10-15') {
			await k.keyboard.press('Shift+Tab');
			await tabTo(k, '#f-spent_on');
			await k.keyboard.type('15102026');
		}
		assert.equal(await k.inputValue('#f-spent_on'), '2026-10-15');
		await tabTo(k, '#f-amount');
		await k.keyboard.type('€ 1.234,50');
		await tabTo(k, '#f-description');
		await k.keyboard.type(description);
		await tabTo(k, '#f-reference');
		await k.keyboard.type('FAC-2026-KB01');
		// Back one field and forward again (Shift+Tab works too), then submit with Enter on the button.
		await tabTo(k, '#f-description', { back: true });
		await tabTo(k, 'main form.form button[type=submit]');
		await saveShot(k, shot('keyboard-expense-form'));
		await Promise.all([k.waitForNavigation(), k.keyboard.press('Enter')]);

		// Saved: the flash says so.
		const after = new URL(k.url());
		assert.ok(!after.pathname.startsWith('/funds/expenses/new') && (await k.title()).match(/^(?!Fout|Error)/),
			`after saving: ${k.url()}\n${(await k.textContent('main')).slice(0, 600)}`);
		const flash = k.locator('.flash[role="status"]');
		assert.equal(await flash.count(), 1, 'a flash message');
		assert.ok((await flash.textContent()).trim().length > 5, 'the flash says something');
		await saveShot(k, shot('keyboard-after-save'));
		const row = sql(srv.db, "SELECT * FROM expense WHERE reference = 'FAC-2026-KB01'")[0];
		assert.ok(row, 'the expense is stored');
		assert.deepEqual([row.allocation_id, row.spent_on, row.amount_cents, row.description], [allocation.id, '2026-10-15', 123450, description]);

		// The new expense is in the list of expenses.
		await k.goto(`${base}/funds/expenses`);
		const tr = k.locator(`#expense-${row.id}`);
		assert.equal(await tr.count(), 1, 'the new expense has its row on the first page');
		const text = (await tr.textContent()).replace(/\s+/g, ' ');
		assert.ok(text.includes(description) && text.includes('FAC-2026-KB01') && text.includes('1.234,50'), text);
		await saveShot(k, shot('keyboard-expenses'));
	} finally {
		await kctx.close();
	}
});

test('the server stops cleanly after the browser tests', async () => {
	await expectCleanStop(srv, br, Object.values(ctx));
	br = null;
});
