// The permission matrix: every route of the route table (as `lia routes`
// prints it from the binary, so a new route is covered the day it is added,
// also one written by a macro such as RESOURCE_ROUTES), tried with no session
// and with each demo role. A role below the route's PERM_ level must be
// refused by the server (public: 303 to sign-in for a page, 401 otherwise;
// signed in: 403 with the generic "your account does not allow this"); a role
// at or above it must get past the server's check (a handler may still refuse
// for a finer rule, but then with its own reason). And every POST without a
// CSRF token is refused with 403, even for the coordinator.
//
// Run: LIA_BIN=/abs/path/to/lia node --test --test-concurrency=1 tests/http/permissions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, exitReport, runLia } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { agent, signIn, DEMO, DEMO_SECOND_FACTOR } from '../lib/auth.mjs';

const LEVEL = { public: 0, reader: 1, dossier_holder: 2, project_member: 3, coordinator: 4 };
const ROLES = [
	{ name: 'public', email: null, level: 0 },
	{ name: 'reader', email: DEMO.reader, level: 1 },
	{ name: 'dossier holder', email: DEMO.dossierHolder, level: 2 },
	{ name: 'member', email: DEMO.member, level: 3 },
	{ name: 'expert', email: DEMO.expert, level: 3 },
	{ name: 'coordinator', email: DEMO.coordinator, level: 4 },
];
const GENERIC_403 = 'Your account does not allow this';

/** Every route: {method, pattern, perm, level}, from `lia routes`. */
let table = null;
function parseRoutes() {
	if (!table) {
		const r = runLia(['routes']);
		assert.equal(r.code, 0, r.stderr);
		table = JSON.parse(r.stdout).map((x) => ({ method: x.method, pattern: x.path, perm: x.permission, level: LEVEL[x.permission] }));
	}
	return table.map((x) => ({ ...x }));
}

let srv, base, ids;

before(async () => {
	srv = await startDemo();
	base = srv.url.replace(/\/$/, '');
	const v = (q) => sqlValue(srv.db, q);
	// Ids that exist, so an allowed request reaches its handler; a
	// published period, so nothing is published by the matrix.
	ids = {
		period: v("SELECT MIN(id) FROM reporting_period WHERE state = 'published'"),
		action: v('SELECT MIN(id) FROM action_point WHERE dossier_holder_id = (SELECT person_id FROM user_account WHERE email = \'dossierhouder@example.org\')') ?? 1,
	};
});

after(async () => {
	if (srv) await srv.cleanup();
});

function concrete(pattern) {
	return pattern
		.replace(/^\/periods\/\{id\}/, `/periods/${ids.period}`)
		.replace(/^\/actions\/\{id\}/, `/actions/${ids.action}`)
		.replace('{name}', 'lia.css')
		.replace('{number}', '1')
		.replace(/\{\w+\}/g, '1');
}

test('the route table is non-trivial and has every admin route', () => {
	const routes = parseRoutes();
	assert.ok(routes.length >= 50, `${routes.length} routes`);
	for (const p of ['/periods/new', '/periods/{id}/publish', '/users', '/tokens/{id}/revoke', '/audit'])
		assert.ok(routes.some((r) => r.pattern === p), p);
	assert.ok(routes.every((r) => r.level !== undefined), 'every permission is known');
});

test('permission matrix: every route, every role', async () => {
	// Sign-out last: it ends the session of the agent that calls it (so may
	// ending a session by number, and signing out everywhere).
	const ends = new Set(['/sign-out', '/account/sessions/{id}/end', '/account/sign-out-everywhere']);
	const routes = parseRoutes().sort((a, b) => ends.has(a.pattern) - ends.has(b.pattern));
	const problems = [];
	for (const role of ROLES) {
		const a = role.email ? await signIn(base, role.email) : agent(base);
		if (!role.email) await a.get('/'); // an anonymous CSRF token, if any
		for (const r of routes) {
			const p = concrete(r.pattern);
			const headers = { 'accept-language': 'en' };
			// Each route that ends a session gets a session of its own to end;
			// the last one the role's own (nothing comes after it), so that a
			// role with a second factor needs no more codes than the server
			// accepts at once (three: tests/lib/auth.mjs nextCode).
			// (Not for the roles without one: the reader's own session may be
			// the one /account/sessions/1/end ends.)
			const last = r === routes[routes.length - 1] && DEMO_SECOND_FACTOR.has(role.email);
			const who = ends.has(r.pattern) && role.email && !last ? await signIn(base, role.email) : a;
			const res = r.method === 'GET' ? await who.get(p, { headers }) : await who.post(p, {}, { headers });
			const allowed = role.level >= r.level;
			const where = `${role.name} ${r.method} ${p} (${r.perm}): ${res.status}`;
			const refusedByServer = res.status === 401 || (res.status === 303 && /^\/sign-in/.test(res.location ?? '')) ||
				(res.status === 403 && res.body.includes(GENERIC_403));
			// The sign-in pages send on: someone signed in, or without a password typed first.
			if (allowed && refusedByServer && !(r.pattern.startsWith('/sign-in') && res.status === 303))
				problems.push(`${where}: should be allowed`);
			if (!allowed) {
				const ok = role.email ? res.status === 403 && res.body.includes(GENERIC_403)
					: (r.method === 'GET' ? res.status === 303 && /^\/sign-in\?next=/.test(res.location ?? '') : res.status === 401);
				if (!ok) problems.push(`${where}: should be refused`);
			}
			// JSON: the public gets 401 (never a redirect) for protected routes.
			if (!role.email && r.level > 0 && r.method === 'GET') {
				const j = await a.get(p, { headers: { accept: 'application/json' } });
				if (j.status !== 401) problems.push(`public JSON ${r.method} ${p}: ${j.status}, expected 401`);
			}
		}
	}
	assert.ok(problems.length === 0, `${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
});

test('every POST without a CSRF token is refused with 403, even for the coordinator, and changes nothing', async () => {
	const coord = await signIn(base, DEMO.coordinator);
	const audits = () => sqlValue(srv.db, 'SELECT count(*) FROM audit_entry');
	const n = audits();
	const problems = [];
	for (const r of parseRoutes().filter((x) => x.method === 'POST')) {
		const p = concrete(r.pattern);
		const res = await coord.post(p, { csrf: undefined, name: 'x' });
		if (res.status !== 403) problems.push(`POST ${p}: ${res.status}`);
		const wrong = await coord.post(p, { csrf: 'not-the-token', name: 'x' });
		if (wrong.status !== 403) problems.push(`POST ${p} with a wrong token: ${wrong.status}`);
	}
	assert.ok(problems.length === 0, problems.join('\n'));
	assert.equal(audits(), n);
	// Still signed in (sign-out without CSRF did nothing).
	assert.equal((await coord.get('/audit')).status, 200);
});

test('the server stops cleanly', async () => {
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
});
