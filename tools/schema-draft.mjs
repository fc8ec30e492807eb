#!/usr/bin/env node
// A first draft of a route's JSON Schema (src/pages/schemas/) from real answers.
// Run the contract test with LIA_CONTRACT_DUMP=FILE first: it requests every
// JSON route as the public and as every demo role and writes the answers to
// FILE. Then:
//
//   node tools/schema-draft.mjs FILE 'GET /themes/{id}' > src/pages/schemas/theme.json
//
// The draft is strict (every key seen is declared, keys seen in every answer
// are required, additionalProperties is false, a value seen as null is
// ["type", "null"]), but only as good as the answers: make it right by hand
// (keys that are only sometimes there, arrays that were always empty, shared
// pieces from common.json), name it in the route table, add it to
// src/pages/schemas/meson.build, and set "x-lia-template" to the template of
// a GET page so strict templates know its optional keys.
import fs from 'node:fs';

const [file, route] = process.argv.slice(2);
if (!file || !route) {
	console.error("usage: node tools/schema-draft.mjs DUMP 'METHOD /path/{id}'");
	process.exit(2);
}
const answers = (JSON.parse(fs.readFileSync(file, 'utf8'))[route] ?? []).filter((a) => a.status < 300).map((a) => a.json);
if (!answers.length) {
	console.error(`no successful answers for ${route} in ${file}`);
	process.exit(1);
}

const typeOf = (v) => v === null ? 'null' : Array.isArray(v) ? 'array'
	: typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
const ORDER = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

function infer(values) {
	const types = new Set(values.map(typeOf));
	if (types.has('number')) types.delete('integer');
	const t = [...types].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
	const s = { type: t.length === 1 ? t[0] : t };
	const objects = values.filter((v) => typeOf(v) === 'object');
	if (objects.length) {
		const keys = [...new Set(objects.flatMap(Object.keys))];
		s.properties = Object.fromEntries(keys.map((k) => [k, infer(objects.filter((o) => k in o).map((o) => o[k]))]));
		const required = keys.filter((k) => objects.every((o) => k in o));
		if (required.length) s.required = required;
		s.additionalProperties = false;
	}
	const items = values.filter(Array.isArray).flat();
	if (items.length) s.items = infer(items);
	// Seen only as null: most likely a string that was empty in the demo.
	if (s.type === 'null') s.type = ['string', 'null'];
	return s;
}

const name = route.split(' ')[1].split('/').filter((p) => p && !p.startsWith('{')).join('_') || 'dashboard';
process.stdout.write(JSON.stringify({
	$schema: 'https://json-schema.org/draft/2020-12/schema',
	$id: `${name}.json`,
	title: route,
	...infer(answers),
}, null, 1) + '\n');
