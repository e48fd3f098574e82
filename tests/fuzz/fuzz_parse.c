/* fuzz_parse.c - libFuzzer target: parse_text() on arbitrary bytes must not crash or leak,
 * and a document it returns must be self-consistent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_doc *doc = NULL;
    struct parse_error err;
    size_t covered = 0;

    if (parse_text((const char *)data, size, &doc, &err) != PARSE_OK) {
        if (doc || err.code == PARSE_OK)
            abort();
        return 0;
    }
    if (!doc || !doc->title || !doc->npara || !doc->nsections)
        abort();
    for (size_t i = 0; i < doc->nsections; i++) {
        const struct parse_section *s = &doc->sections[i];

        if (!s->slug || !*s->slug || s->first != covered || (!s->heading && i))
            abort();
        for (size_t j = 0; j < i; j++)
            if (!strcmp(doc->sections[j].slug, s->slug))
                abort();
        covered += s->count;
    }
    if (covered != doc->npara)
        abort();
    for (size_t i = 0; i < doc->npara; i++) {
        const struct parse_para *p = &doc->paras[i];

        if (!p->len || strlen(p->text) != p->len || p->section >= doc->nsections)
            abort();
    }
    parse_doc_free(doc);
    return 0;
}
