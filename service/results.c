/* results.c - search hits rendered for the API. */
#include "results.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const char *const kind_names[] = {"title", "paragraph", "quote"};

char *results_hit_json(const struct search_hit *h, size_t *len)
{
    const struct article *a = h->a;
    const char *section = NULL;
    json_t *o, *para = json_null(), *quote = json_null();
    char self[256], art[160];
    char *text;

    snprintf(art, sizeof art, "/v1/articles/%s", a->id);
    snprintf(self, sizeof self, "%s", art);
    if (h->kind == SEARCH_PARAGRAPH && h->index < a->doc->npara) {
        section = a->doc->sections[a->doc->paras[h->index].section].slug;
        para = json_integer((json_int_t)h->index);
        snprintf(self, sizeof self, "/v1/articles/%s/sections/%s", a->id, section);
    } else if (h->kind == SEARCH_QUOTE && h->index < a->an->nquotes) {
        size_t p = a->an->quotes[h->index].para;

        section = a->doc->sections[a->doc->paras[p].section].slug;
        para = json_integer((json_int_t)p);
        quote = json_string(a->quote_ids[h->index]);
        snprintf(self, sizeof self, "/v1/articles/%s/quotes/%s", a->id, a->quote_ids[h->index]);
    }
    /* Six digits: a rank is an order, not a measurement. */
    o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:f, s:{s:s, s:s}}", "type",
                  kind_names[h->kind], "article", a->id, "title", a->doc->title, "published",
                  a->published ? json_string(a->published) : json_null(), "section",
                  section ? json_string(section) : json_null(), "paragraph", para, "quote", quote,
                  "snippet", h->snippet, "rank", h->score, "links", "self",
                  self, "article", art);
    if (!o)
        return NULL;
    text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(o);
    if (text && len)
        *len = strlen(text);
    return text;
}
