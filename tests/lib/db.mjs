// Read the database directly with the sqlite3 CLI (psql for a PostgreSQL
// database), so tests compare what lia shows with what is stored (never with
// hard-coded guesses).
import { execFileSync, spawn } from 'node:child_process';

const isServer = (db) => /^postgres(ql)?:\/\//.test(db);
// The server may be writing at that moment (a start-up clean-up, the mail
// worker): wait for its lock as lia itself does, instead of failing at once.
const WAIT = ['-cmd', '.timeout 10000'];

/** psql on a database URI: the statement's output, unaligned (fails on an error). */
function psql(db, statement, readOnly) {
	const set = readOnly ? 'SET default_transaction_read_only = on; ' : '';
	// Rows belong to a municipality (0018): a session reads and writes
	// municipality 1's unless the URI's options name another.
	return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', db, '-c', set + statement],
		{ encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, PGOPTIONS: '-c lia.municipality=1' } });
}

/** Rows of a query as objects (sqlite3 -json, or psql on a postgresql:// URI). Read-only. */
export function sql(db, query) {
	if (isServer(db)) {
		const out = psql(db, `SELECT coalesce(json_agg(q), '[]'::json) FROM (${query}) q`, true);
		return JSON.parse(out);
	}
	const out = execFileSync('sqlite3', [...WAIT, '-readonly', '-json', db, query], { encoding: 'utf8', maxBuffer: 64 << 20 });
	return out.trim() ? JSON.parse(out) : [];
}

/** Change the database behind lia's back (sqlite3 CLI, or psql on a URI);
 * throws when the database refuses. For tests of what the database itself
 * enforces, or of states the pages cannot make. */
export function sqlWrite(db, statement) {
	if (isServer(db)) {
		const out = psql(db, statement, false);
		notified();
		return out;
	}
	return execFileSync('sqlite3', [...WAIT, db, statement], { encoding: 'utf8', stdio: 'pipe' });
}

/** PostgreSQL: a running lia learns of another process's commit by
 * notification, a moment after the commit (src/store/version.c). Wait that
 * moment (50 ms; more on a loaded machine is rare), so that a test that
 * writes behind lia's back and then reads a page sees the write. Tests that
 * check the cache itself use afterOtherWrite, which waits for the change. */
export function notified() {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/** After a write behind lia's back (sqlWrite to db): get() again until
 * ok(answer) holds, and return the answer. On SQLite once: the server reads the
 * files' counters itself, so it knows at once. On PostgreSQL the running
 * server learns of another process's commit by notification, a moment after
 * the commit (src/store/version.c): up to 2 s. Its own writes it knows at
 * once on both engines; tests of those never need this. */
export async function afterOtherWrite(db, get, ok) {
	let r = await get();
	for (let i = 0; isServer(db) && i < 100 && !ok(r); i++) {
		await new Promise((done) => setTimeout(done, 20));
		r = await get();
	}
	return r;
}

/** Take a municipality's one writer in another process (as `lia import`
 * does while it imports) and keep it for ms milliseconds: sqlite3's BEGIN
 * IMMEDIATE on its file, or on PostgreSQL the advisory lock every lia write
 * of that municipality takes (src/store/pg.c): the one the URI's
 * lia.municipality names (as municipalities.test.mjs reads one), else 1.
 * Resolves once the writer is taken, with a promise that settles when it
 * has been given back. */
export async function holdWriter(db, ms) {
	const municipality = Number(/lia\.municipality%3D(\d+)/.exec(db)?.[1] ?? 1);
	const child = isServer(db)
		? spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db], { stdio: ['pipe', 'pipe', 'pipe'] })
		: spawn('sqlite3', [...WAIT, db], { stdio: ['pipe', 'pipe', 'pipe'] });
	let out = '', err = '';
	child.stdout.on('data', (d) => { out += d; });
	child.stderr.on('data', (d) => { err += d; });
	const ended = new Promise((ok, fail) => child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`holdWriter: ${err}`)))));
	child.stdin.write(isServer(db)
		? `BEGIN; SELECT pg_advisory_xact_lock_shared(1818845473, 0), pg_advisory_xact_lock(1818845473, ${municipality}); SELECT 'held';\n`
		: "BEGIN IMMEDIATE; SELECT 'held';\n");
	while (!out.includes('held')) {
		if (child.exitCode !== null) throw new Error(`holdWriter: ${err}`);
		await new Promise((ok) => setTimeout(ok, 20));
	}
	setTimeout(() => child.stdin.end('COMMIT;\n'), ms);
	return { released: ended };
}

/** The whole database as text (sqlite3 .dump, or pg_dump on a URI): every
 * row of every table, for tests that a secret is stored nowhere. */
export function dumpAll(db) {
	if (isServer(db))
		return execFileSync('pg_dump', ['--no-owner', '--no-privileges', db], { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
	return execFileSync('sqlite3', [...WAIT, '-readonly', db, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** The first column of the first row. */
export function sqlValue(db, query) {
	const rows = sql(db, query);
	if (!rows.length) return undefined;
	return Object.values(rows[0])[0];
}

/**
 * Everything about the demo data the tests need, in one object: what the
 * PUBLIC sees (not signed in), so only published reporting periods count.
 * f.drafts lists what belongs to open periods and must stay out of view.
 */
export function loadFacts(db) {
	const f = {};
	f.programme = sql(db, `SELECT p.id, p.title, p.subtitle, o.name AS organisation
	                       FROM programme p JOIN organisation o ON o.id = p.organisation_id ORDER BY p.id LIMIT 1`)[0];
	f.themes = sql(db, 'SELECT id, name_nl, name_en, description_nl, description_en FROM theme ORDER BY position, id');
	f.actions = sql(db, `SELECT a.id, a.code, a.title, a.theme_id, c.status, c.health
	                     FROM action_point a JOIN action_point_published c ON c.action_point_id = a.id ORDER BY a.id`);
	f.articles = sql(db, `SELECT number, title_nl, title_en,
	                        (number IN (SELECT article_number FROM theme_article)
	                         OR number IN (SELECT article_number FROM action_article)) AS covered
	                      FROM crpd_article ORDER BY number`);
	f.themeArticles = sql(db, 'SELECT theme_id, article_number FROM theme_article');
	f.actionArticles = sql(db, 'SELECT action_point_id, article_number FROM action_article');
	f.periods = sql(db, "SELECT id, seq, name, state FROM reporting_period WHERE state = 'published' ORDER BY seq");
	f.openPeriods = sql(db, "SELECT id, seq, name, state FROM reporting_period WHERE state <> 'published' ORDER BY seq");
	f.updates = sql(db, `SELECT u.id, u.action_point_id, u.period_id, p.name AS period, u.status, u.health,
	                       u.health_cause, u.health_consequence, u.health_measures,
	                       u.holder_assessment, u.expert_assessment
	                     FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
	                     WHERE p.state = 'published' ORDER BY u.id`);
	f.drafts = sql(db, `SELECT u.id, u.action_point_id, u.progress_md, u.expert_assessment
	                    FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
	                    WHERE p.state <> 'published' ORDER BY u.id`);
	f.projectGroup = sql(db, `SELECT pe.id, pe.name, pe.named_in_publications AS named, m.role FROM project_member m JOIN person pe ON pe.id = m.person_id
	                          WHERE m.programme_id = (SELECT MIN(id) FROM programme)`);
	f.events = sql(db, 'SELECT id, name FROM event ORDER BY id');
	f.interviews = sql(db, `SELECT i.id, i.theme_id, i.public_summary, i.restricted_notes FROM interview i
	                        LEFT JOIN reporting_period p ON p.id = i.period_id WHERE p.state = 'published' ORDER BY i.id`);
	f.allInterviews = sql(db, 'SELECT id, theme_id, public_summary, restricted_notes FROM interview ORDER BY id');
	f.people = sql(db, 'SELECT id, name, email, phone, communication_needs FROM person ORDER BY id');
	f.accounts = sql(db, 'SELECT id, email FROM user_account ORDER BY id');
	f.funds = sql(db, `SELECT y.year,
	    (SELECT COALESCE(SUM(amount_cents), 0) FROM fund_source s WHERE s.year = y.year) AS available,
	    (SELECT COALESCE(SUM(a.amount_cents), 0) FROM allocation a JOIN fund_source s ON s.id = a.source_id WHERE s.year = y.year) AS allocated,
	    (SELECT COALESCE(SUM(e.amount_cents), 0) FROM expense e JOIN allocation a ON a.id = e.allocation_id
	       JOIN fund_source s ON s.id = a.source_id WHERE s.year = y.year) AS spent
	  FROM (SELECT DISTINCT year FROM fund_source) y ORDER BY y.year`);
	return f;
}

/**
 * Strings that must never appear in any page or JSON response: the marker of
 * restricted interview notes, the notes themselves (each sentence, so that a
 * note with its marker stripped is still caught), and people's contact
 * details and communication needs.
 */
export function secrets(facts) {
	const s = [{ what: 'the restricted-notes marker', text: 'VERTROUWELIJK' },
	           { what: 'the restricted_notes field name', text: 'restricted_notes' }];
	for (const i of facts.allInterviews) {
		const notes = (i.restricted_notes ?? '').trim();
		if (!notes) continue;
		s.push({ what: `restricted notes of interview ${i.id}`, text: notes });
		for (const sentence of notes.split(/(?<=[.!?])\s+/)) {
			const t = sentence.trim();
			if (t.length >= 25 && t !== 'VERTROUWELIJK.') s.push({ what: `a sentence of the restricted notes of interview ${i.id}`, text: t });
		}
	}
	for (const p of facts.people) {
		if (p.email) s.push({ what: `e-mail address of ${p.name}`, text: p.email });
		if (p.phone) s.push({ what: `phone number of ${p.name}`, text: p.phone });
		if (p.communication_needs) s.push({ what: `communication needs of ${p.name}`, text: p.communication_needs });
	}
	for (const a of facts.accounts) if (a.email) s.push({ what: `user account e-mail ${a.id}`, text: a.email });
	// Drafts (updates in open periods) are not public until the period is published.
	for (const d of facts.drafts ?? []) {
		for (const text of [d.progress_md, d.expert_assessment]) {
			const first = (text ?? '').split(/(?<=[.!?])\s+/)[0].trim();
			if (first.length >= 25) s.push({ what: `draft update ${d.id} (open period)`, text: first });
		}
	}
	return s;
}
