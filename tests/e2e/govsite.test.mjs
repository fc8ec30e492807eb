// Browser tests of the pages a Dutch government site must show (issue 14):
// the accessibility statement and the privacy and cookie page, with and
// without the municipality's facts, through axe-core (WCAG 2.2 AA) at 1280
// and 320 CSS px in Dutch and English (lia has no script, so the page is the
// same with JavaScript on; axe itself needs it), no sideways scrolling at
// 320 px, and both reached from the footer by keyboard alone, JavaScript off.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/govsite.test.mjs
// Screenshots: tests/output/screenshots/govsite-{nl,en}-{1280,320}-PAGE.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { startDemo } from '../lib/server.mjs';
import { langUrl } from '../lib/site.mjs';
import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, assertNoSidewaysScroll, tabTo, SCREENSHOT_DIR } from '../lib/browser.mjs';

const PAGES = ['/accessibility', '/privacy'];
const WIDTHS = [1280, 320];
const LANGS = ['nl', 'en'];
const FACTS = ['--contact-email', 'toegankelijkheid@gemeente.example', '--privacy-email', 'fg@gemeente.example',
	'--statement-status', 'B', '--statement-date', '2026-03-31', '--statement-url', 'https://www.toegankelijkheidsverklaring.nl/register/99999'];

let srv, base, br, full;

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	full = await startDemo({ args: FACTS });
});

after(async () => {
	if (full) await full.cleanup();
	if (br) await br.close().catch(() => {});
	if (srv) await srv.cleanup();
});

/** axe (and at 320 px the reflow check) on one page; a screenshot only when something is wrong. */
async function check(p, url, lang, width, name) {
	const res = await p.goto(url);
	assert.equal(res.status(), 200, url);
	assert.equal(await p.getAttribute('html', 'lang'), lang);
	const shot = path.join(SCREENSHOT_DIR, `govsite-${name}-${lang}-${width}.png`);
	if (width === 320) await assertNoSidewaysScroll(p, 320, shot);
	const r = await runAxe(p);
	if (r.violations.length) await p.screenshot({ path: shot, fullPage: true });
	assert.equal(r.violations.length, 0, `${name} ${lang} at ${width}px:\n${formatViolations(r.violations)}`);
}

for (const width of WIDTHS) {
	for (const lang of LANGS) {
		test(`both pages at ${width} px in ${lang}: no axe violations${width === 320 ? ', no sideways scrolling' : ''}`, async () => {
			const ctx = await br.newContext({ viewport: { width, height: 900 } });
			try {
				const p = await ctx.newPage();
				for (const pg of PAGES) await check(p, langUrl(base, pg, lang), lang, width, pg.slice(1));
			} finally {
				await ctx.close();
			}
		});
	}
}

test('with the municipality\'s facts (status, date, links, contacts) both pages stay clean', async () => {
	const ctx = await br.newContext({ viewport: { width: 320, height: 900 } });
	try {
		const p = await ctx.newPage();
		const at = full.url.replace(/\/$/, '');
		for (const pg of PAGES) await check(p, langUrl(at, pg, 'nl'), 'nl', 320, `configured${pg.replace('/', '-')}`);
	} finally {
		await ctx.close();
	}
});

test('the footer links are reached by keyboard alone and lead to the pages', async () => {
	const ctx = await br.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
	try {
		const p = await ctx.newPage();
		await p.goto(langUrl(base, '/themes', 'nl'));
		await tabTo(p, 'footer a[href="/accessibility"]');
		const visible = await p.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== 'none' || getComputedStyle(document.activeElement).boxShadow !== 'none');
		assert.ok(visible, 'the focused footer link shows its focus');
		await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
		assert.equal(new URL(p.url()).pathname, '/accessibility');
		assert.match(await p.textContent('h1'), /Toegankelijkheidsverklaring/);
		await tabTo(p, 'footer a[href="/privacy"]');
		await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
		assert.equal(new URL(p.url()).pathname, '/privacy');
		assert.match(await p.textContent('h1'), /Privacy en cookies/);
	} finally {
		await ctx.close();
	}
});

test('lia stops cleanly', async () => {
	await expectCleanStop(srv, br);
	br = null;
	srv = null;
});
