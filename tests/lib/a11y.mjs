// What the accessibility tests (tests/e2e/a11y_pages.test.mjs and
// a11y_keyboard.test.mjs) share: a demo server and one browser per file,
// the pages they visit (chosen from the demo's database facts), and the
// clean stop at the end, which also demands that lia logged no error. The
// two files run side by side, each with its own server.
import assert from 'node:assert/strict';

import { loadFacts } from './db.mjs';
import { FIXED_PAGES } from './site.mjs';
import { startDemoBrowser, expectCleanStop } from './browser.mjs';

export const LANGS = ['nl', 'en'];

/**
 * A demo server, its database facts, the pages to visit and one browser:
 * {srv, base, br, facts, pages}. The caller closes br and calls
 * srv.cleanup() in its after().
 */
export async function startA11y() {
	const { srv, base, br } = await startDemoBrowser();
	const facts = loadFacts(srv.db);
	return { srv, base, br, facts, pages: selectPages(facts) };
}

/** The last test of an a11y file: br closed, lia stopped cleanly, and no error in its log. */
export async function expectQuietStop(srv, br) {
	const stopped = await expectCleanStop(srv, br);
	assert.doesNotMatch(stopped.stderr, /^\S+ error /m, `errors were logged:\n${stopped.stderr}`);
}

export function noProblems(problems, what) {
	assert.ok(problems.length === 0, `${what}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
}

/**
 * The pages to visit: all fixed pages, every theme, at least 10 action points
 * (all orange and red ones, and one per theme), at least 5 articles (covered
 * and uncovered), every period, and error pages.
 */
export function selectPages(f) {
	const actionIds = new Set(f.actions.filter((a) => a.health === 'oranje' || a.health === 'rood').map((a) => a.id));
	for (const t of f.themes) {
		const first = f.actions.find((a) => a.theme_id === t.id);
		if (first && actionIds.size < 10) actionIds.add(first.id);
	}
	for (const a of f.actions) if (actionIds.size < 10) actionIds.add(a.id);
	const linked = (n) => f.themeArticles.filter((x) => x.article_number === n).length + f.actionArticles.filter((x) => x.article_number === n).length;
	const uncovered = f.articles.filter((a) => !a.covered).map((a) => a.number);
	const covered = f.articles.filter((a) => a.covered).map((a) => a.number).sort((a, b) => linked(b) - linked(a) || a - b);
	const uncoveredRight = uncovered.find((n) => n >= 5 && n <= 30); // a gap: a right nothing addresses
	const articleNums = new Set([uncovered[0], uncoveredRight, uncovered[uncovered.length - 1], ...covered.slice(0, 2)].filter((x) => x !== undefined));
	for (const a of f.articles) if (articleNums.size < 5) articleNums.add(a.number);
	return [
		...FIXED_PAGES.map((p) => ({ path: p, status: 200 })),
		...f.themes.map((t) => ({ path: `/themes/${t.id}`, status: 200 })),
		...[...actionIds].sort((a, b) => a - b).map((id) => ({ path: `/actions/${id}`, status: 200 })),
		...[...articleNums].sort((a, b) => a - b).map((n) => ({ path: `/crpd/${n}`, status: 200 })),
		...f.periods.map((p) => ({ path: `/periods/${p.id}`, status: 200 })),
		{ path: '/no-such-page', status: 404 },
		{ path: '/themes/abc', status: 400 },
	];
}

/** The fixed pages and the first page of each other kind (theme, action, article, period, error). */
export function onePerKind(list) {
	const seen = new Set();
	return list.filter((p) => {
		if (FIXED_PAGES.includes(p.path)) return true;
		const kind = p.status !== 200 ? `error-${p.status}` : p.path.split('/')[1];
		if (seen.has(kind)) return false;
		seen.add(kind);
		return true;
	});
}

