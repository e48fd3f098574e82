/* test_accuracy.c - the annotator against the gold files in
 * tests/fixtures/{seed,dev,holdout,holdout2,news,news2,news3,news4,news5,news6,
 * litbank}, the first split tests/fixtures/test-split (tuned on since) and
 * the later splits 2-12 (all tuned on except test-split-6, -10 and -12, the
 * held-back ones).
 *
 * Scores like tools/score-annotations: a predicted quote matches a gold quote
 * when their normalised texts are equal or their word sets have a Jaccard
 * index of at least 0.9; attribution is right when the speaker's normalised
 * name is the gold name or an alias (for an unnamed gold source: no speaker,
 * or one sharing a content word with the source). Figures are micro-averaged
 * over all files, printed per file, and held to a ratchet.
 */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "check_main.h"
#include "parse.h"
#include "utf8.h"

/* The ratchet, one per set: the level reached, rounded down to two places.
 * Raise it when accuracy improves, never lower it, and never reach it by
 * tuning to a text. seed and dev: the sets the rules were first written on. */
#define ACCURACY_MIN_F1 1.00
#define ACCURACY_MIN_ATTR 1.00
/* tests/fixtures/holdout and holdout2: synthetic house styles, tuned on since. */
#define HOLDOUT_MIN_F1 1.00
#define HOLDOUT_MIN_ATTR 1.00
#define HOLDOUT2_MIN_F1 1.00
#define HOLDOUT2_MIN_ATTR 1.00
/* tests/fixtures/news and litbank: the tuning part of the shared corpus's
 * Wikinews articles and LitBank excerpts. */
#define NEWS_MIN_F1 1.00
#define NEWS_MIN_ATTR 1.00
#define LITBANK_MIN_F1 0.95
#define LITBANK_MIN_ATTR 0.76
/* tests/fixtures/news2: five NASA releases labelled on 2026-12-02 by a helper
 * who never ran the annotator on them (first contact 1.00 / 0.80), tuned on
 * since. */
#define NEWS2_MIN_F1 1.00
#define NEWS2_MIN_ATTR 1.00
/* tests/fixtures/news3: six NASA releases labelled on 2026-12-03 by a helper
 * from the text alone (41 quote segments). First contact, before any rule was
 * written against it: F1 0.988, attribution 0.951 (39 of 41), the same for
 * the session's first build; tuned on since. */
#define NEWS3_MIN_F1 1.00
#define NEWS3_MIN_ATTR 1.00
/* tests/fixtures/news4: six more NASA releases labelled the same way (35
 * segments); first contact 1.000 / 0.943 (33 of 35), the session's first
 * build the same; tuned on since. */
#define NEWS4_MIN_F1 1.00
#define NEWS4_MIN_ATTR 1.00
/* tests/fixtures/news5: three Wikinews articles on US politics labelled by a
 * helper on 2026-12-04 (13 segments, 7 partial); first contact 0.960 / 1.000
 * (12 of 12), the session's first build the same; tuned on since. */
#define NEWS5_MIN_F1 1.00
#define NEWS5_MIN_ATTR 1.00
/* tests/fixtures/news6: two Wikinews articles from GUM labelled by a helper on
 * 2026-12-04 (6 segments); first contact 0.909 / 1.000, the session's first
 * build the same; tuned on since. */
#define NEWS6_MIN_F1 1.00
#define NEWS6_MIN_ATTR 1.00
/* tests/fixtures/test-split: held back before tuning and scored once (first
 * contact: news 1.00 / 0.62, LitBank 0.97 / 0.49), then tuned on since
 * 2026-12-02 like the sets above (its README): a tuning set now. */
#define SPLIT_NEWS_MIN_F1 1.00
#define SPLIT_NEWS_MIN_ATTR 1.00
#define SPLIT_LITBANK_MIN_F1 0.97
#define SPLIT_LITBANK_MIN_ATTR 0.85

/* tests/fixtures/test-split-2: 12 more LitBank excerpts and 5 Wikinews
 * articles, set aside unseen on 2026-12-02 and scored once (first contact:
 * 1.00 / 0.92, 0.97 / 0.58), then tuned on from the next session: a tuning
 * set now, at the level reached. */
#define SPLIT2_NEWS_MIN_F1 1.00
#define SPLIT2_NEWS_MIN_ATTR 1.00
#define SPLIT2_LITBANK_MIN_F1 0.98
#define SPLIT2_LITBANK_MIN_ATTR 0.82

/* tests/fixtures/test-split-3: 12 LitBank excerpts and 3 Wikinews articles
 * set aside unseen on 2026-12-02 by a helper who never ran the annotator on
 * them, scored once after the last rule change (first contact: news 0.90 /
 * 0.667, LitBank 0.961 / 0.695); never tuned on since, the ratchet follows
 * the level the next session's rules reached (0.702). Tuned on from the
 * session of 2026-12-02 evening (its failures were read): a tuning set now. */
#define SPLIT3_NEWS_MIN_F1 1.00
#define SPLIT3_NEWS_MIN_ATTR 0.90
#define SPLIT3_LITBANK_MIN_F1 0.96
#define SPLIT3_LITBANK_MIN_ATTR 0.83

/* tests/fixtures/test-split-4: 10 LitBank excerpts and 3 NASA releases set
 * aside unseen on 2026-12-02 by helpers who never ran the annotator on them,
 * scored once after the session's last rule change (first contact: news
 * 1.00 / 1.00, LitBank 0.96 / 0.558; the session's first build scores the
 * same). Tuned on since 2026-12-02 night (its failures were read). */
#define SPLIT4_NEWS_MIN_F1 1.00
#define SPLIT4_NEWS_MIN_ATTR 1.00
#define SPLIT4_LITBANK_MIN_F1 0.96
#define SPLIT4_LITBANK_MIN_ATTR 0.81
/* Split 4 scored again after that evening's rules (0.683): never read, never
 * tuned on. tests/fixtures/test-split-5: 10 LitBank excerpts and 3 NASA
 * releases set aside unseen the same evening, scored once after the last rule
 * change (news 1.00 / 0.926, LitBank 0.966 / 0.602; the session's first build
 * scores 1.00 / 0.926 and 0.966 / 0.611). Tuned on since 2026-12-02 night,
 * like split 4: test-split-6 is the held-back one now. */
#define SPLIT5_NEWS_MIN_F1 1.00
#define SPLIT5_NEWS_MIN_ATTR 1.00
#define SPLIT5_LITBANK_MIN_F1 0.96
#define SPLIT5_LITBANK_MIN_ATTR 0.81
/* tests/fixtures/test-split-6: every LitBank book left (7 excerpts, 73
 * scored quotes) and 3 NASA releases labelled by hand, set aside before any
 * rule of 2026-12-02 night, scored once after the last rule change (news
 * 1.00 / 0.714, LitBank 0.980 / 0.658; the night's first build scores the
 * same). Its failures are unread: never tune on it. */
#define SPLIT6_NEWS_MIN_F1 1.00
#define SPLIT6_NEWS_MIN_ATTR 0.71
#define SPLIT6_LITBANK_MIN_F1 0.97
#define SPLIT6_LITBANK_MIN_ATTR 0.70 /* 0.707 on 2026-12-04 */
/* tests/fixtures/test-split-7 and -8: six NASA releases each, drawn at random
 * and labelled by helpers on 2026-12-03, scored once after the session's last
 * rule change (7: 0.982 / 0.741, the session's first build 0.704; 8: 0.969 /
 * 0.871, the first build the same). Split 7 became a tuning set that afternoon
 * (its failures read, after split 9 was set aside), split 8 that evening
 * (after split 10 was drawn); their ratchets are at the level reached. */
#define SPLIT7_NEWS_MIN_F1 0.98
#define SPLIT7_NEWS_MIN_ATTR 1.00
#define SPLIT8_NEWS_MIN_F1 0.98
#define SPLIT8_NEWS_MIN_ATTR 1.00
/* tests/fixtures/test-split-9: seven NASA releases drawn at random (seed
 * 20261210) and labelled by a helper on 2026-12-03, scored once after that
 * afternoon's rules (277d004): 0.961 / 0.892, later 0.974 / 0.892 unread. A
 * tuning set since 2026-12-04 (its failures read after split 11 was drawn);
 * the ratchet is at the level reached. */
#define SPLIT9_NEWS_MIN_F1 0.98
#define SPLIT9_NEWS_MIN_ATTR 1.00
/* tests/fixtures/test-split-10: seven NASA releases drawn at random (seed
 * 20261212) at the start of the 2026-12-03 evening session and labelled by a
 * helper, scored once after that session's last rule change (87a430f): 1.000 /
 * 0.951, the session's first build 1.000 / 0.902. Failures unread: never tune
 * on it. */
/* tests/fixtures/test-split-11: seven NASA releases drawn at random (seed
 * 20261203) and labelled by a helper on 2026-12-04, scored once unread after
 * that afternoon's rules (0116546): 0.990 / 0.673, the session's first build
 * the same. A tuning set since (its failures read after split 12 was drawn);
 * the ratchet is at the level reached. */
#define SPLIT11_NEWS_MIN_F1 0.98
#define SPLIT11_NEWS_MIN_ATTR 0.89
/* tests/fixtures/test-split-12: seven NASA releases drawn at random (seed
 * 20261207) and labelled by a helper on 2026-12-04, scored once after that
 * session's last rule change (05ca30c): 0.987 / 1.000 (38 of 38), the
 * session's first build the same. Failures unread: never tune on it. */
#define SPLIT12_NEWS_MIN_F1 0.98
#define SPLIT12_NEWS_MIN_ATTR 1.00
#define SPLIT10_NEWS_MIN_F1 1.00
#define SPLIT10_NEWS_MIN_ATTR 0.95

#define MAX_WORDS 4096

/* ---------------------------------------------------------------- scoring rules */

static void put_cp(char *out, size_t *o, uint32_t c)
{
    if (c < 0x80) {
        out[(*o)++] = (char)c;
    } else if (c < 0x800) {
        out[(*o)++] = (char)(0xC0 | (c >> 6));
        out[(*o)++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out[(*o)++] = (char)(0xE0 | (c >> 12));
        out[(*o)++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[(*o)++] = (char)(0x80 | (c & 0x3F));
    } else {
        out[(*o)++] = (char)(0xF0 | (c >> 18));
        out[(*o)++] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[(*o)++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[(*o)++] = (char)(0x80 | (c & 0x3F));
    }
}

static int is_ws(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000;
}

static int strip_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' ||
           c == '?' || c == '"' || c == '\'' || c == 0x2014 || c == '-';
}

/* The scorer's norm(): NFKC-ish (curly quotes straight, … as ..., NBSP as a
 * space), white space collapsed, ASCII case folded, punctuation stripped from
 * both ends. Returns a new string, or NULL for NULL. */
static char *norm(const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    char *out = malloc(len * 3 + 4);
    ck_assert_ptr_nonnull(out);
    size_t o = 0, i = 0;
    int space = 0;
    while (s[i]) {
        uint32_t c = utf8_next(s, len, &i);
        if (c == 0x2018 || c == 0x2019)
            c = '\'';
        else if (c == 0x201C || c == 0x201D)
            c = '"';
        if (is_ws(c)) {
            space = 1;
            continue;
        }
        if (space && o > 0)
            out[o++] = ' ';
        space = 0;
        if (c == 0x2026) {
            memcpy(out + o, "...", 3);
            o += 3;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        put_cp(out, &o, c);
    }
    out[o] = '\0';
    size_t olen = o;
    /* strip from both ends, code point by code point */
    size_t b = 0;
    while (out[b]) {
        size_t j = b;
        if (!strip_cp(utf8_next(out, olen, &j)))
            break;
        b = j;
    }
    size_t e = strlen(out);
    while (e > b) {
        size_t k = e - 1;
        while (k > b && ((unsigned char)out[k] & 0xC0) == 0x80)
            k--;
        size_t j = k;
        if (!strip_cp(utf8_next(out, olen, &j)))
            break;
        e = k;
    }
    memmove(out, out + b, e - b);
    out[e - b] = '\0';
    return out;
}

static int word_cp(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    if ((c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
        (c >= 0x3000 && c <= 0x303F))
        return 0;
    return 1;
}

struct words {
    char *w[MAX_WORDS];
    size_t n;
};

/* The distinct \w+ runs of s. */
static void words_of(const char *s, struct words *ws)
{
    ws->n = 0;
    size_t i = 0, slen = s ? strlen(s) : 0;
    while (s && s[i]) {
        size_t st = i;
        uint32_t c = utf8_next(s, slen, &i);
        if (!word_cp(c))
            continue;
        size_t e = i;
        while (s[e]) {
            size_t j = e;
            if (!word_cp(utf8_next(s, slen, &j)))
                break;
            e = j;
        }
        i = e;
        int dup = 0;
        for (size_t k = 0; k < ws->n && !dup; k++)
            dup = strlen(ws->w[k]) == e - st && !strncmp(ws->w[k], s + st, e - st);
        if (!dup && ws->n < MAX_WORDS) {
            ws->w[ws->n] = strndup(s + st, e - st);
            ck_assert_ptr_nonnull(ws->w[ws->n]);
            ws->n++;
        }
    }
}

static void words_free(struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->w[i]);
    ws->n = 0;
}

static int has_word(const struct words *ws, const char *w)
{
    for (size_t i = 0; i < ws->n; i++)
        if (!strcmp(ws->w[i], w))
            return 1;
    return 0;
}

/* Normalised a and b equal, or word-set Jaccard >= 0.9. */
static int same_text(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    if (!strcmp(a, b))
        return 1;
    static struct words wa, wb;
    words_of(a, &wa);
    words_of(b, &wb);
    int ok = 0;
    if (wa.n && wb.n) {
        size_t inter = 0;
        for (size_t i = 0; i < wa.n; i++)
            inter += has_word(&wb, wa.w[i]) ? 1u : 0u;
        size_t uni = wa.n + wb.n - inter;
        ok = (double)inter / (double)uni >= 0.9;
    }
    words_free(&wa);
    words_free(&wb);
    return ok;
}

static int is_stop(const char *w)
{
    static const char *const stop[] = {"the", "a",   "an",  "of",  "and",   "in", "on", "for",
                                       "to",  "its", "his", "her", "their", "s",  NULL};
    for (size_t i = 0; stop[i]; i++)
        if (!strcmp(stop[i], w))
            return 1;
    return 0;
}

/* a and b share a content word. */
static int share_content_word(const char *a, const char *b)
{
    static struct words wa, wb;
    words_of(a, &wa);
    words_of(b, &wb);
    int ok = 0;
    for (size_t i = 0; i < wa.n && !ok; i++)
        ok = !is_stop(wa.w[i]) && has_word(&wb, wa.w[i]);
    words_free(&wa);
    words_free(&wb);
    return ok;
}

/* ---------------------------------------------------------------- fixtures */

static const char *fixtures(void)
{
    const char *d = getenv("ARTICLED_FIXTURES");
    return d && *d ? d : "tests/fixtures";
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* One annotated article and its gold. */
struct article {
    char name[256];
    struct parse_doc *doc;
    struct annot *an;
    json_t *gold;
};

static void article_load(struct article *ar, const char *dir, const char *name)
{
    char path[1024];
    size_t len;
    snprintf(ar->name, sizeof ar->name, "%s", name);
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    char *text = slurp(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    struct parse_error err;
    ck_assert_int_eq(parse_text(text, len, &ar->doc, &err), PARSE_OK);
    free(text);
    size_t n = ar->doc->npara;
    const char **paras = calloc(n + 1, sizeof *paras);
    size_t *lens = calloc(n + 1, sizeof *lens);
    ck_assert(paras && lens);
    for (size_t i = 0; i < n; i++) {
        paras[i] = ar->doc->paras[i].text;
        lens[i] = ar->doc->paras[i].len;
    }
    ar->an = annot_run(paras, lens, n);
    ck_assert_ptr_nonnull(ar->an);
    free(paras);
    free(lens);
    snprintf(path, sizeof path, "%s/%s.gold.json", dir, name);
    json_error_t jerr;
    ar->gold = json_load_file(path, 0, &jerr);
    ck_assert_msg(ar->gold != NULL, "%s: %s", path, jerr.text);
}

static void article_free(struct article *ar)
{
    annot_free(ar->an);
    parse_doc_free(ar->doc);
    json_decref(ar->gold);
}

struct score {
    size_t gold, pred, tp, right;
};

/* Is pred name right for gold quote g (by name, alias or unnamed source)? */
static int speaker_right(const json_t *gold, const json_t *g, const char *pred_name)
{
    char *pn = norm(pred_name);
    const char *gname = json_string_value(json_object_get(g, "speaker"));
    int ok = 0;
    if (!gname) {
        char *src = norm(json_string_value(json_object_get(g, "source")));
        ok = !pn || (src && share_content_word(pn, src));
        free(src);
        free(pn);
        return ok;
    }
    char *gn = norm(gname);
    size_t i;
    json_t *s;
    int listed = 0;
    json_array_foreach (json_object_get(gold, "speakers"), i, s) {
        char *sn = norm(json_string_value(json_object_get(s, "name")));
        if (sn && !strcmp(sn, gn)) {
            listed = 1;
            ok = pn && !strcmp(pn, sn);
            size_t k;
            json_t *al;
            json_array_foreach (json_object_get(s, "aliases"), k, al) {
                char *an = norm(json_string_value(al));
                ok = ok || (pn && an && !strcmp(pn, an));
                free(an);
            }
        }
        free(sn);
    }
    if (!listed)
        ok = pn && !strcmp(pn, gn);
    free(gn);
    free(pn);
    return ok;
}

/* Score one article like score-annotations; fills matched[] (gold -> pred or -1). */
static struct score score_article(const struct article *ar, long *matched, size_t cap)
{
    struct score sc = {0, ar->an->nquotes, 0, 0};
    const json_t *gq = json_object_get(ar->gold, "quotes");
    sc.gold = json_array_size(gq);
    ck_assert_uint_le(sc.gold, cap);
    char **pt = calloc(ar->an->nquotes + 1, sizeof *pt);
    int *used = calloc(ar->an->nquotes + 1, sizeof *used);
    ck_assert(pt && used);
    for (size_t i = 0; i < ar->an->nquotes; i++)
        pt[i] = norm(ar->an->quotes[i].text);
    size_t gi;
    json_t *g;
    /* unscored_quotes: real quotes whose speaker the gold cannot name; a
     * prediction of one of them (and of no scored quote) is left out */
    for (size_t i = 0; i < ar->an->nquotes; i++) {
        int unscored = 0, scored = 0;
        json_array_foreach (json_object_get(ar->gold, "unscored_quotes"), gi, g) {
            char *ut = norm(json_string_value(json_object_get(g, "text")));
            unscored |= same_text(ut, pt[i]);
            free(ut);
        }
        if (!unscored)
            continue;
        json_array_foreach (gq, gi, g) {
            char *gt = norm(json_string_value(json_object_get(g, "text")));
            scored |= same_text(gt, pt[i]);
            free(gt);
        }
        if (!scored) {
            used[i] = 1;
            sc.pred--;
        }
    }
    json_array_foreach (gq, gi, g) {
        matched[gi] = -1;
        char *gt = norm(json_string_value(json_object_get(g, "text")));
        for (size_t i = 0; i < ar->an->nquotes; i++) {
            if (used[i] || !same_text(gt, pt[i]))
                continue;
            used[i] = 1;
            matched[gi] = (long)i;
            sc.tp++;
            const struct annot_quote *q = &ar->an->quotes[i];
            const char *name = q->speaker >= 0 ? ar->an->speakers[q->speaker].name : NULL;
            sc.right += speaker_right(ar->gold, g, name) ? 1u : 0u;
            break;
        }
        free(gt);
    }
    for (size_t i = 0; i < ar->an->nquotes; i++)
        free(pt[i]);
    free(pt);
    free(used);
    return sc;
}

static double ratio(size_t a, size_t b, double empty)
{
    return b ? (double)a / (double)b : empty;
}

static double f1_of(const struct score *s)
{
    double p = ratio(s->tp, s->pred, s->gold ? 0.0 : 1.0);
    double r = ratio(s->tp, s->gold, 1.0);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* Names of the articles in dir that have a gold file. */
static size_t list_gold(const char *dir, char names[][256], size_t cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < cap) {
        size_t l = strlen(e->d_name);
        const char *suf = ".gold.json";
        size_t sl = strlen(suf);
        if (l <= sl || strcmp(e->d_name + l - sl, suf) != 0 || l - sl >= 256)
            continue;
        memcpy(names[n], e->d_name, l - sl);
        names[n][l - sl] = '\0';
        n++;
    }
    closedir(d);
    /* reading order does not matter for the figures, but keep the output stable */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], 256);
            memcpy(names[j], names[j - 1], 256);
            memcpy(names[j - 1], t, 256);
        }
    return n;
}

/* ---------------------------------------------------------------- tests */

/* Score every article of the fixture sets sets[0..nsets), one line per file
 * (none for a held-back set: whoever runs the tests must not see which of its
 * articles fail), then the overall figures under label, and hold them to the
 * ratchet min_f1 / min_attr. */
static void check_sets(const char *label, const char *const *sets, size_t nsets, double min_f1,
                       double min_attr, int held)
{
    static char names[256][256];
    struct score tot = {0, 0, 0, 0};
    size_t files = 0;
    for (size_t s = 0; s < nsets; s++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", fixtures(), sets[s]);
        size_t n = list_gold(dir, names, 256);
        for (size_t i = 0; i < n; i++) {
            struct article ar;
            long matched[1024];
            article_load(&ar, dir, names[i]);
            struct score sc = score_article(&ar, matched, 1024);
            if (!held)
                printf("accuracy: %-40s gold=%zu pred=%zu matched=%zu P=%.3f R=%.3f F1=%.3f "
                       "attribution=%.3f\n",
                       names[i], sc.gold, sc.pred, sc.tp, ratio(sc.tp, sc.pred, 1.0),
                       ratio(sc.tp, sc.gold, 1.0), f1_of(&sc), ratio(sc.right, sc.tp, 0.0));
            tot.gold += sc.gold;
            tot.pred += sc.pred;
            tot.tp += sc.tp;
            tot.right += sc.right;
            files++;
            article_free(&ar);
        }
    }
    double f1 = f1_of(&tot), attr = ratio(tot.right, tot.tp, 0.0);
    printf("accuracy: %s files=%zu quote_f1=%.3f attribution=%.3f (min %.2f / %.2f)\n", label,
           files, f1, attr, min_f1, min_attr);
    fflush(stdout);
    ck_assert_uint_ge(files, 1);
    ck_assert_msg(f1 >= min_f1 - 1e-9, "%s quote F1 %.4f below %.2f", label, f1, min_f1);
    ck_assert_msg(attr >= min_attr - 1e-9, "%s attribution %.4f below %.2f", label, attr,
                  min_attr);
}

START_TEST(corpus_meets_ratchet)
{
    static const char *const sets[] = {"seed", "dev"};
    check_sets("overall", sets, 2, ACCURACY_MIN_F1, ACCURACY_MIN_ATTR, 0);
}
END_TEST

/* One ratchet per set, each scored on its own (its directory under the
 * fixtures, and the level reached: see the #defines above). */
static const struct ratchet {
    const char *dir;
    double min_f1, min_attr;
    int held; /* held back: its failures stay unread */
} ratchets[] = {
    /* held-out house styles (AP, Reuters, British, politics, courts,
     * features; then five more): how the rules generalise, not what they fit */
    {"holdout", HOLDOUT_MIN_F1, HOLDOUT_MIN_ATTR, 0},
    {"holdout2", HOLDOUT2_MIN_F1, HOLDOUT2_MIN_ATTR, 0},
    {"news", NEWS_MIN_F1, NEWS_MIN_ATTR, 0},
    {"news2", NEWS2_MIN_F1, NEWS2_MIN_ATTR, 0},
    {"news3", NEWS3_MIN_F1, NEWS3_MIN_ATTR, 0},
    {"news4", NEWS4_MIN_F1, NEWS4_MIN_ATTR, 0},
    {"news5", NEWS5_MIN_F1, NEWS5_MIN_ATTR, 0},
    {"news6", NEWS6_MIN_F1, NEWS6_MIN_ATTR, 0},
    /* fiction: speech verbs of every kind, conversations, narrators, descriptions */
    {"litbank", LITBANK_MIN_F1, LITBANK_MIN_ATTR, 0},
    /* the first two splits: held back, scored once, tuned on since */
    {"test-split/news", SPLIT_NEWS_MIN_F1, SPLIT_NEWS_MIN_ATTR, 0},
    {"test-split/litbank", SPLIT_LITBANK_MIN_F1, SPLIT_LITBANK_MIN_ATTR, 0},
    {"test-split-2/news", SPLIT2_NEWS_MIN_F1, SPLIT2_NEWS_MIN_ATTR, 0},
    {"test-split-2/litbank", SPLIT2_LITBANK_MIN_F1, SPLIT2_LITBANK_MIN_ATTR, 0},
    /* the third (tuned on since), fourth and fifth (set aside unseen, never tuned on) */
    {"test-split-3/news", SPLIT3_NEWS_MIN_F1, SPLIT3_NEWS_MIN_ATTR, 0},
    {"test-split-3/litbank", SPLIT3_LITBANK_MIN_F1, SPLIT3_LITBANK_MIN_ATTR, 0},
    {"test-split-4/news", SPLIT4_NEWS_MIN_F1, SPLIT4_NEWS_MIN_ATTR, 0},
    {"test-split-4/litbank", SPLIT4_LITBANK_MIN_F1, SPLIT4_LITBANK_MIN_ATTR, 0},
    {"test-split-5/news", SPLIT5_NEWS_MIN_F1, SPLIT5_NEWS_MIN_ATTR, 0},
    {"test-split-5/litbank", SPLIT5_LITBANK_MIN_F1, SPLIT5_LITBANK_MIN_ATTR, 0},
    {"test-split-6/news", SPLIT6_NEWS_MIN_F1, SPLIT6_NEWS_MIN_ATTR, 1},
    {"test-split-6/litbank", SPLIT6_LITBANK_MIN_F1, SPLIT6_LITBANK_MIN_ATTR, 1},
    {"test-split-7/news", SPLIT7_NEWS_MIN_F1, SPLIT7_NEWS_MIN_ATTR, 0},
    {"test-split-8/news", SPLIT8_NEWS_MIN_F1, SPLIT8_NEWS_MIN_ATTR, 0},
    {"test-split-9/news", SPLIT9_NEWS_MIN_F1, SPLIT9_NEWS_MIN_ATTR, 0},
    {"test-split-10/news", SPLIT10_NEWS_MIN_F1, SPLIT10_NEWS_MIN_ATTR, 1},
    {"test-split-11/news", SPLIT11_NEWS_MIN_F1, SPLIT11_NEWS_MIN_ATTR, 0},
    {"test-split-12/news", SPLIT12_NEWS_MIN_F1, SPLIT12_NEWS_MIN_ATTR, 1},
};

START_TEST(set_meets_ratchet)
{
    const struct ratchet *r = &ratchets[_i];
    const char *const sets[] = {r->dir};
    check_sets(r->dir, sets, 1, r->min_f1, r->min_attr, r->held);
}
END_TEST

START_TEST(seed_is_exact)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/seed", fixtures());
    struct article ar;
    long matched[64];
    article_load(&ar, dir, "paris-attacks");
    struct score sc = score_article(&ar, matched, 64);
    /* every quote, with the right speaker, and nothing else */
    ck_assert_uint_eq(sc.gold, 13);
    ck_assert_uint_eq(sc.tp, 13);
    ck_assert_uint_eq(sc.right, 13);
    ck_assert_uint_eq(sc.pred, 13);
    /* gold kinds */
    size_t i;
    json_t *g;
    json_array_foreach (json_object_get(ar.gold, "quotes"), i, g) {
        const struct annot_quote *q = &ar.an->quotes[matched[i]];
        ck_assert_str_eq(annot_kind_name(q->kind), json_string_value(json_object_get(g, "kind")));
        ck_assert_uint_eq(q->para, (size_t)json_integer_value(json_object_get(g, "paragraph")));
    }
    /* none of the not-quotes */
    json_array_foreach (json_object_get(ar.gold, "not_quotes"), i, g) {
        char *nt = norm(json_string_value(json_object_get(g, "text")));
        for (size_t k = 0; k < ar.an->nquotes; k++) {
            char *pt = norm(ar.an->quotes[k].text);
            ck_assert_msg(!same_text(nt, pt), "not a quote: %s", nt);
            free(pt);
        }
        free(nt);
    }
    /* the four speakers with their gold roles and organisations */
    ck_assert_uint_eq(json_array_size(json_object_get(ar.gold, "speakers")), 4);
    json_array_foreach (json_object_get(ar.gold, "speakers"), i, g) {
        const char *name = json_string_value(json_object_get(g, "name"));
        const char *role = json_string_value(json_object_get(g, "role"));
        const char *org = json_string_value(json_object_get(g, "organization"));
        const struct annot_speaker *sp = NULL;
        for (size_t k = 0; k < ar.an->nspeakers; k++)
            if (!strcmp(ar.an->speakers[k].name, name))
                sp = &ar.an->speakers[k];
        ck_assert_msg(sp != NULL, "speaker %s missing", name);
        ck_assert_str_eq(sp->role ? sp->role : "(null)", role ? role : "(null)");
        ck_assert_str_eq(sp->organization ? sp->organization : "(null)", org ? org : "(null)");
    }
    ck_assert_uint_eq(ar.an->nspeakers, 4);
    /* the nine attributions: paragraph, source, speaker and cue */
    ck_assert_uint_eq(json_array_size(json_object_get(ar.gold, "attributions")), 9);
    json_array_foreach (json_object_get(ar.gold, "attributions"), i, g) {
        size_t para = (size_t)json_integer_value(json_object_get(g, "paragraph"));
        const char *src = json_string_value(json_object_get(g, "source"));
        const char *who = json_string_value(json_object_get(g, "speaker"));
        const char *cue = json_string_value(json_object_get(g, "cue"));
        int found = 0;
        for (size_t k = 0; k < ar.an->nattrs && !found; k++) {
            const struct annot_attr *t = &ar.an->attrs[k];
            const char *tw = t->speaker >= 0 ? ar.an->speakers[t->speaker].name : NULL;
            found = t->para == para && !strcmp(t->source, src) && !strcmp(t->cue, cue) &&
                    ((!who && !tw) || (who && tw && !strcmp(who, tw)));
        }
        ck_assert_msg(found, "attribution %zu (%s %s) missing", para, src, cue);
    }
    ck_assert_uint_eq(ar.an->nattrs, 9);
    article_free(&ar);
}
END_TEST

START_TEST(scoring_rules_match_the_tool)
{
    /* the normalisation and matching that score-annotations applies */
    char *a = norm("  “Hello,   World.”  ");
    ck_assert_str_eq(a, "hello, world");
    free(a);
    a = norm("They’re — done…");
    ck_assert_str_eq(a, "they're — done");
    free(a);
    ck_assert(same_text("a b c d e f g h i j", "a b c d e f g h i j"));
    ck_assert(same_text("a b c d e f g h i", "a b c d e f g h i j")); /* 9/10 */
    ck_assert(!same_text("a b c d e f g h", "a b c d e f g h i j"));
    ck_assert(share_content_word("security experts", "experts"));
    ck_assert(!share_content_word("the experts", "the officials"));
}
END_TEST

static Suite *accuracy_suite(void)
{
    Suite *s = suite_create("accuracy");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, scoring_rules_match_the_tool);
    tcase_add_test(tc, seed_is_exact);
    tcase_add_test(tc, corpus_meets_ratchet);
    tcase_add_loop_test(tc, set_meets_ratchet, 0, (int)(sizeof ratchets / sizeof ratchets[0]));
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(accuracy_suite)
