/*
 * smtp: sending one message through a relay with libcurl (see smtp.h). The
 * bodies are base64 in lines of 76 characters, so no line is ever too long
 * and no byte of the text is read as SMTP (a lone "." line).
 */
#include "core/smtp.h"

#include "core/buf.h"
#include "core/mem.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ready;

static void curl_start(void)
{
	curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* s as base64 in CRLF lines of at most 76 characters (wrap) or one line. */
static void put_base64(struct buf *b, const char *s, size_t n, bool wrap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63], i + 1 < n ? b64[(v >> 6) & 63] : '=',
		             i + 2 < n ? b64[v & 63] : '='};
		buf_append(b, q, 4);
		col += 4;
		if (wrap && col >= 76 && i + 3 < n) {
			buf_puts(b, "\r\n");
			col = 0;
		}
	}
	if (wrap)
		buf_puts(b, "\r\n");
}

/* A header value without line breaks (nothing can add a header). */
static char *one_line(const char *s)
{
	char *v = mem_strdup(s ? s : "");
	for (char *p = v; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	return v;
}

static bool ascii_only(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x7f || *p < 0x20)
			return false;
	return true;
}

/* A header word: as it is when plain ASCII, else RFC 2047 base64. */
static void put_word(struct buf *b, const char *s)
{
	char *v = one_line(s);
	if (ascii_only(v)) {
		buf_puts(b, v);
	} else {
		buf_puts(b, "=?UTF-8?B?");
		put_base64(b, v, strlen(v), false);
		buf_puts(b, "?=");
	}
	free(v);
}

/* "Name" <address>, the name quoted or encoded. */
static void put_mailbox(struct buf *b, const char *name, const char *addr)
{
	char *a = one_line(addr);
	char *n = one_line(name);
	if (*n && ascii_only(n) && !strpbrk(n, "\"\\")) {
		buf_printf(b, "\"%s\" ", n);
	} else if (*n) {
		put_word(b, n);
		buf_putc(b, ' ');
	}
	buf_printf(b, "<%s>", a);
	free(a);
	free(n);
}

char *smtp_format(const struct smtp_relay *r, const struct smtp_message *m, const char *date)
{
	struct buf b = BUF_INIT;
	char boundary[64];
	snprintf(boundary, sizeof(boundary), "=_lia_%08lx_alt", (unsigned long)(strlen(m->text) * 2654435761u));
	buf_printf(&b, "Date: %s\r\n", date);
	buf_puts(&b, "From: ");
	put_mailbox(&b, "", r->from);
	buf_puts(&b, "\r\nTo: ");
	put_mailbox(&b, m->to_name, m->to);
	buf_puts(&b, "\r\nSubject: ");
	put_word(&b, m->subject);
	buf_puts(&b, "\r\n");
	if (m->message_id) {
		char *id = one_line(m->message_id);
		buf_printf(&b, "Message-ID: %s\r\n", id);
		free(id);
	}
	buf_printf(&b, "Content-Language: %s\r\n", strcmp(m->lang ? m->lang : "nl", "en") == 0 ? "en" : "nl");
	buf_puts(&b, "Auto-Submitted: auto-generated\r\n");
	buf_puts(&b, "MIME-Version: 1.0\r\n");
	buf_printf(&b, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
	buf_printf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
	           boundary);
	put_base64(&b, m->text, strlen(m->text), true);
	buf_printf(&b, "--%s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
	           boundary);
	put_base64(&b, m->html, strlen(m->html), true);
	buf_printf(&b, "--%s--\r\n", boundary);
	return buf_release(&b);
}

bool smtp_url_ok(const char *url)
{
	if (!url)
		return false;
	const char *host = strncmp(url, "smtp://", 7) == 0 ? url + 7 : strncmp(url, "smtps://", 8) == 0 ? url + 8 : NULL;
	if (!host || !*host || *host == ':' || *host == '/')
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

const char *smtp_relay_refusal(const struct smtp_relay *r)
{
	if (!r->plain)
		return NULL;
	if (r->user && *r->user)
		return "plain text (--smtp-plain) is never used with a user name and password: they would cross the network"
		       " readable; use TLS (smtps://, or a relay with STARTTLS)";
	if (r->url && strncmp(r->url, "smtps://", 8) == 0)
		return "--smtp-plain is for smtp:// only; smtps:// is always TLS";
	return NULL;
}

struct reader {
	const char *data;
	size_t len, at;
};

static size_t read_cb(char *out, size_t size, size_t nmemb, void *arg)
{
	struct reader *rd = arg;
	size_t room = size * nmemb, left = rd->len - rd->at;
	size_t n = left < room ? left : room;
	memcpy(out, rd->data + rd->at, n);
	rd->at += n;
	return n;
}

int smtp_send(const struct smtp_relay *r, const struct smtp_message *m, long timeout_s, char **err, bool *permanent)
{
	*err = NULL;
	*permanent = false;
	const char *refusal = smtp_relay_refusal(r);
	if (refusal) {
		*err = mem_strdup(refusal);
		*permanent = true;
		return -1;
	}
	pthread_once(&curl_once, curl_start);
	CURL *c = curl_ready ? curl_easy_init() : NULL;
	if (!c) {
		*err = mem_strdup("libcurl could not start");
		return -1;
	}
	/* RFC 5322 names days and months in English, whatever the locale
	 * (strftime's %a and %b would follow LC_TIME). */
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = time(NULL);
	struct tm tm;
	char date[64];
	gmtime_r(&t, &tm);
	snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
	         months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	char *msg = smtp_format(r, m, date);
	struct reader rd = {msg, strlen(msg), 0};
	char *from = one_line(r->from), *to = one_line(m->to);
	struct buf fb = BUF_INIT, tb = BUF_INIT;
	buf_printf(&fb, "<%s>", from);
	buf_printf(&tb, "<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, buf_cstr(&tb));
	char ebuf[CURL_ERROR_SIZE] = "";

	curl_easy_setopt(c, CURLOPT_URL, r->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, buf_cstr(&fb));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_INFILESIZE, (long)rd.len);
	/* STARTTLS required: a relay or a man in the middle that does not offer
	 * it must not get the messages (their links) or the password in clear. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, r->plain ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_s < 10 ? timeout_s : 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	if (r->user && *r->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, r->password ? r->password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_USE_SSL_FAILED) {
		*err = mem_strdup("the relay offers no TLS (STARTTLS), and lia does not send mail in clear text: use smtps://,"
		                  " a relay with STARTTLS, or --smtp-plain for a relay on a trusted network");
		*permanent = true;
	} else if (rc != CURLE_OK) {
		char e[CURL_ERROR_SIZE + 64];
		snprintf(e, sizeof(e), "%s%s%s", curl_easy_strerror(rc), *ebuf ? ": " : "", ebuf);
		if (code >= 400)
			snprintf(e + strlen(e), sizeof(e) - strlen(e), " (SMTP %ld)", code);
		*err = mem_strdup(e);
		*permanent = code >= 500 && code < 600;
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	buf_free(&fb);
	buf_free(&tb);
	free(from);
	free(to);
	free(msg);
	return rc == CURLE_OK ? 0 : -1;
}
