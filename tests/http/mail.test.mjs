// E-mail: reminders, invitations, "forgot your password", the outbox and a
// relay that refuses. A real SMTP server on loopback (tests/lib/smtp.mjs,
// Debian's python3-aiosmtpd) receives what lia sends; the test reads it.
// Runs on SQLite and on PostgreSQL (LIA_TEST_DB=pg).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/mail.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { startDemo, runLia, exitReport, tempDir, removeDir } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite, dumpAll } from '../lib/db.mjs';
import { agent, signIn, sharedSignIn, answerCode, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { textOf } from '../lib/http.mjs';
import { contractAjv, showErrors } from '../lib/contract.mjs';

let smtp, srv, base;
const FROM = 'lia@example.nl';
// The test relay (aiosmtpd) offers no TLS: plain text only because the
// tests say so (--smtp-plain); without it lia refuses (tested below).
const relayArgs = () => ['--smtp-url', smtp.url, '--smtp-from', FROM, '--smtp-plain'];

before(async () => {
	smtp = await startSmtp();
	srv = await startDemo({ args: [...relayArgs(), '--mail-interval', '1'] });
	base = srv.url.replace(/\/$/, '');
});
after(async () => {
	const r = await srv.cleanup();
	await smtp.stop();
	assert.equal(r.code, 0, exitReport(r));
});

const linkIn = (text) => /(http:\/\/\S+\/password\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
const pathOf = (url) => url.replace(base, '');
const NL = { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' };
const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const stripCsrf = (body) => body.replace(/name="csrf" value="[^"]*"/g, '');

test('reminders arrive in Dutch, as text and HTML, with a working link, and only once', async () => {
	// The demo's open period wanted its updates by 2024-11-29: its dossier holder is late.
	const [m] = await smtp.waitFor((x) => x.to === DEMO.dossierHolder);
	assert.equal(m.subject, 'Herinnering: voortgangsberichten zijn te laat');
	assert.match(m.headers['content-type'], /^multipart\/alternative/);
	assert.equal(m.headers['content-language'], 'nl');
	assert.deepEqual(m.parts.map((p) => p.type), ['text/plain', 'text/html']);
	assert.match(m.text, /^Beste Ruud van Dijk,/);
	assert.match(m.text, /nog een voortgangsbericht nodig/);
	assert.match(m.text, /De inleverdatum was 29 november 2024\./);
	assert.match(m.html, /<html lang="nl">/);
	assert.match(m.html, /<h1[^>]*>Herinnering: voortgangsberichten zijn te laat<\/h1>/);
	assert.doesNotMatch(m.html, /<img/);
	const href = /<a href="([^"]+)"[^>]*>Bekijk uw actiepunten<\/a>/.exec(m.html)?.[1]?.replace(/&amp;/g, '&');
	assert.ok(href?.startsWith(base + '/sign-in?next='), `a link to this server: ${href}`);
	assert.ok(m.text.includes(href), 'the same link in the text part');
	// The link leads through signing in to the dossier holder's own list.
	const a = agent(base);
	const page = await a.get(pathOf(href));
	assert.equal(page.status, 200);
	const next = /name="next" value="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
	assert.equal(next, '/actions?holder=6&needs_update=1');
	const signed = await a.post('/sign-in', { email: DEMO.dossierHolder, password: DEMO_PASSWORD, next });
	assert.equal(signed.status, 303);
	assert.equal(signed.location, next);
	const list = await a.get(next);
	assert.equal(list.status, 200);
	assert.match(list.body, /Ruud van Dijk/);

	// Recorded in the outbox: to whom, why, which period and kind, sent.
	const row = sql(srv.db, `SELECT kind, status, attempts, period_id, dedupe_key, reason FROM mail_outbox WHERE to_email = '${DEMO.dossierHolder}'`);
	assert.equal(row.length, 1);
	assert.equal(row[0].kind, 'remind_update_after');
	assert.equal(row[0].status, 'sent');
	assert.ok(row[0].period_id > 0 && row[0].dedupe_key.startsWith('remind:remind_update_after:'));

	// A second run, from the command line, sends nothing more.
	const before = smtp.messages().length;
	const r = runLia(['remind', '--db', srv.db, ...relayArgs(), '--public-url', base], { env: NL });
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /0 herinneringen in de wachtrij gezet/);
	await new Promise((res) => setTimeout(res, 1500));
	assert.equal(smtp.messages().length, before);
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM mail_outbox WHERE to_email = '${DEMO.dossierHolder}'`)), 1);
});

test('a recorded need for easy language gets the short message, in the account\'s language', async () => {
	const other = await startDemo(); // no relay: the server queues nothing itself
	try {
		sqlWrite(other.db, "UPDATE person SET communication_needs = 'Graag informatie in makkelijke taal.', consent_recorded_on = '2024-01-01' WHERE id = 6");
		sqlWrite(other.db, "UPDATE user_account SET lang = 'en' WHERE email = 'projectgroep@example.org'");
		const dry = runLia(['remind', '--db', other.db, '--dry-run'], { env: NL });
		assert.match(dry.stdout, /dossierhouder@example\.org\tRuud van Dijk\t.*\t3\teasy-read/);
		assert.doesNotMatch(dry.stdout, /projectgroep@example\.org.*easy-read/);
		const r = runLia(['remind', '--db', other.db, ...relayArgs(), '--public-url', 'https://lia.example.nl'], { env: NL });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /3 verstuurd, 0 niet afgeleverd/);
		const [easy] = await smtp.waitFor((x) => x.to === DEMO.dossierHolder && x.text.includes('lia.example.nl'));
		assert.match(easy.text, /U hebt 3 actiepunten\./);
		// Sent by a Dutch command line: the Date header still names days and months in English (RFC 5322).
		assert.match(easy.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
		assert.match(easy.text, /Schrijf op hoe het gaat\./);
		assert.doesNotMatch(easy.text, /voortgangsbericht nodig/, 'not the long message');
		assert.match(easy.html, /<a href="https:\/\/lia\.example\.nl\/sign-in\?next=[^"]+"[^>]*>Schrijf uw bericht<\/a>/);
		const [en] = await smtp.waitFor((x) => x.to === DEMO.member && x.text.includes('lia.example.nl'));
		assert.equal(en.subject, 'Reminder: progress updates are late');
		assert.equal(en.headers['content-language'], 'en');
		assert.match(en.html, /<html lang="en">/);
	} finally {
		const r = await other.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

test('--dry-run lists who would get what, and sends and records nothing', async () => {
	const received = smtp.messages().length;
	const quiet = await startDemo(); // no relay: nothing is queued by the server either
	try {
		const r = runLia(['remind', '--db', quiet.db, '--dry-run'], { env: NL });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /3 herinneringen zouden worden verstuurd/);
		assert.match(r.stdout, /remind_update_after\tdossierhouder@example\.org\tRuud van Dijk/);
		assert.equal(Number(sqlValue(quiet.db, 'SELECT count(*) FROM mail_outbox')), 0);
		// Without --dry-run the same three are queued (no relay: they wait).
		const q = runLia(['remind', '--db', quiet.db, '--public-url', 'https://lia.example.nl'], { env: EN });
		assert.equal(q.code, 0, q.stderr);
		assert.match(q.stdout, /3 reminders queued/);
		assert.match(q.stdout, /no SMTP relay that lia may use is set/);
		assert.equal(Number(sqlValue(quiet.db, "SELECT count(*) FROM mail_outbox WHERE status = 'queued'")), 3);
		// Now a dry run finds nothing left to send.
		const again = runLia(['remind', '--db', quiet.db, '--dry-run'], { env: EN });
		assert.match(again.stdout, /0 reminders would be sent/);
	} finally {
		const r = await quiet.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
	assert.equal(smtp.messages().length, received, 'nothing sent');
});

test('before the due date: a reminder from --remind-days days before, for updates and for assessments', async () => {
	const other = await startDemo();
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
	try {
		sqlWrite(other.db, `UPDATE reporting_period SET updates_due_on = '${day(3)}', assessments_due_on = '${day(20)}' WHERE id = 3`);
		// An update of the open period without the expert's assessment yet.
		sqlWrite(other.db, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at) VALUES (1, 3, 'in_uitvoering', 'groen', 'Het gaat goed.', 6, '2024-06-01T10:00:00Z')");
		const r = runLia(['remind', '--db', other.db, '--dry-run'], { env: EN });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /remind_update_before\tdossierhouder@example\.org\t/);
		assert.doesNotMatch(r.stdout, /remind_assess/, 'the assessments are due in 20 days: not yet');
		const later = runLia(['remind', '--db', other.db, '--dry-run', '--remind-days', '21'], { env: EN });
		assert.match(later.stdout, /remind_assess_before\tervaringsdeskundige@example\.org\tAnneke Lamers\t3e voortgangsrapportage 2024\t\d{4}-\d\d-\d\d\t1/);
		sqlWrite(other.db, `UPDATE reporting_period SET updates_due_on = '${day(30)}', assessments_due_on = '${day(30)}' WHERE id = 3`);
		const none = runLia(['remind', '--db', other.db, '--dry-run'], { env: EN });
		assert.match(none.stdout, /^lia: 0 reminders would be sent/);
		// The command line keeps the server's clock: moved 28 days on, the
		// due date is 2 days away (as the server's hourly reminders see it).
		const clockDir = tempDir('lia-clock-');
		try {
			const clockFile = path.join(clockDir, 'offset');
			fs.writeFileSync(clockFile, String(28 * 86400));
			const moved = runLia(['remind', '--db', other.db, '--dry-run'], { env: { ...EN, LIA_TEST_CLOCK_FILE: clockFile } });
			assert.match(moved.stdout, /remind_update_before\tdossierhouder@example\.org\t/);
		} finally {
			removeDir(clockDir);
		}
		// After the due date: the late reminders.
		sqlWrite(other.db, `UPDATE reporting_period SET updates_due_on = '${day(-3)}', assessments_due_on = '${day(-3)}' WHERE id = 3`);
		assert.match(runLia(['remind', '--db', other.db, '--dry-run'], { env: EN }).stdout, /remind_assess_after/);
	} finally {
		const r = await other.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

test('the reminder to assess leads through signing in to the expert\'s own list of updates waiting for them', async () => {
	const other = await startDemo(); // no relay: the reminder waits in the outbox, where the test reads it
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
	try {
		const b = other.url.replace(/\/$/, '');
		sqlWrite(other.db, `UPDATE reporting_period SET updates_due_on = '${day(2)}', assessments_due_on = '${day(5)}' WHERE id = 3`);
		sqlWrite(other.db, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at) VALUES (1, 3, 'in_uitvoering', 'groen', 'Het gaat goed.', 6, '2024-06-01T10:00:00Z')");
		const update = sqlValue(other.db, 'SELECT max(id) FROM progress_update WHERE action_point_id = 1 AND period_id = 3');
		const r = runLia(['remind', '--db', other.db, '--public-url', b], { env: NL });
		assert.equal(r.code, 0, r.stderr);
		const text = sqlValue(other.db, `SELECT body_text FROM mail_outbox WHERE to_email = '${DEMO.expert}' AND kind = 'remind_assess_before'`);
		assert.match(text, /Bekijk wat op uw oordeel wacht/);
		const link = new RegExp(`(${b.replace(/\./g, '\\.')}/sign-in\\?next=\\S+)`).exec(text)?.[1];
		assert.ok(link, `a link to this server in:\n${text}`);
		const a = agent(b);
		const page = await a.get(link.replace(b, ''));
		assert.equal(page.status, 200);
		const next = /name="next" value="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
		assert.equal(next, '/my-work');
		const signed = await answerCode(a, await a.post('/sign-in', { email: DEMO.expert, password: DEMO_PASSWORD, next }), DEMO.expert);
		assert.equal(signed.status, 303);
		const list = await a.get(signed.location);
		assert.equal(list.status, 200);
		assert.match(list.body, new RegExp(`href="/updates/${update}/assessment"`), 'the update that waits is there, with the way to assess it');
	} finally {
		const r = await other.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

test('a corrected update counts once in the reminder to assess: only its current version waits', async () => {
	const other = await startDemo(); // no relay
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
	try {
		sqlWrite(other.db, `UPDATE reporting_period SET updates_due_on = '${day(2)}', assessments_due_on = '${day(5)}' WHERE id = 3`);
		sqlWrite(other.db, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at) VALUES (1, 3, 'in_uitvoering', 'groen', 'Het gaat goed.', 6, '2024-06-01T10:00:00Z')");
		const first = sqlValue(other.db, 'SELECT max(id) FROM progress_update WHERE action_point_id = 1 AND period_id = 3');
		const dry = () => runLia(['remind', '--db', other.db, '--dry-run'], { env: EN }).stdout;
		assert.match(dry(), /remind_assess_before\tervaringsdeskundige@example\.org\tAnneke Lamers\t[^\t]+\t[^\t]+\t1\n/);
		// Its author corrects it before the expert got to it.
		sqlWrite(other.db, `INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at, corrects, corrected_part, corrected_by) VALUES (1, 3, 'in_uitvoering', 'groen', 'Het gaat goed, met een verbetering.', 6, '2024-06-02T10:00:00Z', ${first}, 'update', 6)`);
		assert.match(dry(), /remind_assess_before\tervaringsdeskundige@example\.org\tAnneke Lamers\t[^\t]+\t[^\t]+\t1\n/, 'still one update waits');
	} finally {
		const r = await other.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

test('the command line refuses a relay it cannot use, saying what to write', async () => {
	const bad = runLia(['remind', '--db', srv.db, '--smtp-url', 'http://mail.example.nl'], { env: NL });
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /--smtp-url heeft een adres nodig zoals smtp:\/\/mail\.example\.nl:587/);
	const noFrom = runLia(['remind', '--db', srv.db, '--smtp-url', 'smtp://127.0.0.1:1'], { env: EN });
	assert.equal(noFrom.code, 2);
	assert.match(noFrom.stderr, /--smtp-from needs the sender's e-mail address/);
	const help = runLia(['serve', '--help'], { env: EN });
	for (const o of ['--smtp-url', '--smtp-from', '--smtp-user', '--smtp-password-file', '--smtp-plain', '--mail-interval', '--remind-days', '--no-reminders', '--public-url'])
		assert.ok(help.stdout.includes(o), `lia serve --help names ${o}`);
});

test('lia remind refuses to queue messages without the site\'s address for their link, and queues nothing', async () => {
	const quiet = await startDemo(); // no relay
	try {
		sqlWrite(quiet.db, "UPDATE user_account SET lang = 'nl'");
		const r = runLia(['remind', '--db', quiet.db], { env: NL });
		assert.equal(r.code, 2, r.stdout);
		assert.match(r.stderr, /--public-url is nodig voor de link in de berichten: het adres van de site, zoals https:\/\/lia\.example\.nl/);
		const slash = runLia(['remind', '--db', quiet.db, '--public-url', 'https://lia.example.nl/'], { env: EN });
		assert.equal(slash.code, 2);
		assert.match(slash.stderr, /--public-url needs the site's address like https:\/\/lia\.example\.nl \(no \/ at the end\), not 'https:\/\/lia\.example\.nl\/'/);
		const word = runLia(['remind', '--db', quiet.db, '--public-url', 'lia.example.nl'], { env: EN });
		assert.equal(word.code, 2);
		assert.equal(Number(sqlValue(quiet.db, 'SELECT count(*) FROM mail_outbox')), 0, 'nothing queued');
		// A dry run needs no address: it writes no message.
		assert.equal(runLia(['remind', '--db', quiet.db, '--dry-run'], { env: EN }).code, 0);
	} finally {
		const r = await quiet.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

test('an invitation arrives, its link works once, and the new account can sign in', async () => {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const form = await coord.get('/invitations/new');
	assert.equal(form.status, 200);
	assert.match(form.body, /<h1>Iemand uitnodigen per e-mail<\/h1>/);
	const r = await coord.post('/invitations', { email: 'nieuw@example.org', display_name: 'Nieuwe Collega', role: 'reader', lang: 'nl' });
	assert.equal(r.status, 303, r.body);
	assert.equal(r.location, '/mail');
	const [m] = await smtp.waitFor((x) => x.to === 'nieuw@example.org');
	assert.equal(m.subject, 'U bent uitgenodigd voor lia');
	assert.match(m.text, /^Beste Nieuwe Collega,/);
	const link = linkIn(m.text);
	assert.ok(link?.startsWith(base), `a link to this server in: ${m.text}`);
	assert.ok(m.html.includes(link), 'the same link in the HTML part');
	const token = new URL(link).searchParams.get('token');

	// Only the digest is kept; the sent message no longer holds the token.
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM account_link WHERE token_hash = '${token}'`)), 0);
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM mail_outbox WHERE body_text LIKE '%${token}%' OR body_html LIKE '%${token}%'`)), 0);
	assert.equal(sqlValue(srv.db, "SELECT password_hash FROM user_account WHERE email = 'nieuw@example.org'"), null);

	const a = agent(base);
	const json = await agent(base).get('/api/v1' + pathOf(link), { headers: { accept: 'application/json' } });
	assert.equal(json.status, 200);
	const valid = contractAjv().getSchema('password_form.json');
	assert.ok(valid(json.json), showErrors(valid.errors));
	assert.equal(json.json.email, 'nieuw@example.org');
	assert.equal(json.json.is_invitation, true);
	const page = await a.get(pathOf(link));
	assert.equal(page.status, 200);
	assert.match(page.body, /<h1>Kies uw wachtwoord<\/h1>/);
	assert.match(page.body, /nieuw@example\.org/);
	const short = await a.post('/password', { token, password: 'kort', password_confirm: 'kort' });
	assert.equal(short.status, 422);
	assert.match(short.body, /te kort/);
	const differ = await a.post('/password', { token, password: 'zeven blauwe olifanten dansen', password_confirm: 'zeven blauwe olifanten zingen' });
	assert.equal(differ.status, 422);
	assert.match(differ.body, /niet hetzelfde/);
	// The same rules as everywhere a password is set (core/password.c): a common one is refused.
	const common = await a.post('/password', { token, password: 'wachtwoord1234', password_confirm: 'wachtwoord1234' });
	assert.equal(common.status, 422);
	assert.doesNotMatch(common.body, /te kort/);
	const ok = await a.post('/password', { token, password: 'zeven blauwe olifanten dansen', password_confirm: 'zeven blauwe olifanten dansen' });
	assert.equal(ok.status, 303, ok.body);
	assert.equal(ok.location, '/sign-in');
	const again = await a.post('/password', { token, password: 'rode kikkers springen hoog', password_confirm: 'rode kikkers springen hoog' });
	assert.equal(again.status, 404);
	assert.match(again.body, /werkt niet \(meer\)/);
	assert.equal((await agent(base).get(pathOf(link))).status, 404, 'the link is used up');
	await signIn(base, 'nieuw@example.org', 'zeven blauwe olifanten dansen');

	// Audited: the account made by the coordinator, the link, the password set.
	const audit = sql(srv.db, "SELECT action, entity, after_json FROM audit_entry WHERE entity IN ('user_account', 'account_link') ORDER BY id DESC LIMIT 12");
	assert.ok(audit.some((e) => e.entity === 'user_account' && e.action === 'create' && (e.after_json ?? '').includes('"invited":true')));
	assert.ok(audit.some((e) => e.entity === 'user_account' && (e.after_json ?? '').includes('"password_changed":true')));
	assert.ok(!audit.some((e) => (e.after_json ?? '').includes(token)), 'never the token');

	// An address with an account already: refused, with what to do.
	const dup = await coord.post('/invitations', { email: 'nieuw@example.org', display_name: 'X', role: 'reader', lang: 'nl' });
	assert.equal(dup.status, 422);
	assert.match(dup.body, /heeft al een account/);
});

test('only the coordinator invites and sees the outbox', async () => {
	const holder = await signIn(base, DEMO.dossierHolder);
	assert.equal((await holder.get('/mail')).status, 403);
	assert.equal((await holder.get('/invitations/new')).status, 403);
	const r = await holder.post('/invitations', { email: 'x@example.org', display_name: 'X', role: 'coordinator', lang: 'nl' });
	assert.equal(r.status, 403);
	assert.equal(Number(sqlValue(srv.db, "SELECT count(*) FROM user_account WHERE email = 'x@example.org'")), 0);
	const anon = await agent(base).get('/mail');
	assert.notEqual(anon.status, 200);
});

test('forgot password: the same answer for known and unknown addresses; a link only for the known one', async () => {
	const a = agent(base);
	const form = await a.get('/forgot-password');
	assert.equal(form.status, 200);
	assert.match(form.body, /<h1>Wachtwoord vergeten<\/h1>/);
	const sign = await a.get('/sign-in');
	assert.match(sign.body, /<a href="\/forgot-password">/);
	const known = await a.post('/forgot-password', { email: DEMO.expert });
	const unknown = await a.post('/forgot-password', { email: 'niemand-hier@example.org' });
	assert.equal(known.status, 200);
	assert.equal(unknown.status, known.status);
	assert.equal(stripCsrf(unknown.body), stripCsrf(known.body));
	assert.match(textOf(known.body), /Als dit adres bij een account hoort/);
	const [m] = await smtp.waitFor((x) => x.to === DEMO.expert && x.subject === 'Een nieuw wachtwoord voor lia');
	assert.ok(linkIn(m.text));
	await new Promise((res) => setTimeout(res, 1500));
	assert.equal(smtp.messages().filter((x) => x.to === 'niemand-hier@example.org').length, 0);
	// JSON says the same for both, too.
	const kj = await a.postJson('/forgot-password', { email: DEMO.reader });
	const uj = await a.postJson('/forgot-password', { email: 'ook-niemand@example.org' });
	assert.equal(kj.status, 200);
	assert.deepEqual(uj.json, kj.json);
});

test('forgot password is throttled per address, the same way for unknown addresses', async () => {
	const a = agent(base);
	await a.get('/forgot-password');
	for (const email of ['lezer@example.org', 'onbekend@example.org']) {
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push((await a.post('/forgot-password', { email })).status);
		// lezer@ had one request in the test before.
		const limit = email === 'lezer@example.org' ? [200, 200, 429, 429] : [200, 200, 200, 429];
		assert.deepEqual(answers, limit, email);
	}
	const r = await a.post('/forgot-password', { email: 'onbekend@example.org' });
	assert.match(r.body, /te vaak een nieuw wachtwoord gevraagd/);
});

test('using a reset link changes the password, signs out every other session and revokes the API tokens', async () => {
	const elsewhere = await signIn(base, DEMO.member);
	assert.equal((await elsewhere.get('/mail')).status, 403, 'signed in (a member, not the coordinator)');
	// A token made before the reset (perhaps by whoever knew the old password).
	const made = await elsewhere.postJson('/api/v1/account/tokens', { name: 'Voor het herstel', days: '365', token_password: DEMO_PASSWORD });
	assert.equal(made.status, 201, made.body);
	const call = () => fetch(`${base}/api/v1/periods/1/quality`, { headers: { authorization: `Bearer ${made.json.token}`, accept: 'application/json' } });
	assert.equal((await call()).status, 200);
	const a = agent(base);
	await a.get('/forgot-password');
	await a.post('/forgot-password', { email: DEMO.member });
	const [m] = await smtp.waitFor((x) => x.to === DEMO.member && x.subject === 'Een nieuw wachtwoord voor lia');
	const link = linkIn(m.text);
	const token = new URL(link).searchParams.get('token');
	await a.get(pathOf(link));
	const ok = await a.post('/password', { token, password: 'rode kikkers springen hoog', password_confirm: 'rode kikkers springen hoog' });
	assert.equal(ok.status, 303);
	const after = await elsewhere.get('/people');
	assert.notEqual(after.status, 200, 'the other session ended');
	assert.equal((await call()).status, 401, 'the token no longer works');
	assert.notEqual(sqlValue(srv.db, `SELECT revoked_at FROM api_token WHERE id = ${made.json.id}`), null);
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM audit_entry WHERE entity = 'api_token' AND entity_id = ${made.json.id}
		AND action = 'update'`)), 1, 'revoking it is audited');
	await signIn(base, DEMO.member, 'rode kikkers springen hoog');
	await assert.rejects(signIn(base, DEMO.member), /sign-in as/);
});

test('a relay that refuses: tried again with a growing wait, then shown as not delivered; the coordinator can try again', async () => {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	smtp.refuse('451 4.3.0 probeer het later');
	await coord.post('/invitations', { email: 'later@example.org', display_name: 'Later', role: 'reader', lang: 'en' });
	const id = Number(sqlValue(srv.db, "SELECT id FROM mail_outbox WHERE to_email = 'later@example.org'"));
	const deadline = Date.now() + 20000;
	while (Number(sqlValue(srv.db, `SELECT attempts FROM mail_outbox WHERE id = ${id}`)) < 2 && Date.now() < deadline)
		await new Promise((res) => setTimeout(res, 200));
	const row = sql(srv.db, `SELECT status, attempts, last_error FROM mail_outbox WHERE id = ${id}`)[0];
	assert.equal(row.status, 'queued');
	assert.ok(row.attempts >= 2, `tried again: ${JSON.stringify(row)}`);
	const waits = sql(srv.db, `SELECT next_attempt_at FROM mail_outbox WHERE id = ${id}`)[0].next_attempt_at;
	assert.ok(Date.parse(waits) > Date.now() - 1000, `the next attempt is later: ${waits}`);
	assert.match(row.last_error, /451/);
	const page = await coord.get('/mail');
	assert.equal(page.status, 200);
	assert.match(page.body, /Wordt opnieuw geprobeerd/);
	assert.match(page.body, /451/);

	// Refused for good (550): not delivered, at once, and said so.
	smtp.refuse('550 5.1.1 onbekende ontvanger');
	await coord.post('/invitations', { email: 'fout@example.org', display_name: 'Fout', role: 'reader', lang: 'nl' });
	const bad = Number(sqlValue(srv.db, "SELECT id FROM mail_outbox WHERE to_email = 'fout@example.org'"));
	const end = Date.now() + 20000;
	while (sqlValue(srv.db, `SELECT status FROM mail_outbox WHERE id = ${bad}`) !== 'failed' && Date.now() < end)
		await new Promise((res) => setTimeout(res, 200));
	assert.equal(sqlValue(srv.db, `SELECT status FROM mail_outbox WHERE id = ${bad}`), 'failed');
	const shown = await coord.get('/mail');
	assert.match(shown.body, /Sommige berichten konden niet worden afgeleverd/);
	assert.match(shown.body, /Niet afgeleverd/);
	assert.match(shown.body, /550/);
	const json = await coord.get('/mail', { headers: { accept: 'application/json' } });
	const failed = json.json.messages.find((x) => x.id === bad);
	assert.equal(failed.status, 'failed');
	assert.equal(json.json.counts.failed >= 1, true);

	// The relay takes mail again; the coordinator tries the failed ones again
	// (the one refused for now may have met the 550 at its next attempt too).
	smtp.refuse(null);
	const retry = await coord.post(`/mail/${bad}/retry`, {});
	assert.equal(retry.status, 303);
	if (sqlValue(srv.db, `SELECT status FROM mail_outbox WHERE id = ${id}`) === 'failed')
		assert.equal((await coord.post(`/mail/${id}/retry`, {})).status, 303);
	const [resent] = await smtp.waitFor((x) => x.to === 'fout@example.org');
	// Tried again: a new token made at sending, so its link works.
	const relink = linkIn(resent.text);
	assert.ok(relink, `a link with a token in: ${resent.text}`);
	const repage = await agent(base).get(pathOf(relink));
	assert.equal(repage.status, 200, 'the link of the message tried again works');
	assert.match(repage.body, /<h1>Kies uw wachtwoord<\/h1>/);
	// The one refused for now comes at its next attempt, whose wait grew
	// with every refusal (1, 2, 4 ... seconds with --mail-interval 1).
	const next = Date.parse(sqlValue(srv.db, `SELECT next_attempt_at FROM mail_outbox WHERE id = ${id}`));
	await smtp.waitFor((x) => x.to === 'later@example.org', 1, Math.max(0, next - Date.now()) + 20000);
	const sent = sql(srv.db, `SELECT status FROM mail_outbox WHERE id IN (${id}, ${bad})`).map((x) => x.status);
	assert.deepEqual(sent, ['sent', 'sent']);
	// A message that was delivered is not tried again.
	const twice = await coord.post(`/mail/${bad}/retry`, {});
	assert.equal(twice.status, 409);
	assert.equal(smtp.messages().filter((x) => x.to === 'fout@example.org').length, 1, 'never sent twice');
});

test('the mail server settings: checked, saved, audited, the password never shown back', async () => {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	const wrong = await coord.post('/mail/settings', { smtp_url: 'http://mail.example.nl', smtp_from: 'lia@example.nl' });
	assert.equal(wrong.status, 422);
	assert.match(wrong.body, /smtp:\/\/naam:poort/);
	const ok = await coord.post('/mail/settings', { smtp_url: 'smtp://mail.example.nl:587', smtp_from: 'lia@example.nl', smtp_user: 'lia', smtp_password: 'geheim-wachtwoord-123' });
	assert.equal(ok.status, 303);
	const page = await coord.get('/mail');
	assert.doesNotMatch(page.body, /geheim-wachtwoord-123/);
	assert.match(page.body, /Er is een wachtwoord voor de mailserver opgeslagen/);
	assert.match(page.body, /value="smtp:\/\/mail\.example\.nl:587"/);
	const json = await coord.get('/mail', { headers: { accept: 'application/json' } });
	assert.doesNotMatch(JSON.stringify(json.json), /geheim-wachtwoord-123/);
	assert.equal(json.json.is_password_set, true);
	assert.equal(json.json.is_set_on_command_line, true);
	const audit = sql(srv.db, "SELECT after_json FROM audit_entry WHERE entity = 'mail_setting'");
	assert.equal(audit.length, 1);
	assert.doesNotMatch(audit[0].after_json, /geheim/);
	// Empty password field: the saved one stays.
	await coord.post('/mail/settings', { smtp_url: 'smtp://mail.example.nl:587', smtp_from: 'lia@example.nl', smtp_user: 'lia', smtp_password: '' });
	assert.equal(sqlValue(srv.db, 'SELECT smtp_password FROM mail_setting'), 'geheim-wachtwoord-123');
});

test('a one-time link is stored nowhere: its token is made at sending, only the digest kept, an earlier one replaced', async () => {
	const coord = await sharedSignIn(base, DEMO.coordinator);
	smtp.refuse('451 4.3.0 even niet');
	await coord.post('/invitations', { email: 'geheim@example.org', display_name: 'Geheim', role: 'reader', lang: 'nl' });
	const id = Number(sqlValue(srv.db, "SELECT id FROM mail_outbox WHERE to_email = 'geheim@example.org'"));
	const deadline = Date.now() + 20000;
	while (Number(sqlValue(srv.db, `SELECT attempts FROM mail_outbox WHERE id = ${id}`)) < 1 && Date.now() < deadline)
		await new Promise((res) => setTimeout(res, 200));
	// Waiting in the outbox (as without a relay): a copy of the database now.
	const waiting = dumpAll(srv.db);
	const digestOf = () => sqlValue(srv.db, "SELECT l.token_hash FROM account_link l JOIN user_account u ON u.id = l.user_id WHERE u.email = 'geheim@example.org'");
	const digestThen = digestOf();
	assert.ok(digestThen);
	smtp.refuse(null);
	const [m] = await smtp.waitFor((x) => x.to === 'geheim@example.org', 1, 30000);
	const link = linkIn(m.text);
	assert.ok(link, m.text);
	assert.ok(m.html.includes(link), 'the same link in the HTML part');
	const token = new URL(link).searchParams.get('token');
	assert.equal(token.length, 43);
	const end = Date.now() + 10000;
	while (sqlValue(srv.db, `SELECT status FROM mail_outbox WHERE id = ${id}`) !== 'sent' && Date.now() < end)
		await new Promise((res) => setTimeout(res, 200));
	const sent = dumpAll(srv.db);
	assert.ok(sent.includes('geheim@example.org'), 'the dump holds the data');
	assert.ok(!waiting.includes(token), 'no row held the token while the message waited');
	assert.ok(!sent.includes(token), 'no row holds the token after sending');
	const digestNow = digestOf();
	assert.notEqual(digestNow, digestThen, 'each attempt replaces the digest: an earlier token never works');
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM mail_outbox m JOIN account_link l ON l.id = m.link_id WHERE m.id = ${id} AND l.token_hash = '${digestNow}'`)), 1, 'the message refers to its link');
	const page = await agent(base).get(pathOf(link));
	assert.equal(page.status, 200, 'the delivered link works');
	// Audited as the system, without the token or its digest.
	const audit = sql(srv.db, "SELECT after_json FROM audit_entry WHERE entity = 'account_link' AND after_json LIKE '%token_renewed%'");
	assert.ok(audit.length >= 2, 'each new token is audited');
	assert.ok(!audit.some((e) => e.after_json.includes(token) || e.after_json.includes(digestNow)));
});

test('smtp:// needs TLS: a relay without STARTTLS gets nothing unless --smtp-plain, and never a password in clear', async () => {
	const received = smtp.messages().length;
	const other = await startDemo(); // no relay of its own
	try {
		const r = runLia(['remind', '--db', other.db, '--public-url', 'https://lia.example.nl', '--smtp-url', smtp.url, '--smtp-from', FROM], { env: EN });
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /sent 0, not delivered 3/);
		const rows = sql(other.db, 'SELECT status, last_error FROM mail_outbox');
		assert.equal(rows.length, 3);
		for (const row of rows) {
			assert.equal(row.status, 'failed');
			assert.match(row.last_error, /offers no TLS \(STARTTLS\).*does not send mail in clear text/);
		}
		const coord = await signIn(other.url.replace(/\/$/, ''), DEMO.coordinator);
		const page = await coord.get('/mail');
		assert.match(page.body, /Niet afgeleverd/);
		assert.match(page.body, /offers no TLS/);
	} finally {
		const r = await other.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
	await new Promise((res) => setTimeout(res, 500));
	assert.equal(smtp.messages().length, received, 'nothing went out in clear');
	const both = runLia(['remind', '--db', srv.db, '--public-url', 'https://lia.example.nl', '--smtp-url', smtp.url, '--smtp-from', FROM, '--smtp-plain', '--smtp-user', 'lia'], { env: NL, input: '' });
	assert.equal(both.code, 2);
	assert.match(both.stderr, /--smtp-plain kan niet samen met --smtp-user of --smtp-password-file/);
	const envPw = runLia(['remind', '--db', srv.db, '--public-url', 'https://lia.example.nl', '--smtp-url', smtp.url, '--smtp-from', FROM, '--smtp-plain', '--smtp-password-file', '/dev/null'], { env: EN });
	assert.equal(envPw.code, 2);
	assert.match(envPw.stderr, /--smtp-plain cannot be used with --smtp-user or --smtp-password-file/);
	const tls = runLia(['remind', '--db', srv.db, '--public-url', 'https://lia.example.nl', '--smtp-url', 'smtps://127.0.0.1:1', '--smtp-from', FROM, '--smtp-plain'], { env: EN });
	assert.equal(tls.code, 2);
	assert.match(tls.stderr, /--smtp-plain is for an smtp:\/\/ address only/);
	assert.equal(smtp.messages().length, received);
});

test('an update corrected before its assessment waits once in the expert\'s reminder, not twice', async () => {
	const other = await startDemo();
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
	try {
		sqlWrite(other.db, `UPDATE reporting_period SET updates_due_on = '${day(30)}', assessments_due_on = '${day(3)}' WHERE id = 3`);
		sqlWrite(other.db, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at) VALUES (1, 3, 'in_uitvoering', 'groen', 'Het gaat goed.', 6, '2024-06-01T10:00:00Z')");
		const first = runLia(['remind', '--db', other.db, '--dry-run'], { env: EN });
		assert.match(first.stdout, /remind_assess_before\tervaringsdeskundige@example\.org\t[^\n]*\t1\n/);
		const orig = sqlValue(other.db, "SELECT max(id) FROM progress_update WHERE action_point_id = 1 AND period_id = 3");
		sqlWrite(other.db, `INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at, corrects, corrected_part, corrected_by) VALUES (1, 3, 'in_uitvoering', 'groen', 'Het gaat goed, verbeterd.', 6, '2024-06-02T10:00:00Z', ${orig}, 'update', 6)`);
		const r = runLia(['remind', '--db', other.db, '--dry-run'], { env: EN });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /remind_assess_before\tervaringsdeskundige@example\.org\t[^\n]*\t1\n/, r.stdout);
		// And the message says one.
		const q = runLia(['remind', '--db', other.db, ...relayArgs(), '--public-url', 'https://correctie.example.nl'], { env: NL });
		assert.equal(q.code, 0, q.stdout + q.stderr);
		const [m] = await smtp.waitFor((x) => x.to === DEMO.expert && x.text.includes('correctie.example.nl'), 1, 20000);
		assert.equal(m.subject, 'Herinnering: geef uw oordeel');
		assert.match(m.text, /wacht 1 voortgangsbericht op het oordeel/);
	} finally {
		const r = await other.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});
