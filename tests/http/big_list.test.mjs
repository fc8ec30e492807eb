// HTTP test of a large list (issue 12): the action point list of some 1,200
// action points (the demo's and copies of them, with their status, health
// and dates), as JSON and as HTML, in Dutch and English. Every row carries
// the words of its own codes and dates (labels come from a table looked up
// by field, date texts are remembered between rows: neither may leak from
// one row or language into another), and the page shows the rows of the
// JSON, in its order, with those words.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/big_list.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';
import { ON_PG } from '../lib/server.mjs';

let srv, db, as;
const COPIES = 30;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn());
	// COPIES copies of every action point (code CODE.k), with the state of
	// the original. Written so both engines take it.
	sqlWrite(db, `${ON_PG ? '' : 'PRAGMA busy_timeout = 10000; '}BEGIN;
		INSERT INTO action_point (theme_id, code, title, description, dossier_holder_id, starts_on, due_on, created_at)
		SELECT a.theme_id, a.code || '.' || k.n, a.title, a.description, a.dossier_holder_id, a.starts_on, a.due_on, a.created_at
		  FROM action_point a,
		       (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${COPIES}) SELECT n FROM c) k
		 ORDER BY k.n, a.id;
		UPDATE action_point_state SET status = s.status, health = s.health, pub_status = s.pub_status, pub_health = s.pub_health
		  FROM (SELECT c.id AS copy, st.status, st.health, st.pub_status, st.pub_health
		          FROM action_point c JOIN action_point o ON c.code LIKE o.code || '.%' AND c.code NOT LIKE o.code || '.%.%'
		          JOIN action_point_state st ON st.action_point_id = o.id) AS s
		 WHERE action_point_state.action_point_id = s.copy;
		COMMIT;`);
});

after(async () => {
	if (srv) await srv.cleanup();
});

const STATUS = {
	nl: { niet_gestart: 'Niet gestart', in_voorbereiding: 'In voorbereiding', in_uitvoering: 'In uitvoering', afgerond: 'Afgerond', doorlopend: 'Doorlopend', vervallen: 'Vervallen' },
	en: { niet_gestart: 'Not started', in_voorbereiding: 'In preparation', in_uitvoering: 'In progress', afgerond: 'Completed', doorlopend: 'Ongoing', vervallen: 'Withdrawn' },
};
const HEALTH = {
	nl: { groen: 'Op schema', oranje: 'Vraagt aandacht', rood: 'Knelpunt', grijs: 'Niet van toepassing' },
	en: { groen: 'On schedule', oranje: 'Needs attention', rood: 'Problem', grijs: 'Not applicable' },
};
const SHAPE = { groen: 'circle', oranje: 'triangle', rood: 'square' };
const MONTHS = {
	nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
	en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const dateText = (lang, iso) => `${Number(iso.slice(8, 10))} ${MONTHS[lang][Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

for (const lang of ['nl', 'en']) {
	test(`a list of ${COPIES + 1} times the demo's action points: every row has its own words (${lang})`, async () => {
		const total = Number(sqlValue(db, 'SELECT count(*) FROM action_point'));
		assert.ok(total >= 1000, `a large list (${total})`);
		const rows = sql(db, 'SELECT a.code, a.starts_on, a.due_on, s.pub_status AS status, s.pub_health AS health'
			+ ' FROM action_point a JOIN action_point_state s ON s.action_point_id = a.id');
		const byCode = new Map(rows.map((r) => [r.code, r]));
		const headers = { 'accept-language': lang };

		const api = await as.public.get('/api/v1/actions', { headers });
		assert.equal(api.status, 200);
		const items = api.json.items;
		assert.equal(items.length, total);
		// The rows are written by hand, not by jansson (src/view/list.c):
		// the answer must still be compact JSON with the keys in their order.
		assert.equal(api.body, JSON.stringify(api.json), 'compact JSON, as jansson writes it');
		assert.deepEqual(Object.keys(api.json), ['items', 'count', 'count_text', 'filters', 'chosen', 'filtered']);
		assert.equal(api.json.count, total);
		const seen = new Set();
		for (const it of items) {
			const r = byCode.get(it.code);
			assert.ok(r, `${it.code} is an action point`);
			seen.add(it.code);
			assert.equal(it.status, r.status ?? null, it.code);
			if (r.status) assert.equal(it.status_label, STATUS[lang][r.status], `${it.code} status_label`);
			if (r.health) {
				assert.equal(it.health_label, HEALTH[lang][r.health], `${it.code} health_label`);
				assert.equal(it.health_shape, SHAPE[r.health] ?? 'dash', `${it.code} health_shape`);
			}
			if (r.starts_on) assert.equal(it.starts_on_text, dateText(lang, r.starts_on), `${it.code} starts_on_text`);
			else assert.equal(it.starts_on_text, undefined);
			if (r.due_on) assert.equal(it.due_on_text, dateText(lang, r.due_on), `${it.code} due_on_text`);
			else assert.equal(it.due_on_text, undefined);
		}
		assert.equal(seen.size, total, 'every action point once');
		assert.ok(new Set(items.map((i) => i.status)).size >= 3, 'the list mixes statuses');
		assert.ok(new Set(items.map((i) => i.due_on)).size >= 5, 'the list mixes due dates');

		const page = await as.public.get('/actions', { headers });
		assert.equal(page.status, 200);
		const trs = [...page.body.matchAll(/<tr><td>([^<]*)<\/td><th scope="row"[^>]*>([\s\S]*?)<\/tr>/g)];
		assert.equal(trs.length, total, 'a table row per action point');
		trs.forEach(([, code, rest], k) => {
			const it = items[k];
			assert.equal(code, esc(it.code), `row ${k} is the JSON's row ${k}`);
			assert.ok(rest.includes(`<a href="/actions/${it.id}">`), `${it.code}: its link`);
			if (it.status_label) assert.ok(rest.includes(esc(it.status_label)), `${it.code}: its status in words`);
			if (it.health_label) assert.ok(rest.includes(esc(it.health_label)), `${it.code}: its health in words`);
			if (it.due_on_text) assert.ok(rest.includes(`<td>${esc(it.due_on_text)}`), `${it.code}: its due date in words`);
		});
	});
}
