/* keys.c - API keys: salted SHA-256 hashes in a file, constant-time checks, token buckets. */
#include "keys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loader.h"

#define KEYS_FILE_MAX (1024u * 1024u)
#define SALT_BYTES 16
#define SECRET_BYTES 32
#define NOTE_MAX 200

/* ---- SHA-256 (FIPS 180-4) ---- */

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;

    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

        hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void keys_sha256(const void *data, size_t len, uint8_t out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const uint8_t *p = data;
    uint8_t tail[128];
    size_t n = len, t;
    uint64_t bits = (uint64_t)len * 8;

    for (; n >= 64; n -= 64, p += 64)
        sha_block(h, p);
    memset(tail, 0, sizeof tail);
    if (n)
        memcpy(tail, p, n);
    tail[n] = 0x80;
    t = n + 1 + 8 <= 64 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        tail[t - 1 - (size_t)i] = (uint8_t)(bits >> (8 * i));
    sha_block(h, tail);
    if (t == 128)
        sha_block(h, tail + 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

/* ---- the file ---- */

struct key {
    char id[KEYS_ID_MAX + 1];
    char salt[2 * SALT_BYTES + 1];
    uint8_t hash[32];
    unsigned scopes;
    char note[NOTE_MAX + 1];
    double tokens; /* token bucket */
    double last;   /* monotonic seconds of the last refill */
};

struct keyset {
    struct key *v;
    size_t n;
};

static int id_valid(const char *s, size_t n)
{
    if (!n || n > KEYS_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return 0;
    return 1;
}

unsigned keys_parse_scopes(const char *s)
{
    unsigned m = 0;

    for (const char *p = s; *p;) {
        size_t n = strcspn(p, ",");

        if (n == 4 && !strncmp(p, "read", 4))
            m |= KEYS_READ;
        else if (n == 5 && !strncmp(p, "write", 5))
            m |= KEYS_WRITE;
        else
            return 0;
        p += n;
        if (*p == ',' && *++p == '\0')
            return 0;
    }
    return m;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

static int unhex(const char *s, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int v = 0;

        for (int k = 0; k < 2; k++) {
            char c = s[2 * i + (size_t)k];

            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= c - '0';
            else if (c >= 'a' && c <= 'f')
                v |= c - 'a' + 10;
            else
                return -1;
        }
        out[i] = (uint8_t)v;
    }
    return 0;
}

/* SHA-256 of salt (hex text) and secret. */
static void salted(const char *salt, const char *secret, size_t slen, uint8_t out[32])
{
    char buf[2 * SALT_BYTES + 256];
    size_t n = strlen(salt);

    if (slen > 255)
        slen = 255;
    memcpy(buf, salt, n);
    memcpy(buf + n, secret, slen);
    keys_sha256(buf, n + slen, out);
}

static void keyset_free(struct keyset *ks)
{
    if (ks) {
        free(ks->v);
        free(ks);
    }
}

/* The next blank-separated field of *p, NUL-terminated in place; "" at the end. */
static char *field(char **p)
{
    char *f;

    while (**p == ' ' || **p == '\t')
        (*p)++;
    f = *p;
    *p += strcspn(*p, " \t");
    if (**p)
        *(*p)++ = '\0';
    return f;
}

/* Parse the file's text into a new set; a bad line is an error naming it. */
static struct keyset *keyset_parse(char *text, char *err, size_t errlen)
{
    struct keyset *ks = calloc(1, sizeof *ks);
    size_t lineno = 0;

    if (!ks)
        goto fail_nomem;
    for (char *line = text; line && *line;) {
        char *eol = strchr(line, '\n'), *id, *salt, *hash, *scopes;
        struct key k;
        void *nv;

        if (eol)
            *eol++ = '\0';
        lineno++;
        line[strcspn(line, "\r")] = '\0';
        id = field(&line);
        if (!*id || *id == '#') {
            line = eol;
            continue;
        }
        salt = field(&line);
        hash = field(&line);
        scopes = field(&line);
        while (*line == ' ' || *line == '\t')
            line++;
        memset(&k, 0, sizeof k);
        if (!id_valid(id, strlen(id)) || strlen(salt) != 2 * SALT_BYTES || strlen(hash) != 64 ||
            unhex(hash, 32, k.hash) || !(k.scopes = keys_parse_scopes(scopes))) {
            snprintf(err, errlen,
                     "line %zu: expected 'ID SALT HASH SCOPES [NOTE]' (scopes read, write or "
                     "read,write)",
                     lineno);
            goto fail;
        }
        snprintf(k.id, sizeof k.id, "%s", id);
        snprintf(k.salt, sizeof k.salt, "%s", salt);
        snprintf(k.note, sizeof k.note, "%s", line);
        for (size_t i = 0; i < ks->n; i++) {
            if (!strcmp(ks->v[i].id, k.id)) {
                snprintf(err, errlen, "line %zu: key id '%s' repeats", lineno, k.id);
                goto fail;
            }
        }
        k.tokens = -1; /* full on first use */
        nv = realloc(ks->v, (ks->n + 1) * sizeof *ks->v);
        if (!nv)
            goto fail_nomem;
        ks->v = nv;
        ks->v[ks->n++] = k;
        line = eol;
    }
    return ks;
fail_nomem:
    snprintf(err, errlen, "out of memory");
fail:
    keyset_free(ks);
    return NULL;
}

static struct keyset *keyset_read(const char *file, int missing_ok, char *err, size_t errlen)
{
    char *text = NULL, msg[256];
    size_t len;
    struct keyset *ks;

    if (loader_read_file(file, KEYS_FILE_MAX, &text, &len)) {
        if (missing_ok && errno == ENOENT)
            return calloc(1, sizeof(struct keyset));
        snprintf(err, errlen, "%s: %s", file,
                 errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
        return NULL;
    }
    ks = keyset_parse(text, msg, sizeof msg);
    free(text);
    if (!ks)
        snprintf(err, errlen, "%s: %s", file, msg);
    return ks;
}

/* Write the set to file through a temporary file, fsync and rename. */
static int keyset_write(const char *file, const struct keyset *ks, char *err, size_t errlen)
{
    char tmp[4200], line[512];
    int fd;

    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", file, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        goto fail;
    for (size_t i = 0; i < ks->n; i++) {
        char h[65], sc[16];
        const struct key *k = &ks->v[i];
        int n;

        hex(k->hash, 32, h);
        snprintf(sc, sizeof sc, "%s%s%s", k->scopes & KEYS_READ ? "read" : "",
                 k->scopes == (KEYS_READ | KEYS_WRITE) ? "," : "",
                 k->scopes & KEYS_WRITE ? "write" : "");
        n = snprintf(line, sizeof line, "%s %s %s %s%s%s\n", k->id, k->salt, h, sc,
                     *k->note ? " " : "", k->note);
        if (write(fd, line, (size_t)n) != n)
            goto fail_close;
    }
    if (fsync(fd))
        goto fail_close;
    close(fd);
    if (rename(tmp, file))
        goto fail;
    return 0;
fail_close:
    close(fd);
fail:
    snprintf(err, errlen, "%s: %s", file, strerror(errno));
    unlink(tmp);
    return -1;
}

static int random_bytes(uint8_t *out, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY);
    size_t got = 0;

    if (fd < 0)
        return -1;
    while (got < n) {
        ssize_t r = read(fd, out + got, n - got);

        if (r <= 0) {
            close(fd);
            return -1;
        }
        got += (size_t)r;
    }
    close(fd);
    return 0;
}

int keys_cmd_add(const char *file, const char *id, unsigned scopes, const char *note, FILE *out,
                 char *err, size_t errlen)
{
    struct keyset *ks;
    struct key k;
    uint8_t salt[SALT_BYTES], secret[SECRET_BYTES];
    char secret_hex[2 * SECRET_BYTES + 1];
    void *nv;
    int rc = -1;

    if (!id_valid(id, strlen(id))) {
        snprintf(err, errlen, "key id must be 1-64 of A-Z a-z 0-9 - _");
        return -1;
    }
    if (!scopes) {
        snprintf(err, errlen, "--scopes must be read, write or read,write");
        return -1;
    }
    if (note && (strlen(note) > NOTE_MAX || strpbrk(note, "\n\r"))) {
        snprintf(err, errlen, "--note must be one line of at most %d bytes", NOTE_MAX);
        return -1;
    }
    if (!(ks = keyset_read(file, 1, err, errlen)))
        return -1;
    for (size_t i = 0; i < ks->n; i++) {
        if (!strcmp(ks->v[i].id, id)) {
            snprintf(err, errlen, "key '%s' exists; revoke it first", id);
            goto out;
        }
    }
    memset(&k, 0, sizeof k);
    if (random_bytes(salt, sizeof salt) || random_bytes(secret, sizeof secret)) {
        snprintf(err, errlen, "cannot read /dev/urandom");
        goto out;
    }
    snprintf(k.id, sizeof k.id, "%s", id);
    hex(salt, sizeof salt, k.salt);
    hex(secret, sizeof secret, secret_hex);
    salted(k.salt, secret_hex, strlen(secret_hex), k.hash);
    k.scopes = scopes;
    snprintf(k.note, sizeof k.note, "%s", note ? note : "");
    nv = realloc(ks->v, (ks->n + 1) * sizeof *ks->v);
    if (!nv) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    ks->v = nv;
    ks->v[ks->n++] = k;
    if (keyset_write(file, ks, err, errlen))
        goto out;
    /* The secret is shown once, as the last word. */
    fprintf(out, "added key %s to %s; its token (shown only now): %s.%s\n", id, file, id,
            secret_hex);
    rc = 0;
out:
    keyset_free(ks);
    return rc;
}

int keys_cmd_list(const char *file, FILE *out, char *err, size_t errlen)
{
    struct keyset *ks = keyset_read(file, 0, err, errlen);

    if (!ks)
        return -1;
    for (size_t i = 0; i < ks->n; i++)
        fprintf(out, "%s\t%s%s%s\t%s\n", ks->v[i].id, ks->v[i].scopes & KEYS_READ ? "read" : "",
                ks->v[i].scopes == (KEYS_READ | KEYS_WRITE) ? "," : "",
                ks->v[i].scopes & KEYS_WRITE ? "write" : "", ks->v[i].note);
    keyset_free(ks);
    return 0;
}

int keys_cmd_revoke(const char *file, const char *id, char *err, size_t errlen)
{
    struct keyset *ks = keyset_read(file, 0, err, errlen);
    int rc = -1;

    if (!ks)
        return -1;
    for (size_t i = 0; i < ks->n; i++) {
        if (!strcmp(ks->v[i].id, id)) {
            memmove(&ks->v[i], &ks->v[i + 1], (ks->n - i - 1) * sizeof *ks->v);
            ks->n--;
            rc = keyset_write(file, ks, err, errlen);
            keyset_free(ks);
            return rc;
        }
    }
    snprintf(err, errlen, "no key '%s' in %s", id, file);
    keyset_free(ks);
    return rc;
}

/* ---- the server's view ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct keyset *active;
static char path[4096];
static int have_file, reads_closed;
static unsigned per_min;
static struct stat seen;
static double checked;

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* With the lock held: re-read the file when it changed; keep buckets of kept ids.
 * A file that became unreadable or malformed leaves the last good set. */
static void maybe_reload(void)
{
    struct stat st;
    struct keyset *ks;
    char err[256];
    double t = now_s();

    if (!have_file || t - checked < 0.25)
        return;
    checked = t;
    if (stat(path, &st) || same_file(&st, &seen))
        return;
    ks = keyset_read(path, 0, err, sizeof err);
    if (!ks)
        return;
    seen = st;
    for (size_t i = 0; i < ks->n; i++)
        for (size_t k = 0; active && k < active->n; k++)
            if (!strcmp(ks->v[i].id, active->v[k].id)) {
                ks->v[i].tokens = active->v[k].tokens;
                ks->v[i].last = active->v[k].last;
            }
    keyset_free(active);
    active = ks;
}

int keys_init(const char *file, unsigned per_minute, int require_for_reads, char *err,
              size_t errlen)
{
    struct keyset *ks = NULL;

    if (file && !(ks = keyset_read(file, 0, err, errlen)))
        return -1;
    pthread_mutex_lock(&lock);
    keyset_free(active);
    active = ks;
    have_file = file != NULL;
    if (file) {
        snprintf(path, sizeof path, "%s", file);
        stat(path, &seen);
        checked = now_s();
    }
    per_min = per_minute;
    reads_closed = require_for_reads;
    pthread_mutex_unlock(&lock);
    return 0;
}

void keys_shutdown(void)
{
    pthread_mutex_lock(&lock);
    keyset_free(active);
    active = NULL;
    pthread_mutex_unlock(&lock);
}

int keys_required(unsigned need)
{
    return need == KEYS_WRITE || reads_closed;
}

/* Take a token from k's bucket, filling in the headers' numbers. */
static int take(struct key *k, struct keys_verdict *v)
{
    double t = now_s(), rate = per_min / 60.0;
    int ok;

    if (!per_min)
        return 1;
    if (k->tokens < 0) {
        k->tokens = per_min;
        k->last = t;
    }
    k->tokens += (t - k->last) * rate;
    if (k->tokens > per_min)
        k->tokens = per_min;
    k->last = t;
    ok = k->tokens >= 1.0;
    if (ok)
        k->tokens -= 1.0;
    v->limit = per_min;
    v->remaining = (unsigned)k->tokens;
    v->reset = (unsigned)((per_min - k->tokens) / rate + 0.999);
    v->retry_after = ok ? 0 : (unsigned)((1.0 - k->tokens) / rate + 0.999);
    return ok;
}

enum keys_result keys_check(const char *auth, unsigned need, struct keys_verdict *v)
{
    const char *tok, *dot;
    uint8_t h[32], diff = 0;
    struct key *k = NULL;
    enum keys_result rc;
    size_t idlen;

    memset(v, 0, sizeof *v);
    if (!auth || strncasecmp(auth, "Bearer ", 7))
        return KEYS_MISSING;
    for (tok = auth + 7; *tok == ' ';)
        tok++;
    dot = strchr(tok, '.');
    idlen = dot ? (size_t)(dot - tok) : 0;
    if (!dot || !id_valid(tok, idlen) || strlen(dot + 1) > 255)
        return KEYS_UNKNOWN;
    pthread_mutex_lock(&lock);
    maybe_reload();
    for (size_t i = 0; active && i < active->n; i++)
        if (strlen(active->v[i].id) == idlen && !strncmp(active->v[i].id, tok, idlen))
            k = &active->v[i];
    /* Hash and compare whether or not the id exists, so timing says nothing. */
    salted(k ? k->salt : "00000000000000000000000000000000", dot + 1, strlen(dot + 1), h);
    for (int i = 0; i < 32; i++)
        diff |= (uint8_t)(h[i] ^ (k ? k->hash[i] : (uint8_t)~h[i]));
    if (!k || diff) {
        rc = KEYS_UNKNOWN;
        goto out;
    }
    snprintf(v->id, sizeof v->id, "%s", k->id);
    if (!(k->scopes & need)) {
        rc = KEYS_FORBIDDEN;
        goto out;
    }
    rc = take(k, v) ? KEYS_OK : KEYS_LIMITED;
out:
    pthread_mutex_unlock(&lock);
    return rc;
}
