// `make install` (issue 13): into a DESTDIR, the binary with its
// translations, a man page per command (every command `lia --help` lists),
// the systemd unit with its sandbox and the sysusers.d entry for its user.
// systemd-analyze verifies the installed unit (with the DESTDIR as root, so
// the binary it names exists) and rates its exposure; systemd-sysusers reads
// the user entry. systemd is not running in the test container, so the unit
// is checked, not started; stopping on SIGTERM is what every other test
// checks when it stops its server.
//
// The release build for the install is kept in the system temp folder
// between runs (INSTALL_BUILD), so only the first run compiles all of lia.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/install.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { tempDir, removeDir } from '../lib/server.mjs';

const REPO = path.resolve(import.meta.dirname, '../..');
const PREFIX = '/usr/local';
const INSTALL_BUILD = path.join(os.tmpdir(), `lia-install-build-${crypto.createHash('sha1').update(REPO).digest('hex').slice(0, 12)}`);
let dir, root;

before(() => {
	dir = tempDir('lia-install-');
	root = path.join(dir, 'root');
	const r = spawnSync('make', ['-C', REPO, 'install', `DESTDIR=${root}`, `PREFIX=${PREFIX}`, `INSTALL_BUILD=${INSTALL_BUILD}`],
		{ encoding: 'utf8', timeout: 540_000, maxBuffer: 64 << 20 });
	assert.equal(r.status, 0, `make install failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
});
after(() => removeDir(dir));

const inRoot = (p) => path.join(root, p);
const UNIT = `${PREFIX}/lib/systemd/system/lia.service`;

/** The commands `lia --help` lists. */
function commands(bin) {
	const help = execFileSync(bin, ['--help'], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
	return [...help.split(/Commands:\n/)[1].matchAll(/^ {2}(\S+) /gm)].map((m) => m[1]);
}

test('the binary runs from the install, with its translations', () => {
	const bin = inRoot(`${PREFIX}/bin/lia`);
	fs.accessSync(bin, fs.constants.X_OK);
	assert.match(execFileSync(bin, ['--version'], { encoding: 'utf8' }), /^lia \d+\.\d+\.\d+/);
	for (const lang of ['nl', 'en']) fs.accessSync(inRoot(`${PREFIX}/share/locale/${lang}/LC_MESSAGES/lia.mo`));
	const nl = execFileSync(bin, ['--help'], { encoding: 'utf8',
		env: { ...process.env, LANG: 'nl_NL.UTF-8', LC_ALL: 'nl_NL.UTF-8', LIA_LOCALEDIR: inRoot(`${PREFIX}/share/locale`) } });
	assert.match(nl, /Gebruik: lia OPDRACHT/);
});

test('a man page for lia and for every command, without mdoc warnings', () => {
	const cmds = commands(inRoot(`${PREFIX}/bin/lia`));
	assert.ok(cmds.includes('serve') && cmds.length >= 7, cmds.join(' '));
	for (const name of ['lia', ...cmds.map((c) => `lia-${c}`)]) {
		const page = inRoot(`${PREFIX}/share/man/man1/${name}.1`);
		assert.ok(fs.existsSync(page), `no man page ${name}(1)`);
		const lint = spawnSync('groff', ['-mdoc', '-Tutf8', '-ww', '-z', page], { encoding: 'utf8' });
		assert.equal(lint.status, 0);
		assert.equal(lint.stderr, '', `${name}(1): ${lint.stderr}`);
		const text = execFileSync('man', ['-l', page], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', LANG: 'C.UTF-8' } });
		assert.match(text, new RegExp(`^NAME\\n\\s+${name} — `, 'm'), `${name}(1) names itself`);
	}
	// serve's page documents what an operator needs.
	const serve = fs.readFileSync(inRoot(`${PREFIX}/share/man/man1/lia-serve.1`), 'utf8');
	for (const w of ['trust-proxy', 'healthz', 'SIGHUP', 'X-Forwarded-For']) assert.ok(serve.includes(w), `lia-serve(1) does not mention ${w}`);
});

test('the systemd unit: its own user, a read-only system, only /var/lib/lia writable, graceful stop, restart on failure', () => {
	const unit = fs.readFileSync(inRoot(UNIT), 'utf8');
	assert.doesNotMatch(unit, /@[A-Z]+@/, 'a placeholder was left');
	const has = (line) => assert.match(unit, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), `no ${line}`);
	has(`ExecStart=${PREFIX}/bin/lia serve --db /var/lib/lia/lia.db --listen 127.0.0.1 --port 8080 --trust-proxy`);
	for (const l of ['User=lia', 'StateDirectory=lia', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes',
		'NoNewPrivileges=yes', 'KillSignal=SIGTERM', 'Restart=on-failure', 'CapabilityBoundingSet=']) has(l);
	assert.doesNotMatch(unit, /^ReadWritePaths=/m, 'nothing but the state directory is writable');
	const users = fs.readFileSync(inRoot(`${PREFIX}/lib/sysusers.d/lia.conf`), 'utf8');
	assert.match(users, /^u lia - /m);
});

/** systemd-analyze, or null when it cannot run here. */
function analyze(args, env = {}) {
	const r = spawnSync('systemd-analyze', args, { encoding: 'utf8', env: { ...process.env, ...env } });
	if (r.error) return null;
	return r;
}

test('systemd-analyze verify passes on the installed unit; its exposure is low; systemd-sysusers reads the user', (t) => {
	// The root needs systemd's own units (targets the unit names) next to the installed files.
	fs.mkdirSync(inRoot('/usr/lib/systemd'), { recursive: true });
	execFileSync('cp', ['-a', '/usr/lib/systemd/system', inRoot('/usr/lib/systemd/')]);
	const v = analyze(['verify', `--root=${root}`, inRoot(UNIT)], { MANPATH: inRoot(`${PREFIX}/share/man`) });
	if (!v) return t.skip('systemd-analyze is not installed');
	assert.equal(v.status, 0, v.stderr);
	assert.equal(v.stderr.trim(), '', v.stderr);
	// Exposure 0 (locked down) to 10 (unsafe); --threshold is in tenths.
	const s = analyze(['security', '--offline=yes', '--threshold=25', `--root=${root}`, inRoot(UNIT)]);
	assert.equal(s.status, 0, s.stdout.split('\n').slice(-3).join('\n'));
	assert.match(s.stdout, /Overall exposure level for lia\.service: [0-2]\.\d/);
	const u = spawnSync('systemd-sysusers', ['--dry-run', `--root=${root}`, inRoot(`${PREFIX}/lib/sysusers.d/lia.conf`)], { encoding: 'utf8' });
	if (u.error) return;
	assert.equal(u.status, 0, u.stderr);
	assert.match(u.stdout + u.stderr, /Creating user '?lia'?/);
});

test('the daily purge: lia-purge.timer and its service are installed, verify, and run lia purge on the service database', (t) => {
	const service = fs.readFileSync(inRoot(`${PREFIX}/lib/systemd/system/lia-purge.service`), 'utf8');
	assert.match(service, new RegExp(`^ExecStart=${PREFIX}/bin/lia purge --db /var/lib/lia/lia\\.db$`, 'm'));
	assert.match(service, /^User=lia$/m);
	assert.match(service, /^UMask=0077$/m);
	const timer = fs.readFileSync(inRoot(`${PREFIX}/lib/systemd/system/lia-purge.timer`), 'utf8');
	assert.match(timer, /^OnCalendar=daily$/m);
	assert.match(timer, /^Persistent=true$/m);
	assert.ok(fs.existsSync(inRoot(`${PREFIX}/share/man/man1/lia-purge.1`)), 'its man page');
	fs.mkdirSync(inRoot('/usr/lib/systemd'), { recursive: true });
	if (!fs.existsSync(inRoot('/usr/lib/systemd/system'))) execFileSync('cp', ['-a', '/usr/lib/systemd/system', inRoot('/usr/lib/systemd/')]);
	const v = analyze(['verify', `--root=${root}`, inRoot(`${PREFIX}/lib/systemd/system/lia-purge.service`),
		inRoot(`${PREFIX}/lib/systemd/system/lia-purge.timer`)], { MANPATH: inRoot(`${PREFIX}/share/man`) });
	if (!v) return t.skip('systemd-analyze is not installed');
	assert.equal(v.status, 0, v.stderr);
	assert.equal(v.stderr.trim(), '', v.stderr);
});
