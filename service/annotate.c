/* annotate.c - find quotes, speakers and reported speech in article paragraphs.
 *
 * Per paragraph, in reading order:
 *  1. tokens (words and punctuation; quotation marks are not tokens), sentences,
 *     and the quoted spans from quotes_scan();
 *  2. cues: each speech or report verb outside the spans ("said", "according
 *     to", `"..." - X`, `X: "`), with the noun phrase naming its source: a name
 *     with its role or appositive, a pronoun, "the minister", "security experts";
 *  3. mentions resolved in order into entities, one per person or organisation
 *     under its fullest name (misspellings become aliases); pronouns and
 *     "the minister" point back to the latest compatible mention;
 *  4. each span is a quote or not (titles, names, scare quotes, terms), and a
 *     quote's speaker comes from a sieve, most reliable first: a cue next to the
 *     span; a verb governing its sentence (partial quotes); the quote before it
 *     in the paragraph; an attribution or a named person earlier in the
 *     paragraph; a lead-in paragraph ending in ':'; the quote paragraph before;
 *  5. report cues that tagged no quote become attributions.
 * Word lists are data (service/lexicon). Work per paragraph is capped (tokens,
 * spans, look-back windows, entity buckets), so no input makes it quadratic.
 */
#include "annotate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lex.h"
#include "quotes.h"
#include "utf8.h"

/* Work caps: input can make none of these grow without bound. */
#define ANNOT_MAX_TOKENS 200000 /* tokens looked at per paragraph */
#define NP_MAX 12               /* tokens in a source noun phrase */
#define APPOS_MAX 30            /* tokens in an appositive */
#define BACK_MAX 40             /* tokens scanned back to a sentence start */
#define BACK_CUES 64            /* cues or mentions looked back at from a quote */
#define ANNOT_MAX_ENTS 4096     /* distinct names per article */
#define ANNOT_MAX_NAMES 1024    /* full names remembered per article */
#define RECENT_MAX 64           /* latest mentions a pronoun may point back to */
#define ENT_BUCKETS 256         /* entity index by last word; a power of two */
#define SUBJ_MAX 8              /* latest sentence subjects a description may mean */
#define EDIT_SEARCH_MAX 256     /* look for misspelt variants only in articles this small */

enum tok_flag {
    T_WORD = 1u << 0,
    T_CAP = 1u << 1,     /* starts with an upper-case letter */
    T_ALLCAPS = 1u << 2, /* two or more letters, all upper case: CNN, KCNA */
    T_POSS = 1u << 3,    /* ends in ’s or 's */
    T_DOTTED = 1u << 4,  /* an initial or dotted abbreviation: K.C., U.S., Dr. */
    T_LY = 1u << 5,      /* lower-case word in -ly */
    T_DIGIT = 1u << 6
};

struct tok {
    size_t b, e;   /* bytes of the token */
    size_t klen;   /* bytes of its lookup key from b (no ’s, no final '.') */
    uint32_t cls;  /* lex classes of the key */
    unsigned f;    /* enum tok_flag */
    char p;        /* punctuation: , . ; : ! ? ( ) and '-' for dashes; 0 for words */
    long span;     /* the span it lies in, or -1 */
    long after_of; /* the span it directly follows, or -1 */
    size_t sent;   /* sentence number in the paragraph */
};

enum np_kind { NP_NONE, NP_NAME, NP_PRON_PERSON, NP_PRON_THING, NP_UNNAMED };

struct np {
    enum np_kind kind;
    size_t a, b;   /* tokens of the phrase */
    size_t na, nb; /* the name */
    size_t ra, rb; /* role before the name (ra == rb: none) */
    size_t xa, xb; /* appositive after the name (xa == xb: none) */
    size_t sa, sb; /* the source phrase */
    int org;       /* the name is an organisation's */
    int def;       /* NP_UNNAMED "the minister" (1), "the statement" (2), or "the
                    * Spaniard", "the 34-year-old" (3): points back */
    long acr;      /* token of a parenthesised acronym after the name, or -1 */
};

struct cue {
    size_t v0, v1; /* cue tokens; v0 == v1 for a dash or colon */
    uint32_t cls;  /* classes of the matched entry */
    int after;     /* the source follows the cue */
    struct np np;
    long ent; /* resolved entity, or -1 */
    int used; /* tags a direct quote */
};

enum ent_type { ENT_UNKNOWN, ENT_PERSON, ENT_ORG };

struct ent {
    char *name;
    char *role, *org;
    char **aliases;
    size_t naliases;
    enum ent_type type;
    uint64_t last;     /* recency stamp of its latest mention */
    uint32_t sex;      /* LEX_MALE or LEX_FEMALE when known, else 0 */
    const char *title; /* role noun of a title before the name ("Sen." -> senator); static */
    uint32_t lwh;      /* hash of the name's last word (ent_index) */
    size_t nw;         /* words in the name */
    long next_lw;      /* next entity in the same lw_head bucket */
    size_t nquotes;
    int used;
    long out;        /* index in annot->speakers */
    size_t names_at; /* full names known when it was first mentioned */
    int age;         /* "Jane Roe, 34,": years, or 0 when not given */
};

/* A mention to process in reading order: a cue's source or a named person. */
struct event {
    size_t pos;
    long cue; /* index into cues, or -1 for a plain mention */
    long ent; /* resolved entity */
    int weak; /* a bare known name: no role, does not steer pronouns */
    struct np np;
};

/* Who spoke last: carried across spans and paragraphs. */
struct who {
    int set;
    long ent;
    const char *source; /* points into an output quote or attr; may be NULL */
    size_t para;
};

struct ctx {
    const char *s; /* the current paragraph */
    size_t len, para;
    struct tok *t;
    size_t nt, tcap;
    struct quotes_span *sp;
    size_t nsp;
    size_t *sp_first; /* first token inside each span */
    size_t *sp_next;  /* first token after each span */
    struct cue *cues;
    size_t ncues, cuecap;
    struct event *ev;
    size_t nev, evcap;
    struct ent *ents;
    size_t nents, entcap;
    long lw_head[ENT_BUCKETS]; /* entities by last-word hash, chained by next_lw */
    long with_alias[64];       /* entities that have aliases (first 64) */
    size_t nwith_alias;
    struct {
        long id;
        uint64_t stamp;
    } recent[RECENT_MAX]; /* ring of mentions */
    size_t nrecent;
    struct annot *a;
    size_t qcap, acap;
    uint64_t clock;
    int oom;
    struct who last_quote;  /* speaker of the latest quote */
    struct who last_any;    /* speaker of the latest quote or attribution */
    size_t last_quote_para; /* paragraph of the latest quote */
    int last_was_quote;     /* last_any was set by a quote, not an attribution */
    char **names;           /* full personal names seen (add_full_name) */
    size_t nnames, namecap;
    long subj[SUBJ_MAX]; /* ring of the latest persons that were a sentence's subject */
    size_t subj_para[SUBJ_MAX];
    size_t nsubj;
    int intro_set; /* the previous paragraph introduced quote paragraphs */
    long intro_ent;
};

/* ---------------------------------------------------------------- helpers */

/* Grow array p (capacity *cap items of size bytes) to hold need items; on
 * failure sets *oom and returns NULL, leaving p as it was. */
static void *grow(void *p, size_t *cap, size_t need, size_t size, int *oom)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * size);
    if (!q) {
        *oom = 1;
        return NULL;
    }
    *cap = n;
    return q;
}

/* A new NUL-terminated copy of s[b, e); NULL when memory runs out. */
static char *dup_range(const char *s, size_t b, size_t e)
{
    char *r = malloc(e - b + 1);
    if (!r)
        return NULL;
    memcpy(r, s + b, e - b);
    r[e - b] = '\0';
    return r;
}

static char *dup_lower(const char *s, size_t b, size_t e)
{
    char *r = dup_range(s, b, e);
    if (r)
        for (char *c = r; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    return r;
}

/* The code point at s[i] and, in *n, its length in bytes. */
static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    /* ASCII is the common case; skip the call. */
    if ((unsigned char)s[i] < 0x80) {
        *n = 1;
        return (unsigned char)s[i];
    }
    size_t j = i;
    uint32_t c = utf8_next(s, len, &j);
    *n = j - i;
    return c;
}

static int cp_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x3000;
}

static int cp_letter(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c < 0xC0 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xD7 ||
        c == 0xF7)
        return 0;
    return 1;
}

static int cp_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c >= 0xC0 && c <= 0xDE)
        return c != 0xD7;
    if (c >= 0x100 && c <= 0x17F)
        return (c & 1u) == 0;
    if (c >= 0x391 && c <= 0x3A9)
        return 1;
    if (c >= 0x410 && c <= 0x42F)
        return 1;
    return 0;
}

static int cp_alnum(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return cp_letter(c);
}

static int is_word(const struct tok *t)
{
    return (t->f & T_WORD) != 0;
}

static int is_lower_word(const struct tok *t)
{
    return is_word(t) && !(t->f & (T_CAP | T_ALLCAPS | T_DIGIT));
}

/* A word that can be part of a name. */
static int is_name_tok(const struct tok *t)
{
    if (!is_word(t) || t->span >= 0)
        return 0;
    if (t->f & T_ALLCAPS)
        return !(t->cls & LEX_STOPCAP) || t->klen > 2;
    return (t->f & T_CAP) && !(t->cls & LEX_STOPCAP);
}

/* Case-insensitive ASCII comparison of a token with a lower-case word. */
static int tok_is(const struct ctx *c, size_t i, const char *w)
{
    const struct tok *t = &c->t[i];
    size_t n = strlen(w);
    if (!is_word(t) || t->klen != n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char ch = c->s[t->b + k];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != w[k])
            return 0;
    }
    return 1;
}

static int is_punct(const struct tok *t, char p)
{
    return t->p == p;
}

/* ---------------------------------------------------------------- tokens */

static inline int add_tok(struct ctx *c, size_t b, size_t e, char p)
{
    if (c->nt >= ANNOT_MAX_TOKENS)
        return 0;
    if (c->nt >= c->tcap) {
        struct tok *t = grow(c->t, &c->tcap, c->nt + 1, sizeof *c->t, &c->oom);
        if (!t)
            return 0;
        c->t = t;
    }
    struct tok *k = &c->t[c->nt++];
    k->b = b;
    k->e = e;
    k->klen = e - b;
    k->cls = 0;
    k->f = 0;
    k->p = p;
    k->span = -1;
    k->after_of = -1;
    k->sent = 0;
    return 1;
}

/* ASCII classes for the tokenizer: 1 lower-case letter, 2 upper-case, 4 digit. */
static const unsigned char ascii_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0,
    0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Fill the flags and classes of word token t; acc has bit 0 set when it has a
 * lower-case letter, bit 1 when it has an upper-case one. */
static void word_info(struct ctx *c, struct tok *t, unsigned acc, int dotted, int quoted)
{
    const char *s = c->s;
    unsigned char f0 = (unsigned char)s[t->b];
    t->f |= T_WORD;
    if (f0 >= 'A' && f0 <= 'Z')
        t->f |= T_CAP;
    else if (f0 >= '0' && f0 <= '9')
        t->f |= T_DIGIT;
    else if (f0 >= 0x80) {
        size_t n;
        if (cp_upper(cp_at(s, c->len, t->b, &n)))
            t->f |= T_CAP;
    }
    size_t key = t->e - t->b;
    if (s[t->b + key - 1] == '.') {
        key--;
        dotted = 1;
    }
    /* possessive: ’s or 's */
    if (key >= 3 && (s[t->b + key - 1] == 's' || s[t->b + key - 1] == 'S')) {
        size_t cut = 0;
        if (s[t->b + key - 2] == '\'')
            cut = 2;
        else if (key >= 5 && (unsigned char)s[t->b + key - 4] == 0xE2 &&
                 (unsigned char)s[t->b + key - 3] == 0x80 &&
                 (unsigned char)s[t->b + key - 2] == 0x99)
            cut = 4;
        if (cut) {
            key -= cut;
            t->f |= T_POSS;
            acc = 0; /* recount without the 's */
            for (size_t i = t->b; i < t->b + key; i++)
                acc |= ascii_class[(unsigned char)s[i]] & 3u;
        }
    }
    t->klen = key;
    if (dotted && (t->f & T_CAP))
        t->f |= T_DOTTED;
    if ((acc & 3u) == 2u) {
        size_t upper = 0;
        for (size_t i = t->b; i < t->b + key && upper < 2; i++)
            upper += ascii_class[(unsigned char)s[i]] == 2;
        if (upper >= 2)
            t->f |= T_ALLCAPS;
    }
    if (key > 4 && !(acc & 2u) && s[t->b + key - 1] == 'y' && s[t->b + key - 2] == 'l')
        t->f |= T_LY;
    /* inside a quote only short function words matter (span_title_case) */
    if (!quoted || key <= 3)
        t->cls = lex_classes(s + t->b, key);
}

static int is_quote_cp(uint32_t ch)
{
    return ch == '"' || ch == '\'' || ch == 0xAB || ch == 0xBB || (ch >= 0x2018 && ch <= 0x201F);
}

static char punct_of(uint32_t ch)
{
    switch (ch) {
    case ',':
    case '.':
    case ';':
    case ':':
    case '!':
    case '?':
    case '(':
    case ')':
        return (char)ch;
    case '[':
        return '(';
    case ']':
        return ')';
    case 0x2026:
        return '.';
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case '-':
        return '-';
    default:
        return 0;
    }
}

/* Split the paragraph into tokens. A word keeps inner ' ’ - . & when a letter
 * or digit follows them, and a final '.' when it is an initial or abbreviation. */
static void tokenize(struct ctx *c)
{
    const char *s = c->s;
    size_t len = c->len, i = 0, n, sk = 0;
    c->nt = 0;
    while (i < len) {
        unsigned char u = (unsigned char)s[i];
        uint32_t ch;
        if (u < 0x80) {
            if (u == ' ') {
                i++;
                continue;
            }
            ch = u;
            n = 1;
            /* ASCII letters and digits start a word without the code point tests */
            if (ascii_class[u])
                goto word;
        } else {
            ch = cp_at(s, len, i, &n);
        }
        if (!cp_alnum(ch)) {
            char p = cp_space(ch) || is_quote_cp(ch) ? 0 : punct_of(ch);
            if (p && !add_tok(c, i, i + n, p))
                return;
            i += n;
            continue;
        }
    word:;
        size_t b = i;
        unsigned acc = 0; /* ascii_class bits seen */
        int dotted = 0;
        while (i < len) {
            u = (unsigned char)s[i];
            unsigned char k = ascii_class[u];
            if (k) {
                acc |= k;
                i++;
                continue;
            }
            uint32_t d = u < 0x80 ? u : cp_at(s, len, i, &n);
            if (u < 0x80)
                n = 1;
            if (d >= 0x80 && cp_alnum(d)) {
                acc |= cp_upper(d) ? 2u : 1u;
                i += n;
                continue;
            }
            if (d == '\'' || d == 0x2019 || d == '-' || d == '.' || d == '&' || d == 0x2010 ||
                d == 0x2011) {
                size_t n2;
                if (i + n < len && cp_alnum(cp_at(s, len, i + n, &n2))) {
                    dotted |= d == '.';
                    i += n;
                    continue;
                }
            }
            break;
        }
        size_t e = i;
        /* keep the '.' of an initial or abbreviation: K.C. Maurer, Dr. Smith */
        if (i < len && s[i] == '.') {
            int keep = dotted || (e - b == 1 && (acc & 2u));
            if (!keep && e - b < 8 && (lex_classes(s + b, e - b) & LEX_ABBR))
                keep = 1;
            if (keep)
                e = ++i;
        }
        if (!add_tok(c, b, e, 0))
            return;
        while (sk < c->nsp && c->sp[sk].end <= b)
            sk++;
        word_info(c, &c->t[c->nt - 1], acc, dotted,
                  sk < c->nsp && c->sp[sk].start <= b && b < c->sp[sk].end);
    }
}

/* Which span each token lies in or follows, and where each span's tokens are. */
static void place_spans(struct ctx *c)
{
    size_t k = 0;
    for (size_t s = 0; s < c->nsp; s++) {
        while (k < c->nt && c->t[k].b < c->sp[s].start)
            k++;
        c->sp_first[s] = k;
        while (k < c->nt && c->t[k].b < c->sp[s].end) {
            c->t[k].span = (long)s;
            k++;
        }
        /* tokens between end and after (none: marks are not tokens) */
        while (k < c->nt && c->t[k].b < c->sp[s].after)
            k++;
        c->sp_next[s] = k;
        if (k < c->nt && (s + 1 >= c->nsp || c->t[k].b < c->sp[s + 1].open))
            c->t[k].after_of = (long)s;
    }
}

/* Number the sentences. Text inside a span never splits the writer's sentence,
 * but a span ending in . ? ! followed by a capital does. */
static void split_sentences(struct ctx *c)
{
    size_t sent = 0;
    for (size_t i = 0; i < c->nt; i++) {
        struct tok *t = &c->t[i];
        t->sent = sent;
        if (i + 1 >= c->nt)
            break;
        const struct tok *nx = &c->t[i + 1];
        int starts = (nx->f & (T_CAP | T_DIGIT)) || (nx->span >= 0 && nx->span != t->span);
        if (t->span < 0) {
            if ((t->p == '.' || t->p == '!' || t->p == '?') && starts)
                sent++; /* abbreviations and initials keep their '.' (tokenize) */
        } else if (nx->span != t->span && (t->p == '.' || t->p == '!' || t->p == '?') && starts) {
            sent++;
        }
    }
}

/* ---------------------------------------------------------------- noun phrases */

static int same_clause_tok(const struct ctx *c, size_t i, size_t ref)
{
    return i < c->nt && c->t[i].span < 0 && c->t[i].sent == c->t[ref].sent;
}

static int is_connector(const struct ctx *c, size_t i)
{
    return tok_is(c, i, "of") || tok_is(c, i, "to") || tok_is(c, i, "for");
}

static int is_relative(const struct ctx *c, size_t i)
{
    return (c->t[i].cls & LEX_RELATIVE) && is_lower_word(&c->t[i]);
}

/* A lower-case noun of occupation by its ending: meteorologist, technician,
 * farmer, investor; the word lists cannot name them all. */
static int occupation(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (!is_lower_word(t) || t->klen < 6 || (t->cls & (LEX_BREAK | LEX_PREP | LEX_DET)))
        return 0;
    const char *w = c->s + t->b;
    size_t n = t->klen;
    static const char *const ends[] = {"ist", "ian", "er", "or", NULL};
    for (size_t k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (memcmp(w + n - l, ends[k], l) == 0)
            return 1;
    }
    return 0;
}

/* Does [a, b) hold a role or title word ("curator", "Ambassador")? */
static int has_role_word(const struct ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if ((c->t[i].cls & (LEX_ROLE | LEX_TITLE)) || occupation(c, i))
            return 1;
    return 0;
}

/* Tokens a..b are all titles ("Dr.", "Mrs"), or none at all. */
static int only_titles(const struct ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!(c->t[i].cls & LEX_TITLE))
            return 0;
    return 1;
}

/* The appositive after token i (a comma): up to the next , . ; outside spans. */
static void find_appositive(const struct ctx *c, size_t i, struct np *np)
{
    np->xa = np->xb = 0;
    if (i >= c->nt || !is_punct(&c->t[i], ',') || c->t[i].span >= 0)
        return;
    size_t j = i + 1, ref = i;
    int role = 0;
    while (j < c->nt && j - i <= APPOS_MAX && c->t[j].sent == c->t[ref].sent) {
        const struct tok *t = &c->t[j];
        if (t->span < 0) {
            if (t->p == ',' || t->p == '.' || t->p == ';' || t->p == ':' || t->p == '!' ||
                t->p == '?')
                break;
            if (is_relative(c, j) ||
                (t->cls & (LEX_SPEECH | LEX_REPORT) && is_lower_word(t) && !(t->cls & LEX_ROLE)))
                break;
            if ((t->cls & (LEX_ROLE | LEX_TITLE)) || occupation(c, j))
                role = 1;
        }
        j++;
    }
    if (j == i + 1 || !role)
        return;
    if (j - i > APPOS_MAX)
        return;
    np->xa = i + 1;
    np->xb = j;
}

static int is_acronym_org(const struct tok *t)
{
    return (t->f & T_ALLCAPS) && !(t->f & T_DOTTED) && !(t->cls & (LEX_ROLE | LEX_TITLE)) &&
           t->span < 0;
}

/* Token i describes a person by age or origin: "34-year-old" (the age) or
 * "Spaniard" (0); -1 when it does neither. */
static int age_word(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (!is_word(t) || t->span >= 0)
        return -1;
    if (t->cls & LEX_DEMONYM)
        return 0;
    const char *w = c->s + t->b;
    size_t n = t->klen, d = 0;
    int age = 0;
    while (d < n && d < 3 && w[d] >= '0' && w[d] <= '9')
        age = age * 10 + (w[d++] - '0');
    static const char tail[] = "-year-old";
    if (d == 0 || n - d != sizeof tail - 1 || strncasecmp(w + d, tail, sizeof tail - 1) != 0)
        return -1;
    return age;
}

/* A capitalised adjective of nationality by its ending: Australian, Chinese,
 * British, French, Israeli. */
static int demonym(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    const char *w = c->s + t->b;
    size_t n = t->klen;
    static const char *const ends[] = {"an", "ese", "ish", "ch", "i", NULL};
    if (n < 4 || (t->f & T_ALLCAPS))
        return 0;
    for (size_t k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (n > l && memcmp(w + n - l, ends[k], l) == 0)
            return 1;
    }
    return 0;
}

/* Find the name inside phrase [a, b) and fill np. */
/* 1 when the capitalised run that ends at token i (reading back over of / for /
 * and / the between capitalised words, never before a) holds an organisation
 * word: "Ministry of Industry and Trade" is one name, "Smith and Jones" two. */
static int org_chain(const struct ctx *c, size_t a, size_t i)
{
    for (;;) {
        const struct tok *t = &c->t[i];
        if (is_name_tok(t)) {
            if (t->cls & LEX_ORG)
                return 1;
        } else if (!(is_connector(c, i) || tok_is(c, i, "and") || tok_is(c, i, "the")) ||
                   i == a || !is_name_tok(&c->t[i - 1])) {
            return 0;
        }
        if (i == a)
            return 0;
        i--;
    }
}

static void find_name(const struct ctx *c, struct np *np)
{
    size_t a = np->a, b = np->b;
    np->kind = NP_NONE;
    np->acr = -1;
    np->ra = np->rb = np->na = np->nb = np->sa = np->sb = a;
    if (a >= b)
        return;
    const struct tok *last = &c->t[b - 1];
    if (b - a == 1 && (last->cls & LEX_PRON_PERSON) && is_word(last)) {
        np->kind = NP_PRON_PERSON;
        np->na = np->sa = a;
        np->nb = np->sb = b;
        return;
    }
    if (b - a == 1 && (last->cls & LEX_PRON_THING) && is_word(last)) {
        np->kind = NP_PRON_THING;
        np->na = np->sa = a;
        np->nb = np->sb = b;
        return;
    }
    if ((last->cls & LEX_UNNAMED) && !(last->f & T_ALLCAPS) &&
        (is_lower_word(last) || b - 1 == 0 || c->t[b - 2].sent != last->sent ||
         c->t[b - 2].span >= 0 || (c->t[b - 2].cls & LEX_DET))) {
        np->kind = NP_UNNAMED; /* "security experts", "Officials said" */
        np->sa = a;
        np->sb = b;
        np->def = tok_is(c, a, "the") && (last->cls & (LEX_ROLE | LEX_ORG));
        return;
    }
    if (is_lower_word(last) && (last->cls & LEX_STMT) && tok_is(c, a, "the") && b - a == 2) {
        np->kind = NP_UNNAMED; /* "the statement said": whoever made it */
        np->sa = a;
        np->sb = b;
        np->def = 2;
        return;
    }
    if (b - a == 2 && tok_is(c, a, "the") && age_word(c, a + 1) >= 0) {
        np->kind = NP_UNNAMED; /* "the Spaniard", "the 34-year-old": someone named before */
        np->sa = a;
        np->sb = b;
        np->def = 3;
        return;
    }
    int capped = 0; /* "The Australian government" is named, "the company" is not */
    for (size_t i = a + 1; i < b; i++)
        capped |= is_name_tok(&c->t[i]);
    if (is_lower_word(last) && ((last->cls & (LEX_ROLE | LEX_ORG)) || occupation(c, b - 1)) &&
        (c->t[a].cls & LEX_DET) && b - a <= 4 && !capped) {
        np->kind = NP_UNNAMED; /* "the minister", "a senior official" */
        np->sa = a;
        np->sb = b;
        /* "the company" points back; "The mayor's office" is its own source */
        np->def = tok_is(c, a, "the");
        for (size_t i = a; i < b; i++)
            if (c->t[i].f & T_POSS)
                np->def = 0;
        return;
    }
    for (size_t i = a; i + 1 < b; i++) {
        const struct tok *t = &c->t[i];
        if (is_name_tok(t))
            break;
        if ((t->cls & LEX_UNNAMED) && is_lower_word(t) && (c->t[i + 1].cls & LEX_PREP)) {
            np->kind = NP_UNNAMED; /* "A spokesman for the police union" */
            np->sa = a;
            np->sb = b;
            return;
        }
    }
    size_t k = b;
    while (k > a && is_lower_word(&c->t[k - 1]) && !(c->t[k - 1].cls & LEX_PARTICLE))
        k--;
    int tail = k < b;
    if (tail && !(last->cls & LEX_ORG))
        return;
    if (k == a || !is_name_tok(&c->t[k - 1]))
        return;
    size_t rb0 = k, ra0 = k - 1;
    while (ra0 > a) {
        if (is_name_tok(&c->t[ra0 - 1]) &&
            (!(c->t[ra0 - 1].f & T_POSS) || (c->t[rb0 - 1].cls & LEX_ORG)))
            ra0--; /* "Alzheimer's Association", "Women's Hospital" */
        else if (ra0 - 1 > a && (is_connector(c, ra0 - 1) || tok_is(c, ra0 - 1, "and")) &&
                 is_name_tok(&c->t[ra0 - 2]) && org_chain(c, a, ra0 - 2))
            ra0 -= 2; /* "Department for Transport", "Ministry of Industry and Trade" */
        else if (ra0 - 1 > a && (c->t[ra0 - 1].cls & LEX_PARTICLE) &&
                 is_lower_word(&c->t[ra0 - 1])) {
            /* "Ursula von der Leyen" */
            size_t p = ra0 - 1;
            while (p > a && (c->t[p - 1].cls & LEX_PARTICLE) && is_lower_word(&c->t[p - 1]))
                p--;
            if (p == a || !is_name_tok(&c->t[p - 1]))
                break;
            ra0 = p - 1;
        } else
            break;
    }
    /* "Sen. Robert J. Mulvaney of Oklahoma": a place after "of" belongs to the
     * person named before it when that run opens with a title or a given name */
    if (!tail && ra0 >= a + 2 && tok_is(c, ra0 - 1, "of") && is_name_tok(&c->t[ra0 - 2])) {
        size_t e2 = ra0 - 1, s2 = ra0 - 2;
        while (s2 > a && is_name_tok(&c->t[s2 - 1]))
            s2--;
        size_t g = s2;
        while (g < e2 && (c->t[g].cls & LEX_TITLE))
            g++;
        int org2 = 0;
        for (size_t i = s2; i < e2; i++)
            org2 |= (c->t[i].cls & LEX_ORG) != 0;
        if (!org2 && g < e2 && (g > s2 || (c->t[g].cls & LEX_GIVEN))) {
            ra0 = s2;
            rb0 = e2;
        }
    }
    if ((c->t[rb0 - 1].f & T_POSS) && !tail)
        return;
    int org = tail;
    for (size_t i = ra0; i < rb0; i++)
        if ((c->t[i].cls & LEX_ORG) && (c->t[i].f & T_CAP))
            org = 1;
    if (rb0 - ra0 == 1 && (c->t[ra0].f & T_ALLCAPS) && !(c->t[ra0].f & T_DOTTED))
        org = 1;
    size_t na = ra0;
    for (size_t i = ra0; i < rb0; i++) {
        const struct tok *t = &c->t[i];
        if (!(t->cls & (LEX_TITLE | LEX_ROLE)) || (org && (t->cls & LEX_ORG)))
            continue;
        /* "Martin Luther King Jr.": a title word after a given name is a surname */
        if ((t->cls & LEX_TSURNAME) && i > na &&
            !(c->t[i - 1].cls & (LEX_TITLE | LEX_ROLE | LEX_ORG)) && !(c->t[i - 1].f & T_ALLCAPS))
            continue;
        na = i + 1;
    }
    /* a leading acronym before more capitalised words is an employer: CNN Paul X */
    while (!org && na + 1 < rb0 && (c->t[na].f & T_ALLCAPS) && !(c->t[na].f & T_DOTTED))
        na++;
    /* "Secretary of State Antony Blinken": the run starts inside the title */
    if (!org && na == ra0 && rb0 - ra0 == 3 && ra0 >= 2 && is_connector(c, ra0 - 1) &&
        (c->t[ra0 - 2].cls & (LEX_TITLE | LEX_ROLE)))
        na++;
    if (na >= rb0)
        return;
    size_t core = 0; /* words of the name, without particles, Jr. or III */
    for (size_t i = na; i < rb0; i++)
        core += is_name_tok(&c->t[i]) && !(i + 1 == rb0 && i > na && (c->t[i].cls & LEX_SUFFIX))
                    ? 1u
                    : 0u;
    /* Four-part names are common ("Tran Thi Mai Anh"), but after "to the" or
     * "of" a run starts with the complement of a title: "Ambassador to the
     * United States Hamdullah Mohib" */
    int after_title = ra0 > a && (is_connector(c, ra0 - 1) || tok_is(c, ra0 - 1, "the"));
    if (!org && (core > 4 || (core == 4 && after_title))) {
        /* keep the last two words (with the particles between them) */
        size_t keep = 0, i = rb0;
        if (c->t[rb0 - 1].cls & LEX_SUFFIX)
            i--;
        while (i > na && keep < 2) {
            i--;
            keep += is_name_tok(&c->t[i]) ? 1u : 0u;
        }
        while (i > ra0 && (c->t[i - 1].cls & LEX_PARTICLE) && is_lower_word(&c->t[i - 1]))
            i--;
        na = i;
        while (na > ra0 && (c->t[na - 1].f & T_DOTTED))
            na--;
    }
    np->kind = NP_NAME;
    np->org = org;
    np->na = na;
    /* "the Australian government" names no one but by its description;
     * "Yonhap news agency" is Yonhap */
    np->nb = tail && rb0 - na == 1 && demonym(c, na) ? b : rb0;
    np->sa = na;
    np->sb = b;
    size_t r = a;
    while (r < na && (c->t[r].cls & LEX_DET) && is_lower_word(&c->t[r]))
        r++;
    while (r < na && (c->t[r].cls & LEX_DET) && r == a)
        r++;
    int roleish = 0;
    for (size_t i = r; i < na; i++)
        if ((c->t[i].cls & (LEX_ROLE | LEX_TITLE)) || is_acronym_org(&c->t[i]) || occupation(c, i))
            roleish = 1;
    np->ra = roleish ? r : na;
    np->rb = na;
    if (b + 2 < c->nt && is_punct(&c->t[b], '(') && (c->t[b + 1].f & T_ALLCAPS) &&
        is_punct(&c->t[b + 2], ')'))
        np->acr = (long)(b + 1);
}

/* The phrase starting at token i, after a cue ("said CNN analyst Paul X, ..."). */
static struct np np_after(const struct ctx *c, size_t i)
{
    struct np np;
    memset(&np, 0, sizeof np);
    np.acr = -1;
    np.a = np.b = i;
    if (i >= c->nt || !is_word(&c->t[i]) || c->t[i].span >= 0)
        return np;
    if (c->t[i].cls & (LEX_PRON_PERSON | LEX_PRON_THING)) {
        np.b = i + 1;
        find_name(c, &np);
        return np;
    }
    size_t j = i;
    while (j < c->nt && j - i < NP_MAX && same_clause_tok(c, j, i) && is_word(&c->t[j])) {
        const struct tok *t = &c->t[j];
        int lower = is_lower_word(t);
        /* "and" inside an organisation's name does not end the phrase */
        if (lower && (t->cls & LEX_BREAK) &&
            !(tok_is(c, j, "and") && j > i && j + 1 < c->nt && is_name_tok(&c->t[j + 1]) &&
              is_name_tok(&c->t[j - 1]) && org_chain(c, i, j - 1)))
            break;
        if (lower && (t->cls & (LEX_SPEECH | LEX_REPORT)) && !(t->cls & LEX_ROLE))
            break;
        if (lower && is_connector(c, j)) {
            size_t n = j + 1;
            if (n < c->nt && tok_is(c, n, "the"))
                n++;
            if (n >= c->nt || !is_name_tok(&c->t[n]))
                break;
        }
        if ((t->f & T_POSS) && j > i && is_name_tok(t) && j + 1 < c->nt && !is_word(&c->t[j + 1])) {
            j++;
            break;
        }
        j++;
    }
    np.b = j;
    find_name(c, &np);
    if ((np.kind == NP_NONE || (np.kind == NP_UNNAMED && (c->t[j - 1].cls & LEX_ROLE))) && j > i &&
        j + 1 < c->nt && is_punct(&c->t[j], ',')) {
        /* "the Afghan team's coach, Alireza Mehraban," */
        struct np in = np_after(c, j + 1);
        if (in.kind == NP_NAME && in.na == j + 1 && in.b < c->nt &&
            (is_punct(&c->t[in.b], ',') || is_punct(&c->t[in.b], '.'))) {
            in.ra = i;
            while (in.ra < j && (c->t[in.ra].cls & LEX_DET))
                in.ra++;
            in.rb = j;
            return in;
        }
        return np;
    }
    if (np.kind == NP_NAME && np.acr < 0)
        find_appositive(c, np.b, &np);
    return np;
}

static int is_adverb(const struct tok *t)
{
    return is_lower_word(t) && ((t->cls & LEX_ADV) || (t->f & T_LY));
}

/* The subject phrase ending just before token v ("Wilkins also said",
 * "Cynthia Thompson, curator ..., said"). */
static struct np np_before_core(const struct ctx *c, size_t v)
{
    struct np np;
    memset(&np, 0, sizeof np);
    np.acr = -1;
    np.a = np.b = v;
    if (v == 0)
        return np;
    size_t j = v;
    while (j > 0 && v - j < 3 && is_adverb(&c->t[j - 1]) && same_clause_tok(c, j - 1, v))
        j--;
    if (j == 0 || !same_clause_tok(c, j - 1, v))
        return np;
    size_t last = j - 1;
    if (is_punct(&c->t[last], ',')) {
        /* appositive subject: "Cynthia Thompson, curator ..., said" or
         * "The city's chief financial officer, Maria Gomez, told" */
        size_t s = last;
        while (s > 0 && last - s < BACK_MAX && c->t[s - 1].sent == c->t[v].sent &&
               c->t[s - 1].span < 0)
            s--;
        size_t pa = 0, pb = 0;
        for (int seg = 0; seg < 3 && s < last; seg++) {
            size_t e = s;
            while (e < last && !is_punct(&c->t[e], ',') && is_word(&c->t[e]))
                e++;
            if (!is_punct(&c->t[e], ','))
                break;
            /* an opening prepositional phrase ("At a stop on Main Street,")
             * sets the scene; the subject comes after it */
            if (seg == 0 && (c->t[s].cls & LEX_PREP) && !(c->t[s].cls & LEX_ORG) && e < last) {
                s = e + 1;
                continue;
            }
            np.a = s;
            np.b = e;
            find_name(c, &np);
            if (np.kind == NP_NAME && e - s <= NP_MAX) {
                if (e < last && has_role_word(c, e + 1, last)) {
                    np.xa = e + 1;
                    np.xb = last;
                } else if (e == last && pb > pa && has_role_word(c, pa, pb) &&
                           only_titles(c, np.ra, np.rb)) {
                    /* "the association's chief officer, Dr. Jane Roe, said": the
                     * descriptor is the role; a bare "Dr." adds nothing to it */
                    np.ra = pa;
                    np.rb = pb;
                }
                return np;
            }
            pa = s;
            pb = e;
            s = e + 1;
        }
        memset(&np, 0, sizeof np);
        np.acr = -1;
        np.a = np.b = v;
        return np;
    }
    const struct tok *lt = &c->t[last];
    if (!is_word(lt))
        return np;
    if (lt->cls & (LEX_PRON_PERSON | LEX_PRON_THING)) {
        if (last > 0 && same_clause_tok(c, last - 1, v) && is_word(&c->t[last - 1]) &&
            !(c->t[last - 1].cls & (LEX_BREAK | LEX_STOPCAP)))
            return np;
        np.a = last;
        np.b = last + 1;
        find_name(c, &np);
        return np;
    }
    if (tok_is(c, last, "they")) {
        /* "they wrote": a plural source, never one person */
        np.a = last;
        np.b = last + 1;
        find_name(c, &np);
        return np;
    }
    size_t k = last + 1;
    while (k > 0 && last + 1 - k < NP_MAX && same_clause_tok(c, k - 1, v) &&
           is_word(&c->t[k - 1])) {
        const struct tok *t = &c->t[k - 1];
        /* "and" inside an organisation's name does not end the phrase */
        int org_and = tok_is(c, k - 1, "and") && k - 1 != 0 && k - 1 != last &&
                      is_name_tok(&c->t[k]) && is_name_tok(&c->t[k - 2]) &&
                      org_chain(c, 0, k - 2);
        if ((t->cls & LEX_BREAK) && !org_and &&
            !(is_name_tok(t) && k - 1 != 0 && c->t[k - 2].sent == t->sent && k - 1 != last))
            break;
        if (is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT)) && !(t->cls & LEX_ROLE))
            break;
        k--;
    }
    /* the object of a preposition is no subject, but "a study published in
     * the Journal shows" has the study as its subject */
    if (k > 0 && same_clause_tok(c, k - 1, v) && is_lower_word(&c->t[k - 1]) &&
        (c->t[k - 1].cls & LEX_PREP)) {
        size_t h = k - 1;
        if (h >= 2 && same_clause_tok(c, h - 2, v) && is_lower_word(&c->t[h - 1]) &&
            c->t[h - 1].klen > 2 && c->s[c->t[h - 1].b + c->t[h - 1].klen - 1] == 'd' &&
            c->s[c->t[h - 1].b + c->t[h - 1].klen - 2] == 'e' && is_lower_word(&c->t[h - 2]) &&
            (c->t[h - 2].cls & LEX_UNNAMED)) {
            size_t s0 = h - 2;
            while (s0 > 0 && h - 2 - s0 < 3 && same_clause_tok(c, s0 - 1, v) &&
                   is_word(&c->t[s0 - 1]) && !(c->t[s0 - 1].cls & (LEX_BREAK | LEX_PREP)) &&
                   !is_name_tok(&c->t[s0 - 1]))
                s0--;
            if (s0 > 0 && same_clause_tok(c, s0 - 1, v) && is_lower_word(&c->t[s0 - 1]) &&
                (c->t[s0 - 1].cls & LEX_DET))
                s0--;
            np.kind = NP_UNNAMED;
            np.a = np.sa = s0;
            np.b = np.sb = last + 1;
            return np;
        }
        /* "Dr. Madhav Thambisetty of the National Institute on Aging said" */
        for (size_t p = k; p-- > 0 && last - p < NP_MAX;) {
            const struct tok *t = &c->t[p];
            if (!same_clause_tok(c, p, v) || !is_word(t))
                break;
            int prep = tok_is(c, p, "of") || tok_is(c, p, "at") || tok_is(c, p, "from");
            if (prep && p > 0 && (c->t[p - 1].cls & LEX_UNNAMED) && same_clause_tok(c, p - 1, v)) {
                np.kind = NP_UNNAMED; /* "Officials at the ministry said" */
                np.a = np.sa = p - 1;
                if (p > 1 && same_clause_tok(c, p - 2, v) && is_lower_word(&c->t[p - 2]) &&
                    !(c->t[p - 2].cls & (LEX_BREAK | LEX_PREP)))
                    np.a = np.sa = p - 2;
                np.b = np.sb = last + 1;
                return np;
            }
            if (prep && p > 0 && is_name_tok(&c->t[p - 1]) && same_clause_tok(c, p - 1, v)) {
                size_t r = p - 1;
                while (r > 0 && p - r < 6 && is_name_tok(&c->t[r - 1]) &&
                       same_clause_tok(c, r - 1, v))
                    r--;
                struct np pn;
                memset(&pn, 0, sizeof pn);
                pn.a = r;
                pn.b = p;
                find_name(c, &pn);
                if (pn.kind == NP_NAME && !pn.org)
                    return pn;
                break;
            }
            if (!is_name_tok(t) && !is_connector(c, p) && !tok_is(c, p, "the") &&
                !tok_is(c, p, "on") && !tok_is(c, p, "and"))
                break;
        }
        return np;
    }
    /* skip a sentence-initial stop word: "But experts say" */
    while (k <= last && (c->t[k].cls & LEX_STOPCAP) && !(c->t[k].cls & LEX_DET) &&
           (c->t[k].f & T_CAP))
        k++;
    if (k > last)
        return np;
    np.a = k;
    np.b = last + 1;
    find_name(c, &np);
    return np;
}

/* An unnamed source whose head has a postmodifier, ending just before token v:
 * "Two traders familiar with the matter said", "one of them said",
 * "A city official briefed on the talks said". The phrase must open its clause
 * (a quantifier or article, or the clause start) so that the object of a
 * preposition ("told two traders familiar with ...") is never taken. */
static struct np unnamed_before(const struct ctx *c, size_t v)
{
    struct np np;
    memset(&np, 0, sizeof np);
    np.acr = -1;
    np.a = np.b = v;
    size_t j = v;
    while (j > 0 && v - j < 3 && is_adverb(&c->t[j - 1]) && same_clause_tok(c, j - 1, v))
        j--;
    size_t end = j;
    /* the head: the nearest unnamed-source noun, or "one"/"two" before "of" */
    size_t h = SIZE_MAX;
    for (size_t p = end; p-- > 0 && end - p <= NP_MAX;) {
        const struct tok *t = &c->t[p];
        if (!same_clause_tok(c, p, v) || !is_word(t) || t->span >= 0)
            break;
        if (is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT)))
            break; /* another verb: not a postmodifier any more */
        if (is_lower_word(t) && (t->cls & LEX_UNNAMED) && p + 1 < end) {
            h = p;
            break;
        }
        if ((t->cls & LEX_DET) && p + 2 < end && tok_is(c, p + 1, "of") &&
            is_lower_word(&c->t[p + 2])) {
            h = p; /* "one of them", "two of the traders" */
            break;
        }
    }
    if (h == SIZE_MAX)
        return np;
    /* the postmodifier opens with a preposition, a relative, or one word
     * before a preposition: "familiar with", "close to", "briefed on" */
    const struct tok *m = &c->t[h + 1];
    int post = (m->cls & (LEX_PREP | LEX_RELATIVE)) ||
               (h + 2 < end && is_lower_word(m) && (c->t[h + 2].cls & LEX_PREP));
    if (!post)
        return np;
    size_t a = h;
    if (!(c->t[h].cls & LEX_DET) || !tok_is(c, h + 1, "of")) {
        /* modifiers, then a quantifier or article: "A senior U.S. official" */
        while (a > 0 && h - a < 3 && same_clause_tok(c, a - 1, v) && is_word(&c->t[a - 1]) &&
               !(c->t[a - 1].cls & (LEX_DET | LEX_BREAK | LEX_SPEECH | LEX_REPORT)) &&
               !(c->t[a - 1].f & T_POSS))
            a--;
        if (a > 0 && same_clause_tok(c, a - 1, v) && is_word(&c->t[a - 1]) &&
            (c->t[a - 1].cls & LEX_DET) && !(c->t[a - 1].cls & LEX_PRON_PERSON))
            a--;
        else if (a != h && !(c->t[a].f & T_CAP))
            return np;
    }
    /* the phrase opens its clause */
    if (a > 0 && same_clause_tok(c, a - 1, v) && is_word(&c->t[a - 1]) &&
        c->t[a - 1].span < 0 && !tok_is(c, a - 1, "and") && !tok_is(c, a - 1, "but"))
        return np;
    np.kind = NP_UNNAMED;
    np.a = np.sa = a;
    np.b = np.sb = end;
    return np;
}

static struct np np_before(const struct ctx *c, size_t v)
{
    struct np np = np_before_core(c, v);
    if (np.kind == NP_NONE && v > 0) {
        struct np un = unnamed_before(c, v);
        if (un.kind == NP_UNNAMED)
            return un;
    }
    return np;
}

/* ---------------------------------------------------------------- entities */

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        if (*s == ' ')
            in = 0;
        else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

static const char *last_word(const char *s)
{
    const char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : s;
}

static size_t first_word_len(const char *s)
{
    const char *sp = strchr(s, ' ');
    return sp ? (size_t)(sp - s) : strlen(s);
}

/* 1 when a and b differ by at most one insertion, deletion or substitution. */
static int edit1(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t n = la;
        la = lb;
        lb = n;
    }
    if (lb - la > 1)
        return 0;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (la == lb)
        return strcmp(a + i + (i < la), b + i + (i < lb)) == 0;
    return strcmp(a + i, b + i + 1) == 0;
}

static int has_alias(const struct ent *e, const char *name)
{
    for (size_t i = 0; i < e->naliases; i++)
        if (strcmp(e->aliases[i], name) == 0)
            return 1;
    return 0;
}

static void add_alias(struct ctx *c, struct ent *e, const char *name)
{
    if (strcmp(e->name, name) == 0 || has_alias(e, name))
        return;
    char **al = realloc(e->aliases, (e->naliases + 1) * sizeof *al);
    if (!al) {
        c->oom = 1;
        return;
    }
    e->aliases = al;
    char *d = strdup(name);
    if (!d) {
        c->oom = 1;
        return;
    }
    if (e->naliases == 0 && c->nwith_alias < sizeof c->with_alias / sizeof c->with_alias[0])
        c->with_alias[c->nwith_alias++] = e - c->ents;
    e->aliases[e->naliases++] = d;
}

/* The entity that name means, or -1. *alias is set when name is a variant spelling. */
/* A new mention of entity id: the most recent one from now on. */
static void touch(struct ctx *c, long id)
{
    struct ent *e = &c->ents[id];
    e->last = ++c->clock;
    size_t slot = c->nrecent++ % RECENT_MAX;
    c->recent[slot].id = id;
    c->recent[slot].stamp = e->last;
}

static uint32_t word_hash(const char *w)
{
    uint32_t h = 2166136261u;
    for (; *w && *w != ' '; w++)
        h = (h ^ (unsigned char)*w) * 16777619u;
    return h;
}

/* Cache what ent_match() compares (the last word's hash, the word count) and
 * file entity id under its last word. */
static void ent_link(struct ctx *c, long id)
{
    struct ent *e = &c->ents[id];
    e->lwh = word_hash(last_word(e->name));
    e->nw = count_words(e->name);
    size_t bk = e->lwh & (ENT_BUCKETS - 1);
    e->next_lw = c->lw_head[bk];
    c->lw_head[bk] = id;
}

static void ent_unlink(struct ctx *c, long id)
{
    long *p = &c->lw_head[c->ents[id].lwh & (ENT_BUCKETS - 1)];
    while (*p >= 0 && *p != id)
        p = &c->ents[*p].next_lw;
    if (*p == id)
        *p = c->ents[id].next_lw;
}

/* The entity that name means, or -1. *alias is set when name is a variant spelling. */
static long ent_match(const struct ctx *c, const char *name, int *alias, uint32_t sex)
{
    *alias = 0;
    size_t nw = count_words(name);
    const char *lw = last_word(name);
    size_t lwl = strlen(lw);
    uint32_t lwh = word_hash(lw);
    size_t fl = first_word_len(name);
    long head = c->lw_head[lwh & (ENT_BUCKETS - 1)];
    for (long i = head; i >= 0; i = c->ents[i].next_lw)
        if (c->ents[i].name[0] == name[0] && strcmp(c->ents[i].name, name) == 0 &&
            !(sex && c->ents[i].sex && sex != c->ents[i].sex))
            return i;
    for (size_t k = 0; k < c->nwith_alias; k++)
        if (has_alias(&c->ents[c->with_alias[k]], name))
            return c->with_alias[k];
    long hit = -1;
    int hits = 0;
    for (long i = head; i >= 0 && hits < 2; i = c->ents[i].next_lw) {
        const struct ent *e = &c->ents[i];
        if (e->lwh != lwh || strcmp(last_word(e->name), lw) != 0)
            continue;
        if (sex && e->sex && sex != e->sex)
            continue; /* "Mr Wilson" is not Mary Wilson */
        if (nw == 1 || e->nw == 1 ||
            (fl == first_word_len(e->name) && !strncmp(name, e->name, fl)) ||
            (name[0] == e->name[0] && (name[1] == '.' || e->name[1] == '.'))) {
            if (hit != i)
                hits++;
            hit = i;
        }
    }
    if (hits == 1)
        return hit;
    if (hits > 1)
        return -1;
    /* misspelt variants: Water/Waters, Mauer/Maurer (in articles of a usual size) */
    if (lwl < 4 || c->nents > EDIT_SEARCH_MAX)
        return -1;
    for (size_t i = 0; i < c->nents; i++) {
        const struct ent *e = &c->ents[i];
        const char *elw = last_word(e->name);
        size_t el = strlen(elw);
        if (el < 4 || el + 1 < lwl || lwl + 1 < el || !edit1(elw, lw) || strcmp(elw, lw) == 0)
            continue;
        if (nw > 1 && e->nw > 1 &&
            (fl != first_word_len(e->name) || strncmp(name, e->name, fl) != 0))
            continue;
        hits++;
        hit = (long)i;
    }
    if (hits == 1) {
        *alias = 1;
        return hit;
    }
    return -1;
}

static void set_str(struct ctx *c, char **dst, const char *src)
{
    char *d = strdup(src);
    if (!d) {
        c->oom = 1;
        return;
    }
    free(*dst);
    *dst = d;
}

/* Record a mention of name (with role, org, alias when not NULL); returns the entity or -1. */
static long ent_mention(struct ctx *c, const char *name, const char *role, const char *org,
                        const char *alias, enum ent_type type, uint32_t sex)
{
    int variant;
    long id = ent_match(c, name, &variant, sex);
    if (id < 0 && alias)
        id = ent_match(c, alias, &variant, sex);
    if (id < 0) {
        if (c->nents >= ANNOT_MAX_ENTS)
            return -1;
        struct ent *es = grow(c->ents, &c->entcap, c->nents + 1, sizeof *c->ents, &c->oom);
        if (!es)
            return -1;
        c->ents = es;
        struct ent *e = &c->ents[c->nents];
        memset(e, 0, sizeof *e);
        e->name = strdup(name);
        if (!e->name) {
            c->oom = 1;
            return -1;
        }
        e->out = -1;
        e->names_at = c->nnames;
        id = (long)c->nents++;
        ent_link(c, id);
        variant = 0;
    }
    struct ent *e = &c->ents[id];
    if (variant) {
        add_alias(c, e, name);
    } else if (strcmp(e->name, name) != 0 && !has_alias(e, name)) {
        /* a fuller form becomes the name: Cruickshank -> Paul Cruickshank */
        if (count_words(name) > e->nw && !alias) {
            ent_unlink(c, id);
            set_str(c, &e->name, name);
            ent_link(c, id);
        }
    }
    if (alias && strcmp(alias, e->name) != 0)
        add_alias(c, e, alias);
    if (role &&
        (!e->role || strlen(role) > strlen(e->role) ||
         (strcmp(role, e->role) == 0 && org && (!e->org || strlen(org) > strlen(e->org))))) {
        set_str(c, &e->role, role);
        free(e->org);
        e->org = NULL;
        if (org)
            set_str(c, &e->org, org);
    } else if (org && !e->org && !e->role) {
        set_str(c, &e->org, org);
    }
    if (type != ENT_UNKNOWN && (e->type == ENT_UNKNOWN || type == ENT_ORG))
        e->type = type;
    touch(c, id);
    return id;
}

/* The latest mentioned entity of a type; falls back to one of unknown type. */
static long ent_recent(const struct ctx *c, enum ent_type type, uint32_t sex)
{
    long fallback = -1;
    size_t n = c->nrecent < RECENT_MAX ? c->nrecent : RECENT_MAX;
    for (size_t k = 0; k < n; k++) {
        size_t slot = (c->nrecent - 1 - k) % RECENT_MAX;
        long id = c->recent[slot].id;
        const struct ent *e = &c->ents[id];
        if (e->last != c->recent[slot].stamp)
            continue; /* an older mention of an entity seen again since */
        if (sex && e->sex && e->sex != sex)
            continue; /* "she" is not Mr Smith */
        if (e->type == type)
            return id;
        /* a pronoun has pointed at it before: a person, and the latest one */
        if (e->type == ENT_UNKNOWN && type == ENT_PERSON && e->sex)
            return id;
        if (e->type == ENT_UNKNOWN && fallback < 0)
            fallback = id;
    }
    return fallback;
}

/* ---------------------------------------------------------------- roles */

/* Text of tokens [a, b), through the closing mark of a span that ends it,
 * without the sentence punctuation just inside that mark. */
static char *role_text(const struct ctx *c, size_t a, size_t b)
{
    while (b > a && c->t[b - 1].span < 0 && c->t[b - 1].p && c->t[b - 1].p != ')')
        b--;
    if (a >= b)
        return NULL;
    size_t e = c->t[b - 1].e;
    long sp = c->t[b - 1].span;
    if (sp >= 0 && c->sp_next[sp] == b) {
        const struct quotes_span *q = &c->sp[sp];
        size_t end = q->end;
        if (end > q->start && (c->s[end - 1] == '.' || c->s[end - 1] == ',')) {
            char *r = malloc((end - 1 - c->t[a].b) + (q->after - end) + 1);
            if (!r)
                return NULL;
            size_t n = end - 1 - c->t[a].b;
            memcpy(r, c->s + c->t[a].b, n);
            memcpy(r + n, c->s + end, q->after - end);
            r[n + q->after - end] = '\0';
            return r;
        }
        e = q->after;
    }
    return dup_range(c->s, c->t[a].b, e);
}

/* Split a role phrase [a, b) into role and organisation: "navigation engineer
 * at NASA's JPL in California" -> role "navigation engineer", org "NASA's JPL";
 * else an acronym inside the role is the organisation ("CNN terrorism analyst"). */
static void role_org(const struct ctx *c, size_t a, size_t b, char **role, char **org)
{
    *role = *org = NULL;
    while (a < b && (c->t[a].cls & LEX_DET) && is_word(&c->t[a]) && !(c->t[a].f & T_ALLCAPS))
        a++;
    if (a >= b)
        return;
    for (size_t i = a + 1; i + 1 < b; i++) {
        if (c->t[i].span >= 0 || !tok_is(c, i, "at"))
            continue;
        size_t o = i + 1;
        if (tok_is(c, o, "the"))
            o++;
        size_t oe = o;
        while (oe < b && !tok_is(c, oe, "in") && !is_relative(c, oe) &&
               !(tok_is(c, oe, "and") && (oe + 1 >= b || !is_name_tok(&c->t[oe + 1]))))
            oe++; /* "Brigham and Women's Hospital", but "JPL and study co-author" */
        *role = role_text(c, a, i);
        if (oe > o && is_name_tok(&c->t[o]))
            *org = role_text(c, o, oe);
        return;
    }
    *role = role_text(c, a, b);
    for (size_t i = a; i < b; i++)
        if (is_acronym_org(&c->t[i])) {
            *org = dup_range(c->s, c->t[i].b, c->t[i].b + c->t[i].klen);
            return;
        }
    /* "Thai Rice Exporters Association president": the leading name is the employer */
    size_t e = a;
    int orgword = 0;
    while (e < b && (is_name_tok(&c->t[e]) || (c->t[e].f & T_DIGIT)) &&
           !(c->t[e].cls & (LEX_TITLE | LEX_ROLE))) {
        orgword |= (c->t[e].cls & LEX_ORG) != 0;
        e++;
    }
    if (orgword && e - a >= 2 && e < b)
        *org = role_text(c, a, e);
}

static int person_like(const struct ctx *c, const char *name);

/* End of token i as part of a name: "Agnes Mulholland's" ends before the 's. */
static size_t name_end(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    return (t->f & T_POSS) ? t->b + t->klen : t->e;
}

/* "the minister": the latest entity whose role has the phrase's last word;
 * "the company": the latest organisation (or unknown kind of speaker). */
static int desc_fits(const struct ctx *c, const struct ent *e, const struct tok *h)
{
    if ((h->cls & LEX_ORG) && !(h->cls & LEX_ROLE)) {
        /* "the company" is an organisation whose name says so */
        if (e->type == ENT_PERSON)
            return 0;
        for (size_t k = 0; k <= e->naliases; k++) {
            const char *n = k ? e->aliases[k - 1] : e->name;
            for (const char *r = n; *r; r++)
                if ((r == n || r[-1] == ' ') && strncasecmp(r, c->s + h->b, h->klen) == 0)
                    return 1;
        }
        return 0;
    }
    /* "Sen. Jane Roe" is "the senator" even when an appositive gave her role */
    if (e->title && strlen(e->title) == h->klen &&
        strncasecmp(e->title, c->s + h->b, h->klen) == 0)
        return 1;
    if (!e->role)
        return 0;
    for (const char *r = e->role; *r; r++)
        if ((r == e->role || r[-1] == ' ') && strncasecmp(r, c->s + h->b, h->klen) == 0 &&
            (r[h->klen] == '\0' || r[h->klen] == ' '))
            return 1;
    return 0;
}

/* The latest of the last `depth` sentence subjects (within the last few
 * paragraphs) that can be a person of that age (0: any) and sex (0: any), and,
 * when roleless, whose role or title is not known (it would have matched); -1
 * when none can. */
static long subj_recent(const struct ctx *c, int age, uint32_t sex, size_t depth, int roleless)
{
    size_t n = c->nsubj < SUBJ_MAX ? c->nsubj : SUBJ_MAX;
    for (size_t k = 0; k < n && k < depth; k++) {
        size_t slot = (c->nsubj - 1 - k) % SUBJ_MAX;
        const struct ent *e = &c->ents[c->subj[slot]];
        if (c->subj_para[slot] + 3 < c->para)
            break;
        if (e->type == ENT_ORG || (sex && e->sex && e->sex != sex))
            continue;
        if ((age > 0 && e->age > 0 && e->age != age) || (roleless && (e->role || e->title)))
            continue;
        return c->subj[slot];
    }
    return -1;
}

/* The entity a definite description points back to: the latest mention
 * that fits (see desc_fits), or, in an article with few names, any. */
static long resolve_desc(struct ctx *c, const struct np *np)
{
    const struct tok *h = &c->t[np->sb - 1];
    long best = -1;
    if (np->def == 3) {
        /* "the 34-year-old": the latest subject of that age, else the latest person */
        best = subj_recent(c, age_word(c, np->sb - 1), 0, SUBJ_MAX, 0);
        if (best < 0)
            best = ent_recent(c, ENT_PERSON, 0);
        if (best >= 0 && c->ents[best].type == ENT_UNKNOWN && !c->ents[best].sex &&
            !person_like(c, c->ents[best].name))
            best = -1;
        if (best >= 0)
            touch(c, best);
        return best;
    }
    size_t n = c->nrecent < RECENT_MAX ? c->nrecent : RECENT_MAX;
    for (size_t k = 0; k < n && best < 0; k++) {
        size_t slot = (c->nrecent - 1 - k) % RECENT_MAX;
        long id = c->recent[slot].id;
        if (c->ents[id].last == c->recent[slot].stamp && desc_fits(c, &c->ents[id], h))
            best = id;
    }
    /* an entity named long ago, in an article with few names */
    if (best < 0 && c->nents <= EDIT_SEARCH_MAX) {
        uint64_t bl = 0;
        for (size_t i = 0; i < c->nents; i++)
            if (c->ents[i].last > bl && desc_fits(c, &c->ents[i], h)) {
                bl = c->ents[i].last;
                best = (long)i;
            }
    }
    /* "the defender said" of someone whose role was never given: the latest
     * person who was a sentence's subject */
    if (best < 0 && (h->cls & LEX_ROLE) && !(h->cls & (LEX_UNNAMED | LEX_ORG)))
        best = subj_recent(c, 0, 0, SUBJ_MAX, 1);
    /* "the company said" after "Norvane said": the latest organisation even
     * when its name does not say what kind it is */
    if (best < 0 && (h->cls & LEX_ORG) && !(h->cls & LEX_ROLE)) {
        for (size_t k = 0; k < n && best < 0; k++) {
            size_t slot = (c->nrecent - 1 - k) % RECENT_MAX;
            long id = c->recent[slot].id;
            const struct ent *e = &c->ents[id];
            if (e->last == c->recent[slot].stamp &&
                (e->type == ENT_ORG ||
                 (e->type == ENT_UNKNOWN && !e->sex && !person_like(c, e->name))))
                best = id;
        }
    }
    if (best >= 0)
        touch(c, best);
    return best;
}

/* A person's name by its given name: "Jane Carter", or "Hale" when the article
 * also gives "Richard Hale". */
static int person_like(const struct ctx *c, const char *name)
{
    const char *full = name;
    if (!strchr(name, ' ')) {
        full = NULL;
        for (size_t i = 0; i < c->nnames && !full; i++)
            if (strcmp(last_word(c->names[i]), name) == 0 && last_word(c->names[i]) != c->names[i])
                full = c->names[i];
        if (!full)
            return 0;
    }
    return (lex_classes(full, first_word_len(full)) & LEX_GIVEN) != 0;
}

/* Remember the title written right before a person's name, as its role noun. */
static void set_title(const struct ctx *c, struct ent *e, const struct np *np)
{
    for (size_t i = np->ra; i < np->rb; i++) {
        const struct tok *t = &c->t[i];
        if (!(t->cls & LEX_TITLE) || (t->cls & (LEX_MALE | LEX_FEMALE)))
            continue;
        const char *w = lex_title_role(c->s + t->b, t->klen);
        if (w)
            e->title = w;
    }
}

/* Resolve a phrase naming a source to an entity (registering the mention). */
static long resolve_np(struct ctx *c, const struct np *np)
{
    if (np->kind == NP_UNNAMED)
        return np->def ? resolve_desc(c, np) : -1;
    if (np->kind == NP_PRON_PERSON || np->kind == NP_PRON_THING) {
        uint32_t sex = c->t[np->a].cls & (LEX_MALE | LEX_FEMALE);
        long id = -1;
        /* "he" is first of all the previous sentence's subject, when known to
         * be of his sex */
        if (np->kind == NP_PRON_PERSON && sex) {
            id = subj_recent(c, 0, 0, 1, 0);
            if (id >= 0 && c->ents[id].sex != sex)
                id = -1;
            if (id >= 0 && c->subj_para[(c->nsubj - 1) % SUBJ_MAX] + 1 < c->para)
                id = -1;
        }
        if (id < 0)
            id = ent_recent(c, np->kind == NP_PRON_PERSON ? ENT_PERSON : ENT_ORG, sex);
        /* "they said" is never one person */
        if (id >= 0 && tok_is(c, np->a, "they") && c->ents[id].type != ENT_ORG)
            id = -1;
        if (id >= 0) {
            touch(c, id);
            if (!c->ents[id].sex && c->ents[id].type != ENT_ORG)
                c->ents[id].sex = sex;
        }
        return id;
    }
    if (np->kind != NP_NAME)
        return -1;
    char *name = dup_range(c->s, c->t[np->na].b, name_end(c, np->nb - 1));
    if (!name) {
        c->oom = 1;
        return -1;
    }
    char *role = NULL, *org = NULL, *alias = NULL;
    /* the role before the name, unless it is a bare honorific ("Dr.") and
     * an appositive says more */
    int bare = np->rb == np->ra + 1 && (c->t[np->ra].cls & LEX_TITLE) && np->xb > np->xa;
    /* "Mr", "Mrs", "Ms" say who, not what: no role */
    int honorific = np->rb == np->ra + 1 && (c->t[np->ra].cls & (LEX_MALE | LEX_FEMALE));
    if (np->rb > np->ra && !bare && !honorific)
        role_org(c, np->ra, np->rb, &role, &org);
    else if (np->xb > np->xa)
        role_org(c, np->xa, np->xb, &role, &org);
    if (np->acr >= 0) {
        alias = name;
        name = dup_range(c->s, c->t[np->acr].b, c->t[np->acr].b + c->t[np->acr].klen);
        if (!name) {
            c->oom = 1;
            free(alias);
            free(role);
            free(org);
            return -1;
        }
    }
    enum ent_type type = np->org ? ENT_ORG : (role ? ENT_PERSON : ENT_UNKNOWN);
    if (type == ENT_UNKNOWN && count_words(name) >= 2 && np->rb > np->ra)
        type = ENT_PERSON;
    if (type == ENT_UNKNOWN && person_like(c, name))
        type = ENT_PERSON;
    /* "Tamas Varga of oil broker PVM": a person, and where they work */
    if (type == ENT_UNKNOWN && !np->org && np->nb == np->b && np->b + 1 < c->nt &&
        (tok_is(c, np->b, "of") || tok_is(c, np->b, "at")) && c->t[np->b].span < 0) {
        type = ENT_PERSON;
        size_t e = np->b + 1;
        while (e < c->nt && e - np->b <= NP_MAX && is_word(&c->t[e]) && c->t[e].span < 0 &&
               !is_relative(c, e) && !(is_lower_word(&c->t[e]) && (c->t[e].cls & LEX_BREAK)))
            e++;
        size_t o0 = np->b + 1;
        if (tok_is(c, o0, "the"))
            o0++;
        if (e > o0 && is_name_tok(&c->t[e - 1]) && !org)
            org = role_text(c, o0, e);
    }
    /* "Mrs Smith", "Jane Carter": the given name or honorific says which */
    uint32_t sex = np->org ? 0 : c->t[np->na].cls & (LEX_MALE | LEX_FEMALE);
    for (size_t i = np->ra; i < np->rb && !sex && !np->org; i++)
        if (c->t[i].cls & (LEX_TITLE | LEX_KIN))
            sex = c->t[i].cls & (LEX_MALE | LEX_FEMALE);
    if (sex != LEX_MALE && sex != LEX_FEMALE)
        sex = 0;
    long id = ent_mention(c, name, role, org, alias, type, sex);
    if (id >= 0 && !c->ents[id].sex)
        c->ents[id].sex = sex;
    if (id >= 0 && !np->org)
        set_title(c, &c->ents[id], np);
    free(name);
    free(alias);
    free(role);
    free(org);
    return id;
}

/* ---------------------------------------------------------------- cues */

/* Append a cue; cues stay in token order. */
static int add_cue(struct ctx *c, const struct cue *cu)
{
    struct cue *cs = grow(c->cues, &c->cuecap, c->ncues + 1, sizeof *c->cues, &c->oom);
    if (!cs)
        return 0;
    c->cues = cs;
    c->cues[c->ncues++] = *cu;
    return 1;
}

/* Does token i start a phrase that can follow an inverted verb ("said KCNA")? */
static int starts_source(const struct ctx *c, size_t i)
{
    if (i >= c->nt || c->t[i].span >= 0 || !is_word(&c->t[i]))
        return 0;
    const struct tok *t = &c->t[i];
    if (t->cls & (LEX_PRON_PERSON | LEX_PRON_THING))
        return 1;
    if (is_name_tok(t))
        return 1;
    return (t->cls & (LEX_DET | LEX_ROLE | LEX_UNNAMED)) != 0;
}

/* A lower-case -ing form: "saying", "adding", "insisting". */
static int participle(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    return is_lower_word(t) && t->klen > 4 && memcmp(c->s + t->b + t->klen - 3, "ing", 3) == 0;
}

/* The subject opening the sentence of token v, for a participle cue after a
 * comma (`Ms Okafor hit back, saying ...`): a name, a person pronoun or an
 * unnamed source, else NP_NONE. */
static struct np clause_subject(const struct ctx *c, size_t v)
{
    size_t s0 = v;
    while (s0 > 0 && v - s0 < BACK_MAX && c->t[s0 - 1].sent == c->t[v].sent &&
           c->t[s0 - 1].span < 0)
        s0--;
    struct np none;
    memset(&none, 0, sizeof none);
    none.acr = -1;
    none.a = none.b = v;
    if (s0 > 0 && c->t[s0 - 1].sent == c->t[v].sent)
        return none; /* a quote earlier in the sentence: not a plain clause */
    struct np np = np_after(c, s0);
    if (np.kind == NP_NONE) {
        /* np_after runs on through the verb ("Ms Okafor hit back"): retry on
         * the capitalised run that opens the sentence */
        size_t j = s0;
        while (j < v && j - s0 < NP_MAX && is_name_tok(&c->t[j]))
            j++;
        if (j > s0) {
            np.a = s0;
            np.b = j;
            find_name(c, &np);
        }
    }
    if (np.b > v)
        return none;
    if (np.kind == NP_PRON_PERSON || np.kind == NP_UNNAMED ||
        (np.kind == NP_NAME && !np.org))
        return np;
    return none;
}

/* Every cue of the paragraph with the phrase that names its source. */
static void find_cues(struct ctx *c)
{
    const uint32_t want = LEX_SPEECH | LEX_REPORT | LEX_PARTIAL | LEX_CUEPREP | LEX_FINDING;
    static const uint32_t classes[] = {LEX_SPEECH, LEX_REPORT, LEX_PARTIAL, LEX_CUEPREP,
                                       LEX_FINDING};
    c->ncues = 0;
    for (size_t i = 0; i < c->nt; i++) {
        const struct tok *t = &c->t[i];
        if (t->span >= 0 || (t->p == 0 && !(t->cls & (want | LEX_PHRASE))))
            continue;
        struct cue cu;
        memset(&cu, 0, sizeof cu);
        cu.ent = -1;
        /* `"..." - X` and `X: "..."` */
        if (t->p == '-' && t->after_of >= 0 && i + 1 < c->nt) {
            size_t n0 = i + 1; /* "--" is two dash tokens */
            if (c->t[n0].p == '-' && n0 + 1 < c->nt)
                n0++;
            struct np np = np_after(c, n0);
            /* a credit line ends the paragraph, perhaps saying where it was
             * posted: `"..." — director Jane Roe, on X` */
            int credit = np.b < c->nt && c->t[np.b].p == ',' && c->nt - np.b <= 6 &&
                         c->t[c->nt - 1].span < 0 && c->t[c->nt - 1].after_of < 0;
            if (np.kind == NP_NAME && (np.b >= c->nt || c->t[np.b].p == '.' ||
                                       c->t[np.b].sent != c->t[i].sent || np.xb > np.xa ||
                                       credit)) {
                cu.v0 = cu.v1 = i;
                cu.cls = LEX_SPEECH;
                cu.after = 1;
                cu.np = np;
                add_cue(c, &cu);
            }
            continue;
        }
        if (t->p == ':' && i + 1 < c->nt && c->t[i + 1].span >= 0 &&
            c->sp_first[c->t[i + 1].span] == i + 1) {
            struct np np = np_before(c, i);
            if (np.kind == NP_NAME && np.a + NP_MAX > i) {
                cu.v0 = cu.v1 = i;
                cu.cls = LEX_SPEECH;
                cu.np = np;
                add_cue(c, &cu);
            }
            continue;
        }
        if (!is_word(t) || !(t->cls & (want | LEX_PHRASE)))
            continue;
        struct lex_word w[4];
        size_t n = 0;
        for (size_t k = i; k < c->nt && n < 4 && is_word(&c->t[k]) && c->t[k].span < 0; k++) {
            w[n].s = c->s + c->t[k].b;
            w[n].len = c->t[k].klen;
            n++;
        }
        if ((t->f & (T_CAP | T_ALLCAPS)) && i > 0 && c->t[i - 1].sent == t->sent &&
            c->t[i - 1].span < 0)
            continue; /* "United States" is no verb */
        size_t m = lex_match(want, w, n);
        if (!m)
            continue;
        for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++)
            if (lex_match(classes[k], w, n) == m)
                cu.cls |= classes[k];
        cu.v0 = i;
        cu.v1 = i + m;
        if (i > 0 && c->t[i - 1].span < 0 &&
            ((c->t[i - 1].cls & LEX_PASSIVE) || tok_is(c, i - 1, "not") ||
             tok_is(c, i - 1, "to")) &&
            !(cu.cls & LEX_CUEPREP)) {
            /* "were described by independent experts as": the agent speaks */
            if ((c->t[i - 1].cls & LEX_PASSIVE) && cu.v1 + 1 < c->nt && tok_is(c, cu.v1, "by")) {
                cu.np = np_after(c, cu.v1 + 1);
                if (cu.np.kind != NP_NONE) {
                    cu.after = 1;
                    add_cue(c, &cu);
                }
            }
            i += m - 1;
            continue;
        }
        if (cu.cls & LEX_CUEPREP) {
            cu.after = 1;
            cu.np = np_after(c, cu.v1);
            /* "according to a statement from the ministry" */
            if (cu.np.kind == NP_NONE && cu.np.b > cu.np.a && cu.np.b + 1 < c->nt &&
                (c->t[cu.np.b - 1].cls & LEX_STMT) &&
                (tok_is(c, cu.np.b, "from") || tok_is(c, cu.np.b, "by") ||
                 tok_is(c, cu.np.b, "of"))) {
                struct np in = np_after(c, cu.np.b + 1);
                if (in.kind != NP_NONE)
                    cu.np = in;
            }
            if (cu.np.kind == NP_NONE && (i == 0 || c->t[i - 1].sent != t->sent)) {
                /* "Citing privacy rules, U.S. officials have not said": the subject */
                size_t k = cu.v1;
                while (k < c->nt && k - cu.v1 < NP_MAX && same_clause_tok(c, k, i) &&
                       !is_punct(&c->t[k], ','))
                    k++;
                if (k < c->nt && is_punct(&c->t[k], ',')) {
                    struct np np = np_after(c, k + 1);
                    if (np.kind == NP_UNNAMED || np.kind == NP_NAME)
                        cu.np = np;
                }
            }
        } else {
            /* `", said KCNA`, `, said Mauer,`: the source follows the verb */
            int after_quote = i == 0 || c->t[i].after_of >= 0 || c->t[i - 1].span >= 0;
            int comma = i > 0 && (c->t[i - 1].p == ',' || c->t[i - 1].p == '-');
            if (!after_quote && comma && participle(c, i))
                cu.np = clause_subject(c, i);
            if (cu.np.kind != NP_NONE) {
                /* `X hit back, saying ...`: the main clause's subject speaks */
            } else if (!after_quote) {
                cu.np = np_before(c, i);
                if (cu.np.kind != NP_NONE && !(cu.np.kind == NP_NAME || !comma))
                    cu.np.kind = NP_NONE;
            }
            if (cu.np.kind == NP_NONE && !after_quote && comma) {
                /* "Dr. Jo Ruiz, a neurologist who ..., called it": the subject
                 * before a long appositive */
                struct np sub = clause_subject(c, i);
                if (sub.kind == NP_NAME && sub.b < i && is_punct(&c->t[sub.b], ','))
                    cu.np = sub;
            }
            if (cu.np.kind == NP_NONE && (after_quote || comma) && starts_source(c, cu.v1)) {
                cu.after = 1;
                cu.np = np_after(c, cu.v1);
            }
            if (cu.np.kind == NP_NONE && after_quote) {
                cu.after = 0;
                cu.np = np_before(c, i);
            }
        }
        add_cue(c, &cu);
        i += m - 1;
    }
}

static int add_event(struct ctx *c, size_t pos, long cue, const struct np *np)
{
    struct event *ev = grow(c->ev, &c->evcap, c->nev + 1, sizeof *c->ev, &c->oom);
    if (!ev)
        return 0;
    c->ev = ev;
    c->ev[c->nev].pos = pos;
    c->ev[c->nev].cue = cue;
    c->ev[c->nev].ent = -1;
    c->ev[c->nev].weak = 0;
    c->ev[c->nev].np = *np;
    c->nev++;
    return 1;
}

/* Remember a two- or three-word personal name seen anywhere outside quotes, so
 * that a speaker named by surname only gets the full name ("Hill" ->
 * "David Hill") when the article gives exactly one. */
static void add_name_str(struct ctx *c, const char *a, size_t alen, const char *b, size_t blen)
{
    size_t len = alen + (blen ? 1 + blen : 0);
    if (c->nnames >= ANNOT_MAX_NAMES)
        return;
    for (size_t i = 0; i < c->nnames; i++)
        if (c->names[i][0] == a[0] && strlen(c->names[i]) == len && !memcmp(c->names[i], a, alen) &&
            (!blen || !memcmp(c->names[i] + alen + 1, b, blen)))
            return;
    char **n = grow(c->names, &c->namecap, c->nnames + 1, sizeof *c->names, &c->oom);
    if (!n)
        return;
    c->names = n;
    char *str = malloc(len + 1);
    if (!str) {
        c->oom = 1;
        return;
    }
    memcpy(str, a, alen);
    if (blen) {
        str[alen] = ' ';
        memcpy(str + alen + 1, b, blen);
    }
    str[len] = '\0';
    c->names[c->nnames++] = str;
}

static void add_full_name(struct ctx *c, const struct np *np)
{
    size_t b = c->t[np->na].b, e = name_end(c, np->nb - 1);
    if (c->t[np->nb - 1].f & T_DOTTED)
        return;
    add_name_str(c, c->s + b, e - b, NULL, 0);
    /* "John and Mary Wilson": John Wilson too */
    size_t i = np->na;
    if (np->nb - np->na == 2 && i >= 2 && tok_is(c, i - 1, "and") &&
        (c->t[i - 2].cls & LEX_GIVEN) && (c->t[i].cls & LEX_GIVEN) && is_name_tok(&c->t[i - 2]) &&
        (i < 3 || !is_name_tok(&c->t[i - 3]))) {
        const struct tok *g = &c->t[i - 2], *sn = &c->t[np->nb - 1];
        add_name_str(c, c->s + g->b, g->e - g->b, c->s + sn->b, sn->e - sn->b);
    }
}

static size_t span_words(const struct ctx *c, size_t k);
static int span_title_case(const struct ctx *c, size_t k);

/* A nickname inside a name, `Marcus "The Hammer" Delaney`, where the run of
 * name words ends at token j: the person is Marcus Delaney, and the surname
 * after the span is a mention of them. */
static void nickname(struct ctx *c, size_t j)
{
    if (j == 0 || j >= c->nt || c->t[j].span < 0 || !is_name_tok(&c->t[j - 1]) ||
        (c->t[j - 1].cls & (LEX_ORG | LEX_TITLE | LEX_ROLE)) || (c->t[j - 1].f & T_ALLCAPS))
        return;
    size_t k = (size_t)c->t[j].span;
    size_t s = c->sp_next[k];
    if (c->sp_first[k] != j || s >= c->nt || !is_name_tok(&c->t[s]) ||
        c->t[s].sent != c->t[j - 1].sent || span_words(c, k) > 3 || !span_title_case(c, k))
        return;
    if ((s + 1 < c->nt && is_name_tok(&c->t[s + 1])) || (c->t[s].cls & LEX_ORG))
        return; /* `Tom "Rocket" Lee Smith`: too unsure where the name ends */
    const struct tok *g = &c->t[j - 1], *sn = &c->t[s];
    add_name_str(c, c->s + g->b, g->e - g->b, c->s + sn->b, sn->klen);
    struct np np;
    memset(&np, 0, sizeof np);
    np.a = s;
    np.b = s + 1;
    find_name(c, &np);
    if (np.kind == NP_NAME && !np.org)
        add_event(c, sn->b, -1, &np);
}

/* Tokens [i, j) are a personal name in the possessive: two or three words,
 * a given name first, only the last one with 's. */
static int possessive_person(const struct ctx *c, size_t i, size_t j)
{
    if (j - i < 2 || j - i > 3 || !(c->t[j - 1].f & T_POSS) || !(c->t[i].cls & LEX_GIVEN))
        return 0;
    for (size_t k = i; k < j; k++)
        if ((c->t[k].cls & (LEX_ORG | LEX_TITLE | LEX_ROLE | LEX_STOPCAP)) ||
            (k + 1 < j && (c->t[k].f & T_POSS)))
            return 0;
    return 1;
}

/* Named persons outside any cue: "President Francois Hollande", "For Kevin
 * Allton, a USI instructor in English, ...". */
static void find_mentions(struct ctx *c)
{
    for (size_t i = 0; i < c->nt; i++) {
        if (!is_name_tok(&c->t[i]) || (i > 0 && is_name_tok(&c->t[i - 1])))
            continue;
        size_t j = i;
        while (j < c->nt && j - i < 6 && is_name_tok(&c->t[j]) && c->t[j].sent == c->t[i].sent)
            j++;
        int titled = 0;
        for (size_t k = i; k + 1 < j; k++)
            if ((c->t[k].cls & LEX_TITLE) && !(c->t[k].cls & LEX_ORG))
                titled = 1;
        size_t title_from = i;
        if (i >= 2 && is_connector(c, i - 1) && (c->t[i - 2].cls & LEX_TITLE) &&
            is_name_tok(&c->t[i - 2])) {
            titled = 1; /* "Secretary of State Antony Blinken" */
            title_from = i - 2;
        }
        struct np np;
        memset(&np, 0, sizeof np);
        np.a = i;
        np.b = j;
        nickname(c, j);
        find_name(c, &np);
        if (np.kind == NP_NONE && possessive_person(c, i, j)) {
            /* "the kettle in Agnes Mulholland's kitchen": a person all the same */
            np.kind = NP_NAME;
            np.na = np.ra = np.rb = np.sa = i;
            np.nb = np.sb = j;
            np.xa = np.xb = 0;
            np.acr = -1;
            add_full_name(c, &np);
            add_event(c, c->t[i].b, -1, &np);
            i = j - 1;
            continue;
        }
        if (np.kind != NP_NAME || np.org || (c->t[np.nb - 1].f & T_POSS))
            continue;
        if (np.nb - np.na >= 2 && np.nb - np.na <= 3)
            add_full_name(c, &np);
        /* "Opposition leader Tom Reed", "curator Elaine Gustafon" */
        size_t r = i;
        while (r > 0 && i - r < 4 && c->t[r - 1].sent == c->t[i].sent && c->t[r - 1].span < 0 &&
               is_word(&c->t[r - 1]) && !(c->t[r - 1].cls & (LEX_BREAK | LEX_PREP | LEX_DET)) &&
               !(c->t[r - 1].f & T_POSS) && !(c->t[r - 1].cls & (LEX_SPEECH | LEX_REPORT)))
            r--;
        if (!titled && r < i && is_lower_word(&c->t[i - 1]) &&
            ((c->t[i - 1].cls & LEX_ROLE) || occupation(c, i - 1)) && np.na == i) {
            np.ra = r;
            np.rb = i;
            titled = 1;
        }
        if (!titled && np.na == i && i >= 2 && is_punct(&c->t[i - 1], ',') &&
            is_lower_word(&c->t[i - 2]) && (c->t[i - 2].cls & LEX_KIN) && np.nb < c->nt &&
            is_punct(&c->t[np.nb], ',') && c->t[i - 2].sent == c->t[i].sent) {
            /* "Her husband, Mark, was sceptical": a person, whose sex the kin
             * word gives, for a later "he said" */
            np.ra = i - 2;
            if (i >= 3 && c->t[i - 3].sent == c->t[i].sent && (c->t[i - 3].cls & LEX_DET))
                np.ra = i - 3;
            np.rb = i - 1;
            add_event(c, c->t[np.na].b, -1, &np);
            i = j - 1;
            continue;
        }
        if (!titled) {
            find_appositive(c, j, &np);
            if (np.xb == np.xa || np.na != i) {
                /* a known name again ("Carter was defiant"): a mention too */
                char name[128]; /* longer runs are no one's name */
                size_t nb = c->t[np.na].b, nl = c->t[np.nb - 1].e - nb;
                if (nl >= sizeof name) {
                    i = j - 1;
                    continue;
                }
                memcpy(name, c->s + nb, nl);
                name[nl] = '\0';
                int variant;
                long id = ent_match(c, name, &variant, 0);
                int subject = np.na == i && (i == 0 || c->t[i - 1].sent != c->t[i].sent) &&
                              j < c->nt && !(c->t[j].cls & LEX_UNNAMED);
                if (subject && (id >= 0 || person_like(c, name))) {
                    /* "Sanders was not satisfied.": the sentence is about them */
                    np.xa = np.xb = 0;
                    np.ra = np.rb = np.na;
                    add_event(c, c->t[np.na].b, -1, &np);
                } else if (id >= 0 && !variant && add_event(c, c->t[np.na].b, -1, &np)) {
                    c->ev[c->nev - 1].weak = 1;
                    c->ev[c->nev - 1].ent = id;
                }
                i = j - 1;
                continue;
            }
            /* "For Kevin Allton, a USI instructor ..." needs a det or a role word first */
            const struct tok *x = &c->t[np.xa];
            if (!(x->cls & (LEX_DET | LEX_ROLE | LEX_TITLE)) && !is_acronym_org(x))
                continue;
        } else if (np.rb <= np.ra || np.rb != i) {
            np.ra = title_from;
            np.rb = np.na;
        }
        add_event(c, c->t[np.na].b, -1, &np);
        i = j - 1;
    }
}

static int cmp_event(const void *x, const void *y)
{
    const struct event *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return (a->cue < b->cue) ? -1 : (a->cue > b->cue);
}

/* "Jane Roe, 34, said": remember the age. */
static void note_age(const struct ctx *c, struct ent *e, const struct np *np)
{
    size_t i = np->nb;
    if (i + 2 >= c->nt || !is_punct(&c->t[i], ',') || !(c->t[i + 1].f & T_DIGIT) ||
        !is_punct(&c->t[i + 2], ',') || c->t[i + 1].e - c->t[i + 1].b > 3)
        return;
    int age = 0;
    for (size_t k = c->t[i + 1].b; k < c->t[i + 1].e; k++) {
        if (c->s[k] < '0' || c->s[k] > '9')
            return;
        age = age * 10 + (c->s[k] - '0');
    }
    e->age = age;
}

/* A mention is its sentence's subject: the source of a cue, or a name (with
 * the role words before it) that opens the sentence. */
static int is_subject(const struct ctx *c, const struct event *e)
{
    if (e->cue >= 0)
        return e->np.kind != NP_UNNAMED || e->np.def == 3;
    size_t f = e->np.a;
    if (e->np.ra < e->np.rb && e->np.ra < f)
        f = e->np.ra;
    return f == 0 || c->t[f - 1].sent != c->t[f].sent;
}

/* Resolve cue sources and named mentions to entities, in reading order, so
 * that a pronoun sees exactly the mentions before it. */
static void resolve_events(struct ctx *c)
{
    c->nev = 0;
    for (size_t i = 0; i < c->ncues; i++) {
        const struct np *np = &c->cues[i].np;
        if (np->kind == NP_NONE || (np->kind == NP_UNNAMED && !np->def))
            continue;
        size_t pos = c->t[np->kind == NP_NAME ? np->na : np->a].b;
        add_event(c, pos, (long)i, np);
    }
    find_mentions(c);
    if (c->nev > 1)
        qsort(c->ev, c->nev, sizeof *c->ev, cmp_event);
    long last_src = c->last_any.set && c->last_any.para + 1 >= c->para ? c->last_any.ent : -1;
    for (size_t i = 0; i < c->nev; i++) {
        struct event *e = &c->ev[i];
        if (e->weak)
            continue;
        long id = e->np.def == 2 ? last_src : resolve_np(c, &e->np);
        if (e->cue >= 0 && id >= 0)
            last_src = id;
        if (id >= 0 && e->np.kind == NP_NAME)
            note_age(c, &c->ents[id], &e->np);
        if (id >= 0 && c->ents[id].type != ENT_ORG && is_subject(c, e)) {
            size_t slot = c->nsubj++ % SUBJ_MAX;
            c->subj[slot] = id;
            c->subj_para[slot] = c->para;
        }
        e->ent = id;
        if (e->cue >= 0)
            c->cues[e->cue].ent = id;
    }
    /* "..., he said, adding that ...": a participle's subject is the clause's */
    for (size_t i = 1; i < c->ncues; i++) {
        struct cue *cu = &c->cues[i];
        const struct tok *v = &c->t[cu->v0];
        if (cu->np.kind != NP_NONE || cu->v0 == cu->v1 || v->klen < 5 || (cu->cls & LEX_CUEPREP) ||
            memcmp(c->s + v->b + v->klen - 3, "ing", 3) != 0)
            continue;
        for (size_t k = i; k-- > 0;) {
            const struct cue *pc = &c->cues[k];
            if (c->t[pc->v0].sent != v->sent && c->t[cu->v0].after_of < 0)
                break;
            if (pc->np.kind != NP_NONE && pc->v0 != pc->v1) {
                cu->np = pc->np;
                cu->ent = pc->ent;
                break;
            }
        }
    }
}

/* ---------------------------------------------------------------- output */

static struct annot_quote *add_quote(struct ctx *c)
{
    struct annot *a = c->a;
    struct annot_quote *q = grow(a->quotes, &c->qcap, a->nquotes + 1, sizeof *q, &c->oom);
    if (!q)
        return NULL;
    a->quotes = q;
    q = &a->quotes[a->nquotes++];
    memset(q, 0, sizeof *q);
    q->speaker = -1;
    return q;
}

static struct annot_attr *add_attr(struct ctx *c)
{
    struct annot *a = c->a;
    struct annot_attr *t = grow(a->attrs, &c->acap, a->nattrs + 1, sizeof *t, &c->oom);
    if (!t)
        return NULL;
    a->attrs = t;
    t = &a->attrs[a->nattrs++];
    memset(t, 0, sizeof *t);
    t->speaker = -1;
    return t;
}

/* The cue as written, lower case ("according to"); NULL for a dash or colon. */
static char *cue_text(const struct ctx *c, const struct cue *cu)
{
    if (cu->v1 <= cu->v0)
        return NULL;
    /* "has shown": keep the auxiliary before a participle cue */
    return dup_lower(c->s, c->t[cu->v0].b, c->t[cu->v1 - 1].b + c->t[cu->v1 - 1].klen);
}

/* The source phrase as written: the name, or the whole unnamed phrase. */
static char *source_text(const struct ctx *c, const struct np *np)
{
    if (np->kind == NP_NONE)
        return NULL;
    size_t a = np->sa, b = np->sb;
    if (np->kind == NP_NAME && np->acr < 0 && np->org == 0)
        b = np->nb;
    if (a >= b)
        return NULL;
    return dup_range(c->s, c->t[a].b, c->t[b - 1].e);
}

/* ---------------------------------------------------------------- spans */

static size_t span_words(const struct ctx *c, size_t k)
{
    size_t n = 0;
    for (size_t i = c->sp_first[k]; i < c->nt && c->t[i].span == (long)k; i++)
        n += is_word(&c->t[i]) ? 1u : 0u;
    return n;
}

/* Two sentences inside the span: a . ? ! followed by more words. */
static int span_multi_sentence(const struct ctx *c, size_t k)
{
    for (size_t i = c->sp_first[k]; i + 1 < c->nt && c->t[i + 1].span == (long)k; i++) {
        char p = c->t[i].p;
        if ((p == '.' || p == '?' || p == '!') && is_word(&c->t[i + 1]))
            return 1;
    }
    return 0;
}

/* Every longer word capitalised: "Cowboys and Indians", "Hope", "Robogee." */
static int span_title_case(const struct ctx *c, size_t k)
{
    size_t words = 0;
    for (size_t i = c->sp_first[k]; i < c->nt && c->t[i].span == (long)k; i++) {
        const struct tok *t = &c->t[i];
        if (!is_word(t))
            continue;
        words++;
        if (!(t->f & (T_CAP | T_DIGIT | T_ALLCAPS)) && t->klen > 3)
            return 0;
        if (!(t->f & (T_CAP | T_DIGIT | T_ALLCAPS)) && !(t->cls & (LEX_BREAK | LEX_DET)) &&
            !is_connector(c, i))
            return 0;
    }
    return words > 0;
}

/* Token index just before span k's opening mark, or SIZE_MAX. */
static size_t before_span(const struct ctx *c, size_t k);

/* Span k is a sentence of its own: `... Allton said. "I smacked them around."` */
static int span_is_sentence(const struct ctx *c, size_t k)
{
    size_t f = c->sp_first[k], o = before_span(c, k);
    if (f >= c->nt || !(c->t[f].f & T_CAP) || c->t[f].span != (long)k)
        return 0;
    char last = c->s[c->sp[k].end - 1];
    if (last != '.' && last != '?' && last != '!')
        return 0;
    if (o == SIZE_MAX)
        return 1;
    return c->t[o].p == '.' || c->t[o].p == '?' || c->t[o].p == '!' || c->t[o].span >= 0;
}

static size_t before_span(const struct ctx *c, size_t k)
{
    size_t f = c->sp_first[k];
    while (f > 0 && c->t[f - 1].b >= c->sp[k].open)
        f--;
    return f > 0 ? f - 1 : SIZE_MAX;
}

/* Index of the first cue whose verb is at or after token tok (cues are in
 * token order), so that each span looks only at the cues near it. */
static size_t cue_lb(const struct ctx *c, size_t tok)
{
    size_t lo = 0, hi = c->ncues;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->cues[mid].v0 < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t sub_sat(size_t a, size_t b)
{
    return a > b ? a - b : 0;
}

/* A title or name trigger right before span k: `named "Robogee."`, `co-author of "..."`. */
static int span_triggered(const struct ctx *c, size_t k)
{
    size_t o = before_span(c, k);
    if (o == SIZE_MAX)
        return 0;
    /* `called the study "large and careful"`: with an object between, a
     * verdict someone gave, not a name */
    for (size_t back = 1; back < 4 && back <= o; back++) {
        size_t j = o - back;
        if (!is_word(&c->t[j]) || c->t[j].span >= 0)
            break;
        if (tok_is(c, j, "called") || tok_is(c, j, "calling"))
            return 0;
    }
    for (size_t back = 0; back < 3 && back <= o; back++) {
        size_t j = o - back;
        const struct tok *t = &c->t[j];
        if (!is_word(t) || t->span >= 0)
            return 0;
        if (back == 0 && (t->cls & LEX_TITLENOUN))
            return 1; /* `his book "..."`, `the word "..."` */
        if (back > 0 && is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT)))
            return 0; /* `called it, he said, "..."` */
        struct lex_word w[3];
        size_t n = 0;
        for (size_t i = j; i <= o && n < 3; i++) {
            w[n].s = c->s + c->t[i].b;
            w[n].len = c->t[i].klen;
            n++;
        }
        if (!(t->cls & (LEX_TRIGGER | LEX_PHRASE)))
            continue;
        size_t m = lex_match(LEX_TRIGGER, w, n);
        if (!m)
            continue;
        /* "he called it ...", "Messi, 35, called the victory ...": a verb of
         * saying with a speaker, not a label */
        size_t ci = cue_lb(c, j);
        if (ci < c->ncues && c->cues[ci].v0 == j && c->cues[ci].np.kind != NP_NONE &&
            !c->cues[ci].after)
            return 0;
        return 1;
    }
    return 0;
}

/* The cue tagging span k directly after its closing mark. */
static long cue_after_span(const struct ctx *c, size_t k)
{
    size_t f = c->sp_next[k];
    if (f >= c->nt || c->t[f].span >= 0)
        return -1;
    if (is_punct(&c->t[f], ','))
        f++;
    if (f >= c->nt || c->sp_first[k] >= c->nt || c->t[f].sent != c->t[c->sp_first[k]].sent)
        return -1; /* `"... irresponsible." He said the authority ...` */
    for (size_t i = cue_lb(c, f); i < c->ncues && c->cues[i].v0 <= f + BACK_MAX + 4; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->np.kind == NP_NONE && !(cu->cls & LEX_SPEECH))
            continue;
        if (!(cu->cls & (LEX_SPEECH | LEX_CUEPREP)))
            continue;
        if (cu->after && cu->v0 == f)
            return (long)i;
        if (!cu->after && cu->v0 <= cu->np.b + 2 &&
            (cu->np.a == f || (cu->np.rb > cu->np.ra && cu->np.ra <= f + 1 && cu->np.ra >= f)))
            return (long)i; /* `," X said`, `," a spokeswoman, Jane Doe, said` */
        if (cu->v0 == cu->v1 && cu->v0 == f && cu->after)
            return (long)i;
    }
    return -1;
}

static int words_between(const struct ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!is_word(&c->t[i]) || c->t[i].span >= 0)
            return 0;
    return 1;
}

/* The cue introducing span k right before its opening mark: `X said, "`,
 * `said X: "`, `X told reporters in a statement: "`, `X: "`. */
static long cue_before_span(const struct ctx *c, size_t k)
{
    size_t o = before_span(c, k);
    if (o == SIZE_MAX || c->t[o].span >= 0)
        return -1;
    size_t sent = c->t[c->sp_first[k] < c->nt ? c->sp_first[k] : o].sent;
    if (c->t[o].sent != sent && !is_punct(&c->t[o], ':'))
        return -1;
    int colon = is_punct(&c->t[o], ':');
    size_t o2 = o;
    if (colon || is_punct(&c->t[o], ','))
        o2 = o - (o > 0);
    long best = -1;
    for (size_t i = cue_lb(c, sub_sat(o, NP_MAX + APPOS_MAX + 4)); i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->v0 > o)
            break;
        if (!(cu->cls & LEX_SPEECH))
            continue;
        if (cu->v0 == cu->v1) {
            if (cu->v0 == o && colon)
                return (long)i;
            continue;
        }
        if (cu->v1 - 1 == o2 && (colon || o2 != o || cu->v1 - 1 == o))
            return (long)i; /* even with no source found: "the captain ... said:" */
        if (o2 != o && cu->v1 <= o2 && o2 + 1 - cu->v1 <= 6 && !cu->after &&
            c->t[cu->v0].sent == c->t[o].sent && words_between(c, cu->v1, o2 + 1))
            return (long)i; /* `X told the press, "..."` */
        if (cu->np.kind == NP_NONE)
            continue;
        if (cu->after && cu->np.b > 0 && cu->np.b - 1 == o2 && o2 != o)
            return (long)i;
        if (cu->after && cu->np.xb > 0 && cu->np.xb == o && o2 != o)
            return (long)i;
        if (colon && cu->v1 <= o && o - cu->v1 < 8 && c->t[cu->v0].sent == c->t[o].sent)
            best = (long)i;
    }
    return best;
}

/* The closest cue governing span k's sentence: `he vowed ... "ruthless"`,
 * `According to X, there will be "quite a response"`. */
static long cue_governing(const struct ctx *c, size_t k)
{
    size_t o = before_span(c, k);
    if (o == SIZE_MAX || c->sp_first[k] >= c->nt)
        return -1;
    size_t sent = c->t[c->sp_first[k]].sent;
    long best = -1;
    for (size_t i = cue_lb(c, sub_sat(o, 4 * BACK_MAX)); i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->v0 > o + 4 * BACK_MAX)
            break;
        if (!(cu->cls & LEX_PARTIAL) || cu->v0 == cu->v1 || cu->np.kind == NP_NONE)
            continue;
        if (c->t[cu->v0].sent != sent)
            continue;
        if (cu->v0 <= o)
            best = (long)i;
        else if ((cu->cls & LEX_CUEPREP) && best < 0)
            return (long)i;
    }
    return best;
}

/* The speech cue that ends the sentence just before span k (`he said.`), or -1. */
static long last_speech_cue(const struct ctx *c, size_t k)
{
    size_t o = before_span(c, k);
    if (o == SIZE_MAX || o == 0 || c->t[o].p != '.')
        return -1;
    size_t ci = cue_lb(c, o);
    if (ci == 0)
        return -1;
    const struct cue *cu = &c->cues[ci - 1];
    if (!(cu->cls & LEX_SPEECH) || cu->v0 == cu->v1 || c->t[cu->v0].sent != c->t[o - 1].sent ||
        o - cu->v1 > NP_MAX)
        return -1;
    return (long)(ci - 1);
}

/* Remember who spoke last. */
static void who_set(struct who *w, long ent, const char *source, size_t para)
{
    w->set = 1;
    w->ent = ent;
    w->source = source;
    w->para = para;
}

/* Speaker, unnamed source and cue of quote q from cue cu. */
static void speaker_from_cue(struct ctx *c, struct annot_quote *q, const struct cue *cu)
{
    q->speaker = cu->ent;
    if (cu->ent < 0 && cu->np.kind == NP_UNNAMED)
        q->source = source_text(c, &cu->np);
    q->cue = cue_text(c, cu);
}

/* Classify every span of the paragraph and add the quotes. */
static void do_spans(struct ctx *c, int next_opens)
{
    long prev_cue = -1;
    int have_prev = 0;
    struct who prev = {0, -1, NULL, 0};
    size_t cp_b = 0, cp_n = 0; /* running byte -> code point conversion */
    for (size_t k = 0; k < c->nsp; k++) {
        const struct quotes_span *s = &c->sp[k];
        if (s->end <= s->start)
            continue;
        size_t words = span_words(c, k);
        if (!words)
            continue;
        int para_start = c->sp_first[k] == 0 || before_span(c, k) == SIZE_MAX;
        int unclosed = !s->closed;
        long cue = -1;
        enum annot_kind kind = ANNOT_DIRECT;
        int keep = 0;
        if (span_triggered(c, k) && !para_start) {
            keep = 0;
        } else if ((cue = cue_after_span(c, k)) >= 0 || (cue = cue_before_span(c, k)) >= 0) {
            keep = 1;
            if (have_prev && cue == prev_cue)
                kind = ANNOT_CONTINUATION;
        } else if (para_start && (words >= 3 || unclosed || span_multi_sentence(c, k) ||
                                  c->s[s->end - 1] == '.' || c->s[s->end - 1] == '!' ||
                                  c->s[s->end - 1] == '?')) {
            keep = 1;
            kind = ANNOT_CONTINUATION;
        } else if (have_prev && prev_cue >= 0 && prev_cue == last_speech_cue(c, k) &&
                   span_is_sentence(c, k)) {
            keep = 1; /* `"...," he said. "Everything."`: the same speaker goes on */
            kind = ANNOT_CONTINUATION;
        } else if (span_title_case(c, k) && words <= 12 && !span_multi_sentence(c, k)) {
            keep = 0;
        } else if (words >= 2 && span_is_sentence(c, k)) {
            keep = 1;
            kind = ANNOT_CONTINUATION;
        } else if (!span_multi_sentence(c, k) && is_lower_word(&c->t[c->sp_first[k]]) &&
                   (cue = cue_governing(c, k)) >= 0) {
            keep = 1; /* `once said that "the arc of the moral universe is long ..."` */
            kind = ANNOT_PARTIAL;
        } else if (words >= 6 || span_multi_sentence(c, k) || (unclosed && next_opens)) {
            keep = 1;
            kind = ANNOT_CONTINUATION;
        } else if ((cue = cue_governing(c, k)) >= 0) {
            keep = 1;
            kind = ANNOT_PARTIAL;
        }
        if (!keep)
            continue;
        struct annot_quote *q = add_quote(c);
        if (!q)
            return;
        q->kind = kind;
        q->para = c->para;
        cp_n += utf8_count(c->s + cp_b, s->start - cp_b);
        cp_b = s->start;
        q->start = cp_n;
        q->end = cp_n + utf8_count(c->s + s->start, s->end - s->start);
        q->text = dup_range(c->s, s->start, s->end);
        if (!q->text) {
            c->oom = 1;
            return;
        }
        if (cue >= 0 && kind != ANNOT_CONTINUATION) {
            speaker_from_cue(c, q, &c->cues[cue]);
            c->cues[cue].used |= kind != ANNOT_PARTIAL;
        } else if (cue >= 0 || have_prev) {
            /* split quote, or a later quote of the same paragraph */
            q->speaker = cue >= 0 ? c->cues[cue].ent : prev.ent;
            if (q->speaker < 0 &&
                (cue >= 0 ? c->cues[cue].np.kind == NP_UNNAMED : prev.source != NULL))
                q->source = cue >= 0 ? source_text(c, &c->cues[cue].np) : strdup(prev.source);
            if (cue >= 0)
                c->cues[cue].used = 1;
        } else {
            /* no cue of its own: an attribution earlier in the paragraph, the
             * quote before it, a lead-in paragraph, or the latest speaker */
            long from = -1;
            const char *src = NULL;
            int found = 0;
            size_t first = cue_lb(c, c->sp_first[k]);
            for (size_t n = 0; n < first && n < BACK_CUES && !found; n++) {
                const struct cue *cu = &c->cues[first - 1 - n];
                if (cu->used || cu->v0 == cu->v1 || !(cu->cls & (LEX_REPORT | LEX_SPEECH)) ||
                    cu->np.kind == NP_NONE)
                    continue;
                if (cu->ent >= 0 || cu->np.kind == NP_UNNAMED) {
                    from = cu->ent;
                    found = 1;
                    if (cu->ent < 0)
                        q->source = source_text(c, &cu->np);
                }
            }
            size_t ev = 0, hi = c->nev; /* events before the span: binary search */
            while (ev < hi) {
                size_t mid = ev + (hi - ev) / 2;
                if (c->ev[mid].pos < s->open)
                    ev = mid + 1;
                else
                    hi = mid;
            }
            for (size_t n = 0; n < ev && n < BACK_CUES && !found; n++) {
                /* the person the paragraph is about: "Carter was defiant. "..."" */
                const struct event *e = &c->ev[ev - 1 - n];
                if (e->ent >= 0 && e->np.kind == NP_NAME && c->ents[e->ent].type != ENT_ORG) {
                    from = e->ent;
                    found = 1;
                }
            }
            if (!found && c->intro_set && para_start) {
                from = c->intro_ent;
                found = 1;
            }
            if (!found && para_start && c->last_was_quote && c->last_quote_para + 1 == c->para) {
                from = c->last_quote.ent;
                src = c->last_quote.source;
                found = 1;
            }
            if (!found && c->last_any.set && c->para - c->last_any.para <= 2) {
                from = c->last_any.ent;
                src = c->last_any.source;
            }
            q->speaker = from;
            if (from < 0 && src && !q->source)
                q->source = strdup(src);
        }
        if (q->kind == ANNOT_DIRECT && q->cue == NULL && cue < 0)
            q->kind = ANNOT_CONTINUATION;
        if (q->speaker >= 0) {
            c->ents[q->speaker].used = 1;
            c->ents[q->speaker].nquotes++;
            touch(c, q->speaker);
        }
        have_prev = 1;
        prev_cue = cue;
        who_set(&prev, q->speaker, q->source, c->para);
        who_set(&c->last_quote, q->speaker, q->source, c->para);
        who_set(&c->last_any, q->speaker, q->source, c->para);
        c->last_was_quote = 1;
        c->last_quote_para = c->para;
    }
}

/* Reported speech: report cues not used by a direct quote. */
static void do_attrs(struct ctx *c)
{
    size_t cp_b = 0, cp_n = 0;
    size_t last_verb_sent = SIZE_MAX, last_verb_end = 0;
    for (size_t i = 0; i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->used || cu->v0 == cu->v1 || !(cu->cls & (LEX_REPORT | LEX_CUEPREP | LEX_FINDING)))
            continue;
        if (cu->np.kind == NP_NONE)
            continue;
        if (!(cu->cls & (LEX_REPORT | LEX_CUEPREP)) && cu->np.kind != NP_UNNAMED)
            continue;
        /* "He said France has shown ...": a cue inside another's reported clause */
        if (!(cu->cls & LEX_CUEPREP) && !cu->after && last_verb_sent == c->t[cu->v0].sent &&
            cu->np.a >= last_verb_end)
            continue;
        if (cu->np.kind == NP_PRON_THING && cu->ent < 0)
            continue;
        /* a verb right before a quote belongs to it */
        if (cu->v1 < c->nt &&
            (c->t[cu->v1].span >= 0 || (is_punct(&c->t[cu->v1], ',') && cu->v1 + 1 < c->nt &&
                                        c->t[cu->v1 + 1].span >= 0 && !cu->after)))
            continue;
        const struct np *np = &cu->np;
        size_t a = np->kind == NP_NAME ? np->na : np->sa;
        size_t b = np->kind == NP_NAME ? (np->org ? np->sb : np->nb) : np->sb;
        if (np->kind == NP_PRON_PERSON || np->kind == NP_PRON_THING) {
            a = np->a;
            b = np->b;
        }
        if (a >= b)
            continue;
        struct annot_attr *t = add_attr(c);
        if (!t)
            return;
        t->para = c->para;
        size_t sb = c->t[a].b, se = c->t[b - 1].e;
        if (np->kind == NP_NAME && c->t[b - 1].f & T_POSS)
            se = c->t[b - 1].b + c->t[b - 1].klen;
        if (sb < cp_b)
            cp_n -= utf8_count(c->s + sb, cp_b - sb); /* a source before the last one */
        else
            cp_n += utf8_count(c->s + cp_b, sb - cp_b);
        cp_b = sb;
        t->start = cp_n;
        t->end = cp_n + utf8_count(c->s + sb, se - sb);
        t->source = dup_range(c->s, sb, se);
        t->cue = cue_text(c, cu);
        t->speaker = cu->ent;
        if (!(cu->cls & LEX_CUEPREP)) {
            last_verb_sent = c->t[cu->v0].sent;
            last_verb_end = cu->v1;
        }
        if (!t->source || !t->cue) {
            c->oom = 1;
            return;
        }
        if (cu->ent >= 0) {
            c->ents[cu->ent].used = 1;
            who_set(&c->last_any, cu->ent, NULL, c->para);
        } else {
            who_set(&c->last_any, -1, t->source, c->para);
        }
        c->last_was_quote = 0;
    }
}

/* A paragraph ending in ':' before quote paragraphs: who is introduced? */
static void find_intro(struct ctx *c)
{
    c->intro_set = 0;
    c->intro_ent = -1;
    if (c->nt == 0 || !is_punct(&c->t[c->nt - 1], ':') || c->t[c->nt - 1].span >= 0)
        return;
    size_t sent = c->t[c->nt - 1].sent;
    for (size_t i = 0; i < c->ncues; i++) {
        struct cue *cu = &c->cues[i];
        if (c->t[cu->v0].sent == sent && (cu->cls & LEX_SPEECH) && cu->ent >= 0) {
            c->intro_set = 1;
            c->intro_ent = cu->ent;
            cu->used = 1; /* "She said:" introduces the quotes, it reports nothing */
            return;
        }
    }
    for (size_t i = 0; i + 1 < c->nt; i++) {
        if (c->t[i].sent != sent || !(c->t[i].cls & LEX_STMT) || c->t[i].span >= 0)
            continue;
        if (!tok_is(c, i + 1, "from") && !tok_is(c, i + 1, "by"))
            continue;
        struct np np = np_after(c, i + 2);
        if (np.kind == NP_NAME) {
            long id = resolve_np(c, &np);
            if (id >= 0) {
                c->intro_set = 1;
                c->intro_ent = id;
                return;
            }
        }
    }
    for (size_t i = 0; i < c->nev; i++) {
        if (c->t[c->ev[i].np.na].sent == sent && c->ev[i].np.kind == NP_NAME) {
            c->intro_set = 1;
            c->intro_ent = resolve_np(c, &c->ev[i].np);
            return;
        }
    }
}

/* ---------------------------------------------------------------- driver */

/* The slug of name (lower-case ASCII alphanumerics, other runs as '-'), made
 * unique among the speakers already in a with a "-2", "-3", ... suffix. */
static char *slug_unique(const struct annot *a, const char *name)
{
    size_t len = strlen(name);
    char *id = malloc(len + 32);
    if (!id)
        return NULL;
    size_t k = 0;
    int dash = 0;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && k > 0)
                id[k++] = '-';
            dash = 0;
            id[k++] = ch;
        } else {
            dash = 1;
        }
    }
    if (k == 0) {
        memcpy(id, "speaker", 7);
        k = 7;
    }
    id[k] = '\0';
    for (size_t suffix = 2;; suffix++) {
        int clash = 0;
        for (size_t j = 0; j < a->nspeakers && !clash; j++)
            clash = a->speakers[j].id && strcmp(a->speakers[j].id, id) == 0;
        if (!clash)
            return id;
        char num[24];
        size_t nd = 0;
        for (size_t v = suffix; v && nd < sizeof num; v /= 10)
            num[nd++] = (char)('0' + v % 10);
        id[k] = '-';
        for (size_t d = 0; d < nd; d++)
            id[k + 1 + d] = num[nd - 1 - d];
        id[k + 1 + nd] = '\0';
    }
}

/* A used entity known by one word only takes the one full name ending in it. */
static void complete_names(struct ctx *c)
{
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!e->used || e->type == ENT_PERSON || e->sex || strchr(e->name, ' '))
            continue;
        /* "Norvane" is short for the employer "Norvane Pharmaceuticals"; looked
         * for only in articles with few names, as it compares every pair */
        size_t nl = strlen(e->name);
        const char *full = NULL;
        for (size_t k = 0; k < c->nents && c->nents <= EDIT_SEARCH_MAX && !full; k++) {
            const char *o = c->ents[k].org, *r = c->ents[k].role;
            if (o && strncmp(o, e->name, nl) == 0 && o[nl] == ' ')
                full = o;
            /* a role that names the employer: "chief executive of Norvane Foods" */
            for (const char *p = r ? strstr(r, " of ") : NULL; p && !full; p = strstr(p + 1, " of "))
                if (strncmp(p + 4, e->name, nl) == 0 && p[4 + nl] == ' ')
                    full = p + 4;
        }
        if (full) {
            char *old = strdup(e->name);
            if (!old) {
                c->oom = 1;
                return;
            }
            ent_unlink(c, (long)i);
            set_str(c, &e->name, full);
            ent_link(c, (long)i);
            add_alias(c, e, old);
            free(old);
        }
    }
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!e->used || e->type == ENT_ORG || strchr(e->name, ' '))
            continue;
        const char *hit = NULL;
        int hits = 0;
        /* a lone surname is short for a full name given before it, not after */
        for (size_t k = 0; k < e->names_at && k < c->nnames && hits < 2; k++) {
            const char *lw = last_word(c->names[k]);
            uint32_t sex =
                lex_classes(c->names[k], first_word_len(c->names[k])) & (LEX_MALE | LEX_FEMALE);
            if (e->sex && sex && sex != e->sex)
                continue; /* Mr Wilson is not "Mary Wilson" */
            if (lw != c->names[k] && strcmp(lw, e->name) == 0 &&
                (!hit || strcmp(hit, c->names[k]) != 0)) {
                hit = c->names[k];
                hits++;
            }
        }
        int taken = 0;
        for (size_t k = 0; hit && k < c->nents && !taken; k++)
            taken = k != i && strcmp(c->ents[k].name, hit) == 0;
        if (hits == 1 && !taken) {
            ent_unlink(c, (long)i);
            set_str(c, &e->name, hit);
            ent_link(c, (long)i);
        }
    }
}

/* Hand the used entities over as speakers (in order of first mention) and
 * renumber the speaker indices of quotes and attributions. */
static struct annot *finish(struct ctx *c)
{
    struct annot *a = c->a;
    complete_names(c);
    size_t n = 0;
    for (size_t i = 0; i < c->nents; i++)
        n += c->ents[i].used != 0;
    if (n) {
        a->speakers = calloc(n, sizeof *a->speakers);
        if (!a->speakers) {
            c->oom = 1;
            return NULL;
        }
    }
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!e->used)
            continue;
        struct annot_speaker *sp = &a->speakers[a->nspeakers];
        e->out = (long)a->nspeakers++;
        sp->name = e->name;
        sp->role = e->role;
        sp->organization = e->org;
        sp->aliases = e->aliases;
        sp->naliases = e->naliases;
        sp->quote_count = e->nquotes;
        e->name = e->role = e->org = NULL;
        e->aliases = NULL;
        e->naliases = 0;
        sp->id = slug_unique(a, sp->name);
        if (!sp->id) {
            c->oom = 1;
            return NULL;
        }
    }
    for (size_t i = 0; i < a->nquotes; i++)
        if (a->quotes[i].speaker >= 0)
            a->quotes[i].speaker = c->ents[a->quotes[i].speaker].out;
    for (size_t i = 0; i < a->nattrs; i++)
        if (a->attrs[i].speaker >= 0)
            a->attrs[i].speaker = c->ents[a->attrs[i].speaker].out;
    return a;
}

/* Free the working state; the annotation itself is not touched. */
static void ctx_free(struct ctx *c)
{
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        free(e->name);
        free(e->role);
        free(e->org);
        for (size_t k = 0; k < e->naliases; k++)
            free(e->aliases[k]);
        free(e->aliases);
    }
    free(c->ents);
    for (size_t i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    free(c->t);
    free(c->sp);
    free(c->sp_first);
    free(c->sp_next);
    free(c->cues);
    free(c->ev);
}

struct annot *annot_run(const char *const *paras, const size_t *lens, size_t npara)
{
    struct ctx c;
    memset(&c, 0, sizeof c);
    lex_init();
    for (size_t i = 0; i < ENT_BUCKETS; i++)
        c.lw_head[i] = -1;
    c.a = calloc(1, sizeof *c.a);
    c.sp = malloc(QUOTES_MAX_SPANS * sizeof *c.sp);
    c.sp_first = malloc(QUOTES_MAX_SPANS * sizeof *c.sp_first);
    c.sp_next = malloc(QUOTES_MAX_SPANS * sizeof *c.sp_next);
    if (!c.a || !c.sp || !c.sp_first || !c.sp_next)
        goto out_nomem;
    for (size_t p = 0; p < npara && !c.oom; p++) {
        c.s = paras[p];
        c.len = lens[p];
        c.para = p;
        c.nsp = quotes_scan(c.s, c.len, c.sp, QUOTES_MAX_SPANS);
        tokenize(&c);
        if (c.oom)
            break;
        place_spans(&c);
        split_sentences(&c);
        find_cues(&c);
        resolve_events(&c);
        int next_opens = p + 1 < npara && quotes_opens(paras[p + 1], lens[p + 1]);
        do_spans(&c, next_opens);
        if (next_opens)
            find_intro(&c);
        else
            c.intro_set = 0;
        do_attrs(&c);
    }
    if (c.oom)
        goto out_nomem;
    if (!finish(&c))
        goto out_nomem;
    ctx_free(&c);
    return c.a;

out_nomem:
    ctx_free(&c);
    annot_free(c.a);
    return NULL;
}

void annot_free(struct annot *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nquotes; i++) {
        free(a->quotes[i].text);
        free(a->quotes[i].source);
        free(a->quotes[i].cue);
    }
    free(a->quotes);
    for (size_t i = 0; i < a->nattrs; i++) {
        free(a->attrs[i].source);
        free(a->attrs[i].cue);
    }
    free(a->attrs);
    for (size_t i = 0; i < a->nspeakers; i++) {
        struct annot_speaker *s = &a->speakers[i];
        free(s->id);
        free(s->name);
        free(s->role);
        free(s->organization);
        for (size_t k = 0; k < s->naliases; k++)
            free(s->aliases[k]);
        free(s->aliases);
    }
    free(a->speakers);
    free(a);
}

const char *annot_kind_name(enum annot_kind k)
{
    switch (k) {
    case ANNOT_DIRECT:
        return "direct";
    case ANNOT_CONTINUATION:
        return "continuation";
    case ANNOT_PARTIAL:
        return "partial";
    case ANNOT_INDIRECT:
        return "indirect";
    }
    return "direct";
}
