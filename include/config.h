/* config.h - server settings from flags and ARTICLED_* environment variables. */
#ifndef ARTICLED_CONFIG_H
#define ARTICLED_CONFIG_H

#include <stddef.h>

struct config {
    char host[256];
    unsigned port;
    char dir[4096];
    int dir_set;      /* dir came from --dir or ARTICLED_DIR, not the default */
    unsigned threads; /* 0: one internal epoll thread; N: a pool of N threads */
    unsigned max_connections;
    unsigned max_per_client; /* connections from one IP address */
    unsigned timeout; /* seconds an idle connection is kept */
    unsigned backlog; /* listen(2) backlog */
    int quiet;        /* no access log */
    char keys[4096];  /* API keys file, or "" for none (writes refused) */
    char store[4096]; /* postgres://... or "" for the articles directory */
    unsigned rate_limit; /* requests a minute per API key; 0: unlimited */
    int require_key_for_reads;
};

/* Defaults, then the environment, then argv (flags after "serve"). On a bad
 * flag or value returns -1 with a message in err; 0 otherwise. */
int config_load(struct config *c, int argc, char **argv, char *err, size_t errlen);

/* Help text for flags and their environment variables. */
const char *config_usage(void);

#endif /* ARTICLED_CONFIG_H */
