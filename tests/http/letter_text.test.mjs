// HTTP test of how the cover letter fills its fields (issue 13): a plain
// text field (an organisation's name, a highlight's title) that holds
// Markdown shows as written, never as a link, heading or bold, in the draft
// letter (HTML, Markdown, PDF) and in the files frozen when the period is
// published; a Markdown field (the highlight's text) is still Markdown.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/letter_text.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { exitReport } from '../lib/server.mjs';
import { sqlWrite } from '../lib/db.mjs';

let srv, as;
before(async () => {
	({ srv, as } = await startDemoSignedIn());
});
after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

const ORG = '[Klik hier](https://evil.example/org) & <b>Stichting</b>';
const TITLE = '**Vet** [link](https://evil.example/title) _schuin_';

/** A file of period 3 as the coordinator gets it: {status, text} (pdftotext for a PDF, plus the raw bytes). */
async function file(name) {
	const res = await fetch(`${srv.url}reports/3/${name}`, { headers: { cookie: [...as.coordinator.jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
	const bytes = Buffer.from(await res.arrayBuffer());
	let text = bytes.toString('utf8');
	if (name.endsWith('.pdf')) {
		const f = path.join(srv.dir, 'letter.pdf');
		fs.writeFileSync(f, bytes);
		text = execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
	}
	return { status: res.status, text, bytes };
}

function checkLetter(html, md, pdf) {
	// HTML: the names as text, no link, no bold from a title; the highlight's own Markdown is bold.
	assert.doesNotMatch(html, /href="https:\/\/evil\.example/, 'a name became a link');
	assert.doesNotMatch(html, /<strong>Vet<\/strong>|<em>schuin<\/em>/, 'a title became bold or italic');
	assert.doesNotMatch(html, /<b>Stichting<\/b>/);
	assert.match(html, /\[Klik hier\]\(https:\/\/evil\.example\/org\) &amp; &lt;b&gt;Stichting&lt;\/b&gt;/);
	assert.match(html, /\*\*Vet\*\* \[link\]\(https:\/\/evil\.example\/title\) _schuin_/);
	assert.match(html, /<strong>drempelvrij<\/strong>/, 'the highlight\'s text is Markdown');
	assert.doesNotMatch(html, /<h\d[^>]*>Kop<\/h\d>/, 'a line break in a name started a heading');
	// Markdown: escaped, so any Markdown reader shows the same text.
	assert.match(md, /\\\[Klik hier\\\]\(https:\/\/evil\.example\/org\) \\?& \\<b\\>Stichting\\<\/b\\>/);
	// PDF: the text as written, and no link annotation to the address.
	assert.match(pdf.text.replace(/\s+/g, ""), /\[Klikhier\]\(https:\/\/evil\.example\/org\)/);
	assert.doesNotMatch(pdf.bytes.toString('latin1'), /\/URI\s*\(https:\/\/evil\.example/);
}

test('Markdown in an organisation\'s name and a highlight\'s title stays text in the draft letter', async () => {
	const org = await as.member.post('/organisations', { kind: 'partner', name: ORG });
	assert.equal(org.status, 303, org.body.slice(0, 300));
	const n = await as.member.post('/periods/3/narratives', { kind: 'highlight', title: TITLE, body_md: 'Alle stembureaus zijn **drempelvrij**.' });
	assert.equal(n.status, 303, n.body.slice(0, 300));
	// A name with a line break, as an older version or an import could have stored it.
	sqlWrite(srv.db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'Zorg\n\n# Kop')");
	const html = (await file('letter-nl.html')).text;
	const md = (await file('letter-nl.md')).text;
	const pdf = await file('letter-nl.pdf');
	checkLetter(html, md, pdf);
	// The preview on the letter page fills the fields the same way.
	const page = await as.coordinator.get('/letter');
	const body = page.body.match(/<textarea[^>]*name="body_md"[^>]*>([\s\S]*?)<\/textarea>/)[1]
		.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
	const preview = await as.coordinator.post('/letter', { lang: 'nl', body_md: body, preview: '1' });
	assert.equal(preview.status, 200);
	assert.doesNotMatch(preview.body, /href="https:\/\/evil\.example/);
	assert.match(preview.body, /\[Klik hier\]\(https:\/\/evil\.example\/org\)/);
});

test('the letter frozen when the period is published holds the names as text too', async () => {
	const r = await as.coordinator.post('/periods/3/publish', { confirm: '1' });
	assert.ok([200, 303].includes(r.status), `${r.status} ${r.body.slice(0, 300)}`);
	const html = (await file('letter-nl.html')).text;
	const md = (await file('letter-nl.md')).text;
	const pdf = await file('letter-nl.pdf');
	checkLetter(html, md, pdf);
});
