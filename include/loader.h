/* loader.h - read an articles directory into a sealed store snapshot.
 *
 * The only module that touches article files. Each NAME.txt whose NAME is a
 * valid id becomes an article; NAME.meta.json beside it is its optional sidecar.
 */
#ifndef ARTICLED_LOADER_H
#define ARTICLED_LOADER_H

#include <stddef.h>

#include "store.h"

/* A fixed document to serve besides the articles (index, spec). */
struct loader_static {
    const char *path, *type;
    const char *data;
    size_t len;
};

/* An article carried in the binary. */
struct loader_article {
    const char *id;
    const char *text;
    size_t len;
    const char *meta; /* sidecar JSON, or NULL */
    size_t meta_len;
};

/* How a file fared: fatal problems stop a load, the others skip one file. */
typedef void (*loader_report_fn)(void *ud, const char *level, const char *file,
                                 const char *problem);

/* Read path (or standard input for "-") whole. Files over max bytes fail with
 * errno EFBIG. Returns 0 and a new NUL-terminated buffer the caller frees,
 * or -1 with errno set. Only regular files are read (else EINVAL), never a FIFO. */
int loader_read_file(const char *path, size_t max, char **data, size_t *len);

/* What an errno of loader_read_file() means, in words (EINVAL: not a regular file). */
const char *loader_strerror(int e);

/* Load every article of dir into a new sealed snapshot (*out, released with
 * store_release). Articles that cannot be read or parsed are reported and
 * skipped; a malformed sidecar, an unreadable directory or no memory are
 * fatal: returns -1 and *out is NULL; -2 when dir does not exist. */
int loader_load_dir(const char *dir, const struct loader_static *statics, size_t nstatics,
                    loader_report_fn report, void *ud, struct store **out);

/* The last good sources of each article, kept across reloads. */
struct loader_cache;

/* A new empty cache, freed with loader_cache_free() (NULL is a no-op); NULL without memory. */
struct loader_cache *loader_cache_new(void);
void loader_cache_free(struct loader_cache *c);

/* Articles the last successful load served from their last good sources. */
size_t loader_cache_kept(const struct loader_cache *c);

/* loader_load_dir(), but an article that can no longer be read or built is
 * served from its last good sources in cache (which a successful load then
 * updates; a failed one leaves it alone). */
int loader_reload_dir(const char *dir, const struct loader_static *statics, size_t nstatics,
                      struct loader_cache *cache, loader_report_fn report, void *ud,
                      struct store **out);

/* The same for articles carried in the binary (the default when no articles
 * directory exists). */
int loader_load_builtin(const struct loader_article *arts, size_t n,
                        const struct loader_static *statics, size_t nstatics,
                        loader_report_fn report, void *ud, struct store **out);

#endif /* ARTICLED_LOADER_H */
