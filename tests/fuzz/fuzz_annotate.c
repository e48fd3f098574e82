/* fuzz_annotate.c - libFuzzer target for the annotator.
 *
 * The input is split into paragraphs on blank lines ("\n\n"); input that is not
 * valid UTF-8 (or holds a NUL) is rejected, as the parser would reject it.
 * Every paragraph set must annotate without crashing, leaking or reading out
 * of bounds, and every quote's offsets must frame its text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_PARAS 256

/* 1 when s[0..len) is valid UTF-8 without NUL, overlongs, surrogates or > U+10FFFF. */
static int valid_utf8(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t n;
        uint32_t cp, min;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1Fu, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0Fu, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07u, min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

/* Code points in s[0..n). */
static size_t cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte offset of code point cp in s[0..len), or len + 1 when out of range. */
static size_t byte_of(const char *s, size_t len, size_t cp)
{
    size_t c = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || ((unsigned char)s[i] & 0xC0) != 0x80) {
            if (c == cp)
                return i;
            c++;
        }
    }
    return len + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!valid_utf8(data, size))
        return -1;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *paras[FUZZ_MAX_PARAS];
    size_t lens[FUZZ_MAX_PARAS], n = 0;
    const char *p = text, *end = text + size;
    while (p < end && n < FUZZ_MAX_PARAS) {
        const char *q = strstr(p, "\n\n");
        if (!q)
            q = end;
        paras[n] = p;
        lens[n] = (size_t)(q - p);
        n++;
        p = q + (q < end ? 2 : 0);
    }
    struct annot *a = annot_run(paras, lens, n);
    if (a) {
        for (size_t i = 0; i < a->nquotes; i++) {
            const struct annot_quote *qt = &a->quotes[i];
            if (qt->para >= n || qt->end < qt->start ||
                qt->end > cps(paras[qt->para], lens[qt->para]))
                abort();
            size_t b = byte_of(paras[qt->para], lens[qt->para], qt->start);
            size_t e = byte_of(paras[qt->para], lens[qt->para], qt->end);
            if (e > lens[qt->para] || e - b != strlen(qt->text) ||
                memcmp(paras[qt->para] + b, qt->text, e - b) != 0)
                abort();
            if (qt->speaker >= (long)a->nspeakers)
                abort();
        }
        for (size_t i = 0; i < a->nattrs; i++)
            if (a->attrs[i].speaker >= (long)a->nspeakers || a->attrs[i].para >= n)
                abort();
    }
    annot_free(a);
    free(text);
    return 0;
}
