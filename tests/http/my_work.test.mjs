// HTTP tests of My work (issue 11): on the signed-in home page and at
// /my-work (also JSON), each person sees what they still have to do in the
// open period: a dossier holder their own action points and which still
// need an update (with the due date), an experience expert the updates
// waiting for an assessment (with a link to the form), the project group
// and the coordinator the period's progress; a reader only the period; the
// public nothing. Counts come in sentences, singular or plural.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/my_work.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { sqlValue, sql } from '../lib/db.mjs';
import { textOf, mainOf } from '../lib/http.mjs';
import { exitReport } from '../lib/server.mjs';

let srv, as, holder;
before(async () => {
	({ srv, as } = await startDemoSignedIn());
	holder = sqlValue(srv.db, "SELECT person_id FROM user_account WHERE email = 'dossierhouder@example.org'");
});
after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

const value = (q) => sqlValue(srv.db, q);
const json = (who, path) => as[who].get('/api/v1' + path);
const write = (who, action, extra = {}) => as[who].postJson(`/api/v1/actions/${action}/updates`, { period_id: '3',
	status: 'in_uitvoering', health: 'groen', progress_md: 'Het gaat goed.', ...extra });
// Action points that still need an update in period 3: the rule of /actions?needs_update=1.
const neededOf = (person) => value(`SELECT count(*) FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id
	WHERE a.dossier_holder_id = ${person} AND c.status NOT IN ('afgerond', 'vervallen')
	AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = 3)`);

test('the public has no My work: /my-work asks to sign in, JSON is 401, the home page has none', async () => {
	const r = await as.public.get('/my-work');
	assert.equal(r.status, 303);
	assert.match(r.location, /^\/sign-in\?next=/);
	assert.equal((await as.public.get('/api/v1/my-work')).status, 401);
	const home = await as.public.get('/');
	assert.equal(home.status, 200);
	assert.doesNotMatch(home.body, /my-work-h|Mijn werk/);
	assert.equal((await json('public', '/')).json.my_work, undefined);
});

test('a dossier holder sees their own action points, which still need an update, and the due date', async () => {
	const r = await json('dossierHolder', '/my-work');
	assert.equal(r.status, 200);
	const w = r.json;
	assert.equal(w.period.id, 3);
	assert.equal(w.period.updates_due_on, '2024-11-29');
	assert.equal(w.expert, undefined, 'not an expert');
	assert.equal(w.progress, undefined, 'the period\'s progress is for the project group');
	const own = value(`SELECT count(*) FROM action_point WHERE dossier_holder_id = ${holder}`);
	assert.equal(w.holder.items.length, own);
	assert.equal(w.holder.needed, neededOf(holder));
	assert.ok(w.holder.needed >= 2, 'the demo leaves several to write');
	const ids = w.holder.items.map((a) => a.id);
	const theirs = sql(srv.db, `SELECT id FROM action_point WHERE dossier_holder_id = ${holder} ORDER BY id`).map((x) => Number(x.id));
	assert.deepEqual([...ids].sort((a, b) => a - b), theirs, 'only their own action points');
	const page = await as.dossierHolder.get('/my-work');
	const text = textOf(mainOf(page.body));
	assert.match(text, /Voortgang uiterlijk klaar op: 29 november 2024/);
	assert.match(text, new RegExp(`${w.holder.needed} van uw actiepunten hebben nog een voortgangsbericht nodig in deze periode\\.`));
	const first = w.holder.items.find((a) => a.is_needed);
	assert.match(page.body, new RegExp(`href="/actions/${first.id}/updates/new"`));
	assert.doesNotMatch(page.body, /mw-progress-h|mw-expert-h/);
	// The same on the home page.
	const home = await as.dossierHolder.get('/');
	assert.match(home.body, /<h2 id="my-work-h">Mijn werk in deze periode<\/h2>/);
	assert.match(home.body, new RegExp(`href="/actions/${first.id}/updates/new"`));
});

test('writing an update takes it off the list; one left is said in the singular', async () => {
	let w = (await json('dossierHolder', '/my-work')).json;
	const needed = w.holder.items.filter((a) => a.is_needed);
	for (const a of needed.slice(0, needed.length - 1)) assert.equal((await write('dossierHolder', a.id)).status, 201);
	w = (await json('dossierHolder', '/my-work')).json;
	assert.equal(w.holder.needed, 1);
	assert.equal(w.holder.text, '1 van uw actiepunten heeft nog een voortgangsbericht nodig in deze periode.');
	const en = await as.dossierHolder.get('/my-work?lang=en');
	assert.match(textOf(en.body), /1 of your action points still needs an update in this period\./);
	const last = w.holder.items.find((a) => a.is_needed);
	assert.equal((await write('dossierHolder', last.id)).status, 201);
	w = (await json('dossierHolder', '/my-work?lang=nl')).json;
	assert.equal(w.holder.needed, 0);
	assert.equal(w.holder.text, 'Al uw actiepunten hebben hun voortgangsbericht voor deze periode. Dank u wel.');
	assert.ok(w.holder.items.find((a) => a.id === last.id).is_received);
});

test('an experience expert sees the updates waiting for an assessment, with a link to the form', async () => {
	const made = await write('member', 1);
	assert.equal(made.status, 201);
	const w = (await json('expert', '/my-work?lang=nl')).json;
	const waiting = value("SELECT count(*) FROM progress_update WHERE period_id = 3 AND expert_assessment = ''");
	assert.equal(w.expert.count, waiting);
	assert.ok(w.expert.items.some((u) => u.id === made.json.id));
	// Its author corrects it before the expert got to it: the list holds the
	// current version only, once (not the replaced one as well).
	const fixed = await as.member.post(`/updates/${made.json.id}/correct`, { status: 'in_uitvoering', health: 'groen',
		progress_md: 'Gecorrigeerd: de tolken zijn geboekt.', health_cause: '', health_consequence: '', health_measures: '',
		holder_assessment: 'Het gaat goed.' });
	assert.equal(fixed.status, 303, fixed.body.slice(0, 300));
	const fixedId = Number(value(`SELECT id FROM progress_update WHERE corrects = ${made.json.id}`));
	const w2 = (await json('expert', '/my-work?lang=nl')).json;
	assert.equal(w2.expert.count, waiting, 'a correction does not add a second item');
	assert.ok(w2.expert.items.some((u) => u.id === fixedId), 'the correction is on the list');
	assert.ok(!w2.expert.items.some((u) => u.id === made.json.id), 'the replaced version is not');
	const firstId = made.json.id;
	made.json.id = fixedId;
	const page = await as.expert.get('/my-work');
	assert.match(page.body, new RegExp(`<a href="/updates/${made.json.id}/assessment">`));
	assert.match(textOf(page.body), new RegExp(`${waiting} voortgangsbericht(en)? wacht(en)? op uw beoordeling\\.`));
	const form = await as.expert.get(`/updates/${made.json.id}/assessment`);
	assert.equal(form.status, 200, 'the link leads to the form');
	const done = await as.expert.postJson(`/api/v1/updates/${made.json.id}/assessment`, { expert_assessment: 'Dit helpt.' });
	assert.equal(done.status, 200);
	const after = (await json('expert', '/my-work')).json;
	assert.ok(!after.expert.items.some((u) => u.id === made.json.id), 'assessed: off the list');
	// The author corrects the assessed text: the expert judged the earlier
	// text, so the new version waits for them again (the earlier assessment
	// stays in the history), and assessing the replaced version says where to go.
	const again = await as.member.post(`/updates/${made.json.id}/correct`, { status: 'in_uitvoering', health: 'groen',
		progress_md: 'Gecorrigeerd: de tolken zijn geboekt en betaald.', health_cause: '', health_consequence: '', health_measures: '',
		holder_assessment: 'Het gaat goed.' });
	assert.equal(again.status, 303, again.body.slice(0, 300));
	const newest = Number(value(`SELECT id FROM progress_update WHERE corrects = ${made.json.id}`));
	assert.equal(value(`SELECT expert_assessment FROM progress_update WHERE id = ${newest}`), '');
	assert.equal(value(`SELECT expert_assessment FROM progress_update WHERE id = ${made.json.id}`), 'Dit helpt.', 'kept in the history');
	assert.ok((await json('expert', '/my-work')).json.expert.items.some((u) => u.id === newest), 'back on the list');
	// The first version was never assessed but is replaced (twice now).
	const stale = await as.expert.post(`/updates/${firstId}/assessment`, { expert_assessment: 'Te laat.' });
	assert.equal(stale.status, 409, stale.body.slice(0, 300));
	assert.match(textOf(stale.body), new RegExp(`gecorrigeerd\\. Beoordeel de nieuwe versie: /updates/${newest}/assessment`));
	// A dossier holder who is no expert gets no such list, and cannot open the form.
	assert.equal((await json('dossierHolder', '/my-work')).json.expert, undefined);
});

test('the coordinator and the project group see the period\'s progress; the numbers add up', async () => {
	for (const who of ['coordinator', 'member']) {
		const p = (await json(who, '/my-work?lang=nl')).json.progress;
		assert.ok(p, who);
		const received = value('SELECT count(DISTINCT action_point_id) FROM progress_update WHERE period_id = 3');
		assert.equal(p.updates_received, received);
		assert.equal(p.updates_expected, p.updates_received + p.updates_missing);
		assert.equal(p.themes.reduce((s, t) => s + t.missing, 0), p.updates_missing);
		assert.equal(p.holders.reduce((s, h) => s + h.received, 0), p.updates_received);
		assert.equal(p.interviews_held, value('SELECT count(*) FROM interview WHERE period_id = 3'));
		assert.equal(p.money_warnings_open, (await json('coordinator', '/funds')).json.warnings.filter((x) => x.explanation === null).length);
		assert.equal(p.missing_updates, undefined, 'the detail lists are the checklist\'s');
	}
	const page = await as.coordinator.get('/');
	const text = textOf(mainOf(page.body));
	assert.match(text, /In deze periode is 1 interview gehouden\./, 'singular');
	assert.match(text, /\d+ thema's hebben nog geen interview\./, 'plural');
	assert.match(text, /van de \d+ actiepunten hebben een voortgangsbericht in deze periode\./);
	assert.match(page.body, /<div class="table-wrap"><div class="table-focus" role="region" aria-labelledby="mw-themes-cap" tabindex="0">/);
	assert.match(page.body, /<caption id="mw-holders-cap">Voortgangsberichten per dossierhouder in deze periode<\/caption>/);
	assert.match(page.body, /href="\/actions\?needs_update=1"/);
	assert.match(page.body, /href="\/periods\/3#texts"/, 'the links to write highlights and outlook name the open period');
	assert.doesNotMatch(page.body, /href="\/periods\/0/);
});

test('a reader sees the open period and its due dates, nothing to do', async () => {
	const w = (await json('reader', '/my-work')).json;
	assert.equal(w.period.id, 3);
	assert.deepEqual(Object.keys(w).sort(), ['period']);
});
