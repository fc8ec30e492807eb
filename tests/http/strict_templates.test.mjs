// Strict templates: every page drawn as HTML, as the public and as every demo
// role, and every form sent back empty (so it is drawn again with its
// errors), renders under LIA_STRICT_TEMPLATES=1 (tests/lib/server.mjs): no
// template uses a name that its page's data does not carry and its schema
// does not declare. A name that resolves nowhere is a 500 with the template,
// line and name in lia's log, which this test shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, exitReport } from '../lib/server.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';
import { liaRoutes, demoIds, examplePaths } from '../lib/contract.mjs';

const ROLES = ['public', 'coordinator', 'member', 'expert', 'dossierHolder', 'reader'];
let srv, routes, ids, base;
const agents = {};

before(async () => {
	srv = await startDemo({ env: { LIA_STRICT_TEMPLATES: '1' } });
	base = srv.url.replace(/\/$/, '');
	routes = liaRoutes().filter((r) => r.flags.includes('html'));
	agents.public = agent(base);
	for (const role of ROLES.slice(1)) agents[role] = await signIn(base, DEMO[role]);
	const json = { headers: { accept: 'application/json' } };
	ids = await demoIds((p) => agents.coordinator.get('/api/v1' + p, json),
		(p, body) => agents.coordinator.postJson('/api/v1' + p, body));
});

after(async () => {
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

/** The strict-mode messages in lia's log so far. */
const strictErrors = () => srv.stderr().split('\n').filter((l) => /is not in the data/.test(l));

test('the strict flag is on: the layout renders and nothing was refused yet', async () => {
	const r = await agents.public.get('/');
	assert.equal(r.status, 200);
	assert.deepEqual(strictErrors(), []);
});

test('every page as every role renders under strict templates', async () => {
	const failed = [];
	for (const rt of routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/reports/') &&
		!r.path.startsWith('/funds/export/')))
		for (const p of examplePaths(rt.path, ids))
			for (const role of ROLES) {
				const r = await agents[role].get(p);
				if (r.status >= 500) failed.push(`GET ${p} as ${role}: ${r.status}`);
			}
	assert.deepEqual(failed, [], strictErrors().join('\n'));
	assert.deepEqual(strictErrors(), []);
});

test('every form sent back empty is drawn again under strict templates', async () => {
	const failed = [];
	for (const rt of routes.filter((r) => r.method === 'POST' && r.path !== '/sign-out' &&
		r.path !== '/periods/{id}/publish' && !r.flags.includes('upload')))
		for (const role of ['coordinator', 'expert', 'dossierHolder']) {
			const p = examplePaths(rt.path, ids)[0];
			const r = await agents[role].post(p, {});
			if (r.status >= 500) failed.push(`POST ${p} as ${role}: ${r.status}`);
		}
	assert.deepEqual(failed, [], strictErrors().join('\n'));
	assert.deepEqual(strictErrors(), []);
});
