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
import { agent, signIn, DEMO, DEMO_PASSWORD } from '../lib/auth.mjs';
import { liaRoutes, contractAjv, demoIds, examplePaths, showErrors } from '../lib/contract.mjs';

const SIGNED_IN = ['coordinator', 'member', 'expert', 'dossierHolder', 'reader'];
// 'bearer': an API client with the dossier holder's personal token, no cookies
const ROLES = ['public', ...SIGNED_IN, 'bearer'];
let srv, ajv, routes, ids;
const agents = {};
const dump = {};

before(async () => {
	srv = await startDemo();
	ajv = contractAjv();
	routes = liaRoutes().filter((r) => r.flags.includes('json'));
	agents.public = agent(srv.url.replace(/\/$/, ''));
	for (const role of SIGNED_IN) agents[role] = await signIn(srv.url.replace(/\/$/, ''), DEMO[role]);
	const json = { headers: { accept: 'application/json' } };
	ids = await demoIds((p) => agents.coordinator.get('/api/v1' + p, json),
		(p, body) => agents.coordinator.postJson('/api/v1' + p, body));
	const made = await agents.dossierHolder.postJson('/api/v1/account/tokens', { name: 'contract', days: '30', can_write: '1', token_password: DEMO_PASSWORD });
	assert.equal(made.status, 201, made.body);
	const auth = { authorization: `Bearer ${made.json.token}` };
	const client = agent(srv.url.replace(/\/$/, ''));
	agents.bearer = {
		get: (p, o = {}) => client.fetch(p, { ...o, headers: { ...(o.headers ?? {}), ...auth } }),
		postJson: (p, body) => client.fetch(p, { method: 'POST', body: JSON.stringify(body),
			headers: { 'content-type': 'application/json', accept: 'application/json', ...auth } }),
	};
	const signedIn = await agents.bearer.get(`/api/v1/periods/${ids.published}/quality`); // readers and up
	assert.equal(signedIn.status, 200, 'the token signs the client in');
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
	// Not here: an uploaded import (multipart), and an expert's own assessment
	// to correct; corrections.test.mjs and import_actions.test.mjs check those.
	const never = routes.filter((r) => r.method === 'GET' && !okSomewhere.has(r.path) &&
		!['/funds/import/{id}', '/actions/import/{id}', '/updates/{id}/assessment/correct', '/password',
			'/hosting' /* a hosting administrator's only: municipalities.test.mjs */].includes(r.path)).map((r) => r.path);
	assert.deepEqual(never, []);
});

test('every POST answer to an empty body keeps to problem.json', async () => {
	// Signing out (here or everywhere) ends the session of the agent that calls it.
	for (const rt of routes.filter((r) => r.method === 'POST' && r.path !== '/sign-out' && r.path !== '/account/sign-out-everywhere')) {
		const paths = examplePaths(rt.path, ids);
		assert.ok(paths.length, `no example path for ${rt.path}: add one in tests/lib/contract.mjs`);
		for (const role of ROLES) {
			if (role === 'coordinator' && rt.path === '/periods/{id}/publish') continue; // would publish
			const res = await agents[role].postJson('/api/v1' + paths[0], {});
			check(rt, role, paths[0], res);
		}
	}
});

test('successful writes answer with the resource their schema declares', async () => {
	const route = (method, pattern) => routes.find((r) => r.method === method && r.path === pattern);
	const write = async (role, pattern, path, body, want) => {
		const rt = route('POST', pattern);
		assert.ok(rt, `no route POST ${pattern}`);
		const res = await agents[role].postJson('/api/v1' + path, body);
		assert.equal(res.status, want, `POST ${path} as ${role}: ${res.body.slice(0, 300)}`);
		check(rt, role, path, res);
		return res.json;
	};
	const upd = await write('coordinator', '/actions/{id}/updates', '/actions/2/updates', { period_id: String(ids.open),
		status: 'in_uitvoering', health: 'oranje', progress_md: 'Het gaat **iets** trager.', holder_assessment: 'Trager.',
		health_cause: 'Minder geld.', health_consequence: 'Later klaar.', health_measures: 'Meer mensen.' }, 201);
	await write('expert', '/updates/{id}/assessment', `/updates/${upd.id}/assessment`, { expert_assessment: 'Eens.' }, 200);
	const person = await write('member', '/people', '/people', { name: 'Contract Persoon', organisation_id: '3' }, 201);
	await write('member', '/people/{id}', `/people/${person.id}`, { name: 'Contract Persoon 2', organisation_id: '3' }, 200);
	await write('member', '/events', '/events', { name: 'Contractbijeenkomst', starts_on: '2024-03-01' }, 201);
	await write('member', '/organisations', '/organisations', { kind: 'partner', name: 'Contract Stichting' }, 201);
	await write('coordinator', '/funds/sources', '/funds/sources', { name: 'Contractbron', year: '2025', amount: '1000' }, 201);
	const token = await write('reader', '/account/tokens', '/account/tokens', { name: 'contract 2', days: '90', token_password: DEMO_PASSWORD }, 201);
	await write('coordinator', '/tokens/{id}/revoke', `/tokens/${token.id}/revoke`, {}, 200);
	const own = await write('reader', '/account/tokens', '/account/tokens', { name: 'contract 3', days: '365', token_password: DEMO_PASSWORD }, 201);
	await write('reader', '/account/tokens/{id}/revoke', `/account/tokens/${own.id}/revoke`, {}, 200);
	await write('reader', '/session/extend', '/session/extend', { next: '/periods' }, 200);
	await write('coordinator', '/users/{id}', '/users/5', { display_name: 'Lezer', role: 'reader', email: 'lezer@example.org' }, 200);
	await write('coordinator', '/letter', '/letter', { lang: 'nl', body_md: 'Beste raad,\n\n{{summary}}' }, 200);
	await write('member', '/narratives/{id}', `/narratives/${ids.narrative}`, { kind: 'outlook', title: 'Verder', body_md: 'Meer.' }, 200);
	const fresh = agent(srv.url.replace(/\/$/, ''));
	await fresh.get('/sign-in'); // its form carries the token a JSON sign-in sends too
	const signedIn = await fresh.postJson('/api/v1/sign-in', { email: DEMO.reader, password: 'tulp molen fiets klomp' });
	assert.equal(signedIn.status, 200, signedIn.body);
	check(route('POST', '/sign-in'), 'public', '/sign-in', signedIn);
});
