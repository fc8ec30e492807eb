// Start and stop lia for a test file: one server per file, in its own
// temporary folder, on 127.0.0.1 with a free port.
//
//   const srv = await startDemo();          // lia demo --db TMP/demo.db --port 0 --quiet
//                                           // (a copy of a demo database made once; {fresh: true}: made anew)
//   ... fetch(srv.url + 'themes') ...
//   const { code, signal, stderr } = await srv.stop();   // SIGTERM, then wait
//
// stop() never rejects: it resolves with how the process ended, so a test can
// assert a clean exit (code 0; under AddressSanitizer a leak makes it non-zero)
// and print stderr when it is not.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { notified } from './db.mjs';

export const LIA_BIN = process.env.LIA_BIN
	? path.resolve(process.env.LIA_BIN)
	: path.resolve(import.meta.dirname, '../../build/lia');

// Every test server renders templates strictly: a name a template uses that
// is in no data and not declared in the page's schema is a 500 with the
// template and line in stderr (src/view/view.h). LIA_STRICT_TEMPLATES=0 in the
// environment turns it off.
const STRICT_ENV = { LIA_STRICT_TEMPLATES: '1' };

// Every lia the tests start (through this module or with process.env, as a
// few CLI tests do) hashes new passwords at libsodium's lowest Argon2id cost
// (src/core/secret.c): at 64 MB a hash was a quarter of the test run's
// processor time. tests/unit/test_password.c checks the real cost.
// LIA_TEST_PASSWORD_COST= (empty) in the environment keeps the real cost.
process.env.LIA_TEST_PASSWORD_COST ??= 'low';

// Generous: the sanitizer build starts slowly, and a start that migrates an
// old PostgreSQL database and then freezes its missing reports (PDFs) took
// over 30 s on a loaded 2-core machine (CI, migrate.test.mjs). Only a
// failure waits this long.
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

const running = new Set();
process.on('exit', () => {
	// Last resort if a test file crashed before stop(): kill only our own children.
	for (const child of running) {
		try { child.kill('SIGKILL'); } catch { /* already gone */ }
	}
});

/** A fresh temporary folder (one per test file). */
export function tempDir(prefix = 'lia-test-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Run lia synchronously (for CLI tests). Returns {code, signal, stdout, stderr}. */
export function runLia(args, opts = {}) {
	const r = spawnSync(LIA_BIN, args, {
		cwd: opts.cwd ?? os.tmpdir(),
		env: { ...process.env, ...(opts.env ?? {}) },
		encoding: 'utf8',
		timeout: opts.timeout ?? 30_000,
		input: opts.input,
	});
	if (r.error) throw r.error;
	// A command that wrote to a PostgreSQL database: a running lia learns of
	// it by notification, a moment later (notified in db.mjs).
	if (args.some((a) => typeof a === 'string' && a.startsWith('postgresql:'))) notified();
	return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Test clocks: every server that startLia starts gets a clock of its own
 * (LIA_TEST_CLOCK_FILE, src/core/clock.c), at first the real time (offset
 * 0), unless the test gives LIA_TEST_CLOCK_FILE itself (then the test moves
 * it, and says so with clockMoved in tests/lib/auth.mjs). Only the sign-in
 * helper moves a server's own clock: forward to the next 30-s step of the
 * second factor when all codes of the current window are used, instead of
 * waiting for it (tests/lib/auth.mjs nextCode). Origin -> {file, offset,
 * moveTo(seconds)}, while the server runs.
 */
export const testClocks = new Map();

function ownClock() {
	const dir = tempDir('lia-clock-');
	const file = path.join(dir, 'clock');
	fs.writeFileSync(file, '0');
	const clock = {
		file,
		offset: 0,
		/** Move this server's clock to seconds ahead of the real time; never
		 * back (then false). */
		moveTo(seconds) {
			if (seconds <= clock.offset) return false;
			fs.writeFileSync(`${file}.new`, String(seconds));
			fs.renameSync(`${file}.new`, file); // the server reads all or nothing
			clock.offset = seconds;
			return true;
		},
		remove() { removeDir(dir); },
	};
	return clock;
}

/**
 * Start `lia ARGS...` and wait for its "lia: serving http://HOST:PORT/" line.
 * Resolves with {url, port, stop(), child, stdout(), stderr()}.
 */
export function startLia(args, opts = {}) {
	return new Promise((resolve, reject) => {
		const env = { ...STRICT_ENV, ...process.env, ...(opts.env ?? {}) };
		const clock = env.LIA_TEST_CLOCK_FILE ? null : ownClock();
		if (clock) env.LIA_TEST_CLOCK_FILE = clock.file;
		const child = spawn(LIA_BIN, args, {
			cwd: opts.cwd ?? os.tmpdir(),
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		running.add(child);
		let out = '';
		let err = '';
		let settled = false;
		let exited = null;
		const exitWaiters = [];
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (d) => { err += d; });

		const fail = (msg) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (!exited) child.kill('SIGKILL');
			reject(new Error(`${msg}\ncommand: ${LIA_BIN} ${args.join(' ')}\nstdout:\n${out}\nstderr:\n${err}`));
		};
		const timer = setTimeout(() => fail(`lia did not print its serving line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);

		child.on('error', (e) => fail(`cannot start lia: ${e.message}`));
		child.on('exit', (code, signal) => {
			running.delete(child);
			if (clock) clock.remove();
			// Let the pipes drain before reporting.
			setTimeout(() => {
				exited = { code, signal, stdout: out, stderr: err };
				for (const w of exitWaiters.splice(0)) w(exited);
				fail(`lia exited early (code ${code}, signal ${signal})`);
			}, 50);
		});
		child.stdout.on('data', (d) => {
			out += d;
			const m = /lia: serving (http:\/\/[^\s]+?:(\d+)\/)/.exec(out);
			if (!m || settled) return;
			settled = true;
			clearTimeout(timer);
			const url = m[1];
			const port = Number(m[2]);
			const origin = new URL(url).origin;
			if (clock) testClocks.set(origin, clock); else testClocks.delete(origin);
			if (clock) child.on('exit', () => { if (testClocks.get(origin) === clock) testClocks.delete(origin); });
			let stopping = null;
			resolve({
				url,
				port,
				child,
				stdout: () => out,
				stderr: () => err,
				/** SIGTERM, then wait. Resolves {code, signal, stdout, stderr}; never rejects. */
				stop() {
					if (stopping) return stopping;
					stopping = new Promise((res) => {
						if (exited) return res(exited);
						exitWaiters.push(res);
						const killer = setTimeout(() => {
							err += `\n[test harness] lia did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; sent SIGKILL\n`;
							child.kill('SIGKILL');
						}, STOP_TIMEOUT_MS);
						exitWaiters.push(() => clearTimeout(killer));
						child.kill('SIGTERM');
					});
					return stopping;
				},
			});
		});
	});
}

/**
 * `lia demo --db DIR/demo.db --port 0 --quiet` in a fresh temporary folder.
 * Resolves with {url, port, dir, db, stop(), ...} (see startLia).
 */
/**
 * The demo database made once per lia binary (in the system temp folder) and
 * copied for each test file: making it freezes the reports of the demo's
 * published periods, PDFs included, which takes seconds under the sanitizers.
 * Made by `lia demo` itself, stopped cleanly, so the file is complete.
 */
async function demoTemplate() {
	const st = fs.statSync(LIA_BIN);
	const key = crypto.createHash('sha1').update(`${LIA_BIN}:${st.mtimeMs}:${st.size}`).digest('hex').slice(0, 16);
	const file = path.join(os.tmpdir(), `lia-demo-template-${key}.db`);
	if (fs.existsSync(file)) return file;
	const dir = tempDir('lia-template-');
	try {
		const srv = await startLia(['demo', '--db', path.join(dir, 'demo.db'), '--port', '0', '--quiet'], { cwd: dir });
		const r = await srv.stop();
		if (r.code !== 0) throw new Error(`making the demo template failed: ${r.stderr}`);
		for (const ext of ['-wal', '-shm'])
			if (fs.existsSync(path.join(dir, `demo.db${ext}`))) throw new Error('the demo template was not checkpointed');
		fs.copyFileSync(path.join(dir, 'demo.db'), `${file}.${process.pid}`);
		fs.renameSync(`${file}.${process.pid}`, file); // atomic: another process sees all or nothing
	} finally {
		removeDir(dir);
	}
	return file;
}

export async function startDemo(opts = {}) {
	const dir = opts.dir ?? tempDir('lia-demo-');
	let db = path.join(dir, 'demo.db');
	// opts.sqlite: a SQLite file whatever LIA_TEST_DB says, for tests of what
	// does not depend on the engine but needs a file (the HTTP layer's own
	// limits, a database file that goes missing).
	if (ON_PG && !opts.sqlite) {
		// One database per server in the test cluster (tests/lib/pg.sh), a copy
		// of the demo template unless a fresh one is asked for.
		db = pgCreate(opts.fresh ? null : await pgDemoTemplate());
	} else if (!opts.fresh && !fs.existsSync(db)) {
		fs.copyFileSync(await demoTemplate(), db);
	}
	let srv;
	try {
		srv = await startLia(['demo', '--db', db, '--port', '0', '--quiet', ...(opts.args ?? [])], { cwd: dir, env: opts.env });
	} catch (e) {
		if (!opts.dir) removeDir(dir);
		if (ON_PG && !opts.sqlite) pgDrop(db);
		throw e;
	}
	return {
		...srv,
		dir,
		db,
		/** Stop (if still running) and delete the temporary folder (and the database). */
		async cleanup() {
			const r = await srv.stop();
			if (!opts.dir) removeDir(dir);
			if (ON_PG && !opts.sqlite) pgDrop(db);
			return r;
		},
	};
}

// --- PostgreSQL (LIA_TEST_DB=pg) ------------------------------------------
// With LIA_TEST_DB=pg and LIA_TEST_PG (the URI of a throwaway cluster's
// postgres database, made by tests/lib/pg.sh), startDemo gives each server its
// own database in that cluster instead of a SQLite file: srv.db is then its
// postgresql:// URI, which lia and tests/lib/db.mjs take as they take a file.
export const ON_PG = process.env.LIA_TEST_DB === 'pg';
const PG_ADMIN = process.env.LIA_TEST_PG ?? '';
if (ON_PG && !PG_ADMIN) throw new Error('LIA_TEST_DB=pg needs LIA_TEST_PG (start a cluster with tests/lib/pg.sh)');

/** Run one statement on the cluster's postgres database (psql); its output. */
function pgAdmin(statement) {
	return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', PG_ADMIN, '-c', statement],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function pgUri(name) {
	return PG_ADMIN.replace(/\/[^/]*$/, `/${name}`); // LIA_TEST_PG ends in /DATABASE, without options
}

/** A new database (a copy of template when given); its URI. */
export function pgCreate(template = null) {
	const name = `lia_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
	// Copying from a template fails while another session is connected to it
	// (another file copying it at the same moment): try again a few times.
	for (let attempt = 0; ; attempt++) {
		try {
			pgAdmin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
			return pgUri(name);
		} catch (e) {
			if (attempt >= 20) throw e;
			spawnSync('sleep', ['0.2']);
		}
	}
}

/** Drop a database made by pgCreate (given its URI). */
export function pgDrop(uri) {
	const name = /\/(lia_t_[a-z0-9_]+)$/.exec(uri)?.[1];
	if (name) pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** The demo database made once per lia binary in the cluster (see demoTemplate). */
async function pgDemoTemplate() {
	const st = fs.statSync(LIA_BIN);
	const key = crypto.createHash('sha1').update(`${LIA_BIN}:${st.mtimeMs}:${st.size}`).digest('hex').slice(0, 16);
	const name = `lia_template_${key}`;
	if (pgAdmin(`SELECT count(*) FROM pg_database WHERE datname = '${name}'`) === '1') return name;
	const uri = pgCreate();
	const srv = await startLia(['demo', '--db', uri, '--port', '0', '--quiet']);
	const r = await srv.stop();
	if (r.code !== 0) throw new Error(`making the demo template failed: ${r.stderr}`);
	const made = /\/(lia_t_[a-z0-9_]+)$/.exec(uri)[1];
	try {
		pgAdmin(`ALTER DATABASE ${made} RENAME TO ${name}`); // atomic: another file sees all or nothing
	} catch {
		pgDrop(uri); // another file made it first
	}
	return name;
}

/** Delete a temporary folder made by tempDir() (only below the system temp folder). */
export function removeDir(dir) {
	if (dir && path.resolve(dir).startsWith(path.resolve(os.tmpdir()) + path.sep))
		fs.rmSync(dir, { recursive: true, force: true });
}

/** `lia serve --db FILE --port 0 --quiet`. */
export async function startServe(db, opts = {}) {
	// A PostgreSQL URI has no folder: run in the temporary folder then.
	const cwd = opts.cwd ?? (/^postgres(ql)?:\/\//.test(db) ? os.tmpdir() : path.dirname(db));
	const srv = await startLia(['serve', '--db', db, '--port', '0', '--quiet', ...(opts.args ?? [])], { cwd, env: opts.env });
	return { ...srv, db };
}

/** A readable message for a server that did not stop cleanly. */
export function exitReport(r) {
	return `lia exited with code ${r.code}, signal ${r.signal}\n--- stderr ---\n${r.stderr}`;
}
