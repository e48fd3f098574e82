/* vocab.c - stage 0: the article's own vocabulary, so that a capitalised word
 * is judged by how this text writes it elsewhere ("Happily," opens a sentence
 * but the article also writes "happily": not a name), not by a closed list.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define VOCAB_MAX (1u << 20) /* slots at most: distinct words beyond are not recorded */

enum { V_LOWER = 1, V_CAPMID = 2 };

struct an_vocab {
    uint64_t *key; /* hash | 1 (0 marks a free slot) */
    unsigned char *flag;
    size_t cap, n;
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
    struct an_vocab nv = {key, flag, cap, v->n};
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
    return v;
fail:
    an_vocab_free(v);
    return NULL;
}

void an_vocab_free(struct an_vocab *v)
{
    if (!v)
        return;
    free(v->key);
    free(v->flag);
    free(v);
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
