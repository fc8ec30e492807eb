// HTTP tests of opening a reporting period (issue 13): periods follow each
// other in time, so the coordinator cannot open one that overlaps another
// (published or open) or one that goes back in time (starts before the
// latest period ends). The form says which period is in the way and keeps
// the input; nothing is stored or audited. The demo has periods 1
// (2021-07-08 to 2021-12-21), 2 (2022-01-01 to 2023-12-31) and 3
// (2024-01-01 to 2024-12-31, open).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/periods_order.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { sqlValue } from '../lib/db.mjs';
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

const count = (q) => sqlValue(srv.db, q);
const periods = () => count('SELECT count(*) FROM reporting_period');
const audits = () => count("SELECT count(*) FROM audit_entry WHERE entity = 'reporting_period'");

test('a period that overlaps a published or open one is refused with its name and dates', async () => {
	const [p0, a0] = [periods(), audits()];
	const r = await as.coordinator.post('/periods', { name: 'Overlap', starts_on: '2023-06-01', ends_on: '2023-12-31' });
	assert.equal(r.status, 422);
	assert.match(r.body, /overlappen met de periode &quot;2e voortgangsrapportage 2023&quot;, die loopt van 2022-01-01 tot en met 2023-12-31/);
	assert.match(r.body, /id="f-starts_on" name="starts_on" value="2023-06-01"/, 'input kept');
	const open = await as.coordinator.postJson('/api/v1/periods?lang=en', { name: 'Overlap', starts_on: '2024-12-01', ends_on: '2025-03-31' });
	assert.equal(open.status, 422);
	assert.match(open.json.errors.starts_on, /overlap with the period "3e voortgangsrapportage 2024", which runs from 2024-01-01 to 2024-12-31/);
	assert.equal(periods(), p0);
	assert.equal(audits(), a0);
});

test('a period that goes back in time (into a gap before the latest period) is refused', async () => {
	const [p0, a0] = [periods(), audits()];
	const r = await as.coordinator.postJson('/api/v1/periods?lang=nl', { name: 'Terug', starts_on: '2021-12-25', ends_on: '2021-12-30' });
	assert.equal(r.status, 422);
	assert.match(r.json.errors.starts_on, /^Een nieuwe periode begint na de laatste\. De periode "3e voortgangsrapportage 2024" eindigt op 2024-12-31/);
	assert.equal(periods(), p0);
	assert.equal(audits(), a0);
});

test('the next period after the latest is opened; one after it may not start inside it', async () => {
	const ok = await as.coordinator.post('/periods', { name: 'Volgende', starts_on: '2025-01-01', ends_on: '2025-12-31' });
	assert.equal(ok.status, 303, ok.body.slice(0, 300));
	const again = await as.coordinator.post('/periods', { name: 'Nog een', starts_on: '2025-12-31', ends_on: '2026-06-30' });
	assert.equal(again.status, 422);
	assert.match(again.body, /Volgende/);
	const next = await as.coordinator.post('/periods', { name: 'Nog een', starts_on: '2026-01-01', ends_on: '2026-06-30' });
	assert.equal(next.status, 303);
});
