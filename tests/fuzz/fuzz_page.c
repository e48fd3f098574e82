/* fuzz_page.c - libFuzzer target for the HTML pages.
 *
 * The input is an article text (parsed and annotated as the loader would); the
 * reader page of it must render without crashing, leaking or reading out of
 * bounds, even with cue and speaker spans that cross the quote marks, and no
 * article text may ever open an element: every '<' in the page starts one of
 * the tags the page module writes, and only the page's own script and links.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {
    "!DOCTYPE", "html", "head", "meta",    "title", "link", "script", "body", "header",
    "nav",      "a",    "main", "article", "h1",    "h2",   "p",      "span", "aside",
    "ul",       "li",   "bdi",  "section", "mark",  "u",    "footer"};

static int known_tag(const char *p)
{
    size_t n;

    if (*p == '/')
        p++;
    n = strcspn(p, " >");
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strlen(tags[i]) == n && !memcmp(tags[i], p, n))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct article_error err;
    struct article *a = article_build("fuzz", (const char *)data, size, NULL, &err);
    struct buf b;

    if (!a)
        return 0;
    /* Spans the annotator does not set yet: make them straddle each quote's marks. */
    for (size_t i = 0; i < a->an->nquotes; i++) {
        struct annot_quote *q = &a->an->quotes[i];

        q->cue_span = (struct annot_span){q->para, q->start ? q->start - 1 : 0, q->end + 2, 1};
        q->speaker_span = (struct annot_span){q->para, q->end, q->end + (size & 7) + 1, 1};
    }
    buf_init(&b, 64u << 20);
    if (page_article(&b, a))
        abort();
    for (const char *p = strchr(b.data, '<'); p; p = strchr(p + 1, '<')) {
        if (!known_tag(p + 1))
            abort();
        /* The tags that could run or lead somewhere: only the page's own. */
        if (!strncmp(p, "<script", 7) && p != strstr(b.data, "<script"))
            abort();
        if (!strncmp(p, "<a ", 3) && strncmp(p, "<a href=\"/", 10) && strncmp(p, "<a href=\"?", 10))
            abort();
    }
    buf_free(&b);
    article_free(a);
    return 0;
}
