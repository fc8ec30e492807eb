// Many municipalities in one deployment (issue 10): the demo (Nijmegen,
// municipality 1) and Arnhem, added with `lia municipality add`. No user of
// one ever sees or changes the other's data: by URL, by API, with a session
// or a token of the other, in lists, search, feeds and the cache. Every link
// of a municipality's pages starts with its short name. The deployment's root
// lists the municipalities; /hosting is for hosting administrators only.
//
// On PostgreSQL lia runs as the ordinary role lia (tests/lib/pg.sh), which
// row-level security applies to; lia refuses to serve several municipalities
// as a superuser (tested here too). The database is read per municipality:
// a SQLite file each, or the role lia with lia.municipality set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { agent, signIn, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { holdWriter, sql, sqlWrite, sqlValue } from '../lib/db.mjs';
import { contractAjv, showErrors } from '../lib/contract.mjs';
import { ON_PG, LIA_BIN, runLia, startLia, tempDir, removeDir } from '../lib/server.mjs';

const ARNHEM_PASSWORD = 'rivier brug zon paard';
const ARNHEM_TITLE = 'Arnhemse speeltuinen toegankelijk maken';
const ARNHEM_WORD = 'speeltuinen';

let dir, deployment, srv, url, nijmegen, arnhem, arnhemId;
let dbN, dbA; // a way to read each municipality's own rows (tests/lib/db.mjs)
const adminUri = process.env.LIA_TEST_PG ?? '';
let pgName = '';

function psqlAdmin(statement) {
	return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', adminUri, '-c', statement],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The database of municipality id, as tests/lib/db.mjs reads it. */
function dbOf(id, code) {
	if (!ON_PG) return id === 1 ? deployment : path.join(`${deployment}.d`, `${code.toLowerCase()}.sqlite`);
	return `${deployment}?options=-c%20lia.municipality%3D${id}`;
}

before(async () => {
	dir = tempDir('lia-municipalities-');
	if (ON_PG) {
		const user = process.env.LIA_TEST_PG_USER;
		assert.ok(user, 'tests/lib/pg.sh gives LIA_TEST_PG_USER');
		pgName = `lia_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
		psqlAdmin(`CREATE DATABASE ${pgName} OWNER lia`);
		deployment = user.replace(/\/[^/]*$/, `/${pgName}`);
	} else {
		deployment = path.join(dir, 'lia.db');
	}
	// The demo (municipality 1), made and stopped, then Arnhem next to it.
	const first = await startLia(['demo', '--db', deployment, '--port', '0', '--quiet'], { cwd: dir });
	assert.equal((await first.stop()).code, 0);
	let r = runLia(['municipality', 'add', '--db', deployment, '--code', 'GM0202', '--slug', 'arnhem', '--name', 'Arnhem']);
	assert.equal(r.code, 0, r.stderr);
	arnhemId = Number(JSON.parse(runLia(['municipality', 'list', '--db', deployment, '--json']).stdout)
		.find((m) => m.code === 'GM0202').id);
	dbN = dbOf(1, 'GM0268');
	dbA = dbOf(arnhemId, 'GM0202');
	r = runLia(['user', 'add', '--db', deployment, '--municipality', 'arnhem', '--email', 'coordinator@arnhem.example',
		'--name', 'Coördinator Arnhem', '--role', 'coordinator', '--password-stdin'], { input: `${ARNHEM_PASSWORD}\n` });
	assert.equal(r.code, 0, r.stderr);
	// Arnhem's own programme, made behind lia's back (ids far from the demo's:
	// PostgreSQL's ids are shared by the municipalities).
	sqlWrite(dbA, "INSERT INTO organisation (id, kind, name, cbs_code) VALUES (900001, 'municipality', 'Gemeente Arnhem', 'GM0202');"
		+ " INSERT INTO programme (id, organisation_id, title, start_year, end_year, lia_phase) VALUES (900001, 900001, 'Arnhem doet mee', 2024, 2027, 'in_uitvoering');"
		+ " INSERT INTO theme (id, programme_id, position, slug, name_nl, name_en) VALUES (900001, 900001, 1, 'spelen', 'Spelen', 'Play');"
		+ ` INSERT INTO action_point (id, theme_id, code, title, created_at) VALUES (900001, 900001, 'A1', '${ARNHEM_TITLE}', '2024-01-01T00:00:00Z');`
		// A published period without its frozen report: lia serve makes it at start.
		+ " INSERT INTO reporting_period (id, programme_id, seq, name, starts_on, ends_on, state, published_at)"
		+ " VALUES (900001, 900001, 1, 'Arnhem 2024', '2024-01-01', '2024-12-31', 'published', '2025-01-15T10:00:00Z');");
	srv = await startLia(['serve', '--db', deployment, '--port', '0', '--quiet'], { cwd: dir });
	url = srv.url.replace(/\/$/, '');
	nijmegen = `${url}/nijmegen`;
	arnhem = `${url}/arnhem`;
});

after(async () => {
	if (srv) {
		const r = await srv.stop();
		assert.equal(r.code, 0, r.stderr);
	}
	if (pgName) psqlAdmin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
	removeDir(dir);
});

const nijmegenTitles = () => sql(dbN, 'SELECT title FROM action_point ORDER BY id').map((r) => r.title);

test('the root lists both municipalities, with a link to each', async () => {
	const res = await fetch(url + '/');
	assert.equal(res.status, 200);
	const html = await res.text();
	assert.match(html, /<a href="\/arnhem\/">Arnhem<\/a>/);
	assert.match(html, /<a href="\/nijmegen\/">Nijmegen<\/a>/);
	const api = await (await fetch(url + '/api/v1/')).json();
	assert.deepEqual(api.municipalities.map((m) => m.code), ['GM0202', 'GM0268']);
	// Today's paths of municipality 1 are under its short name now.
	assert.equal((await fetch(url + '/actions')).status, 404);
	assert.equal((await fetch(url + '/utrecht/')).status, 404);
	assert.equal((await fetch(nijmegen + '/actions')).status, 200);
});

test("each municipality's pages show its own programme and none of the other's", async () => {
	const titles = nijmegenTitles();
	assert.ok(titles.length > 5);
	const a = await (await fetch(arnhem + '/actions')).text();
	assert.ok(a.includes(ARNHEM_TITLE));
	for (const t of titles) assert.ok(!a.includes(t), `Arnhem's list shows Nijmegen's "${t}"`);
	const n = await (await fetch(nijmegen + '/actions')).text();
	assert.ok(!n.includes(ARNHEM_TITLE));
	assert.ok(n.includes(titles[0]));
	// The API alike.
	const api = await (await fetch(arnhem + '/api/v1/actions', { headers: { accept: 'application/json' } })).json();
	assert.deepEqual(JSON.stringify(api).match(/Arnhemse speeltuinen/g)?.length, 1);
	for (const t of titles) assert.ok(!JSON.stringify(api).includes(t));
});

test("lia serve makes at start the missing reports of every municipality's published periods, not only the first's", () => {
	assert.deepEqual(sql(dbA, 'SELECT DISTINCT period_id FROM published_report').map((r) => Number(r.period_id)), [900001]);
});

test("the other municipality's records are not found at its paths, by page or API", async () => {
	const actions = sql(dbN, 'SELECT id FROM action_point ORDER BY id LIMIT 3').map((r) => r.id);
	const periods = sql(dbN, "SELECT id FROM reporting_period WHERE state = 'published' ORDER BY id").map((r) => r.id);
	const themes = sql(dbN, 'SELECT id FROM theme ORDER BY id LIMIT 2').map((r) => r.id);
	const reports = sql(dbN, 'SELECT DISTINCT period_id FROM published_report').map((r) => r.period_id);
	assert.ok(actions.length && periods.length && themes.length && reports.length);
	const paths = [
		...actions.map((id) => `/actions/${id}`), ...themes.map((id) => `/themes/${id}`),
		...periods.map((id) => `/periods/${id}`), ...reports.map((id) => `/periods/${id}/report`),
		...reports.map((id) => `/reports/${id}/report-nl.html`),
	];
	for (const p of paths) {
		assert.equal((await fetch(nijmegen + p)).status, 200, `${p} is Nijmegen's`);
		assert.equal((await fetch(arnhem + p)).status, 404, `${p} at Arnhem`);
		assert.equal((await fetch(arnhem + '/api/v1' + p, { headers: { accept: 'application/json' } })).status, 404,
			`API ${p} at Arnhem`);
	}
	assert.equal((await fetch(nijmegen + '/actions/900001')).status, 404, "Arnhem's action at Nijmegen");
});

test('search and feeds of one municipality hold none of the other\'s titles', async () => {
	const word = nijmegenTitles()[0].split(/\s+/).find((w) => w.length > 6);
	const atA = await (await fetch(`${arnhem}/search?q=${encodeURIComponent(word)}`)).text();
	for (const t of nijmegenTitles()) assert.ok(!atA.includes(t), `search at Arnhem finds "${t}"`);
	const atN = await (await fetch(`${nijmegen}/search?q=${encodeURIComponent(word)}`)).text();
	assert.ok(nijmegenTitles().some((t) => atN.includes(t)), 'the same search at Nijmegen finds it');
	const mine = await (await fetch(`${nijmegen}/search?q=${ARNHEM_WORD}`)).text();
	assert.ok(!mine.includes(ARNHEM_TITLE));
	for (const feed of ['/feeds/updates', '/feeds/reports']) {
		const f = await (await fetch(arnhem + feed)).text();
		for (const t of nijmegenTitles()) assert.ok(!f.includes(t), `${feed} at Arnhem`);
		const fn = await (await fetch(nijmegen + feed)).text();
		assert.ok(!fn.includes('/arnhem/'));
		for (const m of fn.matchAll(/href="(http[^"]+)"/g)) assert.ok(m[1].startsWith(`${nijmegen}/`), m[1]);
	}
});

test("the cache never answers one municipality's address with the other's bytes", async () => {
	for (let i = 0; i < 2; i++) {
		const n = await (await fetch(nijmegen + '/')).text();
		const a = await (await fetch(arnhem + '/')).text();
		assert.ok(!a.includes(nijmegenTitles()[0]) && !n.includes(ARNHEM_TITLE));
		assert.notEqual(n, a);
	}
	const t1 = await (await fetch(arnhem + '/themes')).text();
	const t2 = await (await fetch(arnhem + '/themes')).text();
	assert.equal(t1, t2);
	assert.ok(t1.includes('Spelen'));
});

test('every local link and form of a municipality starts with its short name', async () => {
	const coord = await signIn(nijmegen, DEMO.coordinator);
	for (const p of ['/', '/actions', '/themes/1', '/funds', '/people', '/audit', '/users', '/account', '/periods']) {
		const res = await coord.get(p);
		assert.equal(res.status, 200, p);
		for (const m of res.body.matchAll(/\s(href|action|src)="(\/[^"]*)"/g)) {
			const target = m[2];
			assert.ok(target.startsWith('/nijmegen/') || target === '/nijmegen' || target.startsWith('/static/'),
				`${p}: ${m[1]}="${target}"`);
		}
	}
	// Redirects too: sign-in leads back under the short name.
	const anon = agent(arnhem);
	const r = await anon.get('/audit');
	assert.equal(r.status, 303);
	assert.equal(new URL(r.location, url).pathname, '/arnhem/sign-in');
	assert.equal(new URL(r.location, url).searchParams.get('next'), '/audit');
});

test("every role of one municipality is a stranger at the other: no pages, no writes", async () => {
	const roles = {};
	for (const role of Object.keys(DEMO)) roles[role] = await signIn(nijmegen, DEMO[role]);
	const before = sql(dbA, 'SELECT count(*) AS n FROM action_point')[0].n;
	const auditBefore = sql(dbA, 'SELECT count(*) AS n FROM audit_entry')[0].n;
	for (const [role, a] of Object.entries(roles)) {
		// The same cookie (Path=/) at Arnhem is no session there.
		const b = agent(arnhem);
		for (const [k, v] of a.jar) b.jar.set(k, v);
		b.csrf = a.csrf;
		for (const p of ['/audit', '/people', '/users', '/my-work', '/account', '/mail', '/retention']) {
			const r = await b.get(p);
			assert.equal(r.status, 303, `${role} ${p}`);
			assert.match(r.location, /\/arnhem\/sign-in\?next=/);
		}
		const page = await b.get('/actions');
		assert.ok(!page.body.includes(DEMO[role]) && !/class="user"/.test(page.body), `${role} is not signed in at Arnhem`);
		const api = await b.get('/api/v1/audit', { headers: { accept: 'application/json' } });
		assert.equal(api.status, 401, role);
		const post = await b.post('/themes/new', { name_nl: 'Ingebroken', name_en: 'Broken in', slug: 'ingebroken' });
		assert.ok([401, 403].includes(post.status), `${role} POST: ${post.status}`);
		const edit = await b.post('/actions/900001', { title: 'Gewijzigd door Nijmegen' });
		assert.ok([401, 403, 404].includes(edit.status), `${role} edit: ${edit.status}`);
	}
	assert.equal(sql(dbA, 'SELECT count(*) AS n FROM action_point')[0].n, before);
	assert.equal(sql(dbA, "SELECT count(*) AS n FROM theme WHERE slug = 'ingebroken'")[0].n, 0);
	assert.equal(sql(dbA, 'SELECT title FROM action_point WHERE id = 900001')[0].title, ARNHEM_TITLE);
	assert.equal(sql(dbA, 'SELECT count(*) AS n FROM audit_entry')[0].n, auditBefore);
	// An API token of Nijmegen's coordinator is not one at Arnhem.
	const tok = runLia(['user', 'token', '--db', deployment, '--municipality', 'nijmegen', '--email', DEMO.coordinator, '--write']);
	assert.equal(tok.code, 0, tok.stderr);
	const token = tok.stdout.trim().split('\n').pop();
	const auth = { authorization: `Bearer ${token}`, accept: 'application/json' };
	assert.equal((await fetch(nijmegen + '/api/v1/audit', { headers: auth })).status, 200);
	assert.equal((await fetch(arnhem + '/api/v1/audit', { headers: auth })).status, 401);
	const w = await fetch(arnhem + '/api/v1/themes/new', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
		body: JSON.stringify({ name_nl: 'Via token', name_en: 'Via token', slug: 'via-token' }) });
	assert.equal(w.status, 401);
	assert.equal(sql(dbA, "SELECT count(*) AS n FROM theme WHERE slug = 'via-token'")[0].n, 0);
});

test("Arnhem's coordinator works at Arnhem only", async () => {
	const a = await signIn(arnhem, 'coordinator@arnhem.example', ARNHEM_PASSWORD);
	const audit = await a.get('/audit');
	assert.equal(audit.status, 200);
	for (const t of nijmegenTitles()) assert.ok(!audit.body.includes(t));
	const made = await a.post('/themes/new', { name_nl: 'Wonen', name_en: 'Housing', slug: 'wonen', position: '2' });
	assert.equal(made.status, 303, made.body.slice(0, 400));
	assert.match(made.location, /^\/arnhem\//);
	assert.equal(sql(dbA, "SELECT count(*) AS n FROM theme WHERE slug = 'wonen'")[0].n, 1);
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM theme WHERE slug = 'wonen'")[0].n, 0);
	// Nijmegen's people, interviews, funds, accounts and updates are not found
	// at Arnhem, even for Arnhem's coordinator (who may see all of Arnhem's).
	const one = (q) => sql(dbN, q).map((x) => x.id)[0];
	const theirs = [
		`/people/${one('SELECT id FROM person ORDER BY id LIMIT 1')}/privacy`,
		`/people/${one('SELECT id FROM person ORDER BY id LIMIT 1')}/edit`,
		`/interviews/${one('SELECT id FROM interview ORDER BY id LIMIT 1')}`,
		`/funds/allocations/${one('SELECT id FROM allocation ORDER BY id LIMIT 1')}`,
		`/users/${one('SELECT id FROM user_account WHERE id NOT IN (SELECT id FROM user_account WHERE email = \'coordinator@arnhem.example\') ORDER BY id DESC LIMIT 1')}/edit`,
	];
	for (const p of theirs) {
		const res = await a.get(p);
		assert.equal(res.status, 404, `${p} at Arnhem as its coordinator: ${res.status}`);
		const api = await a.get('/api/v1' + p, { headers: { accept: 'application/json' } });
		assert.equal(api.status, 404, `API ${p}`);
	}
	const people = await a.get('/people');
	assert.equal(people.status, 200);
	for (const n of sql(dbN, 'SELECT name FROM person').map((x) => x.name)) assert.ok(!people.body.includes(n), n);
	// At Nijmegen the same browser is not signed in.
	const n = agent(nijmegen);
	for (const [k, v] of a.jar) n.jar.set(k, v);
	assert.equal((await n.get('/audit')).status, 303);
});

// Each municipality has a writer of its own, as each SQLite file does: on
// PostgreSQL a write takes its municipality's advisory lock, not one for the
// whole database (src/store/pg.c). Without that, 342 municipalities on one
// server take turns for every change, and making them takes four times as long.
test("a write waits for the writer of its own municipality only", async () => {
	const a = await signIn(arnhem, 'coordinator@arnhem.example', ARNHEM_PASSWORD);
	const n = await signIn(nijmegen, DEMO.coordinator);
	const HOLD = 6000;
	const held = await holdWriter(dbN, HOLD);
	const t0 = Date.now();
	const ours = n.post('/themes/new', { name_nl: 'Wachten', name_en: 'Waiting', slug: 'wachten', position: '90' })
		.then((r) => ({ r, ms: Date.now() - t0 }));
	const theirs = await a.post('/themes/new', { name_nl: 'Vervoer', name_en: 'Transport', slug: 'vervoer', position: '4' });
	const theirsMs = Date.now() - t0;
	assert.equal(theirs.status, 303, theirs.body.slice(0, 400));
	assert.ok(theirsMs < HOLD / 2, `Arnhem's form waited ${theirsMs} ms for Nijmegen's writer`);
	assert.equal(sql(dbA, "SELECT count(*) AS n FROM theme WHERE slug = 'vervoer'")[0].n, 1);
	const { r, ms } = await ours;
	await held.released;
	assert.equal(r.status, 303, r.body.slice(0, 400));
	assert.ok(ms >= HOLD - 1000, `Nijmegen's form did not wait for Nijmegen's writer (${ms} ms)`);
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM theme WHERE slug = 'wachten'")[0].n, 1);
});

test('/hosting: only for hosting administrators, who add a municipality and invite its coordinator', async () => {
	// Not a hosting administrator: as if there were no such page.
	const plain = await signIn(url, DEMO.coordinator);
	assert.equal((await plain.get('/hosting')).status, 404);
	const arn = await signIn(arnhem, 'coordinator@arnhem.example', ARNHEM_PASSWORD);
	const atRoot = agent(url);
	for (const [k, v] of arn.jar) atRoot.jar.set(k, v);
	assert.equal((await atRoot.get('/hosting')).status, 303, "Arnhem's session is no session at the root");
	assert.equal((await arn.get('/hosting')).status, 404, 'not under a short name');
	const r = runLia(['municipality', 'admin', '--db', deployment, '--email', DEMO.coordinator]);
	assert.equal(r.code, 0, r.stderr);
	const host = await signIn(url, DEMO.coordinator);
	const page = await host.get('/hosting');
	assert.equal(page.status, 200);
	assert.match(page.body, /GM0202/);
	const json = await host.get('/api/v1/hosting', { headers: { accept: 'application/json' } });
	const ajv = contractAjv();
	assert.ok(ajv.getSchema('hosting.json')(json.json), showErrors(ajv.getSchema('hosting.json').errors));
	// A wrong code changes nothing.
	const bad = await host.post('/hosting', { name: 'Utrecht', code: 'GM03', slug: 'utrecht', host: '',
		coordinator_name: 'Ute Recht', coordinator_email: 'ute@utrecht.example' });
	assert.equal(bad.status, 422);
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM municipality WHERE slug = 'utrecht'")[0].n, 0);
	const ok = await host.post('/hosting', { name: 'Utrecht', code: 'GM0344', slug: 'utrecht', host: '',
		coordinator_name: 'Ute Recht', coordinator_email: 'ute@utrecht.example' });
	assert.equal(ok.status, 303, ok.body.slice(0, 400));
	assert.equal(ok.location, '/hosting');
	const reg = sql(dbN, "SELECT id, code, name FROM municipality WHERE slug = 'utrecht'");
	assert.equal(reg.length, 1);
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM audit_entry WHERE entity = 'municipality' AND entity_id = " + reg[0].id)[0].n, 1,
		'audited in municipality 1');
	const dbU = dbOf(reg[0].id, 'GM0344');
	const mail = sql(dbU, "SELECT to_email, kind, body_text FROM mail_outbox");
	assert.equal(mail.length, 1);
	assert.equal(mail[0].kind, 'invitation');
	assert.match(mail[0].body_text, /\/utrecht\/password\?token=/, 'the link leads to its own pages');
	assert.equal(sql(dbU, "SELECT role FROM user_account WHERE email = 'ute@utrecht.example'")[0].role, 'coordinator');
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM user_account WHERE email = 'ute@utrecht.example'")[0].n, 0);
	assert.equal((await fetch(url + '/utrecht/')).status, 200);
});

test('lia municipality: the command line checks, lists and refuses', () => {
	let r = runLia(['municipality', 'add', '--db', deployment, '--code', 'GM0202', '--slug', 'x', '--name', 'X']);
	assert.equal(r.code, 1);
	r = runLia(['municipality', 'add', '--db', deployment, '--code', 'GM1', '--slug', 'x', '--name', 'X']);
	assert.equal(r.code, 2);
	r = runLia(['user', 'list', '--db', deployment]);
	assert.equal(r.code, 1, 'several municipalities: say which');
	assert.match(r.stderr, /GM0202/);
	r = runLia(['user', 'list', '--db', deployment, '--municipality', 'GM0202']);
	assert.equal(r.code, 0);
	assert.match(r.stdout, /coordinator@arnhem\.example/);
	assert.doesNotMatch(r.stdout, /lezer@example\.org/);
	r = runLia(['user', 'list', '--db', deployment, '--municipality', 'nope']);
	assert.equal(r.code, 1);
	// Adding one with its first coordinator queues the same invitation as
	// the web's: in its own database, in the language asked for, with a link
	// to its own pages that works for 14 days.
	r = runLia(['municipality', 'add', '--db', deployment, '--code', 'GM0307', '--slug', 'amersfoort',
		'--name', 'Amersfoort', '--coordinator', 'co@amersfoort.example', '--coordinator-name', 'Co Ordinator',
		'--lang', 'en', '--public-url', 'https://lia.example']);
	assert.equal(r.code, 0, r.stderr);
	const id = sql(dbN, "SELECT id FROM municipality WHERE slug = 'amersfoort'")[0].id;
	const dbA = dbOf(id, 'GM0307');
	const mail = sql(dbA, 'SELECT to_email, kind, lang, body_text FROM mail_outbox');
	assert.equal(mail.length, 1);
	assert.equal(mail[0].kind, 'invitation');
	assert.equal(mail[0].lang, 'en');
	assert.match(mail[0].body_text, /https:\/\/lia\.example\/amersfoort\/password\?token=/);
	const link = sql(dbA, "SELECT l.expires_at, u.role FROM account_link l JOIN user_account u ON u.id = l.user_id WHERE u.email = 'co@amersfoort.example'");
	assert.equal(link.length, 1);
	assert.equal(link[0].role, 'coordinator');
	const days = (Date.parse(link[0].expires_at) - Date.now()) / 86400e3;
	assert.ok(days > 13.9 && days < 14.1, `the link works 14 days, not ${days}`);
});

test('PostgreSQL: several municipalities are not served as a role that skips row-level security', { skip: !ON_PG }, async () => {
	const superUri = adminUri.replace(/\/[^/]*$/, `/${pgName}`);
	const r = runLia(['serve', '--db', superUri, '--port', '0'], { timeout: 20_000 });
	assert.equal(r.code, 1);
	assert.match(r.stderr, /row-level security/);
	const u = runLia(['user', 'list', '--db', superUri, '--municipality', 'arnhem']);
	assert.equal(u.code, 1);
	// A connection with an empty setting sees nothing (unset: tests/unit/test_tenancy.c).
	assert.equal(sqlValue(`${deployment}?options=-c%20lia.municipality%3D`, 'SELECT count(*) FROM action_point'), 0);
	assert.ok(sqlValue(dbN, 'SELECT count(*) FROM action_point') > 5);
});

/** GET path with the given Host header (fetch cannot set Host). */
function rawGet(p, host, headers = {}) {
	const u = new URL(url);
	return new Promise((resolve, reject) => {
		http.get({ host: u.hostname, port: u.port, path: p, headers: { host, ...headers } }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => { body += c; });
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
		}).on('error', reject);
	});
}

test("a municipality's own host name never serves another municipality under its short name", async () => {
	const r = runLia(['municipality', 'add', '--db', deployment, '--code', 'GM0193', '--slug', 'zwolle', '--name', 'Zwolle',
		'--host', 'zwolle.test']);
	assert.equal(r.code, 0, r.stderr);
	await new Promise((res) => setTimeout(res, 1100)); // the server reads the registry again
	assert.equal((await fetch(url + '/zwolle/')).status, 200);
	for (const p of ['/nijmegen/actions', '/arnhem/actions', '/arnhem/api/v1/actions', '/nijmegen/']) {
		const res = await rawGet(p, 'zwolle.test');
		assert.equal(res.status, 404, `${p} on Zwolle's host`);
		for (const t of [...nijmegenTitles(), ARNHEM_TITLE]) assert.ok(!res.body.includes(t), `${p}: "${t}"`);
	}
	const own = await rawGet('/actions', 'zwolle.test');
	assert.equal(own.status, 200, "Zwolle's own list at its own paths");
	for (const t of [...nijmegenTitles(), ARNHEM_TITLE]) assert.ok(!own.body.includes(t), t);
});

test('short names: deployment paths and CBS codes are refused, and the deployment\'s pages come first', async () => {
	for (const slug of ['password', 'account', 'forgot-password', 'session', 'privacy', 'accessibility', 'municipalities',
		'healthz', 'sign-in', 'hosting', 'static', 'api', 'national', 'gm0193']) {
		const r = runLia(['municipality', 'add', '--db', deployment, '--code', 'GM0363', '--slug', slug, '--name', 'Amsterdam']);
		assert.equal(r.code, 2, `--slug ${slug}: ${r.stderr}`);
	}
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM municipality WHERE code = 'GM0363'")[0].n, 0);
	// A short name that is a deployment path (written before the list grew):
	// the root's page stays the deployment's.
	const before = await (await fetch(url + '/privacy')).text();
	assert.ok(!before.includes('href="/privacy/"'));
	sqlWrite(dbN, "UPDATE municipality SET slug = 'privacy' WHERE code = 'GM0193'");
	try {
		await new Promise((res) => setTimeout(res, 1100));
		assert.equal((await fetch(url + '/nope/')).status, 404, 'an unknown short name: the registry is read again');
		assert.equal((await fetch(url + '/zwolle/')).status, 404, 'the registry is read again');
		const res = await fetch(url + '/privacy');
		assert.equal(res.status, 200);
		const html = await res.text();
		assert.ok(!html.includes('href="/privacy/'), "not Zwolle's page under /privacy");
	} finally {
		sqlWrite(dbN, "UPDATE municipality SET slug = 'zwolle' WHERE code = 'GM0193'");
	}
});

test("an event's place that starts with / is text, not a link to rebase", async () => {
	const a = await signIn(arnhem, 'coordinator@arnhem.example', ARNHEM_PASSWORD);
	const made = await a.postJson('/api/v1/events', { name: 'Online overleg', starts_on: '2024-05-01',
		location: '/ online (Teams)', description: '', accessibility: '' });
	assert.equal(made.status, 201, JSON.stringify(made.json));
	assert.equal(made.json.location, '/ online (Teams)');
	const list = await a.get('/api/v1/events', { headers: { accept: 'application/json' } });
	assert.ok(JSON.stringify(list.json).includes('"/ online (Teams)"'), 'the list keeps the place as written');
	assert.ok(!JSON.stringify(list.json).includes('/arnhem/ online'));
	// A redirect's location is a link: it starts with the short name.
	const theme = await a.postJson('/api/v1/themes/new', { name_nl: 'Werk', name_en: 'Work', slug: 'werk', position: '3' });
	assert.ok(theme.status < 300, JSON.stringify(theme.json));
});

test("the cache: a write in one municipality leaves the other's ready pages", { skip: ON_PG && 'one data version for the whole PostgreSQL database' }, async () => {
	await rawGet('/arnhem/themes', 'localhost');
	assert.equal((await rawGet('/arnhem/themes', 'localhost')).headers['x-cache'], 'hit');
	sqlWrite(dbN, "UPDATE theme SET name_en = name_en || '' WHERE id = (SELECT min(id) FROM theme)");
	assert.equal((await rawGet('/nijmegen/themes', 'localhost')).headers['x-cache'], 'miss', "Nijmegen's page is made again");
	assert.equal((await rawGet('/nijmegen/themes', 'localhost')).headers['x-cache'], 'hit');
	assert.equal((await rawGet('/arnhem/themes', 'localhost')).headers['x-cache'], 'hit', "Arnhem's page stays ready");
});

test('PostgreSQL: a role that skips row-level security adds no municipality, and a server running as it serves none once there are several', { skip: !ON_PG }, async () => {
	const superUri = adminUri.replace(/\/[^/]*$/, `/${pgName}`);
	let r = runLia(['municipality', 'add', '--db', superUri, '--code', 'GM0363', '--slug', 'amsterdam', '--name', 'Amsterdam']);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /row-level security/);
	assert.equal(sql(dbN, "SELECT count(*) AS n FROM municipality WHERE code = 'GM0363'")[0].n, 0);
	// One municipality, served as the superuser; then a second is added by the ordinary role.
	const one = `lia_t1_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
	psqlAdmin(`CREATE DATABASE ${one} OWNER lia`);
	const userOne = process.env.LIA_TEST_PG_USER.replace(/\/[^/]*$/, `/${one}`);
	const superOne = adminUri.replace(/\/[^/]*$/, `/${one}`);
	let s1;
	try {
		const made = await startLia(['demo', '--db', userOne, '--port', '0', '--quiet'], { cwd: dir });
		assert.equal((await made.stop()).code, 0);
		s1 = await startLia(['serve', '--db', superOne, '--port', '0', '--quiet'], { cwd: dir });
		const base = s1.url.replace(/\/$/, '');
		const json = { headers: { accept: 'application/json' } };
		assert.equal((await fetch(base + '/api/v1/actions', json)).status, 200, 'one municipality: served');
		// /hosting adds none either, and says why.
		assert.equal(runLia(['municipality', 'admin', '--db', userOne, '--email', DEMO.coordinator]).code, 0);
		const host = await signIn(base, DEMO.coordinator);
		const refused = await host.post('/hosting', { name: 'Utrecht', code: 'GM0344', slug: 'utrecht', host: '',
			coordinator_name: 'Ute Recht', coordinator_email: 'ute@utrecht.example' });
		assert.equal(refused.status, 422);
		assert.match(refused.body, /gewoon databaseaccount/);
		assert.equal(sql(userOne, "SELECT count(*) AS n FROM municipality")[0].n, 1);
		r = runLia(['municipality', 'add', '--db', userOne, '--code', 'GM0202', '--slug', 'arnhem', '--name', 'Arnhem']);
		assert.equal(r.code, 0, r.stderr);
		await new Promise((res) => setTimeout(res, 1100));
		const titles = sql(userOne, 'SELECT title FROM action_point').map((x) => x.title);
		assert.ok(titles.length > 5);
		for (const p of ['/arnhem/api/v1/actions', '/api/v1/actions', '/nijmegen/api/v1/actions', '/arnhem/actions']) {
			const res = await fetch(base + p, json);
			const body = await res.text();
			assert.notEqual(res.status, 200, `${p}: ${res.status}`);
			for (const t of titles) assert.ok(!body.includes(t), `${p} shows "${t}"`);
		}
	} finally {
		if (s1) await s1.stop();
		psqlAdmin(`DROP DATABASE IF EXISTS ${one} WITH (FORCE)`);
	}
});

test("a municipality's own mail relay: only one the deployment allows; lia connects to no other host", async () => {
	// A listener that counts who connects (it is no mail server: a
	// connection is all this test needs to see).
	// lia runs alongside (not spawnSync): the listener must answer meanwhile.
	const liaAsync = (args) => new Promise((resolve) => execFile(LIA_BIN, args, { encoding: 'utf8', timeout: 60_000 },
		(e, stdout, stderr) => resolve({ code: e ? e.code : 0, stdout, stderr })));
	let connections = 0;
	const listener = net.createServer((sock) => { connections++; sock.end('554 no\r\n'); });
	await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve));
	const relay = `smtp://127.0.0.1:${listener.address().port}`;
	try {
		// The form: Arnhem's coordinator is refused with a message, and nothing is saved.
		const arn = await signIn(arnhem, 'coordinator@arnhem.example', ARNHEM_PASSWORD);
		const refused = await arn.post('/mail/settings', { smtp_url: relay, smtp_from: 'lia@arnhem.example', smtp_user: '', smtp_password: '' });
		assert.equal(refused.status, 422);
		assert.match(refused.body, /hosting/);
		assert.equal(sql(dbA, "SELECT count(*) AS n FROM mail_setting WHERE smtp_url <> ''")[0].n, 0);
		// Set behind lia's back, with a message waiting: the command line does not connect.
		sqlWrite(dbA, `DELETE FROM mail_setting; INSERT INTO mail_setting (id, smtp_url, smtp_from) VALUES (1, '${relay}', 'lia@arnhem.example');`
			+ " INSERT INTO mail_outbox (to_email, kind, subject, body_text, body_html, next_attempt_at, created_at)"
			+ " VALUES ('someone@arnhem.example', 'password_reset', 'S', 'T', '<p>T</p>', '2000-01-01T00:00:00Z', '2000-01-01T00:00:00Z')");
		let r = await liaAsync(['remind', '--db', deployment, '--municipality', 'arnhem', '--public-url', 'https://lia.example']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /--smtp-relay-hosts/);
		assert.equal(connections, 0, 'lia connected to a relay the deployment does not allow');
		// Allowed by the host: lia connects (and the listener refuses the message).
		r = await liaAsync(['remind', '--db', deployment, '--municipality', 'arnhem', '--public-url', 'https://lia.example',
			'--smtp-relay-hosts', 'mail.example.nl, 127.0.0.1']);
		assert.ok(connections > 0, `an allowed relay is used: ${r.stdout} ${r.stderr}`);
		// Municipality 1 may set its own without a list.
		const nij = await signIn(nijmegen, DEMO.coordinator);
		const ok = await nij.post('/mail/settings', { smtp_url: relay, smtp_from: 'lia@nijmegen.example', smtp_user: '', smtp_password: '' });
		assert.equal(ok.status, 303, ok.body.slice(0, 400));
	} finally {
		sqlWrite(dbA, "DELETE FROM mail_outbox WHERE to_email = 'someone@arnhem.example'; DELETE FROM mail_setting");
		sqlWrite(dbN, "UPDATE mail_setting SET smtp_url = '', smtp_from = ''");
		await new Promise((resolve) => listener.close(resolve));
	}
});

test('lia purge removes what is past its retention period in every municipality, or in the one --municipality names', () => {
	const old = (db) => sqlWrite(db, "INSERT INTO sign_in_attempt (at, email, address, success)"
		+ " VALUES ('2020-01-01T00:00:00Z', 'old@purge.example', '192.0.2.1', 0)");
	const left = (db) => Number(sql(db, "SELECT count(*) AS n FROM sign_in_attempt WHERE email = 'old@purge.example'")[0].n);
	const env = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
	old(dbN);
	old(dbA);
	let r = runLia(['purge', '--db', deployment, '--dry-run'], { env });
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /GM0268/);
	assert.match(r.stdout, /GM0202 \(Arnhem\)/);
	assert.equal(left(dbN) + left(dbA), 2, '--dry-run removes nothing');
	r = runLia(['purge', '--db', deployment, '--municipality', 'arnhem'], { env });
	assert.equal(r.code, 0, r.stderr);
	assert.equal(left(dbA), 0, 'Arnhem purged');
	assert.equal(left(dbN), 1, 'Nijmegen not: --municipality names Arnhem');
	old(dbA);
	r = runLia(['purge', '--db', deployment], { env });
	assert.equal(r.code, 0, r.stderr);
	assert.equal(left(dbN), 0, 'Nijmegen purged');
	assert.equal(left(dbA), 0, 'Arnhem purged');
});

test('lia backup: every municipality\'s file in the deployment\'s layout, or the one --municipality names', { skip: ON_PG && 'pg_dump backs up a PostgreSQL database' }, () => {
	const env = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
	const all = path.join(dir, 'all.bak');
	let r = runLia(['backup', '--db', deployment, '--output', all], { env });
	assert.equal(r.code, 0, r.stderr);
	const arnhemCopy = path.join(`${all}.d`, 'gm0202.sqlite');
	assert.match(r.stdout, /gm0202\.sqlite/);
	assert.equal(sqlValue(arnhemCopy, 'SELECT title FROM action_point WHERE id = 900001'), ARNHEM_TITLE);
	assert.equal(Number(sqlValue(all, "SELECT count(*) FROM organisation WHERE cbs_code = 'GM0268'")), 1, 'Nijmegen\'s file');
	const codes = sql(deployment, 'SELECT code FROM municipality WHERE id <> 1').map((m) => m.code.toLowerCase() + '.sqlite');
	assert.equal(Number(sqlValue(all, 'SELECT count(*) FROM municipality')), codes.length + 1, 'the registry with it');
	assert.deepEqual(fs.readdirSync(`${all}.d`).sort(), codes.sort(), 'every other municipality\'s file');
	const one = path.join(dir, 'arnhem.bak');
	r = runLia(['backup', '--db', deployment, '--municipality', 'arnhem', '--output', one], { env });
	assert.equal(r.code, 0, r.stderr);
	assert.equal(sqlValue(one, 'SELECT title FROM action_point WHERE id = 900001'), ARNHEM_TITLE);
	assert.equal(sqlValue(one, 'SELECT code FROM municipality'), 'GM0202', 'Arnhem\'s own file');
	r = runLia(['backup', '--db', deployment, '--municipality', 'gm9999', '--output', path.join(dir, 'none.bak')], { env });
	assert.equal(r.code, 1);
	assert.match(r.stderr, /no municipality gm9999/);
});

test('/healthz checks every municipality\'s file on SQLite, not only the first', { skip: ON_PG && 'one database for all' }, async () => {
	const ok = await fetch(`${url}/healthz`);
	assert.equal(ok.status, 200);
	assert.equal(await ok.text(), 'ok\n');
	const file = path.join(`${deployment}.d`, 'gm0202.sqlite');
	fs.renameSync(file, `${file}.away`);
	try {
		const gone = await fetch(`${url}/healthz`);
		assert.equal(gone.status, 503);
		assert.equal(await gone.text(), 'GM0202: database file is missing\n');
	} finally {
		fs.renameSync(`${file}.away`, file);
	}
	const back = await fetch(`${url}/healthz`);
	assert.equal(back.status, 200);
	const t0 = performance.now();
	for (let i = 0; i < 20; i++) await (await fetch(`${url}/healthz`)).text();
	assert.ok((performance.now() - t0) / 20 < 50, 'fast');
});
