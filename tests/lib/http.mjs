// Small HTTP and HTML helpers for the tests (built-in fetch only).
import assert from 'node:assert/strict';

/** GET (or another method) without following redirects; returns {status, headers, body, json?}. */
export async function request(url, opts = {}) {
	const res = await fetch(url, { redirect: 'manual', ...opts });
	const body = await res.text();
	let json;
	const ct = res.headers.get('content-type') ?? '';
	if (/json/.test(ct) && body) {
		try { json = JSON.parse(body); } catch { json = undefined; }
	}
	return { status: res.status, headers: res.headers, body, json, url };
}

export const JSON_ACCEPT = { accept: 'application/json' };

/** GET as JSON via the /api/v1 prefix (path starts with "/"). */
export function apiPath(path) {
	return '/api/v1' + path;
}

/** Add or replace a query parameter on a path like "/themes/3". */
export function withQuery(path, key, value) {
	const u = new URL(path, 'http://x');
	u.searchParams.set(key, value);
	return u.pathname + u.search;
}

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', middot: '·', euro: '€', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', ndash: '–', mdash: '—', hellip: '…' };

/** Decode the HTML character references a template engine produces. */
export function decodeEntities(s) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
		if (e[0] === '#') {
			const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return Number.isFinite(cp) ? String.fromCodePoint(cp) : m;
		}
		return NAMED[e.toLowerCase()] ?? m;
	});
}

/** Visible-ish text of an HTML fragment: tags removed, entities decoded, white space collapsed. */
export function textOf(html) {
	return decodeEntities(html
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' '))
		.replace(/[\s\u00a0]+/g, ' ')
		.trim();
}

/** Collapse white space (and no-break spaces) for text comparisons. */
export function norm(s) {
	return String(s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The inner HTML of the first <main> element ('' if none). */
export function mainOf(html) {
	const m = /<main\b[^>]*>([\s\S]*?)<\/main>/i.exec(html);
	return m ? m[1] : '';
}

/** All tables: [{caption, head: [text], rows: [[text]], footer: [[text]], html}]. */
export function tables(html) {
	const out = [];
	for (const t of html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/gi)) {
		const inner = t[1];
		const cap = /<caption\b[^>]*>([\s\S]*?)<\/caption>/i.exec(inner);
		const section = (name) => {
			const m = new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`, 'i').exec(inner);
			return m ? m[1] : '';
		};
		const rowsOf = (h) => [...h.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)]
			.map((r) => [...r[1].matchAll(/<t([hd])\b[^>]*>([\s\S]*?)<\/t\1>/gi)].map((c) => textOf(c[2])));
		const head = rowsOf(section('thead'))[0] ?? [];
		const body = section('tbody') || inner.replace(/<thead\b[\s\S]*?<\/thead>/i, '').replace(/<tfoot\b[\s\S]*?<\/tfoot>/i, '');
		out.push({ caption: cap ? textOf(cap[1]) : '', head, rows: rowsOf(body), footer: rowsOf(section('tfoot')), html: inner });
	}
	return out;
}

/** Every href="..." in the HTML, decoded. */
export function links(html) {
	return [...html.matchAll(/\bhref="([^"]*)"/gi)].map((m) => decodeEntities(m[1]));
}

/** Count occurrences of a regular expression. */
export function count(re, s) {
	return [...s.matchAll(re)].length;
}

/** Integer cents from a Dutch euro amount such as "€ 227.345,90" or "€ 300.000" (NaN if not one). */
export function centsFromEuroNl(text) {
	const m = /(-|−)?\s*€\s*(-|−)?\s*([0-9][0-9.]*)(?:,([0-9]{2}|-))?/.exec(text);
	if (!m) return NaN;
	const euros = Number(m[3].replace(/\./g, ''));
	const cents = m[4] && m[4] !== '-' ? Number(m[4]) : 0;
	return (m[1] || m[2] ? -1 : 1) * (euros * 100 + cents);
}

/**
 * The values the first POST form in <main> shows (inputs, checked boxes and
 * radios, selected options, text areas), to send it back: {name: value, or
 * an array for a name that repeats}. The CSRF field is left out (the agent
 * adds its own). Fails the test if there is no such form.
 */
export function formValues(html) {
	const m = /<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(mainOf(html));
	assert.ok(m, 'a form');
	const f = m[1];
	const out = {};
	const add = (k, v) => { if (k in out) out[k] = [].concat(out[k], v); else out[k] = v; };
	const attr = (tag, a) => { const x = new RegExp(`\\b${a}="([^"]*)"`).exec(tag); return x ? decodeEntities(x[1]) : null; };
	for (const [tag] of f.matchAll(/<input\b[^>]*>/g)) {
		const name = attr(tag, 'name'), type = attr(tag, 'type') ?? 'text';
		if (!name || name === 'csrf') continue;
		if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(tag)) continue;
		add(name, attr(tag, 'value') ?? '');
	}
	for (const s of f.matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
		const sel = /<option value="([^"]*)"[^>]*\bselected\b/.exec(s[2]);
		add(s[1], sel ? decodeEntities(sel[1]) : '');
	}
	for (const t of f.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(t[1], decodeEntities(t[2]).replace(/^\n/, ''));
	return out;
}
