/*
 * totp: see totp.h. liboath computes and checks the codes; libsodium gives
 * the randomness; libqrencode the QR modules, which are drawn here as one
 * SVG path.
 */
#include "core/totp.h"

#include "core/buf.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_BYTES 20

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready = OATH_OK;

static void start_oath(void)
{
	oath_ready = oath_init();
}

void totp_new_secret(char out[TOTP_SECRET_LEN + 1])
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char key[KEY_BYTES];
	randombytes_buf(key, sizeof(key));
	/* RFC 4648 base32: 20 bytes are exactly 32 characters, no padding. */
	for (size_t i = 0; i < TOTP_SECRET_LEN; i++) {
		size_t bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)key[byte] << 8 | (byte + 1 < sizeof(key) ? key[byte + 1] : 0);
		out[i] = alphabet[(v >> (11 - shift)) & 31];
	}
	out[TOTP_SECRET_LEN] = '\0';
	sodium_memzero(key, sizeof(key));
}

long long totp_step(time_t now)
{
	return (long long)(now / TOTP_STEP_S);
}

long long totp_check(const char *secret, const char *code, time_t now)
{
	if (!secret || !code || strlen(code) != TOTP_DIGITS)
		return -1;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	pthread_once(&oath_once, start_oath);
	if (oath_ready != OATH_OK)
		return -1;
	char *key = NULL;
	size_t len = 0;
	if (oath_base32_decode(secret, strlen(secret), &key, &len) != OATH_OK)
		return -1;
	int pos = 0;
	uint64_t step = 0;
	int rc = oath_totp_validate3(key, len, now, TOTP_STEP_S, 0, 1, &pos, &step, code);
	sodium_memzero(key, len);
	free(key);
	return rc >= 0 ? (long long)step : -1;
}

void totp_grouped(const char *secret, char out[TOTP_GROUPED_LEN + 1])
{
	size_t n = 0;
	for (size_t i = 0; secret[i] && n < TOTP_GROUPED_LEN; i++) {
		if (i && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = secret[i];
	}
	out[n] = '\0';
}

/* Percent-encode s for a URI's path or query. */
static void uri_part(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

char *totp_uri(const char *secret, const char *programme, const char *account)
{
	struct buf b = {0};
	buf_puts(&b, "otpauth://totp/");
	struct buf label = {0};
	buf_puts(&label, "lia");
	if (programme && *programme)
		buf_printf(&label, " (%s)", programme);
	buf_printf(&label, ":%s", account);
	char *l = buf_release(&label);
	uri_part(&b, l);
	free(l);
	buf_puts(&b, "?secret=");
	buf_puts(&b, secret);
	buf_printf(&b, "&issuer=lia&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP_S);
	return buf_release(&b);
}

static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '&': buf_puts(b, "&amp;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *s);
		}
	}
}

char *totp_qr_svg(const char *text, const char *label)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return NULL;
	const int quiet = 4, w = qr->width, size = w + 2 * quiet;
	struct buf b = {0};
	/* Black on white whatever the page's colours: a phone's camera needs
	 * the contrast, and the quiet zone around it. */
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" aria-label=\"");
	xml_text(&b, label);
	buf_printf(&b, "\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">"
	               "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	           size, size, size * 5, size * 5, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				buf_printf(&b, "M%d %dh1v1h-1z", x + quiet, y + quiet);
	buf_puts(&b, "\"/></svg>");
	QRcode_free(qr);
	return buf_release(&b);
}

void totp_recovery_code(char out[TOTP_RECOVERY_LEN + 1])
{
	/* No 0/O, 1/I/L: a code is read from paper and typed. */
	static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
	for (size_t i = 0; i < TOTP_RECOVERY_LEN; i++)
		out[i] = i == 5 ? '-' : alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[TOTP_RECOVERY_LEN] = '\0';
}

bool totp_recovery_normalise(const char *typed, char out[TOTP_RECOVERY_LEN + 1])
{
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		char c = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || n >= TOTP_RECOVERY_LEN)
			return false;
		out[n++] = c;
		if (n == 5)
			out[n++] = '-';
	}
	out[n] = '\0';
	return n == TOTP_RECOVERY_LEN;
}
