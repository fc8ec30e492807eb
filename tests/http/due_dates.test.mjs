// HTTP tests of due dates per reporting period (issue 11, migration 0012):
// the coordinator sets by when the progress updates and the assessments of
// a period are due, on the new-period form and at /periods/{id}/edit; wrong
// dates are refused with a message that says what to fix, and nothing
// changes; the dates show on the period page, the action point page (signed
// in), and the update and assessment forms. An action point past its own
// due date and not completed is flagged in a newly made report; a frozen
// report does not change. The demo's open period 3 runs 2024-01-01 to
// 2024-12-31 with updates due 2024-11-29 and assessments 2024-12-13.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/due_dates.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { sqlValue, sqlWrite } from '../lib/db.mjs';
import { textOf } from '../lib/http.mjs';
import { exitReport } from '../lib/server.mjs';

let srv, as;
before(async () => {
	({ srv, as } = await startDemoSignedIn());
});
after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

const value = (q) => sqlValue(srv.db, q);
const due = (id) => value(`SELECT coalesce(updates_due_on, '-') || ' ' || coalesce(assessments_due_on, '-') FROM reporting_period WHERE id = ${id}`);
const audits = () => value("SELECT count(*) FROM audit_entry WHERE entity = 'reporting_period'");

test('the period page shows the due dates; only the coordinator gets the link to change them', async () => {
	const c = await as.coordinator.get('/periods/3');
	assert.equal(c.status, 200);
	const text = textOf(c.body);
	assert.match(text, /Voortgang uiterlijk klaar op\s*29 november 2024/);
	assert.match(text, /Beoordelingen uiterlijk klaar op\s*13 december 2024/);
	assert.match(c.body, /href="\/periods\/3\/edit">Uiterste data wijzigen</);
	const m = await as.member.get('/periods/3');
	assert.doesNotMatch(m.body, /\/periods\/3\/edit/);
	const j = await as.coordinator.get('/api/v1/periods/3');
	assert.equal(j.json.updates_due_on, '2024-11-29');
	assert.equal(j.json.assessments_due_on, '2024-12-13');
	const p2 = await as.public.get('/api/v1/periods/2');
	assert.equal(p2.json.updates_due_on, null, 'a period from before 0012 has none');
});

test('the due-date form is the coordinator\'s only', async () => {
	assert.equal((await as.coordinator.get('/periods/3/edit')).status, 200);
	for (const who of ['member', 'expert', 'dossierHolder', 'reader']) {
		assert.equal((await as[who].get('/periods/3/edit')).status, 403, who);
		assert.equal((await as[who].post('/periods/3/edit', { updates_due_on: '2024-06-01' })).status, 403, who);
	}
	const pub = await as.public.get('/periods/3/edit');
	assert.ok([303, 401].includes(pub.status), `public: ${pub.status}`);
	assert.equal(due(3), '2024-11-29 2024-12-13');
});

test('wrong due dates are refused with what to fix, and nothing changes', async () => {
	const a0 = audits();
	const before = await as.coordinator.post('/periods/3/edit', { updates_due_on: '2023-12-31', assessments_due_on: '2024-12-13' });
	assert.equal(before.status, 422);
	assert.match(textOf(before.body), /De voortgang moet dan klaar zijn voordat de periode begint\. Kies een dag op of na de eerste dag van de periode\./);
	assert.match(before.body, /name="updates_due_on" value="2023-12-31"/, 'input kept');
	const order = await as.coordinator.postJson('/api/v1/periods/3/edit?lang=en', { updates_due_on: '2024-12-01', assessments_due_on: '2024-11-30' });
	assert.equal(order.status, 422);
	assert.match(order.json.errors.assessments_due_on, /^The assessments are due before the updates\. Choose a day for the assessments on or after the day the updates are due\.$/);
	const bad = await as.coordinator.post('/periods/3/edit', { updates_due_on: '30-11-2024' });
	assert.equal(bad.status, 422);
	assert.equal(due(3), '2024-11-29 2024-12-13');
	assert.equal(audits(), a0);
});

test('the coordinator changes the due dates; audited; a date after the period is fine', async () => {
	const a0 = audits();
	const r = await as.coordinator.post('/periods/3/edit', { updates_due_on: '2024-12-20', assessments_due_on: '2025-01-10' });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	assert.equal(r.location, '/periods/3');
	assert.equal(due(3), '2024-12-20 2025-01-10');
	assert.equal(audits(), a0 + 1);
	assert.equal(value("SELECT count(*) FROM audit_entry WHERE entity = 'reporting_period' AND action = 'update' AND after_json LIKE '%2025-01-10%'"), 1);
	const j = await as.coordinator.postJson('/api/v1/periods/3/edit', { updates_due_on: '2024-11-29', assessments_due_on: '2024-12-13' });
	assert.equal(j.status, 200);
	assert.equal(j.json.updates_due_on, '2024-11-29');
});

test('a published period\'s due dates do not change (409)', async () => {
	const r = await as.coordinator.get('/periods/2/edit');
	assert.equal(r.status, 409);
	const p = await as.coordinator.post('/periods/2/edit?lang=nl', { updates_due_on: '2023-12-01' });
	assert.equal(p.status, 409);
	assert.match(textOf(p.body), /Deze periode is gepubliceerd\. De uiterste data kunnen daarom niet meer veranderen\./);
	assert.equal(due(2), '- -');
});

test('signed in, the action point page and the forms show the due dates; the public does not see them', async () => {
	const a = await as.dossierHolder.get('/actions/1');
	assert.match(textOf(a.body), /Voortgang uiterlijk klaar op\s*29 november 2024/);
	const pub = await as.public.get('/actions/1');
	assert.doesNotMatch(pub.body, /uiterlijk klaar op/);
	const holderAction = value('SELECT min(id) FROM action_point WHERE dossier_holder_id = 6');
	const form = await as.dossierHolder.get(`/actions/${holderAction}/updates/new`);
	assert.equal(form.status, 200);
	assert.match(textOf(form.body), /Voortgang uiterlijk klaar op: 29 november 2024/);
	const made = await as.member.postJson(`/api/v1/actions/${holderAction}/updates`, { period_id: '3', status: 'in_uitvoering',
		health: 'groen', progress_md: 'Het gaat goed.' });
	assert.equal(made.status, 201);
	const assess = await as.expert.get(`/updates/${made.json.id}/assessment`);
	assert.equal(assess.status, 200);
	assert.match(textOf(assess.body), /Beoordelingen uiterlijk klaar op: 13 december 2024/);
});

test('a new period takes its due dates; wrong ones are refused', async () => {
	const n0 = value('SELECT count(*) FROM reporting_period');
	const bad = await as.coordinator.postJson('/api/v1/periods?lang=nl', { name: 'P4', starts_on: '2025-01-01', ends_on: '2025-06-30',
		updates_due_on: '2025-06-01', assessments_due_on: '2025-05-01' });
	assert.equal(bad.status, 422);
	assert.match(bad.json.errors.assessments_due_on, /^De beoordelingen moeten dan eerder klaar zijn dan de voortgang/);
	assert.equal(value('SELECT count(*) FROM reporting_period'), n0);
	const form = await as.coordinator.get('/periods/new');
	assert.match(form.body, /name="updates_due_on"/);
	assert.match(form.body, /name="assessments_due_on"/);
});

test('a new report flags an action point past its due date; a frozen report stays as it was', async () => {
	const frozen = await as.public.get('/reports/2/report-nl.md');
	assert.equal(frozen.status, 200);
	// Action point 1 is in progress; its own due date now lies inside period 3.
	sqlWrite(srv.db, "UPDATE action_point SET due_on = '2024-06-30' WHERE id = 1");
	const r = await as.coordinator.get('/reports/3/report-nl.md');
	assert.equal(r.status, 200);
	assert.match(r.body, /\*\*Te laat\*\*: de einddatum was 30 juni 2024 en het is nog niet klaar\./);
	const csv = await as.coordinator.get('/reports/3/report-nl.csv');
	const head = csv.body.split('\n')[0];
	assert.match(head, /;"Te laat";"Bijgewerkt in deze periode"\r$/);
	const row1 = csv.body.split('\n').find((l) => l.includes('WRK-01'));
	assert.match(row1, /;"ja";"(ja|nee)"\r$/, 'WRK-01 is overdue in the CSV');
	const en = await as.coordinator.get('/reports/3/report-en.json');
	const one = en.json.actions.find((x) => x.id === 1);
	assert.equal(one.is_overdue, true);
	const onTime = en.json.actions.filter((x) => !x.due_on || x.due_on >= '2024-12-31');
	assert.ok(onTime.length > 0 && onTime.every((x) => x.is_overdue === false), 'not due before the period ends: not overdue');
	const done = en.json.actions.filter((x) => ['afgerond', 'vervallen', 'doorlopend'].includes(x.status));
	assert.ok(done.length > 0 && done.every((x) => x.is_overdue === false), 'finished work is never overdue');
	const again = await as.public.get('/reports/2/report-nl.md');
	assert.equal(again.body, frozen.body, 'the frozen report of period 2 is byte for byte the same');
});
