/* keys.h - API keys: the keys file, bearer-token checks and per-key rate limits.
 *
 * A key is "ID.SECRET"; the keys file holds one line per key, "ID SALT HASH
 * SCOPES [NOTE]", where HASH is SHA-256 of SALT and SECRET (hex), never the
 * secret itself. The server's key set is replaced whole when the file changes.
 */
#ifndef ARTICLED_KEYS_H
#define ARTICLED_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KEYS_ID_MAX 64

enum keys_scope { KEYS_READ = 1, KEYS_WRITE = 2 };

enum keys_result {
    KEYS_OK = 0,
    KEYS_MISSING,   /* no Authorization: Bearer header */
    KEYS_UNKNOWN,   /* malformed, unknown, revoked or wrong secret */
    KEYS_FORBIDDEN, /* a valid key without the scope */
    KEYS_LIMITED    /* over its rate limit */
};

/* What a check learnt, for headers and the access log. */
struct keys_verdict {
    char id[KEYS_ID_MAX + 1]; /* the key id, "" when there was no valid key */
    unsigned limit;           /* RateLimit-Limit, 0 when no limit applied */
    unsigned remaining;       /* RateLimit-Remaining */
    unsigned reset;           /* RateLimit-Reset: seconds until the bucket is full */
    unsigned retry_after;     /* seconds until the next request is allowed, on KEYS_LIMITED */
};

/* SHA-256 of data into out[32]. */
void keys_sha256(const void *data, size_t len, uint8_t out[32]);

/* Parse "read", "write" or "read,write" into scope bits; 0 when invalid. */
unsigned keys_parse_scopes(const char *s);

/* The command line: add a key (prints the token as the last word of out),
 * list keys (never secrets), revoke one. The file is rewritten through a
 * temporary file and rename. Return 0, or -1 with a message in err. */
int keys_cmd_add(const char *file, const char *id, unsigned scopes, const char *note, FILE *out,
                 char *err, size_t errlen);
int keys_cmd_list(const char *file, FILE *out, char *err, size_t errlen);
int keys_cmd_revoke(const char *file, const char *id, char *err, size_t errlen);

/* Serve with the keys of file (NULL: no keys, every write is refused), a
 * rate limit of per_minute requests per key (a bucket of that size refilled
 * evenly; 0: no limit), and reads open or closed to anonymous clients.
 * Returns 0, or -1 with a message in err when the file cannot be read. */
int keys_init(const char *file, unsigned per_minute, int require_for_reads, char *err,
              size_t errlen);

/* Does anyone need a key for a request of scope need? */
int keys_required(unsigned need);

/* Check an Authorization header value (may be NULL) for scope need, and take
 * a token from the key's bucket. Re-reads the keys file when it changed
 * (looked at no more than four times a second). Thread-safe. */
enum keys_result keys_check(const char *authorization, unsigned need, struct keys_verdict *v);

/* Release the key set. */
void keys_shutdown(void);

#endif /* ARTICLED_KEYS_H */
