// What the browser tests of the progress report (tests/e2e/report.test.mjs
// for the public report, report_signed_in.test.mjs for the coordinator's
// pages) share: screenshot names, opening a page with its expected status,
// and axe with a screenshot of the page as it is.
import assert from 'node:assert/strict';
import path from 'node:path';

import { runAxe, formatViolations, SCREENSHOT_DIR, saveShot } from './browser.mjs';

export const LANGS = ['nl', 'en'];

/** The path of screenshot report-NAME.png. */
export const shot = (name) => path.join(SCREENSHOT_DIR, `report-${name}.png`);

/** axe on the page as it is now, and a full-page screenshot report-NAME.png; where names the page in the message. */
export async function axeClean(p, where, name) {
	const r = await runAxe(p);
	await saveShot(p, shot(name));
	assert.equal(r.violations.length, 0, `${where}:\n${formatViolations(r.violations)}`);
}

/** Go to url in p and expect the status. */
export async function open(p, url, status = 200) {
	const res = await p.goto(url);
	assert.equal(res.status(), status, url);
	return res;
}
