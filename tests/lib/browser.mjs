// Browser helpers: Debian's chromium through playwright-core, exactly as
// RECIPES.md says, and axe-core for the WCAG checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

import { DEMO_PASSWORD, nextCode } from './auth.mjs';
import { startDemo, exitReport } from './server.mjs';

export const CHROMIUM = process.env.LIA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const OUTPUT_DIR = path.resolve(import.meta.dirname, '../output');
export const SCREENSHOT_DIR = path.join(OUTPUT_DIR, 'screenshots');

/**
 * Screenshots for people to look at (tests/output/screenshots: every page as
 * each role sees it, at each width and language), taken only when asked
 * for: LIA_SCREENSHOTS=1 (make screenshots). No test reads them, and 360
 * full-page PNGs were a good part of the browser tests' time in CI. A
 * screenshot of a failure (a page wider than the screen, an axe finding) is
 * always taken, with target.screenshot itself.
 */
export const SCREENSHOTS = process.env.LIA_SCREENSHOTS === '1';
export async function saveShot(target, file, opts = { fullPage: true }) {
	if (SCREENSHOTS) await target.screenshot({ path: file, ...opts });
}

/**
 * One browser per test file: a persistent context (the recipe) whose browser
 * also makes the other contexts (viewports, JavaScript off).
 * Resolves with {context, browser, newContext(opts), close()}.
 */
export async function launch(opts = {}) {
	const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lia-chromium-'));
	const context = await chromium.launchPersistentContext(userDir, {
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		viewport: { width: 1280, height: 900 },
		locale: 'nl-NL',
		...opts,
	});
	const browser = context.browser();
	return {
		context,
		browser,
		newContext: (o = {}) => browser.newContext({ locale: 'nl-NL', ...o }),
		async close() {
			await context.close().catch(() => {});
			fs.rmSync(userDir, { recursive: true, force: true });
		},
	};
}

/**
 * A demo server (startDemo(opts)) and one browser (launch()) for a test
 * file: {srv, base (without the trailing slash), br}; the screenshot folder
 * exists. If the browser does not start, the server is stopped again. The
 * caller closes br and calls srv.cleanup() in its after().
 */
export async function startDemoBrowser(opts = {}) {
	const srv = await startDemo(opts);
	const base = srv.url.replace(/\/$/, '');
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	try {
		return { srv, base, br: await launch() };
	} catch (e) {
		await srv.cleanup();
		throw e;
	}
}

/**
 * The last test of a browser file: the contexts and br closed, lia stopped,
 * and it must have stopped cleanly (exit code 0, no sanitizer report).
 * Resolves with how it ended ({code, stderr, ...} of srv.stop()).
 */
export async function expectCleanStop(srv, br, contexts = []) {
	for (const c of contexts) await c.close().catch(() => {});
	if (br) await br.close();
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
	assert.doesNotMatch(r.stderr, /Sanitizer|runtime error/, exitReport(r));
	return r;
}

/** Run axe-core in the page (the page's own JavaScript may be off: evaluate still works). */
export async function runAxe(page, tags = AXE_TAGS) {
	const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
	if (!loaded) await page.evaluate(axe.source);
	return page.evaluate((values) => window.axe.run(document, {
		runOnly: { type: 'tag', values },
		resultTypes: ['violations'],
	}), tags);
}

/** A readable report of axe violations: rule id, impact, help, then target and HTML of each node. */
export function formatViolations(violations, where = '') {
	const lines = [];
	for (const v of violations) {
		lines.push(`${where}${v.id} [${v.impact}] ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}) ${v.helpUrl}`);
		for (const n of v.nodes.slice(0, 10)) {
			lines.push(`    target: ${JSON.stringify(n.target)}`);
			lines.push(`    html:   ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
			const why = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
			if (why) lines.push(`    why:    ${why.slice(0, 400)}`);
		}
		if (v.nodes.length > 10) lines.push(`    ... and ${v.nodes.length - 10} more`);
	}
	return lines.join('\n');
}

/** File name for a page: "nl-themes-3.png", "en-dashboard.png", "nl-error-nope.png". */
export function screenshotName(lang, pagePath, suffix = '') {
	const p = pagePath.split('?')[0];
	const slug = p === '/' ? 'dashboard' : p.replace(/^\/+|\/+$/g, '').replace(/[^a-zA-Z0-9]+/g, '-');
	return `${lang}-${slug}${suffix}.png`;
}

/**
 * A new context of br with a page signed in as email through the sign-in
 * form (mouse and fill, JavaScript on so axe can run): {ctx, page}. The
 * caller closes ctx. Fails the test if the sign-in page is shown again.
 */
export async function signedInPage(br, base, email, { timeout = 15_000 } = {}) {
	const ctx = await br.newContext();
	const page = await ctx.newPage();
	page.setDefaultTimeout(timeout);
	await page.goto(`${base}/sign-in`);
	await page.fill('#f-email', email);
	await page.fill('#f-password', DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
	await answerCodeStep(page, email);
	assert.ok(!new URL(page.url()).pathname.startsWith('/sign-in'), `${email} is signed in`);
	return { ctx, page };
}

/**
 * The second step of signing in in page p, when the server asks for it
 * (p shows /sign-in/code): a code from nextCode (tests/lib/auth.mjs), typed
 * by keyboard and sent with Enter; resolves once the next page is there.
 * offsetS: how far the server's clock is moved (LIA_TEST_CLOCK_FILE), if
 * not said with clockMoved (tests/lib/auth.mjs).
 */
export async function answerCodeStep(p, email, { offsetS } = {}) {
	const u = new URL(p.url());
	if (!/^(\/[a-z0-9-]+)?\/sign-in\/code$/.test(u.pathname)) return; // under a municipality's short name too
	const code = await nextCode(u.origin, email, { offsetS });
	await tabTo(p, '#f-code');
	await p.keyboard.type(code);
	await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
}

/**
 * Sign in by keyboard on the sign-in page: at base/sign-in (?next= when
 * given), or on the page p shows now with goto: false. E-mail, password,
 * Enter, and the code step when the account has one. Resolves once the
 * next page is there (the caller checks where it went).
 */
export async function signInByKeyboard(p, base, email, { password = DEMO_PASSWORD, goto = true, next, offsetS } = {}) {
	if (goto) await p.goto(`${base.replace(/\/$/, '')}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
	await tabTo(p, '#f-email');
	await p.keyboard.type(email);
	await tabTo(p, '#f-password');
	await p.keyboard.type(password);
	await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
	await answerCodeStep(p, email, { offsetS });
}

/** Press Tab (or Shift+Tab) until the focused element matches `selector`; fail after max presses. */
export async function tabTo(p, selector, { back = false, max = 400 } = {}) {
	for (let i = 0; i < max; i++) {
		if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
		await p.keyboard.press(back ? 'Shift+Tab' : 'Tab');
	}
	throw new Error(`could not reach ${selector} by keyboard`);
}

/**
 * How wide the page in p is against a viewport of width w (WCAG 1.4.10
 * reflow): {sw: document scrollWidth, styled: whether the page's style sheet
 * applies (lia's CSS sets the body's top margin to 0), offenders: up to 8
 * descriptions of the innermost elements whose right edge, or the end of
 * their own scrolled content, passes w}. Wide tables scroll inside their
 * .table-wrap and do not count; nor does what an SVG clips itself.
 */
export function sidewaysOverflow(p, w) {
	return p.evaluate((width) => {
		const sw = document.documentElement.scrollWidth;
		const out = [];
		if (sw > width) {
			for (const el of document.querySelectorAll('body *')) {
				if (el.closest('.table-wrap') || (el.closest('svg') && el.tagName.toLowerCase() !== 'svg')) continue;
				const r = el.getBoundingClientRect();
				const right = Math.max(r.right, r.left + el.scrollWidth);
				if (right > width + 1) out.push({ el, right });
			}
		}
		const innermost = out.filter((o) => !out.some((x) => x !== o && o.el.contains(x.el)));
		return {
			sw,
			styled: getComputedStyle(document.body).marginTop === '0px',
			offenders: innermost.slice(0, 8).map((o) => `<${o.el.tagName.toLowerCase()}${typeof o.el.className === 'string' && o.el.className ? ` class="${o.el.className}"` : ''}> reaches ${Math.round(o.right)}px: "${(o.el.textContent ?? '').trim().slice(0, 60)}"`),
		};
	}, w);
}

/**
 * Fails unless the page in p fits a viewport of width w without sideways
 * scrolling; on failure it first saves a full-page screenshot at shotPath and
 * names the elements that stick out.
 */
export async function assertNoSidewaysScroll(p, w, shotPath) {
	const r = await sidewaysOverflow(p, w);
	if (r.sw <= w) return;
	await p.screenshot({ path: shotPath, fullPage: true });
	assert.fail(`scrollWidth ${r.sw} > ${w} (the page's style is ${r.styled ? '' : 'NOT '}applied); too wide:\n  ${r.offenders.join('\n  ')}`);
}
