// HTTP tests of the theme forms (/themes/new, /themes/{id}/edit; they post to
// their own address, as /themes and /themes/{id} stay read-only): the worked
// example of docs/resources.md. Only the coordinator writes themes; a
// refused write changes nothing and says why in Dutch next to the field;
// every write is one audit entry with the theme before and after; the JSON
// API answers the same way (201 with the theme, problem details with errors).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/themes_edit.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { textOf } from '../lib/http.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';

let srv, base, db;
const as = {};

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	db = srv.db;
	for (const [role, email] of Object.entries(DEMO)) as[role] = await signIn(base, email);
	as.public = agent(base);
});

after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.ok(!r?.signal || r.signal === 'SIGTERM', `lia ended with ${r?.signal}: ${r?.stderr}`);
});

const n = (q) => Number(sqlValue(db, q));
const themes = () => n('SELECT count(*) FROM theme');
const audits = () => n('SELECT count(*) FROM audit_entry');
const lastAudit = () => sql(db, 'SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1')[0];

const form = (extra = {}) => ({
	name_nl: 'Sport en bewegen',
	name_en: 'Sport and exercise',
	description_nl: 'Iedereen kan meedoen aan sport.',
	description_en: 'Everyone can take part in sport.',
	...extra,
});

test('only the coordinator may open and send the theme forms', async () => {
	for (const p of ['/themes/new', '/themes/1/edit']) {
		const ok = await as.coordinator.get(p);
		assert.equal(ok.status, 200, `coordinator GET ${p}`);
		assert.match(ok.body, /name="name_nl"/);
		for (const role of ['member', 'expert', 'dossierHolder', 'reader']) {
			const r = await as[role].get(p);
			assert.equal(r.status, 403, `${role} GET ${p}`);
		}
		const pub = await as.public.get(p);
		assert.ok(pub.status === 303 && /\/sign-in/.test(pub.location), `public GET ${p}: ${pub.status}`);
	}
	const count = themes(), a = audits();
	for (const role of ['member', 'expert', 'reader']) {
		assert.equal((await as[role].post('/themes/new', form())).status, 403, `${role} POST /themes/new`);
		assert.equal((await as[role].post('/themes/1/edit', form())).status, 403, `${role} POST /themes/1/edit`);
	}
	assert.equal(themes(), count);
	assert.equal(audits(), a);
});

test('the theme pages link to the forms for the coordinator only', async () => {
	const list = await as.coordinator.get('/themes');
	assert.match(list.body, /href="\/themes\/new"/);
	assert.match(list.body, /href="\/themes\/1\/edit"/);
	assert.match((await as.coordinator.get('/themes/1')).body, /href="\/themes\/1\/edit"/);
	for (const role of ['member', 'reader', 'public']) {
		for (const p of ['/themes', '/themes/1']) {
			const r = await as[role].get(p);
			assert.ok(!/\/themes\/new"|\/edit"/.test(r.body.replace(/\/(actions|events|people)\/\d+\/edit/g, '')), `${role} ${p}: no links to the theme forms`);
		}
	}
	const api = await as.coordinator.get('/api/v1/themes');
	assert.ok(!('add_theme' in api.json), 'the link is not part of the resource');
});

test('the empty form: the fields with labels in Dutch, required in words', async () => {
	const r = await as.coordinator.get('/themes/new');
	assert.equal(r.status, 200);
	const text = textOf(r.body);
	assert.match(text, /Thema toevoegen/);
	assert.match(text, /Naam in het Nederlands \(verplicht\)/);
	assert.match(text, /Plaats in de lijst/);
	assert.match(r.body, /action="\/themes\/new"/);
	const en = await as.coordinator.get('/themes/new?lang=en');
	assert.match(textOf(en.body), /Name in English \(required\)/);
	await as.coordinator.get('/themes/new?lang=nl'); // back to Dutch for the tests below
});

test('validation errors in Dutch change nothing', async () => {
	const count = themes(), a = audits();
	const empty = await as.coordinator.post('/themes/new', form({ name_nl: '', position: '0' }));
	assert.equal(empty.status, 422);
	assert.match(empty.body, /href="#f-name_nl"/);
	assert.match(empty.body, /href="#f-position"/);
	assert.match(textOf(empty.body), /Vul een plaats in van 1 of hoger, of laat dit leeg\./);
	assert.ok(empty.body.includes('Sport and exercise'), 'input kept');
	const existing = sqlValue(db, 'SELECT name_nl FROM theme ORDER BY id LIMIT 1');
	const dup = await as.coordinator.post('/themes/new', form({ name_nl: existing.toUpperCase() }));
	assert.equal(dup.status, 422);
	assert.match(textOf(dup.body), /Er is al een thema met deze naam\./);
	assert.equal(themes(), count);
	assert.equal(audits(), a);
});

test('the coordinator adds a theme: at the end of the list, one audit entry, on /themes', async () => {
	const a = audits(), last = n('SELECT max(position) FROM theme');
	const r = await as.coordinator.post('/themes/new', form());
	assert.equal(r.status, 303, r.body);
	const row = sql(db, "SELECT * FROM theme WHERE name_nl = 'Sport en bewegen'")[0];
	assert.ok(row, 'stored');
	assert.equal(r.location, `/themes/${row.id}`);
	assert.equal(row.slug, 'sport-en-bewegen');
	assert.equal(row.position, last + 1);
	assert.equal(row.name_en, 'Sport and exercise');
	assert.equal(audits(), a + 1);
	const au = lastAudit();
	assert.equal(au.action, 'create');
	assert.equal(au.entity, 'theme');
	assert.equal(Number(au.entity_id), row.id);
	assert.equal(au.before_json, null);
	assert.equal(JSON.parse(au.after_json).name_nl, 'Sport en bewegen');
	const list = await as.public.get('/themes');
	assert.ok(textOf(list.body).includes('Sport en bewegen'));
	const en = await as.public.get('/themes?lang=en');
	assert.ok(textOf(en.body).includes('Sport and exercise'));

	// Change it: the edit form starts from what is stored; the audit holds before and after.
	const edit = await as.coordinator.get(`/themes/${row.id}/edit`);
	assert.equal(edit.status, 200);
	assert.ok(edit.body.includes('Iedereen kan meedoen aan sport.'));
	assert.match(edit.body, new RegExp(`action="/themes/${row.id}/edit"`));
	const upd = await as.coordinator.post(`/themes/${row.id}/edit`, form({ name_nl: 'Sport, spel en bewegen', position: '1' }));
	assert.equal(upd.status, 303, upd.body);
	const after = sql(db, `SELECT * FROM theme WHERE id = ${row.id}`)[0];
	assert.equal(after.name_nl, 'Sport, spel en bewegen');
	assert.equal(after.position, 1);
	assert.equal(after.slug, 'sport-en-bewegen', 'the address name stays');
	const au2 = lastAudit();
	assert.equal(au2.action, 'update');
	assert.equal(JSON.parse(au2.before_json).name_nl, 'Sport en bewegen');
	assert.equal(JSON.parse(au2.after_json).name_nl, 'Sport, spel en bewegen');
});

test('a wrong or unknown theme number in the address', async () => {
	const wrong = await as.coordinator.get('/themes/abc/edit');
	assert.equal(wrong.status, 400);
	const none = await as.coordinator.get('/themes/99999/edit');
	assert.equal(none.status, 404);
	assert.match(textOf(none.body), /Er is geen thema met dit nummer/);
	const a = audits();
	assert.equal((await as.coordinator.post('/themes/99999/edit', form({ name_nl: 'Nergens' }))).status, 404);
	assert.equal(audits(), a);
});

test('JSON API: 201 with the theme, problem details per field', async () => {
	const count = themes();
	const bad = await as.coordinator.postJson('/api/v1/themes/new', { name_nl: 'Cultuur' });
	assert.equal(bad.status, 422);
	assert.match(bad.headers.get('content-type'), /application\/problem\+json/);
	assert.ok(bad.json.errors.name_en, JSON.stringify(bad.json));
	assert.ok(!bad.json.errors.name_nl);
	assert.equal(themes(), count);
	const ok = await as.coordinator.postJson('/api/v1/themes/new', { name_nl: 'Cultuur', name_en: 'Culture', position: 2 });
	assert.equal(ok.status, 201, ok.body);
	assert.equal(ok.json.name_en, 'Culture');
	assert.equal(ok.json.position, 2);
	assert.equal(ok.json.slug, 'cultuur');
	assert.equal(themes(), count + 1);
	const upd = await as.coordinator.postJson(`/api/v1/themes/${ok.json.id}/edit`, { name_nl: 'Cultuur', name_en: 'Culture and arts' });
	assert.equal(upd.status, 200, upd.body);
	assert.equal(upd.json.name_en, 'Culture and arts');
	const member = await as.member.postJson('/api/v1/themes/new', { name_nl: 'Kunst', name_en: 'Art' });
	assert.equal(member.status, 403);
	assert.equal(themes(), count + 1);
});
