// The data contract from the tests' side: the route table as the binary
// knows it (`lia routes`), the JSON Schemas of src/pages/schemas/ in an ajv
// (JSON Schema 2020-12) instance, and concrete example paths for every route
// pattern of the demo programme, so a test can request every JSON route.
//
//   const routes = liaRoutes();                       // [{method, path, permission, flags, schema}]
//   const ajv = contractAjv();                        // every schema added under its file name
//   const v = ajv.getSchema('theme.json');            // a compiled validator
//   const paths = examplePaths(route.path, ids);      // ['/themes/1', ...]
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runLia } from './server.mjs';
import { DEMO_PASSWORD } from './auth.mjs';

export const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../src/pages/schemas');

/** The route table of the binary under test. */
export function liaRoutes() {
	const r = runLia(['routes']);
	if (r.code !== 0) throw new Error(`lia routes failed: ${r.stderr}`);
	return JSON.parse(r.stdout);
}

/** Every schema file, {name: schema}. */
export function schemaFiles() {
	const out = {};
	for (const f of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json')).sort())
		out[f] = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
	return out;
}

/** An ajv (2020-12, strict, all errors) that knows every schema by its file name. */
export function contractAjv() {
	const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
	addFormats(ajv);
	ajv.addKeyword({ keyword: 'x-lia-template', schemaType: 'string' });
	for (const [name, schema] of Object.entries(schemaFiles())) ajv.addSchema(schema, name);
	return ajv;
}

/** ajv's errors as lines a person can read. */
export function showErrors(errors) {
	return (errors ?? []).slice(0, 12).map((e) => `  ${e.instancePath || '/'} ${e.message}` +
		(e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '')).join('\n');
}

/**
 * The ids of the demo that example paths use, found through the API where
 * that is cheap and known from the demo data otherwise. get(path) and
 * post(path, object) (JSON) must answer {status, json} for a signed-in
 * coordinator. Adds what the demo lacks for a form to be shown: a narrative
 * and a progress update without the expert's assessment in the open period.
 */
export async function demoIds(get, post) {
	const periods = (await get('/periods')).json.items;
	const open = periods.find((p) => p.state === 'open');
	const published = periods.find((p) => p.state === 'published');
	const action = (await get('/actions/1')).json;
	const funds = (await get('/funds')).json;
	const org = (await get('/organisation')).json;
	const made = await post(`/periods/${open.id}/narratives`, { kind: 'highlight', title: 'Contract', body_md: 'Een tekst.' });
	if (made.status !== 201) throw new Error(`making a narrative failed: ${made.status} ${JSON.stringify(made.json)}`);
	const update = await post(`/actions/${action.id}/updates`, { period_id: String(open.id), status: 'in_uitvoering',
		health: 'groen', progress_md: 'Het gaat goed.', holder_assessment: 'Goed.' });
	if (update.status !== 201) throw new Error(`making an update failed: ${update.status} ${JSON.stringify(update.json)}`);
	const interview = (await get('/interviews')).json.items.find((i) => i.period_id === open.id);
	const token = await post('/account/tokens', { name: 'contract', days: '30', token_password: DEMO_PASSWORD });
	if (token.status !== 201) throw new Error(`making a token failed: ${token.status} ${JSON.stringify(token.json)}`);
	return {
		open: open.id,
		published: published.id,
		update: update.json.id,
		narrative: made.json.id,
		interview: interview?.id ?? 1,
		warnings: funds.warnings.map((w) => [w.kind, w.subject_id]),
		organisation: org.organisations[0].id,
		allocation: funds.allocations?.[0]?.id ?? 1,
		moneyAction: funds.allocations.find((a) => a.action_point_id)?.action_point_id ?? 1,
	};
}

/** Concrete paths for a route pattern (at least one for every JSON route). */
export function examplePaths(pattern, ids) {
	const table = {
		'/themes/{id}': ['/themes/1'],
		'/themes/{id}/edit': ['/themes/1/edit'],
		'/actions/{id}': ['/actions/1', '/actions/2', `/actions/${ids.moneyAction}`],
		'/crpd/{number}': ['/crpd/27', '/crpd/1'],
		'/periods/{id}': [`/periods/${ids.published}`, `/periods/${ids.open}`],
		'/periods/{id}/report': [`/periods/${ids.published}/report`, `/periods/${ids.open}/report`],
		'/periods/{id}/quality': [`/periods/${ids.published}/quality`],
		'/reports/{id}/{file}': [`/reports/${ids.published}/report-nl.json`, `/reports/${ids.open}/report-en.json`],
		'/actions/{id}/edit': ['/actions/1/edit'],
		'/actions/{id}/withdraw': ['/actions/1/withdraw'],
		'/actions/{id}/updates/new': ['/actions/1/updates/new'],
		'/updates/{id}/assessment': [`/updates/${ids.update}/assessment`],
		// corrections (the coordinator wrote ids.update: its own text to correct)
		'/updates/{id}/correct': [`/updates/${ids.update}/correct`],
		'/updates/{id}/assessment/correct': [`/updates/${ids.update}/assessment/correct`],
		'/updates/{id}/history': [`/updates/${ids.update}/history`, `/updates/${ids.update - 1}/history`],
		'/actions/import/{id}': ['/actions/import/1'],
		'/interviews/{id}': ['/interviews/1', `/interviews/${ids.interview}`],
		'/interviews/{id}/edit': [`/interviews/${ids.interview}/edit`],
		'/people/{id}/edit': ['/people/1/edit'],
		'/people/{id}/privacy': ['/people/1/privacy', '/people/16/privacy'],
		'/organisations/{id}/edit': [`/organisations/${ids.organisation}/edit`],
		'/events/{id}/edit': ['/events/1/edit'],
		'/periods/{id}/publish': [`/periods/${ids.open}/publish`],
		'/periods/{id}/edit': [`/periods/${ids.open}/edit`],
		'/periods/{id}/narratives/new': [`/periods/${ids.open}/narratives/new`],
		'/narratives/{id}/edit': [`/narratives/${ids.narrative}/edit`],
		'/users/{id}/edit': ['/users/1/edit', '/users/5/edit'],
		'/funds/allocations/{id}': [`/funds/allocations/${ids.allocation}`],
		'/funds/export/{file}': ['years', 'themes', 'purposes', 'actions', 'sources', 'allocations', 'expenses', 'warnings']
			.map((t) => `/funds/export/${t}.json`),
		'/funds/sources/{id}/edit': ['/funds/sources/1/edit'],
		'/funds/allocations/{id}/edit': [`/funds/allocations/${ids.allocation}/edit`],
		'/funds/expenses/{id}/edit': ['/funds/expenses/1/edit'],
		'/funds/warnings/{kind}/{id}': ids.warnings.map(([k, id]) => `/funds/warnings/${k}/${id}`),
		'/funds/import/{id}': ['/funds/import/1'],
		// POST-only patterns
		'/actions/{id}/updates': ['/actions/1/updates'],
		'/people/{id}': ['/people/1'],
		'/people/{id}/named': ['/people/1/named'],
		'/interviews/{id}/grants': ['/interviews/1/grants'],
		'/interviews/{id}/grants/{user}/revoke': ['/interviews/1/grants/5/revoke'],
		'/people/{id}/erase': ['/people/1/erase'],
		'/organisations/{id}': [`/organisations/${ids.organisation}`],
		'/events/{id}': ['/events/1'],
		'/periods/{id}/narratives': [`/periods/${ids.open}/narratives`],
		'/narratives/{id}': [`/narratives/${ids.narrative}`],
		'/users/{id}': ['/users/1'],
		// the coordinator's own: refused (409), so the matrix keeps its sessions and keys
		'/users/{id}/two-factor/reset': ['/users/1/two-factor/reset'],
		// numbers that are nobody's: a POST with an empty body must not end a session or a token
		'/account/sessions/{id}/end': ['/account/sessions/999999/end'],
		'/account/tokens/{id}/revoke': ['/account/tokens/999999/revoke'],
		'/tokens/{id}/revoke': ['/tokens/1/revoke'],
		'/funds/sources/{id}': ['/funds/sources/1'],
		'/funds/expenses/{id}': ['/funds/expenses/1'],
		'/mail/{id}/retry': ['/mail/1/retry'],
		// patterns without captures that answer differently by their query
		'/actions': ['/actions', '/actions?theme=1&overdue=1', '/actions?status=in_uitvoering&health=groen&article=27',
			'/actions?holder=4', '/actions?theme=7&status=vervallen'],
		// a link that works only once is tried in tests/http/mail.test.mjs
		'/password': ['/password', `/password?token=${'A'.repeat(43)}`],
		'/search': ['/search', '/search?q=woningen', '/search?q=toegankelijk+vervoer', '/search?q=zzzzqqq'],
	};
	if (!pattern.includes('{')) return table[pattern] ?? [pattern];
	return table[pattern] ?? [];
}
