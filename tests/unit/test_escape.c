/*
 * Unit tests: the string buffer and its HTML and URL escaping.
 */
#include "core/buf.h"

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
