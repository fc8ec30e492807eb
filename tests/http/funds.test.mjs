// HTTP tests of the money pages (issue "extra funds"): the figures on /funds
// against sums computed independently in SQL, the year filter, the four kinds
// of warning and their explanations (gone from the overview, kept on /funds,
// audited), the forms for sources, allocations and expenses (who may, Dutch
// amounts, refusals that change nothing, one audit entry per write, CSRF,
// JSON API), the CSV and JSON exports (BOM, ';', CRLF, decimal comma, the
// formula guard), paging of /funds/expenses, and the import of expenses from
// a CSV file (preview, all or nothing, duplicates, Windows-1252).
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/http/funds.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { exitReport } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { textOf, norm, mainOf, tables, centsFromEuroNl } from '../lib/http.mjs';
import { startDemoSignedIn, DEMO } from '../lib/auth.mjs';

let srv, base, db, as;

before(async () => {
	({ srv, base, db, as } = await startDemoSignedIn({ publicCsrf: true }));
});

after(async () => {
	if (srv) await srv.cleanup();
});

// ------------------------------------------------------------ helpers

const squash = (t) => String(t ?? '').replace(/[\s\u00a0]+/g, '');
const n = (q) => Number(sqlValue(db, q));
const audits = () => n('SELECT count(*) FROM audit_entry');
const lastAudit = () => sql(db, 'SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];
const userId = (email) => n(`SELECT id FROM user_account WHERE email = '${email}'`);
const EN = { headers: { 'accept-language': 'en' } };
const JSON_ACCEPT = { headers: { accept: 'application/json' } };

/** Everything a refused write must leave alone. */
function snapshot() {
	return sql(db, `SELECT
	  (SELECT count(*) FROM fund_source) AS sources, (SELECT coalesce(sum(amount_cents), 0) FROM fund_source) AS sources_cents,
	  (SELECT group_concat(name || '|' || year || '|' || note, ';') FROM fund_source) AS source_rows,
	  (SELECT count(*) FROM allocation) AS allocations, (SELECT coalesce(sum(amount_cents), 0) FROM allocation) AS allocations_cents,
	  (SELECT group_concat(coalesce(code, '-'), ',') FROM allocation) AS codes,
	  (SELECT count(*) FROM expense) AS expenses, (SELECT coalesce(sum(amount_cents), 0) FROM expense) AS expenses_cents,
	  (SELECT count(*) FROM fund_warning_note) AS notes,
	  (SELECT count(*) FROM audit_entry) AS audits`)[0];
}

/** Money as lia writes it in Dutch: "€ 312.500", "€ 229.195,90". */
function euroNl(cents) {
	const neg = cents < 0;
	const c = Math.abs(cents);
	const euros = String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	const rest = c % 100;
	return `€ ${neg ? '-' : ''}${euros}${rest ? ',' + String(rest).padStart(2, '0') : ''}`;
}

/** Cents as a Dutch spreadsheet number: 123456 -> "1234,56", -5 -> "-0,05". */
function plain(cents) {
	const c = Math.abs(cents);
	return `${cents < 0 ? '-' : ''}${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
}

/** A refusal for someone who is not signed in: 401, or a redirect to sign in. */
function refusedPublic(r) {
	return r.status === 401 || (r.status === 303 && /^\/sign-in/.test(r.location ?? ''));
}

/** The table whose caption has this id (see templates/funds.mustache). */
function tableByCaption(html, id) {
	const t = tables(html).find((x) => x.html.includes(`id="${id}"`));
	assert.ok(t, `a table with caption #${id}`);
	return t;
}

/** Rows keyed by a column (null keys allowed) for comparisons that ignore order. */
function byKey(rows, key) {
	const m = new Map();
	for (const r of rows) {
		assert.ok(!m.has(r[key]), `${key} ${r[key]} appears twice`);
		m.set(r[key], r);
	}
	return m;
}

/** Expected figures, computed in SQL independently of lia's queries (correlated subqueries, not UNION ALL). */
function expectedFigures(year = 0) {
	const y = (alias) => (year ? ` AND ${alias}.year = ${year}` : '');
	const spentOf = '(SELECT coalesce(sum(e.amount_cents), 0) FROM expense e WHERE e.allocation_id = a.id)';
	const years = sql(db, `SELECT y.year,
	    (SELECT coalesce(sum(amount_cents), 0) FROM fund_source s WHERE s.year = y.year) AS available,
	    (SELECT coalesce(sum(a.amount_cents), 0) FROM allocation a JOIN fund_source s ON s.id = a.source_id WHERE s.year = y.year) AS allocated,
	    (SELECT coalesce(sum(e.amount_cents), 0) FROM expense e JOIN allocation a ON a.id = e.allocation_id
	       JOIN fund_source s ON s.id = a.source_id WHERE s.year = y.year) AS spent
	  FROM (SELECT DISTINCT year FROM fund_source) y ORDER BY y.year`)
		.map((r) => ({ ...r, unallocated: r.available - r.allocated, left: r.available - r.spent }));
	const total = {};
	for (const k of ['available', 'allocated', 'spent', 'unallocated', 'left']) total[k] = years.reduce((s, r) => s + r[k], 0);
	const themes = sql(db, `SELECT p.theme_id, t.name_nl, sum(a.amount_cents) AS allocated, sum(${spentOf}) AS spent
	  FROM allocation a JOIN fund_source s ON s.id = a.source_id LEFT JOIN action_point p ON p.id = a.action_point_id
	  LEFT JOIN theme t ON t.id = p.theme_id WHERE 1 = 1${y('s')} GROUP BY p.theme_id, t.name_nl`);
	const purposes = sql(db, `SELECT a.purpose, sum(a.amount_cents) AS allocated, sum(${spentOf}) AS spent
	  FROM allocation a JOIN fund_source s ON s.id = a.source_id WHERE 1 = 1${y('s')} GROUP BY a.purpose`);
	const actions = sql(db, `SELECT p.id, p.code, p.title, sum(a.amount_cents) AS allocated, sum(${spentOf}) AS spent
	  FROM allocation a JOIN fund_source s ON s.id = a.source_id JOIN action_point p ON p.id = a.action_point_id
	  WHERE 1 = 1${y('s')} GROUP BY p.id`).map((r) => ({ ...r, left: r.allocated - r.spent }));
	const sources = sql(db, `SELECT s.id, s.name, s.year, s.amount_cents AS amount,
	    (SELECT coalesce(sum(a.amount_cents), 0) FROM allocation a WHERE a.source_id = s.id) AS allocated
	  FROM fund_source s WHERE 1 = 1${y('s')}`).map((r) => ({ ...r, unallocated: r.amount - r.allocated }));
	const allocations = sql(db, `SELECT a.id, a.code, s.year, a.source_id, a.action_point_id, a.purpose, a.amount_cents AS amount,
	    ${spentOf} AS spent, (SELECT count(*) FROM expense e WHERE e.allocation_id = a.id) AS expense_count
	  FROM allocation a JOIN fund_source s ON s.id = a.source_id WHERE 1 = 1${y('s')}`)
		.map((r) => ({ ...r, left: r.amount - r.spent }));
	return { years, total, themes, purposes, actions, sources, allocations };
}

/** Compare /api/v1/funds (for a year, 0: all) with the SQL sums; returns a list of differences. */
async function figureProblems(year = 0) {
	const r = await as.public.get(`/api/v1/funds${year ? `?year=${year}` : ''}`);
	assert.equal(r.status, 200, r.body.slice(0, 300));
	const j = r.json;
	const want = expectedFigures(year);
	const p = [];
	const eq = (what, got, exp) => { if (got !== exp) p.push(`${what}: got ${got}, expected ${exp}`); };
	const sameKeys = (what, got, exp) => {
		const g = [...got.keys()].map(String).sort(), e = [...exp.keys()].map(String).sort();
		if (JSON.stringify(g) !== JSON.stringify(e)) p.push(`${what}: rows ${JSON.stringify(g)}, expected ${JSON.stringify(e)}`);
	};
	const textOk = (what, obj, key) => {
		const cents = obj[`${key}_cents`], text = obj[`${key}_text`];
		if (typeof text !== 'string' || centsFromEuroNl(text) !== cents) p.push(`${what}.${key}_text "${text}" does not say ${cents} cents`);
	};
	eq('year', j.year, year);
	// Per year (never filtered) and the total.
	eq('number of years', j.years.length, want.years.length);
	for (const w of want.years) {
		const g = j.years.find((x) => x.year === w.year);
		if (!g) { p.push(`year ${w.year} missing`); continue; }
		for (const k of ['available', 'allocated', 'spent', 'unallocated', 'left']) {
			eq(`years[${w.year}].${k}_cents`, g[`${k}_cents`], w[k]);
			textOk(`years[${w.year}]`, g, k);
		}
	}
	for (const k of ['available', 'allocated', 'spent', 'unallocated', 'left']) {
		eq(`total.${k}_cents`, j.total[`${k}_cents`], want.total[k]);
		textOk('total', j.total, k);
	}
	/** The rows of a list, matched by key: the same keys, then check(at, got, want, key) per row. */
	const each = (name, got, exp, key, check) => {
		const g = byKey(got, key), w = byKey(exp, key);
		sameKeys(name, g, w);
		for (const [id, wr] of w) if (g.has(id)) check(`${name}[${id}]`, g.get(id), wr, id);
	};
	// Per theme (null: allocations without an action point).
	each('themes', j.themes, want.themes, 'theme_id', (at, g, w, id) => {
		eq(`${at}.allocated_cents`, g.allocated_cents, w.allocated);
		eq(`${at}.spent_cents`, g.spent_cents, w.spent);
		if (id !== null) eq(`${at}.name`, g.name, w.name_nl);
		textOk(at, g, 'allocated');
		textOk(at, g, 'spent');
	});
	// Per purpose (null: none).
	each('purposes', j.purposes, want.purposes, 'purpose', (at, g, w) => {
		eq(`${at}.allocated_cents`, g.allocated_cents, w.allocated);
		eq(`${at}.spent_cents`, g.spent_cents, w.spent);
	});
	// Per action point.
	each('actions', j.actions, want.actions, 'id', (at, g, w) => {
		eq(`${at}.code`, g.code, w.code);
		for (const k of ['allocated', 'spent', 'left']) {
			eq(`${at}.${k}_cents`, g[`${k}_cents`], w[k]);
			textOk(at, g, k);
		}
	});
	// Sources: allocated and not allocated.
	each('sources', j.sources, want.sources, 'id', (at, g, w) => {
		eq(`${at}.year`, g.year, w.year);
		eq(`${at}.amount_cents`, g.amount_cents, w.amount);
		eq(`${at}.allocated_cents`, g.allocated_cents, w.allocated);
		eq(`${at}.unallocated_cents`, g.unallocated_cents, w.unallocated);
		textOk(at, g, 'allocated');
	});
	// Allocations: spent and left.
	each('allocations', j.allocations, want.allocations, 'id', (at, g, w) => {
		eq(`${at}.code`, g.code, w.code);
		eq(`${at}.year`, g.year, w.year);
		eq(`${at}.amount_cents`, g.amount_cents, w.amount);
		eq(`${at}.spent_cents`, g.spent_cents, w.spent);
		eq(`${at}.left_cents`, g.left_cents, w.left);
		eq(`${at}.expense_count`, g.expense_count, w.expense_count);
		textOk(at, g, 'spent');
		textOk(at, g, 'left');
	});
	return { problems: p, json: j };
}

/** A small CSV reader: ';', quotes, and it notes line ends that are not CRLF. */
function parseCsv(text, sep = ';') {
	const rows = [];
	let row = [], field = '', q = false, bareLineEnds = 0, i = 0;
	while (i < text.length) {
		const c = text[i];
		if (q) {
			if (c === '"') {
				if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
				q = false; i++; continue;
			}
			field += c; i++; continue;
		}
		if (c === '"') { q = true; i++; continue; }
		if (c === sep) { row.push(field); field = ''; i++; continue; }
		if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
		if (c === '\n' || c === '\r') { bareLineEnds++; row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
		field += c; i++;
	}
	const unterminated = field !== '' || row.length > 0;
	if (unterminated) { row.push(field); rows.push(row); }
	return { rows, bareLineEnds, unterminated, openQuote: q };
}

/** GET raw bytes (fetch's text() would drop the byte order mark). */
async function getBytes(path, headers = {}) {
	const res = await fetch(base + path, { redirect: 'manual', headers });
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Upload a file to /funds/import as a browser does (multipart, CSRF token in the form). */
async function upload(who, content, { name = 'export.csv', csrf, headers = {}, field = 'file' } = {}) {
	const fd = new FormData();
	const token = csrf === undefined ? who.csrf : csrf;
	if (token !== null) fd.append('csrf', token);
	if (content !== null) fd.append(field, new Blob([content], { type: 'text/csv' }), name);
	return who.fetch('/funds/import', { method: 'POST', body: fd, headers });
}

async function previewJson(who, id) {
	const r = await who.get(`/funds/import/${id}`, JSON_ACCEPT);
	assert.equal(r.status, 200, r.body.slice(0, 400));
	return r.json;
}

const TABLES = ['years', 'themes', 'purposes', 'actions', 'sources', 'allocations', 'expenses', 'warnings'];

// ------------------------------------------------------------ figures

test('/api/v1/funds: per year, total, theme, purpose, action point, source and allocation equal sums taken in SQL', async () => {
	const { problems, json } = await figureProblems(0);
	assert.deepEqual(problems, [], problems.join('\n'));
	// The demo is what the issue describes (so the comparison above is not vacuous).
	assert.deepEqual(json.years.map((y) => y.year), [2023, 2024, 2025, 2026]);
	assert.equal(json.years.find((y) => y.year === 2025).allocated_cents, 31250000);
	assert.ok(json.themes.some((t) => t.theme_id === null), 'allocations without an action point have their own row');
	assert.ok(json.purposes.length >= 4 && json.actions.length >= 5 && json.allocations.length >= 26);
	// The same for Accept: application/json on /funds.
	const h = await as.public.get('/funds', JSON_ACCEPT);
	assert.equal(h.status, 200);
	assert.deepEqual(h.json.years, json.years);
	assert.deepEqual(h.json.allocations, json.allocations);
});

test('?year=2025 limits themes, purposes, action points, sources and allocations to that year; the years table stays whole', async () => {
	const { problems, json } = await figureProblems(2025);
	assert.deepEqual(problems, [], problems.join('\n'));
	assert.equal(json.year, 2025);
	assert.ok(json.allocations.length > 0 && json.allocations.every((a) => a.year === 2025), 'only 2025 allocations');
	assert.deepEqual(json.sources.map((s) => s.year), [2025]);
	const all = (await as.public.get('/api/v1/funds')).json;
	assert.ok(json.allocations.length < all.allocations.length);
	assert.deepEqual(json.years, all.years, 'the per-year table is not filtered');
	// The HTML: title and the chosen year in the filter.
	const h = await as.public.get('/funds?year=2025');
	assert.equal(h.status, 200);
	assert.match(h.body, /<option value="2025" selected>/);
	assert.match(textOf(h.body.match(/<h1>[\s\S]*?<\/h1>/)[0]), /2025/);
	const alloc = tableByCaption(h.body, 'allocations-cap');
	assert.equal(alloc.rows.length, json.allocations.length);
	assert.ok(alloc.rows.every((r) => r[1] === '2025'), 'the allocations table lists 2025 only');
});

test('a year in the address that is not a year is refused with 400', async () => {
	for (const q of ['abc', '2025x', '1999', '20255', '-2025']) {
		for (const p of [`/funds?year=${q}`, `/api/v1/funds?year=${q}`, `/funds/expenses?year=${q}`]) {
			const r = await as.public.get(p);
			assert.equal(r.status, 400, `${p}: ${r.status}`);
		}
	}
	const pj = await as.public.get('/api/v1/funds?year=abc');
	assert.match(pj.headers.get('content-type'), /application\/problem\+json/);
});

test('the HTML tables on /funds show the same *_text amounts as the JSON', async () => {
	for (const year of [0, 2025]) {
		const q = year ? `?year=${year}` : '';
		const j = (await as.public.get(`/api/v1/funds${q}`)).json;
		const html = (await as.public.get(`/funds${q}`)).body;
		const yt = tableByCaption(html, 'years-cap');
		assert.equal(yt.rows.length, j.years.length, 'one row per year');
		j.years.forEach((y, i) => {
			const row = yt.rows[i];
			assert.equal(row[0], String(y.year));
			assert.deepEqual(row.slice(1, 5), [y.available_text, y.allocated_text, y.spent_text, y.left_text].map(norm), `year ${y.year}`);
			assert.ok(row[5].startsWith(norm(y.unallocated_text)), `year ${y.year} not allocated: ${row[5]}`);
		});
		assert.deepEqual(yt.footer[0].slice(1, 6), ['available', 'allocated', 'spent', 'left', 'unallocated'].map((k) => norm(j.total[`${k}_text`])), 'total row');
		const th = tableByCaption(html, 'themes-cap');
		assert.deepEqual(th.rows.map((r) => r.slice(1)), j.themes.map((t) => [t.allocated_text, t.spent_text].map(norm)), 'themes');
		assert.deepEqual(th.rows.filter((_, i) => j.themes[i].theme_id !== null).map((r) => r[0]),
			j.themes.filter((t) => t.theme_id !== null).map((t) => norm(t.name)));
		const pu = tableByCaption(html, 'purposes-cap');
		assert.deepEqual(pu.rows.map((r) => r.slice(1)), j.purposes.map((t) => [t.allocated_text, t.spent_text].map(norm)), 'purposes');
		const ac = tableByCaption(html, 'actions-cap');
		assert.deepEqual(ac.rows.map((r) => r.slice(2)), j.actions.map((a) => [a.allocated_text, a.spent_text, a.left_text].map(norm)), 'action points');
		assert.deepEqual(ac.rows.map((r) => r[0].split(' ')[0]), j.actions.map((a) => a.code));
		const so = tableByCaption(html, 'sources-cap');
		assert.deepEqual(so.rows.map((r) => r.slice(1, 5)), j.sources.map((s) => [String(s.year), s.amount_text, s.allocated_text, s.unallocated_text].map(norm)), 'sources');
		const al = tableByCaption(html, 'allocations-cap');
		assert.deepEqual(al.rows.map((r) => [r[0], ...r.slice(3, 6)]), j.allocations.map((a) => [a.code, a.amount_text, a.spent_text, a.left_text].map(norm)), 'allocations');
	}
});

test('one allocation: its figures and expenses equal the database; unknown or bad ids are refused', async () => {
	const want = expectedFigures().allocations.find((a) => a.id === 16);
	const j = (await as.public.get('/api/v1/funds/allocations/16')).json;
	assert.equal(j.code, 'IA23-09');
	assert.equal(j.action_point_id, 5);
	assert.equal(j.amount_cents, want.amount);
	assert.equal(j.spent_cents, want.spent);
	assert.equal(j.left_cents, want.left);
	const exp = sql(db, 'SELECT id, amount_cents FROM expense WHERE allocation_id = 3 ORDER BY spent_on DESC, id DESC');
	const a3 = (await as.public.get('/api/v1/funds/allocations/3')).json;
	assert.deepEqual(a3.expenses.items.map((e) => [e.id, e.amount_cents]), exp.map((e) => [e.id, e.amount_cents]));
	assert.equal(a3.expenses.sum_cents, exp.reduce((s, e) => s + e.amount_cents, 0));
	const h = await as.public.get('/funds/allocations/3');
	assert.equal(h.status, 200);
	for (const e of exp) assert.ok(h.body.includes(`id="expense-${e.id}"`), `expense ${e.id} is on the page (the outside-year warning links to it)`);
	assert.equal((await as.public.get('/funds/allocations/99999')).status, 404);
	assert.equal((await as.public.get('/funds/allocations/abc')).status, 400);
});

test('every link in the content of the money pages leads to a page that exists', async () => {
	const problems = [];
	const checked = new Map();
	for (const who of ['public', 'member', 'coordinator']) {
		for (const p of ['/funds', '/funds?year=2025', '/funds/allocations/16', '/funds/allocations/3', '/funds/expenses', '/funds/expenses?year=2024', '/']) {
			const page = await as[who].get(p);
			assert.equal(page.status, 200, `${who} ${p}`);
			const hrefs = [...mainOf(page.body).matchAll(/\bhref="([^"#]*)(?:#[^"]*)?"/g)].map((m) => m[1].replace(/&amp;/g, '&')).filter((h) => h.startsWith('/'));
			for (const h of new Set(hrefs)) {
				const key = `${who} ${h}`;
				if (checked.has(key)) continue;
				const r = await as[who].get(h);
				checked.set(key, r.status);
				if (r.status !== 200) problems.push(`${who}: ${p} links to ${h}, which answers ${r.status}`);
			}
		}
	}
	assert.ok(checked.size > 40, `${checked.size} links checked`);
	assert.deepEqual([...new Set(problems)], [], problems.join('\n'));
});

// ------------------------------------------------------------ warnings

test('exactly the four demo warnings, one of each kind, with the right numbers in their messages', async () => {
	const j = (await as.public.get('/api/v1/funds')).json;
	const w = j.warnings;
	assert.deepEqual(w.map((x) => x.kind).sort(), ['outside_year', 'over_allocated', 'overspent', 'withdrawn_action']);
	const k = Object.fromEntries(w.map((x) => [x.kind, x]));
	for (const x of w) {
		assert.equal(typeof x.message, 'string');
		assert.ok(x.message.length > 40, x.message);
		assert.ok('explanation' in x && x.explanation === null, `${x.kind} has no explanation yet`);
	}
	// Over-allocated: the sources whose allocations exceed them, from SQL.
	const over = sql(db, `SELECT s.id, s.year, s.amount_cents AS available, sum(a.amount_cents) AS allocated FROM fund_source s
	  JOIN allocation a ON a.source_id = s.id GROUP BY s.id HAVING sum(a.amount_cents) > s.amount_cents`);
	assert.equal(over.length, 1);
	assert.deepEqual([over[0].year, over[0].available, over[0].allocated], [2025, 30000000, 31250000]);
	assert.equal(k.over_allocated.subject_id, over[0].id);
	for (const s of [euroNl(over[0].allocated), euroNl(over[0].available), euroNl(over[0].allocated - over[0].available), '2025'])
		assert.ok(norm(k.over_allocated.message).includes(s), `over_allocated message "${k.over_allocated.message}" names ${s}`);
	// Overspent.
	const spent = sql(db, `SELECT a.id, a.code, a.amount_cents AS amount, sum(e.amount_cents) AS spent FROM allocation a
	  JOIN expense e ON e.allocation_id = a.id GROUP BY a.id HAVING sum(e.amount_cents) > a.amount_cents`);
	assert.equal(spent.length, 1);
	assert.deepEqual([spent[0].code, spent[0].amount, spent[0].spent], ['IA24-02', 4000000, 4075000]);
	assert.equal(k.overspent.subject_id, spent[0].id);
	for (const s of ['IA24-02', euroNl(spent[0].spent), euroNl(spent[0].amount), euroNl(spent[0].spent - spent[0].amount)])
		assert.ok(norm(k.overspent.message).includes(s), `overspent message "${k.overspent.message}" names ${s}`);
	// Dated outside the year of its money.
	const late = sql(db, `SELECT e.id, e.spent_on, e.amount_cents, s.year FROM expense e JOIN allocation a ON a.id = e.allocation_id
	  JOIN fund_source s ON s.id = a.source_id WHERE substr(e.spent_on, 1, 4) <> CAST(s.year AS TEXT)`);
	assert.equal(late.length, 1);
	assert.deepEqual([late[0].id, late[0].spent_on, late[0].year], [29, '2024-01-12', 2023]);
	assert.equal(k.outside_year.subject_id, 29);
	const lm = norm(k.outside_year.message);
	assert.ok(lm.includes(euroNl(late[0].amount_cents)), lm);
	assert.ok(lm.includes('2023'), lm);
	assert.ok(lm.includes('2024-01-12') || lm.includes('12 januari 2024'), lm);
	// Money for a withdrawn action point.
	assert.equal(k.withdrawn_action.subject_id, 16);
	assert.equal(k.withdrawn_action.action_code, 'WRK-05');
	assert.ok(norm(k.withdrawn_action.message).includes('WRK-05') && norm(k.withdrawn_action.message).includes(euroNl(1000000)), k.withdrawn_action.message);
	// Counts, and the HTML page lists each message with a link.
	for (const kind of Object.keys(k)) assert.deepEqual(j.warning_counts[kind], { all: 1, open: 1 }, kind);
	const h = await as.public.get('/funds');
	// Inline tags (the lang="nl" spans around Dutch data) turn into spaces in textOf: compare without them.
	const txt = squash(textOf(mainOf(h.body)));
	for (const x of w) {
		assert.ok(txt.includes(squash(x.message)), `/funds shows: ${x.message}`);
		assert.ok(h.body.includes(`href="${x.href.replace(/&/g, '&amp;')}"`), `link ${x.href}`);
	}
	assert.ok(!h.body.includes('/funds/warnings/'), 'the public gets no link to explain');
	const m = await as.member.get('/funds');
	for (const x of w) assert.ok(m.body.includes(`href="/funds/warnings/${x.kind}/${x.subject_id}"`), `member: link to explain ${x.kind}`);
});

test('the overview lists the open money warnings, in HTML and JSON', async () => {
	const funds = (await as.public.get('/api/v1/funds')).json.warnings;
	for (const path of ['/api/v1/', '/api/v1']) {
		const j = await as.public.get(path);
		assert.equal(j.status, 200, path);
		assert.deepEqual(j.json.money_warnings.map((x) => [x.kind, x.subject_id]), funds.map((x) => [x.kind, x.subject_id]), path);
		assert.ok(j.json.money_warnings.every((x) => typeof x.message === 'string' && x.message));
	}
	const d = await as.public.get('/', { headers: { accept: 'application/json' } });
	assert.equal(d.json.money_warnings.length, 4);
	const h = await as.public.get('/');
	const txt = textOf(mainOf(h.body));
	for (const x of funds) assert.ok(squash(txt).includes(squash(x.message)), `the overview shows: ${x.message}`);
});

test('explaining a warning: not for the public, readers or dossier holders; wrong kind or subject is 404; an empty explanation is 422 and stores nothing', async () => {
	const before = snapshot();
	const p = '/funds/warnings/overspent/12';
	const pub = await as.public.get(p);
	assert.ok(pub.status === 303 && /^\/sign-in/.test(pub.location), `public GET: ${pub.status}`);
	assert.ok(refusedPublic(await as.public.post(p, { explanation: 'Van de straat.' })), 'public POST');
	for (const role of ['reader', 'dossierHolder']) {
		assert.equal((await as[role].get(p)).status, 403, `${role} GET`);
		assert.equal((await as[role].post(p, { explanation: 'Mag niet.' })).status, 403, `${role} POST`);
		assert.equal((await as[role].postJson(`/api/v1${p}`, { explanation: 'Mag niet.' })).status, 403, `${role} JSON`);
	}
	// The form exists for a member.
	const form = await as.member.get(p);
	assert.equal(form.status, 200);
	assert.match(form.body, /name="explanation"/);
	assert.ok(textOf(form.body).includes('IA24-02'), 'the form says which warning it is about');
	// Kind and subject must name a warning that exists now.
	for (const bad of ['/funds/warnings/nonsense/12', '/funds/warnings/overspent/99999', '/funds/warnings/overspent/3',
		'/funds/warnings/outside_year/28', '/funds/warnings/withdrawn_action/12', '/funds/warnings/over_allocated/1']) {
		assert.equal((await as.member.get(bad)).status, 404, `GET ${bad}`);
		assert.equal((await as.member.post(bad, { explanation: 'Een uitleg.' })).status, 404, `POST ${bad}`);
	}
	assert.equal((await as.member.get('/funds/warnings/overspent/abc')).status, 400);
	// Empty (or only spaces): 422 with the error at the field.
	for (const explanation of ['', '   ']) {
		const r = await as.member.post(p, { explanation });
		assert.equal(r.status, 422, JSON.stringify(explanation));
		assert.match(r.body, /class="error-summary"[^]*href="#f-explanation"/);
		assert.match(r.body, /id="f-explanation"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-explanation"/);
	}
	const j = await as.member.postJson(`/api/v1${p}`, { explanation: '' });
	assert.equal(j.status, 422);
	assert.match(j.headers.get('content-type'), /application\/problem\+json/);
	assert.ok(j.json.errors?.explanation, JSON.stringify(j.json));
	assert.deepEqual(snapshot(), before, 'nothing stored, no audit entry');
	assert.equal((await as.public.get('/api/v1/')).json.money_warnings.length, 4);
});

test('a member explains a warning: it leaves the overview, stays on /funds with its explanation, and is audited', async () => {
	const a = audits();
	const text = 'De Week van de Toegankelijkheid 2024 kreeg extra tolken; het college heeft dit goedgekeurd.';
	const r = await as.member.post('/funds/warnings/overspent/12', { explanation: text });
	assert.equal(r.status, 303, r.body.slice(0, 400));
	assert.match(r.location, /^\/funds(#|$)/);
	// One audit entry with the note.
	assert.equal(audits(), a + 1);
	const au = lastAudit();
	assert.equal(au.entity, 'fund_warning');
	assert.equal(au.action, 'create');
	assert.equal(au.entity_id, 12);
	assert.equal(au.user_id, userId(DEMO.member));
	const after = JSON.parse(au.after_json);
	assert.equal(after.kind, 'overspent');
	assert.equal(after.explanation, text);
	assert.equal(sqlValue(db, "SELECT explanation FROM fund_warning_note WHERE kind = 'overspent' AND subject_id = 12"), text);
	// The overview: gone (HTML and JSON); the other three stay.
	const dj = (await as.public.get('/api/v1/')).json.money_warnings;
	assert.deepEqual(dj.map((x) => x.kind).sort(), ['outside_year', 'over_allocated', 'withdrawn_action']);
	const dh = textOf(mainOf((await as.public.get('/')).body));
	assert.ok(!dh.includes('IA24-02'), 'the overview no longer shows the overspent allocation');
	// /funds: still there, with the explanation and who gave it.
	const fj = (await as.public.get('/api/v1/funds')).json;
	const w = fj.warnings.find((x) => x.kind === 'overspent');
	assert.ok(w, 'still listed on /funds');
	assert.equal(w.explanation, text);
	assert.equal(w.is_explained, true);
	// Who explained it is for signed-in users only (never an e-mail address); the public sees the explanation.
	assert.equal(w.explained_by, undefined, 'the public does not see who explained it');
	const mw = (await as.reader.get('/api/v1/funds')).json.warnings.find((x) => x.kind === 'overspent');
	assert.equal(mw.explained_by, sqlValue(db, `SELECT display_name FROM user_account WHERE id = ${userId(DEMO.member)}`));
	assert.ok(!JSON.stringify(fj).includes('@example.org'), 'no e-mail address in the public money data');
	assert.deepEqual(fj.warning_counts.overspent, { all: 1, open: 0 });
	const fh = textOf(mainOf((await as.public.get('/funds')).body));
	assert.ok(fh.includes(text), '/funds shows the explanation');
	assert.ok(squash(fh).includes(squash(w.message)), '/funds still shows the warning');
	// Changing it: the form is filled, the audit has before and after.
	const form = await as.member.get('/funds/warnings/overspent/12');
	assert.ok(form.body.includes(text), 'the form shows the explanation to change');
	const r2 = await as.expert.postJson('/api/v1/funds/warnings/overspent/12', { explanation: 'Bijgewerkte uitleg.' });
	assert.equal(r2.status, 200, r2.body);
	assert.equal(audits(), a + 2);
	const au2 = lastAudit();
	assert.equal(au2.action, 'update');
	assert.equal(JSON.parse(au2.before_json).explanation, text);
	assert.equal(JSON.parse(au2.after_json).explanation, 'Bijgewerkte uitleg.');
	assert.equal(n("SELECT count(*) FROM fund_warning_note WHERE kind = 'overspent' AND subject_id = 12"), 1);
});

// ------------------------------------------------------------ forms: sources

test('funding sources are for the coordinator only: members and others are refused and nothing changes', async () => {
	const before = snapshot();
	const form = { name: 'Provinciale bijdrage', year: '2026', amount: '20.000', note: 'Mag niet.' };
	for (const role of ['member', 'expert', 'dossierHolder', 'reader']) {
		for (const p of ['/funds/sources/new', '/funds/sources/1/edit'])
			assert.equal((await as[role].get(p)).status, 403, `${role} GET ${p}`);
		assert.equal((await as[role].post('/funds/sources', form)).status, 403, `${role} POST /funds/sources`);
		assert.equal((await as[role].post('/funds/sources/1', form)).status, 403, `${role} POST /funds/sources/1`);
		assert.equal((await as[role].postJson('/api/v1/funds/sources', form)).status, 403, `${role} JSON`);
	}
	const pub = await as.public.get('/funds/sources/new');
	assert.ok(pub.status === 303 && /^\/sign-in/.test(pub.location));
	assert.ok(refusedPublic(await as.public.post('/funds/sources', form)));
	assert.deepEqual(snapshot(), before);
	// Members see no link to add or change a source; the coordinator does.
	assert.ok(!(await as.member.get('/funds')).body.includes('/funds/sources/new'));
	const c = await as.coordinator.get('/funds');
	assert.ok(c.body.includes('href="/funds/sources/new"') && c.body.includes('href="/funds/sources/1/edit"'));
});

test('the coordinator records and changes a funding source; each write is one audit entry; refusals change nothing', async () => {
	const a = audits();
	const r = await as.coordinator.post('/funds/sources', { name: 'Provinciale bijdrage inclusie', year: '2026', amount: '€ 20.000,00', note: 'Eenmalige bijdrage van de provincie.' });
	assert.equal(r.status, 303, r.body.slice(0, 500));
	const s = sql(db, "SELECT * FROM fund_source WHERE name = 'Provinciale bijdrage inclusie'")[0];
	assert.equal(s.year, 2026);
	assert.equal(s.amount_cents, 2000000);
	assert.equal(audits(), a + 1);
	let au = lastAudit();
	assert.deepEqual([au.entity, au.entity_id, au.action, au.user_id], ['fund_source', s.id, 'create', userId(DEMO.coordinator)]);
	// Refused: duplicate name in the same year, a year out of range, a bad amount, a negative amount; nothing changes.
	const before = snapshot();
	for (const [fields, field] of [
		[{ name: 'Provinciale bijdrage inclusie', year: '2026', amount: '1,00' }, 'name'],
		[{ name: 'Andere bron', year: '1999', amount: '1,00' }, 'year'],
		[{ name: 'Andere bron', year: 'twee', amount: '1,00' }, 'year'],
		[{ name: 'Andere bron', year: '2026', amount: '12,3,4' }, 'amount'],
		[{ name: 'Andere bron', year: '2026', amount: '-5,00' }, 'amount'],
		[{ name: '', year: '2026', amount: '1,00' }, 'name'],
	]) {
		const x = await as.coordinator.post('/funds/sources', fields);
		assert.equal(x.status, 422, JSON.stringify(fields));
		assert.match(x.body, new RegExp(`href="#f-${field}"`), JSON.stringify(fields));
	}
	assert.deepEqual(snapshot(), before);
	// Change it: form filled, audit before/after.
	const edit = await as.coordinator.get(`/funds/sources/${s.id}/edit`);
	assert.equal(edit.status, 200);
	assert.ok(edit.body.includes('Provinciale bijdrage inclusie'));
	assert.match(edit.body, /name="amount"[^>]*value="20000,00"|value="20000,00"[^>]*name="amount"/, 'the amount is filled in as 20000,00');
	const u = await as.coordinator.post(`/funds/sources/${s.id}`, { name: 'Provinciale bijdrage inclusie', year: '2026', amount: '25.000', note: 'Verhoogd.' });
	assert.equal(u.status, 303, u.body.slice(0, 400));
	assert.equal(n(`SELECT amount_cents FROM fund_source WHERE id = ${s.id}`), 2500000);
	assert.equal(audits(), a + 2);
	au = lastAudit();
	assert.equal(au.action, 'update');
	assert.equal(JSON.parse(au.before_json).amount_cents, 2000000);
	assert.equal(JSON.parse(au.after_json).amount_cents, 2500000);
	assert.equal((await as.coordinator.get('/funds/sources/99999/edit')).status, 404);
	assert.equal((await as.coordinator.post('/funds/sources/99999', { name: 'X', year: '2026', amount: '1' })).status, 404);
	const shown = (await as.public.get('/api/v1/funds?year=2026')).json.sources.find((x) => x.id === s.id);
	assert.equal(shown.amount_cents, 2500000);
});

// ------------------------------------------------------------ forms: allocations

const allocationForm = (extra = {}) => ({
	source_id: 4, action_point_id: '', purpose: 'organisatie', code: 'TST26-01', amount: '€ 12.500,50',
	allocated_on: '2026-02-03', note: 'Ondersteuning van de projectgroep, extra.', ...extra,
});

test('a member allocates "€ 12.500,50": 1250050 cents stored, one audit entry, shown on /funds', async () => {
	const a = audits();
	const r = await as.member.post('/funds/allocations', allocationForm());
	assert.equal(r.status, 303, r.body.slice(0, 600));
	const row = sql(db, "SELECT * FROM allocation WHERE code = 'TST26-01'")[0];
	assert.ok(row, 'stored');
	assert.equal(row.amount_cents, 1250050);
	assert.equal(row.source_id, 4);
	assert.equal(row.action_point_id, null);
	assert.equal(row.purpose, 'organisatie');
	assert.equal(row.allocated_on, '2026-02-03');
	assert.equal(audits(), a + 1);
	const au = lastAudit();
	assert.deepEqual([au.entity, au.entity_id, au.action, au.user_id], ['allocation', row.id, 'create', userId(DEMO.member)]);
	assert.equal(JSON.parse(au.after_json).amount_cents, 1250050);
	const page = await as.public.get(`/funds/allocations/${row.id}`);
	assert.equal(page.status, 200);
	assert.ok(textOf(mainOf(page.body)).includes('€ 12.500,50'));
	const list = await as.public.get('/funds?year=2026');
	assert.ok(list.body.includes(`href="/funds/allocations/${row.id}"`));
	// Change it (with an action point as well): before and after in the audit.
	const edit = await as.member.get(`/funds/allocations/${row.id}/edit`);
	assert.equal(edit.status, 200);
	assert.match(edit.body, /value="12500,50"/);
	const u = await as.member.post(`/funds/allocations/${row.id}`, allocationForm({ action_point_id: 12, amount: '13.000' }));
	assert.equal(u.status, 303, u.body.slice(0, 400));
	const au2 = lastAudit();
	assert.equal(au2.action, 'update');
	assert.equal(JSON.parse(au2.before_json).amount_cents, 1250050);
	assert.equal(JSON.parse(au2.after_json).amount_cents, 1300000);
	assert.equal(JSON.parse(au2.after_json).action_point_id, 12);
	assert.equal(audits(), a + 2);
});

test('allocation refusals name their field and change nothing: no action point or purpose, duplicate code (any case), bad amounts', async () => {
	const before = snapshot();
	// Neither an action point nor a purpose.
	const neither = await as.member.post('/funds/allocations', allocationForm({ purpose: '', code: 'TST26-02' }));
	assert.equal(neither.status, 422);
	assert.match(neither.body, /class="error-summary"[^]*href="#f-purpose"/);
	assert.ok(neither.body.includes('Ondersteuning van de projectgroep, extra.'), 'input is kept');
	// A code that exists, in another case.
	for (const code of ['IA25-01', 'ia25-01', 'tst26-01']) {
		const dup = await as.member.post('/funds/allocations', allocationForm({ code }));
		assert.equal(dup.status, 422, code);
		assert.match(dup.body, /href="#f-code"/, code);
	}
	// Amounts money_parse refuses, with its own message (English here, to compare exactly).
	const bad = await as.member.post('/funds/allocations', allocationForm({ code: 'TST26-03', amount: '12,3,4' }), EN);
	assert.equal(bad.status, 422);
	assert.match(bad.body, /href="#f-amount"/);
	assert.ok(textOf(bad.body).includes('The dots and comma are in the wrong place. Write thousands with a dot and cents after a comma, like 1.234,56.'),
		textOf(mainOf(bad.body)).slice(0, 600));
	for (const amount of ['', 'veel', '1.23.4', '12,345', '-100,00']) {
		const x = await as.member.post('/funds/allocations', allocationForm({ code: 'TST26-04', amount }));
		assert.equal(x.status, 422, `amount ${JSON.stringify(amount)}`);
		assert.match(x.body, /href="#f-amount"/, `amount ${JSON.stringify(amount)}`);
	}
	// Unknown source, action point or purpose.
	for (const [extra, field] of [[{ source_id: 999 }, 'source_id'], [{ action_point_id: 999 }, 'action_point_id'], [{ purpose: 'feest' }, 'purpose'],
		[{ allocated_on: '2026-02-30' }, 'allocated_on']]) {
		const x = await as.member.post('/funds/allocations', allocationForm({ code: 'TST26-05', ...extra }));
		assert.equal(x.status, 422, JSON.stringify(extra));
		assert.match(x.body, new RegExp(`href="#f-${field}"`), JSON.stringify(extra));
	}
	assert.deepEqual(snapshot(), before, 'nothing changed, no audit entry');
});

test('JSON API: POST /api/v1/funds/allocations answers 201 with the allocation, and problem details per field on 422', async () => {
	const before = snapshot();
	const bad = await as.member.postJson('/api/v1/funds/allocations', { source_id: 4, amount: '12,3,4', allocated_on: '2026-03-01', code: 'API26-01' });
	assert.equal(bad.status, 422);
	assert.match(bad.headers.get('content-type'), /application\/problem\+json/);
	assert.equal(bad.json.status, 422);
	assert.ok(bad.json.errors?.amount, JSON.stringify(bad.json));
	assert.ok(bad.json.errors?.purpose, JSON.stringify(bad.json));
	assert.ok(!bad.json.errors.source_id && !bad.json.errors.allocated_on, 'only the wrong fields');
	const dup = await as.member.postJson('/api/v1/funds/allocations', { source_id: 4, purpose: 'overig', amount: '1', allocated_on: '2026-03-01', code: 'IA26-01' });
	assert.equal(dup.status, 422);
	assert.ok(dup.json.errors?.code, JSON.stringify(dup.json));
	assert.deepEqual(snapshot(), before);
	const ok = await as.member.postJson('/api/v1/funds/allocations', { source_id: 4, action_point_id: 35, amount: '€ 1.000,25', allocated_on: '2026-03-01', code: 'API26-01', note: 'Via de API.' });
	assert.equal(ok.status, 201, ok.body);
	assert.equal(ok.json.amount_cents, 100025);
	assert.equal(ok.json.code, 'API26-01');
	assert.equal(ok.json.action_point_id, 35);
	assert.ok(Number.isInteger(ok.json.id));
	assert.equal(n(`SELECT amount_cents FROM allocation WHERE id = ${ok.json.id}`), 100025);
	assert.equal(audits(), before.audits + 1);
});

// ------------------------------------------------------------ forms: expenses

const expenseForm = (extra = {}) => ({
	allocation_id: 26, spent_on: '2026-04-10', amount: '1.234,56', description: 'Posters Week van de Toegankelijkheid 2026',
	reference: 'FAC-2026-T001', ...extra,
});

test('expenses: 0 is refused, a negative amount (credit note) is accepted, each write is one audit entry', async () => {
	const before = snapshot();
	for (const amount of ['0', '0,00', '€ 0', '-0']) {
		const r = await as.member.post('/funds/expenses', expenseForm({ amount }));
		assert.equal(r.status, 422, `amount ${amount}`);
		assert.match(r.body, /href="#f-amount"/);
		assert.ok(r.body.includes('Posters Week van de Toegankelijkheid 2026'), 'input kept');
	}
	for (const [extra, field] of [[{ allocation_id: 99999 }, 'allocation_id'], [{ spent_on: '10-04-2026' }, 'spent_on'],
		[{ description: '' }, 'description'], [{ amount: '12,3,4' }, 'amount']]) {
		const r = await as.member.post('/funds/expenses', expenseForm(extra));
		assert.equal(r.status, 422, JSON.stringify(extra));
		assert.match(r.body, new RegExp(`href="#f-${field}"`), JSON.stringify(extra));
	}
	const j0 = await as.member.postJson('/api/v1/funds/expenses', expenseForm({ amount: '0' }));
	assert.equal(j0.status, 422);
	assert.ok(j0.json.errors?.amount);
	assert.deepEqual(snapshot(), before, 'nothing stored');

	const ok = await as.member.post('/funds/expenses', expenseForm({ amount: '-250,00', description: 'Creditnota drukwerk 2026', reference: 'CRE-2026-T001' }));
	assert.equal(ok.status, 303, ok.body.slice(0, 500));
	const e = sql(db, "SELECT * FROM expense WHERE reference = 'CRE-2026-T001'")[0];
	assert.equal(e.amount_cents, -25000);
	assert.equal(e.allocation_id, 26);
	assert.equal(e.import_id, null);
	assert.equal(audits(), before.audits + 1);
	const au = lastAudit();
	assert.deepEqual([au.entity, au.entity_id, au.action], ['expense', e.id, 'create']);
	const ok2 = await as.member.post('/funds/expenses', expenseForm());
	assert.equal(ok2.status, 303);
	const e2 = sql(db, "SELECT * FROM expense WHERE reference = 'FAC-2026-T001'")[0];
	assert.equal(e2.amount_cents, 123456);
	assert.equal(audits(), before.audits + 2);
	// Change: before and after.
	const edit = await as.member.get(`/funds/expenses/${e2.id}/edit`);
	assert.equal(edit.status, 200);
	assert.match(edit.body, /value="1234,56"/);
	const upd = await as.member.post(`/funds/expenses/${e2.id}`, expenseForm({ amount: '1.300' }));
	assert.equal(upd.status, 303);
	const au2 = lastAudit();
	assert.deepEqual([au2.entity, au2.entity_id, au2.action], ['expense', e2.id, 'update']);
	assert.equal(JSON.parse(au2.before_json).amount_cents, 123456);
	assert.equal(JSON.parse(au2.after_json).amount_cents, 130000);
	assert.equal(audits(), before.audits + 3);
	// Both on the allocation page, the credit note negative.
	const page = (await as.public.get('/api/v1/funds/allocations/26')).json;
	assert.deepEqual(page.expenses.items.map((x) => x.amount_cents).sort((p, q) => p - q), [-25000, 130000]);
	// A new expense can start from an allocation.
	const pre = await as.member.get('/funds/expenses/new?allocation=16');
	assert.match(pre.body, /<option value="16" selected>/);
});

test('readers, dossier holders and the public cannot write money; a POST without a CSRF token is refused', async () => {
	const before = snapshot();
	const writes = [
		['/funds/allocations', allocationForm({ code: 'NOPE-1' })],
		['/funds/allocations/1', allocationForm({ code: 'IA23-01' })],
		['/funds/expenses', expenseForm({ reference: 'NOPE-1' })],
		['/funds/expenses/1', expenseForm({ reference: 'NOPE-2' })],
		['/funds/warnings/outside_year/29', { explanation: 'Mag niet.' }],
	];
	for (const [p, form] of writes) {
		for (const role of ['reader', 'dossierHolder']) {
			assert.equal((await as[role].post(p, form)).status, 403, `${role} POST ${p}`);
			assert.equal((await as[role].postJson(`/api/v1${p}`, form)).status, 403, `${role} JSON ${p}`);
		}
		const pub = await as.public.post(p, form);
		assert.ok(refusedPublic(pub), `public POST ${p}: ${pub.status}`);
		// Allowed roles without (or with a wrong) CSRF token.
		for (const role of ['member', 'coordinator']) {
			assert.equal((await as[role].post(p, { ...form, csrf: undefined })).status, 403, `${role} POST ${p} without CSRF`);
			assert.equal((await as[role].post(p, { ...form, csrf: 'wrong' })).status, 403, `${role} POST ${p} with a wrong CSRF token`);
		}
		assert.equal((await as.member.postJson(`/api/v1${p}`, form, { headers: { 'x-csrf-token': 'wrong' } })).status, 403, `JSON ${p} with a wrong token`);
	}
	for (const p of ['/funds/allocations/new', '/funds/allocations/1/edit', '/funds/expenses/new', '/funds/expenses/1/edit', '/funds/import']) {
		for (const role of ['reader', 'dossierHolder']) assert.equal((await as[role].get(p)).status, 403, `${role} GET ${p}`);
		const pub = await as.public.get(p);
		assert.ok(pub.status === 303 && /^\/sign-in\?next=/.test(pub.location), `public GET ${p}`);
	}
	assert.deepEqual(snapshot(), before, 'nothing changed');
	// The reader reads the money pages but sees no edit links.
	const r = await as.reader.get('/funds');
	assert.equal(r.status, 200);
	assert.ok(!r.body.includes('/funds/expenses/new') && !r.body.includes('/funds/allocations/new'));
});

// ------------------------------------------------------------ exports

test('formula guard: a description starting with = + - or @ comes out of the CSV with a leading apostrophe', async () => {
	const risky = ['=HYPERLINK("http://example.org/x";"klik")', '+31 24 329 9999 gebeld', '-korting drukwerk', '@rente bank'];
	for (const [i, description] of risky.entries()) {
		const r = await as.member.post('/funds/expenses', expenseForm({ description, reference: `FORMULA-${i}`, amount: '10,00' }));
		assert.equal(r.status, 303, r.body.slice(0, 400));
	}
	const { bytes } = await getBytes('/funds/export/expenses.csv');
	const csv = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
	for (const d of risky) {
		const row = csv.rows.find((r) => r.includes(`'${d}`));
		assert.ok(row, `"'${d}" is in the CSV`);
		assert.ok(!csv.rows.some((r) => r.includes(d)), `"${d}" is never a field as it is`);
	}
	// The JSON export and the page keep the text as it was written.
	const j = JSON.parse((await getBytes('/funds/export/expenses.json')).bytes.toString('utf8'));
	for (const d of risky) assert.ok(j.some((e) => e.description === d), d);
	// Ordinary text and negative amounts are not touched.
	assert.ok(csv.rows.some((r) => r.includes('Creditnota drukwerk 2026') && r.includes('-250,00')));
});

test('CSV exports: BOM, ";" and CRLF, amounts as 1234,56, attachment, and as many rows as the JSON export', async () => {
	const problems = [];
	for (const t of TABLES) {
		const c = await getBytes(`/funds/export/${t}.csv`);
		const js = await getBytes(`/funds/export/${t}.json`);
		assert.equal(c.status, 200, `${t}.csv`);
		assert.equal(js.status, 200, `${t}.json`);
		assert.match(c.headers.get('content-type'), /^text\/csv/, `${t}.csv content type`);
		assert.match(c.headers.get('content-disposition') ?? '', /^attachment;\s*filename="[^"]+\.csv"$/, `${t}.csv is a download`);
		assert.match(js.headers.get('content-type'), /^application\/json/);
		assert.match(js.headers.get('content-disposition') ?? '', /^attachment;\s*filename="[^"]+\.json"$/);
		assert.deepEqual([...c.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${t}.csv starts with the UTF-8 byte order mark`);
		const text = c.bytes.subarray(3).toString('utf8');
		assert.ok(!text.includes('\uFFFD'), `${t}.csv is valid UTF-8`);
		const csv = parseCsv(text);
		assert.equal(csv.bareLineEnds, 0, `${t}.csv: every line ends with CRLF`);
		assert.ok(!csv.unterminated && !csv.openQuote, `${t}.csv: the last line ends with CRLF, no open quote`);
		const rows = JSON.parse(js.bytes.toString('utf8'));
		assert.ok(Array.isArray(rows), `${t}.json is a list`);
		const [head, ...data] = csv.rows;
		assert.ok(head.length >= 2, `${t}.csv has a header line split by ";" (${JSON.stringify(head)})`);
		assert.equal(data.length, rows.length, `${t}.csv has as many rows as ${t}.json`);
		for (const r of data) if (r.length !== head.length) problems.push(`${t}.csv: a row with ${r.length} fields, header has ${head.length}: ${JSON.stringify(r)}`);
		// Amounts: integer cents in JSON; in the CSV the same amount as 1234,56 (no € sign, no thousands dots).
		rows.forEach((row, i) => {
			for (const [k, v] of Object.entries(row)) {
				if (!k.endsWith('_cents')) continue;
				if (!Number.isInteger(v)) problems.push(`${t}.json row ${i}: ${k} = ${JSON.stringify(v)} is not an integer`);
				if (t !== 'warnings' && !data[i].includes(plain(v))) problems.push(`${t}.csv row ${i + 1}: ${k} ${v} not written as ${plain(v)} in ${JSON.stringify(data[i])}`);
			}
			if (t !== 'warnings') {
				const amounts = data[i].filter((f) => /^-?\d+,\d\d$/.test(f)).length;
				const cents = Object.keys(row).filter((k) => k.endsWith('_cents')).length;
				if (amounts !== cents) problems.push(`${t}.csv row ${i + 1}: ${amounts} amounts like 1234,56, JSON has ${cents}`);
				for (const f of data[i]) if (/^€|^-?€|^-?\d{1,3}(\.\d{3})+(,\d\d)?$/.test(f)) problems.push(`${t}.csv row ${i + 1}: amount written for people, not for a spreadsheet: "${f}"`);
			}
		});
	}
	assert.deepEqual(problems, [], problems.join('\n'));
	// The exports hold the same figures as the page and the database.
	const page = (await as.public.get('/api/v1/funds')).json;
	const years = JSON.parse((await getBytes('/funds/export/years.json')).bytes.toString('utf8'));
	assert.deepEqual(years.map((y) => [y.year, y.available_cents, y.allocated_cents, y.spent_cents]),
		page.years.map((y) => [y.year, y.available_cents, y.allocated_cents, y.spent_cents]));
	const expenses = JSON.parse((await getBytes('/funds/export/expenses.json')).bytes.toString('utf8'));
	assert.equal(expenses.length, n('SELECT count(*) FROM expense'), 'every expense is exported, not one page');
	assert.equal(expenses.reduce((s, e) => s + e.amount_cents, 0), n('SELECT sum(amount_cents) FROM expense'));
	const allocCsv = parseCsv((await getBytes('/funds/export/allocations.csv')).bytes.subarray(3).toString('utf8'));
	const ia2502 = allocCsv.rows.find((r) => r.includes('IA25-02'));
	assert.ok(ia2502.includes('40000,00'), `IA25-02 allocated 40000,00: ${JSON.stringify(ia2502)}`);
});

test('exports: an unknown table or extension is 404', async () => {
	for (const f of ['nope.csv', 'nope.json', 'years.xlsx', 'years', 'years.', '.csv', 'years.csv.json', 'years.CSV', 'expenses.csvx', 'users.csv', 'audit.json']) {
		const r = await as.public.get(`/funds/export/${f}`);
		assert.equal(r.status, 404, `/funds/export/${f}: ${r.status}`);
	}
});

// ------------------------------------------------------------ the list of expenses

test('paging /funds/expenses: 150 expenses made through the JSON API, 100 per page, in order, nothing lost or repeated', async () => {
	const a = audits();
	const made = [];
	for (let i = 0; i < 150; i++) {
		const day = String(1 + (i % 28)).padStart(2, '0');
		const r = await as.member.postJson('/api/v1/funds/expenses', {
			allocation_id: 25, spent_on: `2026-07-${day}`, amount: `${1 + (i % 7)},${String(i % 100).padStart(2, '0')}`,
			description: `Reiskosten ervaringsdeskundige ${i + 1}`, reference: `PAGE-${i + 1}`,
		});
		assert.equal(r.status, 201, r.body);
		made.push(r.json.id);
	}
	assert.equal(audits(), a + 150, 'one audit entry per expense');
	const want = sql(db, `SELECT e.id FROM expense e JOIN allocation a ON a.id = e.allocation_id JOIN fund_source s ON s.id = a.source_id
	  WHERE s.year = 2026 ORDER BY e.spent_on DESC, e.id DESC`).map((r) => r.id);
	assert.ok(want.length > 150);
	const p1 = (await as.public.get('/api/v1/funds/expenses?year=2026')).json;
	assert.equal(p1.count, want.length);
	assert.equal(p1.page_number, 1);
	assert.equal(p1.pages, Math.ceil(want.length / 100));
	assert.equal(p1.items.length, 100);
	assert.equal(p1.sum_cents, n(`SELECT sum(e.amount_cents) FROM expense e JOIN allocation a ON a.id = e.allocation_id
	  JOIN fund_source s ON s.id = a.source_id WHERE s.year = 2026`), 'the sum is of all pages');
	const seen = [];
	for (let p = 1; p <= p1.pages; p++) {
		const x = (await as.public.get(`/api/v1/funds/expenses?year=2026&page=${p}`)).json;
		assert.ok(x.items.length <= 100);
		seen.push(...x.items.map((e) => e.id));
	}
	assert.deepEqual(seen, want, 'all pages together: each expense once, newest first');
	for (const id of made) assert.ok(seen.includes(id));
	// All years: 100 per page too.
	const all = n('SELECT count(*) FROM expense');
	const a1 = (await as.public.get('/api/v1/funds/expenses')).json;
	assert.equal(a1.count, all);
	assert.equal(a1.items.length, 100);
	assert.equal(a1.pages, Math.ceil(all / 100));
	// HTML: links to the next and previous page keep the filter.
	const h1 = await as.public.get('/funds/expenses?year=2026');
	assert.equal(h1.status, 200);
	assert.equal((h1.body.match(/<tr id="expense-\d+"/g) ?? []).length, 100);
	assert.match(h1.body, /href="\/funds\/expenses\?page=2&amp;year=2026" rel="next"|href="\/funds\/expenses\?year=2026&amp;page=2" rel="next"/);
	const h2 = await as.public.get('/funds/expenses?year=2026&page=2');
	assert.equal((h2.body.match(/<tr id="expense-\d+"/g) ?? []).length, want.length - 100);
	assert.match(h2.body, /rel="prev"/);
	assert.ok(!/rel="next"/.test(h2.body), 'no next link on the last page');
});

test('/funds/expenses has its own title and h1, and its JSON link points at the expenses (not the overview)', async () => {
	const cases = [
		['/funds/expenses', {}, 'Uitgaven'],
		['/funds/expenses?page=1', {}, 'Uitgaven'],
		['/funds/expenses?year=2025', {}, 'Uitgaven van 2025'],
		['/funds/expenses', EN, 'Expenses'],
	];
	for (const [p, opts, want] of cases) {
		const r = await as.public.get(p, opts);
		assert.equal(r.status, 200, p);
		assert.equal(norm(textOf(r.body.match(/<title>([\s\S]*?)<\/title>/)[1])).split(' | ')[0], want, `${p}: <title>`);
		assert.equal(norm(textOf(r.body.match(/<h1>([\s\S]*?)<\/h1>/)[1])), want, `${p}: h1`);
		assert.match(r.body, /<link rel="alternate" type="application\/json" href="\/api\/v1\/funds\/expenses">/, `${p}: the JSON link`);
		assert.ok(r.body.includes('<a href="/api/v1/funds/expenses">'), `${p}: the footer's JSON link`);
	}
});

test('/funds/expenses refuses page 0, negative and non-numeric pages and bad years with 400', async () => {
	for (const q of ['page=0', 'page=-1', 'page=abc', 'page=', 'year=abc', 'year=0']) {
		for (const p of [`/funds/expenses?${q}`, `/api/v1/funds/expenses?${q}`]) {
			const r = await as.public.get(p);
			assert.equal(r.status, 400, `${p}: ${r.status}`);
		}
	}
});

test('/funds/expenses refuses a page number with characters after it (as it does for a year)', async () => {
	// ?year=2025x is refused; a page number "2x" is not a whole number either.
	for (const q of ['page=2x', 'page=1.5', 'page=1e2']) {
		const r = await as.public.get(`/funds/expenses?${q}`);
		assert.equal(r.status, 400, `/funds/expenses?${q}: ${r.status}`);
	}
});

test('/funds/expenses?outside_year=1 lists exactly the expenses dated outside the year of their money', async () => {
	const want = sql(db, `SELECT e.id FROM expense e JOIN allocation a ON a.id = e.allocation_id JOIN fund_source s ON s.id = a.source_id
	  WHERE substr(e.spent_on, 1, 4) <> CAST(s.year AS TEXT) ORDER BY e.spent_on DESC, e.id DESC`).map((r) => r.id);
	const j = (await as.public.get('/api/v1/funds/expenses?outside_year=1')).json;
	assert.deepEqual(j.items.map((e) => e.id), want);
	assert.ok(want.includes(29));
	const h = await as.public.get('/funds/expenses?outside_year=1');
	assert.ok(h.body.includes('id="expense-29"'));
});

// ------------------------------------------------------------ import

const GOOD = [
	'Boekdatum;Kostenplaats;Bedrag;Omschrijving;Factuurnummer',
	'31-12-2025;IA25-07;€ 1.234,56;Catering slotbijeenkomst projectgroep;IMP-2025-001',
	'30-12-2025;IA25-06;€ 99,95;Licentie toegankelijkheidscontrole;IMP-2025-002',
	'15-12-2025;ia25-05;-€ 50,00;Creditnota begeleiding proef wonen;IMP-2025-003',
].join('\r\n') + '\r\n';

test('import: a good file gives a preview of what will be added; importing adds all, with import_id and an audit entry per expense', async () => {
	const before = snapshot();
	const up = await upload(as.member, GOOD, { name: 'boekingen-dec-2025.csv' });
	assert.equal(up.status, 303, up.body.slice(0, 600));
	const id = Number(up.location.match(/^\/funds\/import\/(\d+)$/)?.[1]);
	assert.ok(id > 0, up.location);
	assert.equal(n('SELECT count(*) FROM expense'), before.expenses, 'the upload adds nothing yet');
	const pj = await previewJson(as.member, id);
	assert.deepEqual([pj.lines, pj.to_add, pj.duplicates, pj.errors], [3, 3, 0, 0]);
	assert.equal(pj.separator, ';');
	assert.equal(pj.encoding, 'UTF-8');
	assert.equal(pj.total_cents, 123456 + 9995 - 5000);
	assert.deepEqual(pj.add.map((l) => [l.line, l.spent_on, l.amount_cents, l.allocation_code]),
		[[2, '2025-12-31', 123456, 'IA25-07'], [3, '2025-12-30', 9995, 'IA25-06'], [4, '2025-12-15', -5000, 'IA25-05']]);
	const ph = await as.member.get(`/funds/import/${id}`);
	assert.equal(ph.status, 200);
	const t = textOf(mainOf(ph.body));
	for (const d of ['Catering slotbijeenkomst projectgroep', 'Licentie toegankelijkheidscontrole', 'Creditnota begeleiding proef wonen', '€ 1.234,56'])
		assert.ok(t.includes(d), `the preview lists ${d}`);
	assert.match(ph.body, new RegExp(`<form method="post" action="/funds/import/${id}"`), 'a button to import');
	// Import: all three, one transaction, one audit entry per expense.
	const lastBefore = n('SELECT coalesce(max(id), 0) FROM audit_entry');
	const ap = await as.member.post(`/funds/import/${id}`, {});
	assert.equal(ap.status, 303, ap.body.slice(0, 600));
	const rows = sql(db, `SELECT * FROM expense WHERE import_id = ${id} ORDER BY id`);
	assert.deepEqual(rows.map((r) => [r.reference, r.amount_cents, r.spent_on]),
		[['IMP-2025-001', 123456, '2025-12-31'], ['IMP-2025-002', 9995, '2025-12-30'], ['IMP-2025-003', -5000, '2025-12-15']]);
	assert.deepEqual(rows.map((r) => r.allocation_id), [23, 22, 21]);
	assert.equal(n('SELECT count(*) FROM expense'), before.expenses + 3);
	const entries = sql(db, `SELECT entity, entity_id, action, user_id FROM audit_entry WHERE id > ${lastBefore} ORDER BY id`);
	const perExpense = entries.filter((e) => e.entity === 'expense');
	assert.deepEqual(perExpense.map((e) => [e.entity_id, e.action, e.user_id]), rows.map((r) => [r.id, 'create', userId(DEMO.member)]), 'one audit entry per expense');
	assert.ok(entries.every((e) => e.entity === 'expense' || e.entity === 'expense_import'), JSON.stringify(entries));
	// The list of expenses and the import page show it is done.
	const list = (await as.public.get('/api/v1/funds/expenses?year=2025')).json;
	for (const r of rows) assert.equal(list.items.find((e) => e.id === r.id)?.import_id, id);
	const done = await previewJson(as.member, id);
	assert.equal(done.is_done, true);
	assert.equal(done.can_import, false);
	assert.equal(done.import.added, 3);
	// Importing the same file twice is refused, and adds nothing.
	const again = await as.member.post(`/funds/import/${id}`, {});
	assert.ok(again.status >= 400 && again.status < 500, `second import: ${again.status}`);
	assert.equal(n('SELECT count(*) FROM expense'), before.expenses + 3);
});

test('import preview: the lead says how many lines the file has', async () => {
	// Two data lines; the empty lines between and after them are not counted.
	const file = ['Datum;Budgetcode;Bedrag;Omschrijving', '01-06-2026;IA26-02;12,00;Koffie bijeenkomst 1', '', '02-06-2026;IA26-02;13,00;Koffie bijeenkomst 2', '', ''].join('\r\n') + '\r\n';
	const up = await upload(as.member, file, { name: 'twee-regels.csv' });
	assert.equal(up.status, 303, up.body.slice(0, 400));
	const id = up.location.split('/').pop();
	assert.equal((await previewJson(as.member, id)).lines, 2);
	const lead = textOf((await as.member.get(`/funds/import/${id}`, EN)).body.match(/<p class="lead">[\s\S]*?<\/p>/)[0]);
	assert.match(lead, /\bLines: 2\b/, `the preview lead: "${lead}"`);
});

test('import: the same lines again are duplicates, nothing to add, and importing adds nothing', async () => {
	const count = n('SELECT count(*) FROM expense');
	const up = await upload(as.member, GOOD, { name: 'nogmaals.csv' });
	assert.equal(up.status, 303, up.body.slice(0, 400));
	const id = up.location.split('/').pop();
	const pj = await previewJson(as.member, id);
	assert.deepEqual([pj.to_add, pj.duplicates, pj.errors], [0, 3, 0]);
	assert.ok(pj.duplicate.every((d) => Number.isInteger(d.expense_id)), 'each duplicate names the expense it repeats');
	assert.equal(pj.can_import, false);
	const ph = await as.member.get(`/funds/import/${id}`);
	assert.ok(!new RegExp(`<form method="post" action="/funds/import/${id}"`).test(ph.body), 'no import button when there is nothing new');
	assert.ok(textOf(mainOf(ph.body)).includes('IMP-2025-002'), 'the duplicates are listed');
	const ap = await as.member.post(`/funds/import/${id}`, {});
	assert.ok([303, 409, 422].includes(ap.status), `import of nothing new: ${ap.status}`);
	assert.equal(n('SELECT count(*) FROM expense'), count);
	assert.equal(n("SELECT count(*) FROM expense WHERE reference = 'IMP-2025-001'"), 1);
	// A line that repeats an earlier line of the same file is a duplicate too.
	const twice = ['Datum;Kostenplaats;Bedrag;Omschrijving;Referentie', '03-03-2026;IA26-02;5,00;Parkeren;DUP-1', '03-03-2026;IA26-02;5,00;Parkeren;DUP-1'].join('\r\n') + '\r\n';
	const u2 = await upload(as.member, twice);
	const p2 = await previewJson(as.member, u2.location.split('/').pop());
	assert.deepEqual([p2.to_add, p2.duplicates], [1, 1]);
	assert.equal(p2.duplicate[0].of_line, 2);
});

test('import: a file with one bad line shows its line number and message; importing it is refused (422) and adds nothing', async () => {
	const file = [
		'Boekdatum;Kostenplaats;Bedrag;Omschrijving;Factuurnummer',
		'01-02-2026;IA26-01;€ 10,00;Goede regel een;BAD-2026-001',
		'02-02-2026;IA26-01;12,3,4;Regel met een fout bedrag;BAD-2026-002',
		'03-02-2026;IA26-01;€ 30,00;Goede regel drie;BAD-2026-003',
	].join('\r\n') + '\r\n';
	const before = snapshot();
	const up = await upload(as.member, file, { name: 'fout.csv' });
	assert.equal(up.status, 303, up.body.slice(0, 400));
	const id = up.location.split('/').pop();
	const pj = await previewJson(as.member, id);
	assert.deepEqual([pj.errors, pj.to_add], [1, 2]);
	assert.equal(pj.error[0].line, 3);
	assert.equal(pj.error[0].column, 'amount');
	assert.ok(pj.error[0].message.includes('12,3,4'), pj.error[0].message);
	assert.equal(pj.can_import, false);
	const ph = await as.member.get(`/funds/import/${id}`);
	const errTable = tables(ph.body.slice(ph.body.indexOf('id="errors-h"')))[0];
	assert.ok(errTable, 'a table of the lines with errors');
	assert.equal(errTable.rows.length, 1);
	assert.equal(errTable.rows[0][0], '3', 'the line number');
	assert.ok(errTable.rows[0][1].includes('12,3,4'), errTable.rows[0][1]);
	assert.ok(!new RegExp(`<form method="post" action="/funds/import/${id}"`).test(ph.body), 'no import button while a line is wrong');
	// Import anyway: all or nothing.
	const ap = await as.member.post(`/funds/import/${id}`, {});
	assert.equal(ap.status, 422, ap.body.slice(0, 400));
	assert.ok(textOf(mainOf(ap.body)).includes('12,3,4'), 'the refusal shows the wrong line');
	const expenseFields = ({ expenses, expenses_cents }) => ({ expenses, expenses_cents });
	assert.deepEqual(expenseFields(snapshot()), expenseFields(before), 'no expense added');
	assert.equal(n("SELECT count(*) FROM expense WHERE reference LIKE 'BAD-2026-%'"), 0);
	assert.equal(n(`SELECT count(*) FROM audit_entry WHERE entity = 'expense' AND id > ${before.audits}`), 0, 'no audit entry for an expense');
	const j = await as.member.postJson(`/api/v1/funds/import/${id}`, {});
	assert.equal(j.status, 422);
	assert.equal(n("SELECT count(*) FROM expense WHERE reference LIKE 'BAD-2026-%'"), 0);
});

test('import: no file, an empty file or a file that is not a table is refused with 422 and the error at the file field', async () => {
	const imports = n('SELECT count(*) FROM expense_import');
	for (const [content, what] of [[null, 'no file'], ['', 'an empty file'], ['dit is geen tabel', 'not a table'],
		['Datum;Bedrag\r\n01-01-2026;5,00\r\n', 'required columns missing']]) {
		const r = await upload(as.member, content);
		assert.equal(r.status, 422, `${what}: ${r.status}`);
		assert.match(r.body, /class="error-summary"[^]*href="#f-file"/, `${what}: the summary links to the file field`);
		assert.match(r.body, /id="f-file-error"/, what);
		assert.match(r.body, /id="f-file"[^>]*aria-invalid="true"/, what);
		const j = await upload(as.member, content, { headers: { accept: 'application/json' } });
		assert.equal(j.status, 422, `${what} (JSON)`);
		assert.match(j.headers.get('content-type'), /application\/problem\+json/);
		assert.ok(j.json?.errors?.file, `${what}: errors.file in ${j.body}`);
	}
	assert.equal(n('SELECT count(*) FROM expense_import'), imports, 'nothing kept');
});

test('import: a Windows-1252 file (0x80 for €, 0xE9 for é) is read and stored as UTF-8', async () => {
	const latin = (s) => Buffer.from(s, 'latin1');
	const bytes = Buffer.concat([
		latin('Boekdatum;Kostenplaats;Bedrag;Omschrijving;Factuurnummer\r\n'),
		latin('15-03-2026;IA26-01;'), Buffer.from([0x80]), latin(' 1.000,00;Caf'), Buffer.from([0xe9]), latin(' bijeenkomst ervaringsdeskundigen;W1252-001\r\n'),
	]);
	assert.ok(!bytes.toString('utf8').includes('é'), 'the file is not UTF-8');
	const up = await upload(as.member, bytes, { name: 'export-1252.csv' });
	assert.equal(up.status, 303, up.body.slice(0, 400));
	const id = up.location.split('/').pop();
	const pj = await previewJson(as.member, id);
	assert.equal(pj.encoding, 'Windows-1252');
	assert.deepEqual([pj.to_add, pj.errors], [1, 0]);
	assert.equal(pj.add[0].description, 'Café bijeenkomst ervaringsdeskundigen');
	assert.equal(pj.add[0].amount_cents, 100000);
	assert.ok(textOf((await as.member.get(`/funds/import/${id}`)).body).includes('Café bijeenkomst ervaringsdeskundigen'));
	const ap = await as.member.post(`/funds/import/${id}`, {});
	assert.equal(ap.status, 303, ap.body.slice(0, 400));
	const row = sql(db, "SELECT description, amount_cents, import_id FROM expense WHERE reference = 'W1252-001'")[0];
	assert.deepEqual(row, { description: 'Café bijeenkomst ervaringsdeskundigen', amount_cents: 100000, import_id: Number(id) });
});

test('import: the public, readers and dossier holders cannot upload, see or import; no CSRF token is refused', async () => {
	const before = snapshot();
	const imports = n('SELECT count(*) FROM expense_import');
	for (const role of ['reader', 'dossierHolder']) {
		assert.equal((await upload(as[role], GOOD)).status, 403, `${role} upload`);
		assert.equal((await as[role].get('/funds/import/1')).status, 403, `${role} preview`);
		assert.equal((await as[role].post('/funds/import/1', {})).status, 403, `${role} import`);
	}
	assert.ok(refusedPublic(await upload(as.public, GOOD)), 'public upload');
	assert.ok(refusedPublic(await as.public.post('/funds/import/1', {})), 'public import');
	const pub = await as.public.get('/funds/import/1');
	assert.ok(pub.status === 303 && /^\/sign-in/.test(pub.location));
	assert.equal((await upload(as.member, GOOD, { csrf: null })).status, 403, 'upload without CSRF');
	assert.equal((await upload(as.member, GOOD, { csrf: 'wrong' })).status, 403, 'upload with a wrong CSRF token');
	assert.equal(n('SELECT count(*) FROM expense_import'), imports, 'no file kept');
	assert.deepEqual(snapshot(), before);
	assert.equal((await as.member.get('/funds/import/99999')).status, 404);
	assert.equal((await as.member.post('/funds/import/99999', {})).status, 404);
	assert.equal((await as.member.get('/funds/import/abc')).status, 400);
});

// ------------------------------------------------------------ language

/**
 * Interface text of a page (headings, lead, labels, hints, captions, column
 * headers, buttons, error messages, warnings): each element's text.
 */
function interfaceTexts(html) {
	const out = [];
	const m = mainOf(html);
	for (const [, tag, inner] of m.matchAll(/<(h1|h2|h3|label|caption|button|legend)\b[^>]*>([\s\S]*?)<\/\1>/gi)) out.push(`${tag}: ${textOf(inner)}`);
	for (const [, cls, inner] of m.matchAll(/<p class="(lead|hint|error-message)"[^>]*>([\s\S]*?)<\/p>/gi)) out.push(`${cls}: ${textOf(inner)}`);
	for (const [, inner] of m.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/gi)) out.push(`th: ${textOf(inner)}`);
	for (const [, inner] of m.matchAll(/<li class="warning[^"]*">\s*<p>([\s\S]*?)<\/p>/gi)) out.push(`warning: ${textOf(inner)}`);
	for (const [, inner] of (html.match(/<nav class="site-nav"[\s\S]*?<\/nav>/)?.[0] ?? '').matchAll(/<a [^>]*>([\s\S]*?)<\/a>/gi)) out.push(`nav: ${textOf(inner)}`);
	return out;
}

test('Dutch money pages are in Dutch: no interface text is the same as on the English page', async () => {
	// Words that are the same in both languages.
	const same = new Set(['JSON', 'Code', 'Status', 'Interviews', 'lia']);
	const pages = ['/funds', '/funds?year=2025', '/funds/allocations/16', '/funds/expenses', '/funds/allocations/new', '/funds/expenses/new',
		'/funds/warnings/outside_year/29', '/funds/import'];
	const problems = [];
	const compare = (where, nl, en) => {
		const enSet = new Set(en);
		for (const x of nl) {
			const text = x.replace(/^[a-z0-9 -]+: /, '');
			if (!/[A-Za-z]{3,}/.test(text) || same.has(text) || /^(\d|€)/.test(text)) continue;
			if (enSet.has(x)) problems.push(`${where}: ${x}`);
		}
	};
	for (const p of pages) {
		const nl = await as.member.get(p, { headers: { 'accept-language': 'nl' } });
		const en = await as.member.get(p, EN);
		assert.equal(nl.status, 200, p);
		assert.match(nl.body, /<html lang="nl"/);
		assert.match(en.body, /<html lang="en"/);
		compare(p, interfaceTexts(nl.body), interfaceTexts(en.body));
	}
	// A form with errors, and the messages of the warnings on the overview.
	const badNl = await as.member.post('/funds/allocations', allocationForm({ purpose: '', amount: '12,3,4', code: 'LANG-1' }), { headers: { 'accept-language': 'nl' } });
	const badEn = await as.member.post('/funds/allocations', allocationForm({ purpose: '', amount: '12,3,4', code: 'LANG-1' }), EN);
	compare('allocation form with errors', interfaceTexts(badNl.body), interfaceTexts(badEn.body));
	const wNl = (await as.public.get('/api/v1/', { headers: { 'accept-language': 'nl' } })).json.money_warnings.map((w) => `warning: ${w.message}`);
	const wEn = (await as.public.get('/api/v1/', EN)).json.money_warnings.map((w) => `warning: ${w.message}`);
	compare('overview warnings (JSON)', wNl, wEn);
	// The CSV headers.
	for (const t of TABLES) {
		const head = async (lang) => parseCsv((await getBytes(`/funds/export/${t}.csv`, { 'accept-language': lang })).bytes.subarray(3).toString('utf8')).rows[0].map((h) => `csv header: ${h}`);
		compare(`${t}.csv`, await head('nl'), await head('en'));
	}
	assert.deepEqual(problems, [], `${problems.length} untranslated text(s) on Dutch pages:\n  ${problems.join('\n  ')}`);
});

// ------------------------------------------------------------ bad bytes

test('a form field that is not UTF-8 is refused like an empty field (422), and the server keeps running', async () => {
	const before = n('SELECT count(*) FROM expense');
	const body = `csrf=${encodeURIComponent(as.member.csrf)}&allocation_id=1&spent_on=2023-05-01&amount=12%2C00&description=%FF%FE&reference=UTF8`;
	const r = await as.member.fetch('/funds/expenses', { method: 'POST', body,
		headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	assert.equal(r.status, 422, r.body.slice(0, 300));
	assert.equal(n('SELECT count(*) FROM expense'), before, 'nothing added');
	assert.equal((await as.public.get('/')).status, 200, 'the server still answers');
	await as.public.get('/sign-in');
	const s = await as.public.fetch('/sign-in', { method: 'POST', body: `csrf=${encodeURIComponent(as.public.csrf)}&email=%FF&password=x`,
		headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	assert.ok(s.status >= 400 && s.status < 500, `sign-in with bad bytes: ${s.status}`);
	assert.equal((await as.public.get('/')).status, 200, 'the server still answers after the sign-in form');
});

// ------------------------------------------------------------ warnings in HTML


test('a warning quotes the data it is about escaped, and marks it as Dutch on English pages', async () => {
	// An expense dated outside its money's year gets a warning that quotes its description.
	const desc = '<b>Nagekomen</b> & "dubbel"';
	const r = await as.member.postJson('/api/v1/funds/expenses', {
		allocation_id: 1, spent_on: '2024-02-01', amount: '12,00', description: desc, reference: 'XSS-1',
	});
	assert.equal(r.status, 201, r.body);
	for (const path of ['/', '/funds']) {
		const page = await as.public.get(path, { headers: { 'accept-language': 'en' } });
		assert.ok(!page.body.includes('<b>Nagekomen</b>'), `${path}: the description is not escaped`);
		assert.ok(page.body.includes('<span lang="nl">&lt;b&gt;Nagekomen&lt;/b&gt; &amp; &quot;dubbel&quot;</span>'),
			`${path}: the quoted description is escaped and marked lang="nl"`);
	}
	const j = await as.public.get('/api/v1/funds');
	const w = j.json.warnings.find((x) => x.kind === 'outside_year' && x.expense_id === r.json.id);
	assert.ok(w && w.message.includes(desc), 'the JSON message is plain text');
});

// ------------------------------------------------------------ after all the writes

test('after all these writes the figures still equal the database, for all years and per year', async () => {
	for (const year of [0, 2023, 2024, 2025, 2026]) {
		const { problems } = await figureProblems(year);
		assert.deepEqual(problems, [], `year ${year}:\n${problems.join('\n')}`);
	}
});

test('the server stops cleanly', async () => {
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
	assert.doesNotMatch(r.stderr, /Sanitizer|runtime error/, exitReport(r));
});
