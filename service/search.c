/* search.c - full-text search on SQLite FTS5, one in-memory database per snapshot. */
#include "search.h"

#include <ctype.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datetime.h"

/* Tokens of context on each side of a match in a snippet. */
#define SNIPPET_TOKENS 16
#define EXPR_MAX (SEARCH_Q_MAX * 2 + 64)

struct search_index {
    sqlite3 *db;
    sqlite3_stmt *ins; /* only while building */
    const struct article **arts;
    size_t narts, cap;
};

/* hashsize: the bytes of terms FTS5 holds before it writes them out as a segment. At
 * its default (1 MiB) 10,000 articles made hundreds of small segments, merged again
 * and again while building (40 % of the index's time); at 64 MiB a few merge once. */
static const char schema[] =
    "CREATE VIRTUAL TABLE t USING fts5(body, art UNINDEXED, kind UNINDEXED, idx UNINDEXED,"
    " day UNINDEXED, source UNINDEXED, section UNINDEXED, speakers UNINDEXED,"
    " tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO t(t, rank) VALUES('hashsize', 67108864);";

/* SQLite counts every allocation under a global mutex for sqlite3_memory_used(),
 * which nothing here reads: 7 % of building an index went to that mutex. It
 * can only be turned off before SQLite initialises, so once, before the first open. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void config(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct search_index *search_new(void)
{
    struct search_index *ix = calloc(1, sizeof *ix);

    if (!ix)
        return NULL;
    pthread_once(&config_once, config);
    /* FULLMUTEX: request threads share the one connection of a snapshot. */
    if (sqlite3_open_v2(":memory:", &ix->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX |
                            SQLITE_OPEN_MEMORY,
                        NULL) != SQLITE_OK ||
        sqlite3_exec(ix->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(ix->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ix->db, "INSERT INTO t VALUES (?,?,?,?,?,?,?,?)", -1, &ix->ins,
                           NULL) != SQLITE_OK)
        goto fail;
    return ix;
fail:
    search_free(ix);
    return NULL;
}

void search_free(struct search_index *ix)
{
    if (!ix)
        return;
    sqlite3_finalize(ix->ins);
    sqlite3_close(ix->db);
    free(ix->arts);
    free(ix);
}

/* Lower-case ASCII copy of s into out (cap), for the source filter. */
static const char *lower(const char *s, char *out, size_t cap)
{
    size_t i = 0;

    for (; s && s[i] && i + 1 < cap; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
    return out;
}

/* One row. Every text is bound as it is (SQLITE_STATIC): they all outlive the
 * step, and FTS5 copies what it keeps. */
static int insert(struct search_index *ix, const char *body, size_t len, size_t art,
                  enum search_kind kind, size_t idx, long day, const char *source,
                  const char *section, const char *speakers, size_t splen)
{
    sqlite3_stmt *st = ix->ins;

    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, body, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)art);
    sqlite3_bind_int(st, 3, (int)kind);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)idx);
    sqlite3_bind_int64(st, 5, day);
    sqlite3_bind_text(st, 6, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, section, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, speakers, (int)splen, SQLITE_STATIC);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* " id " and, where it has one, " alias ": the speaker filter matches either. */
static int add_speaker(struct buf *sp, const struct article *a, size_t i)
{
    if (buf_adds(sp, a->an->speakers[i].id) || buf_addc(sp, ' '))
        return -1;
    if (a->speaker_alias_ids && a->speaker_alias_ids[i] &&
        (buf_adds(sp, a->speaker_alias_ids[i]) || buf_addc(sp, ' ')))
        return -1;
    return 0;
}

int search_add(struct search_index *ix, const struct article *a)
{
    const struct parse_doc *d = a->doc;
    const struct annot *an = a->an;
    long day = a->published ? datetime_iso_day(a->published) : -1;
    size_t art = ix->narts, *first = NULL, *next = NULL;
    char source[256];
    struct buf sp;
    int rc = -1;

    if (ix->narts == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        const struct article **n = realloc(ix->arts, cap * sizeof *n);

        if (!n)
            return -1;
        ix->arts = n;
        ix->cap = cap;
    }
    ix->arts[ix->narts++] = a;
    lower(a->meta->source, source, sizeof source);
    buf_init(&sp, 1u << 20);
    if (insert(ix, d->title, strlen(d->title), art, SEARCH_TITLE, 0, day, source, "", "", 0))
        return -1;
    /* The quotes of each paragraph, in reading order, as chains (first[p], next[q]):
     * one pass over the quotes, not one per paragraph. */
    first = malloc((d->npara + 1) * sizeof *first);
    next = malloc((an->nquotes + 1) * sizeof *next);
    if (!first || !next)
        goto out;
    for (size_t p = 0; p < d->npara; p++)
        first[p] = SIZE_MAX;
    for (size_t i = an->nquotes; i-- > 0;) {
        size_t p = an->quotes[i].para;

        next[i] = p < d->npara ? first[p] : SIZE_MAX;
        if (p < d->npara)
            first[p] = i;
    }
    for (size_t p = 0; p < d->npara; p++) {
        /* " id1 id2 ": the speakers of the quotes in this paragraph, for the speaker filter. */
        sp.len = 0;
        if (buf_addc(&sp, ' '))
            goto out;
        for (size_t i = first[p]; i != SIZE_MAX; i = next[i])
            if (an->quotes[i].speaker >= 0 && add_speaker(&sp, a, (size_t)an->quotes[i].speaker))
                goto out;
        if (insert(ix, d->paras[p].text, d->paras[p].len, art, SEARCH_PARAGRAPH, p, day, source,
                   d->sections[d->paras[p].section].slug, sp.data, sp.len))
            goto out;
    }
    for (size_t i = 0; i < an->nquotes; i++) {
        const struct annot_quote *q = &an->quotes[i];

        sp.len = 0;
        if (buf_addc(&sp, ' ') ||
            (q->speaker >= 0 && add_speaker(&sp, a, (size_t)q->speaker)) ||
            insert(ix, q->text, strlen(q->text), art, SEARCH_QUOTE, i, day, source,
                   d->sections[d->paras[q->para].section].slug, sp.data, sp.len))
            goto out;
    }
    rc = 0;
out:
    buf_free(&sp);
    free(first);
    free(next);
    return rc;
}

int search_seal(struct search_index *ix)
{
    sqlite3_finalize(ix->ins);
    ix->ins = NULL;
    if (sqlite3_exec(ix->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    /* One b-tree per index: faster queries for the snapshot's whole life. */
    return sqlite3_exec(ix->db, "INSERT INTO t(t) VALUES('optimize')", NULL, NULL, NULL) ==
                   SQLITE_OK
               ? 0
               : -1;
}

/* Append one term as an FTS5 string ("..." with '"' doubled), '*' after it for a prefix. */
static int add_term(struct buf *b, const char *s, size_t n, int prefix)
{
    if (buf_addc(b, '"'))
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((s[i] == '"' && buf_addc(b, '"')) || buf_addc(b, s[i]))
            return -1;
    return buf_addc(b, '"') || (prefix && buf_addc(b, '*')) ? -1 : 0;
}

/* Is s[0..n) one word to the tokenizer (no ASCII punctuation, no curly apostrophe)?
 * Only then does prefix_all make it a prefix: "they're" must not match "they represent". */
static int one_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c < 0x80 && !isalnum(c)) ||
            (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)))
            return 0;
    }
    return 1;
}

int search_compile(const char *q, int prefix_all, char *out, size_t cap, const char **why)
{
    struct buf inc, exc;
    size_t nin = 0, nex = 0;
    const char *p = q;
    int rc = -1;

    *why = NULL;
    if (strlen(q) > SEARCH_Q_MAX) {
        *why = "q is longer than 2048 bytes";
        return -1;
    }
    buf_init(&inc, EXPR_MAX);
    buf_init(&exc, EXPR_MAX);
    while (*p) {
        int neg = 0, prefix = 0;
        const char *s;
        size_t n;
        struct buf *b;

        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (*p == '-' && p[1] && p[1] != ' ') {
            neg = 1;
            p++;
        }
        if (*p == '"') {
            /* A phrase: up to the closing quote, or the end. */
            s = ++p;
            n = strcspn(p, "\"");
            p += n + (p[n] == '"');
        } else {
            s = p;
            n = strcspn(p, " \t");
            p += n;
        }
        if (n && s[n - 1] == '*') {
            prefix = 1;
            n--;
        }
        while (n && s[n - 1] == '*')
            n--;
        if (!n)
            continue;
        if (nin + nex == SEARCH_TERMS_MAX) {
            *why = "q has more than 32 terms";
            goto out;
        }
        b = neg ? &exc : &inc;
        if (b->len && buf_adds(b, neg ? " OR " : " AND "))
            goto nomem;
        if (add_term(b, s, n, prefix || (prefix_all && !neg && one_word(s, n))))
            goto nomem;
        nin += neg ? 0u : 1u;
        nex += neg ? 1u : 0u;
    }
    if (!nin) {
        *why = nex ? "q must have a word to match besides -excluded ones" : "q is empty";
        goto out;
    }
    if (nex)
        snprintf(out, cap, "(%s) NOT (%s)", inc.data, exc.data);
    else
        snprintf(out, cap, "%s", inc.data);
    rc = strlen(out) + 1 < cap ? 0 : -1;
    if (rc)
        *why = "q is too long";
    goto out;
nomem:
    *why = "q is too long";
out:
    buf_free(&inc);
    buf_free(&exc);
    return rc;
}

/* The WHERE clause shared by the count and the page. */
#define WHERE                                                                                      \
    " FROM t WHERE t MATCH ?1"                                                                     \
    " AND (?2 IS NULL OR instr(speakers, ' ' || ?2 || ' ') > 0)"                                   \
    " AND (?3 IS NULL OR source = ?3) AND (?4 IS NULL OR section = ?4)"                            \
    " AND (?5 < 0 OR day >= ?5) AND (?6 < 0 OR (day >= 0 AND day <= ?6))"

static void bind_filters(sqlite3_stmt *st, const char *expr, const struct search_query *q,
                         const char *source)
{
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    if (q->speaker)
        sqlite3_bind_text(st, 2, q->speaker, -1, SQLITE_STATIC);
    if (q->source)
        sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    if (q->section)
        sqlite3_bind_text(st, 4, q->section, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, q->from);
    sqlite3_bind_int64(st, 6, q->to);
}

/* The snippet with HTML escaped and the markers FTS5 put in turned into <mark>. */
static char *mark_snippet(const char *s)
{
    struct buf b;

    buf_init(&b, 1u << 20);
    for (; s && *s; s++) {
        enum buf_err e;

        switch (*s) {
        case '\x01':
            e = buf_adds(&b, "<mark>");
            break;
        case '\x02':
            e = buf_adds(&b, "</mark>");
            break;
        case '&':
            e = buf_adds(&b, "&amp;");
            break;
        case '<':
            e = buf_adds(&b, "&lt;");
            break;
        case '>':
            e = buf_adds(&b, "&gt;");
            break;
        default:
            e = buf_addc(&b, *s);
        }
        if (e)
            return NULL;
    }
    return buf_steal(&b, NULL);
}

int search_run(struct search_index *ix, const struct search_query *q, size_t offset,
               size_t limit, struct search_hit **hits, size_t *nhits, size_t *total,
               const char **why)
{
    static const char *const order[] = {
        [SEARCH_SORT_RELEVANCE] = " ORDER BY rank, rowid",
        [SEARCH_SORT_NEWEST] = " ORDER BY day DESC, rank, rowid",
        [SEARCH_SORT_OLDEST] = " ORDER BY day < 0, day, rank, rowid",
    };
    char expr[EXPR_MAX], source[256], sql[1024];
    sqlite3_stmt *st = NULL;
    struct search_hit *h = NULL;
    sqlite3_int64 *rowids = NULL;
    size_t n = 0;
    int rc = -1;

    *hits = NULL;
    *nhits = *total = 0;
    if (search_compile(q->q, 0, expr, sizeof expr, why))
        return -2;
    lower(q->source, source, sizeof source);
    if (sqlite3_prepare_v2(ix->db, "SELECT count(*)" WHERE, -1, &st, NULL) != SQLITE_OK)
        goto out;
    bind_filters(st, expr, q, source);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto out;
    *total = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (!limit || offset >= *total) {
        rc = 0;
        goto out;
    }
    /* Snippets are made for the page's rows only, afterwards: in one query SQLite
     * would make one for every match before sorting. */
    snprintf(sql, sizeof sql, "SELECT art, kind, idx, -rank, rowid" WHERE "%s LIMIT ?7 OFFSET ?8",
             order[q->sort]);
    if (sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto out;
    bind_filters(st, expr, q, source);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)limit);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)offset);
    h = calloc(limit, sizeof *h);
    rowids = calloc(limit, sizeof *rowids);
    if (!h || !rowids)
        goto out;
    while (n < limit && sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 art = sqlite3_column_int64(st, 0);

        if (art < 0 || (size_t)art >= ix->narts)
            goto out;
        h[n].a = ix->arts[art];
        h[n].kind = (enum search_kind)sqlite3_column_int(st, 1);
        h[n].index = (size_t)sqlite3_column_int64(st, 2);
        h[n].score = sqlite3_column_double(st, 3);
        rowids[n++] = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    snprintf(sql, sizeof sql,
             "SELECT snippet(t, 0, char(1), char(2), '…', %d) FROM t WHERE t MATCH ?1 AND rowid = ?2",
             SNIPPET_TOKENS);
    if (sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) != SQLITE_OK) {
        st = NULL;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, rowids[i]);
        if (sqlite3_step(st) != SQLITE_ROW ||
            !(h[i].snippet = mark_snippet((const char *)sqlite3_column_text(st, 0))))
            goto out;
    }
    *hits = h;
    *nhits = n;
    h = NULL;
    rc = 0;
out:
    sqlite3_finalize(st);
    free(rowids);
    search_hits_free(h, n);
    return rc;
}

void search_hits_free(struct search_hit *hits, size_t n)
{
    for (size_t i = 0; hits && i < n; i++)
        free(hits[i].snippet);
    free(hits);
}

int search_quotes(struct search_index *ix, const char *words,
                  void (*fn)(void *ud, const struct article *a, size_t i), void *ud)
{
    char expr[EXPR_MAX];
    const char *why;
    sqlite3_stmt *st = NULL;
    int rc = -1, step;

    if (search_compile(words, 1, expr, sizeof expr, &why))
        return -2;
    if (sqlite3_prepare_v2(ix->db, "SELECT art, idx FROM t WHERE t MATCH ?1 AND kind = 2", -1,
                           &st, NULL) != SQLITE_OK)
        goto out;
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 art = sqlite3_column_int64(st, 0);

        if (art >= 0 && (size_t)art < ix->narts)
            fn(ud, ix->arts[art], (size_t)sqlite3_column_int64(st, 1));
    }
    rc = step == SQLITE_DONE ? 0 : -1;
out:
    sqlite3_finalize(st);
    return rc;
}
