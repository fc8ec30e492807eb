/*
 * Unit tests: the string buffer and its HTML and URL escaping.
 */
#include "core/buf.h"
#include "core/mem.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static char *html(const char *s)
{
	struct buf b = BUF_INIT;
	buf_html_escape(&b, s, strlen(s));
	return buf_release(&b);
}

Test(escape, html_specials)
{
	char *s = html("<script>alert(\"x\") & 'y'</script>");
	cr_assert_str_eq(s, "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
	free(s);
}

Test(escape, html_plain_text_unchanged)
{
	char *s = html("Iedereen doet mee – € 300.000");
	cr_assert_str_eq(s, "Iedereen doet mee – € 300.000");
	free(s);
}

Test(escape, html_embedded_nul_length)
{
	struct buf b = BUF_INIT;
	buf_html_escape(&b, "a<b\0<c", 6);
	cr_assert_eq(b.len, strlen("a&lt;b") + 1 + strlen("&lt;c"));
	buf_free(&b);
}

/* The escape of s as the rule says it, one byte at a time. */
static void html_reference(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_append(b, &s[i], 1);
		}
	}
}

/* Texts read sixteen bytes at a time: every special byte at every place
 * of texts of every length up to 70 (past four blocks, and the bytes after
 * the last block), alone, in pairs and next to bytes >= 0x80. */
Test(escape, html_every_place_and_length)
{
	const char specials[] = "&<>\"'";
	char s[72];
	for (size_t len = 0; len <= 70; len++) {
		for (size_t at = 0; at < len || (len == 0 && at == 0); at++) {
			for (size_t k = 0; k < 5; k++) {
				for (size_t i = 0; i < len; i++)
					s[i] = (char)(i % 7 == 3 ? 0xc3 : 'a' + (char)(i % 26));
				if (len) {
					s[at] = specials[k];
					s[(at * 7 + 5) % len] = specials[(k + 1) % 5];
				}
				s[len] = '\0';
				struct buf got = BUF_INIT, want = BUF_INIT;
				buf_html_escape(&got, s, len);
				html_reference(&want, s, len);
				cr_assert_eq(got.len, want.len, "length %zu, place %zu", len, at);
				cr_assert(memcmp(buf_cstr(&got), buf_cstr(&want), want.len) == 0, "length %zu, place %zu: %s", len,
				          at, buf_cstr(&got));
				buf_free(&got);
				buf_free(&want);
			}
		}
	}
}

Test(escape, url)
{
	struct buf b = BUF_INIT;
	const char *s = "a b/c?d=é&x";
	buf_url_escape(&b, s, strlen(s));
	cr_assert_str_eq(buf_cstr(&b), "a%20b%2Fc%3Fd%3D%C3%A9%26x");
	buf_free(&b);
}

Test(buf, grows_and_releases)
{
	struct buf b = BUF_INIT;
	cr_assert_str_eq(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	cr_assert_eq(b.len, strlen(b.data));
	cr_assert(strncmp(b.data, "0,1,2,", 6) == 0);
	char *s = buf_release(&b);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	free(s);
}

/* Bytes that fit below the size that gets a memory map of its own stay
 * below it (a page of 2.2 MB took 4 MB, a fresh map and 580 page faults
 * each time); more bytes than that still grow the buffer as needed. */
Test(buf, stays_below_a_map_of_its_own)
{
	static char chunk[64 * 1024];
	memset(chunk, 'x', sizeof(chunk));
	struct buf b = BUF_INIT;
	while (b.len < (size_t)2200 * 1024)
		buf_append(&b, chunk, sizeof(chunk));
	cr_assert_lt(b.cap, MEM_MAP_THRESHOLD, "%zu bytes in a buffer of %zu", b.len, b.cap);
	while (b.len < MEM_MAP_THRESHOLD - 4096 - sizeof(chunk))
		buf_append(&b, chunk, sizeof(chunk));
	cr_assert_lt(b.cap, MEM_MAP_THRESHOLD);
	while (b.len < (size_t)5 * 1024 * 1024)
		buf_append(&b, chunk, sizeof(chunk));
	cr_assert_geq(b.cap, b.len + 1);
	for (size_t i = 0; i < b.len; i += 4096)
		cr_assert_eq(b.data[i], 'x');
	buf_free(&b);
}

/* buf_format_ll writes what "%lld" writes, at both ends of the range too. */
Test(buf, format_ll_as_printf)
{
	const long long v[] = {0, 7, -1, 9, 10, -10, 999, 1000, 123456789, -987654321, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char want[32], got[BUF_LL_CHARS];
		int n = snprintf(want, sizeof(want), "%lld", v[i]);
		cr_assert_eq(buf_format_ll(got, v[i]), (size_t)n);
		cr_assert_str_eq(got, want);
	}
}
