// One whole reporting period walked in a real browser, with real e-mail
// (issue 11, "Done means"): the coordinator sets the open period's due dates
// (by keyboard), `lia remind` sends the reminders through a real SMTP server
// on loopback (Debian's python3-aiosmtpd, tests/lib/smtp.mjs), the dossier
// holder follows the link in the e-mail, signs in, lands on their list and
// writes an update through the form, the experience expert finds it under My
// work and assesses it, the coordinator sees the checklist shrink and
// publishes with the confirmation, and the public then reads the new update.
// axe-core (WCAG 2.2 AA) runs on every page and state visited at 1280 and
// 320 CSS px (with no sideways scrolling at 320 px), and in Dutch and English
// on the e-mail's landing page, My work and the checklist.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/period_walk.test.mjs
// LIA_WALK_MAIL_OUT=FILE: the reminders as received are written there as
// plain text (headers, the text part and the HTML part), to quote them.
// Screenshots (only when something is wrong): tests/output/screenshots/walk-*.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemoBrowser, expectCleanStop, runAxe, formatViolations, assertNoSidewaysScroll, tabTo, SCREENSHOT_DIR, signInByKeyboard } from '../lib/browser.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { runLia } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const FROM = 'lia@example.nl';
const PERIOD = 3; // the demo's open period
const NL = { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' };
const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

let smtp, srv, base, br;
const contexts = [];
const state = {}; // what one step hands to the next

before(async () => {
	smtp = await startSmtp();
	// The serve schedule is off: the reminders are sent once the coordinator
	// has set the due dates, by `lia remind` (the demo's own dates are long
	// past and would send "late" reminders at start).
	({ srv, base, br } = await startDemoBrowser({ args: ['--smtp-url', smtp.url, '--smtp-from', FROM, '--smtp-plain', '--mail-interval', '1', '--no-reminders'] }));
});

after(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	if (br) await br.close().catch(() => {});
	if (srv) await srv.cleanup();
	if (smtp) await smtp.stop();
});

/** A day `days` from today (UTC) as 2026-12-05, and its Dutch words ("5 december 2026"). */
function day(days) {
	const d = new Date(Date.now() + days * 86400_000);
	return { iso: d.toISOString().slice(0, 10), nl: `${d.getUTCDate()} ${MONTHS_NL[d.getUTCMonth()]} ${d.getUTCFullYear()}` };
}

async function newPage() {
	const ctx = await br.newContext({ viewport: { width: 1280, height: 900 } });
	contexts.push(ctx);
	const p = await ctx.newPage();
	p.setDefaultTimeout(15_000);
	return p;
}

/** Two frames after a resize: the tables' scroll-state queries (their tab stop) have caught up. */
const settled = (p) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** axe at 1280 and 320 px (and no sideways scrolling at 320) on the page as it is now, in its language. */
async function axeBoth(p, name, lang) {
	assert.equal(await p.getAttribute('html', 'lang'), lang, `${name}: the page is in ${lang}`);
	for (const width of [1280, 320]) {
		await p.setViewportSize({ width, height: 900 });
		await settled(p);
		const shot = path.join(SCREENSHOT_DIR, `walk-${name}-${lang}-${width}.png`);
		if (width === 320) await assertNoSidewaysScroll(p, 320, shot);
		const r = await runAxe(p);
		if (r.violations.length) await p.screenshot({ path: shot, fullPage: true });
		assert.equal(r.violations.length, 0, `${name} ${lang} at ${width} px:\n${formatViolations(r.violations)}`);
	}
	await p.setViewportSize({ width: 1280, height: 900 });
}

/** The same page in English and back in Dutch (?lang= also keeps the choice), axe on both. */
async function axeLangs(p, name) {
	const url = new URL(p.url());
	for (const lang of ['en', 'nl']) {
		url.searchParams.set('lang', lang);
		await p.goto(url.href);
		await axeBoth(p, name, lang);
	}
}

/** Press Enter on what has the focus and wait for the page it leads to. */
async function enter(p) {
	await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
}

/** Sign in on the sign-in page shown in p, by keyboard; resolves once the next page is there. */
async function signInHere(p, email) {
	await signInByKeyboard(p, base, email, { goto: false });
	assert.ok(!new URL(p.url()).pathname.startsWith('/sign-in'), `${email} is signed in`);
}

/**
 * The order in which the browser's date fields take day, month and year: it
 * follows the browser's own language, which may differ from the page's
 * (Chromium here: month first). Found by typing into a scratch field.
 */
async function dateOrder(p) {
	await p.evaluate(() => { const i = document.createElement('input'); i.type = 'date'; i.id = 'walk-probe'; document.body.append(i); });
	await p.focus('#walk-probe');
	await p.keyboard.type('02'); await p.keyboard.type('03'); await p.keyboard.type('2001');
	const v = await p.inputValue('#walk-probe');
	await p.evaluate(() => document.getElementById('walk-probe').remove());
	if (v === '2001-02-03') return ['month', 'day', 'year'];
	if (v === '2001-03-02') return ['day', 'month', 'year'];
	throw new Error(`unknown date field order: typed 02 03 2001, got "${v}"`);
}

/** Type a date into a date field by keyboard, in the order the field takes it. */
async function typeDate(p, sel, iso) {
	const order = await dateOrder(p);
	await tabTo(p, sel);
	const [y, m, d] = iso.split('-');
	for (const part of order) await p.keyboard.type(part === 'year' ? y : part === 'month' ? m : d);
	assert.equal(await p.inputValue(sel), iso, `${sel} holds the date typed`);
}

/** The number of rows in the checklist's table of missing updates. */
const missingRows = (p) => p.locator('#chk-updates-cap >> xpath=..').locator('tbody tr').count();

/** `lia remind` on the server's database, through the test's SMTP server, in Dutch. */
const remind = () => runLia(['remind', '--db', srv.db, '--smtp-url', smtp.url, '--smtp-from', FROM, '--smtp-plain', '--public-url', base], { env: NL });

/** Every message received so far, as plain text, to LIA_WALK_MAIL_OUT if set. */
function writeMailOut() {
	if (!process.env.LIA_WALK_MAIL_OUT) return;
	const all = smtp.messages();
	fs.writeFileSync(process.env.LIA_WALK_MAIL_OUT, all.map((x, i) => `===== message ${i + 1} of ${all.length} =====\n${asText(x)}`).join('\n'));
}

/** A received message as plain text, to quote. */
function asText(m) {
	const h = ['from', 'to', 'subject', 'date', 'content-language', 'content-type'].map((k) =>
		`${k.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase())}: ${k === 'subject' ? m.subject : m.headers[k] ?? ''}`);
	return [...h, '', '--- text/plain ---', m.text.trimEnd(), '', '--- text/html ---', m.html.trimEnd(), ''].join('\n');
}

test('the coordinator sets the due dates by keyboard; a wrong pair is refused with a message first', async () => {
	const p = await newPage();
	state.coord = p;
	await p.goto(`${base}/sign-in?lang=nl`);
	await signInHere(p, DEMO.coordinator);
	await p.goto(`${base}/periods/${PERIOD}`);
	await axeBoth(p, 'period', 'nl');
	await tabTo(p, `main a[href="/periods/${PERIOD}/edit"]`);
	await enter(p);
	assert.equal(new URL(p.url()).pathname, `/periods/${PERIOD}/edit`);
	await axeBoth(p, 'due-dates', 'nl');

	state.updatesDue = day(3);
	state.assessDue = day(6);
	// The assessments before the updates: refused, with a message saying what to fix.
	await typeDate(p, '#f-updates_due_on', state.assessDue.iso);
	await typeDate(p, '#f-assessments_due_on', state.updatesDue.iso);
	await tabTo(p, 'main form button[type=submit]');
	await enter(p);
	assert.equal(await p.locator('#error-summary').count(), 1, 'refused');
	assert.match(await p.locator('#error-summary').innerText(), /oordel|beoordeling|voortgangsberichten/i);
	assert.equal(sqlValue(srv.db, `SELECT updates_due_on FROM reporting_period WHERE id = ${PERIOD}`), '2024-11-29', 'nothing changed');
	await axeBoth(p, 'due-dates-error', 'nl');

	await typeDate(p, '#f-updates_due_on', state.updatesDue.iso);
	await typeDate(p, '#f-assessments_due_on', state.assessDue.iso);
	await tabTo(p, 'main form button[type=submit]');
	await enter(p);
	assert.equal(await p.locator('#error-summary').count(), 0);
	assert.equal(String(sqlValue(srv.db, `SELECT updates_due_on FROM reporting_period WHERE id = ${PERIOD}`)).slice(0, 10), state.updatesDue.iso);
	assert.equal(String(sqlValue(srv.db, `SELECT assessments_due_on FROM reporting_period WHERE id = ${PERIOD}`)).slice(0, 10), state.assessDue.iso);
	assert.ok((await p.locator('main').innerText()).includes(state.updatesDue.nl), 'the new due date is shown, in words');
	await axeBoth(p, 'due-dates-saved', 'nl');
});

test('the checklist before anything is written: in Dutch and English', async () => {
	const p = state.coord;
	await p.goto(`${base}/periods/${PERIOD}/publish?lang=nl`);
	state.missingBefore = await missingRows(p);
	assert.ok(state.missingBefore > 0, 'updates are missing');
	await axeLangs(p, 'checklist');
});

test('lia remind sends the reminders; they arrive in Dutch, as text and HTML, with a link to this server', async () => {
	const r = remind();
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /remind_update_before\tdossierhouder@example\.org\tRuud van Dijk\t/);
	assert.match(r.stdout, /verstuurd, 0 niet afgeleverd/);
	const [m] = await smtp.waitFor((x) => x.to === DEMO.dossierHolder);
	assert.equal(m.subject, 'Herinnering: schrijf uw voortgangsbericht');
	assert.equal(m.headers['content-language'], 'nl');
	assert.match(m.headers.from, /lia@example\.nl/);
	assert.match(m.headers['content-type'], /^multipart\/alternative/);
	assert.deepEqual(m.parts.map((x) => x.type), ['text/plain', 'text/html']);
	assert.match(m.text, /^Beste Ruud van Dijk,/);
	assert.match(m.text, /In de periode "3e voortgangsrapportage 2024" hebben 3 van uw actiepunten nog een voortgangsbericht nodig\./);
	assert.ok(m.text.includes(`De inleverdatum is ${state.updatesDue.nl}.`), m.text);
	assert.match(m.html, /<html lang="nl">/);
	assert.match(m.html, /<h1[^>]*>Herinnering: schrijf uw voortgangsbericht<\/h1>/);
	const href = /<a href="([^"]+)"[^>]*>Bekijk uw actiepunten<\/a>/.exec(m.html)?.[1]?.replace(/&amp;/g, '&');
	assert.ok(href?.startsWith(`${base}/sign-in?next=`), `a link to this server: ${href}`);
	assert.ok(m.text.includes(href), 'the same link in the text part');
	state.link = href;
	writeMailOut();
	// No update waits for an assessment yet: nothing for the expert.
	assert.equal(smtp.messages().filter((x) => x.to === DEMO.expert).length, 0);

	// Recorded once each; a second run sends nothing more.
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM mail_outbox WHERE to_email = '${DEMO.dossierHolder}' AND status = 'sent'`)), 1);
	const count = smtp.messages().length;
	const again = remind();
	assert.equal(again.code, 0, again.stderr);
	assert.match(again.stdout, /0 herinneringen in de wachtrij gezet/);
	assert.equal(smtp.messages().length, count);
});

test('the dossier holder follows the link in the e-mail, signs in, lands on their list and writes an update', async () => {
	const p = await newPage();
	await p.goto(state.link);
	assert.equal(new URL(p.url()).pathname, '/sign-in');
	await axeLangs(p, 'mail-link');
	await signInHere(p, DEMO.dossierHolder);
	const landed = new URL(p.url());
	assert.equal(landed.pathname + landed.search, '/actions?holder=6&needs_update=1', 'the list from the e-mail');
	await axeLangs(p, 'mail-landing');
	// The first action point of the list, and its "write progress" link, by keyboard.
	const first = p.locator('main a[href^="/actions/"]').filter({ hasText: /\S/ }).first();
	const href = await first.getAttribute('href');
	const action = Number(/^\/actions\/(\d+)$/.exec(href)?.[1]);
	assert.ok(action > 0, `an action point in the list: ${href}`);
	state.action = action;
	await tabTo(p, `main a[href="/actions/${action}"]`);
	await enter(p);
	await axeBoth(p, 'action', 'nl');
	await tabTo(p, `main a[href="/actions/${action}/updates/new"]`);
	await enter(p);
	await axeBoth(p, 'update-form', 'nl');
	// Sent empty: a message, nothing stored.
	const stored = () => Number(sqlValue(srv.db, `SELECT count(*) FROM progress_update WHERE action_point_id = ${action} AND period_id = ${PERIOD}`));
	const before = stored();
	await Promise.all([p.waitForNavigation(), p.click('main form button.button:not(.button-secondary)')]);
	assert.equal(await p.locator('#error-summary').count(), 1, 'an empty update is refused');
	assert.equal(stored(), before);
	await axeBoth(p, 'update-form-error', 'nl');
	await p.check('input[name=status][value=in_uitvoering]');
	await p.check('input[name=health][value=groen]');
	state.text = 'De eerste gesprekken met de mensen om wie het gaat zijn gevoerd.';
	await p.fill('#f-progress_md', state.text);
	await Promise.all([p.waitForNavigation(), p.click('main form button.button:not(.button-secondary)')]);
	assert.equal(stored(), before + 1, 'the update is stored');
	state.update = Number(sqlValue(srv.db, `SELECT max(id) FROM progress_update WHERE action_point_id = ${action} AND period_id = ${PERIOD}`));
	await axeBoth(p, 'update-saved', 'nl');
	// Back on the list from the e-mail: this action point no longer needs an update.
	await p.goto(`${base}/actions?holder=6&needs_update=1`);
	assert.equal(await p.locator(`main a[href="/actions/${action}"]`).count(), 0, 'off the list');
	await p.goto(`${base}/my-work`);
	assert.equal(await p.locator(`a[href="/actions/${action}/updates/new"]`).count(), 0, 'off My work');
});

test('a second lia remind: the experience expert is reminded of the update that now waits for them', async () => {
	const r = remind();
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /remind_assess_before\tervaringsdeskundige@example\.org\tAnneke Lamers\t3e voortgangsrapportage 2024\t\d{4}-\d\d-\d\d\t1\n/);
	const [e] = await smtp.waitFor((x) => x.to === DEMO.expert);
	writeMailOut();
	assert.equal(e.subject, 'Herinnering: geef uw oordeel');
	assert.equal(e.headers['content-language'], 'nl');
	assert.deepEqual(e.parts.map((x) => x.type), ['text/plain', 'text/html']);
	assert.match(e.text, /^Beste Anneke Lamers,/);
	assert.match(e.text, /In de periode "3e voortgangsrapportage 2024" wacht 1 voortgangsbericht op het oordeel van een ervaringsdeskundige\./);
	assert.ok(e.text.includes(`De inleverdatum is ${state.assessDue.nl}.`), e.text);
	assert.match(e.html, /<html lang="nl">/);
	const href = /<a href="([^"]+)"[^>]*>Bekijk wat op uw oordeel wacht<\/a>/.exec(e.html)?.[1]?.replace(/&amp;/g, '&');
	assert.equal(href, `${base}/sign-in?next=%2Fmy-work`);
	assert.ok(e.text.includes(href), 'the same link in the text part');
	state.expertLink = href;
	// The dossier holder, who wrote one of three, gets no second reminder before the due date.
	assert.equal(smtp.messages().filter((x) => x.to === DEMO.dossierHolder).length, 1);
});

test('the experience expert follows the link in the e-mail, finds the update under My work and assesses it', async () => {
	const p = await newPage();
	await p.goto(state.expertLink);
	assert.equal(new URL(p.url()).pathname, '/sign-in');
	await axeLangs(p, 'mail-link-expert');
	await signInHere(p, DEMO.expert);
	assert.equal(new URL(p.url()).pathname, '/my-work', 'My work, from the e-mail');
	const link = `a[href="/updates/${state.update}/assessment"]`;
	assert.equal(await p.locator(link).count(), 1, 'the new update waits for the expert');
	assert.ok((await p.locator('main').innerText()).includes(state.assessDue.nl), 'the assessment due date is shown');
	await axeLangs(p, 'my-work-expert');
	await tabTo(p, link);
	await enter(p);
	await axeBoth(p, 'assessment-form', 'nl');
	const assessed = () => sqlValue(srv.db, `SELECT expert_assessment FROM progress_update WHERE id = ${state.update}`);
	await Promise.all([p.waitForNavigation(), p.click('main form button[type=submit]')]);
	assert.equal(await p.locator('#error-summary').count(), 1, 'an empty assessment is refused');
	assert.equal(assessed(), '');
	await axeBoth(p, 'assessment-form-error', 'nl');
	await p.fill('#f-expert_assessment', 'Dit helpt de mensen om wie het gaat: ze werden zelf gehoord.');
	await Promise.all([p.waitForNavigation(), p.click('main form button[type=submit]')]);
	assert.match(assessed(), /zelf gehoord/);
	await axeBoth(p, 'assessment-saved', 'nl');
	await p.goto(`${base}/my-work`);
	assert.equal(await p.locator(link).count(), 0, 'assessed: off the list');
});

test('the coordinator sees the checklist shrink and publishes with the confirmation', async () => {
	const p = state.coord;
	await p.goto(`${base}/my-work?lang=nl`);
	await axeLangs(p, 'my-work-coordinator');
	await p.goto(`${base}/periods/${PERIOD}/publish`);
	assert.equal(await missingRows(p), state.missingBefore - 1, 'one update fewer is missing');
	assert.equal(await p.locator(`a[href="/actions/${state.action}#update-${state.update}"]`).count(), 0, 'its assessment is not missing');
	await axeLangs(p, 'checklist-shrunk');
	// Without the confirmation: refused, nothing published.
	await tabTo(p, 'main form button[type=submit]');
	await enter(p);
	assert.equal(await p.locator('#error-summary').count(), 1, 'refused without the confirmation');
	assert.equal(sqlValue(srv.db, `SELECT state FROM reporting_period WHERE id = ${PERIOD}`), 'open');
	await axeBoth(p, 'publish-refused', 'nl');
	await tabTo(p, '#f-confirm');
	await p.keyboard.press('Space');
	assert.ok(await p.isChecked('#f-confirm'));
	await tabTo(p, 'main form button[type=submit]');
	await enter(p);
	assert.equal(new URL(p.url()).pathname, `/periods/${PERIOD}`);
	assert.equal(sqlValue(srv.db, `SELECT state FROM reporting_period WHERE id = ${PERIOD}`), 'published');
	await axeBoth(p, 'published', 'nl');
});

test('the public reads the new update in the published period', async () => {
	const p = await newPage();
	await p.goto(`${base}/actions/${state.action}?lang=nl`);
	assert.equal(p.url().includes('/sign-in'), false);
	const main = await p.locator('main').innerText();
	assert.ok(main.includes(state.text), 'the new update is public');
	assert.ok(main.includes('3e voortgangsrapportage 2024'), 'under its period');
	await axeBoth(p, 'public-action', 'nl');
});

test('a deliberately broken landing page does produce violations (the check works)', async () => {
	const p = await newPage();
	await p.goto(state.link);
	await p.evaluate(() => { document.querySelector('label[for="f-email"]').remove(); document.documentElement.removeAttribute('lang'); });
	const r = await runAxe(p);
	assert.ok(r.violations.length >= 2, formatViolations(r.violations));
});

test('lia stops cleanly', async () => {
	await expectCleanStop(srv, br, contexts);
	br = null;
});
