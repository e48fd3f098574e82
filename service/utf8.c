/* utf8.c - UTF-8 validation and decoding (RFC 3629). */
#include "utf8.h"

#include <string.h>

#include "swar.h"

int utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char c = p[i];
        size_t n;
        uint32_t cp, min;

        if (c == 0)
            goto fail;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1Fu, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0Fu, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07u, min = 0x10000;
        } else {
            goto fail;
        }
        if (len - i <= n)
            goto fail;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                goto fail;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto fail;
        i += n + 1;
    }
    return 1;
fail:
    if (bad)
        *bad = i;
    return 0;
}

uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[*i];
    size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
    uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1Fu) : n == 2 ? (c & 0x0Fu) : (c & 0x07u);

    (*i)++;
    for (size_t k = 0; k < n && *i < len; k++, (*i)++)
        cp = (cp << 6) | (p[*i] & 0x3Fu);
    return cp;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0, i = 0;

    /* Count every byte that does not continue a sequence (10xxxxxx), eight
     * at a time: this sits on the annotator's offset path. */
    for (; i + 8 <= len; i += 8) {
        uint64_t x, cont;

        memcpy(&x, s + i, 8);
        cont = x & ~(x << 1) & SWAR_HI;
        n += 8 - (size_t)(((cont >> 7) * SWAR_REP(1)) >> 56);
    }
    for (; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}
