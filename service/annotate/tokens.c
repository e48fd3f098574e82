/* tokens.c - stage 1: words, punctuation and sentences of a paragraph, and the
 * character classes the other stages share.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swar.h"

/* Grow array p (capacity *cap items of size bytes) to hold need items; on
 * failure sets *oom and returns NULL, leaving p as it was. */
void *an_grow(void *p, size_t *cap, size_t need, size_t size, int *oom)
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
char *an_dup_range(const char *s, size_t b, size_t e)
{
    char *r = malloc(e - b + 1);
    if (!r)
        return NULL;
    memcpy(r, s + b, e - b);
    r[e - b] = '\0';
    return r;
}

char *an_dup_lower(const char *s, size_t b, size_t e)
{
    char *r = an_dup_range(s, b, e);
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

/* The slot of token nt, made room for when needed (c->t grows, *tt and *tcap
 * follow); NULL at the token cap or when memory runs out. The tokenizer keeps
 * the array, its size and its count in locals: a store to a token (size_t
 * fields) could be one to c->nt or c->tcap for all the compiler knows, which
 * made it reload them after every token. */
static inline struct tok *tok_room(struct ctx *c, struct tok **tt, size_t *tcap, size_t nt)
{
    if (nt >= ANNOT_MAX_TOKENS)
        return NULL;
    if (nt >= *tcap) {
        struct tok *t = an_grow(c->t, &c->tcap, nt + 1, sizeof *c->t, &c->oom);
        if (!t)
            return NULL;
        c->t = *tt = t;
        *tcap = c->tcap;
    }
    return &(*tt)[nt];
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

/* word_acc() by a loop over the code points: words of more than 8 bytes or
 * with a byte beyond ASCII. */
static unsigned word_acc_loop(const char *s, size_t len, size_t b, size_t e)
{
    unsigned acc = 0;
    for (size_t i = b; i < e;) {
        unsigned char u = (unsigned char)s[i];
        if (u < 0x80) {
            acc |= ascii_class[u];
            i++;
            continue;
        }
        size_t n;
        uint32_t d = cp_at(s, len, i, &n);
        if (cp_alnum(d))
            acc |= cp_upper(d) ? 2u : 1u;
        i += n;
    }
    return acc;
}

/* The ascii_class bits of the word s[b, e), a letter beyond ASCII counted as
 * 2 when upper case, else 1: bit 0 set when it has a lower-case letter, bit 1
 * when it has an upper-case one. Asked only when needed, not kept while
 * scanning every byte; an ASCII word of up to 8 bytes in one SWAR step,
 * inline (the loop's registers made a call of it cost more than the step). */
static inline unsigned word_acc(const char *s, size_t len, size_t b, size_t e)
{
    if (e - b <= 8 && b + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + b, 8);
        x &= swar_keep(e - b);
        if (!(x & SWAR_REP(0x80))) {
            uint64_t lower = (x + SWAR_REP(0x1F)) & ~(x + SWAR_REP(0x05)); /* 'a' <= x <= 'z' */
            uint64_t upper = (x + SWAR_REP(0x3F)) & ~(x + SWAR_REP(0x25)); /* 'A' <= x <= 'Z' */
            uint64_t digit = (x + SWAR_REP(0x50)) & ~(x + SWAR_REP(0x46)); /* '0' <= x <= '9' */
            return ((lower & SWAR_REP(0x80)) ? 1u : 0u) | ((upper & SWAR_REP(0x80)) ? 2u : 0u) |
                   ((digit & SWAR_REP(0x80)) ? 4u : 0u);
        }
    }
    return word_acc_loop(s, len, b, e);
}

/* What joined the parts of a word (an_tokenize): only a word with an inner
 * '-' can be "al-Noor" or a "Well-known" modifier, only one with ' or ’ a
 * possessive, so the tests of those run for the few such words. */
enum { J_DOT = 1, J_DASH = 2, J_APOS = 4 };

/* Fill the flags and classes of word token t. Works on locals and stores
 * each field once: t may alias the text (a char pointer), which would make
 * the compiler reload t after every byte read. */
static void word_info(const char *s, size_t len, struct tok *t, unsigned joins, int quoted,
                      size_t known_len, uint32_t known_cls)
{
    int dotted = (joins & J_DOT) != 0;
    const size_t b = t->b, e = t->e;
    const char *w = s + b;
    unsigned char f0 = (unsigned char)w[0];
    unsigned f = T_WORD;
    if (f0 >= 'A' && f0 <= 'Z')
        f |= T_CAP;
    else if (f0 >= '0' && f0 <= '9')
        f |= T_DIGIT;
    else if (f0 >= 0x80) {
        size_t n;
        if (cp_upper(cp_at(s, len, b, &n)))
            f |= T_CAP;
    } else if ((joins & J_DASH) && f0 >= 'a' && f0 <= 'z' && e - b > 3) {
        /* "al-Noor", "el-Sayed": a short particle joined to a capitalised name
         * (tested by position, for the words an inner '-' joined) */
        size_t k = w[1] == '-' ? 1 : w[2] == '-' ? 2 : w[3] == '-' ? 3 : 0;
        if (k && b + k + 1 < e && w[k + 1] >= 'A' && w[k + 1] <= 'Z' &&
            (k < 2 || (w[1] >= 'a' && w[1] <= 'z')) && (k < 3 || (w[2] >= 'a' && w[2] <= 'z')))
            f |= T_CAP;
    }
    size_t key = e - b;
    if (w[key - 1] == '.') {
        key--;
        dotted = 1;
    }
    /* possessive: ’s or 's */
    size_t cut = 0;
    if ((joins & J_APOS) && key >= 3 && (w[key - 1] == 's' || w[key - 1] == 'S')) {
        if (w[key - 2] == '\'')
            cut = 2;
        else if (key >= 5 && (unsigned char)w[key - 4] == 0xE2 &&
                 (unsigned char)w[key - 3] == 0x80 && (unsigned char)w[key - 2] == 0x99)
            cut = 4;
    }
    unsigned acc = 0;
    if (cut) {
        key -= cut;
        f |= T_POSS;
        for (size_t i = 0; i < key; i++) /* without the 's, ASCII letters only */
            acc |= ascii_class[(unsigned char)w[i]] & 3u;
    } else if (f0 >= 'a' && f0 <= 'z') {
        /* a lower-case letter: never all caps; an upper-case one matters only
         * to "-ly" */
        int ly = key > 4 && w[key - 1] == 'y' && w[key - 2] == 'l';
        acc = ly ? word_acc(s, len, b, e) : 1u;
    } else {
        acc = word_acc(s, len, b, e);
    }
    if (dotted && (f & T_CAP))
        f |= key == 1 && f0 != 'I' ? T_DOTTED | T_INITIAL : T_DOTTED;
    if ((acc & 3u) == 2u) {
        size_t upper = 0;
        for (size_t i = 0; i < key && upper < 2; i++)
            upper += ascii_class[(unsigned char)w[i]] == 2;
        if (upper >= 2)
            f |= T_ALLCAPS;
    }
    if (key > 4 && !(acc & 2u) && w[key - 1] == 'y' && w[key - 2] == 'l')
        f |= T_LY;
    /* "Twelve-year-old", "Well-known": a compound in lower case after its
     * first part is a modifier, never part of a name */
    int modifier = 0;
    if ((f & T_CAP) && (joins & J_DASH))
        for (size_t i = 1; i + 1 < key && !modifier; i++)
            modifier = w[i] == '-' && w[i + 1] >= 'a' && w[i + 1] <= 'z';
    uint32_t cls = 0;
    /* inside a quote only short function words matter (an_span_title_case);
     * the tokenizer may have looked up the same bytes already (known_len) */
    if (!quoted || key <= 3)
        cls = key == known_len ? known_cls : lex_classes_in(w, key, len - b);
    if (modifier)
        cls |= LEX_STOPCAP;
    t->f = f;
    t->c0 = (unsigned char)(f0 | 0x20u);
    t->klen = key;
    t->cls = cls;
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

/* Bit 7 set in each byte of x that is not an ASCII letter or digit. */
static inline uint64_t not_alnum8(uint64_t x)
{
    return ~swar_alnum(x) & SWAR_HI;
}

/* The first byte, in memory order, of m (bit 7 of some byte set). */
static inline size_t first_byte(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)swar_ctz(m) >> 3;
#else
    unsigned char b[8];
    memcpy(b, &m, 8);
    size_t k = 0;
    while (!(b[k] & 0x80u))
        k++;
    return k;
#endif
}

/* The end of the run of ASCII letters and digits (ascii_class) at s[i]:
 * eight bytes are tested at once, without a branch per letter. */
static inline size_t ascii_run_end(const char *s, size_t len, size_t i)
{
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t stop = not_alnum8(x);
        if (stop)
            return i + first_byte(stop);
    }
    while (i < len && ascii_class[(unsigned char)s[i]])
        i++;
    return i;
}

/* Bits 39 ' 38 & 45 - 46 . of the ASCII bytes that may join two parts of a word. */
#define JOINERS ((1ull << '\'') | (1ull << '&') | (1ull << '-') | (1ull << '.'))

/* "@saltmarsh" (not the '@' of an address, "press@example.org"): the word
 * and its '@' are one name. A pass of its own, run only when the text has an
 * '@', so the word loop pays nothing for it. */
static void mark_handles(struct ctx *c)
{
    for (size_t k = 0; k < c->nt; k++) {
        struct tok *t = &c->t[k];
        size_t b = t->b;
        if (!(t->f & T_WORD) || b == 0 || c->s[b - 1] != '@' ||
            (b >= 2 && ascii_class[(unsigned char)c->s[b - 2]]))
            continue;
        t->b = b - 1;
        t->c0 = '@' | 0x20;
        t->klen++;
        t->f = (t->f & ~(unsigned)(T_DIGIT | T_LY | T_ALLCAPS)) | T_CAP;
        t->cls = 0;
        /* "@kofi_writes": an underscore joins the handle's words */
        while (k + 1 < c->nt && t->e < c->len && c->s[t->e] == '_' &&
               c->t[k + 1].b == t->e + 1 && (c->t[k + 1].f & T_WORD)) {
            t->klen = c->t[k + 1].b + c->t[k + 1].klen - t->b;
            t->e = c->t[k + 1].e;
            memmove(&c->t[k + 1], &c->t[k + 2], (c->nt - k - 2) * sizeof *c->t);
            c->nt--;
            c->nwords -= c->nwords > 0;
        }
    }
}

/* Split the paragraph into tokens. A word keeps inner ' ’ - . & when a letter
 * or digit follows them, and a final '.' when it is an initial or abbreviation. */
void an_tokenize(struct ctx *c)
{
    const char *s = c->s;
    size_t len = c->len, i = 0, n, sk = 0;
    /* inside a span or not, as of the byte qnext where that may next change
     * (spans are looked at only there, not at every word) */
    size_t qnext = 0;
    int quoted = 0;
    const struct quotes_span *sp = c->sp;
    const size_t nsp = c->nsp;
    c->cp_b = 0;
    c->cp_n = 0;
    /* Room for the tokens of most text (a word and its space take four bytes
     * or more) in one step, not in several doubling copies; on failure the
     * tokens grow one by one as before (tok_room). */
    size_t room = len / 4 + 16 < ANNOT_MAX_TOKENS ? len / 4 + 16 : ANNOT_MAX_TOKENS;
    if (room > c->tcap) {
        int failed = 0;
        struct tok *t = an_grow(c->t, &c->tcap, room, sizeof *c->t, &failed);
        if (t)
            c->t = t;
    }
    struct tok *tt = c->t, *k;
    size_t tcap = c->tcap, nt = 0, nwords = 0;
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
            /* "((es))": Wikinews's tag for a quote translated from Spanish is
             * no part of anyone's sentence */
            if (u == '(' && i + 5 < len && s[i + 1] == '(') {
                size_t e = i + 2;
                while (e < len && e - i < 6 && s[e] >= 'a' && s[e] <= 'z')
                    e++;
                if (e - i >= 4 && e + 1 < len && s[e] == ')' && s[e + 1] == ')') {
                    i = e + 2;
                    continue;
                }
            }
            char p = cp_space(ch) || is_quote_cp(ch) ? 0 : punct_of(ch);
            if (p) {
                if (!(k = tok_room(c, &tt, &tcap, nt)))
                    goto out;
                *k = (struct tok){.b = i, .e = i + n, .klen = n, .p = p, .span = -1, .after_of = -1};
                nt++;
            }
            i += n;
            continue;
        }
    word:;
        size_t b = i;
        unsigned joins = 0;
        for (;;) {
            i = ascii_run_end(s, len, i);
            if (i >= len)
                break;
            u = (unsigned char)s[i];
            uint32_t d = u;
            n = 1;
            if (u < 0x80) {
                /* ' & - . join the parts of a word: O'Neil, AT&T, al-Noor, U.S */
                if (u >= 64 || !((JOINERS >> u) & 1u))
                    break;
            } else {
                d = cp_at(s, len, i, &n);
                if (cp_alnum(d)) {
                    i += n;
                    continue;
                }
                if (d != 0x2019 && d != 0x2010 && d != 0x2011)
                    break;
            }
            size_t n2;
            if (i + n < len && cp_alnum(cp_at(s, len, i + n, &n2))) {
                joins |= d == '.' ? J_DOT : d == '-' ? J_DASH : d == '\'' || d == 0x2019 ? J_APOS : 0;
                i += n;
                continue;
            }
            break;
        }
        size_t e = i, known_len = 0;
        uint32_t known_cls = 0;
        /* keep the '.' of an initial or abbreviation: K.C. Maurer, Dr. Smith */
        if (i < len && s[i] == '.') {
            int keep = (joins & J_DOT) || (e - b == 1 && ascii_class[(unsigned char)s[b]] == 2);
            if (!keep && e - b < 8) {
                /* word_info looks up the same bytes unless it cuts an 's */
                known_len = e - b;
                known_cls = lex_classes_in(s + b, e - b, len - b);
                keep = (known_cls & LEX_ABBR) != 0;
            }
            if (keep)
                e = ++i;
        }
        if (!(k = tok_room(c, &tt, &tcap, nt)))
            goto out;
        k->b = b;
        k->e = e;
        k->p = 0;
        k->span = -1;
        k->after_of = -1;
        k->sent = 0;
        nt++;
        if (b >= qnext) {
            while (sk < nsp && sp[sk].end <= b)
                sk++;
            quoted = sk < nsp && sp[sk].start <= b;
            qnext = sk >= nsp ? SIZE_MAX : quoted ? sp[sk].end : sp[sk].start;
        }
        word_info(s, len, k, joins, quoted, known_len, known_cls);
        nwords++;
    }
    c->nt = nt;
    c->nwords = nwords;
    if (memchr(s, '@', len))
        mark_handles(c);
    return;
out: /* the token cap, or no memory: the tokens so far */
    c->nt = nt;
    c->nwords = nwords;
}

/* Which span each token lies in or follows, and where each span's tokens are. */
void an_place_spans(struct ctx *c)
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

/* Token i opens the writer's sentence, or its part after ':' or a dash
 * ("WASHINGTON -- President ..."): a capital there says nothing of a name.
 * The tokens up to i are numbered. */
int an_opens_sentence(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    int initial = i == 0 || c->t[i - 1].sent != t->sent || c->t[i - 1].span != t->span ||
                  c->t[i - 1].p == ':' || c->t[i - 1].p == '-';
    /* after a closing mark the writer's sentence goes on unless the quote
     * ended one: `"We will go," Mayor Paul Grant said` */
    if (initial && i > 0 && t->span < 0 && c->t[i - 1].span >= 0 && c->t[i - 1].sent == t->sent)
        initial = an_span_ends_sentence(c, (size_t)c->t[i - 1].span);
    return initial;
}

/* "Happily, ..." opens a sentence, but the article writes "happily"
 * elsewhere and never capitalises it inside a sentence: not a name. Token i
 * is capitalised (not all caps, not dotted). */
static void mark_initial_common(struct ctx *c, size_t i)
{
    struct tok *t = &c->t[i];
    if (!an_opens_sentence(c, i))
        return;
    /* ... or, never capitalised inside a sentence, has an adverb's "-ly," or
     * is a long "-ly" word before a name ("Suddenly Ruth came"; a word token
     * never ends a sentence, so the next one is in this sentence) */
    int ly = t->klen > 4 && c->s[t->b + t->klen - 1] == 'y' && c->s[t->b + t->klen - 2] == 'l' &&
             i + 1 < c->nt &&
             (c->t[i + 1].p == ',' ||
              (t->klen >= 7 && !(t->cls & LEX_GIVEN) && (c->t[i + 1].f & T_CAP)));
    if (an_vocab_common(c->vocab, c->s + t->b, t->klen) ||
        (ly && !an_vocab_capmid(c->vocab, c->s + t->b, t->klen)))
        t->cls |= LEX_STOPCAP;
}

/* "said April Lanotte", "Jan Novak told": a word listed both as a given name
 * and as never a name (a month) is a given name when a surname-shaped word
 * follows and no preposition, determiner or date word ("in April Congress",
 * "last May Smith") comes before it. Token i is a capitalised word (not all
 * caps, not dotted) with LEX_GIVEN and LEX_STOPCAP. */
static void mark_given_stopcap(struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (i + 1 >= c->nt)
        return;
    const struct tok *nx = &c->t[i + 1];
    if (!an_is_word(nx) || (nx->f & (T_CAP | T_ALLCAPS | T_DIGIT | T_DOTTED)) != T_CAP ||
        nx->span != t->span || (nx->cls & (LEX_STOPCAP | LEX_ORG | LEX_TITLE | LEX_ROLE | LEX_PREP)))
        return;
    if (i + 2 < c->nt && (c->t[i + 2].f & T_DIGIT))
        return;
    if (i > 0 && c->t[i - 1].sent == t->sent) {
        const struct tok *pv = &c->t[i - 1];
        if ((pv->f & T_DIGIT) || (pv->cls & (LEX_PREP | LEX_DET)) || an_tok_is(c, i - 1, "last") ||
            an_tok_is(c, i - 1, "next") || an_tok_is(c, i - 1, "early") ||
            an_tok_is(c, i - 1, "late") || an_tok_is(c, i - 1, "mid"))
            return;
    }
    c->t[i].cls &= ~(uint32_t)LEX_STOPCAP;
}

/* "said Kim Lo", "Jin Oh": a capitalised word that is never a name on its
 * own (an interjection) right after a given name, in its sentence, is the
 * surname. Function words stay what they are ("Kim For"). */
static int surname_after_given(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i], *pv = &c->t[i - 1];
    /* (or any capitalised word right after a verb of speech: "said Dale Ho,") */
    int given = (pv->cls & (LEX_GIVEN | LEX_STOPCAP)) == LEX_GIVEN ||
                (!(pv->cls & LEX_STOPCAP) && i >= 2 && an_is_lower_word(&c->t[i - 2]) &&
                 (c->t[i - 2].cls & LEX_SPEECH) && c->t[i - 2].sent == t->sent);
    return an_is_word(pv) && (pv->f & (T_CAP | T_ALLCAPS | T_DOTTED)) == T_CAP && given &&
           pv->sent == t->sent &&
           pv->span == t->span &&
           !(t->cls & (LEX_DET | LEX_PREP | LEX_PRON_PERSON | LEX_PRON_THING | LEX_BREAK |
                       LEX_RELATIVE | LEX_ADV | LEX_SPEECH | LEX_REPORT));
}

/* an_is_name_tok's test, made once per token when its classes are final. */
static int name_tok(const struct tok *t)
{
    if (!an_is_word(t) || t->span >= 0)
        return 0;
    if (t->f & T_ALLCAPS)
        return !(t->cls & LEX_STOPCAP) || t->klen > 2;
    /* ("A." is an initial, "A" the article) */
    return (t->f & T_CAP) && (!(t->cls & LEX_STOPCAP) || (t->f & T_INITIAL));
}

/* Number the sentences. Text inside a span never splits the writer's sentence,
 * but a span ending in . ? ! followed by a capital does. One pass: a token's
 * number is known before the next is looked at, all mark_initial_common needs. */
void an_split_sentences(struct ctx *c)
{
    size_t sent = 0, nt = c->nt;
    struct tok *tt = c->t; /* neither changes here */
    for (size_t i = 0; i < nt; i++) {
        struct tok *t = &tt[i];
        t->sent = sent;
        /* only a capitalised or all-caps word may be a name */
        if (t->f & (T_CAP | T_ALLCAPS)) {
            if ((t->f & (T_CAP | T_ALLCAPS | T_DOTTED)) == T_CAP) {
                /* (a month's abbreviation without its period is one too:
                 * "said Jun Park"; "Jun. 5" has the period) */
                if ((t->cls & (LEX_GIVEN | LEX_STOPCAP)) == (LEX_GIVEN | LEX_STOPCAP) ||
                    ((t->cls & (LEX_ABBR | LEX_STOPCAP)) == (LEX_ABBR | LEX_STOPCAP) && t->klen >= 3))
                    mark_given_stopcap(c, i);
                else if ((t->cls & LEX_STOPCAP) && i > 0 && surname_after_given(c, i))
                    t->cls &= ~(uint32_t)LEX_STOPCAP;
                else
                    mark_initial_common(c, i);
            }
            /* the marks above change only this token's classes */
            if (name_tok(t))
                t->f |= T_NAME;
        }
        /* words have p == 0: most tokens stop here */
        if (!t->p || i + 1 >= nt || (t->p != '.' && t->p != '!' && t->p != '?'))
            continue;
        const struct tok *nx = &tt[i + 1];
        int starts = (nx->f & (T_CAP | T_DIGIT)) || (nx->span >= 0 && nx->span != t->span);
        /* abbreviations and initials keep their '.' (an_tokenize) */
        if (starts && (t->span < 0 || nx->span != t->span))
            sent++;
    }
}

void an_note_first_person(struct ctx *c)
{
    /* ("I said", "I was"; not "World War I," or "Chapter I.": a verb follows) */
    for (size_t i = 0; i + 1 < c->nt; i++)
        if (c->t[i].span < 0 && c->t[i].klen == 1 && c->s[c->t[i].b] == 'I' &&
            an_is_word(&c->t[i]) && an_is_lower_word(&c->t[i + 1]) &&
            c->t[i + 1].sent == c->t[i].sent) {
            c->i_para = (long)c->para;
            return;
        }
}
