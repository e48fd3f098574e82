/* reported.c - stage 7: reported speech, the report cues no quote used.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Reported speech: report cues not used by a direct quote. */
void an_do_attrs(struct ctx *c)
{
    size_t last_verb_sent = SIZE_MAX, last_verb_end = 0;
    for (size_t i = 0; i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->used || cu->v0 == cu->v1 || !(cu->cls & (LEX_REPORT | LEX_CUEPREP | LEX_FINDING)))
            continue;
        if (cu->np.kind == NP_NONE)
            continue;
        if (!(cu->cls & (LEX_REPORT | LEX_CUEPREP)) && cu->np.kind != NP_UNNAMED)
            continue;
        /* "He said France has shown ...": a cue inside another's reported clause */
        if (!(cu->cls & LEX_CUEPREP) && !cu->after && last_verb_sent == c->t[cu->v0].sent &&
            cu->np.a >= last_verb_end)
            continue;
        if (cu->np.kind == NP_PRON_THING && cu->ent < 0)
            continue;
        /* a verb right before a quote belongs to it */
        if (cu->v1 < c->nt &&
            (c->t[cu->v1].span >= 0 || (an_is_punct(&c->t[cu->v1], ',') && cu->v1 + 1 < c->nt &&
                                        c->t[cu->v1 + 1].span >= 0 && !cu->after)))
            continue;
        const struct np *np = &cu->np;
        size_t a = np->kind == NP_NAME ? np->na : np->sa;
        size_t b = np->kind == NP_NAME ? (np->org ? np->sb : np->nb) : np->sb;
        if (np->kind == NP_PRON_PERSON || np->kind == NP_PRON_THING) {
            a = np->a;
            b = np->b;
        }
        if (a >= b)
            continue;
        struct annot_attr *t = an_add_attr(c);
        if (!t)
            return;
        t->para = c->para;
        size_t sb = c->t[a].b, se = c->t[b - 1].e;
        if (np->kind == NP_NAME && c->t[b - 1].f & T_POSS)
            se = c->t[b - 1].b + c->t[b - 1].klen;
        t->start = an_cp(c, sb);
        t->end = an_cp(c, se);
        t->speaker_span = (struct annot_span){c->para, t->start, t->end, 1};
        an_span_cue(c, &t->cue_span, cu);
        t->speaker_rule = np->kind == NP_NAME      ? "reported-name"
                          : np->kind == NP_UNNAMED ? "reported-unnamed"
                                                   : "reported-pronoun";
        t->source = an_dup_range(c->s, sb, se);
        t->cue = an_cue_text(c, cu);
        t->speaker = cu->ent;
        if (!(cu->cls & LEX_CUEPREP)) {
            last_verb_sent = c->t[cu->v0].sent;
            last_verb_end = cu->v1;
        }
        if (!t->source || !t->cue) {
            c->oom = 1;
            return;
        }
        if (cu->ent >= 0) {
            c->ents[cu->ent].used = 1;
            an_who_set(&c->last_any, cu->ent, NULL, c->para);
        } else {
            an_who_set(&c->last_any, -1, t->source, c->para);
        }
        c->last_was_quote = 0;
    }
}
