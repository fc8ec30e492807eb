// HTTP tests of what a Dutch government website must show (issue 14): the
// accessibility statement (/accessibility), the privacy and cookie page
// (/privacy) and /.well-known/security.txt (RFC 9116), all from lia serve's
// options (src/pages/govsite.h), and linked from the footer of every page.
// One server without the municipality's facts (what must then show: marked
// places to fill, and no security.txt), one with them.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/govsite.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { startDemo, runLia, tempDir, removeDir } from '../lib/server.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';
import { textOf, norm, mainOf, links } from '../lib/http.mjs';

const EN = { headers: { 'accept-language': 'en' } };
const words = (html) => norm(textOf(mainOf(html)));
const FACTS = ['--contact-email', 'toegankelijkheid@gemeente.example', '--privacy-email', 'fg@gemeente.example',
	'--statement-status', 'b', '--statement-date', '2026-03-31', '--statement-url', 'https://www.toegankelijkheidsverklaring.nl/register/99999',
	'--security-contact', 'mailto:security@gemeente.example', '--security-expires', '2099-06-30', '--public-url', 'https://lia.gemeente.example'];

let bare, full, bareBase, fullBase;

before(async () => {
	bare = await startDemo();
	full = await startDemo({ args: FACTS });
	bareBase = bare.url.replace(/\/$/, '');
	fullBase = full.url.replace(/\/$/, '');
});

after(async () => {
	if (bare) await bare.cleanup();
	if (full) await full.cleanup();
});

test('security.txt does not exist without a configured contact: no made-up contacts', async () => {
	const r = await fetch(`${bareBase}/.well-known/security.txt`);
	assert.equal(r.status, 404);
	assert.doesNotMatch(await r.text(), /Contact:/);
	assert.equal((await fetch(`${bareBase}/api/v1/.well-known/security.txt`)).status, 404);
});

test('security.txt has the RFC 9116 fields from the options, as plain text, and sets no cookie', async () => {
	const r = await fetch(`${fullBase}/.well-known/security.txt`, { headers: { 'accept-language': 'nl' } });
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^text\/plain; charset=utf-8$/);
	assert.deepEqual(r.headers.getSetCookie(), [], 'no cookie on security.txt');
	const body = await r.text();
	assert.ok(body.endsWith('\n'));
	const lines = body.split('\n').filter((l) => l !== '');
	// Every line is a comment or "Field: value" (RFC 9116, 4).
	for (const l of lines) assert.match(l, /^(#.*|[A-Za-z-]+: \S.*)$/, `line: ${l}`);
	const fields = Object.fromEntries(lines.filter((l) => !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
	assert.equal(fields.Contact, 'mailto:security@gemeente.example');
	assert.match(fields.Expires, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'Expires in RFC 3339 (Internet date/time)');
	assert.equal(fields.Expires, '2099-06-30T23:59:59Z');
	assert.ok(Date.parse(fields.Expires) > Date.now());
	assert.equal(fields['Preferred-Languages'], 'nl, en');
	assert.equal(fields.Canonical, 'https://lia.gemeente.example/.well-known/security.txt');
	// Expires appears exactly once, Contact at least once (RFC 9116, 2.5.3 and 2.5.5).
	assert.equal(lines.filter((l) => l.startsWith('Expires:')).length, 1);
});

test('lia refuses options for these pages that are wrong, and says which', () => {
	const dir = tempDir('lia-govsite-');
	try {
		const db = path.join(dir, 'x.db');
		const cases = [
			[['--security-contact', 'mailto:a@b.example'], /--security-contact en --security-expires horen bij elkaar/],
			[['--security-expires', '2099-01-01'], /--security-contact en --security-expires horen bij elkaar/],
			[['--security-contact', 'security@b.example', '--security-expires', '2099-01-01'], /mailto:/],
			[['--security-contact', 'mailto:a@b.example', '--security-expires', '2001-01-01'], /na vandaag/],
			[['--security-contact', 'mailto:a@b.example', '--security-expires', '2099-02-30'], /2026-12-31/],
			[['--statement-status', 'F'], /A, B, C, D of E/],
			[['--statement-date', '31-03-2026'], /2026-03-31/],
			[['--statement-url', 'http://example.nl'], /https:\/\//],
			[['--contact-email', 'geen-adres'], /e-mailadres/],
			[['--public-url', 'https://lia.example.nl/'], /geen \/ aan het eind/],
		];
		for (const [args, why] of cases) {
			const r = runLia(['demo', '--db', db, '--port', '0', '--quiet', ...args], { env: { LANG: 'nl_NL.UTF-8', LANGUAGE: 'nl' }, timeout: 10_000 });
			assert.equal(r.code, 2, `${args.join(' ')}: exit code ${r.code}, ${r.stdout} ${r.stderr}`);
			assert.match(r.stderr, why, args.join(' '));
		}
	} finally {
		removeDir(dir);
	}
});

test('every page links to the accessibility statement and the privacy page in its footer', async () => {
	const me = await signIn(bareBase, DEMO.coordinator);
	for (const [who, get] of [['public', (p, o) => agent(bareBase).get(p, o)], ['coordinator', (p, o) => me.get(p, o)]]) {
		for (const p of ['/', '/themes', '/actions/1', '/sign-in', '/accessibility', '/privacy', '/no-such-page', '/audit']) {
			if (who === 'public' && p === '/audit') continue;
			for (const opts of [{}, EN]) {
				const r = await get(p, opts);
				if (who === 'coordinator' && p === '/sign-in') continue; // sent on: 303
				const footer = r.body.slice(r.body.indexOf('<footer'));
				assert.ok(r.body.includes('<footer'), `${p} as ${who}: a footer`);
				const hrefs = links(footer).map((l) => l.href ?? l);
				assert.ok(footer.includes('href="/accessibility"'), `${p} as ${who}: no link to /accessibility in ${hrefs}`);
				assert.ok(footer.includes('href="/privacy"'), `${p} as ${who}: no link to /privacy`);
			}
		}
	}
	const nl = await agent(bareBase).get('/');
	assert.match(nl.body, /<footer[\s\S]*<nav aria-label="Over deze site">[\s\S]*>Toegankelijkheid<\/a>[\s\S]*>Privacy en cookies<\/a>/);
});

test('the accessibility statement without the municipality\'s facts: lia\'s tests and limits, and marked places to fill', async () => {
	const r = await agent(bareBase).get('/accessibility');
	assert.equal(r.status, 200);
	assert.match(r.body, /<h1>Toegankelijkheidsverklaring<\/h1>/);
	const t = words(r.body);
	for (const s of ['axe-core', 'WCAG 2.2 niveau AA', '320 pixels', 'Alleen met het toetsenbord', 'Zonder JavaScript',
		'Safari', 'afgebroken', 'WCAG-EM', 'Nationale ombudsman', 'Algemene wet bestuursrecht'])
		assert.ok(t.includes(s), `"${s}" is on the page`);
	assert.equal((r.body.match(/class="notice"/g) ?? []).length, 2, 'two places to fill: the statement and the contact');
	assert.match(t, /Nog in te vullen door de gemeente: de status/);
	assert.match(t, /Nog in te vullen door de gemeente: haar e-mailadres/);
	assert.doesNotMatch(r.body, /mailto:/, 'no made-up contact');
	const j = await agent(bareBase).get('/api/v1/accessibility');
	assert.equal(j.status, 200);
	assert.equal(j.json.municipality.configured, false);
	assert.equal(j.json.municipality.status, null);
	assert.equal(j.json.municipality.contact_email, null);
	assert.ok(j.json.checks.length >= 5 && j.json.limitations.length >= 3);
	const en = await agent(bareBase).get('/accessibility', EN);
	assert.match(en.body, /<h1>Accessibility statement<\/h1>/);
	assert.ok(words(en.body).includes('To be filled in by the municipality'));
});

test('the accessibility statement with the municipality\'s facts: status, date in words, its statement, the contact', async () => {
	const r = await agent(fullBase).get('/accessibility');
	const t = words(r.body);
	assert.ok(t.includes('B: voldoet gedeeltelijk'), t.slice(0, 600));
	assert.ok(t.includes('31 maart 2026'));
	assert.ok(r.body.includes('href="https://www.toegankelijkheidsverklaring.nl/register/99999"'));
	assert.ok(r.body.includes('href="mailto:toegankelijkheid@gemeente.example"'));
	assert.doesNotMatch(r.body, /class="notice"/, 'nothing left to fill');
	const en = words((await agent(fullBase).get('/accessibility', EN)).body);
	assert.ok(en.includes('B: meets part of the requirements') && en.includes('31 March 2026'), en.slice(0, 600));
	const j = (await agent(fullBase).get('/api/v1/accessibility')).json;
	assert.deepEqual(j.municipality, {
		configured: true, status: 'B', status_text: 'B: voldoet gedeeltelijk', date: '2026-03-31', date_text: '31 maart 2026',
		url: 'https://www.toegankelijkheidsverklaring.nl/register/99999', contact_email: 'toegankelijkheid@gemeente.example',
	});
});

/** Name -> Max-Age of the cookies a response sets (null: none, it ends with the
 * browser; those it clears, Max-Age=0, left out). */
function setCookies(res) {
	const out = {};
	for (const c of res.headers.getSetCookie()) {
		const [pair, ...attrs] = c.split(';').map((s) => s.trim());
		const name = pair.slice(0, pair.indexOf('='));
		const value = pair.slice(pair.indexOf('=') + 1);
		const attr = attrs.find((a) => /^max-age=/i.test(a));
		const age = attr ? Number(attr.split('=')[1]) : null;
		assert.ok(attrs.some((a) => /^httponly$/i.test(a)), `${name} is HttpOnly`);
		if (age === null ? value !== '' : age > 0) out[name] = age;
	}
	return out;
}

test('the privacy page names every cookie lia really sets, with its lifetime, and says why none needs consent', async () => {
	// Make lia set each of its cookies, as a browser would meet them.
	const seen = {};
	const a = agent(bareBase);
	const collect = (r) => Object.assign(seen, setCookies(r));
	collect(await a.get('/sign-in'));                         // the pre-session CSRF cookie
	collect(await a.get('/themes?lang=en'));                  // the chosen language
	const signedIn = await a.post('/sign-in', { email: DEMO.reader, password: 'tulp molen fiets klomp', next: '/' });
	assert.equal(signedIn.status, 303);
	collect(signedIn);                                        // the session, and the flash message
	collect(await a.get('/'));
	collect(await a.post('/sign-out', {}));
	// The second factor's pending sign-in (an account with a code).
	const b = agent(bareBase);
	await b.get('/sign-in');
	collect(await b.post('/sign-in', { email: DEMO.coordinator, password: 'tulp molen fiets klomp', next: '/' }));
	assert.deepEqual(Object.keys(seen).sort(), ['__Host-lia_csrf', '__Host-lia_pending', '__Host-lia_session', 'lia_flash', 'lia_lang'],
		'the cookies this test makes lia set (a new cookie needs a row on the page and a step here)');

	const j = (await agent(bareBase).get('/api/v1/privacy')).json;
	const named = Object.fromEntries(j.cookies.map((c) => [c.name, c.max_age_s]));
	assert.deepEqual(named, seen, 'the page names exactly the cookies lia sets, each with the Max-Age it sends');
	for (const c of j.cookies) assert.ok(c.purpose.length > 20 && c.lifetime.length > 0, c.name);

	for (const [opts, lang] of [[{}, 'nl'], [EN, 'en']]) {
		const r = await agent(bareBase).get('/privacy', opts);
		assert.equal(r.status, 200);
		for (const name of Object.keys(seen)) assert.ok(r.body.includes(`<code>${name}</code>`), `${lang}: ${name} in the table`);
		const t = words(r.body);
		assert.ok(lang === 'nl' ? t.includes('U hoeft geen toestemming te geven voor deze cookies') : t.includes('You do not have to agree to these cookies'));
	}
});

test('the privacy page says what lia keeps, who sees it, how long, and how to use one\'s rights at the municipality', async () => {
	const bareNl = await agent(bareBase).get('/privacy');
	const t = words(bareNl.body);
	for (const s of ['Communicatiebehoeften', 'gezondheid', 'Afgeschermde aantekeningen', 'IP-adres', 'logboek van wijzigingen',
		'argon2id', 'artikel 15', 'artikel 16', 'artikel 17', 'Autoriteit Persoonsgegevens', 'binnen een maand'])
		assert.ok(t.includes(s), `"${s}" on the page`);
	assert.match(t, /Nog in te vullen door de gemeente: haar e-mailadres/);
	assert.doesNotMatch(bareNl.body, /mailto:/);
	const j = (await agent(bareBase).get('/api/v1/privacy')).json;
	assert.ok(j.data.length >= 6);
	for (const d of j.data) for (const k of ['what', 'why', 'who', 'kept']) assert.ok(d[k].length > 5, `${d.what}: ${k}`);
	assert.deepEqual(j.municipality, { configured: false, contact_email: null, privacy_email: null });

	const full = await agent(fullBase).get('/privacy');
	assert.ok(full.body.includes('href="mailto:fg@gemeente.example"'));
	assert.ok(full.body.includes('href="mailto:toegankelijkheid@gemeente.example"'));
	assert.doesNotMatch(full.body, /class="notice"/);
});

test('the restricted notes\' hint asks for no names or health details of others', async () => {
	const me = await signIn(bareBase, DEMO.member);
	const nl = await me.get('/interviews/new');
	assert.equal(nl.status, 200);
	const hint = nl.body.match(/<textarea[^>]*name="restricted_notes"/) && words(nl.body);
	assert.ok(hint.includes('Schrijf geen namen of gegevens over de gezondheid van andere mensen op'), 'the Dutch hint');
	assert.match(nl.body, /id="[^"]*restricted_notes[^"]*-hint"[^>]*>[^<]*Schrijf geen namen/);
	const en = words((await me.get('/interviews/new', EN)).body);
	assert.ok(en.includes('Do not write names or health details of other people'));
});
