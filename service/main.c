/* main.c - articled's command line: serve, annotate, healthcheck. */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "config.h"
#include "embed_data.h"
#include "http.h"
#include "keys.h"
#include "loader.h"
#include "log.h"
#include "metrics.h"
#include "parse.h"
#include "publish.h"
#include "render.h"
#include "store.h"

#define EXIT_USAGE 2

static void report(void *ud, const char *level, const char *file, const char *problem)
{
    (void)ud;
    if (!strcmp(level, "info"))
        log_event(level, "article", "file", file, "result", problem, NULL);
    else
        log_event(level, "article", "file", file, "problem", problem, NULL);
}

static char *index_doc(size_t *len)
{
    json_t *o =
        json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}}", "name", "articled",
                  "version", ARTICLED_VERSION, "links", "articles", "/v1/articles", "quotes",
                  "/v1/quotes", "annotate", "/v1/annotate", "openapi", "/openapi.yaml", "health",
                  "/healthz", "ready", "/readyz", "metrics", "/metrics");
    char *s = o ? render_dump(o, len) : NULL;

    json_decref(o);
    return s;
}

/* Load dir into a new snapshot and publish it; when dir is only the default
 * and does not exist at start-up, serve the article built into the binary (a
 * reload never does: a directory that went away is a failed reload). Articles
 * that went bad keep their last good version (cache). Returns 0, or -1 (the
 * old snapshot stays). */
static int load_and_publish(const char *dir, int dir_set, int reload, struct loader_cache *cache)
{
    struct loader_static statics[3] = {
        {"/", RENDER_JSON_TYPE, NULL, 0},
        {"/openapi.yaml", "application/yaml; charset=utf-8", embed_openapi_yaml,
         embed_openapi_yaml_len},
        {"/openapi.json", RENDER_JSON_TYPE, embed_openapi_json, embed_openapi_json_len},
    };
    const struct loader_article builtin = {"paris-attacks", embed_default_article,
                                           embed_default_article_len, embed_default_meta,
                                           embed_default_meta_len};
    struct store *s = NULL;
    char *index = index_doc(&statics[0].len);
    char count[32];
    int rc;

    statics[0].data = index;
    if (!index)
        return -1;
    struct timespec now;

    rc = loader_reload_dir(dir, statics, 3, cache, report, NULL, &s);
    if (rc == -2 && !dir_set && !reload) {
        log_event("warn", "articles", "problem",
                  "no articles directory: serving the built-in article", "dir", dir, NULL);
        dir = "(built in)";
        rc = loader_load_builtin(&builtin, 1, statics, 3, report, NULL, &s);
    }
    free(index);
    clock_gettime(CLOCK_REALTIME, &now);
    metrics_set_load(!rc, reload, loader_cache_kept(cache),
                     (double)now.tv_sec + (double)now.tv_nsec / 1e9);
    if (rc)
        return -1;
    metrics_set_loaded(store_article_count(s), store_quote_count(s), store_speaker_count(s));
    snprintf(count, sizeof count, "%zu", store_article_count(s));
    log_event("info", "loaded", "dir", dir, "articles", count, NULL);
    store_publish(s);
    return 0;
}

static int is_dir(const char *d)
{
    struct stat st;

    return !stat(d, &st) && S_ISDIR(st.st_mode);
}

/* Writes go to the directory or the database; with the database, it is also
 * where the articles load from. Returns 0, or -1 after logging why. */
static int start_publishing(const struct config *cfg)
{
    struct loader_static statics[3] = {
        {"/", RENDER_JSON_TYPE, NULL, 0},
        {"/openapi.yaml", "application/yaml; charset=utf-8", embed_openapi_yaml,
         embed_openapi_yaml_len},
        {"/openapi.json", RENDER_JSON_TYPE, embed_openapi_json, embed_openapi_json_len},
    };
    char err[512];
    char *index = index_doc(&statics[0].len);
    int rc;

    if (!index)
        return -1;
    statics[0].data = index;
    rc = publish_init(*cfg->store ? NULL : is_dir(cfg->dir) ? cfg->dir : NULL,
                      *cfg->store ? cfg->store : NULL, statics, 3, err, sizeof err);
    free(index);
    if (rc)
        log_event("error", "startup", "problem", err, NULL);
    else if (*cfg->store && publish_loaded())
        log_event("info", "loaded", "store", "postgres", NULL);
    return rc;
}

/* A load on its own thread, so that this thread keeps taking signals while it runs. */
struct load_job {
    pthread_t thread;
    const struct config *cfg;
    struct loader_cache *cache;
    int reload;  /* 0: the start-up load */
    int running; /* the thread is started and not joined yet */
    atomic_int done; /* the thread has finished (its wake-up may not be read yet) */
    int result;
};

static void *load_main(void *arg)
{
    struct load_job *j = arg;

    publish_lock(); /* a write and a reload never interleave */
    j->result = load_and_publish(j->cfg->dir, j->cfg->dir_set, j->reload, j->cache);
    publish_unlock();
    if (!j->result && !j->reload)
        http_set_ready(1);
    atomic_store(&j->done, 1);
    /* Wake the signal loop: SIGUSR1 is blocked everywhere, so only sigwait() sees it. */
    kill(getpid(), SIGUSR1);
    return NULL;
}

static int load_start(struct load_job *j, int reload)
{
    j->reload = reload;
    atomic_store(&j->done, 0);
    j->running = !pthread_create(&j->thread, NULL, load_main, j);
    return j->running ? 0 : -1;
}

static int cmd_serve(int argc, char **argv)
{
    struct config cfg;
    struct http_server *srv;
    struct load_job job = {0};
    char err[512], port[16];
    sigset_t set;
    int sig, pending = 0;

    if (config_load(&cfg, argc, argv, err, sizeof err)) {
        fprintf(stderr, "articled: %s\n\n%s", err, config_usage());
        return EXIT_USAGE;
    }
    log_set_access(!cfg.quiet);
    if (keys_init(*cfg.keys ? cfg.keys : NULL, cfg.rate_limit, cfg.require_key_for_reads, err,
                  sizeof err)) {
        fprintf(stderr, "articled: --keys: %s\n", err);
        return EXIT_USAGE;
    }
    /* Signals are taken synchronously by this thread; the server and loader threads never
     * see them. SIGUSR1 is the loader saying it is done. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* Listen first: /livez answers while articles load, /readyz and /v1 say 503 until then. */
    srv = http_start(&cfg, err, sizeof err);
    if (!srv) {
        log_event("error", "startup", "problem", err, NULL);
        return EXIT_FAILURE;
    }
    snprintf(port, sizeof port, "%u", http_port(srv));
    log_event("info", "listening", "host", cfg.host, "port", port, "version", ARTICLED_VERSION,
              NULL);
    /* Interrupted writes are finished before the directory loads; with the
     * database, publishing is the load. */
    if (start_publishing(&cfg)) {
        http_stop(srv, 0);
        publish_shutdown();
        return EXIT_FAILURE;
    }
    if (*cfg.store)
        http_set_ready(1);
    job.cfg = &cfg;
    job.cache = loader_cache_new();
    if (!*cfg.store && (!job.cache || load_start(&job, 0))) {
        loader_cache_free(job.cache);
        log_event("error", "startup", "problem", "cannot start loading the articles", NULL);
        http_stop(srv, 0);
        publish_shutdown();
        return EXIT_FAILURE;
    }
    for (;;) {
        if (sigwait(&set, &sig))
            continue;
        if (sig == SIGUSR1) {
            if (!job.running)
                continue;
            pthread_join(job.thread, NULL);
            job.running = 0;
            if (job.result && !job.reload) {
                log_event("error", "startup", "problem", "cannot load the articles directory",
                          "dir", cfg.dir, NULL);
                http_stop(srv, 0);
                loader_cache_free(job.cache);
                return EXIT_FAILURE;
            }
            if (job.result)
                log_event("error", "reload", "problem",
                          "reload failed; still serving the previous articles", NULL);
            if (pending && !load_start(&job, 1))
                pending = 0;
            continue;
        }
        if (sig == SIGHUP) {
            if (*cfg.store)
                continue; /* the database announces its changes */
            /* One load at a time; a SIGHUP during one reloads again once it is done. */
            if (job.running || load_start(&job, 1))
                pending = 1;
            continue;
        }
        break;
    }
    log_event("info", "shutdown", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM", NULL);
    http_stop(srv, 5000);
    publish_shutdown();
    keys_shutdown();
    /* a load that ended before its wake-up was read is joined as usual */
    if (job.running && atomic_load(&job.done)) {
        pthread_join(job.thread, NULL);
        job.running = 0;
    }
    if (job.running) {
        /* Not waiting for a load: it may take seconds. Its memory goes with the process. */
        log_event("info", "stopped", "note", "a load was still running", NULL);
        return EXIT_SUCCESS;
    }
    store_publish(NULL);
    loader_cache_free(job.cache);
    log_event("info", "stopped", NULL);
    return EXIT_SUCCESS;
}

/* The article id a file name gives ("dir/paris-attacks.txt" -> "paris-attacks"), or "adhoc". */
static void id_from_path(const char *path, char *id, size_t cap)
{
    const char *base = strrchr(path, '/');
    size_t n;

    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 4 && !strcmp(base + n - 4, ".txt"))
        n -= 4;
    if (!article_id_valid(base, n) || n >= cap) {
        snprintf(id, cap, "adhoc");
        return;
    }
    memcpy(id, base, n);
    id[n] = '\0';
}

/* One block per quote and attribution: what it is, who said it, and the
 * rules of the two sieves that decided so. */
static int explain(const struct article *a)
{
    const struct annot *an = a->an;

    for (size_t i = 0; i < an->nquotes; i++) {
        const struct annot_quote *q = &an->quotes[i];
        const char *who = q->speaker >= 0 ? an->speakers[q->speaker].name
                          : q->source     ? q->source
                                          : "(unknown)";
        printf("%s  paragraph %zu [%zu, %zu)\n  \"%s\"\n", a->quote_ids[i], q->para, q->start,
               q->end, q->text);
        printf("  kind     %-24s rule %s\n", annot_kind_name(q->kind),
               q->kind_rule ? q->kind_rule : "-");
        printf("  speaker  %-24s rule %s\n", who, q->speaker_rule ? q->speaker_rule : "-");
        printf("  cue      %s\n\n", q->cue ? q->cue : "-");
    }
    for (size_t i = 0; i < an->nattrs; i++) {
        const struct annot_attr *t = &an->attrs[i];
        printf("%s  paragraph %zu [%zu, %zu)  reported speech\n", a->attr_ids[i], t->para, t->start,
               t->end);
        printf("  speaker  %-24s rule %s\n",
               t->speaker >= 0 ? an->speakers[t->speaker].name : t->source,
               t->speaker_rule ? t->speaker_rule : "-");
        printf("  cue      %s\n\n", t->cue ? t->cue : "-");
    }
    return fflush(stdout) ? -1 : 0;
}

static int cmd_annotate(int argc, char **argv)
{
    const char *path = NULL;
    int pretty = 0, explained = 0, rc = EXIT_FAILURE;
    char *text = NULL, *out = NULL, *mtext = NULL, id[ARTICLE_ID_MAX + 1];
    size_t len, olen, mlen;
    struct article_meta *meta = NULL;
    struct article_error err;
    struct article *a = NULL;
    json_t *v = NULL;

    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--pretty"))
            pretty = 1;
        else if (!strcmp(argv[i], "--explain"))
            explained = 1;
        else if (!path)
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || argc > 1 + pretty + explained) {
        fprintf(stderr, "usage: articled annotate [--pretty|--explain] FILE|-\n");
        return EXIT_USAGE;
    }
    if (loader_read_file(path, PARSE_MAX_BYTES, &text, &len)) {
        fprintf(stderr, "articled: %s: %s\n", path, loader_strerror(errno));
        return EXIT_FAILURE;
    }
    id_from_path(strcmp(path, "-") ? path : "adhoc", id, sizeof id);
    if (strcmp(path, "-") && strcmp(id, "adhoc")) {
        /* Use the sidecar beside the file, as the server would. */
        char mpath[4096];
        size_t dl = (size_t)(strrchr(path, '/') ? strrchr(path, '/') - path + 1 : 0);

        snprintf(mpath, sizeof mpath, "%.*s%s.meta.json", (int)dl, path, id);
        if (!loader_read_file(mpath, 64 * 1024, &mtext, &mlen)) {
            meta = article_meta_parse(mtext, mlen, &err);
            if (!meta) {
                fprintf(stderr, "articled: %s: %s\n", mpath, err.msg);
                goto out;
            }
        }
    }
    a = article_build(id, text, len, meta, &err);
    if (!a) {
        fprintf(stderr, "articled: %s: %s\n", path, err.msg);
        goto out;
    }
    if (explained) {
        if (explain(a)) {
            fprintf(stderr, "articled: cannot write the output\n");
            goto out;
        }
        rc = EXIT_SUCCESS;
        goto out;
    }
    v = render_article(a, strcmp(id, "adhoc") != 0);
    out = v ? json_dumps(v, pretty ? JSON_INDENT(2) : JSON_COMPACT) : NULL;
    if (!out) {
        fprintf(stderr, "articled: out of memory\n");
        goto out;
    }
    olen = strlen(out);
    if (fwrite(out, 1, olen, stdout) != olen || putchar('\n') == EOF || fflush(stdout)) {
        fprintf(stderr, "articled: cannot write the output\n");
        goto out;
    }
    rc = EXIT_SUCCESS;
out:
    free(out);
    json_decref(v);
    article_free(a);
    free(text);
    free(mtext);
    return rc;
}

/* articled keys add|list|revoke: the keys file, never a secret in it. */
static int cmd_keys(int argc, char **argv)
{
    const char *file = getenv("ARTICLED_KEYS"), *id = NULL, *note = NULL, *scopes = NULL;
    const char *sub = argc > 0 ? argv[0] : "";
    char err[512];
    int rc;

    if (!file || !*file)
        file = "keys.txt";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--keys") && i + 1 < argc)
            file = argv[++i];
        else if (!strcmp(argv[i], "--scopes") && i + 1 < argc)
            scopes = argv[++i];
        else if (!strcmp(argv[i], "--note") && i + 1 < argc)
            note = argv[++i];
        else if (!id && argv[i][0] != '-')
            id = argv[i];
        else
            goto usage;
    }
    if (!strcmp(sub, "add") && id)
        rc = keys_cmd_add(file, id, keys_parse_scopes(scopes ? scopes : "read"), note, stdout,
                          err, sizeof err);
    else if (!strcmp(sub, "list") && !id)
        rc = keys_cmd_list(file, stdout, err, sizeof err);
    else if (!strcmp(sub, "revoke") && id)
        rc = keys_cmd_revoke(file, id, err, sizeof err);
    else
        goto usage;
    if (rc)
        fprintf(stderr, "articled keys: %s\n", err);
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
usage:
    fprintf(stderr, "usage: articled keys add ID --scopes read[,write] [--note TEXT] [--keys FILE]\n"
                    "       articled keys list [--keys FILE]\n"
                    "       articled keys revoke ID [--keys FILE]\n");
    return EXIT_USAGE;
}

/* GET url (http://host:port/path) and exit 0 on a 200 within two seconds. */
static int cmd_healthcheck(int argc, char **argv)
{
    const char *url = argc > 0 ? argv[0] : "http://127.0.0.1:8080/readyz";
    char host[256], port[8] = "80", req[1024], resp[64];
    const char *p, *path;
    struct addrinfo hints, *res = NULL, *ai;
    struct timeval tv = {2, 0};
    int fd = -1, ok = 0;
    size_t hl;

    if (strncmp(url, "http://", 7)) {
        fprintf(stderr, "articled healthcheck: only http:// URLs\n");
        return EXIT_USAGE;
    }
    p = url + 7;
    path = strchr(p, '/');
    hl = strcspn(p, ":/");
    if (!hl || hl >= sizeof host) {
        fprintf(stderr, "articled healthcheck: bad URL\n");
        return EXIT_USAGE;
    }
    memcpy(host, p, hl);
    host[hl] = '\0';
    if (p[hl] == ':')
        snprintf(port, sizeof port, "%.*s", (int)strcspn(p + hl + 1, "/"), p + hl + 1);
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res)) {
        fprintf(stderr, "articled healthcheck: cannot resolve %s\n", host);
        return EXIT_FAILURE;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen)) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        fprintf(stderr, "articled healthcheck: cannot connect to %s:%s\n", host, port);
        return EXIT_FAILURE;
    }
    snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n",
             path ? path : "/", host);
    if (write(fd, req, strlen(req)) == (ssize_t)strlen(req)) {
        ssize_t n = read(fd, resp, sizeof resp - 1);

        if (n > 12) {
            resp[n] = '\0';
            ok = !strncmp(resp + 8, " 200", 4);
        }
    }
    close(fd);
    if (!ok)
        fprintf(stderr, "articled healthcheck: %s did not answer 200\n", url);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";

    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(config_usage(), stdout);
        return EXIT_SUCCESS;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("articled %s\n", ARTICLED_VERSION);
        return EXIT_SUCCESS;
    }
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 2, argv + 2);
    if (!strcmp(cmd, "annotate"))
        return cmd_annotate(argc - 2, argv + 2);
    if (!strcmp(cmd, "keys"))
        return cmd_keys(argc - 2, argv + 2);
    if (!strcmp(cmd, "healthcheck"))
        return cmd_healthcheck(argc - 2, argv + 2);
    if (!*cmd)
        fprintf(stderr, "articled: a command is needed\n\n%s", config_usage());
    else
        fprintf(stderr, "articled: unknown command '%s'\n\n%s", cmd, config_usage());
    return EXIT_USAGE;
}
