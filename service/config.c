/* config.c - settings from flags and environment; invalid values stop start-up. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct option_def {
    const char *flag, *env;
    int kind; /* 's' string, 'u' unsigned, 'b' boolean */
    unsigned min, max;
    size_t off;
    size_t size;
};

#define OPT_S(f, e, m)                                                                             \
    {                                                                                              \
        f, e, 's', 0, 0, offsetof(struct config, m), sizeof(((struct config *)0)->m)               \
    }
#define OPT_U(f, e, lo, hi, m)                                                                     \
    {                                                                                              \
        f, e, 'u', lo, hi, offsetof(struct config, m), 0                                           \
    }

static const struct option_def options[] = {
    OPT_S("--host", "ARTICLED_HOST", host),
    OPT_U("--port", "ARTICLED_PORT", 1, 65535, port),
    OPT_S("--dir", "ARTICLED_DIR", dir),
    OPT_U("--threads", "ARTICLED_THREADS", 0, 256, threads),
    OPT_U("--max-connections", "ARTICLED_MAX_CONNECTIONS", 1, 100000, max_connections),
    OPT_U("--max-per-client", "ARTICLED_MAX_PER_CLIENT", 1, 100000, max_per_client),
    OPT_U("--timeout", "ARTICLED_TIMEOUT", 1, 3600, timeout),
    OPT_U("--backlog", "ARTICLED_BACKLOG", 1, 65535, backlog),
    OPT_S("--keys", "ARTICLED_KEYS", keys),
    OPT_S("--store", "ARTICLED_STORE", store),
    OPT_U("--rate-limit", "ARTICLED_RATE_LIMIT", 0, 1000000, rate_limit),
};

const char *config_usage(void)
{
    return "usage: articled serve [options]      serve the articles in a directory\n"
           "       articled annotate [--pretty|--explain] FILE|-\n"
           "                                      print the annotated article JSON, or per quote\n"
           "                                      the rules that decided its kind and speaker\n"
           "       articled healthcheck [URL]     exit 0 when URL answers 200 (default\n"
           "                                      http://127.0.0.1:8080/readyz)\n"
           "       articled --help | --version\n"
           "\n"
           "serve options (each also read from its environment variable):\n"
           "  --host ADDR             ARTICLED_HOST             address to listen on (127.0.0.1)\n"
           "  --port N                ARTICLED_PORT             TCP port, 1-65535 (8080)\n"
           "  --dir DIR               ARTICLED_DIR              articles directory (articles; when "
           "neither\n"
           "                                                    is given and ./articles is "
           "missing, the\n"
           "                                                    built-in paris-attacks article is "
           "served)\n"
           "  --threads N             ARTICLED_THREADS          0 = one epoll thread, else a pool "
           "(0)\n"
           "  --max-connections N     ARTICLED_MAX_CONNECTIONS  concurrent connections (1024)\n"
           "  --max-per-client N      ARTICLED_MAX_PER_CLIENT   concurrent connections from one IP "
           "address (256)\n"
           "  --timeout S             ARTICLED_TIMEOUT          idle connection timeout, s (30)\n"
           "  --backlog N             ARTICLED_BACKLOG          listen backlog (511)\n"
           "  --quiet                 ARTICLED_LOG=off          no access log\n"
           "  --keys FILE             ARTICLED_KEYS             API keys (articled keys add); "
           "without,\n"
           "                                                    writes are refused\n"
           "  --store URL             ARTICLED_STORE            postgres://... keeps articles in "
           "PostgreSQL\n"
           "                                                    (default: the articles directory)\n"
           "  --rate-limit N          ARTICLED_RATE_LIMIT       requests a minute per key, 0 = none "
           "(600)\n"
           "  --require-key-for-reads ARTICLED_REQUIRE_KEY_FOR_READS=1  reads need a read key too\n"
           "\n"
           "\n"
           "       articled keys add ID --scopes read[,write] [--note TEXT] [--keys FILE]\n"
           "       articled keys list [--keys FILE]\n"
           "       articled keys revoke ID [--keys FILE]   (FILE: ARTICLED_KEYS, else keys.txt)\n"
           "\n"
           "SIGHUP reloads the directory; SIGINT/SIGTERM finish in-flight requests and exit.\n";
}

static int set_value(struct config *c, const struct option_def *o, const char *v, const char *what,
                     char *err, size_t errlen)
{
    char *p = (char *)c + o->off;

    if (o->kind == 's') {
        if (!*v || strlen(v) >= o->size) {
            snprintf(err, errlen, "%s: value must be 1 to %zu characters", what, o->size - 1);
            return -1;
        }
        memcpy(p, v, strlen(v) + 1);
        return 0;
    }
    char *end;
    unsigned long n;

    errno = 0;
    n = strtoul(v, &end, 10);
    /* Digits only: strtoul would also take white space and signs. */
    if (!isdigit((unsigned char)v[0]) || *end || errno || n < o->min || n > o->max) {
        snprintf(err, errlen, "%s: '%.64s' is not a whole number from %u to %u", what, v, o->min,
                 o->max);
        return -1;
    }
    *(unsigned *)(void *)p = (unsigned)n;
    if (*c->store && strncmp(c->store, "postgres://", 11) && strncmp(c->store, "postgresql://", 13)) {
        snprintf(err, errlen, "--store: '%.64s' is not a postgres:// URL", c->store);
        return -1;
    }
    return 0;
}

int config_load(struct config *c, int argc, char **argv, char *err, size_t errlen)
{
    const char *log;

    memset(c, 0, sizeof *c);
    snprintf(c->host, sizeof c->host, "127.0.0.1");
    snprintf(c->dir, sizeof c->dir, "articles");
    c->port = 8080;
    c->max_connections = 1024;
    c->max_per_client = 256;
    c->timeout = 30;
    c->backlog = 511;
    c->rate_limit = 600;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        const char *v = getenv(options[i].env);

        if (v && set_value(c, &options[i], v, options[i].env, err, errlen))
            return -1;
        c->dir_set |= v && options[i].off == offsetof(struct config, dir);
    }
    log = getenv("ARTICLED_LOG");
    if (log && strcmp(log, "off") && strcmp(log, "on")) {
        snprintf(err, errlen, "ARTICLED_LOG: '%.64s' must be 'on' or 'off'", log);
        return -1;
    }
    c->quiet = log && !strcmp(log, "off");
    log = getenv("ARTICLED_REQUIRE_KEY_FOR_READS");
    c->require_key_for_reads = log && !strcmp(log, "1");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *eq = strchr(a, '=');
        size_t k, n = eq ? (size_t)(eq - a) : strlen(a);

        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            c->quiet = 1;
            continue;
        }
        if (!strcmp(a, "--require-key-for-reads")) {
            c->require_key_for_reads = 1;
            continue;
        }
        for (k = 0; k < sizeof options / sizeof options[0]; k++)
            if (strlen(options[k].flag) == n && !strncmp(a, options[k].flag, n))
                break;
        if (k == sizeof options / sizeof options[0]) {
            snprintf(err, errlen, "unknown option '%.64s'", a);
            return -1;
        }
        if (!eq && i + 1 >= argc) {
            snprintf(err, errlen, "%s needs a value", options[k].flag);
            return -1;
        }
        if (set_value(c, &options[k], eq ? eq + 1 : argv[++i], options[k].flag, err, errlen))
            return -1;
        c->dir_set |= options[k].off == offsetof(struct config, dir);
    }
    if (*c->store && strncmp(c->store, "postgres://", 11) && strncmp(c->store, "postgresql://", 13)) {
        snprintf(err, errlen, "--store: '%.64s' is not a postgres:// URL", c->store);
        return -1;
    }
    return 0;
}
