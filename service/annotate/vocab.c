/* vocab.c - stage 0: the article's own vocabulary, so that a capitalised word
 * is judged by how this text writes it elsewhere ("Happily," opens a sentence
 * but the article also writes "happily": not a name), not by a closed list.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VOCAB_MAX (1u << 20) /* slots at most: distinct words beyond are not recorded */
#define TITLED_MAX 256       /* "Parson Tringham" pairs remembered per article */

enum { V_LOWER = 1, V_CAPMID = 2 };

struct an_vocab {
    uint64_t *key; /* hash | 1 (0 marks a free slot) */
    unsigned char *flag;
    size_t cap, n;
    char *titled[TITLED_MAX]; /* "Parson Tringham": a common noun as a title, then a name */
    size_t ntitled;
};

static int word_byte(unsigned char u)
{
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
           u == '-' || u >= 0x80;
}

/* FNV-1a of the word in ASCII lower case; never 0. */
static uint64_t word_key(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++) {
        unsigned char u = (unsigned char)s[i];
        if (u >= 'A' && u <= 'Z')
            u = (unsigned char)(u + 32);
        h = (h ^ u) * 1099511628211u;
    }
    return h | 1u;
}

static size_t slot_of(const struct an_vocab *v, uint64_t k)
{
    size_t i = (size_t)(k >> 7) & (v->cap - 1);
    while (v->key[i] && v->key[i] != k)
        i = (i + 1) & (v->cap - 1);
    return i;
}

static int grow(struct an_vocab *v)
{
    size_t cap = v->cap ? v->cap * 2 : 1024;
    uint64_t *key = calloc(cap, sizeof *key);
    unsigned char *flag = calloc(cap, 1);
    if (!key || !flag) {
        free(key);
        free(flag);
        return -1;
    }
    struct an_vocab nv = *v;
    nv.key = key;
    nv.flag = flag;
    nv.cap = cap;
    for (size_t i = 0; i < v->cap; i++) {
        if (!v->key[i])
            continue;
        size_t j = slot_of(&nv, v->key[i]);
        nv.key[j] = v->key[i];
        nv.flag[j] = v->flag[i];
    }
    free(v->key);
    free(v->flag);
    *v = nv;
    return 0;
}

static int note(struct an_vocab *v, const char *s, size_t len, unsigned f)
{
    if (2 * (v->n + 1) > v->cap) {
        if (v->cap >= VOCAB_MAX)
            return 0; /* full: later words simply go unrecorded */
        if (grow(v))
            return -1;
    }
    uint64_t k = word_key(s, len);
    size_t i = slot_of(v, k);
    if (!v->key[i]) {
        v->key[i] = k;
        v->n++;
    }
    v->flag[i] |= (unsigned char)f;
    return 0;
}

static int is_upper(unsigned char u)
{
    return u >= 'A' && u <= 'Z';
}

/* "the parson" ... "Parson Tringham": a capitalised word the article also
 * writes in lower case, right before another capitalised word, is a title
 * that a later description may stand for. */
static int find_titled(struct an_vocab *v, const char *const *paras, const size_t *lens,
                       size_t npara)
{
    for (size_t p = 0; p < npara && v->ntitled < TITLED_MAX; p++) {
        const char *s = paras[p];
        size_t len = lens[p];
        for (size_t i = 0; i + 3 < len && v->ntitled < TITLED_MAX; i++) {
            if (!is_upper((unsigned char)s[i]) || (i > 0 && word_byte((unsigned char)s[i - 1])))
                continue;
            size_t e = i;
            while (e < len && word_byte((unsigned char)s[e]) && s[e] != '-')
                e++;
            if (e + 2 >= len || s[e] != ' ' || !is_upper((unsigned char)s[e + 1]))
                continue;
            size_t k = slot_of(v, word_key(s + i, e - i));
            if (!v->key[k] || !(v->flag[k] & V_LOWER)) {
                i = e;
                continue;
            }
            size_t e2 = e + 1;
            while (e2 < len && word_byte((unsigned char)s[e2]) && s[e2] != '-')
                e2++;
            char *t = malloc(e2 - i + 1);
            if (!t)
                return -1;
            memcpy(t, s + i, e2 - i);
            t[e2 - i] = '\0';
            v->titled[v->ntitled++] = t;
            i = e2;
        }
    }
    return 0;
}

struct an_vocab *an_vocab_build(const char *const *paras, const size_t *lens, size_t npara)
{
    struct an_vocab *v = calloc(1, sizeof *v);
    if (!v || grow(v))
        goto fail;
    for (size_t p = 0; p < npara; p++) {
        const char *s = paras[p];
        size_t len = lens[p], i = 0;
        unsigned char prev = 0; /* last byte before the word that is not a space */
        while (i < len) {
            unsigned char u = (unsigned char)s[i];
            /* U+2000-U+206F (dashes, curly quotes) separate words */
            if (!word_byte(u) || (u == 0xE2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x81)) {
                if (u != ' ')
                    prev = u;
                i += u == 0xE2 ? 3 : 1;
                continue;
            }
            size_t b = i;
            while (i < len && word_byte((unsigned char)s[i]) &&
                   !((unsigned char)s[i] == 0xE2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x81))
                i++;
            unsigned char f0 = (unsigned char)s[b];
            unsigned f = 0;
            if (f0 >= 'a' && f0 <= 'z')
                f = V_LOWER;
            else if (f0 >= 'A' && f0 <= 'Z' &&
                     ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || prev == ','))
                f = V_CAPMID;
            if (f && note(v, s + b, i - b, f))
                goto fail;
            prev = (unsigned char)s[i - 1];
        }
    }
    if (find_titled(v, paras, lens, npara))
        goto fail;
    return v;
fail:
    an_vocab_free(v);
    return NULL;
}

void an_vocab_free(struct an_vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->ntitled; i++)
        free(v->titled[i]);
    free(v->key);
    free(v->flag);
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
    size_t i = slot_of(v, word_key(s, len));
    return v->key[i] && (v->flag[i] & (V_LOWER | V_CAPMID)) == V_LOWER;
}

int an_vocab_capmid(const struct an_vocab *v, const char *s, size_t len)
{
    if (!v)
        return 0;
    size_t i = slot_of(v, word_key(s, len));
    return v->key[i] && (v->flag[i] & V_CAPMID);
}

int an_vocab_lower(const struct an_vocab *v, const char *s, size_t len)
{
    if (!v)
        return 0;
    size_t i = slot_of(v, word_key(s, len));
    return v->key[i] && (v->flag[i] & V_LOWER);
}
