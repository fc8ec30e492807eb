// HTTP tests of action points in bulk (issue 11): the export's file, edited
// as a spreadsheet would (two cells changed, one line added), uploaded by the
// coordinator, previews exactly those three changes field by field (old ->
// new); applying writes them all in one transaction, audited, and exporting
// again gives the edited file back. Wrong lines (unknown theme, status,
// dossier holder, article, number; a duplicate code; a bad date; a status
// change) are errors by line that say what to fix, and nothing is written.
// Only the coordinator may import; the CSRF token is required.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/import_actions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { textOf, mainOf } from '../lib/http.mjs';
import { signInRoles, agent } from '../lib/auth.mjs';
import { contractAjv, showErrors } from '../lib/contract.mjs';

const ajv = contractAjv();

let srv, base, as;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	as = await signInRoles(base, ['coordinator', 'member', 'expert', 'dossierHolder', 'reader']);
	as.public = agent(base);
	await as.public.token();
});

after(async () => {
	if (srv) {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	}
});

const one = (q) => sqlValue(srv.db, q);
/** Everything a refused import must leave alone. */
const snapshot = () => sql(srv.db, `SELECT (SELECT count(*) FROM action_point) AS n,
	(SELECT group_concat(code || '|' || title || '|' || theme_id || '|' || COALESCE(dossier_holder_id, 0) || '|' || COALESCE(due_on, ''), ';') FROM action_point) AS t,
	(SELECT count(*) FROM action_article) AS ar, (SELECT count(*) FROM action_partner) AS pa,
	(SELECT count(*) FROM audit_entry WHERE entity = 'action_point') AS au`)[0];

/** Upload content to /actions/import as a browser does (multipart, CSRF token in the form). */
async function upload(who, content, { name = 'actiepunten.csv', csrf } = {}) {
	const fd = new FormData();
	const token = csrf === undefined ? who.csrf : csrf;
	if (token !== null) fd.append('csrf', token);
	fd.append('file', new Blob([content], { type: 'text/csv' }), name);
	return who.fetch('/actions/import', { method: 'POST', body: fd });
}

/** The export as the coordinator downloads it: its bytes as UTF-8 text, the byte order mark kept. */
async function exportText() {
	const cookie = [...as.coordinator.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const r = await fetch(`${base}/actions/export.csv`, { headers: { cookie } });
	assert.equal(r.status, 200);
	return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
}

/** Split a CRLF export into lines and ;-cells (the demo's cells hold no ; or line breaks but quoted ones). */
function cells(line) {
	const out = [];
	let cell = '', q = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (q) { if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c; }
		else if (c === '"') q = true;
		else if (c === ';') { out.push(cell); cell = ''; }
		else cell += c;
	}
	out.push(cell);
	return out;
}
/** The export quotes every cell; an edit in a text editor keeps that. */
const quote = (v) => `"${v.replace(/"/g, '""')}"`;
const join = (row) => row.map(quote).join(';');

async function previewOf(who, location) {
	const r = await who.get(location, { headers: { accept: 'application/json' } });
	assert.equal(r.status, 200, r.body.slice(0, 400));
	// The contract test has no uploaded file to try this schema on: it is tried here.
	const v = ajv.getSchema('action_import_preview.json');
	assert.ok(v(r.json), `${location}: ${showErrors(v.errors)}`);
	return r.json;
}

test('only the coordinator may import: every other role is refused, and so is a form without the CSRF token', async () => {
	const text = await exportText();
	const before = snapshot();
	for (const role of ['member', 'expert', 'dossierHolder', 'reader']) {
		assert.equal((await as[role].get('/actions/import')).status, 403, role);
		assert.equal((await upload(as[role], text)).status, 403, `${role}: upload`);
	}
	assert.notEqual((await as.public.get('/actions/import')).status, 200);
	assert.notEqual((await upload(as.public, text)).status, 303, 'the public cannot upload');
	assert.equal((await upload(as.coordinator, text, { csrf: 'wrong' })).status, 403, 'no CSRF token, no upload');
	assert.equal(one('SELECT count(*) FROM action_import'), 0);
	// A kept upload: the others cannot see its preview or apply it.
	const up = await upload(as.coordinator, text);
	assert.equal(up.status, 303, up.body.slice(0, 300));
	for (const role of ['member', 'expert', 'dossierHolder', 'reader']) {
		assert.equal((await as[role].get(up.location)).status, 403, `${role}: preview`);
		assert.equal((await as[role].post(up.location, {})).status, 403, `${role}: apply`);
	}
	assert.equal((await as.coordinator.post(up.location, { csrf: 'wrong' })).status, 403, 'apply needs the CSRF token');
	assert.deepEqual(snapshot(), before);
	// The file unchanged changes nothing.
	const p = await previewOf(as.coordinator, up.location);
	assert.equal(p.errors, 0, JSON.stringify(p.error));
	assert.deepEqual(p.change, []);
	assert.equal(p.unchanged, one('SELECT count(*) FROM action_point'));
	assert.equal(p.can_apply, false);
	// Dates written as Dutch Excel saves them (d-m-yyyy) are the same dates: no change.
	const dutch = text.replace(/(\d{4})-(\d{2})-(\d{2})/g, (_, y, m, d) => `${Number(d)}-${Number(m)}-${y}`);
	assert.notEqual(dutch, text);
	const p2 = await previewOf(as.coordinator, (await upload(as.coordinator, dutch)).location);
	assert.equal(p2.errors, 0, JSON.stringify(p2.error));
	assert.deepEqual(p2.change, []);
});

test('export, edit two cells and add one line, import: the preview lists exactly those 3 changes; applying them and exporting again gives the edited file', async () => {
	const text = await exportText();
	assert.ok(text.startsWith('\ufeff'), 'the export starts with a byte order mark');
	const lines = text.slice(1).split('\r\n');
	assert.equal(lines.at(-1), '');
	const header = cells(lines[0]);
	assert.deepEqual(header.slice(0, 4), ['Nummer', 'Code', 'Titel', 'Beschrijving']);
	const rows = lines.slice(1, -1).map(cells);
	// Edit 1: a title. Edit 2: the dossier holder of another action point.
	const a = rows[0], b = rows[3];
	const oldTitle = a[2], oldHolder = b[5];
	a[2] = `${oldTitle} (herzien)`;
	const people = sql(srv.db, 'SELECT name FROM person ORDER BY id').map((p) => p.name);
	const newHolder = people.find((n) => n !== oldHolder && people.filter((m) => m === n).length === 1);
	b[5] = newHolder;
	// Edit 3: a new line, placed where the export will sort it (its theme's last, by code).
	const theme = a[4];
	const lastOfTheme = rows.map((r, i) => [r, i]).filter(([r]) => r[4] === theme).at(-1)[1];
	const fresh = ['', `${a[1].split('-')[0]}-99`, 'Toegankelijke informatie op de website', 'Alle pagina\'s voldoen aan WCAG 2.2 AA.',
		theme, newHolder, '2027-01-01', '2027-12-31', '9, 21', '', 'Niet gestart', 'Niet van toepassing', 'nee'];
	rows.splice(lastOfTheme + 1, 0, fresh);
	const edited = '\ufeff' + [join(header), ...rows.map(join)].join('\r\n') + '\r\n';

	const before = one("SELECT count(*) FROM audit_entry WHERE entity = 'action_point'");
	const up = await upload(as.coordinator, edited, { name: 'actiepunten-bewerkt.csv' });
	assert.equal(up.status, 303, up.body.slice(0, 400));
	assert.match(up.location, /^\/actions\/import\/\d+$/);
	const p = await previewOf(as.coordinator, up.location);
	assert.equal(p.errors, 0, JSON.stringify(p.error));
	assert.equal(p.separator, ';');
	assert.equal(p.change.length, 3, JSON.stringify(p.change, null, 1));
	const byId = Object.fromEntries(p.change.map((c) => [c.id ?? 'new', c]));
	assert.deepEqual(byId[a[0]].fields.map((f) => [f.field, f.old, f.new]), [['title', oldTitle, a[2]]]);
	assert.deepEqual(byId[b[0]].fields.map((f) => [f.field, f.old, f.new]), [['dossier_holder', oldHolder, newHolder]]);
	assert.equal(byId.new.is_new, true);
	assert.deepEqual(byId.new.fields.map((f) => [f.field, f.new]), [['code', fresh[1]], ['title', fresh[2]], ['description', fresh[3]],
		['theme', theme], ['dossier_holder', newHolder], ['starts_on', fresh[6]], ['due_on', fresh[7]], ['articles', fresh[8]]]);
	assert.equal(p.new, 1);
	assert.equal(p.changed, 2);
	assert.equal(p.can_apply, true);
	// The preview page says it in words, old -> new, and nothing is written yet.
	const html = await as.coordinator.get(up.location);
	const main = textOf(mainOf(html.body));
	assert.match(main, new RegExp(`${oldHolder}\\s+${newHolder}`));
	assert.match(html.body, /<button type="submit" class="button">Veranderingen uitvoeren \(3\)<\/button>/);
	assert.equal(one("SELECT count(*) FROM audit_entry WHERE entity = 'action_point'"), before);

	const r = await as.coordinator.post(up.location, {});
	assert.equal(r.status, 303, r.body.slice(0, 400));
	assert.equal(r.location, up.location);
	assert.equal(one("SELECT count(*) FROM audit_entry WHERE entity = 'action_point'"), before + 3, 'each action point audited');
	assert.equal(one("SELECT count(*) FROM audit_entry WHERE entity = 'action_import' AND action = 'import'"), 1);
	assert.equal(one(`SELECT title FROM action_point WHERE id = ${Number(a[0])}`), a[2]);
	const newId = one(`SELECT id FROM action_point WHERE code = '${fresh[1]}'`);
	assert.ok(newId);
	assert.equal(one(`SELECT group_concat(article_number) FROM (SELECT article_number FROM action_article WHERE action_point_id = ${newId} ORDER BY 1) x`), '9,21');
	const doneJson = await previewOf(as.coordinator, up.location);
	assert.equal(doneJson.is_done, true);
	assert.equal(doneJson.applied, 3);
	assert.equal(doneJson.change.length, 3, 'the page afterwards lists what was applied');
	const done = await as.coordinator.get(up.location);
	assert.match(textOf(mainOf(done.body)), /De veranderingen zijn uitgevoerd/);
	assert.match(textOf(mainOf(done.body)), /Wat er veranderd is/);
	// Again: refused, nothing changes.
	const again = await as.coordinator.post(up.location, {});
	assert.equal(again.status, 409);

	fresh[0] = String(newId);
	const expected = '\ufeff' + [join(header), ...rows.map(join)].join('\r\n') + '\r\n';
	assert.equal(await exportText(), expected, 'exporting again gives the edited file');
});

test('wrong lines are errors by line that say what to fix; nothing is written', async () => {
	const text = await exportText();
	const lines = text.slice(1).split('\r\n');
	const header = cells(lines[0]);
	const rows = lines.slice(1, -1).map(cells);
	const bad = rows.slice(0, 8).map((r) => [...r]);
	bad[0][4] = 'Ruimtevaart';          // line 2: unknown theme
	bad[1][10] = 'Bijna klaar';         // line 3: unknown status
	bad[2][5] = 'Niemand Bekend';       // line 4: unknown dossier holder
	bad[3][8] = '9, 77';                // line 5: unknown article
	bad[4][0] = '99999';                // line 6: unknown number
	bad[5][1] = bad[6][1];              // lines 7 and 8: one code twice
	bad[6][7] = '31-02-2027';           // line 8: a day that does not exist
	bad[7][10] = bad[7][10] === 'Afgerond' ? 'In uitvoering' : 'Afgerond'; // line 9: a status change
	const file = [join(header), ...bad.map(join)].join('\r\n') + '\r\n';
	const before = snapshot();
	const up = await upload(as.coordinator, file);
	assert.equal(up.status, 303);
	const p = await previewOf(as.coordinator, up.location);
	const byLine = {};
	for (const e of p.error) {
		byLine[e.line] ??= { message: '', column: e.column };
		byLine[e.line].message += `${e.message} `;
	}
	assert.deepEqual(Object.keys(byLine).map(Number).sort((x, y) => x - y), [2, 3, 4, 5, 6, 7, 8, 9], JSON.stringify(p.error, null, 1));
	assert.match(byLine[2].message, /geen thema met de naam "Ruimtevaart"/);
	assert.equal(byLine[2].column, 'Thema');
	assert.match(byLine[3].message, /"Bijna klaar" is onbekend in de kolom Status\. Gebruik een van deze: .*Niet gestart/);
	assert.match(byLine[4].message, /niemand met de naam "Niemand Bekend"/);
	assert.match(byLine[5].message, /"77" is geen artikel/);
	assert.match(byLine[6].message, /geen actiepunt met nummer "99999"/);
	assert.match(byLine[7].message, /hoort al bij een ander actiepunt/);
	assert.match(byLine[8].message, /staat ook op regel 7/);
	assert.match(byLine[8].message, /Regel 8, kolom Uiterlijk klaar:/);
	assert.doesNotMatch(byLine[6].message, /code/, 'an unknown number is one error, not a code error too');
	assert.match(byLine[9].message, /verandert alleen met een voortgangsbericht/);
	assert.equal(p.can_apply, false);
	const html = await as.coordinator.get(up.location);
	assert.match(html.body, /<div class="error-summary" role="alert"/);
	assert.doesNotMatch(html.body, /Veranderingen uitvoeren/);
	const r = await as.coordinator.post(up.location, {});
	assert.equal(r.status, 422);
	assert.deepEqual(snapshot(), before, 'nothing written');
	assert.equal(one('SELECT count(*) FROM action_import WHERE applied_at IS NOT NULL'), 1, 'only the earlier import was applied');
});

test('a file that is no table of action points is refused at upload with what to do', async () => {
	const r = await upload(as.coordinator, 'Datum;Bedrag\r\n1-1-2025;12,00\r\n');
	assert.equal(r.status, 422);
	assert.match(textOf(mainOf(r.body)), /De kolom "Code" ontbreekt/);
	const e = await upload(as.coordinator, 'Nummer;Code;Titel;Thema\r\n');
	assert.equal(e.status, 422);
	assert.match(textOf(mainOf(e.body)), /geen actiepunten/);
	const en = await as.coordinator.get('/actions/import?lang=en');
	assert.match(textOf(mainOf(en.body)), /Import action points/);
});
