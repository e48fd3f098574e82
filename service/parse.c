/* parse.c - plain-text article to title, sections and paragraphs. */
#include "parse.h"

#include "translit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "lexicon_data.h"
#include "translit.h"
#include "utf8.h"

/* A heading is one line of at most this many words and bytes. */
#define HEADING_MAX_WORDS 12
#define HEADING_MAX_BYTES 100

/* One blank-line separated block of the input, before classification. */
struct block {
    char *text; /* lines joined by one space, trimmed */
    size_t len;
    size_t nlines;
};

enum block_class { BLOCK_PARA, BLOCK_HEADING, BLOCK_DATELINE, BLOCK_RESIDUE };

static const char *const weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday",    NULL};
static const char *const months[] = {"january",  "february", "march",  "april",     "may",
                                     "june",     "july",     "august", "september", "october",
                                     "november", "december", NULL};

const char *parse_strerror(enum parse_err code)
{
    switch (code) {
    case PARSE_OK:
        return "ok";
    case PARSE_ERR_EMPTY:
        return "the article is empty";
    case PARSE_ERR_NO_BODY:
        return "the article has a title but no body paragraph";
    case PARSE_ERR_TOO_BIG:
        return "the article is larger than 4 MiB";
    case PARSE_ERR_UTF8:
        return "the article is not valid UTF-8 (or holds a NUL byte)";
    case PARSE_ERR_NOMEM:
        return "out of memory";
    }
    return "unknown error";
}

char *parse_slugify(const char *s)
{
    /* The same ids as speakers get: transliterated, never lossy ("Café" is "cafe"). */
    char *slug = translit_slug(s);

    if (slug && !*slug) {
        free(slug);
        slug = strdup("section");
    }
    return slug;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Does the word w (of n bytes) equal one of list, case-insensitively? */
static int word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && !strncasecmp(w, *list, n))
            return 1;
    return 0;
}

/* Scanning helpers for datelines: each skips what it names and returns the
 * new position, or NULL when it is not there. */
static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == ','))
        p++;
    return p;
}

static const char *skip_word_in(const char *p, const char *end, const char *const *list)
{
    const char *w = p;

    while (p < end && isalpha((unsigned char)*p))
        p++;
    return p > w && word_in(w, (size_t)(p - w), list) ? p : NULL;
}

static const char *skip_digits(const char *p, const char *end, size_t min, size_t max)
{
    const char *w = p;

    while (p < end && isdigit((unsigned char)*p))
        p++;
    return (size_t)(p - w) >= min && (size_t)(p - w) <= max ? p : NULL;
}

/* A time after a date: "6:45am", "6:45 a.m.", "18:45", then an optional zone ("PDT", "GMT"). */
static const char *skip_time(const char *p, const char *end)
{
    const char *q = skip_digits(p, end, 1, 2);

    if (!q || q >= end || *q != ':' || !(q = skip_digits(q + 1, end, 2, 2)))
        return p;
    p = q;
    q = skip_spaces(p, end);
    if (end - q >= 2 && (!strncasecmp(q, "am", 2) || !strncasecmp(q, "pm", 2)))
        p = q + 2;
    else if (end - q >= 4 && (!strncasecmp(q, "a.m.", 4) || !strncasecmp(q, "p.m.", 4)))
        p = q + 4;
    q = skip_spaces(p, end);
    if (end - q >= 2 && end - q <= 4) {
        const char *z = q;

        while (z < end && isupper((unsigned char)*z))
            z++;
        if (z == end)
            p = end;
    }
    return p;
}

/* A dateline, nothing else in the block: "[Published|Updated] [Weekday,]
 * Month D, YYYY [time]" or "[Weekday] D Month YYYY [time]". */
static int is_dateline(const char *s, size_t len)
{
    static const char *const prefixes[] = {"published", "updated", "posted", "last", NULL};
    const char *p = s, *end = s + len, *q;

    if ((q = skip_word_in(p, end, prefixes))) {
        p = skip_spaces(q, end);
        if (p < end && *p == ':')
            p = skip_spaces(p + 1, end);
        if ((q = skip_word_in(p, end, (const char *const[]){"updated", NULL})))
            p = skip_spaces(q, end);
    }
    if ((q = skip_word_in(p, end, weekdays)))
        p = skip_spaces(q, end);
    if ((q = skip_word_in(p, end, months))) {
        /* Month D, YYYY */
        if (!(q = skip_digits(skip_spaces(q, end), end, 1, 2)))
            return 0;
    } else {
        /* D Month YYYY */
        if (!(q = skip_digits(p, end, 1, 2)) || !(q = skip_word_in(skip_spaces(q, end), end, months)))
            return 0;
    }
    if (!(q = skip_digits(skip_spaces(q, end), end, 4, 4)))
        return 0;
    q = skip_spaces(q, end);
    return skip_time(q, end) == end || q == end;
}

/* A byline: "By Jane Smith", "By Tom Hartley at Ashford Park", "By KTVU staff". */
static int is_byline(const struct block *b)
{
    size_t words = 0;

    if (b->nlines != 1 || b->len < 4 || b->len > HEADING_MAX_BYTES || strncmp(b->text, "By ", 3) ||
        !isupper((unsigned char)b->text[3]) || b->text[b->len - 1] == '.')
        return 0;
    for (size_t i = 0; i < b->len; i++)
        words += b->text[i] == ' ';
    return words < HEADING_MAX_WORDS;
}

/* Does s (len bytes) match pattern, where a leading or trailing '*' stands for any text? */
static int glob_match(const char *pat, const char *s, size_t len)
{
    size_t n = strlen(pat);

    if (n && pat[0] == '*')
        return len >= n - 1 && !strncasecmp(s + len - (n - 1), pat + 1, n - 1);
    if (n && pat[n - 1] == '*')
        return len >= n - 1 && !strncasecmp(s, pat, n - 1);
    return n == len && !strncasecmp(s, pat, len);
}

static int is_residue(const char *s, size_t len)
{
    for (size_t i = 0; lex_residue[i]; i++)
        if (glob_match(lex_residue[i], s, len))
            return 1;
    return 0;
}

/* Does the block open with a quotation mark (straight or curly)? */
static int starts_with_quote(const char *s, size_t len)
{
    if (len && (s[0] == '"' || s[0] == '\''))
        return 1;
    /* U+201C, U+2018, U+201E, U+00AB */
    return (len >= 3 && !memcmp(s, "\xE2\x80\x9C", 3)) ||
           (len >= 3 && !memcmp(s, "\xE2\x80\x98", 3)) ||
           (len >= 3 && !memcmp(s, "\xE2\x80\x9E", 3)) || (len >= 2 && !memcmp(s, "\xC2\xAB", 2));
}

/* A heading: one short line, no sentence-final punctuation (a question is
 * fine), not a quote, starting with a capital letter or digit. */
static int looks_like_heading(const struct block *b)
{
    size_t words = 0, end = b->len;
    unsigned char first = (unsigned char)b->text[0];

    if (b->nlines != 1 || b->len > HEADING_MAX_BYTES)
        return 0;
    /* Look through closing marks: `He said: ‘We won.’` ends a sentence, and
     * `He asked, ‘Why?’` is a line of dialogue, not a question as a heading. */
    for (;;) {
        if (end >= 1 && (b->text[end - 1] == '"' || b->text[end - 1] == '\''))
            end--;
        else if (end >= 3 && (!memcmp(b->text + end - 3, "\xE2\x80\x9D", 3) ||
                              !memcmp(b->text + end - 3, "\xE2\x80\x99", 3)))
            end -= 3;
        else if (end >= 2 && !memcmp(b->text + end - 2, "\xC2\xBB", 2))
            end -= 2;
        else
            break;
    }
    if (!end || strchr(".!,;:", b->text[end - 1]) || starts_with_quote(b->text, b->len))
        return 0;
    if (end < b->len && b->text[end - 1] == '?')
        return 0;
    if (!(isupper(first) || isdigit(first) || first >= 0x80))
        return 0;
    /* `Ana Ruiz said “We will win.” ((es))`: a quoted sentence inside the line
     * makes it a sentence of the writer's, whatever follows it */
    for (size_t i = 1; i + 1 < end; i++) {
        if (!strchr(".!?", b->text[i]))
            continue;
        const char *m = b->text + i + 1;
        size_t left = b->len - i - 1;
        /* (’ is an apostrophe too: "Acme Inc.’s" goes on) */
        int rsq = left >= 3 && !memcmp(m, "\xE2\x80\x99", 3) && (left == 3 || is_space(m[3]));
        if (*m == '"' || rsq || (left >= 3 && !memcmp(m, "\xE2\x80\x9D", 3)) ||
            (left >= 2 && !memcmp(m, "\xC2\xBB", 2)))
            return 0;
    }
    for (size_t i = 0; i < b->len; i++)
        if (!is_space(b->text[i]) && (i == 0 || is_space(b->text[i - 1])))
            words++;
    return words <= HEADING_MAX_WORDS;
}

/* Find line and column (1-based) of byte offset off. */
static void locate(const char *text, size_t off, struct parse_error *err)
{
    size_t line = 1, col = 1;

    /* Lines end in \n, \r\n or a lone \r, as split_blocks() reads them. */
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= off || text[i + 1] != '\n'))) {
            line++;
            col = 1;
        } else if (text[i] != '\r') {
            col++;
        }
    }
    err->line = line;
    err->column = col;
}

static void blocks_free(struct block *bl, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(bl[i].text);
    free(bl);
}

/* Split text into the title (first non-blank line) and blank-line separated
 * blocks. Lines end in \n, \r\n or \r. */
static enum parse_err split_blocks(const char *text, size_t len, char **title, struct block **out,
                                   size_t *nout)
{
    struct block *bl = NULL;
    size_t nbl = 0, cap = 0;
    struct buf cur;
    size_t curlines = 0;
    size_t i = 0;

    *title = NULL;
    buf_init(&cur, PARSE_MAX_BYTES);
    while (i <= len) {
        size_t s = i, e;

        while (i < len && text[i] != '\n' && text[i] != '\r')
            i++;
        e = i;
        if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
        i++;
        while (s < e && is_space(text[s]))
            s++;
        while (e > s && is_space(text[e - 1]))
            e--;
        if (e > s && !*title) {
            *title = strndup(text + s, e - s);
            if (!*title)
                goto fail_nomem;
            continue;
        }
        if (e > s) {
            if (curlines && buf_addc(&cur, ' '))
                goto fail_nomem;
            if (buf_add(&cur, text + s, e - s))
                goto fail_nomem;
            curlines++;
        }
        if ((e == s || i > len) && curlines) {
            if (nbl == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                struct block *nb = realloc(bl, ncap * sizeof *nb);

                if (!nb)
                    goto fail_nomem;
                bl = nb;
                cap = ncap;
            }
            bl[nbl].nlines = curlines;
            bl[nbl].text = buf_steal(&cur, &bl[nbl].len);
            if (!bl[nbl].text)
                goto fail_nomem;
            nbl++;
            curlines = 0;
        }
    }
    buf_free(&cur);
    *out = bl;
    *nout = nbl;
    return PARSE_OK;

fail_nomem:
    buf_free(&cur);
    blocks_free(bl, nbl);
    free(*title);
    *title = NULL;
    return PARSE_ERR_NOMEM;
}

void parse_doc_free(struct parse_doc *doc)
{
    if (!doc)
        return;
    free(doc->title);
    free(doc->dateline);
    free(doc->byline);
    for (size_t i = 0; i < doc->npara; i++)
        free(doc->paras[i].text);
    free(doc->paras);
    for (size_t i = 0; i < doc->nsections; i++) {
        free(doc->sections[i].slug);
        free(doc->sections[i].heading);
    }
    free(doc->sections);
    for (size_t i = 0; i < doc->ndropped; i++)
        free(doc->dropped[i]);
    free(doc->dropped);
    free(doc);
}

static int slug_taken(const struct parse_doc *doc, const char *slug)
{
    for (size_t k = 0; k < doc->nsections; k++)
        if (!strcmp(doc->sections[k].slug, slug))
            return 1;
    return 0;
}

/* Append a section, giving it a slug no earlier section has ("sleepers",
 * "sleepers-2"). Takes heading (NULL for the intro) on success. Numbering
 * starts after the sections already named from the same base, so repeated
 * headings cost one pass each, not one pass per earlier copy. */
static int add_section(struct parse_doc *doc, char *heading, size_t first)
{
    struct parse_section *sec = &doc->sections[doc->nsections];
    char *base = heading ? parse_slugify(heading) : strdup("intro");
    char *slug = base;
    size_t blen, n = 1;

    if (!base)
        return -1;
    blen = strlen(base);
    for (size_t k = 0; k < doc->nsections; k++)
        n += !strncmp(doc->sections[k].slug, base, blen) &&
             (!doc->sections[k].slug[blen] || doc->sections[k].slug[blen] == '-');
    for (; slug_taken(doc, slug); n++) {
        struct buf b;

        if (slug != base)
            free(slug);
        buf_init(&b, 256);
        if (buf_adds(&b, base) || buf_addf(&b, "-%zu", n) || !(slug = buf_steal(&b, NULL))) {
            free(base);
            return -1;
        }
    }
    if (slug != base)
        free(base);
    sec->slug = slug;
    sec->heading = heading;
    sec->first = first;
    sec->count = 0;
    doc->nsections++;
    return 0;
}

enum parse_err parse_text(const char *text, size_t len, struct parse_doc **out,
                          struct parse_error *err)
{
    struct parse_error dummy;
    struct parse_doc *doc = NULL;
    struct block *bl = NULL;
    enum block_class *cls = NULL;
    size_t nbl = 0, bad = 0, nheadings = 0, npara = 0, ndropped = 0;
    char *title = NULL;
    enum parse_err rc;

    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    *out = NULL;
    if (len > PARSE_MAX_BYTES) {
        rc = PARSE_ERR_TOO_BIG;
        goto fail;
    }
    if (!utf8_valid(text, len, &bad)) {
        locate(text, bad, err);
        rc = PARSE_ERR_UTF8;
        goto fail;
    }
    /* A byte-order mark is not part of the title. */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    rc = split_blocks(text, len, &title, &bl, &nbl);
    if (rc)
        goto fail;
    if (!title) {
        rc = PARSE_ERR_EMPTY;
        goto fail;
    }

    cls = calloc(nbl ? nbl : 1, sizeof *cls);
    doc = calloc(1, sizeof *doc);
    if (!cls || !doc)
        goto fail_nomem;
    for (size_t i = 0; i < nbl; i++) {
        if (is_residue(bl[i].text, bl[i].len) || is_byline(&bl[i]))
            cls[i] = BLOCK_RESIDUE;
        else if (!doc->dateline && bl[i].nlines == 1 && is_dateline(bl[i].text, bl[i].len))
            cls[i] = BLOCK_DATELINE;
        else if (looks_like_heading(&bl[i]))
            cls[i] = BLOCK_HEADING;
        else
            cls[i] = BLOCK_PARA;
        if (cls[i] == BLOCK_DATELINE)
            doc->dateline = strdup(bl[i].text);
        if (cls[i] == BLOCK_DATELINE && !doc->dateline)
            goto fail_nomem;
        /* The byline stays in dropped (the reader page shows it from there). */
        if (!doc->byline && is_byline(&bl[i]) && !(doc->byline = strdup(bl[i].text)))
            goto fail_nomem;
    }
    /* Front matter: before the first paragraph, a heading-like line with a
     * digit is a date, a score or a time stamp, not a section. Later dateline
     * blocks are dropped too. */
    for (size_t i = 0; i < nbl && cls[i] != BLOCK_PARA; i++)
        if (cls[i] == BLOCK_HEADING && strpbrk(bl[i].text, "0123456789"))
            cls[i] = BLOCK_RESIDUE;
    for (size_t i = 0; i < nbl; i++)
        if (cls[i] != BLOCK_DATELINE && bl[i].nlines == 1 && is_dateline(bl[i].text, bl[i].len))
            cls[i] = BLOCK_RESIDUE;
    /* A heading introduces body text: heading-like lines after the last
     * paragraph are trailing residue, not sections. */
    for (size_t i = nbl; i-- > 0 && cls[i] != BLOCK_PARA;)
        if (cls[i] == BLOCK_HEADING)
            cls[i] = BLOCK_RESIDUE;
    for (size_t i = 0; i < nbl; i++) {
        /* Past the cap, heading-like lines stay body text. */
        if (cls[i] == BLOCK_HEADING && nheadings == PARSE_MAX_SECTIONS - 1)
            cls[i] = BLOCK_PARA;
        npara += cls[i] == BLOCK_PARA;
        ndropped += cls[i] == BLOCK_RESIDUE;
        nheadings += cls[i] == BLOCK_HEADING;
    }
    if (!npara) {
        rc = PARSE_ERR_NO_BODY;
        goto fail;
    }
    doc->paras = calloc(npara, sizeof *doc->paras);
    doc->sections = calloc(nheadings + 1, sizeof *doc->sections);
    doc->dropped = calloc(ndropped + 1, sizeof *doc->dropped);
    if (!doc->paras || !doc->sections || !doc->dropped)
        goto fail_nomem;
    doc->title = title;
    title = NULL;
    for (size_t i = 0; i < nbl; i++) {
        switch (cls[i]) {
        case BLOCK_PARA:
            if (!doc->nsections && add_section(doc, NULL, 0))
                goto fail_nomem;
            doc->paras[doc->npara].text = bl[i].text;
            doc->paras[doc->npara].len = bl[i].len;
            doc->paras[doc->npara].section = doc->nsections - 1;
            doc->sections[doc->nsections - 1].count++;
            doc->npara++;
            bl[i].text = NULL;
            break;
        case BLOCK_HEADING:
            if (add_section(doc, bl[i].text, doc->npara))
                goto fail_nomem;
            bl[i].text = NULL;
            break;
        case BLOCK_RESIDUE:
            doc->dropped[doc->ndropped++] = bl[i].text;
            bl[i].text = NULL;
            break;
        case BLOCK_DATELINE:
            break;
        }
    }
    blocks_free(bl, nbl);
    free(cls);
    *out = doc;
    return PARSE_OK;

fail_nomem:
    rc = PARSE_ERR_NOMEM;
fail:
    err->code = rc;
    blocks_free(bl, nbl);
    free(cls);
    free(title);
    parse_doc_free(doc);
    return rc;
}
