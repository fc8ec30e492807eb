// The public pages name a person only when that person agreed to be named
// (person.named_in_publications, set by the coordinator), as the published
// reports do; a visitor sees "(name not published)" in their place, the JSON
// an empty name. Signed-in users see every name. Checked on every public
// page that names people, in HTML and JSON, both languages, and again after
// the coordinator records the consent (the cache of ready bytes must not
// keep the old page).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/public_names.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startDemo, exitReport } from '../lib/server.mjs';
import { sql } from '../lib/db.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';

test('public pages name only the people who agreed; signed-in users see everyone', async (t) => {
	const srv = await startDemo();
	t.after(async () => {
		const r = await srv.cleanup();
		assert.equal(r.code, 0, exitReport(r));
	});
	const base = srv.url.replace(/\/$/, '');
	// Everyone the public pages could name: the project group, the people
	// of interviews in published periods, the dossier holders.
	const people = sql(srv.db, `SELECT DISTINCT p.id, p.name, p.job_title FROM person p
		WHERE p.named_in_publications = 0 AND (p.id IN (SELECT person_id FROM project_member)
		OR p.id IN (SELECT ip.person_id FROM interview_participant ip JOIN interview i ON i.id = ip.interview_id
		            JOIN reporting_period r ON r.id = i.period_id WHERE r.state = 'published')
		OR p.id IN (SELECT dossier_holder_id FROM action_point WHERE dossier_holder_id IS NOT NULL)) ORDER BY p.id`);
	assert.ok(people.length >= 5, `the demo has people to hide: ${people.length}`);
	const interview = sql(srv.db, `SELECT i.id FROM interview i JOIN reporting_period r ON r.id = i.period_id
		WHERE r.state = 'published' ORDER BY i.id LIMIT 1`)[0].id;
	const theme = sql(srv.db, 'SELECT theme_id FROM action_point WHERE dossier_holder_id IS NOT NULL ORDER BY id LIMIT 1')[0].theme_id;
	// An action point with a dossier holder and a published update with an author and an expert.
	const action = sql(srv.db, `SELECT a.id FROM action_point a JOIN progress_update u ON u.action_point_id = a.id
		JOIN reporting_period r ON r.id = u.period_id WHERE r.state = 'published' AND a.dossier_holder_id IS NOT NULL
		AND u.author_id IS NOT NULL AND u.expert_id IS NOT NULL ORDER BY a.id LIMIT 1`)[0].id;
	const pages = ['/organisation', '/interviews', `/interviews/${interview}`, `/themes/${theme}`, '/actions',
		`/actions/${action}`, '/actions/export.csv', '/search?q=toegankelijk'];

	const read = async (path, lang, json) => {
		const res = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`,
			{ headers: json ? { accept: 'application/json' } : {} });
		assert.equal(res.status, 200, `${path} ${lang}`);
		return res.text();
	};
	const publicText = async () => {
		const all = [];
		for (const path of pages)
			for (const lang of ['nl', 'en'])
				for (const json of path.endsWith('.csv') ? [false] : [false, true])
					all.push({ where: `${path} ${lang} ${json ? 'json' : 'html'}`, body: await read(path, lang, json) });
		return all;
	};

	let seen = await publicText();
	for (const p of people)
		for (const { where, body } of seen)
			assert.ok(!body.includes(p.name), `${p.name} did not agree but is named on ${where}`);
	const org = seen.find((s) => s.where === '/organisation nl html').body;
	assert.match(org, /\(naam niet gepubliceerd\)/);
	assert.match(seen.find((s) => s.where === '/organisation en html').body, /\(name not published\)/);
	const orgJson = JSON.parse(seen.find((s) => s.where === '/organisation nl json').body);
	const hidden = orgJson.project_group.filter((m) => m.name === '');
	assert.ok(hidden.length > 0, 'JSON: an empty name');
	assert.ok(hidden.every((m) => m.job_title === ''), 'JSON: no job title of someone not named');
	assert.match(seen.find((s) => s.where === `/interviews/${interview} nl html`).body, /\(naam niet gepubliceerd\)/);
	assert.match(seen.find((s) => s.where === `/themes/${theme} nl html`).body, /\(naam niet gepubliceerd\)/);
	assert.match(seen.find((s) => s.where === '/actions en html').body, /\(name not published\)/);
	const detail = seen.find((s) => s.where === `/actions/${action} nl html`).body;
	assert.match(detail, /Geschreven door: \(naam niet gepubliceerd\)|\(naam niet gepubliceerd\)/);
	// The filter offers no unnamed dossier holder by name.
	assert.doesNotMatch(seen.find((s) => s.where === '/actions nl html').body, /<option value="\d+"[^>]*>\s*<\/option>/);

	// Signed in, every name is there.
	const reader = await signIn(base, DEMO.reader);
	const inside = (await reader.get('/organisation')).body;
	const members = sql(srv.db, 'SELECT p.name FROM person p JOIN project_member m ON m.person_id = p.id');
	for (const m of members)
		assert.ok(inside.includes(m.name), `${m.name} is on /organisation for a signed-in reader`);
	assert.doesNotMatch(inside, /naam niet gepubliceerd/);

	// One member agrees: the next public page names them, and only them.
	const member = sql(srv.db, `SELECT p.id, p.name FROM person p JOIN project_member m ON m.person_id = p.id
		WHERE p.named_in_publications = 0 ORDER BY p.id LIMIT 1`)[0];
	const coord = await signIn(base, DEMO.coordinator);
	assert.equal((await coord.post(`/people/${member.id}/named`, { named_in_publications: '1' })).status, 303);
	seen = await publicText();
	assert.ok(seen.find((s) => s.where === '/organisation nl html').body.includes(member.name),
		`${member.name} agreed and is named at once`);
	for (const p of people.filter((x) => x.id !== member.id))
		for (const { where, body } of seen)
			assert.ok(!body.includes(p.name), `${p.name} is still not named on ${where}`);
});
