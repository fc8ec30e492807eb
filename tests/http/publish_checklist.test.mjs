// HTTP tests of the checklist before publishing (issue 11). The publish page
// of an open period lists what is still missing (progress updates,
// assessments, highlights, outlook, interviews per theme, open money
// warnings) with a link to fix each; it is the same computation as the
// coordinator's My work. When something is missing, publishing needs the
// checkbox "Ik heb gezien wat ontbreekt en publiceer toch": without it the
// POST changes nothing and says what to do. When nothing is missing, there
// is no checkbox and one click publishes.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/publish_checklist.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { sqlValue, sqlWrite } from '../lib/db.mjs';
import { textOf, mainOf } from '../lib/http.mjs';
import { exitReport } from '../lib/server.mjs';

const state = (srv) => sqlValue(srv.db, 'SELECT state FROM reporting_period WHERE id = 3');
const publishes = (srv) => sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE action = 'publish'");
const frozen = (srv) => sqlValue(srv.db, 'SELECT count(*) FROM published_report WHERE period_id = 3');

describe('something missing', () => {
	let srv, as;
	before(async () => { ({ srv, as } = await startDemoSignedIn()); });
	after(async () => {
		if (!srv) return;
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	});

	test('the checklist lists what is missing, each with a link to fix it; the same numbers as My work', async () => {
		const r = await as.coordinator.get('/periods/3/publish');
		assert.equal(r.status, 200);
		const text = textOf(mainOf(r.body));
		assert.match(text, /Controlelijst: is alles er\?/);
		assert.match(text, /Er ontbreekt nog iets\./);
		assert.match(text, /Ontbreekt: \d+ van de \d+ actiepunten hebben een voortgangsbericht in deze periode\. \d+ voortgangsberichten ontbreken nog\./);
		assert.match(text, /Ontbreekt: Er is nog geen mooie ontwikkeling beschreven\./);
		assert.match(text, /Ontbreekt: Er is nog niets geschreven over vooruitkijken\./);
		assert.match(text, /\d+ thema's hebben nog geen interview\./);
		assert.match(text, /Er staan \d+ waarschuwingen over geld open\./);
		const c = (await as.coordinator.get('/api/v1/periods/3/publish')).json.checklist;
		assert.equal(c.has_missing, true);
		const missingIds = Number(sqlValue(srv.db, `SELECT count(*) FROM action_point a JOIN action_point_current s ON s.action_point_id = a.id
			WHERE s.status NOT IN ('afgerond', 'vervallen') AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = 3)`));
		assert.equal(c.missing_updates.length, missingIds);
		for (const a of c.missing_updates) assert.match(r.body, new RegExp(`href="/actions/${a.id}/updates/new"`), a.code);
		for (const t of c.missing_interviews) assert.match(r.body, new RegExp(`<li><a href="/themes/${t.id}">`), t.name);
		assert.match(r.body, /href="\/periods\/3\/narratives\/new"/);
		for (const w of c.money_warnings) assert.ok(r.body.includes(`href="${w.href}"`), w.kind);
		assert.match(r.body, /<input type="checkbox" id="f-confirm" name="confirm" value="1"/);
		assert.match(r.body, /<label for="f-confirm">Ik heb gezien wat ontbreekt en publiceer toch<\/label>/);
		// One computation: My work shows the coordinator the same counts.
		const p = (await as.coordinator.get('/api/v1/my-work')).json.progress;
		for (const k of ['updates_expected', 'updates_missing', 'assessments_missing', 'highlights', 'outlooks',
			'themes_without_interview', 'money_warnings_open'])
			assert.equal(p[k], c[k], k);
	});

	test('only the coordinator sees the checklist and publishes', async () => {
		for (const who of ['member', 'expert', 'dossierHolder', 'reader']) {
			assert.equal((await as[who].get('/periods/3/publish')).status, 403, who);
			assert.equal((await as[who].post('/periods/3/publish', { confirm: '1' })).status, 403, who);
		}
		const pub = await as.public.get('/periods/3/publish');
		assert.equal(pub.status, 303);
		assert.equal(state(srv), 'open');
	});

	test('without the confirmation the POST changes nothing and says what to do', async () => {
		const [p0, f0] = [publishes(srv), frozen(srv)];
		const r = await as.coordinator.post('/periods/3/publish', {});
		assert.equal(r.status, 422);
		assert.match(textOf(r.body), /Er ontbreekt nog iets\. Daarom is de periode niet gepubliceerd\. Vul eerst aan wat ontbreekt\. Of kruis "Ik heb gezien wat ontbreekt en publiceer toch" aan en publiceer opnieuw\./);
		assert.match(r.body, /<a href="#f-confirm">/, 'the error summary leads to the checkbox');
		assert.match(r.body, /id="f-confirm" name="confirm" value="1" aria-invalid="true"/);
		const j = await as.coordinator.postJson('/api/v1/periods/3/publish?lang=en', {});
		assert.equal(j.status, 422);
		assert.match(j.json.errors.confirm, /^Something is still missing, so the period was not published\./);
		assert.equal(state(srv), 'open');
		assert.equal(publishes(srv), p0);
		assert.equal(frozen(srv), f0);
	});

	test('with the confirmation the period is published', async () => {
		const r = await as.coordinator.post('/periods/3/publish?lang=nl', { confirm: '1' });
		assert.equal(r.status, 303, r.body.slice(0, 400));
		assert.equal(r.location, '/periods/3');
		assert.equal(state(srv), 'published');
		assert.ok(frozen(srv) > 0, 'its reports are frozen');
		const again = await as.coordinator.get('/periods/3/publish');
		assert.match(textOf(again.body), /al gepubliceerd/);
		assert.doesNotMatch(again.body, /name="confirm"/);
	});
});

describe('nothing missing', () => {
	let srv, as;
	before(async () => { ({ srv, as } = await startDemoSignedIn()); });
	after(async () => {
		if (!srv) return;
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	});

	test('when everything is there the checklist says so and one click publishes', async () => {
		// Every action point that waits gets an update with an assessment, every theme an interview.
		sqlWrite(srv.db, `INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, expert_assessment, created_at)
			SELECT a.id, 3, 'in_uitvoering', 'groen', 'Klaar voor de rapportage.', 'Goed.', '2024-06-01T10:00:00Z'
			FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id
			WHERE c.status NOT IN ('afgerond', 'vervallen')
			AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = 3)`);
		sqlWrite(srv.db, "UPDATE progress_update SET expert_assessment = 'Gezien.' WHERE period_id = 3 AND expert_assessment = ''");
		sqlWrite(srv.db, `INSERT INTO interview (programme_id, theme_id, period_id, held_on, created_at)
			SELECT 1, t.id, 3, '2024-06-01', '2024-06-01T10:00:00Z' FROM theme t
			WHERE NOT EXISTS (SELECT 1 FROM interview i WHERE i.theme_id = t.id AND i.period_id = 3)`);
		for (const kind of ['highlight', 'outlook'])
			assert.equal((await as.coordinator.postJson('/api/v1/periods/3/narratives', { kind, title: 'Tekst', body_md: 'Een tekst.' })).status, 201);
		const warnings = (await as.coordinator.get('/api/v1/funds')).json.warnings.filter((w) => w.explanation === null);
		for (const w of warnings)
			assert.equal((await as.coordinator.postJson(`/api/v1/funds/warnings/${w.kind}/${w.subject_id}`, { explanation: 'Bekend en besproken.' })).status, 200, w.kind);
		const c = (await as.coordinator.get('/api/v1/periods/3/publish')).json.checklist;
		assert.equal(c.has_missing, false, JSON.stringify(c.lines));
		const page = await as.coordinator.get('/periods/3/publish');
		assert.match(textOf(page.body), /Er ontbreekt niets\. U kunt publiceren\./);
		assert.doesNotMatch(page.body, /name="confirm"/);
		const r = await as.coordinator.post('/periods/3/publish', {});
		assert.equal(r.status, 303, r.body.slice(0, 400));
		assert.equal(state(srv), 'published');
	});
});
