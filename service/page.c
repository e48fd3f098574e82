/* page.c - HTML pages from the article model: reader, index and annotate page. */
#include "page.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page_assets.h"
#include "utf8.h"

/* A writer that stops at the first failure: buf_* reset the buffer when they
 * fail, so carrying on would hand out a page with a hole in it. */
struct w {
    struct buf *b;
    int err;
};

static void ws(struct w *w, const char *s)
{
    if (!w->err && buf_adds(w->b, s))
        w->err = 1;
}

static void wf(struct w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void wf(struct w *w, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        w->err = 1;
    else if (!w->err && buf_add(w->b, tmp, (size_t)n))
        w->err = 1;
}

static void wesc(struct w *w, const char *s, size_t len)
{
    if (!w->err && page_escape(w->b, s, len))
        w->err = 1;
}

/* Escape a NUL-terminated string; NULL writes nothing. */
static void wescs(struct w *w, const char *s)
{
    if (s)
        wesc(w, s, strlen(s));
}

static int done(struct w *w)
{
    if (w->err) {
        buf_free(w->b);
        return -1;
    }
    return 0;
}

/* The bytes page_escape() may rewrite (1): a table look-up per byte instead of the
 * switch, which every byte of every reader page went through. */
static const unsigned char escapable[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1,
    [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
    [0x1E] = 1, [0x1F] = 1, ['&'] = 1,  ['<'] = 1,  ['>'] = 1,  ['"'] = 1,  ['\''] = 1,
    [0x7F] = 1, [0xC2] = 1,
};

int page_escape(struct buf *out, const char *s, size_t len)
{
    size_t run = 0, i = 0;

    /* Copy runs of harmless bytes at once; only the few special ones are rewritten. */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t n = 1;

        if (!escapable[c]) {
            i++;
            continue;
        }
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case 0xC2:
            /* C1 controls U+0080..U+009F */
            if (i + 1 < len && (unsigned char)s[i + 1] <= 0x9F) {
                rep = "\xEF\xBF\xBD";
                n = 2;
            }
            break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                rep = "\xEF\xBF\xBD";
            break;
        }
        if (!rep) {
            i++;
            continue;
        }
        if (i > run && buf_add(out, s + run, i - run))
            return -1;
        if (buf_adds(out, rep))
            return -1;
        i += n;
        run = i;
    }
    if (i > run && buf_add(out, s + run, i - run))
        return -1;
    return 0;
}

/* ---- common parts ---- */

static void head(struct w *w, const char *title, const char *page)
{
    ws(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    wescs(w, title);
    /* An empty icon: no /favicon.ico request, no 404 in the console. */
    ws(w, "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
          "<link rel=\"stylesheet\" href=\"" PAGE_CSS_PATH "\">\n"
          "<script src=\"" PAGE_JS_PATH "\" defer></script>\n</head>\n<body data-page=\"");
    ws(w, page);
    ws(w, "\">\n<header class=\"site\"><a href=\"/\">articled</a>"
          "<nav aria-label=\"Site\"><a href=\"/\">Articles</a> <a href=\"/annotate\">Annotate a "
          "text</a> <a href=\"/v1/articles\">API</a></nav></header>\n");
}

static void tail(struct w *w)
{
    ws(w, "</body>\n</html>\n");
}

static const char *speaker_id(const struct article *a, long sp)
{
    return sp >= 0 && (size_t)sp < a->an->nspeakers ? a->an->speakers[sp].id : NULL;
}

/* Only plain web links become href: a javascript: or data: URL stays text. */
static int url_safe(const char *u)
{
    return u && (!strncasecmp(u, "https://", 8) || !strncasecmp(u, "http://", 7)) &&
           !strpbrk(u, " \t\n\r");
}

/* "Name, role, organisation": who a speaker is, for the legend and the popup. */
static void who(struct w *w, const struct annot_speaker *s, const char *sep)
{
    wescs(w, s->name);
    if (s->role) {
        ws(w, sep);
        wescs(w, s->role);
    }
    if (s->organization) {
        ws(w, sep);
        wescs(w, s->organization);
    }
}

/* ---- paragraphs ---- */

enum span_kind { SPAN_CUE, SPAN_WHO, SPAN_REPORTED };

/* Something underlined or marked inside a paragraph, below the quote marks. */
struct span {
    size_t start, end; /* code points */
    enum span_kind kind;
    char owner;   /* 'q' for a quote, 'a' for an attribution */
    size_t index; /* of the quote or attribution */
};

/* A quote of the paragraph: its code points and its index. */
struct qref {
    size_t start, end, index;
};

/* Spans and quotes of one paragraph, gathered by page_article or page_paragraph. */
struct para_spans {
    struct qref *quotes;
    size_t nquotes;
    struct span *spans;
    size_t nspans;
};

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;

    return a < b ? -1 : a > b;
}

/* By start, then reading order: of two quotes that overlap, the earlier one is marked. */
static int cmp_qref(const void *x, const void *y)
{
    const struct qref *a = x, *b = y;

    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int cmp_span(const void *x, const void *y)
{
    const struct span *a = x, *b = y;

    return a->start < b->start ? -1 : a->start > b->start;
}

/* The popup text of a quote: who, role, organisation, kind and cue, one per line. */
static void quote_info(struct w *w, const struct article *a, const struct annot_quote *q)
{
    if (q->speaker >= 0 && (size_t)q->speaker < a->an->nspeakers)
        who(w, &a->an->speakers[q->speaker], "&#10;");
    else if (q->source)
        wescs(w, q->source);
    else
        ws(w, "Unattributed");
    ws(w, "&#10;");
    ws(w, annot_kind_name(q->kind));
    if (q->cue) {
        ws(w, " quote · ");
        wescs(w, q->cue);
    } else {
        ws(w, " quote");
    }
}

static void open_quote(struct w *w, const struct article *a, size_t qi)
{
    const struct annot_quote *q = &a->an->quotes[qi];
    const char *sid = speaker_id(a, q->speaker);

    if (sid)
        wf(w, "<mark class=\"q sp%zu %s\"", (size_t)q->speaker % PAGE_COLOURS,
           annot_kind_name(q->kind));
    else
        wf(w, "<mark class=\"q spx %s\"", annot_kind_name(q->kind));
    ws(w, " tabindex=\"0\" id=\"");
    wescs(w, a->quote_ids[qi]);
    ws(w, "\" data-quote=\"");
    wescs(w, a->quote_ids[qi]);
    ws(w, "\" data-speaker=\"");
    wescs(w, sid ? sid : "");
    ws(w, "\" data-kind=\"");
    ws(w, annot_kind_name(q->kind));
    ws(w, "\" data-info=\"");
    quote_info(w, a, q);
    if (sid) {
        ws(w, "\" aria-describedby=\"sp-");
        wescs(w, sid);
    }
    ws(w, "\">");
}

static void open_span(struct w *w, const struct article *a, const struct span *s)
{
    const char *owner = s->owner == 'q' ? a->quote_ids[s->index] : a->attr_ids[s->index];

    if (s->kind == SPAN_REPORTED) {
        const struct annot_attr *t = &a->an->attrs[s->index];
        const char *sid = speaker_id(a, t->speaker);

        ws(w, "<span class=\"reported\" data-attr=\"");
        wescs(w, owner);
        ws(w, "\" data-speaker=\"");
        wescs(w, sid ? sid : "");
        ws(w, "\" data-info=\"Reported speech");
        if (t->cue) {
            ws(w, " · ");
            wescs(w, t->cue);
        }
        ws(w, "\">");
        return;
    }
    ws(w, s->kind == SPAN_CUE ? "<u class=\"cue\" data-for=\"" : "<u class=\"who\" data-for=\"");
    wescs(w, owner);
    ws(w, "\">");
}

static void close_span(struct w *w, const struct span *s)
{
    ws(w, s->kind == SPAN_REPORTED ? "</span>" : "</u>");
}

/* Render one paragraph. Quotes are the outer level and never overlap (a quote
 * overlapping an earlier one is left unmarked); spans are cut at every
 * boundary so that the elements always nest. */
static void para_html(struct w *w, const struct article *a, size_t p, struct para_spans *ps)
{
    const struct parse_para *para = &a->doc->paras[p];
    size_t cplen = utf8_count(para->text, para->len);
    size_t *bounds = NULL, nb = 0, *active = NULL, nactive = 0, next = 0, qk = 0, pos = 0, byte = 0;
    const struct qref *open = NULL;

    if (w->err)
        return;
    qsort(ps->quotes, ps->nquotes, sizeof *ps->quotes, cmp_qref);
    qsort(ps->spans, ps->nspans, sizeof *ps->spans, cmp_span);
    bounds = malloc((2 * (ps->nquotes + ps->nspans) + 2) * sizeof *bounds);
    active = malloc((ps->nspans + 1) * sizeof *active);
    if (!bounds || !active) {
        w->err = 1;
        goto out;
    }
    /* Keep the quotes in order of start that fit the paragraph and do not overlap. */
    {
        size_t kept = 0, last_end = 0;

        for (size_t i = 0; i < ps->nquotes; i++) {
            const struct qref *q = &ps->quotes[i];

            if (q->start >= q->end || q->end > cplen || q->start < last_end)
                continue;
            last_end = q->end;
            ps->quotes[kept++] = ps->quotes[i];
        }
        ps->nquotes = kept;
    }
    for (size_t i = 0; i < ps->nquotes; i++) {
        bounds[nb++] = ps->quotes[i].start;
        bounds[nb++] = ps->quotes[i].end;
    }
    for (size_t i = 0; i < ps->nspans; i++) {
        if (ps->spans[i].end > cplen)
            ps->spans[i].end = cplen;
        if (ps->spans[i].start > ps->spans[i].end)
            ps->spans[i].start = ps->spans[i].end;
        bounds[nb++] = ps->spans[i].start;
        bounds[nb++] = ps->spans[i].end;
    }
    bounds[nb++] = 0;
    bounds[nb++] = cplen;
    qsort(bounds, nb, sizeof *bounds, cmp_size);

    ws(w, "<p id=\"p");
    wf(w, "%zu", p);
    ws(w, "\" dir=\"auto\">");
    for (size_t k = 0; k + 1 < nb; k++) {
        size_t b = bounds[k], e = bounds[k + 1], from;

        if (b == e || b < pos)
            continue;
        if (!open && qk < ps->nquotes && ps->quotes[qk].start == b) {
            open = &ps->quotes[qk++];
            open_quote(w, a, open->index);
        }
        /* Drop spans that ended, take up those that start here. */
        for (size_t i = 0; i < nactive;) {
            if (ps->spans[active[i]].end <= b)
                active[i] = active[--nactive];
            else
                i++;
        }
        while (next < ps->nspans && ps->spans[next].start <= b) {
            if (ps->spans[next].end > b && ps->spans[next].start < ps->spans[next].end)
                active[nactive++] = next;
            next++;
        }
        for (size_t i = 0; i < nactive; i++)
            open_span(w, a, &ps->spans[active[i]]);
        from = byte;
        for (; pos < e; pos++)
            (void)utf8_next(para->text, para->len, &byte);
        wesc(w, para->text + from, byte - from);
        for (size_t i = nactive; i-- > 0;)
            close_span(w, &ps->spans[active[i]]);
        if (open && open->end == e) {
            ws(w, "</mark>");
            open = NULL;
        }
    }
    ws(w, "</p>\n");
out:
    free(bounds);
    free(active);
}

/* Collect the spans of the whole article per paragraph: quote lists by the
 * quote's paragraph, spans by the paragraph the span is in. */
struct gather {
    struct para_spans *per; /* one per paragraph */
    struct qref *qstore;
    struct span *sstore;
};

static void gather_free(struct gather *g)
{
    free(g->per);
    free(g->qstore);
    free(g->sstore);
}

/* Visit every span of the annotation: fn(ud, span, para) */
static void each_span(const struct article *a, void (*fn)(void *, const struct span *, size_t),
                      void *ud)
{
    const struct annot *an = a->an;

    for (size_t i = 0; i < an->nquotes; i++) {
        const struct annot_quote *q = &an->quotes[i];

        if (q->cue_span.set) {
            struct span s = {q->cue_span.start, q->cue_span.end, SPAN_CUE, 'q', i};

            fn(ud, &s, q->cue_span.para);
        }
        if (q->speaker_span.set) {
            struct span s = {q->speaker_span.start, q->speaker_span.end, SPAN_WHO, 'q', i};

            fn(ud, &s, q->speaker_span.para);
        }
    }
    for (size_t i = 0; i < an->nattrs; i++) {
        const struct annot_attr *t = &an->attrs[i];
        struct span s = {t->start, t->end, SPAN_REPORTED, 'a', i};

        fn(ud, &s, t->para);
        if (t->cue_span.set) {
            struct span c = {t->cue_span.start, t->cue_span.end, SPAN_CUE, 'a', i};

            fn(ud, &c, t->cue_span.para);
        }
        /* The source phrase is already marked as reported speech. */
        if (t->speaker_span.set &&
            (t->speaker_span.para != t->para || t->speaker_span.start != t->start ||
             t->speaker_span.end != t->end)) {
            struct span c = {t->speaker_span.start, t->speaker_span.end, SPAN_WHO, 'a', i};

            fn(ud, &c, t->speaker_span.para);
        }
    }
}

struct counter {
    struct gather *g;
    size_t npara;
    size_t total;
    int fill;
};

static void count_or_fill(void *ud, const struct span *s, size_t para)
{
    struct counter *c = ud;

    if (para >= c->npara)
        return;
    if (c->fill)
        c->g->per[para].spans[c->g->per[para].nspans++] = *s;
    else {
        c->g->per[para].nspans++;
        c->total++;
    }
}

static int gather(const struct article *a, struct gather *g)
{
    size_t npara = a->doc->npara;
    struct counter c = {g, npara, 0, 0};
    size_t qoff = 0, soff = 0, nq = 0;

    memset(g, 0, sizeof *g);
    g->per = calloc(npara + 1, sizeof *g->per);
    if (!g->per)
        return -1;
    for (size_t i = 0; i < a->an->nquotes; i++) {
        if (a->an->quotes[i].para < npara) {
            g->per[a->an->quotes[i].para].nquotes++;
            nq++;
        }
    }
    each_span(a, count_or_fill, &c);
    g->qstore = malloc((nq + 1) * sizeof *g->qstore);
    g->sstore = malloc((c.total + 1) * sizeof *g->sstore);
    if (!g->qstore || !g->sstore)
        return -1;
    /* Counts become offsets into the two stores; then fill. */
    for (size_t p = 0; p < npara; p++) {
        g->per[p].quotes = g->qstore + qoff;
        g->per[p].spans = g->sstore + soff;
        qoff += g->per[p].nquotes;
        soff += g->per[p].nspans;
        g->per[p].nquotes = 0;
        g->per[p].nspans = 0;
    }
    for (size_t i = 0; i < a->an->nquotes; i++) {
        size_t p = a->an->quotes[i].para;

        if (p < npara) {
            struct qref r = {a->an->quotes[i].start, a->an->quotes[i].end, i};

            g->per[p].quotes[g->per[p].nquotes++] = r;
        }
    }
    c.fill = 1;
    each_span(a, count_or_fill, &c);
    return 0;
}

int page_paragraph(struct buf *out, const struct article *a, size_t p)
{
    struct w w = {out, 0};
    struct gather g;

    if (p >= a->doc->npara)
        return -1;
    if (gather(a, &g))
        w.err = 1;
    else
        para_html(&w, a, p, &g.per[p]);
    gather_free(&g);
    return done(&w);
}

/* ---- the reader ---- */

static void legend(struct w *w, const struct article *a)
{
    const struct annot *an = a->an;

    ws(w, "<aside class=\"legend\" aria-labelledby=\"legend-h\">\n<h2 "
          "id=\"legend-h\">Speakers</h2>\n");
    if (!an->nspeakers) {
        ws(w, "<p>No named speakers.</p>\n</aside>\n");
        return;
    }
    ws(w, "<ul>\n<li class=\"all\"><a href=\"?\" data-speaker=\"\" aria-current=\"true\">All "
          "speakers</a></li>\n");
    for (size_t i = 0; i < an->nspeakers; i++) {
        const struct annot_speaker *s = &an->speakers[i];

        wf(w, "<li class=\"sp%zu\" id=\"sp-", i % PAGE_COLOURS);
        wescs(w, s->id);
        ws(w, "\"><a href=\"?speaker=");
        /* Speaker ids are slugs: nothing to percent-encode, but escape all the same. */
        wescs(w, s->id);
        ws(w, "\" data-speaker=\"");
        wescs(w, s->id);
        ws(w, "\"><span class=\"sw\" aria-hidden=\"true\"></span><bdi class=\"name\">");
        wescs(w, s->name);
        ws(w, "</bdi></a>");
        if (s->role || s->organization) {
            ws(w, " <span class=\"what\">");
            wescs(w, s->role);
            if (s->role && s->organization)
                ws(w, ", ");
            wescs(w, s->organization);
            ws(w, "</span>");
        }
        wf(w, " · <span class=\"count\">%zu quote%s</span></li>\n", s->quote_count,
           s->quote_count == 1 ? "" : "s");
    }
    ws(w, "</ul>\n<p class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</aside>\n");
}

/* The parser drops bylines with the scrape residue; the first "By Name" there is the byline. */
static const char *find_byline(const struct parse_doc *d)
{
    for (size_t i = 0; i < d->ndropped; i++) {
        const char *s = d->dropped[i];
        size_t n = strlen(s);

        if (n > 3 && n <= 80 && !strncmp(s, "By ", 3) && s[3] >= 'A' && s[3] <= 'Z' &&
            s[n - 1] != '.')
            return s;
    }
    return NULL;
}

static void byline(struct w *w, const struct article *a)
{
    const struct article_meta *m = a->meta;
    const char *by = find_byline(a->doc);
    int any = 0;

    ws(w, "<p class=\"byline\">");
    if (by) {
        ws(w, "<span class=\"by\">");
        wescs(w, by);
        ws(w, "</span>");
        any = 1;
    }
    if (a->doc->dateline) {
        ws(w, any ? " · <span class=\"date\">" : "<span class=\"date\">");
        wescs(w, a->doc->dateline);
        ws(w, "</span>");
        any = 1;
    }
    if (m->source) {
        if (any)
            ws(w, " · ");
        if (url_safe(m->source_url)) {
            ws(w, "<a class=\"source\" rel=\"noopener noreferrer nofollow\" href=\"");
            wescs(w, m->source_url);
            ws(w, "\">");
            wescs(w, m->source);
            ws(w, "</a>");
        } else {
            ws(w, "<span class=\"source\">");
            wescs(w, m->source);
            ws(w, "</span>");
        }
    }
    wf(w, "%s%zu quote%s, %zu speaker%s</p>\n", any || m->source ? " · " : "", a->an->nquotes,
       a->an->nquotes == 1 ? "" : "s", a->an->nspeakers, a->an->nspeakers == 1 ? "" : "s");
}

int page_article(struct buf *out, const struct article *a)
{
    struct w w = {out, 0};
    struct gather g;
    const struct parse_doc *d = a->doc;

    if (gather(a, &g)) {
        gather_free(&g);
        buf_free(out);
        return -1;
    }
    head(&w, d->title, "read");
    ws(&w, "<main id=\"main\">\n<article data-article=\"");
    wescs(&w, a->id);
    ws(&w, "\">\n<header>\n<h1 dir=\"auto\">");
    wescs(&w, d->title);
    ws(&w, "</h1>\n");
    byline(&w, a);
    ws(&w, "</header>\n");
    legend(&w, a);
    for (size_t s = 0; s < d->nsections; s++) {
        const struct parse_section *sec = &d->sections[s];

        ws(&w, "<section id=\"s-");
        wescs(&w, sec->slug);
        ws(&w, "\">\n");
        if (sec->heading) {
            ws(&w, "<h2 dir=\"auto\">");
            wescs(&w, sec->heading);
            ws(&w, "</h2>\n");
        }
        for (size_t p = sec->first; p < sec->first + sec->count && p < d->npara; p++)
            para_html(&w, a, p, &g.per[p]);
        ws(&w, "</section>\n");
    }
    ws(&w, "</article>\n</main>\n<footer class=\"site\">");
    if (a->meta->license || a->meta->credit) {
        ws(&w, "<p class=\"credit\">");
        wescs(&w, a->meta->credit);
        if (a->meta->license && a->meta->credit)
            ws(&w, " — ");
        wescs(&w, a->meta->license);
        ws(&w, "</p>");
    }
    ws(&w, "<p>Quotes found by articled; the same annotation as JSON: <a href=\"/v1/articles/");
    wescs(&w, a->id);
    ws(&w, "\">/v1/articles/");
    wescs(&w, a->id);
    ws(&w, "</a></p></footer>\n");
    tail(&w);
    gather_free(&g);
    return done(&w);
}

/* ---- the index and the annotate page ---- */

int page_index(struct buf *out, const struct article *const *arts, size_t n)
{
    struct w w = {out, 0};

    head(&w, "articled: articles", "index");
    ws(&w,
       "<main id=\"main\">\n<h1>Articles</h1>\n<p class=\"search\"><label for=\"filter\">Search "
       "titles</label> <input type=\"search\" id=\"filter\" autocomplete=\"off\"></p>\n"
       "<table class=\"articles\">\n<thead><tr><th scope=\"col\">Title</th><th "
       "scope=\"col\">Date</th><th scope=\"col\">Source</th><th scope=\"col\">Quotes</th><th "
       "scope=\"col\">Speakers</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct article *a = arts[i];

        ws(&w, "<tr><td><a href=\"/read/");
        wescs(&w, a->id);
        ws(&w, "\"><bdi>");
        wescs(&w, a->doc->title);
        ws(&w, "</bdi></a></td><td>");
        wescs(&w, a->doc->dateline);
        ws(&w, "</td><td>");
        wescs(&w, a->meta->source);
        wf(&w, "</td><td>%zu</td><td>%zu</td></tr>\n", a->an->nquotes, a->an->nspeakers);
    }
    wf(&w,
       "</tbody>\n</table>\n<p class=\"status\" role=\"status\" aria-live=\"polite\">%zu "
       "article%s</p>\n</main>\n",
       n, n == 1 ? "" : "s");
    tail(&w);
    return done(&w);
}

int page_annotate(struct buf *out)
{
    struct w w = {out, 0};

    head(&w, "articled: annotate a text", "annotate");
    ws(&w, "<main id=\"main\">\n<h1>Annotate a text</h1>\n"
           "<form id=\"annotate-form\" class=\"annotate\">\n"
           "<p><label for=\"text\">Article text: title on the first line, a blank line, then "
           "paragraphs (paste or drop a .txt file)</label></p>\n"
           "<textarea id=\"text\" name=\"text\" rows=\"14\" required></textarea>\n"
           "<p><label for=\"file\">Or choose a file</label> <input type=\"file\" id=\"file\" "
           "accept=\".txt,text/plain\"></p>\n"
           "<p><button type=\"submit\" id=\"go\">Annotate</button> <a id=\"download\" "
           "download=\"annotation.json\" href=\"#\" hidden>Download the JSON</a></p>\n"
           "<noscript><p>This page needs JavaScript: it sends the text to "
           "<code>POST /v1/annotate</code>.</p></noscript>\n</form>\n"
           "<p id=\"error\" class=\"error\" role=\"alert\"></p>\n"
           "<div id=\"result\"></div>\n</main>\n");
    tail(&w);
    return done(&w);
}

const char *page_css(size_t *len)
{
    *len = embed_page_css_len;
    return embed_page_css;
}

const char *page_js(size_t *len)
{
    *len = embed_page_js_len;
    return embed_page_js;
}
