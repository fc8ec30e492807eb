// Signing in from tests: an "agent" keeps the cookies of one browser-like
// client and sends the CSRF token with every form, as a real browser would.
//
//   const coord = await signIn(base, DEMO.coordinator);
//   const r = await coord.post('/actions', { title: '...' });   // a form
//   const j = await coord.postJson('/api/v1/actions', { ... }); // JSON
//
// Demo accounts (lia demo) all have the password DEMO_PASSWORD.
//
//   const { srv, base, as } = await startDemoSignedIn(); // as.coordinator, ..., as.public
import { startDemo } from './server.mjs';

export const DEMO_PASSWORD = 'tulp molen fiets klomp';
export const DEMO = {
	coordinator: 'coordinator@example.org',            // Marloes Verhoeven, coordinator
	member: 'projectgroep@example.org',                // Youssef El Amrani, project group member
	expert: 'ervaringsdeskundige@example.org',         // Anneke Lamers, project member + experience expert
	dossierHolder: 'dossierhouder@example.org',        // Ruud van Dijk (person 6), dossier holder
	reader: 'lezer@example.org',                       // reader
};

/** A cookie-keeping client. Not signed in until signIn() is used. */
export function agent(base) {
	const jar = new Map();
	const store = (res) => {
		for (const c of res.headers.getSetCookie?.() ?? []) {
			const [pair, ...attrs] = c.split(';');
			const i = pair.indexOf('=');
			const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
			const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
			if (value === '' || maxAge === 'max-age=0') jar.delete(name); else jar.set(name, value);
		}
	};
	const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const a = {
		base, jar, csrf: null,
		async fetch(path, opts = {}) {
			const headers = { ...(opts.headers ?? {}) };
			if (jar.size) headers.cookie = cookie();
			const res = await fetch(base + path, { redirect: 'manual', ...opts, headers });
			store(res);
			const body = await res.text();
			let json = null;
			if ((res.headers.get('content-type') ?? '').includes('json')) { try { json = JSON.parse(body); } catch { /* not JSON */ } }
			const m = body.match(/name="csrf" value="([^"]+)"/);
			if (m) a.csrf = m[1];
			return { status: res.status, headers: res.headers, body, json, location: res.headers.get('location') };
		},
		get(path, opts = {}) { return a.fetch(path, opts); },
		/** Pick up a CSRF token as a browser would: from a page with a form. Signed in,
		 * every page has one (the sign-out form); not signed in, only pages with a
		 * form set the CSRF cookie, such as the sign-in page. */
		async token() {
			await a.get('/');
			if (!a.csrf) await a.get('/sign-in');
		},
		/** Submit a form (urlencoded). Arrays become repeated fields. The CSRF token is added unless given. */
		async post(path, fields = {}, opts = {}) {
			if (!a.csrf && !('csrf' in fields)) await a.token();
			const form = new URLSearchParams();
			if (!('csrf' in fields)) form.append('csrf', a.csrf);
			for (const [k, v] of Object.entries(fields)) {
				if (Array.isArray(v)) for (const x of v) form.append(k, String(x));
				else if (v !== undefined && v !== null) form.append(k, String(v));
			}
			return a.fetch(path, { method: 'POST', body: form.toString(), ...opts,
				headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers ?? {}) } });
		},
		/** Send JSON (API style); the CSRF token goes in the X-CSRF-Token header for cookie sessions. */
		async postJson(path, obj, opts = {}) {
			if (!a.csrf) await a.token();
			return a.fetch(path, { method: 'POST', body: JSON.stringify(obj), ...opts,
				headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': a.csrf ?? '', ...(opts.headers ?? {}) } });
		},
	};
	return a;
}

/** Sign in as email; throws with the server's answer if that fails. */
export async function signIn(base, email, password = DEMO_PASSWORD) {
	const a = agent(base);
	await a.get('/sign-in');
	const r = await a.post('/sign-in', { email, password, next: '/' });
	if (r.status !== 303 || !a.jar.has('__Host-lia_session'))
		throw new Error(`sign-in as ${email} failed: ${r.status}\n${r.body.slice(0, 400)}`);
	await a.get('/'); // pick up the session's CSRF token
	return a;
}

/**
 * One signed-in agent per demo role, in the order given (each sign-in is an
 * audited write, so a test signs in only the roles it uses): {role: agent}
 * with the roles named as in DEMO.
 */
export async function signInRoles(base, roles = Object.keys(DEMO)) {
	const as = {};
	for (const role of roles) as[role] = await signIn(base, DEMO[role]);
	return as;
}

/**
 * A demo server (startDemo(opts)) with every demo account signed in:
 * {srv, base (without the trailing slash), db, as}. as has an agent per role
 * in DEMO and as.public, one that is not signed in; with publicCsrf it has
 * fetched the sign-in form first, for an anonymous CSRF token as a browser
 * would have (public pages without a form set no cookie).
 * The caller stops the server with srv.cleanup().
 */
export async function startDemoSignedIn({ publicCsrf = false, ...opts } = {}) {
	const srv = await startDemo(opts);
	const base = srv.url.replace(/\/$/, '');
	const as = await signInRoles(base);
	as.public = agent(base);
	if (publicCsrf) await as.public.token();
	return { srv, base, db: srv.db, as };
}
