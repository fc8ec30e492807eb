// Browser tests of the progress report as the coordinator sees it signed
// in, in Chromium with axe-core: WCAG 2.2 AA rules, in Dutch and in English,
// on the open period's report and its draft standalone file, the quality
// page, the cover letter editor (empty, with an error, with a preview), and
// a form whose readability box quotes a long sentence. The public report is
// in report.test.mjs.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/report_signed_in.test.mjs
// Screenshots: tests/output/screenshots/report-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sqlValue } from '../lib/db.mjs';
import { DEMO } from '../lib/auth.mjs';
import { langUrl } from '../lib/site.mjs';
import { startDemoBrowser, expectCleanStop, signedInPage } from '../lib/browser.mjs';
import { LANGS, axeClean, open } from '../lib/report.mjs';

const LONG = 'Omdat de gemeente samen met ervaringsdeskundigen en partners in de stad alle stembureaus heeft bekeken kunnen inwoners met een beperking voor het eerst zonder hulp in hun eigen wijk stemmen';

let srv, base, br;
const ctx = {};
const page = {};

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	({ ctx: ctx.coordinator, page: page.coordinator } = await signedInPage(br, base, DEMO.coordinator, { timeout: 20_000 }));
});

after(async () => {
	for (const c of Object.values(ctx)) await c.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const withLang = (p, lang) => langUrl(base, p, lang);

/** Submit the form in main with the button named `name` (or the one without a name: save). */
async function submitWith(p, name) {
	const b = p.locator(name ? `main form button[name="${name}"]` : 'main form button[type="submit"]:not([name])').first();
	await Promise.all([p.waitForNavigation(), b.click()]);
}

for (const lang of LANGS) {
	test(`axe (WCAG 2.2 AA), ${lang}: signed in: the open period's report, the quality page, the letter editor, a readability box`, { timeout: 180_000 }, async (t) => {
		const c = page.coordinator;
		await t.test(`${lang} /periods/3/report (open, signed in)`, async () => {
			await open(c, withLang('/periods/3/report', lang));
			assert.equal(await c.getAttribute('html', 'lang'), lang);
			await axeClean(c, `${lang} /periods/3/report`, `${lang}-period-3`);
		});
		await t.test(`${lang} /reports/3/report-${lang}.html (draft)`, async () => {
			await open(c, `${base}/reports/3/report-${lang}.html`);
			await axeClean(c, `${lang} /reports/3/report-${lang}.html`, `${lang}-standalone-draft`);
		});
		await t.test(`${lang} /periods/3/quality`, async () => {
			await open(c, withLang('/periods/3/quality', lang));
			assert.ok(await c.locator('main table').count() >= 1, 'a table of texts');
			await axeClean(c, `${lang} /periods/3/quality`, `${lang}-quality`);
		});
		await t.test(`${lang} /letter (empty, with an error, with a preview)`, async () => {
			await open(c, withLang('/letter', lang));
			assert.equal(await c.getAttribute('html', 'lang'), lang);
			await axeClean(c, `${lang} /letter`, `${lang}-letter`);
			await c.fill('#f-body_md', 'Geachte raad,\n\n{{#x}} niet gesloten\n');
			await submitWith(c, 'preview');
			assert.equal(await c.locator('.error-summary').count(), 1, 'an error summary');
			assert.equal(await c.getAttribute('#f-body_md', 'aria-invalid'), 'true');
			await axeClean(c, `${lang} /letter with an error`, `${lang}-letter-error`);
			await c.fill('#f-body_md', `Geachte raad,\n\nVan de {{actions_total}} actiepunten zijn er {{actions_completed}} afgerond.\n\n## Geld\n\n{{money}}\n\n{{highlights}}\n`);
			await submitWith(c, 'preview');
			assert.equal(await c.locator('.error-summary').count(), 0);
			assert.equal(await c.locator('#preview-title').count(), 1, 'a preview');
			const total = sqlValue(srv.db, 'SELECT count(*) FROM action_point');
			assert.match(await c.textContent('section.preview'), new RegExp(`Van de ${total} actiepunten`));
			await axeClean(c, `${lang} /letter with a preview`, `${lang}-letter-preview`);
			assert.equal(sqlValue(srv.db, 'SELECT count(*) FROM letter_template'), 0, 'a preview saves nothing');
		});
		await t.test(`${lang} an update form after a preview, with a readability box quoting a long sentence`, async () => {
			const id = sqlValue(srv.db, "SELECT id FROM action_point WHERE code = 'GEM-02'");
			await open(c, withLang(`/actions/${id}/updates/new`, lang));
			await c.check('input[name="health"][value="groen"]');
			await c.fill('[name="progress_md"]', `De stembureaus zijn bekeken. ${LONG}. Dat is een mooie stap voor iedereen.`);
			await submitWith(c, 'preview');
			const box = c.locator('#f-progress_md-readability');
			assert.equal(await box.count(), 1, 'a readability box under the text');
			assert.ok((await box.textContent()).replace(/\s+/g, ' ').includes(LONG), 'the long sentence is quoted');
			const described = await c.getAttribute('#f-progress_md', 'aria-describedby');
			assert.ok(described.split(' ').includes('f-progress_md-readability'), `aria-describedby: ${described}`);
			await axeClean(c, `${lang} update form with a readability box`, `${lang}-readability`);
		});
	});
}

test('the server stops cleanly after the browser tests', async () => {
	await expectCleanStop(srv, br, Object.values(ctx));
	br = null;
});
