// A real SMTP server on loopback for the mail tests: Debian's python3-aiosmtpd,
// started by the test (tests/lib/smtp.py) on a free port, writing each message
// it accepts to a folder that the test reads.
//
//   const smtp = await startSmtp();            // {port, url, dir, messages(), waitFor(), refuse(), stop()}
//   lia ... --smtp-url smtp.url --smtp-from lia@example.nl
//   const [m] = await smtp.waitFor((m) => m.to === 'a@example.org');
//   m.subject, m.text, m.html, m.headers['content-language']
//   smtp.refuse('451 4.3.0 try again later');  // answer DATA with this until refuse(null)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, removeDir } from './server.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's, which sees python3-aiosmtpd
const SCRIPT = path.resolve(import.meta.dirname, 'smtp.py');

/** RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=) decoded. */
function decodeWords(s) {
	return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc, data) =>
		enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8')
			: Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** Headers (lower-case names, folded lines joined) and body of a MIME entity. */
function splitEntity(raw) {
	const at = raw.search(/\r?\n\r?\n/);
	const head = at < 0 ? raw : raw.slice(0, at);
	const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return { headers, body };
}

function decodeBody(headers, body) {
	const te = (headers['content-transfer-encoding'] ?? '').toLowerCase();
	if (te === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	if (te === 'quoted-printable')
		return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
	return body;
}

/** A received message: {file, raw, headers, to, subject, parts: [{type, body}], text, html}. */
export function parseMessage(raw, file = '') {
	const { headers, body } = splitEntity(raw);
	const type = headers['content-type'] ?? 'text/plain';
	const parts = [];
	const b = /boundary="?([^";]+)"?/i.exec(type);
	if (/^multipart\//i.test(type) && b) {
		for (const chunk of body.split(`--${b[1]}`).slice(1)) {
			if (chunk.startsWith('--')) break;
			const p = splitEntity(chunk.replace(/^\r?\n/, ''));
			parts.push({ type: (p.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(), headers: p.headers,
				body: decodeBody(p.headers, p.body) });
		}
	} else {
		parts.push({ type: type.split(';')[0].trim().toLowerCase(), headers, body: decodeBody(headers, body) });
	}
	const to = (/<([^>]+)>/.exec(headers.to ?? '') ?? [null, headers.to])[1];
	return {
		file, raw, headers, to, subject: decodeWords(headers.subject ?? ''), parts,
		text: parts.find((p) => p.type === 'text/plain')?.body ?? null,
		html: parts.find((p) => p.type === 'text/html')?.body ?? null,
	};
}

/** Start the server; resolves once it listens. */
export function startSmtp() {
	const dir = tempDir('lia-smtp-');
	const child = spawn(PYTHON, [SCRIPT, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '', err = '';
	child.stderr.on('data', (d) => { err += d; });
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the SMTP server did not start\n${err}`)), 15000);
		child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the SMTP server exited (${code})\n${err}`)); });
		child.stdout.on('data', (d) => {
			out += d;
			const m = /port (\d+)/.exec(out);
			if (!m) return;
			clearTimeout(timer);
			const port = Number(m[1]);
			const s = {
				port, dir, child, url: `smtp://127.0.0.1:${port}`,
				stderr: () => err,
				/** Every message received so far, in order. */
				messages() {
					return fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()
						.map((f) => parseMessage(fs.readFileSync(path.join(dir, f), 'utf8'), f));
				},
				/** Wait until pred matches n messages (default 1); resolves with them. */
				async waitFor(pred, n = 1, ms = 20000) {
					const end = Date.now() + ms;
					for (;;) {
						const found = s.messages().filter(pred);
						if (found.length >= n) return found;
						if (Date.now() > end) throw new Error(`no ${n} matching message(s) within ${ms} ms; received: ${JSON.stringify(s.messages().map((m) => [m.to, m.subject]))}`);
						await new Promise((r) => setTimeout(r, 100));
					}
				},
				/** Answer DATA with this SMTP reply ("451 ...", "550 ...") until refuse(null). */
				refuse(reply) {
					const f = path.join(dir, 'refuse');
					if (reply) fs.writeFileSync(f, `${reply}\n`); else fs.rmSync(f, { force: true });
				},
				async stop() {
					child.removeAllListeners('exit');
					if (child.exitCode === null) {
						const done = new Promise((r) => child.once('exit', r));
						child.kill('SIGTERM');
						await done;
					}
					removeDir(dir);
				},
			};
			resolve(s);
		});
	});
}
