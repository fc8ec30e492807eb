// HTTP tests of what the form layer does with bytes a field cannot hold
// (issue 13): a line break in a one-line field, a zero byte (which cut
// "abc%00def" to "abc" where it was stored) or another control character,
// and text that is not UTF-8 (which was reported as empty: "Vul Titel in").
// Each is refused with a message that says what is wrong, in the user's
// language, and nothing is saved; a line break in a text area is fine.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/form_bytes.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoSignedIn } from '../lib/auth.mjs';
import { sqlValue } from '../lib/db.mjs';
import { exitReport } from '../lib/server.mjs';

let srv, as;
before(async () => {
	({ srv, as } = await startDemoSignedIn());
});
after(async () => {
	if (!srv) return;
	const r = await srv.cleanup();
	assert.equal(r.code, 0, exitReport(r));
});

const narratives = () => sqlValue(srv.db, 'SELECT count(*) FROM narrative');

/** POST a new highlight with the title given as already-encoded form bytes. */
async function postTitle(encodedTitle, { lang = 'nl', body = 'Tekst.' } = {}) {
	const m = as.member;
	const form = `csrf=${encodeURIComponent(m.csrf)}&kind=highlight&body_md=${encodeURIComponent(body)}&title=${encodedTitle}`;
	return m.fetch(`/periods/3/narratives?lang=${lang}`, { method: 'POST', body: form,
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' } });
}

test('a zero byte in a title is refused with what is wrong, and nothing is stored (it cut abc%00def to abc)', async () => {
	const before = narratives();
	const r = await postTitle('abc%00def');
	assert.equal(r.status, 422, r.body.slice(0, 300));
	assert.match(r.json.errors.title, /^"Titel" bevat een teken dat niet bewaard kan worden/);
	assert.equal(narratives(), before);
	assert.equal(sqlValue(srv.db, "SELECT count(*) FROM narrative WHERE title = 'abc'"), 0);
	const en = await postTitle('abc%07def', { lang: 'en' });
	assert.equal(en.status, 422);
	assert.match(en.json.errors.title, /^"Title" contains a character that cannot be saved/);
});

test('a line break in a one-line field is refused; in a text area it is kept', async () => {
	const before = narratives();
	for (const t of ['abc%0Adef', 'abc%0D%0Adef', 'abc%0D']) {
		const r = await postTitle(t);
		assert.equal(r.status, 422, `${t}: ${r.body.slice(0, 200)}`);
		assert.match(r.json.errors.title, /^"Titel" moet op één regel staan/);
	}
	assert.equal(narratives(), before);
	const ok = await postTitle('Een%20titel', { body: 'Regel een.\n\nRegel twee.' });
	assert.equal(ok.status, 201, ok.body.slice(0, 300));
	assert.equal(narratives(), before + 1);
	assert.equal(sqlValue(srv.db, "SELECT body_md FROM narrative WHERE title = 'Een titel'"), 'Regel een.\n\nRegel twee.');
});

test('text that is not UTF-8 is refused as such, not as empty', async () => {
	const before = narratives();
	for (const t of ['abc%FFdef', '%C3', '%E2%82', '%ED%A0%80' /* a surrogate */, '%C0%AF' /* overlong */]) {
		const r = await postTitle(t);
		assert.equal(r.status, 422, `${t}: ${r.body.slice(0, 200)}`);
		assert.match(r.json.errors.title, /^"Titel" is geen leesbare tekst/, t);
		assert.doesNotMatch(r.json.errors.title, /Vul/);
	}
	const en = await postTitle('abc%FF', { lang: 'en' });
	assert.match(en.json.errors.title, /^"Title" is not readable text \(it is not UTF-8\)/);
	assert.equal(narratives(), before);
	// Real UTF-8 of every length is fine.
	const ok = await postTitle(encodeURIComponent('Één ﬁ 😀 titel'));
	assert.equal(ok.status, 201, ok.body.slice(0, 300));
});

test('JSON bodies: a line break in a one-line field is refused too; a zero byte is unreadable JSON', async () => {
	const before = narratives();
	const r = await as.member.postJson('/api/v1/periods/3/narratives', { kind: 'highlight', title: 'a\nb', body_md: 'x' });
	assert.equal(r.status, 422);
	assert.match(r.json.errors.title, /one line|één regel/);
	const nul = await as.member.fetch('/api/v1/periods/3/narratives', { method: 'POST', body: '{"kind":"highlight","title":"abc\\u0000def"}',
		headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': as.member.csrf } });
	assert.equal(nul.status, 422);
	assert.equal(narratives(), before);
});
