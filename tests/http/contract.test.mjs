// The data contract: every route that answers JSON declares the JSON Schema
// (2020-12) of its answer in the route table (src/pages/schemas/), and every
// answer keeps to it. Each JSON route is requested as the public and as every
// demo role; a 2xx answer must validate against the route's schema and an
// error against problem.json (application/problem+json). POST routes get an
// empty JSON body: they answer with problem details (refused, or which fields
// are missing). A key a page sends that its schema does not declare, a
// missing required key, or a wrong type fails here.
//
// LIA_CONTRACT_DUMP=FILE also writes every answer to FILE (for drafting schemas).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startDemo, exitReport } from '../lib/server.mjs';
import { agent, signIn, DEMO } from '../lib/auth.mjs';
import { liaRoutes, contractAjv, demoIds, examplePaths, showErrors } from '../lib/contract.mjs';

const ROLES = ['public', 'coordinator', 'member', 'expert', 'dossierHolder', 'reader'];
let srv, ajv, routes, ids;
const agents = {};
const dump = {};

before(async () => {
	srv = await startDemo();
	ajv = contractAjv();
	routes = liaRoutes().filter((r) => r.flags.includes('json'));
	agents.public = agent(srv.url.replace(/\/$/, ''));
	for (const role of ROLES.slice(1)) agents[role] = await signIn(srv.url.replace(/\/$/, ''), DEMO[role]);
	const json = { headers: { accept: 'application/json' } };
	ids = await demoIds((p) => agents.coordinator.get('/api/v1' + p, json),
		(p, body) => agents.coordinator.postJson('/api/v1' + p, body));
});

after(async () => {
	if (process.env.LIA_CONTRACT_DUMP) fs.writeFileSync(process.env.LIA_CONTRACT_DUMP, JSON.stringify(dump, null, 1));
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

/** Checks one answer of route rt to path; returns its status. */
function check(rt, role, path, res) {
	const key = `${rt.method} ${rt.path}`;
	(dump[key] ??= []).push({ role, path, status: res.status, json: res.json });
	const where = `${rt.method} /api/v1${path} as ${role}: ${res.status}`;
	const ctype = res.headers.get('content-type') ?? '';
	if (res.status >= 400) {
		assert.match(ctype, /^application\/problem\+json/, where);
		const v = ajv.getSchema('problem.json');
		assert.ok(v(res.json), `${where}: the problem details break problem.json\n${showErrors(v.errors)}\n${res.body.slice(0, 400)}`);
		return res.status;
	}
	assert.ok(res.status === 200 || res.status === 201, `${where}: unexpected status\n${res.body.slice(0, 400)}`);
	assert.match(ctype, /^application\/json/, where);
	if (process.env.LIA_CONTRACT_DUMP) return res.status;
	assert.ok(rt.schema, `${key} answers JSON but declares no schema in the route table`);
	const v = ajv.getSchema(rt.schema);
	assert.ok(v, `${key}: schema ${rt.schema} is not in src/pages/schemas/`);
	assert.ok(v(res.json), `${where}: the answer breaks ${rt.schema}\n${showErrors(v.errors)}`);
	return res.status;
}

test('every JSON route declares a schema that exists', () => {
	const missing = routes.filter((r) => !r.schema || !ajv.getSchema(r.schema)).map((r) => `${r.method} ${r.path} (${r.schema})`);
	assert.deepEqual(missing, []);
});

test('every GET answer as every role keeps to its schema', async () => {
	const okSomewhere = new Set();
	for (const rt of routes.filter((r) => r.method === 'GET')) {
		const paths = examplePaths(rt.path, ids);
		assert.ok(paths.length, `no example path for ${rt.path}: add one in tests/lib/contract.mjs`);
		for (const p of paths)
			for (const role of ROLES) {
				const res = await agents[role].get('/api/v1' + p, { headers: { accept: 'application/json' } });
				if (check(rt, role, p, res) < 300) okSomewhere.add(rt.path);
			}
	}
	// Every GET route answered someone with data (else its schema was never tried).
	const never = routes.filter((r) => r.method === 'GET' && !okSomewhere.has(r.path) &&
		r.path !== '/funds/import/{id}').map((r) => r.path);
	assert.deepEqual(never, []);
});

test('every POST answer to an empty body keeps to problem.json', async () => {
	for (const rt of routes.filter((r) => r.method === 'POST' && r.path !== '/sign-out')) {
		const paths = examplePaths(rt.path, ids);
		assert.ok(paths.length, `no example path for ${rt.path}: add one in tests/lib/contract.mjs`);
		for (const role of ROLES) {
			if (role === 'coordinator' && rt.path === '/periods/{id}/publish') continue; // would publish
			const res = await agents[role].postJson('/api/v1' + paths[0], {});
			check(rt, role, paths[0], res);
		}
	}
});
