// A newly frozen report names a person only when that person agreed to be
// named in publications (person.named_in_publications, set by the
// coordinator); for everyone else it names the role. Checked in every text
// format of the frozen report (HTML, Markdown, CSV, JSON), both languages.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/privacy_report.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport, ON_PG } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';

test('publishing freezes reports that name only people who agreed to it', async (t) => {
	const srv = await startDemo();
	t.after(async () => {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	});
	const base = srv.url.replace(/\/$/, '');
	const coord = await signIn(base, DEMO.coordinator);
	const open = Number(sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq LIMIT 1"));
	// People the report of the open period would name: the project group and the interview duos.
	const people = sql(srv.db, `SELECT DISTINCT p.id, p.name FROM person p WHERE p.id IN (SELECT person_id FROM project_member)
		OR p.id IN (SELECT ip.person_id FROM interview_participant ip JOIN interview i ON i.id = ip.interview_id
		            WHERE i.period_id = ${open} AND ip.role <> 'dossier_holder') ORDER BY p.id`);
	assert.ok(people.length >= 3, 'the demo period has people to name');
	// One agrees to be named; the others did not.
	const [named, ...others] = people;
	assert.equal((await coord.post(`/people/${named.id}/named`, { named_in_publications: '1' })).status, 303);
	const pub = await coord.post(`/periods/${open}/publish`, { confirm: '1' });
	assert.equal(pub.status, 303, pub.body.slice(0, 400));
	const text = ON_PG ? "convert_from(content, 'UTF8')" : 'CAST(content AS TEXT)';
	const files = sql(srv.db, `SELECT document, lang, format, ${text} AS content FROM published_report WHERE period_id = ${open} AND format <> 'pdf'`);
	assert.ok(files.length >= 10, `frozen: ${files.length} files`);
	const report = files.filter((f) => f.document === 'report').map((f) => String(f.content)).join('\n');
	assert.ok(report.includes(named.name), `${named.name} agreed and is named`);
	for (const p of others)
		for (const f of files)
			assert.ok(!String(f.content).includes(p.name), `${p.name} did not agree but is named in ${f.document}-${f.lang}.${f.format}`);
	assert.match(report, /naam niet gepubliceerd|name not published/);
});
