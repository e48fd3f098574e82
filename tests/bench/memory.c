/* memory.c - where annotation memory goes: live heap and peak RSS per stage, as multiples of the
 * input.
 *
 * bench-memory FILE...: for each file, parse, annotate, build the article, render the
 * JSON tree and dump it, reporting after each stage the heap it holds (mallinfo2)
 * and the peak resident size it reached (VmHWM, reset between stages through
 * /proc/self/clear_refs). POST /v1/annotate costs article_build plus
 * render_article_text; the jansson tree (render_article) is what snapshots use.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "article.h"
#include "loader.h"
#include "parse.h"
#include "render.h"
#include "store.h"

static size_t live(void)
{
    struct mallinfo2 m = mallinfo2();

    return m.uordblks + m.hblkhd;
}

static long proc_kb(const char *key)
{
    char line[256];
    long v = -1;
    FILE *f = fopen("/proc/self/status", "r");

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, strlen(key)))
            v = strtol(line + strlen(key), NULL, 10);
    fclose(f);
    return v;
}

/* Reset the peak resident size to the current one. */
static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");

    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

static void report(const char *stage, size_t in, size_t before, long rss0)
{
    size_t now = live();
    long peak = proc_kb("VmHWM:");

    printf("  %-28s holds %8.1f MB (%5.1fx)  peak RSS +%7.1f MB (%5.1fx)\n", stage,
           (double)(now - before) / 1e6, (double)(now - before) / (double)in,
           (double)(peak - rss0) / 1e3, (double)(peak - rss0) * 1024.0 / (double)in);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *text;
        size_t len, base, dumped = 0;
        long rss0;
        struct parse_doc *doc = NULL;
        struct parse_error perr;
        struct article_error err;
        struct article *a;
        struct annot *an;
        const char **paras;
        size_t *lens;
        json_t *v;
        char *out;

        if (loader_read_file(argv[i], PARSE_MAX_BYTES, &text, &len)) {
            fprintf(stderr, "bench-memory: cannot read %s\n", argv[i]);
            return 1;
        }
        printf("%s: %zu bytes\n", argv[i], len);
        malloc_trim(0);
        base = live();
        rss0 = proc_kb("VmRSS:");
        reset_peak();
        if (parse_text(text, len, &doc, &perr)) {
            fprintf(stderr, "bench-memory: %s does not parse\n", argv[i]);
            return 1;
        }
        report("parse", len, base, rss0);
        paras = malloc(doc->npara * sizeof *paras);
        lens = malloc(doc->npara * sizeof *lens);
        for (size_t k = 0; paras && lens && k < doc->npara; k++) {
            paras[k] = doc->paras[k].text;
            lens[k] = doc->paras[k].len;
        }
        reset_peak();
        rss0 = proc_kb("VmRSS:");
        base = live();
        an = annot_run(paras, lens, doc->npara);
        report("annotate (annot_run)", len, base, rss0);
        annot_free(an);
        free(paras);
        free(lens);
        parse_doc_free(doc);
        malloc_trim(0);
        reset_peak();
        rss0 = proc_kb("VmRSS:");
        base = live();
        a = article_build("bench", text, len, NULL, &err);
        if (!a) {
            fprintf(stderr, "bench-memory: %s: %s\n", argv[i], err.msg);
            return 1;
        }
        report("article_build (both)", len, base, rss0);
        {
            struct buf b;

            malloc_trim(0);
            reset_peak();
            rss0 = proc_kb("VmRSS:");
            base = live();
            buf_init(&b, 64u << 20);
            if (render_article_text(a, 0, &b))
                return 1;
            report("render_article_text (POST)", len, base, rss0);
            buf_free(&b);
            malloc_trim(0);
        }
        reset_peak();
        rss0 = proc_kb("VmRSS:");
        base = live();
        v = render_article(a, 0);
        report("render_article (jansson)", len, base, rss0);
        reset_peak();
        rss0 = proc_kb("VmRSS:");
        base = live();
        out = v ? render_dump(v, &dumped) : NULL;
        report("render_dump (JSON text)", len, base, rss0);
        printf("  output %zu bytes (%.1fx the input)\n", dumped, (double)dumped / (double)len);
        free(out);
        json_decref(v);
        {
            struct store *s = store_new();

            malloc_trim(0);
            reset_peak();
            rss0 = proc_kb("VmRSS:");
            base = live();
            if (!s || store_add_article(s, a) || store_seal(s))
                return 1;
            report("store_seal (snapshot, GET)", len, base, rss0);
            store_release(s);
        }
        free(text);
        malloc_trim(0);
    }
    return 0;
}
