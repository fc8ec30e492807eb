// Browser tests of the pages of issue 11 built here, in Chromium with
// axe-core (WCAG 2.2 AA): the correction form (dossier holder), the
// correction form of an assessment (experience expert), the history of a
// corrected update (project member), the action page with its "corrected on"
// mark, and the import of action points: the form, the form with its error,
// a preview with errors, a preview with changes and the page after the
// import (coordinator). Each at 1280 and 320 CSS px (no sideways scrolling),
// in Dutch and in English; a full-page screenshot of each.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/bulk.test.mjs
// Screenshots: tests/output/screenshots/bulk-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { sqlValue } from '../lib/db.mjs';
import { DEMO, signIn } from '../lib/auth.mjs';
import { langUrl } from '../lib/site.mjs';
import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, signedInPage, assertNoSidewaysScroll, SCREENSHOT_DIR, saveShot } from '../lib/browser.mjs';

const LANGS = ['nl', 'en'];
const WIDTHS = [1280, 320];

let srv, base, br;
const ctx = {}, page = {};
const ids = {};

/** Upload content to /actions/import as a browser does; the preview's path. */
async function upload(who, content) {
	const fd = new FormData();
	fd.append('csrf', who.csrf);
	fd.append('file', new Blob([content], { type: 'text/csv' }), 'actiepunten.csv');
	const r = await who.fetch('/actions/import', { method: 'POST', body: fd });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	return r.location;
}

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	const holder = await signIn(base, DEMO.dossierHolder), expert = await signIn(base, DEMO.expert);
	const coord = await signIn(base, DEMO.coordinator);
	const action = sqlValue(srv.db, 'SELECT id FROM action_point WHERE dossier_holder_id = 6 ORDER BY id LIMIT 1');
	const period = sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1");
	let r = await holder.post(`/actions/${action}/updates`, { period_id: period, status: 'in_uitvoering', health: 'oranje',
		progress_md: 'Er zijn **twee** tolken gevonden.', health_cause: 'Te weinig tolken.', health_consequence: 'Vergaderingen schuiven.',
		health_measures: 'We zoeken verder.', holder_assessment: 'Het gaat langzaam.' });
	assert.equal(r.status, 303);
	const u1 = Number(/update-(\d+)/.exec(r.location)[1]);
	r = await holder.post(`/updates/${u1}/correct`, { status: 'in_uitvoering', health: 'oranje', progress_md: 'Er zijn **drie** tolken gevonden.',
		health_cause: 'Te weinig tolken.', health_consequence: 'Vergaderingen schuiven.', health_measures: 'We zoeken verder.', holder_assessment: 'Het gaat langzaam.' });
	assert.equal(r.status, 303);
	const u2 = Number(/update-(\d+)/.exec(r.location)[1]);
	assert.equal((await expert.post(`/updates/${u2}/assessment`, { expert_assessment: 'Ik mis de tolk bij commissies.' })).status, 303);
	Object.assign(ids, { action, u2 });
	const exp = await coord.get('/actions/export.csv');
	const lines = exp.body.replace(/^\ufeff/, '').split('\r\n');
	const bad = [lines[0], lines[1].replace('"Werk"', '"Ruimtevaart"'), lines[2].replace(/"2024-12-31"/, '"31-02-2024"')].join('\r\n') + '\r\n';
	ids.badImport = await upload(coord, bad);
	const good = [lines[0], lines[1].replace(/^"1";"([^"]+)";"/, '"1";"$1";"Herzien: '), `"";"NEW-01";"Een nieuw actiepunt";"";"Werk";"";"";"";"9";"";"";"";""`].join('\r\n') + '\r\n';
	ids.goodImport = await upload(coord, good);
	const done = await upload(coord, [lines[0], `"";"NEW-02";"Nog een nieuw actiepunt";"";"Werk";"";"";"";"";"";"";"";""`].join('\r\n') + '\r\n');
	assert.equal((await coord.post(done, {})).status, 303);
	ids.doneImport = done;
	for (const [role, email] of [['holder', DEMO.dossierHolder], ['expert', DEMO.expert], ['member', DEMO.member], ['coordinator', DEMO.coordinator]])
		({ ctx: ctx[role], page: page[role] } = await signedInPage(br, base, email, { timeout: 15_000 }));
});

after(async () => {
	for (const c of Object.values(ctx)) await c.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

/** axe and reflow on the page at each width, with screenshots. */
async function check(p, where, name) {
	for (const w of WIDTHS) {
		await p.setViewportSize({ width: w, height: 900 });
		const r = await runAxe(p);
		await saveShot(p, path.join(SCREENSHOT_DIR, `bulk-${name}-${w}.png`));
		assert.equal(r.violations.length, 0, `${where} at ${w}px:\n${formatViolations(r.violations)}`);
		await assertNoSidewaysScroll(p, w, path.join(SCREENSHOT_DIR, `bulk-${name}-${w}-overflow.png`));
	}
	await p.setViewportSize({ width: 1280, height: 900 });
}

async function visit(role, pathname, lang, name, { status = 200, text } = {}) {
	const p = page[role];
	const res = await p.goto(langUrl(base, pathname, lang));
	assert.equal(res.status(), status, `${pathname} as ${role}`);
	assert.equal(await p.getAttribute('html', 'lang'), lang);
	assert.equal(await p.locator('h1').count(), 1, `${pathname}: one h1`);
	if (text) assert.match(await p.locator('main').innerText(), text[lang], `${pathname} (${lang})`);
	await check(p, `${pathname} as ${role} (${lang})`, `${lang}-${name}`);
}

const TEXT = {
	form: { nl: /Voortgang verbeteren/, en: /Correct progress/ },
	assess: { nl: /Beoordeling verbeteren/, en: /Correct assessment/ },
	history: { nl: /Gecorrigeerd door Ruud van Dijk/, en: /Corrected by Ruud van Dijk/ },
	action: { nl: /Gecorrigeerd op/, en: /Corrected on/ },
	import: { nl: /Actiepunten inlezen/, en: /Import action points/ },
	bad: { nl: /geen thema met de naam "Ruimtevaart"/, en: /no theme called "Ruimtevaart"/ },
	good: { nl: /Herzien: /, en: /Herzien: / },
	done: { nl: /De veranderingen zijn uitgevoerd/, en: /The changes have been made/ },
};

for (const lang of LANGS) {
	test(`corrections: the form, the expert's form, the history and the marked action page (${lang})`, async () => {
		await visit('holder', `/updates/${ids.u2}/correct`, lang, 'correct', { text: TEXT.form });
		await visit('expert', `/updates/${ids.u2}/assessment/correct`, lang, 'correct-assessment', { text: TEXT.assess });
		await visit('member', `/updates/${ids.u2}/history`, lang, 'history', { text: TEXT.history });
		await visit('holder', `/actions/${ids.action}`, lang, 'action-corrected', { text: TEXT.action });
	});

	test(`corrections: the form with its errors (${lang})`, async () => {
		const p = page.holder;
		await p.goto(langUrl(base, `/updates/${ids.u2}/correct`, lang));
		await p.fill('#f-health_cause', '');
		await Promise.all([p.waitForNavigation(), p.click('main form.form button.button:not(.button-secondary)')]);
		assert.match(await p.title(), /^(Fout|Error)/);
		assert.ok(await p.$('.error-summary a[href="#f-health_cause"]'));
		await check(p, `correction form with errors (${lang})`, `${lang}-correct-errors`);
	});

	test(`import of action points: the form, its error, a preview with errors, one with changes, and after (${lang})`, async () => {
		await visit('coordinator', '/actions/import', lang, 'import', { text: TEXT.import });
		const p = page.coordinator;
		await Promise.all([p.waitForNavigation(), p.click('main form.form button[type=submit]')]);
		assert.match(await p.title(), /^(Fout|Error)/);
		await check(p, `import form with its error (${lang})`, `${lang}-import-error`);
		await visit('coordinator', ids.badImport, lang, 'import-bad', { text: TEXT.bad });
		await visit('coordinator', ids.goodImport, lang, 'import-good', { text: TEXT.good });
		await visit('coordinator', ids.doneImport, lang, 'import-done', { text: TEXT.done });
	});
}

test('a non-coordinator gets no import page; a non-author no correction form', async () => {
	assert.equal((await page.member.goto(`${base}/actions/import`)).status(), 403);
	assert.equal((await page.member.goto(`${base}/updates/${ids.u2}/correct`)).status(), 403);
	await check(page.member, 'refusal page', 'refused');
});

test('lia stops cleanly', async () => {
	await expectCleanStop(srv, br, Object.values(ctx));
});
