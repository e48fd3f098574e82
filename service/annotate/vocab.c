/* vocab.c - stage 0: the article's own vocabulary, so that a capitalised word
 * is judged by how this text writes it elsewhere ("Happily," opens a sentence
 * but the article also writes "happily": not a name), not by a closed list.
 */
#include "model.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "swar.h"

#define VOCAB_MAX (1u << 20) /* slots at most: distinct words beyond are not recorded */
#define TITLED_MAX 256       /* "Vicar Pembury" pairs remembered per article */
#define CAND_MAX 1024        /* "Word Word" pairs looked at per article */

enum { V_LOWER = 1, V_CAPMID = 2 };

/* A slot is a word's key with its flags in the two low bits; 0 is free. */
#define KEY_MASK (~(uint64_t)3)

struct an_vocab {
    uint64_t *slot;
    size_t cap, n;
    char **titled; /* "Vicar Pembury": a common noun as a title, then a name */
    size_t ntitled;
};

/* Bytes of a word (ASCII letters and digits, '-', every byte of a multi-byte
 * character) map to their ASCII lower case, or to themselves; others to 0. */
static unsigned char fold[256];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_init(void)
{
    for (unsigned u = 0; u < 256; u++) {
        int word = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                   u == '-' || u >= 0x80;
        fold[u] = (unsigned char)(!word ? 0 : u >= 'A' && u <= 'Z' ? u + 32 : u);
    }
    /* U+2000-U+2FFF (dashes, curly quotes, symbols) separate words; the
     * caller steps over the whole character */
    fold[0xE2] = 0;
}

/* A word's key: its folded bytes eight at a time (as a little-endian number,
 * zero past the word, whose bytes are never 0), each eight mixed in by one
 * multiply, then its length; never 0, flags clear. The build and the
 * look-ups (word_key) must mix the same eights. */
#define KEY_SEED 0x9E3779B97F4A7C15u

static inline uint64_t key_step(uint64_t h, uint64_t x)
{
    h = (h ^ x) * 0xff51afd7ed558ccdu;
    return h ^ (h >> 29);
}

static inline uint64_t key_end(uint64_t h, size_t len)
{
    h ^= (uint64_t)len;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return (h & KEY_MASK) | 4u; /* never 0, flags clear */
}

/* The key of s[0..len), or 0 when a byte of it is no word byte: the build
 * never records such a string, so it has no flags. */
static uint64_t word_key(const char *s, size_t len)
{
    uint64_t h = KEY_SEED;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t x = 0;
        for (size_t k = 0; k < 8 && i + k < len; k++) {
            unsigned char w = fold[(unsigned char)s[i + k]];
            if (!w)
                return 0;
            x |= (uint64_t)w << (8 * k);
        }
        h = key_step(h, x);
    }
    return key_end(h, len);
}

/* Eight bytes at a time (swar.h) as a little-endian number, byte k of the text
 * in bits 8k..8k+7 whatever the machine's order. */
static inline uint64_t load8(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

/* Bit 7 set in each byte of x that is no word byte (fold[] is 0): ASCII
 * other than letters, digits and '-', and 0xE2. */
static inline uint64_t stop8(uint64_t x)
{
    uint64_t low7 = x & SWAR_LO7;
    uint64_t dash = ~((low7 ^ SWAR_REP('-')) + SWAR_LO7);    /* low7 == '-' */
    uint64_t e2 = ~((low7 ^ SWAR_REP(0x62)) + SWAR_LO7) & x; /* x == 0xE2 */
    uint64_t word = swar_alnum(x) | (dash & ~x) | (x & ~e2);
    return ~word & SWAR_HI;
}

/* fold[] of eight word bytes: bit 5 set in each ASCII one. */
static inline uint64_t fold8(uint64_t x)
{
    return x | ((~x & SWAR_HI) >> 2);
}

/* The low n bytes (n <= 8) of a number. */
static inline uint64_t low_bytes(size_t n)
{
    return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
}

/* The word that starts at s[i] (a word byte): its end, and in *h its key
 * mixed but not ended (key_end). Reads nothing past len. */
static size_t word_scan(const unsigned char *s, size_t len, size_t i, uint64_t *h)
{
    uint64_t k = KEY_SEED;
    for (; i + 8 <= len; i += 8) {
        uint64_t x = load8(s + i), stop = stop8(x);
        if (stop) {
            size_t n = swar_ctz(stop) >> 3;
            if (n)
                k = key_step(k, fold8(x) & low_bytes(n));
            *h = k;
            return i + n;
        }
        k = key_step(k, fold8(x));
    }
    uint64_t x = 0;
    size_t n = 0;
    for (unsigned char w; i + n < len && (w = fold[s[i + n]]); n++)
        x |= (uint64_t)w << (8 * n);
    if (n)
        k = key_step(k, x);
    *h = k;
    return i + n;
}

/* Bit j set: byte j of the 64 at p is a word byte (fold[] is not 0); in *e2
 * the 0xE2 bytes. With SSE2 (every x86-64) 16 bytes at a time, elsewhere
 * eight (stop8); both give the same bits. */
static inline uint64_t word_bits(const unsigned char *p, uint64_t *e2)
{
    uint64_t w = 0, e = 0;
#if defined(__SSE2__)
    const __m128i c20 = _mm_set1_epi8(0x20), ca = _mm_set1_epi8('a'), c25 = _mm_set1_epi8(25),
                  c0 = _mm_set1_epi8('0'), c9 = _mm_set1_epi8(9), cdash = _mm_set1_epi8('-'),
                  ce2 = _mm_set1_epi8((char)0xE2);
    for (unsigned k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        /* unsigned t < n as min(t, n - 1) == t */
        __m128i t = _mm_sub_epi8(_mm_or_si128(x, c20), ca), d = _mm_sub_epi8(x, c0);
        __m128i ascii = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(t, c25), t),
                                                  _mm_cmpeq_epi8(_mm_min_epu8(d, c9), d)),
                                     _mm_cmpeq_epi8(x, cdash));
        uint64_t a = (unsigned)_mm_movemask_epi8(ascii), hi = (unsigned)_mm_movemask_epi8(x),
                 q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, ce2));
        w |= (a | (hi & ~q)) << (16 * k);
        e |= q << (16 * k);
    }
#else
    for (unsigned k = 0; k < 8; k++) {
        uint64_t x = load8(p + 8 * k), low7 = x & SWAR_LO7;
        uint64_t word = ~stop8(x) & SWAR_HI, q = ~((low7 ^ SWAR_REP(0x62)) + SWAR_LO7) & x & SWAR_HI;
        /* bit 7 of each byte to bit j of one byte (movemask) */
        w |= (((word >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
        e |= (((q >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
    }
#endif
    *e2 = e;
    return w;
}

static size_t slot_of(const struct an_vocab *v, uint64_t k)
{
    size_t i = (size_t)(k >> 7) & (v->cap - 1);
    while (v->slot[i] && (v->slot[i] & KEY_MASK) != k)
        i = (i + 1) & (v->cap - 1);
    return i;
}

/* The flags of key k, or 0 when the article never has the word. */
static unsigned flags_of(const struct an_vocab *v, uint64_t k)
{
    return (unsigned)(v->slot[slot_of(v, k)] & 3u);
}

static int grow(struct an_vocab *v, size_t cap)
{
    uint64_t *ns = calloc(cap, sizeof *ns);
    if (!ns)
        return -1;
    struct an_vocab nv = *v;
    nv.slot = ns;
    nv.cap = cap;
    for (size_t i = 0; i < v->cap; i++)
        if (v->slot[i])
            ns[slot_of(&nv, v->slot[i] & KEY_MASK)] = v->slot[i];
    free(v->slot);
    *v = nv;
    return 0;
}

/* note() when the table must grow or k's first slot is another word's. */
static int note_slow(struct an_vocab *v, uint64_t k, uint64_t f)
{
    if (2 * (v->n + 1) > v->cap) {
        if (v->cap >= VOCAB_MAX)
            return 0; /* full: later words simply go unrecorded */
        if (grow(v, v->cap * 2))
            return -1;
    }
    uint64_t *sl = &v->slot[slot_of(v, k)];
    if (!*sl) {
        *sl = k;
        v->n++;
    }
    *sl |= f;
    return 0;
}

/* Give word k flags f. Inline, one branch that rarely fails: most words find
 * their own slot or a free one at once. */
static inline int note(struct an_vocab *v, uint64_t k, uint64_t f)
{
    size_t i = (size_t)(k >> 7) & (v->cap - 1);
    uint64_t cur = v->slot[i];
    if ((2 * (v->n + 1) > v->cap) | !(((cur & KEY_MASK) == k) | (cur == 0)))
        return note_slow(v, k, f);
    v->slot[i] = cur | k | f;
    v->n += cur == 0;
    return 0;
}

/* "Word Word": a capitalised word, one space, a capitalised word. */
struct cand {
    const char *s;
    size_t len;     /* of both words */
    uint64_t first; /* key of the first */
};

/* Record the word s[b, e) of the paragraph s[0..len), of key k. */
static int vocab_word(struct an_vocab *v, const char *s, size_t len, size_t b, size_t e,
                      uint64_t k, struct cand *cand, size_t *ncand)
{
    unsigned char u = (unsigned char)s[b];
    if (u >= 'a' && u <= 'z')
        return note(v, k, V_LOWER);
    if (u < 'A' || u > 'Z')
        return 0;
    /* inside a sentence: the last byte before it that is not a space is a
     * lower-case letter, digit or comma (looked back for only here, at the
     * few capitalised words) */
    size_t j = b;
    while (j > 0 && s[j - 1] == ' ')
        j--;
    unsigned char prev = j ? (unsigned char)s[j - 1] : 0;
    if (((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || prev == ',') &&
        note(v, k, V_CAPMID))
        return -1;
    if (*ncand < CAND_MAX && e + 2 < len && s[e] == ' ' && s[e + 1] >= 'A' && s[e + 1] <= 'Z' &&
        !memchr(s + b, '-', e - b)) {
        size_t f = e + 1;
        while (f < len && fold[(unsigned char)s[f]] && s[f] != '-')
            f++;
        cand[(*ncand)++] = (struct cand){s + b, f - b, k};
    }
    return 0;
}

/* The words of paragraph s[0..len): maximal runs of word bytes, the bytes of
 * a character of U+2000-U+2FFF none. Found 64 bytes at a time by bit masks,
 * not by a branch per byte, which the spaces and stops of text would make
 * mispredicted about once a word. */
static int vocab_para(struct an_vocab *v, const char *s, size_t len, struct cand *cand,
                      size_t *ncand)
{
    const unsigned char *us = (const unsigned char *)s;
    uint64_t wcarry = 0, ecarry = 0; /* from the block before */
    for (size_t blk = 0; blk < len; blk += 64) {
        unsigned char pad[64];
        const unsigned char *p = us + blk;
        if (len - blk < 64) { /* zeros are no word bytes */
            memset(pad, 0, sizeof pad);
            memcpy(pad, p, len - blk);
            p = pad;
        }
        uint64_t e2, w = word_bits(p, &e2);
        w &= ~((e2 << 1) | (e2 << 2) | ecarry); /* 0xE2's two trailing bytes */
        ecarry = (e2 >> 63) | (e2 >> 62);
        uint64_t starts = w & ~((w << 1) | wcarry);
        wcarry = w >> 63;
        while (starts) {
            unsigned at = swar_ctz(starts);
            starts &= starts - 1;
            size_t b = blk + at, e;
            uint64_t after = ~w & (~0ull << at), k;
            if (after && (e = blk + swar_ctz(after)) + 7 <= len) {
                /* eight bytes from anywhere in the word lie in the paragraph */
                k = KEY_SEED;
                size_t i = b;
                for (; e - i > 8; i += 8)
                    k = key_step(k, fold8(load8(us + i)));
                k = key_end(key_step(k, fold8(load8(us + i)) & low_bytes(e - i)), e - b);
            } else { /* on into the next block, or near the end */
                e = word_scan(us, len, b, &k);
                k = key_end(k, e - b);
            }
            if (vocab_word(v, s, len, b, e, k, cand, ncand))
                return -1;
        }
    }
    return 0;
}

struct an_vocab *an_vocab_build(const char *const *paras, const size_t *lens, size_t npara)
{
    pthread_once(&fold_once, fold_init);
    struct an_vocab *v = calloc(1, sizeof *v);
    struct cand *cand = malloc(CAND_MAX * sizeof *cand);
    size_t ncand = 0, bytes = 0, cap = 256;
    for (size_t p = 0; p < npara; p++)
        bytes += lens[p];
    while (cap < bytes / 8 && cap < VOCAB_MAX) /* about one word in eight bytes is new */
        cap *= 2;
    if (!v || !cand || grow(v, cap))
        goto fail;
    for (size_t p = 0; p < npara; p++)
        if (vocab_para(v, paras[p], lens[p], cand, &ncand))
            goto fail;
    /* a pair whose first word the article also writes in lower case */
    for (size_t k = 0; k < ncand && v->ntitled < TITLED_MAX; k++) {
        if (!(flags_of(v, cand[k].first) & V_LOWER))
            continue;
        if (!v->titled && !(v->titled = malloc(TITLED_MAX * sizeof *v->titled)))
            goto fail;
        char *t = malloc(cand[k].len + 1);
        if (!t)
            goto fail;
        memcpy(t, cand[k].s, cand[k].len);
        t[cand[k].len] = '\0';
        v->titled[v->ntitled++] = t;
    }
    free(cand);
    return v;
fail:
    free(cand);
    an_vocab_free(v);
    return NULL;
}

void an_vocab_free(struct an_vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->ntitled; i++)
        free(v->titled[i]);
    free(v->titled);
    free(v->slot);
    free(v);
}

const char *an_vocab_titled(const struct an_vocab *v, const char *w, size_t len)
{
    const char *hit = NULL;
    for (size_t i = 0; v && i < v->ntitled; i++) {
        const char *t = v->titled[i];
        if (strncasecmp(t, w, len) || t[len] != ' ')
            continue;
        if (hit && strcmp(hit, t))
            return NULL; /* two people of that title */
        hit = t;
    }
    return hit;
}

/* The flags of the article's word s[0..len), or 0 when it has none. */
static unsigned word_flags(const struct an_vocab *v, const char *s, size_t len)
{
    uint64_t k = v ? word_key(s, len) : 0;
    return k ? flags_of(v, k) : 0;
}

int an_vocab_common(const struct an_vocab *v, const char *s, size_t len)
{
    return word_flags(v, s, len) == V_LOWER;
}

int an_vocab_capmid(const struct an_vocab *v, const char *s, size_t len)
{
    return (word_flags(v, s, len) & V_CAPMID) != 0;
}

int an_vocab_lower(const struct an_vocab *v, const char *s, size_t len)
{
    return (word_flags(v, s, len) & V_LOWER) != 0;
}
