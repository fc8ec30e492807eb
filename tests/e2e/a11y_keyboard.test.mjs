// Keyboard and layout tests of lia in Debian's chromium (playwright-core),
// the other half of the accessibility tests (a11y_pages.test.mjs has axe and
// structure): the skip link and the tab order by keyboard with JavaScript
// off, visible focus, reflow at 320 CSS px and at 200% zoom, the menu and
// the language switch without JavaScript.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/a11y_keyboard.test.mjs
// Screenshots (only of a page that scrolls sideways): tests/output/screenshots/{nl,en}-PATH-reflow-WIDTH.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { NAV_PATHS, langUrl } from '../lib/site.mjs';
import { screenshotName, assertNoSidewaysScroll, SCREENSHOT_DIR } from '../lib/browser.mjs';
import { LANGS, startA11y, expectQuietStop, noProblems, onePerKind } from '../lib/a11y.mjs';

let srv, base, facts, br;
let pages; // [{path, status}]

before(async () => {
	({ srv, base, br, facts, pages } = await startA11y());
});

after(async () => {
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

const urlOf = (p, lang) => langUrl(base, p, lang);

// ---------------------------------------------------------------- reflow

for (const [label, viewport, dsf] of [['320 CSS px (WCAG 1.4.10)', { width: 320, height: 800 }, 1], ['200% zoom (640 CSS px at device scale 2)', { width: 640, height: 800 }, 2]]) {
	test(`reflow at ${label}: the page never scrolls sideways`, async (t) => {
		const ctx = await br.newContext({ viewport, deviceScaleFactor: dsf, javaScriptEnabled: false });
		const page = await ctx.newPage();
		try {
			for (const lang of LANGS) {
				for (const p of pages) {
					await t.test(`${lang} ${p.path} at ${viewport.width}px`, async () => {
						await page.goto(urlOf(p.path, lang));
						await assertNoSidewaysScroll(page, viewport.width, path.join(SCREENSHOT_DIR, screenshotName(lang, p.path, `-reflow-${viewport.width}`)));
					});
				}
			}
		} finally {
			await ctx.close();
		}
	});
}

// ---------------------------------------------------------------- keyboard, JavaScript off

/** Details of the focused element, and mark it so its unfocused style can be read later. */
async function focused(page, n) {
	return page.evaluate((k) => {
		const el = document.activeElement;
		if (!el || el === document.body || el === document.documentElement) return null;
		el.setAttribute('data-tabstop', String(k));
		const cs = getComputedStyle(el);
		const r = el.getBoundingClientRect();
		return {
			k,
			tag: el.tagName.toLowerCase(),
			id: el.id,
			href: el.getAttribute('href'),
			cls: el.getAttribute('class') ?? '',
			text: (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50),
			inNav: !!el.closest('nav') && !el.closest('footer'), // the site's menus, not the footer's links
			inMain: !!el.closest('main'),
			style: {
				outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
				outlineVisible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !/rgba\(.*,\s*0\)$/.test(cs.outlineColor) && cs.outlineColor !== 'transparent',
				boxShadow: cs.boxShadow,
				background: cs.backgroundColor,
				border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor} ${cs.borderBottomWidth} ${cs.borderBottomStyle} ${cs.borderBottomColor}`,
			},
			rect: { x: r.x, y: r.y, w: r.width, h: r.height },
			viewport: { w: innerWidth, h: innerHeight },
			visible: cs.visibility !== 'hidden' && cs.display !== 'none' && r.width > 0 && r.height > 0,
		};
	}, n);
}

async function unfocusedStyle(page, k) {
	return page.evaluate((key) => {
		const el = document.querySelector(`[data-tabstop="${key}"]`);
		const cs = getComputedStyle(el);
		return {
			outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
			boxShadow: cs.boxShadow,
			background: cs.backgroundColor,
			border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor} ${cs.borderBottomWidth} ${cs.borderBottomStyle} ${cs.borderBottomColor}`,
		};
	}, k);
}

/** Tab through the whole page from the top; returns the tab stops with focus-indicator problems. */
async function tabThrough(page, max = 400) {
	const stops = [];
	const problems = [];
	let prev = null;
	for (let i = 1; i <= max; i++) {
		await page.keyboard.press('Tab');
		const f = await focused(page, i);
		if (prev) {
			const un = await unfocusedStyle(page, prev.k);
			const fs_ = prev.style;
			const changed = fs_.outlineVisible && fs_.outline !== un.outline
				|| (fs_.boxShadow !== 'none' && fs_.boxShadow !== un.boxShadow)
				|| fs_.background !== un.background
				|| fs_.border !== un.border;
			if (!changed) problems.push(`tab stop ${prev.k} <${prev.tag}${prev.href ? ` href="${prev.href}"` : ''}> "${prev.text}" has no visible focus indicator (focused: ${JSON.stringify(fs_)}; not focused: ${JSON.stringify(un)})`);
		}
		// Stop when focus leaves the document or wraps around to the first stop.
		if (!f || (stops.length && f.tag === stops[0].tag && f.href === stops[0].href && f.id === stops[0].id)) break;
		if (!f.visible) problems.push(`tab stop ${i} <${f.tag} href="${f.href}"> "${f.text}" is focused but not visible`);
		const inView = f.rect.x < f.viewport.w && f.rect.y < f.viewport.h && f.rect.x + f.rect.w > 0 && f.rect.y + f.rect.h > 0;
		if (!inView) problems.push(`tab stop ${i} <${f.tag} href="${f.href}"> "${f.text}" is focused outside the viewport (${JSON.stringify(f.rect)})`);
		stops.push(f);
		prev = f;
	}
	return { stops, problems };
}

test('skip link, JavaScript off: the first Tab shows the skip link; Enter moves focus to main (every kind of page)', async (t) => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	try {
		for (const lang of LANGS) {
			for (const p of onePerKind(pages)) {
				await t.test(`${lang} ${p.path}`, async () => {
					await page.goto(urlOf(p.path, lang));
					await page.keyboard.press('Tab');
					const f = await focused(page, 0);
					assert.ok(f, 'Tab focuses something');
					assert.equal(f.href, '#main', `the first Tab focuses the skip link (got <${f.tag} href="${f.href}"> "${f.text}")`);
					assert.ok(f.visible, 'the focused skip link is visible');
					assert.ok(f.rect.y >= 0 && f.rect.x >= 0 && f.rect.y + f.rect.h <= f.viewport.h && f.rect.x + f.rect.w <= f.viewport.w,
						`the focused skip link is inside the viewport (${JSON.stringify(f.rect)})`);
					const covered = await page.evaluate(({ x, y, w, h }) => {
						const el = document.elementFromPoint(x + w / 2, y + h / 2);
						return !(el && el.closest('a[href="#main"]'));
					}, f.rect);
					assert.ok(!covered, 'the focused skip link is not covered by other content');
					await page.keyboard.press('Enter');
					await page.waitForFunction(() => location.hash === '#main', null, { timeout: 2000 }).catch(() => {});
					const active = await page.evaluate(() => ({ id: document.activeElement?.id, tag: document.activeElement?.tagName, hash: location.hash }));
					assert.equal(active.id, 'main', `after Enter, focus is on main (got <${active.tag}> id "${active.id}", hash ${active.hash})`);
					// The next Tab continues inside main, not back at the top.
					await page.keyboard.press('Tab');
					const next = await focused(page, 0);
					if (next) assert.ok(!next.inNav && next.href !== '#main', `after the skip link, Tab goes on in the content (got <${next.tag} href="${next.href}">)`);
				});
			}
		}
	} finally {
		await ctx.close();
	}
});

test('keyboard, JavaScript off: tabbing through the dashboard reaches the menu links in order, each with a visible focus indicator', async (t) => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	try {
		for (const lang of LANGS) {
			await t.test(`dashboard (${lang})`, async () => {
				await page.goto(urlOf('/', lang));
				const { stops, problems } = await tabThrough(page);
				assert.ok(stops.length > NAV_PATHS.length, `only ${stops.length} tab stops`);
				assert.equal(stops[0].href, '#main', 'the skip link is the first tab stop');
				const navStops = stops.filter((s) => s.inNav).map((s) => s.href);
				assert.deepEqual(navStops, NAV_PATHS, `the menu links are reached in order (got ${JSON.stringify(navStops)})`);
				const lastNav = stops.findLastIndex((s) => s.inNav);
				const firstMain = stops.findIndex((s) => s.inMain);
				assert.ok(firstMain > lastNav, 'the menu comes before the content in the tab order');
				assert.ok(stops.some((s) => /lang-switch/.test(s.cls) || /^\?lang=/.test(s.href ?? '')), 'the language switch is reachable by Tab');
				noProblems(problems, `focus indicators on the dashboard (${lang}), ${stops.length} tab stops`);
			});
		}
	} finally {
		await ctx.close();
	}
});

test('keyboard, JavaScript off: every tab stop has a visible focus indicator on other kinds of pages', async (t) => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const orange = facts.actions.find((a) => a.health === 'oranje' || a.health === 'rood') ?? facts.actions[0];
	try {
		for (const p of ['/themes', `/themes/${facts.themes[2]?.id ?? facts.themes[0].id}`, `/actions/${orange.id}`, '/crpd', '/organisation', '/events', '/interviews', `/periods/${facts.periods[facts.periods.length - 1].id}`, '/no-such-page']) {
			await t.test(p, async () => {
				await page.goto(urlOf(p, 'nl'));
				const { stops, problems } = await tabThrough(page);
				assert.ok(stops.length > NAV_PATHS.length, `only ${stops.length} tab stops`);
				const navStops = stops.filter((s) => s.inNav).map((s) => s.href);
				assert.deepEqual(navStops, NAV_PATHS, 'the menu links are reached in order');
				noProblems(problems, `focus indicators on ${p}, ${stops.length} tab stops`);
			});
		}
	} finally {
		await ctx.close();
	}
});

test('without JavaScript the pages render and the menu works: each menu link opens its page, marked as current', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	try {
		await page.goto(urlOf('/', 'nl'));
		const problems = [];
		const header = await page.evaluate(() => getComputedStyle(document.querySelector('header') ?? document.body).backgroundColor);
		if (header === 'rgba(0, 0, 0, 0)') problems.push('the header has no background: the stylesheet is not applied');
		for (const href of NAV_PATHS) {
			await Promise.all([page.waitForNavigation(), page.click(`nav a[href="${href}"]`)]);
			if (new URL(page.url()).pathname !== href) problems.push(`clicking the menu link ${href} went to ${page.url()}`);
			const s = await page.evaluate(() => ({
				h1: document.querySelector('h1')?.textContent.trim(),
				current: [...document.querySelectorAll('nav a[aria-current="page"]')].map((a) => a.getAttribute('href')),
				lang: document.documentElement.lang,
			}));
			if (!s.h1) problems.push(`${href}: no h1 after clicking the menu link`);
			if (JSON.stringify(s.current) !== JSON.stringify([href])) problems.push(`${href}: aria-current="page" is on ${JSON.stringify(s.current)}`);
			if (s.lang !== 'nl') problems.push(`${href}: lang ${s.lang}`);
		}
		// Following a link in the content works too: from the theme list to a theme.
		await page.goto(urlOf('/themes', 'nl'));
		const first = facts.themes[0];
		await Promise.all([page.waitForURL((u) => u.pathname === `/themes/${first.id}`), page.click(`main a[href="/themes/${first.id}"]`)]);
		const h1 = await page.textContent('h1');
		if (!h1.includes(first.name_nl)) problems.push(`/themes/${first.id}: h1 "${h1}" after following the link`);
		noProblems(problems, 'navigation without JavaScript');
	} finally {
		await ctx.close();
	}
});

test('the language switch works without JavaScript (click and keyboard) and is remembered', async () => {
	const ctx = await br.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const theme = facts.themes[2] ?? facts.themes[0];
	try {
		const first = await page.goto(`${base}/themes/${theme.id}`);
		assert.equal(first.status(), 200);
		assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'Dutch by default (browser asks for nl-NL)');
		assert.ok((await page.textContent('h1')).includes(theme.name_nl));

		// Click the switch.
		const toEn = page.locator('a[hreflang="en"]').first();
		assert.equal(await toEn.count(), 1, 'a link to the English version (hreflang="en")');
		assert.equal(await toEn.getAttribute('lang'), 'en', 'the link text "English" is marked lang="en"');
		await Promise.all([page.waitForURL(/lang=en/), toEn.click()]);
		assert.equal(new URL(page.url()).pathname, `/themes/${theme.id}`, 'the switch stays on the same page');
		assert.equal(await page.getAttribute('html', 'lang'), 'en', 'after clicking, <html lang="en">');
		assert.ok((await page.textContent('h1')).includes(theme.name_en), `the English theme name "${theme.name_en}"`);

		// Remembered: a menu link without ?lang stays English.
		await Promise.all([page.waitForURL((u) => u.pathname === '/actions'), page.click('nav a[href="/actions"]')]);
		assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the next page is still English (cookie)');

		// By keyboard: Tab to the switch back to Dutch and press Enter.
		await page.goto(`${base}/actions`);
		let reached = false;
		for (let i = 0; i < 6 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement?.getAttribute('hreflang') === 'nl');
		}
		assert.ok(reached, 'the switch to Dutch is among the first tab stops');
		await Promise.all([page.waitForURL(/lang=nl/), page.keyboard.press('Enter')]);
		assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'after Enter on the switch, <html lang="nl">');
		assert.equal(new URL(page.url()).pathname, '/actions');
	} finally {
		await ctx.close();
	}
});

// ---------------------------------------------------------------- shutdown

test('the server stops cleanly after the browser tests', async () => {
	await expectQuietStop(srv, br);
	br = null;
});
