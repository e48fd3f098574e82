/* annotate.c - benchmark: annotation throughput over the fixture articles.
 *
 * Usage: bench-annotate FIXTURES_DIR [MB]. Loads every FIXTURES_DIR/SUBDIR/NAME.txt
 * (not *.source.txt), parses it once, then annotates the articles round after
 * round until at least MB (default 50) MB of paragraph text went through
 * annot_run(), and prints the throughput and the peak resident set size.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "annotate.h"
#include "parse.h"

#define BENCH_MIN_BYTES (50.0 * 1024 * 1024)
#define BENCH_MAX_ARTICLES 1024

struct article {
    struct parse_doc *doc;
    const char **paras;
    size_t *lens;
    size_t bytes;
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int ends_with(const char *s, const char *suf)
{
    size_t l = strlen(s), n = strlen(suf);
    return l >= n && strcmp(s + l - n, suf) == 0;
}

/* Load and parse one file into ar; 0 on success. */
static int load(const char *path, struct article *ar)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return -1;
    struct parse_error err;
    enum parse_err rc = parse_text(text, len, &ar->doc, &err);
    free(text);
    if (rc != PARSE_OK)
        return -1;
    size_t n = ar->doc->npara;
    ar->paras = malloc((n + 1) * sizeof *ar->paras);
    ar->lens = malloc((n + 1) * sizeof *ar->lens);
    if (!ar->paras || !ar->lens) {
        free(ar->paras);
        free(ar->lens);
        parse_doc_free(ar->doc);
        return -1;
    }
    ar->bytes = 0;
    for (size_t i = 0; i < n; i++) {
        ar->paras[i] = ar->doc->paras[i].text;
        ar->lens[i] = ar->doc->paras[i].len;
        ar->bytes += ar->lens[i];
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "tests/fixtures";
    double min_bytes = BENCH_MIN_BYTES;
    if (argc > 2) {
        char *end;
        double mbs = strtod(argv[2], &end);
        if (end == argv[2] || *end || !(mbs > 0)) {
            fprintf(stderr, "bench: MB must be a positive number, not %s\n", argv[2]);
            return 2;
        }
        min_bytes = mbs * 1024 * 1024;
    }
    static struct article arts[BENCH_MAX_ARTICLES];
    size_t narts = 0, total = 0;
    DIR *d = opendir(root);
    if (!d) {
        fprintf(stderr, "bench: cannot open %s\n", root);
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[2048];
        snprintf(sub, sizeof sub, "%s/%s", root, e->d_name);
        DIR *sd = opendir(sub);
        if (!sd)
            continue;
        struct dirent *f;
        while ((f = readdir(sd)) && narts < BENCH_MAX_ARTICLES) {
            if (!ends_with(f->d_name, ".txt") || ends_with(f->d_name, ".source.txt"))
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", sub, f->d_name);
            if (load(path, &arts[narts]) == 0)
                total += arts[narts++].bytes;
        }
        closedir(sd);
    }
    closedir(d);
    if (!narts || !total) {
        fprintf(stderr, "bench: no articles under %s\n", root);
        return 1;
    }
    double done = 0;
    size_t quotes = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (done < min_bytes) {
        for (size_t i = 0; i < narts; i++) {
            struct annot *a = annot_run(arts[i].paras, arts[i].lens, arts[i].doc->npara);
            if (!a) {
                fprintf(stderr, "bench: out of memory\n");
                return 1;
            }
            quotes += a->nquotes;
            annot_free(a);
            done += (double)arts[i].bytes;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = done / (1024.0 * 1024.0);
    printf("annotate: %.1f MB in %.3f s = %.1f MB/s, peak RSS %.1f MB (%zu articles, %zu quotes)\n",
           mb, secs, secs > 0 ? mb / secs : 0.0, (double)ru.ru_maxrss / 1024.0, narts, quotes);
    for (size_t i = 0; i < narts; i++) {
        free(arts[i].paras);
        free(arts[i].lens);
        parse_doc_free(arts[i].doc);
    }
    return 0;
}
