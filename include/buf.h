/* buf.h - a growable byte buffer with a hard size cap (after curl's dynbuf).
 *
 * The buffer owns its memory; buf_free() releases it, buf_steal() hands it
 * to the caller. The content is always NUL-terminated once anything was added.
 */
#ifndef ARTICLED_BUF_H
#define ARTICLED_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* adding past this many bytes fails */
};

enum buf_err { BUF_OK = 0, BUF_NOMEM, BUF_TOOBIG };

/* Start an empty buffer that refuses to grow past max bytes. */
void buf_init(struct buf *b, size_t max);

/* Append n bytes. On failure the buffer is freed and reset, and an error returned. */
enum buf_err buf_add(struct buf *b, const void *data, size_t n);
enum buf_err buf_adds(struct buf *b, const char *s);
enum buf_err buf_addc(struct buf *b, char c);

/* Append printf-formatted text (no more than 1 KiB a call). */
enum buf_err buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Take the bytes (NUL-terminated; an empty string when nothing was added).
 * The caller frees them with free(); the buffer is left empty. NULL on ENOMEM. */
char *buf_steal(struct buf *b, size_t *len);

/* Release the memory; the buffer is left empty and reusable. */
void buf_free(struct buf *b);

#endif /* ARTICLED_BUF_H */
