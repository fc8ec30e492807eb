// HTTP test of the national picture at the root of a deployment with several
// municipalities (issue 10): `lia demo --municipalities 3` registers two
// generated municipalities next to the demo (Nijmegen) in one deployment,
// and `/` (HTML and JSON, public) shows all three with their published
// figures, read from each one's own data. A draft changes nothing there; a
// publish in any municipality shows at once (the cache of ready pages is
// renewed by a change in any of them). SQLite (a file each) and PostgreSQL
// (one database, row-level security: an ordinary role).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/national_root.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';

import { afterOtherWrite, sql, sqlWrite, sqlValue } from '../lib/db.mjs';
import { contractAjv, showErrors } from '../lib/contract.mjs';
import { ON_PG, runLia, startLia, tempDir, removeDir } from '../lib/server.mjs';
import { signIn } from '../lib/auth.mjs';

let dir, deployment, srv, url, registry;
const adminUri = process.env.LIA_TEST_PG ?? '';
let pgName = '';
const JSON_H = { headers: { accept: 'application/json' } };

function psqlAdmin(statement) {
	return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', adminUri, '-c', statement],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The database of municipality m (a registry row), as tests/lib/db.mjs reads it. */
function dbOf(m) {
	if (!ON_PG) return Number(m.id) === 1 ? deployment : path.join(`${deployment}.d`, `${m.code.toLowerCase()}.sqlite`);
	return `${deployment}?options=-c%20lia.municipality%3D${m.id}`;
}

before(async () => {
	dir = tempDir('lia-national-root-');
	if (ON_PG) {
		const user = process.env.LIA_TEST_PG_USER;
		assert.ok(user, 'tests/lib/pg.sh gives LIA_TEST_PG_USER');
		pgName = `lia_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
		psqlAdmin(`CREATE DATABASE ${pgName} OWNER lia`);
		deployment = user.replace(/\/[^/]*$/, `/${pgName}`);
	} else {
		deployment = path.join(dir, 'lia.db');
	}
	srv = await startLia(['demo', '--db', deployment, '--port', '0', '--quiet', '--municipalities', '3', '--jobs', '2',
		'--actions', '12', '--periods', '3'], { cwd: dir, timeout: 180_000 });
	url = srv.url.replace(/\/$/, '');
	const r = runLia(['municipality', 'list', '--db', deployment, '--json']);
	assert.equal(r.code, 0, r.stderr);
	registry = JSON.parse(r.stdout);
});

after(async () => {
	if (srv) {
		const r = await srv.stop();
		assert.equal(r.code, 0, r.stderr);
	}
	if (pgName) psqlAdmin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
	removeDir(dir);
});

/** What municipality m's own data says the public sees. */
function published(m) {
	const db = dbOf(m);
	const status = {};
	for (const row of sql(db, 'SELECT status, count(*) AS n FROM action_point_published GROUP BY status')) status[row.status] = Number(row.n);
	return {
		actions: Number(sqlValue(db, 'SELECT count(*) FROM action_point')),
		reports: Number(sqlValue(db, "SELECT count(*) FROM reporting_period WHERE state = 'published'")),
		status,
	};
}

const rowOf = (j, code) => j.municipalities.find((m) => m.code === code);
const statusOf = (row) => Object.fromEntries(row.by_status.filter((s) => s.count > 0).map((s) => [s.code, s.count]));

test('lia demo --municipalities 3: the demo and two generated municipalities in one deployment, marked as examples, reports frozen', () => {
	assert.deepEqual(registry.map((m) => m.code).sort(), ['GM0268', 'GM0363', 'GM0599']);
	for (const m of registry) {
		assert.equal(m.is_example, true, m.code);
		const db = dbOf(m);
		assert.equal(Number(sqlValue(db, 'SELECT count(*) FROM programme')), 1, `${m.code}: one programme in its scope`);
		assert.equal(Number(sqlValue(db, 'SELECT is_example FROM programme')), 1, m.code);
		assert.equal(sqlValue(db, "SELECT cbs_code FROM organisation WHERE kind = 'municipality'"), m.code);
		assert.equal(Number(sqlValue(db, "SELECT count(*) FROM reporting_period r WHERE state = 'published'"
			+ ' AND NOT EXISTS (SELECT 1 FROM published_report p WHERE p.period_id = r.id)')), 0, `${m.code}: reports frozen`);
	}
});

test('/ lists all three with the published figures of each one\'s own data (JSON by contract, HTML, nl and en)', async () => {
	const res = await fetch(url + '/', JSON_H);
	assert.equal(res.status, 200);
	const j = await res.json();
	const validate = contractAjv().getSchema('national.json');
	assert.ok(validate(j), showErrors(validate.errors));
	assert.equal(j.count, 3);
	let actions = 0;
	for (const m of registry) {
		const row = rowOf(j, m.code);
		assert.ok(row, m.code);
		const want = published(m);
		assert.equal(row.name, m.name);
		assert.equal(row.href, `/${m.slug}/`);
		assert.equal(row.is_example, true);
		assert.equal(row.actions, want.actions, `${m.code}: action points`);
		assert.equal(row.reports, want.reports, `${m.code}: published reports`);
		assert.deepEqual(statusOf(row), want.status, `${m.code}: action points by published status`);
		actions += want.actions;
	}
	assert.equal(j.totals.actions, actions);
	assert.equal(rowOf(j, 'GM0268').reports, 2, 'the demo has two published reports');
	assert.deepEqual((await (await fetch(url + '/api/v1/')).json()).count, 3);
	const html = await (await fetch(url + '/')).text();
	assert.match(html, /<h1>Lokale Inclusie Agenda’s in Nederland<\/h1>|<h1>[^<]*Nederland[^<]*<\/h1>/);
	for (const m of registry) assert.match(html, new RegExp(`<a href="/${m.slug}/">${m.name}</a>`));
	const en = await (await fetch(url + '/', { headers: { 'accept-language': 'en' } })).text();
	assert.match(en, /<h1>Local Inclusion Agendas in the Netherlands<\/h1>/);
	for (const m of registry) assert.equal((await fetch(`${url}/${m.slug}/`)).status, 200, m.slug);
});

test('a draft update changes nothing at /; a publish in one municipality shows there at once', async () => {
	// A generated municipality (not the first: on SQLite its own file),
	// with an open period (opened behind lia's back when its plan has none).
	const m = registry.find((x) => Number(x.id) !== 1);
	const db = dbOf(m);
	if (Number(sqlValue(db, "SELECT count(*) FROM reporting_period WHERE state = 'open'")) === 0)
		sqlWrite(db, 'INSERT INTO reporting_period (programme_id, seq, name, starts_on, ends_on, state)'
			+ " SELECT id, (SELECT coalesce(max(seq), 0) + 1 FROM reporting_period), 'Tweede helft 2025', '2025-07-01', '2025-12-31', 'open'"
			+ ' FROM programme');
	const open = Number(sqlValue(db, "SELECT id FROM reporting_period WHERE state = 'open'"));
	const ap = Number(sqlValue(db, 'SELECT a.id FROM action_point a JOIN action_point_published p ON p.action_point_id = a.id'
		+ ` WHERE p.status <> 'afgerond' AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = ${open})`
		+ ' ORDER BY a.id LIMIT 1'));
	const author = Number(sqlValue(db, 'SELECT min(id) FROM person'));
	const get = async () => {
		const res = await fetch(url + '/', JSON_H);
		assert.equal(res.status, 200);
		return { cache: res.headers.get('x-cache'), j: await res.json() };
	};
	// The ready page is kept on both: under the deployment's one data
	// version (PostgreSQL), or the sum of every file's counter of what the
	// page reads (SQLite, 0020), which a draft leaves alone.
	const cache = (got, want, why) => assert.equal(got.cache, want, why);
	await get();
	const before = await get();
	cache(before, 'hit', 'the root page is kept');
	// The other municipalities' own pages, kept too: on SQLite a write in m
	// leaves them be (a scope of their own each).
	const others = registry.filter((x) => x.code !== m.code);
	const page = async (x) => (await fetch(`${url}/${x.slug}/`)).headers.get('x-cache');
	for (const x of others) await page(x);
	for (const x of others) assert.equal(await page(x), 'hit', x.slug);
	// Written by another process (sqlite3 or psql), not this server.
	sqlWrite(db, 'INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, author_id, created_at)'
		+ ` VALUES (${ap}, ${open}, 'afgerond', 'groen', 'Klaar (concept).', ${author}, '2026-01-01T10:00:00Z')`);
	const draft = ON_PG ? await afterOtherWrite(db, get, (r) => r.cache === 'miss') : await get();
	cache(draft, ON_PG ? 'miss' : 'hit', ON_PG ? 'any change renews the root page (PostgreSQL)' : 'a draft leaves the root page be (SQLite)');
	assert.deepEqual(rowOf(draft.j, m.code), rowOf(before.j, m.code), 'a draft changes nothing');
	assert.deepEqual(draft.j.totals, before.j.totals);
	cache(await get(), 'hit');
	sqlWrite(db, `UPDATE reporting_period SET state = 'published', published_at = '2026-01-02T10:00:00Z' WHERE id = ${open}`);
	const after = await afterOtherWrite(db, get, (r) => r.cache === 'miss');
	cache(after, 'miss', 'a publish in another process renews the root page');
	if (!ON_PG)
		for (const x of others) assert.equal(await page(x), 'hit', `${x.slug} is still kept`);
	const row = rowOf(after.j, m.code);
	assert.equal(row.reports, rowOf(before.j, m.code).reports + 1, 'the publish counts at once');
	assert.equal(row.last_reported, '2026-01-02T10:00:00Z');
	assert.deepEqual(statusOf(row), published(m).status);
	assert.equal(statusOf(row).afgerond, (statusOf(rowOf(before.j, m.code)).afgerond ?? 0) + 1, 'the published update counts');
	assert.equal(after.j.totals.reports, before.j.totals.reports + 1);
	for (const other of registry.filter((x) => x.code !== m.code))
		assert.deepEqual(rowOf(after.j, other.code), rowOf(before.j, other.code), `${other.code} unchanged`);
	const html = await (await fetch(url + '/')).text();
	assert.match(html, /2026-01-02/, 'the HTML page shows it too');
});

test('a publish on the web in another municipality, and a new name by `lia municipality set`, show at / at once', async () => {
	const m = registry.filter((x) => Number(x.id) !== 1).at(-1);
	const db = dbOf(m);
	const email = `coordinator@${m.slug}.example`;
	const password = 'lang genoeg wachtwoord voor de toets';
	let r = runLia(['user', 'add', '--db', deployment, '--municipality', m.slug, '--email', email, '--name', 'Coördinator',
		'--role', 'coordinator', '--password-stdin'], { input: `${password}\n` });
	assert.equal(r.code, 0, r.stderr);
	if (Number(sqlValue(db, "SELECT count(*) FROM reporting_period WHERE state = 'open'")) === 0)
		sqlWrite(db, 'INSERT INTO reporting_period (programme_id, seq, name, starts_on, ends_on, state)'
			+ " SELECT id, (SELECT coalesce(max(seq), 0) + 1 FROM reporting_period), 'Eerste helft 2026', '2026-01-01', '2026-06-30', 'open'"
			+ ' FROM programme');
	const open = Number(sqlValue(db, "SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq LIMIT 1"));
	const get = async () => {
		const res = await fetch(url + '/', JSON_H);
		assert.equal(res.status, 200);
		return { cache: res.headers.get('x-cache'), j: await res.json() };
	};
	await get();
	const before = await get();
	assert.equal(before.cache, 'hit');
	const coord = await signIn(`${url}/${m.slug}`, email, password);
	const done = await coord.post(`/periods/${open}/publish`, { confirm: '1' });
	assert.equal(done.status, 303, done.body.slice(0, 400));
	const after = await get();
	assert.equal(after.cache, 'miss', 'the publish renews the root page');
	assert.equal(rowOf(after.j, m.code).reports, rowOf(before.j, m.code).reports + 1);
	assert.equal(after.j.totals.reports, before.j.totals.reports + 1);
	assert.equal((await get()).cache, 'hit');
	// The registry, changed by `lia` in another process.
	r = runLia(['municipality', 'set', '--db', deployment, '--municipality', m.slug, '--name', 'Nieuwe Naam']);
	assert.equal(r.code, 0, r.stderr);
	const renamed = await afterOtherWrite(deployment, get, (x) => x.cache === 'miss');
	assert.equal(renamed.cache, 'miss');
	assert.equal(rowOf(renamed.j, m.code).name, 'Nieuwe Naam');
});
