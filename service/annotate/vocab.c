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

/* A word's key: djb2 over its ASCII lower case (cheap per byte), mixed once
 * at the end; never 0. */
#define KEY_SEED 5381u
#define KEY_STEP(h, u) ((h)*33u + (u))

static uint64_t key_end(uint64_t h)
{
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return (h & KEY_MASK) | 4u; /* never 0, flags clear */
}

static uint64_t word_key(const char *s, size_t len)
{
    uint64_t h = KEY_SEED;
    for (size_t i = 0; i < len; i++)
        h = KEY_STEP(h, fold[(unsigned char)s[i]]);
    return key_end(h);
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

static int note(struct an_vocab *v, uint64_t k, uint64_t f)
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

/* "Word Word": a capitalised word, one space, a capitalised word. */
struct cand {
    const char *s;
    size_t len;     /* of both words */
    uint64_t first; /* key of the first */
};

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
    for (size_t p = 0; p < npara; p++) {
        const char *s = paras[p];
        size_t len = lens[p], i = 0;
        unsigned char prev = 0; /* last byte before the word that is not a space */
        while (i < len) {
            unsigned char u = (unsigned char)s[i];
            if (!fold[u]) {
                if (u != ' ')
                    prev = u;
                i += u == 0xE2 ? 3 : 1;
                continue;
            }
            size_t b = i;
            uint64_t h = KEY_SEED;
            unsigned char w;
            while (i < len && (w = fold[(unsigned char)s[i]])) {
                h = KEY_STEP(h, w);
                i++;
            }
            h = key_end(h);
            unsigned f = 0;
            if (u >= 'a' && u <= 'z')
                f = V_LOWER;
            else if (u >= 'A' && u <= 'Z' &&
                     ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || prev == ','))
                f = V_CAPMID;
            if (f && note(v, h, f))
                goto fail;
            if (u >= 'A' && u <= 'Z' && ncand < CAND_MAX && i + 2 < len && s[i] == ' ' &&
                s[i + 1] >= 'A' && s[i + 1] <= 'Z' && !memchr(s + b, '-', i - b)) {
                size_t e = i + 1;
                while (e < len && fold[(unsigned char)s[e]] && s[e] != '-')
                    e++;
                cand[ncand++] = (struct cand){s + b, e - b, h};
            }
            prev = (unsigned char)s[i - 1];
        }
    }
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

int an_vocab_common(const struct an_vocab *v, const char *s, size_t len)
{
    if (!v)
        return 0;
    return flags_of(v, word_key(s, len)) == V_LOWER;
}

int an_vocab_capmid(const struct an_vocab *v, const char *s, size_t len)
{
    if (!v)
        return 0;
    return (flags_of(v, word_key(s, len)) & V_CAPMID) != 0;
}

int an_vocab_lower(const struct an_vocab *v, const char *s, size_t len)
{
    if (!v)
        return 0;
    return (flags_of(v, word_key(s, len)) & V_LOWER) != 0;
}
