/*
 * mustache: compiles Mustache templates into a flat node array and renders
 * them against jansson data. Compiling does all the work that does not depend
 * on data: tags are tokenized once, standalone lines are removed, dotted names
 * are split into NUL-terminated parts, and the indentation rules of template
 * inheritance are applied to the text. Rendering then only walks the node array,
 * looks names up and appends to the caller's buffer; it keeps its state (context
 * stack, indentation, block arguments) in small structs on the C stack, so a
 * compiled template is never written to and can be shared between threads.
 *
 * Layout of a compiled template: one allocation holding the header, the node
 * array (in document order; a section's children follow it and its `end` is the
 * index just past its last descendant), the name parts, a pool of NUL-terminated
 * names and the text that is emitted (literal text and indentation strings).
 */
#include "view/mustache.h"

#include "core/mem.h"

#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Partials, parents and overridden blocks nested deeper than this at render
 * time are taken to be a loop: mu_render() fails instead of overflowing. */
#define MU_MAX_DEPTH 64
/* Sections nested deeper than this in one template are a compile error; it
 * bounds the compiler's fixed stacks and the renderer's recursion. */
#define MU_MAX_NESTING 256
/* Offsets are 32-bit to keep nodes small. */
#define MU_MAX_SOURCE (UINT32_MAX / 4)

/* ---- compiled form ---- */

enum node_kind {
	N_TEXT,     /* a = offset in text, b = length */
	N_VAR,      /* {{name}}: a = first part, b = number of parts (0: "{{.}}") */
	N_RAW,      /* {{{name}}} and {{&name}}: as N_VAR, never escaped */
	N_SECTION,  /* {{#name}}: as N_VAR; children up to end */
	N_INVERTED, /* {{^name}}: as N_VAR; children up to end */
	N_PARTIAL,  /* {{>name}}: a = name in pool; ind = indentation if standalone */
	N_PARENT,   /* {{<name}}: as N_PARTIAL; its direct N_BLOCK children are arguments */
	N_BLOCK,    /* {{$name}}: a = name in pool; ind = indentation for an argument
	             * rendered here, own = indentation of its own default content */
};

#define NF_STANDALONE 1 /* partial, parent, block: the tag had its line to itself */
#define NF_LF 2         /* block "{{$x}}{{/x}}" on its own line: end the line after */
#define NF_CRLF 4       /* the content, with "\n" or "\r\n", unless it ended one */

struct node {
	uint8_t kind;
	uint8_t flags;
	uint32_t line; /* of the tag in the source, for strict-mode messages */
	uint32_t end; /* index just past this node and its descendants */
	uint32_t a, b;
	uint32_t ind, ind_len; /* in text */
	uint32_t own, own_len; /* in text */
};

struct mu_template {
	const struct node *nodes;
	const uint32_t *parts; /* offsets of NUL-terminated name parts in pool */
	const char *pool;
	const char *text;
	uint32_t nnodes;
};

/* ---- compiler ---- */

enum tok_type {
	T_TEXT,
	T_VAR,
	T_RAW,
	T_SECTION,
	T_INVERTED,
	T_CLOSE,
	T_COMMENT,
	T_PARTIAL,
	T_PARENT,
	T_BLOCK,
	T_DELIM,
};

#define TF_STANDALONE 1 /* the tag's line is removed from the output */
#define TF_PAIRED 2     /* "{{$x}}{{/x}}" alone on a line: see NF_LF */
#define TF_ARG 4        /* a block that is a direct child of a parent tag */

struct tok {
	uint8_t type;
	uint8_t flags;
	uint32_t start, end; /* text, or the whole tag with its delimiters */
	uint32_t name, nlen; /* the tag's content, trimmed */
	uint32_t line;
	uint32_t match;      /* section tags: index of the matching open/close */
	uint32_t ls, le;     /* standalone: line start; just past the line's newline */
	uint32_t ind_end;    /* standalone: indentation is [ls, ind_end) */
};

struct cstate {
	const char *src;
	uint32_t len;
	struct tok *toks;
	uint32_t ntoks, tcap;
	struct buf err;

	struct node *nodes;
	uint32_t nnodes, ncap;
	uint32_t *parts;
	uint32_t nparts, pcap;
	struct buf pool;
	struct buf text;
	bool merge; /* the last node is text that the next text may extend */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Formats "line N: ..." into cs->err and returns -1. */
static int __attribute__((format(printf, 3, 4)))
cerror(struct cstate *cs, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&cs->err);
	buf_printf(&cs->err, "line %u: ", (unsigned)line);
	va_start(ap, fmt);
	buf_vprintf(&cs->err, fmt, ap);
	va_end(ap);
	return -1;
}

static struct tok *tok_add(struct cstate *cs, uint8_t type, uint32_t start, uint32_t end)
{
	if (cs->ntoks == cs->tcap) {
		cs->tcap = cs->tcap ? cs->tcap * 2 : 64;
		cs->toks = mem_realloc(cs->toks, cs->tcap * sizeof(*cs->toks));
	}
	struct tok *t = &cs->toks[cs->ntoks++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->start = start;
	t->end = end;
	return t;
}

/* The first occurrence of ctag at or after from whose preceding byte, also at
 * or after from, is pre (for "}}}" and "=}}"); any occurrence if pre is 0. */
static const char *find_close(const char *src, size_t from, size_t len, char pre,
                              const char *ctag, size_t clen)
{
	size_t p = from;
	while (p < len) {
		const char *f = memmem(src + p, len - p, ctag, clen);
		if (!f)
			return NULL;
		size_t at = (size_t)(f - src);
		if (!pre || (at > from && f[-1] == pre))
			return f;
		p = at + 1;
	}
	return NULL;
}

static const char *tag_word(const struct tok *t)
{
	switch (t->type) {
	case T_INVERTED: return "inverted section";
	case T_PARENT: return "parent";
	case T_BLOCK: return "block";
	default: return "section";
	}
}

/* Names are non-empty and contain no whitespace; dotted names (variables and
 * sections) also have no empty parts, except the implicit iterator ".". */
static int check_name(struct cstate *cs, const struct tok *t, bool dotted)
{
	const char *s = cs->src + t->name;
	int shown = t->nlen > 60 ? 60 : (int)t->nlen;
	if (t->nlen == 0)
		return cerror(cs, t->line, "empty tag");
	for (uint32_t i = 0; i < t->nlen; i++)
		if (is_space(s[i]))
			return cerror(cs, t->line, "bad name '%.*s'", shown, s);
	if (!dotted || (t->nlen == 1 && s[0] == '.'))
		return 0;
	if (s[0] == '.' || s[t->nlen - 1] == '.' || memmem(s, t->nlen, "..", 2))
		return cerror(cs, t->line, "bad name '%.*s'", shown, s);
	return 0;
}

/* Parses the content of a set-delimiter tag ("<% %>") into the new delimiters,
 * which point into the source. */
static int set_delims(struct cstate *cs, const struct tok *t, const char **otag, size_t *olen,
                      const char **ctag, size_t *clen)
{
	const char *s = cs->src + t->name;
	uint32_t n = t->nlen, i = 0, j;
	while (i < n && !is_space(s[i]))
		i++;
	j = i;
	while (j < n && is_space(s[j]))
		j++;
	if (i == 0 || j == i || j == n || memchr(s, '=', n))
		return cerror(cs, t->line, "bad set-delimiter tag");
	for (uint32_t k = j; k < n; k++)
		if (is_space(s[k]))
			return cerror(cs, t->line, "bad set-delimiter tag");
	*otag = s;
	*olen = i;
	*ctag = s + j;
	*clen = n - j;
	return 0;
}

/* Splits the source into text and tag tokens, following set-delimiter tags,
 * checks names, and pairs section tags (reporting unclosed and mismatched ones). */
static int tokenize(struct cstate *cs)
{
	const char *src = cs->src;
	size_t len = cs->len, pos = 0, counted = 0;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	uint32_t line = 1;
	uint32_t stack[MU_MAX_NESTING];
	size_t depth = 0;

	while (pos < len) {
		const char *o = memmem(src + pos, len - pos, otag, olen);
		size_t p = o ? (size_t)(o - src) : len;
		if (p > pos)
			tok_add(cs, T_TEXT, (uint32_t)pos, (uint32_t)p);
		if (!o)
			break;
		for (; counted < p; counted++)
			line += src[counted] == '\n';

		size_t q = p + olen, ns = q + 1;
		char sigil = q < len ? src[q] : '\0', pre = '\0';
		uint8_t type;
		switch (sigil) {
		case '#': type = T_SECTION; break;
		case '^': type = T_INVERTED; break;
		case '/': type = T_CLOSE; break;
		case '!': type = T_COMMENT; break;
		case '>': type = T_PARTIAL; break;
		case '<': type = T_PARENT; break;
		case '$': type = T_BLOCK; break;
		case '&': type = T_RAW; break;
		case '{': type = T_RAW; pre = '}'; break;
		case '=': type = T_DELIM; pre = '='; break;
		default: type = T_VAR; ns = q; break;
		}
		const char *c = find_close(src, ns, len, pre, ctag, clen);
		if (!c)
			return cerror(cs, line, "tag is not closed");
		size_t ne = (size_t)(c - src) - (pre ? 1 : 0);
		while (ns < ne && is_space(src[ns]))
			ns++;
		while (ne > ns && is_space(src[ne - 1]))
			ne--;

		uint32_t ti = cs->ntoks;
		struct tok *t = tok_add(cs, type, (uint32_t)p, (uint32_t)((size_t)(c - src) + clen));
		t->name = (uint32_t)ns;
		t->nlen = (uint32_t)(ne - ns);
		t->line = line;
		pos = t->end;

		switch (type) {
		case T_COMMENT:
			break;
		case T_DELIM:
			if (set_delims(cs, t, &otag, &olen, &ctag, &clen))
				return -1;
			break;
		case T_VAR:
		case T_RAW:
			if (check_name(cs, t, true))
				return -1;
			break;
		case T_PARTIAL:
			if (check_name(cs, t, false))
				return -1;
			break;
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
			if (check_name(cs, t, type == T_SECTION || type == T_INVERTED))
				return -1;
			if (depth == MU_MAX_NESTING)
				return cerror(cs, line, "sections are nested too deeply");
			if (type == T_BLOCK && depth && cs->toks[stack[depth - 1]].type == T_PARENT)
				t->flags |= TF_ARG;
			stack[depth++] = ti;
			break;
		case T_CLOSE: {
			if (check_name(cs, t, false))
				return -1;
			int shown = t->nlen > 60 ? 60 : (int)t->nlen;
			if (!depth)
				return cerror(cs, line, "closing tag '%.*s' has no open section",
				              shown, src + t->name);
			struct tok *open = &cs->toks[stack[--depth]];
			if (open->nlen != t->nlen || memcmp(src + open->name, src + t->name, t->nlen)) {
				int oshown = open->nlen > 60 ? 60 : (int)open->nlen;
				return cerror(cs, line, "closing tag '%.*s' does not match %s '%.*s' opened on line %u",
				              shown, src + t->name, tag_word(open), oshown,
				              src + open->name, (unsigned)open->line);
			}
			open->match = ti;
			t->match = stack[depth];
			break;
		}
		}
	}
	if (depth) {
		const struct tok *open = &cs->toks[stack[depth - 1]];
		int shown = open->nlen > 60 ? 60 : (int)open->nlen;
		return cerror(cs, open->line, "%s '%.*s' is not closed", tag_word(open), shown,
		              cs->src + open->name);
	}
	return 0;
}

static bool all_blank(const char *s, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (!is_blank(s[i]))
			return false;
	return true;
}

/* May this tag share a standalone line with other tags? Only the tags of
 * template inheritance may ("{{<parent}}{{$block}}", "{{/block}}{{/parent}}",
 * "{{<parent}}{{/parent}}"), and of blocks only the arguments of a parent. */
static bool may_share_line(const struct cstate *cs, const struct tok *t)
{
	switch (t->type) {
	case T_PARENT:
		return true;
	case T_BLOCK:
		return t->flags & TF_ARG;
	case T_CLOSE: {
		const struct tok *open = &cs->toks[t->match];
		return open->type == T_PARENT || (open->type == T_BLOCK && (open->flags & TF_ARG));
	}
	default:
		return false;
	}
}

/* Finds standalone lines: a line holding only whitespace and one non-variable
 * tag (or several inheritance tags) is removed from the output, indentation
 * and line ending included. The surrounding text tokens are trimmed. */
static void mark_standalone(struct cstate *cs)
{
	const char *src = cs->src;
	uint32_t len = cs->len;
	for (uint32_t i = 0; i < cs->ntoks; i++) {
		struct tok *t = &cs->toks[i];
		if (t->type == T_TEXT || t->type == T_VAR || t->type == T_RAW)
			continue;
		uint32_t ls = t->start;
		while (ls > 0 && is_blank(src[ls - 1]))
			ls--;
		if (ls > 0 && src[ls - 1] != '\n')
			continue;

		/* The tags on this line, separated by blanks only. */
		uint32_t j = i, n = 1;
		for (;;) {
			uint32_t k = j + 1;
			if (k < cs->ntoks && cs->toks[k].type == T_TEXT &&
			    all_blank(src, cs->toks[k].start, cs->toks[k].end))
				k++;
			if (k >= cs->ntoks || cs->toks[k].type == T_TEXT)
				break;
			j = k;
			n++;
		}
		uint32_t p = cs->toks[j].end, le;
		while (p < len && is_blank(src[p]))
			p++;
		if (p == len)
			le = p;
		else if (src[p] == '\n')
			le = p + 1;
		else if (src[p] == '\r' && p + 1 < len && src[p + 1] == '\n')
			le = p + 2;
		else
			continue;

		bool paired = false, ok = true;
		if (n == 2 && j == i + 1 && t->type == T_BLOCK && !(t->flags & TF_ARG) && t->match == j) {
			paired = true;
		} else if (n > 1) {
			for (uint32_t k = i; k <= j && ok; k++)
				if (cs->toks[k].type != T_TEXT && !may_share_line(cs, &cs->toks[k]))
					ok = false;
		}
		if (!ok) {
			i = j;
			continue;
		}
		for (uint32_t k = i; k <= j; k++) {
			struct tok *u = &cs->toks[k];
			if (u->type == T_TEXT) {
				u->start = u->end;
				continue;
			}
			u->flags |= TF_STANDALONE | (paired ? TF_PAIRED : 0);
			u->ls = ls;
			u->le = le;
			u->ind_end = k == i ? u->start : ls;
		}
		if (i > 0 && cs->toks[i - 1].type == T_TEXT)
			cs->toks[i - 1].end = ls;
		if (j + 1 < cs->ntoks && cs->toks[j + 1].type == T_TEXT)
			cs->toks[j + 1].start = le;
		i = j;
	}
}

static struct node *node_add(struct cstate *cs, uint8_t kind)
{
	if (cs->nnodes == cs->ncap) {
		cs->ncap = cs->ncap ? cs->ncap * 2 : 32;
		cs->nodes = mem_realloc(cs->nodes, cs->ncap * sizeof(*cs->nodes));
	}
	struct node *n = &cs->nodes[cs->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->end = ++cs->nnodes;
	cs->merge = false;
	return n;
}

static uint32_t pool_add(struct cstate *cs, const char *s, size_t len)
{
	uint32_t off = (uint32_t)cs->pool.len;
	buf_append(&cs->pool, s, len);
	buf_putc(&cs->pool, '\0');
	return off;
}

/* Appends a name's parts ("a.b" -> "a", "b") and sets n->a and n->b. */
static void add_parts(struct cstate *cs, struct node *n, const struct tok *t)
{
	const char *s = cs->src + t->name;
	n->a = cs->nparts;
	n->b = 0;
	if (t->nlen == 1 && s[0] == '.')
		return;
	size_t i = 0;
	while (i < t->nlen) {
		const char *dot = memchr(s + i, '.', t->nlen - i);
		size_t e = dot ? (size_t)(dot - s) : t->nlen;
		if (cs->nparts == cs->pcap) {
			cs->pcap = cs->pcap ? cs->pcap * 2 : 32;
			cs->parts = mem_realloc(cs->parts, cs->pcap * sizeof(*cs->parts));
		}
		cs->parts[cs->nparts++] = pool_add(cs, s + i, e - i);
		n->b++;
		i = e + 1;
	}
}

/* Copies src[from, to) to the text, without its first strip bytes (which are
 * blanks of indentation removed by an enclosing block); returns the offset. */
static uint32_t text_add(struct cstate *cs, uint32_t from, uint32_t to, uint32_t strip,
                         uint32_t *len)
{
	from += strip < to - from ? strip : to - from;
	uint32_t off = (uint32_t)cs->text.len;
	buf_append(&cs->text, cs->src + from, to - from);
	*len = to - from;
	return off;
}

/* Emits a text token, removing up to strip leading blanks from each line that
 * starts in it (the indentation of the enclosing standalone block). */
static void emit_text(struct cstate *cs, uint32_t s, uint32_t e, uint32_t strip)
{
	const char *src = cs->src;
	if (s >= e)
		return;
	size_t off = cs->text.len;
	if (!strip) {
		buf_append(&cs->text, src + s, e - s);
	} else {
		bool bol = s == 0 || src[s - 1] == '\n';
		while (s < e) {
			for (uint32_t k = 0; bol && k < strip && s < e && is_blank(src[s]); k++)
				s++;
			const char *nl = memchr(src + s, '\n', e - s);
			uint32_t stop = nl ? (uint32_t)(nl - src) + 1 : e;
			buf_append(&cs->text, src + s, stop - s);
			s = stop;
			bol = true;
		}
	}
	if (cs->text.len == off)
		return;
	if (cs->merge) {
		cs->nodes[cs->nnodes - 1].b += (uint32_t)(cs->text.len - off);
		return;
	}
	struct node *n = node_add(cs, N_TEXT);
	n->a = (uint32_t)off;
	n->b = (uint32_t)(cs->text.len - off);
	cs->merge = true;
}

/* The longest common run of leading blanks of the non-blank lines in
 * src[from, to) (a block's body, starting at a line start), as a length; *at
 * is where one copy of it starts. Returns false if there is no such line. */
static bool common_indent(const char *src, uint32_t from, uint32_t to, uint32_t *len, uint32_t *at)
{
	bool any = false;
	uint32_t best = 0, bat = 0, p = from;
	while (p < to) {
		uint32_t ws = p, eol;
		while (ws < to && is_blank(src[ws]))
			ws++;
		const char *nl = memchr(src + ws, '\n', to - ws);
		eol = nl ? (uint32_t)(nl - src) : to;
		bool blank = ws == eol || (src[ws] == '\r' && ws + 1 == eol && eol < to);
		if (!blank) {
			uint32_t n = ws - p;
			if (!any) {
				best = n;
				bat = p;
				any = true;
			} else {
				uint32_t k = 0;
				while (k < best && k < n && src[bat + k] == src[p + k])
					k++;
				best = k;
			}
		}
		p = eol + 1;
	}
	*len = best;
	*at = bat;
	return any;
}

/* The node a tag becomes (text, comments, delimiters and closing tags
 * become none). */
static const uint8_t node_of[] = {
	[T_VAR] = N_VAR, [T_RAW] = N_RAW, [T_SECTION] = N_SECTION, [T_INVERTED] = N_INVERTED,
	[T_PARTIAL] = N_PARTIAL, [T_PARENT] = N_PARENT, [T_BLOCK] = N_BLOCK,
};

/* Turns the token list into nodes. Inside a standalone block, the block's
 * common indentation is removed from its lines (and from the indentation of
 * standalone tags in it); rendering adds back the indentation of the place
 * where the block's content ends up. */
static void build(struct cstate *cs)
{
	struct {
		uint32_t node, strip;
	} stack[MU_MAX_NESTING];
	uint32_t depth = 0, strip = 0;

	for (uint32_t i = 0; i < cs->ntoks; i++) {
		const struct tok *t = &cs->toks[i];
		struct node *n;
		switch (t->type) {
		case T_TEXT:
			emit_text(cs, t->start, t->end, strip);
			break;
		case T_COMMENT:
		case T_DELIM:
			break;
		case T_VAR:
		case T_RAW:
		case T_SECTION:
		case T_INVERTED:
			n = node_add(cs, node_of[t->type]);
			n->line = t->line;
			add_parts(cs, n, t);
			if (t->type == T_SECTION || t->type == T_INVERTED) { /* children follow, up to T_CLOSE */
				stack[depth].node = cs->nnodes - 1;
				stack[depth++].strip = strip;
			}
			break;
		case T_PARTIAL:
		case T_PARENT:
			n = node_add(cs, node_of[t->type]);
			n->a = pool_add(cs, cs->src + t->name, t->nlen);
			if (t->flags & TF_STANDALONE) {
				n->flags |= NF_STANDALONE;
				n->ind = text_add(cs, t->ls, t->ind_end, strip, &n->ind_len);
			}
			if (t->type == T_PARENT) {
				stack[depth].node = cs->nnodes - 1;
				stack[depth++].strip = strip;
			}
			break;
		case T_BLOCK: {
			n = node_add(cs, N_BLOCK);
			n->a = pool_add(cs, cs->src + t->name, t->nlen);
			stack[depth].node = cs->nnodes - 1;
			stack[depth++].strip = strip;
			if (!(t->flags & TF_STANDALONE))
				break;
			const struct tok *ctok = &cs->toks[t->match];
			bool whole = !(t->flags & TF_PAIRED);
			uint32_t from = whole ? t->le : t->end;
			uint32_t to = (ctok->flags & TF_STANDALONE) && whole ? ctok->ls : ctok->start;
			uint32_t ilen = 0, iat = 0;
			n->flags |= NF_STANDALONE;
			if ((t->flags & TF_PAIRED) && t->le > 0 && cs->src[t->le - 1] == '\n')
				n->flags |= t->le > 1 && cs->src[t->le - 2] == '\r' ? NF_CRLF : NF_LF;
			if (from < to && common_indent(cs->src, from, to, &ilen, &iat) && ilen > strip) {
				/* The body's indentation beyond what enclosing blocks removed. */
				n->own = text_add(cs, iat, iat + ilen, strip, &n->own_len);
				n->ind = n->own;
				n->ind_len = n->own_len;
				strip = ilen;
			} else {
				n->ind = text_add(cs, t->ls, t->ind_end, strip, &n->ind_len);
			}
			break;
		}
		case T_CLOSE:
			assert(depth > 0);
			depth--;
			cs->nodes[stack[depth].node].end = cs->nnodes;
			strip = stack[depth].strip;
			cs->merge = false;
			break;
		}
	}
	assert(depth == 0);
}

/* Moves the compiled arrays into one allocation owned by the caller. */
static struct mu_template *finish(struct cstate *cs)
{
	size_t hdr = (sizeof(struct mu_template) + _Alignof(struct node) - 1) &
	             ~(_Alignof(struct node) - 1);
	size_t nsz = cs->nnodes * sizeof(struct node);
	size_t psz = cs->nparts * sizeof(uint32_t);
	_Static_assert(sizeof(struct node) % _Alignof(uint32_t) == 0, "parts alignment");
	char *mem = mem_alloc(hdr + nsz + psz + cs->pool.len + cs->text.len);
	struct mu_template *t = (struct mu_template *)mem;
	struct node *nodes = (struct node *)(mem + hdr);
	uint32_t *parts = (uint32_t *)(mem + hdr + nsz);
	char *pool = mem + hdr + nsz + psz;
	char *text = pool + cs->pool.len;
	if (nsz)
		memcpy(nodes, cs->nodes, nsz);
	if (psz)
		memcpy(parts, cs->parts, psz);
	if (cs->pool.len)
		memcpy(pool, cs->pool.data, cs->pool.len);
	if (cs->text.len)
		memcpy(text, cs->text.data, cs->text.len);
	t->nodes = nodes;
	t->parts = parts;
	t->pool = pool;
	t->text = text;
	t->nnodes = cs->nnodes;
	return t;
}

int mu_compile(const char *src, size_t len, struct mu_template **out, char **err)
{
	struct cstate cs = {.src = src, .len = (uint32_t)len, .err = BUF_INIT,
	                    .pool = BUF_INIT, .text = BUF_INIT};
	int rc = 0;

	*out = NULL;
	if (err)
		*err = NULL;
	if (len > MU_MAX_SOURCE)
		rc = cerror(&cs, 1, "template is too large");
	else
		rc = tokenize(&cs);
	if (rc == 0) {
		mark_standalone(&cs);
		build(&cs);
		*out = finish(&cs);
	} else if (err) {
		*err = buf_release(&cs.err);
	}
	buf_free(&cs.err);
	buf_free(&cs.pool);
	buf_free(&cs.text);
	free(cs.toks);
	free(cs.nodes);
	free(cs.parts);
	return rc;
}

void mu_free(struct mu_template *t)
{
	free(t);
}

/* ---- renderer ---- */

/* A context pushed by a section; the caller's frames come below the first.
 * A row of a feed (mu_feed) is a frame with row set and v NULL. */
struct frame {
	json_t *v;
	const struct row *row;
	const struct frame *up;
};

/* What a name resolves to: a JSON value or a field of a feed's row (at
 * most one of them set; neither: missing). */
struct val {
	json_t *j;
	const struct row_field *f;
};

/* Indentation added at the start of each output line: a chain of strings,
 * outermost last, from standalone partials, parents and blocks. */
struct indent {
	const char *s;
	size_t len;
	const struct indent *up;
};

/* The block arguments of the parent tags being rendered, innermost first. */
struct args {
	const struct mu_template *t;
	uint32_t parent; /* index of the N_PARENT node in t */
	const struct args *up;
};

struct scope {
	const struct frame *ctx;
	const struct indent *ind;
	const struct args *args;
	int depth;
};

struct rstate {
	const struct mu_opts *opts;
	struct buf *out;
	json_t *const *base;
	size_t nbase;
	bool bol; /* the output is at the start of a template line */
	bool feed_read; /* opts->feed has given its rows */
	/* Where a name of the template was last found in a feed's row: the
	 * rows of a list have their fields in the same places, so the next row
	 * is asked that place first. A place among the fields of the row's
	 * shape holds for every row of that shape (row.h); any other is a
	 * hint, checked by name: never trusted. ROW_NOWHERE: not in the row. */
	struct {
		const struct node *node;
		unsigned long long shape;
		unsigned idx;
	} hint[64];
	/* What a name that a feed's row does not have resolved to in the
	 * contexts around the feed, per node of the template: the same for
	 * every row, as they do not change while the feed is read, and a render
	 * reads one feed once (render_feed). */
	struct {
		const struct node *node;
		struct val val;
		int bad;
	} around[64];
	/* The template each partial tag named, once found (a list's row
	 * names its partials again for every row). */
	struct {
		const struct node *node;
		const struct mu_template *t;
	} partials[16];
};

static void put_indent(struct buf *out, const struct indent *ind)
{
	if (!ind)
		return;
	put_indent(out, ind->up);
	buf_append(out, ind->s, ind->len);
}

/* Template text: each line that starts here and is not empty gets the current
 * indentation. */
static void put_text(struct rstate *rs, const struct indent *ind, const char *s, size_t len)
{
	if (!ind) {
		buf_append(rs->out, s, len);
		rs->bol = s[len - 1] == '\n';
		return;
	}
	size_t i = 0;
	while (i < len) {
		if (rs->bol && s[i] != '\n' && !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			put_indent(rs->out, ind);
		const char *nl = memchr(s + i, '\n', len - i);
		size_t stop = nl ? (size_t)(nl - s) + 1 : len;
		buf_append(rs->out, s + i, stop - i);
		rs->bol = nl != NULL;
		i = stop;
	}
}

/* Writes d as an integer if it is one (below 1e17), else in the shortest "%.Ng"
 * form that reads back as d, always with '.' as the decimal point whatever
 * LC_NUMERIC says. Returns the length. */
static size_t fmt_real(char *num, size_t size, double d)
{
	int n = 0;
	if (d > -1e17 && d < 1e17 && d == (double)(long long)d) {
		/* Integral: "100", not "1e+02". */
		n = snprintf(num, size, "%lld", (long long)d);
		return n > 0 ? (size_t)n : 0;
	}
	for (int prec = 1; prec <= 17; prec++) {
		n = snprintf(num, size, "%.*g", prec, d);
		if (strtod(num, NULL) == d)
			break;
	}
	if (n < 0)
		return 0;
	size_t w = 0;
	bool sep = false;
	for (size_t r = 0; r < (size_t)n && r < size - 1; r++) {
		char c = num[r];
		if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E') {
			num[w++] = c;
			sep = false;
		} else if (!sep) {
			num[w++] = '.';
			sep = true;
		}
	}
	num[w] = '\0';
	return w;
}

/* A row's field interpolated as the same value in JSON would be. */
static bool field_text(const struct rstate *rs, const struct row_field *f, const char *name, char *num, size_t size,
                       const char **s, size_t *len)
{
	const struct mu_opts *o = rs->opts;
	int n;
	size_t w;
	switch (f->type) {
	case ROW_TEXT:
		*s = f->s;
		*len = f->len;
		return true;
	case ROW_INT:
		w = o->number ? o->number(o->number_ctx, name, f->i, num, size) : 0;
		assert(size >= BUF_LL_CHARS);
		n = w ? (int)w : (int)buf_format_ll(num, f->i);
		*s = num;
		*len = n > 0 ? (size_t)n : 0;
		return true;
	case ROW_REAL:
		*len = fmt_real(num, size, f->d);
		*s = num;
		return true;
	case ROW_BOOL:
		*s = f->i ? "true" : "false";
		*len = f->i ? 4 : 5;
		return true;
	case ROW_NULL:
		break;
	}
	return false;
}

/* An interpolated value: strings, numbers and booleans; null, objects and
 * arrays render as nothing. Newlines in data are not indented. */
static void put_value(struct rstate *rs, const struct indent *ind, struct val val, bool escape, const char *name)
{
	char num[48];
	const char *s;
	size_t len;
	const json_t *v = val.j;

	if (val.f) {
		if (!field_text(rs, val.f, name, num, sizeof(num), &s, &len))
			return;
		goto write;
	}
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	case JSON_INTEGER: {
		const struct mu_opts *o = rs->opts;
		size_t w = o->number ? o->number(o->number_ctx, name, (long long)json_integer_value(v), num, sizeof(num)) : 0;
		int n = w ? (int)w : (int)buf_format_ll(num, (long long)json_integer_value(v));
		s = num;
		len = n > 0 ? (size_t)n : 0;
		break;
	}
	case JSON_REAL:
		len = fmt_real(num, sizeof(num), json_real_value(v));
		s = num;
		break;
	case JSON_TRUE:
		s = "true";
		len = 4;
		break;
	case JSON_FALSE:
		s = "false";
		len = 5;
		break;
	default:
		return;
	}
write:
	if (!len)
		return;
	if (rs->bol && ind)
		put_indent(rs->out, ind);
	rs->bol = false;
	if (escape)
		buf_html_escape(rs->out, s, len);
	else
		buf_append(rs->out, s, len);
}

/* The place of node n in one of rstate's small tables of size entries. */
static unsigned node_slot(const struct node *n, size_t size)
{
	return (unsigned)(((uintptr_t)n / sizeof(*n)) % size);
}

#define ROW_NOWHERE UINT_MAX

/* The field key of row r, for node n. */
static const struct row_field *row_field(struct rstate *rs, const struct row *r, const char *key, const struct node *n)
{
	unsigned slot = node_slot(n, sizeof(rs->hint) / sizeof(rs->hint[0]));
	unsigned idx = rs->hint[slot].idx;
	unsigned from = 0;
	if (rs->hint[slot].node == n) {
		bool same_shape = r->shape && rs->hint[slot].shape == r->shape;
		if (same_shape && idx < r->nshape)
			return &r->f[idx];
		if (idx < r->n && idx >= (same_shape ? r->nshape : 0)) {
			const char *name = r->f[idx].name;
			if (name[0] == key[0] && strcmp(name, key) == 0)
				return &r->f[idx];
		}
		/* Not among the shape's fields in any row of it: the others only. */
		if (same_shape)
			from = r->nshape;
	}
	const struct row_field *rf = row_get_from(r, from, key);
	rs->hint[slot].node = n;
	rs->hint[slot].shape = r->shape;
	rs->hint[slot].idx = rf ? (unsigned)(rf - r->f) : ROW_NOWHERE;
	return rf;
}

static struct val lookup_from(struct rstate *rs, const struct frame *from, const struct mu_template *t,
                              const struct node *n, int *bad);

/* A name that the feed's row (frame f) does not have: from the contexts
 * around the feed, worked out for the first row and kept for the others. */
static struct val lookup_around(struct rstate *rs, const struct frame *f, const struct mu_template *t,
                                const struct node *n, int *bad)
{
	unsigned slot = node_slot(n, sizeof(rs->around) / sizeof(rs->around[0]));
	if (rs->around[slot].node == n) {
		if (rs->around[slot].bad >= 0)
			*bad = rs->around[slot].bad;
		return rs->around[slot].val;
	}
	int b = -1;
	struct val v = lookup_from(rs, f->up, t, n, &b);
	rs->around[slot].node = n;
	rs->around[slot].val = v;
	rs->around[slot].bad = b;
	if (b >= 0)
		*bad = b;
	return v;
}

/* Resolves a variable or section name: the first part in the innermost context
 * that has it, the other parts in that value only (the spec's precedence rule).
 * Returns a borrowed reference, or NULL if the name is missing. In strict mode
 * a missing part that the data contract does not declare (opts->known) is an
 * error: *bad is set to that part's index (else it is left alone). A part is
 * not missing when the value before it is null or not an object: there is
 * nothing to look in, which the data says on purpose. */
static struct val lookup(struct rstate *rs, const struct scope *sc, const struct mu_template *t,
                         const struct node *n, int *bad)
{
	if (n->b == 0) {
		if (sc->ctx)
			return (struct val){sc->ctx->v, NULL};
		return (struct val){rs->nbase ? rs->base[rs->nbase - 1] : NULL, NULL};
	}
	return lookup_from(rs, sc->ctx, t, n, bad);
}

/* lookup, from the context from and the ones around it. */
static struct val lookup_from(struct rstate *rs, const struct frame *from, const struct mu_template *t,
                              const struct node *n, int *bad)
{
	json_t *v = NULL;
	struct val none = {NULL, NULL};
	const char *key = t->pool + t->parts[n->a];
	for (const struct frame *f = from; f && !v; f = f->up) {
		if (f->row) {
			const struct row_field *rf = row_field(rs, f->row, key, n);
			/* A row's fields are scalars: nothing to look in for a dotted name. */
			if (rf)
				return n->b == 1 ? (struct val){NULL, rf} : none;
			return lookup_around(rs, f, t, n, bad);
		}
		v = json_object_get(f->v, key);
	}
	for (size_t i = rs->nbase; i > 0 && !v; i--)
		v = json_object_get(rs->base[i - 1], key);
	if (!v) {
		if (rs->opts->strict && !(rs->opts->known && rs->opts->known(rs->opts->known_ctx, key)))
			*bad = 0;
		return none;
	}
	for (uint32_t k = 1; k < n->b && v; k++) {
		json_t *up = v;
		const char *part = t->pool + t->parts[n->a + k];
		v = json_object_get(up, part);
		if (!v && json_is_object(up) && rs->opts->strict &&
		    !(rs->opts->known && rs->opts->known(rs->opts->known_ctx, part)))
			*bad = (int)k;
	}
	return (struct val){v, NULL};
}

/* Reports a name that resolves nowhere (strict mode) in opts->err, and
 * returns -1 to stop the render. */
static int strict_fail(const struct rstate *rs, const struct mu_template *t, const struct node *n, int bad)
{
	const struct mu_opts *o = rs->opts;
	if (o->err) {
		const char *tn = o->template_name ? o->template_name(o->partial_ctx, t) : NULL;
		buf_printf(o->err, "template %s, line %u: '", tn ? tn : "?", (unsigned)n->line);
		for (uint32_t k = 0; k < n->b; k++)
			buf_printf(o->err, "%s%s", k ? "." : "", t->pool + t->parts[n->a + k]);
		buf_printf(o->err, "' is not in the data%s%s%s and not declared in its schema",
		           bad ? " ('" : "", bad ? t->pool + t->parts[n->a + (uint32_t)bad] : "", bad ? "' is missing)" : "");
	}
	return -1;
}

static bool falsey(struct val val)
{
	if (val.f) {
		switch (val.f->type) {
		case ROW_NULL:
			return true;
		case ROW_BOOL:
			return !val.f->i;
		case ROW_TEXT:
			return val.f->len == 0;
		default:
			return false;
		}
	}
	const json_t *v = val.j;
	if (!v)
		return true;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) == 0;
	case JSON_STRING:
		return json_string_length(v) == 0;
	default:
		return false;
	}
}

static int render(struct rstate *rs, const struct mu_template *t, uint32_t i, uint32_t end,
                  const struct scope *sc);

/* The feed's section: once per row, each pushed as the innermost context.
 * A feed is read once: a second section on it fails the render. */
static int render_feed(struct rstate *rs, const struct mu_template *t, uint32_t i, const struct scope *sc)
{
	const struct node *n = &t->nodes[i];
	const struct mu_feed *feed = rs->opts->feed;
	if (rs->feed_read) {
		if (rs->opts->err)
			buf_printf(rs->opts->err, "line %u: a feed's rows are read once, and this section reads them again",
			           (unsigned)n->line);
		return -1;
	}
	rs->feed_read = true;
	struct frame f = {NULL, NULL, sc->ctx};
	struct scope inner = *sc;
	inner.ctx = &f;
	struct row *row;
	int got;
	while ((got = feed->next(feed->ctx, &row)) > 0) {
		f.row = row;
		if (render(rs, t, i + 1, n->end, &inner))
			return -1;
	}
	return got < 0 ? -1 : 0;
}

/* A section on a row's field: its value pushed as the innermost context, as
 * the same value in JSON would be. */
static int render_field_section(struct rstate *rs, const struct mu_template *t, uint32_t i,
                                const struct row_field *rf, const struct scope *sc)
{
	json_t *v;
	switch (rf->type) {
	case ROW_BOOL:
		v = json_boolean(rf->i);
		break;
	case ROW_INT:
		v = json_integer(rf->i);
		break;
	case ROW_REAL:
		v = json_real(rf->d);
		break;
	case ROW_TEXT:
		v = json_stringn_nocheck(rf->s, rf->len);
		break;
	default:
		v = json_null();
		break;
	}
	struct frame f = {v, NULL, sc->ctx};
	struct scope inner = *sc;
	inner.ctx = &f;
	int rc = render(rs, t, i + 1, t->nodes[i].end, &inner);
	json_decref(v);
	return rc;
}

/* A truthy section: once per element of a non-empty array, otherwise once
 * with the value pushed as the innermost context. */
static int render_section(struct rstate *rs, const struct mu_template *t, uint32_t i, struct val val,
                          const struct scope *sc)
{
	if (val.f)
		return render_field_section(rs, t, i, val.f, sc);
	json_t *v = val.j;
	if (rs->opts->feed && v == rs->opts->feed->at)
		return render_feed(rs, t, i, sc);
	const struct node *n = &t->nodes[i];
	struct frame f = {v, NULL, sc->ctx};
	struct scope inner = *sc;
	inner.ctx = &f;
	if (!json_is_array(v))
		return render(rs, t, i + 1, n->end, &inner);
	size_t k;
	json_t *e;
	json_array_foreach(v, k, e) {
		f.v = e;
		if (render(rs, t, i + 1, n->end, &inner))
			return -1;
	}
	return 0;
}

/* A partial, or a parent whose direct block children become arguments. A
 * missing template renders as nothing. */
static int render_partial(struct rstate *rs, const struct mu_template *t, uint32_t i,
                          const struct scope *sc)
{
	const struct node *n = &t->nodes[i];
	const struct mu_opts *o = rs->opts;
	unsigned slot = node_slot(n, sizeof(rs->partials) / sizeof(rs->partials[0]));
	const struct mu_template *p = rs->partials[slot].node == n ? rs->partials[slot].t : NULL;
	if (!p && o->partial) {
		p = o->partial(o->partial_ctx, t->pool + n->a);
		rs->partials[slot].node = n;
		rs->partials[slot].t = p;
	}
	if (!p)
		return 0;
	if (sc->depth >= MU_MAX_DEPTH)
		return -1;
	struct scope inner = *sc;
	struct indent ind = {t->text + n->ind, n->ind_len, sc->ind};
	struct args a = {t, i, sc->args};
	inner.depth++;
	if (n->flags & NF_STANDALONE) {
		rs->bol = true;
		if (n->ind_len)
			inner.ind = &ind;
	}
	if (n->kind == N_PARENT)
		inner.args = &a;
	return render(rs, p, 0, p->nnodes, &inner);
}

/* A block: the argument of that name from the outermost parent tag that has
 * one, else the block's own content. An empty block alone on its line
 * ("  {{$x}}{{/x}}") is a slot: the content is indented like the tag, and the
 * line is ended after it unless the content ended it (so an empty slot leaves
 * no blank line). */
static int render_block(struct rstate *rs, const struct mu_template *t, uint32_t i,
                        const struct scope *sc)
{
	const struct node *n = &t->nodes[i];
	const char *name = t->pool + n->a;
	const struct mu_template *bt = t;
	uint32_t bi = i;

	for (const struct args *a = sc->args; a; a = a->up) {
		const struct node *nodes = a->t->nodes;
		for (uint32_t j = a->parent + 1; j < nodes[a->parent].end; j = nodes[j].end)
			if (nodes[j].kind == N_BLOCK && strcmp(a->t->pool + nodes[j].a, name) == 0) {
				bt = a->t;
				bi = j;
			}
	}
	bool over = bt != t || bi != i;
	struct scope inner = *sc;
	struct indent ind = {t->text + (over ? n->ind : n->own), over ? n->ind_len : n->own_len,
	                     sc->ind};
	if (ind.len)
		inner.ind = &ind;
	if (n->flags & NF_STANDALONE)
		rs->bol = true;
	if (over) {
		if (sc->depth >= MU_MAX_DEPTH)
			return -1;
		inner.depth++;
	}
	if (render(rs, bt, bi + 1, bt->nodes[bi].end, &inner))
		return -1;
	if ((n->flags & (NF_LF | NF_CRLF)) && !rs->bol) {
		buf_puts(rs->out, n->flags & NF_CRLF ? "\r\n" : "\n");
		rs->bol = true;
	}
	return 0;
}

static int render(struct rstate *rs, const struct mu_template *t, uint32_t i, uint32_t end,
                  const struct scope *sc)
{
	while (i < end) {
		const struct node *n = &t->nodes[i];
		struct val v;
		int bad = -1;
		switch (n->kind) {
		case N_TEXT:
			put_text(rs, sc->ind, t->text + n->a, n->b);
			break;
		case N_VAR:
		case N_RAW:
			v = lookup(rs, sc, t, n, &bad);
			if (bad >= 0)
				return strict_fail(rs, t, n, bad);
			put_value(rs, sc->ind, v, n->kind == N_VAR && rs->opts->html_escape,
			          n->b ? t->pool + t->parts[n->a + n->b - 1] : ".");
			break;
		case N_SECTION:
			v = lookup(rs, sc, t, n, &bad);
			if (bad >= 0)
				return strict_fail(rs, t, n, bad);
			if (!falsey(v) && render_section(rs, t, i, v, sc))
				return -1;
			break;
		case N_INVERTED:
			v = lookup(rs, sc, t, n, &bad);
			if (bad >= 0)
				return strict_fail(rs, t, n, bad);
			if (falsey(v) && render(rs, t, i + 1, n->end, sc))
				return -1;
			break;
		case N_PARTIAL:
		case N_PARENT:
			if (render_partial(rs, t, i, sc))
				return -1;
			break;
		case N_BLOCK:
			if (render_block(rs, t, i, sc))
				return -1;
			break;
		}
		i = n->end;
	}
	return 0;
}

int mu_render(const struct mu_template *t, json_t *const *stack, size_t n,
              const struct mu_opts *opts, struct buf *out)
{
	static const struct mu_opts defaults = {.html_escape = true};
	struct rstate rs = {.opts = opts ? opts : &defaults, .out = out, .base = stack, .nbase = stack ? n : 0, .bol = true};
	struct scope sc = {NULL, NULL, NULL, 0};
	assert(t && out);
	return render(&rs, t, 0, t->nnodes, &sc);
}
