// HTTP tests of the action point filters (/actions?theme=..&status=..&...)
// and of the overdue flag: every filter and a combination compared with SQL
// on the same database, as the public (published state) and signed in
// (drafts, "still needs an update"); the chosen values shown and removable;
// the count in words; the empty state; wrong values refused with a sentence
// (400, never a 500); "overdue" in words on the list and an action point's page.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/find.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo } from '../lib/server.mjs';
import { sql, sqlWrite } from '../lib/db.mjs';
import { textOf, mainOf, decodeEntities } from '../lib/http.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';

let srv, base, db, pub, coord;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	db = srv.db;
	pub = agent(base);
	coord = await signIn(base, DEMO.coordinator);
	// Dossier holders 5 and 13 agreed to be named: the public may filter by
	// them (by no one else: tests/http/public_names.test.mjs).
	sqlWrite(db, 'UPDATE person SET named_in_publications = 1 WHERE id IN (5, 13)');
});

after(async () => {
	if (srv) await srv.cleanup();
});

const today = () => new Date().toISOString().slice(0, 10);
const ACTIVE = "('niet_gestart', 'in_voorbereiding', 'in_uitvoering')";

/** Ids of the action points that match `where` (SQL over a = action_point, c = the state view). */
function expected(where, view = 'action_point_published') {
	return sql(db, `SELECT a.id FROM action_point a JOIN ${view} c ON c.action_point_id = a.id
	                JOIN theme t ON t.id = a.theme_id WHERE ${where} ORDER BY t.position, a.code`).map((r) => r.id);
}

async function ids(who, query) {
	const r = await who.get(`/api/v1/actions${query}`);
	assert.equal(r.status, 200, `${query}: ${r.status} ${r.body.slice(0, 200)}`);
	return r.json.items.map((i) => i.id);
}

test('each filter, and filters together, give what the database holds (public: published state)', async () => {
	const cases = [
		['', '1 = 1'],
		['?theme=2', 'a.theme_id = 2'],
		['?status=in_uitvoering', "c.status = 'in_uitvoering'"],
		['?health=oranje', "c.health = 'oranje'"],
		['?holder=5', 'a.dossier_holder_id = 5'],
		['?article=27', 'a.id IN (SELECT action_point_id FROM action_article WHERE article_number = 27)'],
		['?overdue=1', `a.due_on < '${today()}' AND c.status IN ${ACTIVE}`],
		['?theme=1&status=in_uitvoering&overdue=1', `a.theme_id = 1 AND c.status = 'in_uitvoering' AND a.due_on < '${today()}'`],
		['?theme=&status=&health=', '1 = 1'], // the form's "all" sends empty values
	];
	for (const [q, where] of cases) {
		const want = expected(where);
		assert.deepEqual(await ids(pub, q), want, `public ${q}`);
	}
	// A dossier holder who did not agree to be named is no choice for the
	// public (refused as any unknown one), and is for a signed-in user.
	const unnamed = sql(db, `SELECT DISTINCT p.id FROM person p JOIN action_point a ON a.dossier_holder_id = p.id
		WHERE p.named_in_publications = 0 ORDER BY p.id LIMIT 1`)[0].id;
	assert.equal((await pub.get(`/api/v1/actions?holder=${unnamed}`)).status, 400);
	assert.deepEqual(await ids(coord, `?holder=${unnamed}`), expected(`a.dossier_holder_id = ${unnamed}`, 'action_point_current'));
	assert.ok(expected('a.theme_id = 1 AND c.status = \'in_uitvoering\'').length > 0, 'the demo has a case that matches');
});

test('signed in, filters use the latest state, drafts included, and "still needs an update" works', async () => {
	assert.deepEqual(await ids(coord, '?status=afgerond'), expected("c.status = 'afgerond'", 'action_point_current'));
	const needs = expected(`c.status NOT IN ('afgerond', 'vervallen') AND NOT EXISTS (SELECT 1 FROM progress_update u
		WHERE u.action_point_id = a.id AND u.period_id = (SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1))`,
	'action_point_current');
	assert.ok(needs.length > 0 && needs.length < 40, `the demo has some that need an update (${needs.length})`);
	assert.deepEqual(await ids(coord, '?needs_update=1'), needs);
	const r = await coord.get('/api/v1/actions?needs_update=1');
	assert.ok(r.json.items.every((i) => i.is_needs_update === true));
	// The public never learns whether a draft exists: no such key, and the filter is refused.
	const p = await pub.get('/api/v1/actions');
	assert.ok(p.json.items.every((i) => !('is_needs_update' in i)));
	const refused = await pub.get('/api/v1/actions?needs_update=1');
	assert.equal(refused.status, 400);
	assert.match(refused.json.detail, /ingelogd/);
	// The form offers it only to signed-in users.
	assert.doesNotMatch((await pub.get('/actions')).body, /name="needs_update"/);
	assert.match((await coord.get('/actions')).body, /name="needs_update"/);
});

test('the JSON says which filters are on, in words, with the address without each', async () => {
	const r = await pub.get('/api/v1/actions?theme=2&overdue=1');
	assert.equal(r.status, 200);
	assert.deepEqual({ ...r.json.filters, status_label: undefined }, { theme: 2, status: null, health: null, holder: null, article: null,
		overdue: true, needs_update: false, status_label: undefined });
	assert.equal(r.json.count, r.json.items.length);
	assert.equal(r.json.count_text, `${r.json.count} actiepunten gevonden`);
	assert.deepEqual(r.json.chosen.map((c) => [c.name, c.label, c.value, c.remove_href]), [
		['theme', 'Thema', 'Onderwijs', '/actions?overdue=1'],
		['overdue', 'Te laat', 'ja', '/actions?theme=2'],
	]);
	const en = await agent(base).get('/api/v1/actions?theme=2&lang=en');
	assert.equal(en.json.chosen[0].value, 'Education');
	assert.match(en.json.count_text, /^\d+ action points? found$/);
});

test('the page: a search landmark with labelled fields, the chosen values removable, the count in words', async () => {
	const r = await pub.get('/actions?theme=2&status=in_uitvoering');
	assert.equal(r.status, 200);
	const main = mainOf(r.body);
	assert.match(main, /<form role="search" method="get" action="\/actions"/);
	for (const [id, name] of [['f-theme', 'theme'], ['f-status', 'status'], ['f-health', 'health'], ['f-holder', 'holder'], ['f-article', 'article'], ['f-overdue', 'overdue']]) {
		assert.match(main, new RegExp(`<label for="${id}">`), `label for ${id}`);
		assert.match(main, new RegExp(`id="${id}" name="${name}"`), `field ${name}`);
	}
	assert.match(main, /<option value="2" selected>Onderwijs<\/option>/, 'the chosen theme stays chosen');
	assert.match(main, /<option value="in_uitvoering" selected>/);
	const n = expected("a.theme_id = 2 AND c.status = 'in_uitvoering'").length;
	assert.match(main, new RegExp(`role="status">${n} actiepunten gevonden<`));
	assert.match(main, /<a href="\/actions\?status=in_uitvoering"><span class="visually-hidden">Filter weghalen: <\/span>Thema: Onderwijs/);
	assert.match(main, /<a href="\/actions\?theme=2"><span class="visually-hidden">Filter weghalen: <\/span>Status: In uitvoering/);
	// Rows in the table are the matches.
	const rows = [...main.matchAll(/<a href="\/actions\/(\d+)">/g)].map((m) => Number(m[1]));
	assert.deepEqual(rows, expected("a.theme_id = 2 AND c.status = 'in_uitvoering'"));
	// One result: singular.
	const one = expected("a.dossier_holder_id = 13 AND a.theme_id = 1");
	if (one.length === 1) assert.match((await pub.get('/actions?holder=13&theme=1')).body, /1 actiepunt gevonden/);
});

test('no match: the count says 0, an empty state says how to find more, no empty table', async () => {
	const q = '?theme=1&status=vervallen&health=rood';
	assert.deepEqual(expected("a.theme_id = 1 AND c.status = 'vervallen' AND c.health = 'rood'"), []);
	const r = await pub.get(`/actions${q}`);
	assert.equal(r.status, 200);
	const main = mainOf(r.body);
	assert.match(main, /0 actiepunten gevonden/);
	assert.match(textOf(main), /Haal een van uw keuzes weg/);
	assert.match(main, /<a href="\/actions">Toon alle actiepunten<\/a>/);
	assert.doesNotMatch(main, /<table/);
	const en = await agent(base).get(`/actions${q}&lang=en`);
	assert.match(textOf(mainOf(en.body)), /0 action points found.*Remove one of your choices/);
});

test('a wrong or unknown filter value is refused with a sentence (400), as HTML and JSON', async () => {
	for (const q of ['theme=99', 'theme=abc', 'theme=-1', 'status=klaar', 'health=paars', 'holder=9999', 'holder=1e3',
		'article=51', 'article=0', 'overdue=yes', 'overdue=2']) {
		const j = await pub.get(`/api/v1/actions?${q}`);
		assert.equal(j.status, 400, `${q}: ${j.status}`);
		assert.match(j.json.detail, /Kies een waarde uit de lijst/, q);
		const h = await pub.get(`/actions?${q}`);
		assert.equal(h.status, 400, `${q} (HTML)`);
		assert.match(h.headers.get('content-type'), /text\/html/);
	}
	const long = await pub.get(`/api/v1/actions?status=${'x'.repeat(300)}`);
	assert.equal(long.status, 400);
	assert.ok(long.json.detail.length < 300, 'the message quotes only the start of a long value');
	const esc = await pub.get('/actions?status=%3Cscript%3E');
	assert.equal(esc.status, 400);
	assert.doesNotMatch(esc.body, /<script>/);
	assert.match(esc.body, /&lt;script&gt;/);
});

test('overdue: flagged in words on the list and on the action point page, never for finished or withdrawn ones', async () => {
	const over = expected(`a.due_on < '${today()}' AND c.status IN ${ACTIVE}`);
	const notOver = expected(`a.due_on < '${today()}' AND c.status NOT IN ${ACTIVE}`);
	assert.ok(over.length > 0 && notOver.length > 0, 'the demo has both');
	const list = (await pub.get('/api/v1/actions')).json.items;
	for (const i of list) assert.equal(i.is_overdue, over.includes(i.id), `action ${i.id}`);
	const html = mainOf((await pub.get('/actions')).body);
	const flagged = [...html.matchAll(/<a href="\/actions\/(\d+)">[\s\S]*?<\/tr>/g)]
		.filter((m) => m[0].includes('class="overdue">Te laat<')).map((m) => Number(m[1]));
	assert.deepEqual(flagged, over);
	const page = await pub.get(`/actions/${over[0]}`);
	assert.match(mainOf(page.body), /<strong class="overdue">Te laat<\/strong>/);
	assert.equal((await pub.get(`/api/v1/actions/${over[0]}`)).json.is_overdue, true);
	const done = await pub.get(`/actions/${notOver[0]}`);
	assert.doesNotMatch(mainOf(done.body), /class="overdue"/);
	const en = await agent(base).get(`/actions/${over[0]}?lang=en`);
	assert.match(mainOf(en.body), /<strong class="overdue">Overdue<\/strong>/);
});

test('an action point due in the future is not overdue; one changed to a past date is', async () => {
	const r = await coord.postJson('/api/v1/actions', { code: 'TST-01', title: 'Toets', theme_id: 1, due_on: '2090-12-31' });
	assert.equal(r.status, 201, r.body);
	assert.equal(r.json.is_overdue, false);
	const id = r.json.id;
	const ch = await coord.postJson(`/api/v1/actions/${id}`, { code: 'TST-01', title: 'Toets', theme_id: 1, due_on: '2020-01-01' });
	assert.equal(ch.status, 200, ch.body);
	assert.equal((await pub.get(`/api/v1/actions/${id}`)).json.is_overdue, true, 'not started and past its date');
	assert.ok((await ids(pub, '?overdue=1')).includes(id));
	assert.equal(decodeEntities('&amp;'), '&');
});

// ------------------------------------------------------------ CSV export

/** Parse ;-separated CSV with "..." quoting (doubled quotes inside). */
function parseCsv(text) {
	const rows = [];
	let row = [], cell = '', q = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (q) {
			if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
		} else if (c === '"') q = true;
		else if (c === ';') { row.push(cell); cell = ''; }
		else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
		else cell += c;
	}
	if (cell || row.length) { row.push(cell); rows.push(row); }
	return rows;
}

test('CSV export for Dutch Excel: BOM, semicolons, CRLF, Dutch headers, the same filters as the list', async () => {
	const r = await fetch(`${base}/actions/export.csv?theme=2`);
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
	assert.match(r.headers.get('content-disposition'), /attachment; filename="lia-actiepunten.csv"/);
	const bytes = Buffer.from(await r.arrayBuffer());
	assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
	const text = bytes.subarray(3).toString('utf8');
	assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'CRLF line ends only');
	const withIds = parseCsv(text);
	// The first column is the action point's number (so the file can be imported again, issue 11).
	assert.equal(withIds[0][0], 'Nummer');
	const rows = withIds.map((x) => x.slice(1));
	assert.deepEqual(rows[0], ['Code', 'Titel', 'Beschrijving', 'Thema', 'Dossierhouder', 'Begin', 'Uiterlijk klaar',
		'Artikelen van het VN-verdrag', 'Partners', 'Status', 'Stand van zaken', 'Te laat']);
	const want = sql(db, `SELECT a.id, a.code, a.title, a.description, a.due_on,
		(SELECT group_concat(n, ', ') FROM (SELECT CAST(article_number AS TEXT) AS n FROM action_article WHERE action_point_id = a.id ORDER BY article_number) x) AS articles
		FROM action_point a JOIN theme t ON t.id = a.theme_id WHERE a.theme_id = 2 ORDER BY t.position, a.code`);
	assert.deepEqual(rows.slice(1).map((x) => x[0]), want.map((w) => w.code));
	assert.deepEqual(withIds.slice(1).map((x) => Number(x[0])), want.map((w) => w.id));
	for (const [i, w] of want.entries()) {
		const line = rows[i + 1];
		assert.equal(line[1], w.title);
		assert.equal(line[2], w.description);
		assert.equal(line[6], w.due_on);
		assert.equal(line[7], w.articles ?? '');
		assert.ok(['ja', 'nee'].includes(line[11]));
	}
	const en = parseCsv((await (await fetch(`${base}/actions/export.csv?lang=en`)).text()));
	assert.equal(en[0][0], 'Action number');
	assert.equal(en[0][2], 'Title');
	assert.equal(en.length - 1, sql(db, 'SELECT count(*) AS n FROM action_point')[0].n);
	assert.equal((await fetch(`${base}/actions/export.csv?status=klaar`)).status, 400);
	// The list links the export with its filters.
	assert.match((await pub.get('/actions?theme=2&overdue=1')).body, /<a href="\/actions\/export.csv\?theme=2&amp;overdue=1" type="text\/csv" download>/);
});

test('CSV export: a formula is never run, and ; " and line breaks stay inside their cell', async () => {
	const title = '=HYPERLINK("http://x";"klik")';
	const r = await coord.postJson('/api/v1/actions', { code: 'CSV-01', title, description: 'Een; twee "drie"\nvier', theme_id: 3 });
	assert.equal(r.status, 201, r.body);
	const rows = parseCsv((await (await fetch(`${base}/actions/export.csv?theme=3`)).text())).map((x) => x.slice(1));
	const line = rows.find((x) => x[0] === 'CSV-01');
	assert.ok(line, 'the new action point is in the file');
	assert.equal(line.length, 12);
	assert.equal(line[1], `'${title}`);
	assert.equal(line[2], 'Een; twee "drie"\nvier');
});

test('a theme page flags its overdue action points as the list does', async () => {
	const over = expected(`a.theme_id = 1 AND a.due_on < '${today()}' AND c.status IN ${ACTIVE}`);
	assert.ok(over.length > 0);
	const t = (await pub.get('/api/v1/themes/1')).json;
	assert.deepEqual(t.actions.filter((a) => a.is_overdue).map((a) => a.id).sort(), [...over].sort());
	const html = mainOf((await pub.get('/themes/1')).body);
	const flagged = [...html.matchAll(/<a href="\/actions\/(\d+)">[\s\S]*?<\/tr>/g)]
		.filter((m) => m[0].includes('class="overdue">Te laat<')).map((m) => Number(m[1]));
	assert.deepEqual(flagged.sort(), [...over].sort());
});
