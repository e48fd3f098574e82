/* annotate.c - the annotator's pipeline: each paragraph through the stages in
 * order, then the output. Pure: no I/O, no logging, no global mutable state.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct annot *annot_run(const char *const *paras, const size_t *lens, size_t npara)
{
    struct ctx c;
    struct an_vocab *vocab = NULL;
    memset(&c, 0, sizeof c);
    lex_init();
    for (size_t i = 0; i < ENT_BUCKETS; i++)
        c.lw_head[i] = -1;
    c.addressed = -1;
    c.actor = -1;
    c.i_para = -1;
    c.a = calloc(1, sizeof *c.a);
    c.sp = malloc(QUOTES_MAX_SPANS * sizeof *c.sp);
    c.sp_first = malloc(QUOTES_MAX_SPANS * sizeof *c.sp_first);
    c.sp_next = malloc(QUOTES_MAX_SPANS * sizeof *c.sp_next);
    c.vocab = vocab = an_vocab_build(paras, lens, npara);
    if (!c.a || !c.sp || !c.sp_first || !c.sp_next || !vocab)
        goto out_nomem;
    c.dialogue = an_is_dialogue(paras, lens, npara);
    for (size_t p = 0; p < npara && !c.oom; p++) {
        c.s = paras[p];
        c.len = lens[p];
        c.para = p;
        c.para_clock[p % 4] = c.clock;
        size_t quotes_before = c.a->nquotes;
        c.nsp = quotes_scan(c.s, c.len, c.sp, QUOTES_MAX_SPANS);
        an_tokenize(&c);
        if (c.oom)
            break;
        an_place_spans(&c);
        an_note_first_person(&c);
        an_split_sentences(&c);
        an_find_cues(&c);
        an_resolve_events(&c);
        an_find_self_name(&c);
        int next_opens = p + 1 < npara && quotes_opens(paras[p + 1], lens[p + 1]);
        an_do_spans(&c, next_opens);
        if (next_opens)
            an_find_intro(&c);
        else
            c.intro_set = 0;
        an_do_attrs(&c);
        an_note_actor(&c, quotes_before);
    }
    if (c.oom)
        goto out_nomem;
    an_name_narrator(&c);
    an_name_descriptions(&c);
    if (!an_finish(&c))
        goto out_nomem;
    an_ctx_free(&c);
    an_vocab_free(vocab);
    return c.a;

out_nomem:
    an_ctx_free(&c);
    an_vocab_free(vocab);
    annot_free(c.a);
    return NULL;
}

void annot_free(struct annot *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nquotes; i++) {
        free(a->quotes[i].text);
        free(a->quotes[i].source);
        free(a->quotes[i].cue);
    }
    free(a->quotes);
    for (size_t i = 0; i < a->nattrs; i++) {
        free(a->attrs[i].source);
        free(a->attrs[i].cue);
    }
    free(a->attrs);
    for (size_t i = 0; i < a->nspeakers; i++) {
        struct annot_speaker *s = &a->speakers[i];
        free(s->id);
        free(s->name);
        free(s->role);
        free(s->organization);
        for (size_t k = 0; k < s->naliases; k++)
            free(s->aliases[k]);
        free(s->aliases);
    }
    free(a->speakers);
    free(a);
}

const char *annot_rule_name(enum annot_sieve sieve, size_t i)
{
    /* rules that run outside the two tables: passes over the whole article,
     * the addressee check and reported speech */
    static const char *const kind_more[] = {"reported-speech"};
    static const char *const speaker_more[] = {
        "self-introduction", "vocative-named", "addressee-excluded", "narrator",        "description-named",
        "reported-name",     "reported-unnamed",   "reported-pronoun",  "runs-on-to-cue"};
    size_t n = sieve == ANNOT_SIEVE_KIND ? an_nkind_rules : an_nspeaker_rules;
    if (i < n)
        return sieve == ANNOT_SIEVE_KIND ? an_kind_rules[i].name : an_speaker_rules[i].name;
    i -= n;
    if (sieve == ANNOT_SIEVE_KIND)
        return i < sizeof kind_more / sizeof *kind_more ? kind_more[i] : NULL;
    return i < sizeof speaker_more / sizeof *speaker_more ? speaker_more[i] : NULL;
}

const char *annot_kind_name(enum annot_kind k)
{
    switch (k) {
    case ANNOT_DIRECT:
        return "direct";
    case ANNOT_CONTINUATION:
        return "continuation";
    case ANNOT_PARTIAL:
        return "partial";
    case ANNOT_INDIRECT:
        return "indirect";
    }
    return "direct";
}
