// Browser tests of the mail pages (issue 11): "forgot your password" (the
// form, its error and the answer after sending), choosing a password through
// a link (the form and its error), and for the coordinator the outbox with a
// message that was not delivered and the invitation form (and its error):
// axe-core (WCAG 2.2 AA) at 1280 and 320 CSS px in Dutch and English, no
// sideways scrolling at 320 px. A real SMTP server on loopback receives the
// mail (tests/lib/smtp.mjs).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/mail.test.mjs
// Screenshots (only when something is wrong): tests/output/screenshots/mail-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, assertNoSidewaysScroll, signedInPage, SCREENSHOT_DIR } from '../lib/browser.mjs';
import { signIn, agent, DEMO } from '../lib/auth.mjs';
import { sqlValue } from '../lib/db.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const WIDTHS = [1280, 320];
const LANGS = ['nl', 'en'];

let smtp, srv, base, br, resetPath;

before(async () => {
	smtp = await startSmtp();
	({ srv, base, br } = await startDemoBrowser({ args: ['--smtp-url', smtp.url, '--smtp-from', 'lia@example.nl', '--smtp-plain', '--mail-interval', '1'] }));
	// A message the relay refuses for good, so /mail shows one not delivered.
	const coord = await signIn(base, DEMO.coordinator);
	smtp.refuse('550 5.1.1 onbekende ontvanger');
	await coord.post('/invitations', { email: 'bestaat-niet@example.org', display_name: 'Bestaat Niet', role: 'reader', lang: 'nl' });
	for (let i = 0; i < 100 && sqlValue(srv.db, "SELECT status FROM mail_outbox WHERE to_email = 'bestaat-niet@example.org'") !== 'failed'; i++)
		await new Promise((r) => setTimeout(r, 200));
	smtp.refuse(null);
	// A reset link (not used: every page view below shows its form).
	const a = agent(base);
	await a.get('/forgot-password');
	await a.post('/forgot-password', { email: DEMO.reader });
	const [m] = await smtp.waitFor((x) => x.to === DEMO.reader);
	resetPath = /http:\/\/[^/\s]+(\/password\?token=[A-Za-z0-9_-]+)/.exec(m.text)[1];
});

after(async () => {
	if (br) await br.close().catch(() => {});
	if (srv) await srv.cleanup();
	if (smtp) await smtp.stop();
});

/** axe (and at 320 px the reflow check) on the page as it is now. */
async function check(p, lang, width, name) {
	assert.equal(await p.getAttribute('html', 'lang'), lang, name);
	const shot = path.join(SCREENSHOT_DIR, `mail-${name}-${lang}-${width}.png`);
	if (width === 320) await assertNoSidewaysScroll(p, 320, shot);
	const r = await runAxe(p);
	if (r.violations.length) await p.screenshot({ path: shot, fullPage: true });
	assert.equal(r.violations.length, 0, `${name} ${lang} at ${width}px:\n${formatViolations(r.violations)}`);
}

async function submit(p) {
	await Promise.all([p.waitForNavigation(), p.click('main form.form button[type=submit]')]);
}

for (const width of WIDTHS) {
	for (const lang of LANGS) {
		test(`forgot password and choose a password at ${width} px in ${lang}`, async () => {
			const ctx = await br.newContext({ viewport: { width, height: 900 } });
			try {
				const p = await ctx.newPage();
				await p.goto(`${base}/forgot-password?lang=${lang}`);
				await check(p, lang, width, 'forgot');
				await submit(p); // empty: the error
				assert.ok(await p.locator('.error-summary, [role=alert]').count() > 0, 'an error is shown');
				await check(p, lang, width, 'forgot-error');
				await p.fill('#f-email', `e2e-${width}-${lang}@example.org`);
				await submit(p);
				assert.equal(await p.locator('main [role=status]').count(), 1, 'the answer is announced');
				await check(p, lang, width, 'forgot-sent');
				await p.goto(`${base}${resetPath}&lang=${lang}`);
				await check(p, lang, width, 'password');
				await p.fill('#f-password', 'een lang wachtwoord');
				await p.fill('#f-password_confirm', 'een ander wachtwoord');
				await submit(p);
				await check(p, lang, width, 'password-error');
			} finally {
				await ctx.close();
			}
		});

		test(`the outbox and the invitation form at ${width} px in ${lang}`, async () => {
			const { ctx, page: p } = await signedInPage(br, base, DEMO.coordinator);
			try {
				await p.setViewportSize({ width, height: 900 });
				await p.goto(`${base}/mail?lang=${lang}`);
				assert.ok(await p.locator('text=bestaat-niet@example.org').count() > 0);
				await check(p, lang, width, 'outbox');
				await p.goto(`${base}/invitations/new?lang=${lang}`);
				await check(p, lang, width, 'invite');
				await submit(p);
				await check(p, lang, width, 'invite-error');
			} finally {
				await ctx.close();
			}
		});
	}
}

test('a deliberately broken page does produce violations (the check works)', async () => {
	const ctx = await br.newContext();
	try {
		const p = await ctx.newPage();
		await p.goto(`${base}/forgot-password`);
		await p.evaluate(() => { document.querySelector('label[for="f-email"]').remove(); document.documentElement.removeAttribute('lang'); });
		const r = await runAxe(p);
		assert.ok(r.violations.length >= 2, formatViolations(r.violations));
	} finally {
		await ctx.close();
	}
});

test('lia stops cleanly', async () => {
	await expectCleanStop(srv, br);
	br = null;
});
