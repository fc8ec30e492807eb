// Reflow at 320 CSS px (WCAG 1.4.10) for every page of lia as every role
// sees it, in Dutch and in English: the public and the five demo accounts
// each visit every HTML GET route of the route table (`lia routes`, so a new
// route is measured at once) that their role may open, with the example
// paths of tests/lib/contract.mjs, plus the standalone report files. A page
// fails when the document is wider than the viewport; wide tables scroll
// inside their own box and do not count (see sidewaysOverflow). One browser,
// one context per role, a few pages side by side (the machine is small).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/e2e/reflow_roles.test.mjs
// Screenshots of failures: tests/output/screenshots/reflow-ROLE-LANG-PATH.png
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { DEMO, signIn } from '../lib/auth.mjs';
import { langUrl } from '../lib/site.mjs';
import { liaRoutes, demoIds, examplePaths } from '../lib/contract.mjs';
import { startDemoBrowser, expectCleanStop, signedInPage, sidewaysOverflow, screenshotName, SCREENSHOT_DIR } from '../lib/browser.mjs';

const WIDTH = 320;
const LANGS = ['nl', 'en'];
const PARALLEL = 3; // pages open at once per role
// What each role may open (the route table's permission names), lowest first.
const LEVELS = ['public', 'reader', 'dossier_holder', 'project_member', 'coordinator'];
const ROLES = { public: 'public', reader: 'reader', dossierHolder: 'dossier_holder', member: 'project_member',
	expert: 'project_member', coordinator: 'coordinator' };

let srv, base, br, pathsFor;
const ctxs = [];

before(async () => {
	({ srv, base, br } = await startDemoBrowser());
	const coord = await signIn(base, DEMO.coordinator);
	const json = { headers: { accept: 'application/json' } };
	const ids = await demoIds((p) => coord.get('/api/v1' + p, json), (p, body) => coord.postJson('/api/v1' + p, body));
	// Files are no pages: downloads ({file}), Atom feeds and CSV exports.
	const isFile = (p) => p.includes('{file}') || p.startsWith('/feeds/') || p.endsWith('/feed') || p.endsWith('.csv');
	const routes = liaRoutes().filter((r) => r.method === 'GET' && r.flags.includes('html') && !isFile(r.path));
	const reportFiles = ['report', 'easy', 'letter'].flatMap((d) => LANGS.map((l) => `/reports/${ids.published}/${d}-${l}.html`));
	pathsFor = (level) => [
		...routes.filter((r) => LEVELS.indexOf(r.permission) <= LEVELS.indexOf(level))
			.flatMap((r) => {
				const ps = examplePaths(r.path, ids);
				assert.ok(ps.length, `no example path for ${r.path}: add one in tests/lib/contract.mjs`);
				return ps;
			}),
		...reportFiles,
	];
});

after(async () => {
	for (const c of ctxs) await c.close().catch(() => {});
	if (br) await br.close();
	if (srv) await srv.cleanup();
});

/** Every path in both languages on up to PARALLEL pages of ctx; returns the problems found. */
async function measure(ctx, role, paths) {
	const queue = paths.flatMap((p) => LANGS.map((lang) => ({ p, lang })));
	const problems = [];
	const worker = async () => {
		const page = await ctx.newPage();
		page.setDefaultTimeout(20_000);
		for (let job = queue.shift(); job; job = queue.shift()) {
			// A standalone file is in one language already.
			const url = job.p.startsWith('/reports/') ? base + job.p : langUrl(base, job.p, job.lang);
			if (job.p.startsWith('/reports/') && job.lang !== 'nl') continue;
			const res = await page.goto(url);
			assert.ok(res.status() < 500, `${role} ${url}: ${res.status()}`);
			const r = await sidewaysOverflow(page, WIDTH);
			if (r.sw > WIDTH) {
				await page.screenshot({ path: path.join(SCREENSHOT_DIR, `reflow-${role}-${screenshotName(job.lang, job.p)}`), fullPage: true });
				problems.push(`${role} ${job.lang} ${job.p}: ${r.sw} px wide (style ${r.styled ? 'applied' : 'NOT applied'}):\n      ${r.offenders.join('\n      ')}`);
			}
		}
		await page.close();
	};
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	return problems;
}

// LIA_REFLOW_ROLES=coordinator,public measures only those roles (while fixing).
const only = process.env.LIA_REFLOW_ROLES?.split(',');
for (const [role, level] of Object.entries(ROLES).filter(([r]) => !only || only.includes(r))) {
	test(`reflow at ${WIDTH} px: every page ${role} may open, nl and en`, { timeout: 300_000 }, async () => {
		let ctx;
		if (role === 'public') {
			ctx = await br.newContext({ viewport: { width: WIDTH, height: 640 } });
		} else {
			({ ctx } = await signedInPage(br, base, DEMO[role]));
		}
		ctxs.push(ctx);
		// signedInPage opens at 1280 px; every page of the measurement is opened at 320.
		const narrow = { ...ctx, newPage: async () => { const p = await ctx.newPage(); await p.setViewportSize({ width: WIDTH, height: 640 }); return p; } };
		const paths = pathsFor(level);
		assert.ok(paths.length >= 10, `${role}: ${paths.length} pages`);
		const problems = await measure(narrow, role, paths);
		assert.equal(problems.length, 0, `${problems.length} page(s) scroll sideways at ${WIDTH} px:\n  - ${problems.join('\n  - ')}`);
	});
}

test('lia stopped cleanly', async () => {
	await expectCleanStop(srv, br, ctxs);
	br = null;
	srv = null;
});
