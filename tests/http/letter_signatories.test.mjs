// HTTP test of the letter's signatories (issue 15): the seed letter is signed
// by the municipal secretary and the mayor on behalf of the college. The
// coordinator records them on the letter page; every letter (HTML, Markdown,
// PDF, both languages, the draft and the files frozen on publishing) then
// ends with them. With none recorded the letter ends with the college's line,
// as before. A save that does not send the field keeps them; a change is in
// the audit log.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/letter_signatories.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { exitReport } from '../lib/server.mjs';
import { sqlValue } from '../lib/db.mjs';
import { textOf, norm } from '../lib/http.mjs';

let srv, as;
before(async () => {
	({ srv, as } = await startDemoSignedIn());
});
after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

const SIGNED = 'A.P.W. van de Klift, gemeentesecretaris\n\n  H.M.F. Bruls, burgemeester  \n';

/** A file of period 3 as the coordinator gets it, as plain text (pdftotext for a PDF). */
async function file(name) {
	const res = await fetch(`${srv.url}reports/3/${name}`, { headers: { cookie: [...as.coordinator.jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
	assert.equal(res.status, 200, name);
	const bytes = Buffer.from(await res.arrayBuffer());
	if (!name.endsWith('.pdf')) return { raw: bytes.toString('utf8'), text: norm(name.endsWith('.html') ? textOf(bytes.toString('utf8')) : bytes.toString('utf8')) };
	const f = path.join(srv.dir, 'signed.pdf');
	fs.writeFileSync(f, bytes);
	// The page numbers in the footer are not the letter's text.
	const text = execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).replace(/^(Pagina|Page) \d+\s*$/gm, '');
	return { raw: bytes.toString('latin1'), text: norm(text) };
}

const college = { nl: 'Het college van burgemeester en wethouders van Nijmegen', en: 'The mayor and aldermen of Nijmegen' };

/** The letter's text ends with the college's line, then exactly the given lines. */
function assertEnds(text, lang, lines, what) {
	const at = text.lastIndexOf(college[lang]);
	assert.ok(at >= 0, `${what}: the college's line`);
	const tail = norm(text.slice(at + college[lang].length)).replace(/\\/g, '');
	assert.equal(tail, lines.join(' '), `${what} ends with: ${tail.slice(0, 200)}`);
}

test('without signatories the letter ends with the college, as before', async () => {
	assert.equal(sqlValue(srv.db, 'SELECT letter_signatories FROM programme'), '');
	for (const lang of ['nl', 'en'])
		for (const fmt of ['html', 'md', 'pdf']) assertEnds((await file(`letter-${lang}.${fmt}`)).text, lang, [], `letter-${lang}.${fmt}`);
	const form = await as.coordinator.get('/letter');
	assert.match(form.body, /<textarea[^>]*name="signatories"[^>]*><\/textarea>/);
});

test('the coordinator records the signatories: every format and language ends with them, audited; a save without the field keeps them', async () => {
	const form = await as.coordinator.get('/api/v1/letter');
	const body = form.json.form.fields.find((f) => f.name === 'body_md').value;
	const audits = Number(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE entity = 'programme'"));
	const r = await as.coordinator.post('/letter', { lang: 'nl', body_md: body, signatories: SIGNED });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	assert.equal(Number(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE entity = 'programme'")), audits + 1);
	const lines = ['A.P.W. van de Klift, gemeentesecretaris', 'H.M.F. Bruls, burgemeester'];
	for (const lang of ['nl', 'en'])
		for (const fmt of ['html', 'md', 'pdf']) assertEnds((await file(`letter-${lang}.${fmt}`)).text, lang, lines, `letter-${lang}.${fmt}`);
	// In the English letter the Dutch functions are marked as Dutch.
	const en = (await file('letter-en.html')).raw;
	assert.match(en, /<p lang="nl">H\.M\.F\. Bruls, burgemeester<\/p>/);
	// The form shows them; saving only the text (an API client) keeps them.
	const page = (await as.coordinator.get('/letter')).body;
	assert.match(page, /name="signatories"[^>]*>A\.P\.W\. van de Klift, gemeentesecretaris/);
	// Names are no sentences: no readability score under them (the letter's text keeps its own).
	assert.doesNotMatch(page, /id="f-signatories-readability"/);
	assert.match(page, /id="f-body_md-readability"/);
	const keep = await as.coordinator.post('/letter', { lang: 'en', body_md: 'Dear council,\n\n{{summary}}' });
	assert.equal(keep.status, 303);
	assert.match(sqlValue(srv.db, 'SELECT letter_signatories FROM programme'), /^A\.P\.W\. van de Klift, gemeentesecretaris\s+H\.M\.F\. Bruls, burgemeester\s*$/);
	assert.equal(Number(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE entity = 'programme'")), audits + 1, 'nothing changed, nothing audited');
	// The preview uses the form's signatories.
	const pv = await as.coordinator.post('/letter', { lang: 'nl', body_md: body, signatories: 'Iemand Anders, wethouder', preview: '1' });
	assert.equal(pv.status, 200);
	assert.match(pv.body, /<p>Iemand Anders, wethouder<\/p>/);
	assert.equal(Number(sqlValue(srv.db, "SELECT count(*) FROM audit_entry WHERE entity = 'programme'")), audits + 1, 'a preview saves nothing');
});

test('the letter frozen on publishing ends with the signatories', async () => {
	const r = await as.coordinator.post('/periods/3/publish', { confirm: '1' });
	assert.ok([200, 303].includes(r.status), `${r.status} ${r.body.slice(0, 300)}`);
	const lines = ['A.P.W. van de Klift, gemeentesecretaris', 'H.M.F. Bruls, burgemeester'];
	for (const fmt of ['html', 'md', 'pdf']) assertEnds((await file(`letter-nl.${fmt}`)).text, 'nl', lines, `frozen letter-nl.${fmt}`);
	// Changing them afterwards does not change the frozen letter.
	const body = (await as.coordinator.get('/api/v1/letter')).json.form.fields.find((f) => f.name === 'body_md').value;
	assert.equal((await as.coordinator.post('/letter', { lang: 'nl', body_md: body, signatories: '' })).status, 303);
	assertEnds((await file('letter-nl.html')).text, 'nl', lines, 'frozen after a change');
});
