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
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_PARAS 256

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
    if (!utf8_valid((const char *)data, size, NULL))
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
                qt->end > utf8_count(paras[qt->para], lens[qt->para]))
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
