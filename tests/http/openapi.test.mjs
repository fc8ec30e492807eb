// The API described as OpenAPI 3.1 (GET /api/v1/openapi.json, src/pages/openapi.c):
// the document is valid OpenAPI 3.1 (checked with @seriousme/openapi-schema-validator),
// it has exactly the routes of the binary's route table that answer JSON
// (`lia routes`), each with the permission, security, path parameters and
// answer schema the table says, and its schemas validate real answers
// (references between schema files resolved inside the document).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startDemo, exitReport } from '../lib/server.mjs';
import { liaRoutes, showErrors } from '../lib/contract.mjs';

let srv, doc, routes;

before(async () => {
	srv = await startDemo();
	const r = await fetch(srv.url + 'api/v1/openapi.json');
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^application\/json/);
	doc = await r.json();
	routes = liaRoutes().filter((x) => x.flags.includes('json'));
});

after(async () => {
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

test('the document is valid OpenAPI 3.1', async () => {
	assert.equal(doc.openapi, '3.1.0');
	const v = new Validator();
	const res = await v.validate(structuredClone(doc));
	assert.ok(res.valid, JSON.stringify(res.errors, null, 1)?.slice(0, 3000));
	assert.equal(v.version, '3.1');
	// every reference resolves inside the document
	assert.doesNotThrow(() => v.resolveRefs());
	// and the validator does refuse a broken document
	const broken = structuredClone(doc);
	broken.paths['/themes'].get.responses = { '2XX': { content: 'none' } };
	assert.equal((await new Validator().validate(broken)).valid, false);
});

test('public, also without Accept: application/json, and the same under its page path', async () => {
	const r = await fetch(srv.url + 'openapi.json');
	assert.equal(r.status, 200);
	assert.deepEqual(await r.json(), doc);
});

test('exactly the JSON routes of the route table, under /api/v1', () => {
	assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
	const inDoc = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`)).sort();
	const inTable = routes.map((r) => `${r.method} ${r.path}`).sort();
	assert.deepEqual(inDoc, inTable);
	assert.ok(inTable.length > 80, 'the table has all of lia');
	assert.ok(inDoc.includes('GET /openapi.json'));
	assert.ok(!inDoc.some((k) => k.includes('/static/')), 'raw files are not API');
});

test('each operation says who may call it, its parameters, its answer and its errors', () => {
	const ids = new Set();
	for (const rt of routes) {
		const op = doc.paths[rt.path][rt.method.toLowerCase()];
		const where = `${rt.method} ${rt.path}`;
		assert.ok(!ids.has(op.operationId), `${where}: operationId ${op.operationId} is unique`);
		ids.add(op.operationId);
		assert.equal(op['x-lia-permission'], rt.permission, where);
		assert.ok(op.description.length > 10, where);
		const needsToken = rt.permission !== 'public';
		assert.deepEqual(op.security, needsToken ? [{ bearer: [] }] : [{}, { bearer: [] }], where);
		const captures = [...rt.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
		assert.deepEqual(op.parameters.map((p) => [p.name, p.in, p.required]), captures.map((c) => [c, 'path', true]), where);
		const ok = op.responses['2XX'].content['application/json'].schema;
		assert.equal(ok.$ref, `#/components/schemas/${rt.schema.replace(/\.json$/, '')}`, where);
		assert.ok(doc.components.schemas[rt.schema.replace(/\.json$/, '')], `${where}: its schema is in components`);
		assert.equal(op.responses['4XX'].$ref, '#/components/responses/problem', where);
		if (rt.method === 'POST') {
			const body = op.requestBody.content;
			const type = rt.flags.includes('upload') ? 'multipart/form-data' : 'application/json';
			assert.equal(body[type].schema.type, 'object', where);
			const form = op.requestBody['x-lia-form'];
			if (form) assert.ok(doc.paths[form]?.get, `${where}: its form ${form} is a GET in the document`);
		} else {
			assert.equal(op.requestBody, undefined, where);
		}
	}
	// the form a POST takes is described by the GET of its form page
	assert.equal(doc.paths['/actions'].post.requestBody['x-lia-form'], '/actions/new');
	assert.equal(doc.paths['/actions/{id}'].post.requestBody['x-lia-form'], '/actions/{id}/edit');
	assert.equal(doc.paths['/updates/{id}/assessment'].post.requestBody['x-lia-form'], '/updates/{id}/assessment');
	assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
	assert.equal(doc.components.responses.problem.content['application/problem+json'].schema.$ref, '#/components/schemas/problem');
});

test('the schemas in the document validate real answers', async () => {
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	addFormats(ajv);
	ajv.addSchema({ $id: 'openapi', components: doc.components });
	const check = async (path, schema, status = 200) => {
		const r = await fetch(srv.url + 'api/v1' + path);
		assert.equal(r.status, status, path);
		const v = ajv.compile({ $ref: `openapi#/components/schemas/${schema}` });
		assert.ok(v(await r.json()), `${path}: ${showErrors(v.errors)}`);
	};
	await check('/themes', 'themes');
	await check('/actions/1', 'action');
	await check('/funds', 'funds');
	await check('/sign-in', 'sign_in_form'); // uses common.json's form
	await check('/themes/999999', 'problem', 404);
	// and they are strict: an answer with a key too many fails
	const v = ajv.compile({ $ref: 'openapi#/components/schemas/themes' });
	assert.equal(v({ items: [], count: 0, surprise: 1 }), false);
});
