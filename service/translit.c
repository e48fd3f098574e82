/* translit.c - names in any script to ASCII slugs, through ICU's transliterator. */
#include "translit.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* Longest input transliterated; longer names are cut (ids stay short anyway). */
#define TRANSLIT_MAX 1024

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *tr; /* NULL when ICU could not make it */

static void open_translit(void)
{
    static const char rules[] = "Any-Latin; Latin-ASCII";
    UChar id[sizeof rules];
    UErrorCode err = U_ZERO_ERROR;

    u_uastrcpy(id, rules);
    tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err))
        tr = NULL;
}

/* Without ICU: ASCII kept, every other character one '?'. */
static char *ascii_only(const char *s)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n + 1);

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x80)
            out[o++] = (char)c;
        else if ((c & 0xC0) != 0x80)
            out[o++] = '?';
    }
    out[o] = '\0';
    return out;
}

/* Names recur across a corpus (the same cast in every article) and ICU is slow and
 * serialized by lock: the last results are kept, one per slot of a direct-mapped
 * table, bounded (TRANSLIT_CACHE slots of names at most CACHE_NAME_MAX bytes),
 * guarded by lock like the transliterator, kept for the life of the process. */
#define TRANSLIT_CACHE 1024u
#define CACHE_NAME_MAX 128u

static struct {
    char *in, *out;
} cache[TRANSLIT_CACHE];

static size_t name_hash(const char *s)
{
    size_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % TRANSLIT_CACHE;
}

/* A copy of the cached result for s, or NULL. */
static char *cache_get(const char *s)
{
    size_t k = name_hash(s);
    char *out = NULL;

    pthread_mutex_lock(&lock);
    if (cache[k].in && !strcmp(cache[k].in, s))
        out = strdup(cache[k].out);
    pthread_mutex_unlock(&lock);
    return out;
}

static void cache_put(const char *s, const char *result)
{
    size_t k = name_hash(s);
    char *in, *out;

    if (strlen(s) > CACHE_NAME_MAX)
        return;
    in = strdup(s);
    out = strdup(result);
    if (!in || !out) {
        free(in);
        free(out);
        return;
    }
    pthread_mutex_lock(&lock);
    free(cache[k].in);
    free(cache[k].out);
    cache[k].in = in;
    cache[k].out = out;
    pthread_mutex_unlock(&lock);
}

static char *translit_icu(const char *s);

char *translit_ascii(const char *s)
{
    char *out;
    int ascii = 1;

    for (const char *p = s; *p; p++)
        ascii &= (unsigned char)*p < 0x80;
    if (ascii)
        return strdup(s);
    if ((out = cache_get(s)))
        return out;
    out = translit_icu(s);
    if (out)
        cache_put(s, out);
    return out;
}

static char *translit_icu(const char *s)
{
    UChar buf[TRANSLIT_MAX * 4];
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = 0, limit, cap = (int32_t)(sizeof buf / sizeof buf[0]);
    char *out;

    pthread_once(&once, open_translit);
    if (!tr)
        return ascii_only(s);
    /* Cut at TRANSLIT_MAX code units, leaving room for the transliteration to grow. */
    u_strFromUTF8Lenient(buf, TRANSLIT_MAX, &len, s, -1, &err);
    if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING)
        return ascii_only(s);
    if (len > TRANSLIT_MAX)
        len = TRANSLIT_MAX;
    err = U_ZERO_ERROR;
    limit = len;
    pthread_mutex_lock(&lock);
    utrans_transUChars(tr, buf, &len, cap, 0, &limit, &err);
    pthread_mutex_unlock(&lock);
    if (U_FAILURE(err))
        return ascii_only(s);
    out = malloc((size_t)len * 4 + 1);
    if (!out)
        return NULL;
    err = U_ZERO_ERROR;
    u_strToUTF8(out, len * 4 + 1, NULL, buf, len, &err);
    if (U_FAILURE(err)) {
        free(out);
        return ascii_only(s);
    }
    /* Latin-ASCII leaves what it cannot map (rare symbols): keep the result ASCII. */
    {
        char *clean = ascii_only(out);

        free(out);
        return clean;
    }
}

char *translit_slug(const char *s)
{
    char *a = translit_ascii(s);
    size_t o = 0;
    int dash = 0;

    if (!a)
        return NULL;
    for (size_t i = 0; a[i]; i++) {
        unsigned char c = (unsigned char)a[i];

        if (isalnum(c)) {
            if (dash && o)
                a[o++] = '-';
            dash = 0;
            a[o++] = (char)tolower(c);
        } else {
            dash = 1;
        }
    }
    a[o] = '\0';
    return a;
}
