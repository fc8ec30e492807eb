// Signing in from tests: an "agent" keeps the cookies of one browser-like
// client and sends the CSRF token with every form, as a real browser would.
//
//   const coord = await signIn(base, DEMO.coordinator);
//   const r = await coord.post('/actions', { title: '...' });   // a form
//   const j = await coord.postJson('/api/v1/actions', { ... }); // JSON
//
// Demo accounts (lia demo) all have the password DEMO_PASSWORD. The
// coordinator and the project group members also sign in with a code (the
// second factor, pages/second_factor.c): signIn answers it with a code made
// by oathtool from DEMO_TOTP_SECRET. A code is accepted once per account
// (replay protection), so nextCode() remembers per (server, account) the
// last time step it used and takes the next unused one of the server's
// window (now-1..now+1). When all three are used it moves the server's own
// test clock (tests/lib/server.mjs testClocks) on to the next step instead
// of waiting for it; only a server whose clock the test moves itself
// (clockMoved) or that is not a test server of this process is waited for.
//
//   const { srv, base, as } = await startDemoSignedIn(); // as.coordinator, ..., as.public
import { execFileSync } from 'node:child_process';
import { startDemo, testClocks } from './server.mjs';

export const DEMO_PASSWORD = 'tulp molen fiets klomp';
export const DEMO = {
	coordinator: 'coordinator@example.org',            // Marloes Verhoeven, coordinator
	member: 'projectgroep@example.org',                // Youssef El Amrani, project group member
	expert: 'ervaringsdeskundige@example.org',         // Anneke Lamers, project member + experience expert
	dossierHolder: 'dossierhouder@example.org',        // Ruud van Dijk (person 6), dossier holder
	reader: 'lezer@example.org',                       // reader
};

export const DEMO_TOTP_SECRET = 'LIADEMOLIADEMOLIADEMOLIADEMOLIAD';
/** The demo accounts whose role needs the second factor. */
export const DEMO_SECOND_FACTOR = new Set([DEMO.coordinator, DEMO.member, DEMO.expert]);
export const TOTP_STEP_S = 30;

/** The code of a time step for a base32 key, made by oathtool (as a phone app would). */
export function totpCode(secret, step) {
	return execFileSync('oathtool', ['--totp', '-b', '-N', `@${step * TOTP_STEP_S}`, secret]).toString().trim();
}

const lastStep = new Map(); // `${origin}|${email}` -> the last step used
const clockOffsets = new Map(); // origin -> seconds the server's clock is moved (LIA_TEST_CLOCK_FILE)

/** Say that the clock of the server at base is moved by seconds (a test that
 * writes LIA_TEST_CLOCK_FILE): codes for it are made for its time. */
export function clockMoved(base, seconds) {
	clockOffsets.set(new URL(base).origin, seconds);
}
// How often, and how long, nextCode waited; how often it moved a server's clock instead.
/** Seconds since the epoch on the clock of the server at base: the real time,
 * moved as clockMoved said or as far as nextCode moved its own test clock.
 * For a test that makes its own codes (totpCode) for the server's step. */
export function serverNow(base) {
	const origin = new URL(base).origin;
	return Date.now() / 1000 + (clockOffsets.get(origin) ?? testClocks.get(origin)?.offset ?? 0);
}

export const totpWaits = { count: 0, ms: 0, codes: 0, moves: 0 };
// LIA_TEST_TOTP_STATS=1: say at the end how much the code step cost this test file.
if (process.env.LIA_TEST_TOTP_STATS)
	process.on('exit', () => process.stderr.write(`totp: ${process.argv[1]?.split('/').pop()}: ${totpWaits.codes} codes, ${totpWaits.count} waits, ${(totpWaits.ms / 1000).toFixed(1)} s waited, ${totpWaits.moves} clock moves\n`));

/**
 * A code for email on the server at base that the server has not seen yet:
 * the earliest step of now-1..now+1 (now on the server's clock: offsetS
 * seconds ahead; by default as clockMoved said, else as far as the server's
 * own test clock is moved) after the last one used for this account. The
 * step before now is used only early in the current step (so the server, a
 * moment later, still accepts it). When all are used: moves the server's
 * own test clock into the next step, or, for a clock the test moves itself
 * (clockMoved, offsetS given), waits for it.
 */
export async function nextCode(base, email, { secret = DEMO_TOTP_SECRET, offsetS } = {}) {
	const origin = new URL(base).origin;
	const key = `${origin}|${email.toLowerCase()}`;
	const own = offsetS === undefined && !clockOffsets.has(origin) ? testClocks.get(origin) : undefined;
	for (;;) {
		if (own) offsetS = own.offset;
		else offsetS ??= clockOffsets.get(origin) ?? 0;
		const t = Date.now() / 1000 + offsetS;
		const now = Math.floor(t / TOTP_STEP_S);
		const last = lastStep.get(key) ?? -Infinity;
		const into = t - now * TOTP_STEP_S;
		const steps = [...(into < TOTP_STEP_S - 5 ? [now - 1] : []), now, now + 1];
		const step = steps.find((s) => s > last);
		if (step !== undefined) {
			lastStep.set(key, step);
			totpWaits.codes++;
			return totpCode(secret, step);
		}
		// One second into step `last` on the server's clock: now-1..now+1 then
		// has last+1 for a full step.
		if (own?.moveTo(Math.ceil(last * TOTP_STEP_S + 1 - Date.now() / 1000))) {
			totpWaits.moves++;
			continue;
		}
		const wait = Math.ceil(((last) * TOTP_STEP_S - t) * 1000) + 50;
		totpWaits.count++;
		totpWaits.ms += wait;
		await new Promise((res) => setTimeout(res, wait));
	}
}

/** Note that a step was used for email on base outside nextCode (a test that makes its own codes). */
export function usedStep(base, email, step) {
	const key = `${new URL(base).origin}|${email.toLowerCase()}`;
	lastStep.set(key, Math.max(lastStep.get(key) ?? -Infinity, step));
}

// The keys of accounts that set up their second factor through enrol() (an
// account a test made, whose role needs one): `${origin}|${email}` -> key.
const keys = new Map();

/**
 * After a.post('/sign-in', ...) answered r: if the server asks for the code
 * (303 to /sign-in/code), send one from nextCode and return that answer;
 * if it asks to set up the second factor (303 to /sign-in/enrol: a new
 * account whose role needs one), set it up (enrol) and return the answer
 * with the recovery codes (201); else r itself. opts: {secret, offsetS} as
 * for nextCode, request: the options of the request (headers).
 */
/** A redirect's target as a path below the agent's base (a municipality's
 * short name, /nijmegen, is taken off). */
function below(a, location) {
	const prefix = new URL(a.base).pathname.replace(/\/$/, '');
	return prefix && location?.startsWith(prefix + '/') ? location.slice(prefix.length) : location;
}

export async function answerCode(a, r, email, opts = {}) {
	const to = below(a, r.location);
	if (r.status === 303 && to === '/sign-in/enrol') return (await enrol(a, email, opts)).r;
	if (r.status !== 303 || to !== '/sign-in/code') return r;
	const secret = opts.secret ?? keys.get(`${new URL(a.base).origin}|${email.toLowerCase()}`) ?? DEMO_TOTP_SECRET;
	return a.post('/sign-in/code', { code: await nextCode(a.base, email, { ...opts, secret }) }, opts.request ?? {});
}

/**
 * Set up the second factor on the set-up page a shows at `page` (the one
 * at sign-in, or /account/two-factor): read the key from the page, send a
 * code made from it. {r (the answer: 201 with the recovery codes), key,
 * codes}; later sign-ins of email through signIn use the key.
 */
export async function enrol(a, email, opts = {}) {
	const page = opts.page ?? '/sign-in/enrol';
	const p = await a.get(page);
	const m = p.body.match(/id="tf-key-text" class="key-text"[^>]*>([A-Z2-7 ]+)</);
	if (!m) throw new Error(`no key on ${page}: ${p.status}\n${p.body.slice(0, 400)}`);
	const key = m[1].replace(/ /g, '');
	keys.set(`${new URL(a.base).origin}|${email.toLowerCase()}`, key);
	const r = await a.post(page, { code: await nextCode(a.base, email, { ...opts, secret: key }) }, opts.request ?? {});
	const codes = [...r.body.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((x) => x[1]);
	return { r, key, codes };
}

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

/** Sign in as email, with the code step when the server asks for it
 * (opts as for nextCode); throws with the server's answer if that fails. */
export async function signIn(base, email, password = DEMO_PASSWORD, opts = {}) {
	const a = agent(base);
	await a.get('/sign-in');
	const r = await answerCode(a, await a.post('/sign-in', { email, password, next: '/' }), email, opts);
	if (![303, 201].includes(r.status) || !a.jar.has('__Host-lia_session'))
		throw new Error(`sign-in as ${email} failed: ${r.status}\n${r.body.slice(0, 400)}`);
	await a.get('/'); // pick up the session's CSRF token
	return a;
}

const reusable = new Map(); // `${origin}|${email}` -> a signed-in agent

/**
 * A signed-in agent for email that a test may share with other tests of
 * its file: the one made before if its session still works (GET /account
 * answers), else a new sign-in. For files that sign in the same account
 * with a second factor many times, which would otherwise wait for unused
 * codes (each code works once).
 */
export async function sharedSignIn(base, email, password = DEMO_PASSWORD) {
	const key = `${new URL(base).origin}|${email.toLowerCase()}`;
	const was = reusable.get(key);
	if (was && (await was.get('/account')).status === 200) {
		await was.get('/'); // a fresh CSRF token, as signIn leaves it
		return was;
	}
	const a = await signIn(base, email, password);
	reusable.set(key, a);
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
