/* buf.c - growable byte buffer with a hard cap. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

enum buf_err buf_add(struct buf *b, const void *data, size_t n)
{
    if (n > b->max || b->len > b->max - n) {
        buf_free(b);
        return BUF_TOOBIG;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->data, cap);
        if (!p) {
            buf_free(b);
            return BUF_NOMEM;
        }
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return BUF_OK;
}

enum buf_err buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

enum buf_err buf_addc(struct buf *b, char c)
{
    return buf_add(b, &c, 1);
}

enum buf_err buf_addf(struct buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    /* va_start is above; the analyzer loses it. */
    n = vsnprintf(tmp, sizeof tmp, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        buf_free(b);
        return BUF_TOOBIG;
    }
    return buf_add(b, tmp, (size_t)n);
}

char *buf_steal(struct buf *b, size_t *len)
{
    char *p = b->data;

    if (!p)
        p = calloc(1, 1);
    if (len)
        *len = p ? b->len : 0;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
