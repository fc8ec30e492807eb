// HTTP tests of the small things of issue 15 that made lia feel unfinished:
// dates in words (expenses, people, audit log), one date for a one-day event,
// the language switch keeping the query, the audit log's field names and date
// hint, "€" bound to its amount, no "Dossierhouder (0)", the experience
// expert's role in the header, the draft figures said so, singular and plural
// in the key figures, and no Dutch readability score under English texts.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/small_things.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sql, sqlValue } from '../lib/db.mjs';
import { textOf, norm, mainOf } from '../lib/http.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';

let srv, db, as;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn({ publicCsrf: true }));
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
const EN = { headers: { 'accept-language': 'en' } };
const words = (html) => norm(textOf(mainOf(html)));
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;

test('the expenses list writes dates in words, in Dutch and in English', async () => {
	const e = sql(db, 'SELECT spent_on FROM expense ORDER BY spent_on DESC, id DESC LIMIT 1')[0];
	const [y, m, d] = e.spent_on.split('-').map(Number);
	const nlMonths = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
	const enMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
	const nl = words((await as.public.get('/funds/expenses')).body);
	assert.ok(nl.includes(`${d} ${nlMonths[m - 1]} ${y}`), `the newest date in words: ${nl.slice(0, 300)}`);
	assert.ok(!ISO.test(nl), `no ISO date on the page: ${nl.match(ISO)?.[0]}`);
	const en = words((await as.public.get('/funds/expenses', EN)).body);
	assert.ok(en.includes(`${d} ${enMonths[m - 1]} ${y}`));
});

test('the people page: consent dates in words, no "Dossierhouder (0)", the number of action points in words', async () => {
	const made = await as.member.post('/people', { name: 'Nieuwe Deelnemer', organisation_id: 3 });
	assert.equal(made.status, 303);
	const id = n("SELECT id FROM person WHERE name = 'Nieuwe Deelnemer'");
	const r = await as.member.get('/people');
	assert.equal(r.status, 200);
	const t = words(r.body);
	assert.ok(!ISO.test(t), `no ISO date: ${t.match(ISO)?.[0]}`);
	assert.ok(t.includes('20 januari 2022'), 'the consent date of person 15 in words');
	assert.ok(!/Dossierhouder \(\d+\)/.test(t), 'no "Dossierhouder (N)"');
	const holds = n('SELECT count(*) FROM action_point WHERE dossier_holder_id = 2');
	assert.ok(holds > 1);
	assert.match(r.body, new RegExp(`id="person-2"[\\s\\S]*?Dossierhouder van ${holds} actiepunten`));
	const none = r.body.match(/<tr id="person-16">[\s\S]*?<\/tr>/)[0];
	assert.ok(!/Dossierhouder/.test(none), 'someone who holds no action point is not called a dossier holder');
	const fresh = r.body.match(new RegExp(`<tr id="person-${id}">[\\s\\S]*?</tr>`))[0];
	assert.ok(!/Interviews|Dossierhouder/.test(fresh), `no "Interviews: 0" or "Dossierhouder (0)": ${fresh}`);
	const en = await as.member.get('/people', EN);
	assert.match(en.body, new RegExp(`Dossier holder of ${holds} action points`));
});

test('the audit log names fields as the forms do, writes dates in words, and its date hint fits any date field', async () => {
	const ok = await as.member.post('/people', { name: 'Audit Persoon', organisation_id: 3, is_experience_expert: '1',
		communication_needs: 'Schrijftolk', consent: '1' });
	assert.equal(ok.status, 303, ok.body.slice(0, 300));
	const r = await as.coordinator.get('/audit?entity=person');
	assert.equal(r.status, 200);
	const row = r.body.match(/<table class="changes">[\s\S]*?<\/table>/)[0];
	assert.match(row, /<th scope="row">Ervaringsdeskundige<\/th><td><\/td><td>ja<\/td>/);
	assert.match(row, /<th scope="row">Toestemming opgeschreven op<\/th><td><\/td><td>\d{1,2} [a-z]+ \d{4}<\/td>/, row);
	assert.match(row, /<th scope="row">Organisatie<\/th><td><\/td><td>Zelfregiecentrum Nijmegen<\/td>/, row);
	assert.ok(!/<th scope="row">[a-z_]+<\/th>/.test(row), `no column names: ${row}`);
	assert.ok(!ISO.test(textOf(row)), 'no ISO dates');
	const j = await as.coordinator.get('/api/v1/audit?entity=person');
	const ch = j.json.items[0].changes.find((c) => c.field === 'is_experience_expert');
	assert.equal(ch.field_label, 'Ervaringsdeskundige', 'the JSON keeps the field and adds its label');
	// The field shows the date as the browser writes it: the hint names a day, not an order of digits.
	const hint = textOf(r.body.match(/<p class="hint" id="f-from-hint">[\s\S]*?<\/p>/)[0]);
	assert.ok(!/jaar-maand-dag|year-month-day/i.test(hint), hint);
	assert.match(hint, /1 maart 2024/);
});

test('every date field\'s hint names a day in words, as the audit form does, in Dutch and in English', async () => {
	const forms = ['/actions/new', '/events/new', '/funds/allocations/new', '/funds/expenses/new', '/periods/new', '/audit',
'/interviews/new'];
	let dates = 0;
	for (const path of forms) {
		for (const [opts, example] of [[{}, '1 maart 2024'], [EN, '1 March 2024']]) {
			const r = await as.coordinator.get(path, opts);
			assert.equal(r.status, 200, path);
			for (const m of r.body.matchAll(/<input type="date" id="([^"]+)"[^>]*>/g)) {
				dates++;
				assert.match(m[0], new RegExp(`aria-describedby="${m[1]}-hint`), `${path} ${m[1]} is described by its hint`);
				const h = new RegExp(`<p class="hint" id="${m[1]}-hint">([^<]*)</p>`).exec(r.body);
				assert.ok(h, `${path} ${m[1]} has a hint`);
				assert.ok(!/jaar-maand-dag|year-month-day|\d{4}-\d{2}-\d{2}/i.test(h[1]), `${path} ${m[1]}: ${h[1]}`);
				assert.ok(h[1].includes(example), `${path} ${m[1]}: ${h[1]}`);
			}
		}
	}
	assert.ok(dates >= 20, `date fields seen: ${dates}`);
	// The message for a date that is not one says the same.
	const bad = await as.coordinator.post('/events', { starts_on: '2024-02-31' });
	assert.equal(bad.status, 422);
	const err = /<p class="error-message" id="f-starts_on-error">([\s\S]*?)<\/p>/.exec(bad.body);
	assert.ok(err && textOf(err[1]).includes('1 maart 2024'), err?.[1]);
	assert.ok(!/jaar-maand-dag/.test(bad.body));
});

test('a one-day event has one date; an event of more days has both', async () => {
	const t = words((await as.public.get('/events')).body);
	assert.ok(t.includes('7 december 2023'), t.slice(0, 400));
	assert.ok(!t.includes('7 december 2023 tot en met 7 december 2023'), 'no "7 december 2023 tot en met 7 december 2023"');
	assert.ok(t.includes('2 oktober 2023 tot en met 8 oktober 2023'), 'the week keeps both dates');
});

test('the language switch keeps the query (?year=2025) and only changes the language', async () => {
	const r = await as.public.get('/funds?year=2025');
	assert.match(r.body, /<a class="lang-switch" href="\?year=2025&amp;lang=en"/);
	const e = await as.public.get('/funds/expenses?year=2025&page=1&lang=en');
	assert.match(e.body, /<a class="lang-switch" href="\?year=2025&amp;page=1&amp;lang=nl"/);
	const plain = await as.public.get('/themes?lang=nl');
	assert.match(plain.body, /<a class="lang-switch" href="\?lang=en"/);
	// What the link leads to is the same page in the other language.
	const en = await as.public.get('/funds?year=2025&lang=en');
	assert.match(en.body, /<html lang="en">/);
	assert.match(textOf(en.body.match(/<h1>[\s\S]*?<\/h1>/)[0]), /2025/);
	await as.public.get('/?lang=nl'); // the choice is kept: back to Dutch for the other tests
});

test('"€" and the amount do not part at a line end on the pages (a no-break space in Dutch)', async () => {
	for (const p of ['/funds', '/funds/expenses', '/']) {
		const main = mainOf((await as.public.get(p)).body).replace(/<svg[\s\S]*?<\/svg>/g, ''); // chart labels never wrap
		assert.ok(main.includes('€\u00a0'), `${p}: "€" followed by a no-break space`);
		assert.ok(!/€ [-\d]/.test(main), `${p}: no "€ " with a plain space before an amount`);
	}
	// Files for other programs keep the plain space.
	const csv = await as.public.get('/funds/export/expenses.json');
	assert.ok(!csv.body.includes('\u00a0'));
});

test('the header says an experience expert is one; the signed-in overview says its figures include the draft', async () => {
	const ex = await as.expert.get('/');
	assert.match(textOf(ex.body.match(/<span class="user">[\s\S]*?<\/span>\n/)[0]), /\(Lid van de projectgroep en ervaringsdeskundige\)/);
	const m = await as.member.get('/');
	assert.match(textOf(m.body.match(/<span class="user">[\s\S]*?<\/span>\n/)[0]), /\(Lid van de projectgroep\)/);
	assert.match(words(m.body), /Deze cijfers tellen de open periode mee/);
	assert.ok(!words((await as.public.get('/')).body).includes('open periode mee'), 'the public sees published figures and no such note');
});

test('key figures in the singular or plural: no "1 vragen aandacht", no "5 Action points"', async () => {
	const themes = sql(db, 'SELECT id FROM theme ORDER BY id').length;
	assert.ok(themes > 0);
	const nl = words((await as.public.get('/themes')).body);
	assert.match(nl, /\d+ actiepunten, \d+ afgerond, \d+ (vraagt aandacht of heeft een knelpunt|vragen aandacht of hebben een knelpunt)/);
	assert.ok(!/\b1 vragen aandacht/.test(nl) && !/\b1 actiepunten/.test(nl), nl.slice(0, 600));
	const en = words((await as.public.get('/themes?lang=en')).body);
	await as.public.get('/?lang=nl');
	assert.ok(!/\d Action points/.test(en), 'no capital after a number');
	assert.match(en, /\d+ action points?, \d+ completed, \d+ (needs attention or has a problem|need attention or have a problem)/);
	assert.ok(!/\b1 need attention/.test(en) && !/\b1 action points/.test(en));
	const dash = (await as.public.get('/', { headers: { accept: 'application/json' } })).json;
	const att = dash.totals.attention;
	assert.equal(dash.key_figures[2].figure, att);
	assert.equal(dash.key_figures[2].words, att === 1 ? 'vraagt aandacht of heeft een knelpunt' : 'vragen aandacht of hebben een knelpunt');
});

test('the Dutch readability score (Flesch-Douma) is shown under Dutch texts only, not under English ones', async () => {
	const r = await as.coordinator.get('/themes/1/edit');
	assert.equal(r.status, 200);
	assert.match(r.body, /id="f-description_nl-readability"/, 'the Dutch description has its score');
	assert.ok(!r.body.includes('id="f-description_en-readability"'), 'the English description has none');
});

test('the overview and the money page keep extra money and the regular budget apart in words, as the report does', async () => {
	for (const path of ['/', '/funds']) {
		const nl = words((await as.public.get(path)).body);
		assert.ok(!/per thema, het extra geld|Het extra geld voor|extra geld per jaar/i.test(nl), `${path}: not all money is "extra": ${nl.slice(0, 300)}`);
		assert.ok(nl.includes('Het geld komt van Coalitieakkoord: extra middelen: € 300.000 per jaar van 2023 tot en met 2026'), `${path}: ${nl.slice(0, 900)}`);
		assert.ok(nl.includes('Regulier budget sociaal domein: € 75.000 in 2023'), path);
		// ?lang= (the public's language choice is kept, so a header alone would not do), then back to Dutch.
		const en = words((await as.public.get(`${path}?lang=en`)).body);
		await as.public.get('/?lang=nl');
		assert.ok(!/per theme, the extra money|The extra money for|extra money per year/i.test(en), `${path}: ${en.slice(0, 300)}`);
		assert.ok(en.includes('Regulier budget sociaal domein: €75,000 in 2023'), `${path}: ${en.slice(0, 900)}`);
	}
	// The same words as the report's letter, from the same code.
	const j = await as.public.get('/api/v1/');
	// As the page's other amounts, "€" and the amount joined by a no-break space.
	assert.match(j.json.money_text, /^Het geld komt van .*Regulier budget sociaal domein: €\u00a075\.000 in 2023\.$/);
	// A year's page names only that year's money.
	const y = words((await as.public.get('/funds?year=2025')).body);
	assert.ok(y.includes('Het geld komt van Coalitieakkoord: extra middelen: € 300.000 in 2025.'), y.slice(0, 600));
});

test('an overdue action point says so at its top and its due date, not at each old progress update', async () => {
	const id = n("SELECT id FROM action_point WHERE code = 'WRK-01'");
	const body = (await as.public.get(`/actions/${id}`)).body;
	const updates = (body.match(/<li class="update"/g) ?? []).length;
	assert.ok(updates >= 2, 'WRK-01 has a history');
	const flags = (body.match(/class="overdue"/g) ?? []).length;
	assert.equal(flags, 2, `"overdue" at the top and at the due date only, not in the ${updates} updates (the update took the action point's flag)`);
});
