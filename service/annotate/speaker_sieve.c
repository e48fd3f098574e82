/* speaker_sieve.c - stage 6: who said a quote, as an ordered table of named
 * rules; the first rule that decides wins.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Remember who spoke last. */
void an_who_set(struct who *w, long ent, const char *source, size_t para)
{
    w->set = 1;
    w->ent = ent;
    w->source = source;
    w->para = para;
}

/* Speaker, unnamed source and cue of quote q from cue cu. */
static void speaker_from_cue(struct ctx *c, struct annot_quote *q, const struct cue *cu)
{
    q->speaker = cu->ent;
    if (cu->ent < 0 && cu->np.kind == NP_UNNAMED)
        q->source = an_source_text(c, &cu->np);
    q->cue = an_cue_text(c, cu);
}

/* Classify every span of the paragraph and add the quotes. */
void an_do_spans(struct ctx *c, int next_opens)
{
    long prev_cue = -1;
    int have_prev = 0;
    struct who prev = {0, -1, NULL, 0};
    size_t cp_b = 0, cp_n = 0; /* running byte -> code point conversion */
    for (size_t k = 0; k < c->nsp; k++) {
        const struct quotes_span *s = &c->sp[k];
        if (s->end <= s->start)
            continue;
        size_t words = an_span_words(c, k);
        if (!words)
            continue;
        int para_start = c->sp_first[k] == 0 || an_before_span(c, k) == SIZE_MAX;
        int unclosed = !s->closed;
        long cue = -1;
        enum annot_kind kind = ANNOT_DIRECT;
        int keep = 0;
        if (an_span_triggered(c, k) && !para_start) {
            keep = 0;
        } else if ((cue = an_cue_after_span(c, k)) >= 0 || (cue = an_cue_before_span(c, k)) >= 0) {
            keep = 1;
            if (have_prev && cue == prev_cue)
                kind = ANNOT_CONTINUATION;
        } else if (para_start && (words >= 3 || unclosed || an_span_multi_sentence(c, k) ||
                                  c->s[s->end - 1] == '.' || c->s[s->end - 1] == '!' ||
                                  c->s[s->end - 1] == '?')) {
            keep = 1;
            kind = ANNOT_CONTINUATION;
        } else if (have_prev && prev_cue >= 0 && prev_cue == an_last_speech_cue(c, k) &&
                   an_span_is_sentence(c, k)) {
            keep = 1; /* `"...," he said. "Everything."`: the same speaker goes on */
            kind = ANNOT_CONTINUATION;
        } else if (an_span_title_case(c, k) && words <= 12 && !an_span_multi_sentence(c, k)) {
            keep = 0;
        } else if (words >= 2 && an_span_is_sentence(c, k)) {
            keep = 1;
            kind = ANNOT_CONTINUATION;
        } else if (!an_span_multi_sentence(c, k) && an_is_lower_word(&c->t[c->sp_first[k]]) &&
                   (cue = an_cue_governing(c, k)) >= 0) {
            keep = 1; /* `once said that "the arc of the moral universe is long ..."` */
            kind = ANNOT_PARTIAL;
        } else if (words >= 6 || an_span_multi_sentence(c, k) || (unclosed && next_opens)) {
            keep = 1;
            kind = ANNOT_CONTINUATION;
        } else if ((cue = an_cue_governing(c, k)) >= 0) {
            keep = 1;
            kind = ANNOT_PARTIAL;
        }
        if (!keep)
            continue;
        struct annot_quote *q = an_add_quote(c);
        if (!q)
            return;
        q->kind = kind;
        q->para = c->para;
        cp_n += utf8_count(c->s + cp_b, s->start - cp_b);
        cp_b = s->start;
        q->start = cp_n;
        q->end = cp_n + utf8_count(c->s + s->start, s->end - s->start);
        q->text = an_dup_range(c->s, s->start, s->end);
        if (!q->text) {
            c->oom = 1;
            return;
        }
        if (cue >= 0 && kind != ANNOT_CONTINUATION) {
            speaker_from_cue(c, q, &c->cues[cue]);
            c->cues[cue].used |= kind != ANNOT_PARTIAL;
        } else if (cue >= 0 || have_prev) {
            /* split quote, or a later quote of the same paragraph */
            q->speaker = cue >= 0 ? c->cues[cue].ent : prev.ent;
            if (q->speaker < 0 &&
                (cue >= 0 ? c->cues[cue].np.kind == NP_UNNAMED : prev.source != NULL))
                q->source = cue >= 0 ? an_source_text(c, &c->cues[cue].np) : strdup(prev.source);
            if (cue >= 0)
                c->cues[cue].used = 1;
        } else {
            /* no cue of its own: an attribution earlier in the paragraph, the
             * quote before it, a lead-in paragraph, or the latest speaker */
            long from = -1;
            const char *src = NULL;
            int found = 0;
            size_t first = an_cue_lb(c, c->sp_first[k]);
            for (size_t n = 0; n < first && n < BACK_CUES && !found; n++) {
                const struct cue *cu = &c->cues[first - 1 - n];
                if (cu->used || cu->v0 == cu->v1 || !(cu->cls & (LEX_REPORT | LEX_SPEECH)) ||
                    cu->np.kind == NP_NONE)
                    continue;
                if (cu->ent >= 0 || cu->np.kind == NP_UNNAMED) {
                    from = cu->ent;
                    found = 1;
                    if (cu->ent < 0)
                        q->source = an_source_text(c, &cu->np);
                }
            }
            size_t ev = 0, hi = c->nev; /* events before the span: binary search */
            while (ev < hi) {
                size_t mid = ev + (hi - ev) / 2;
                if (c->ev[mid].pos < s->open)
                    ev = mid + 1;
                else
                    hi = mid;
            }
            for (size_t n = 0; n < ev && n < BACK_CUES && !found; n++) {
                /* the person the paragraph is about: "Carter was defiant. "..."" */
                const struct event *e = &c->ev[ev - 1 - n];
                if (e->ent >= 0 && e->np.kind == NP_NAME && c->ents[e->ent].type != ENT_ORG) {
                    from = e->ent;
                    found = 1;
                }
            }
            if (!found && c->intro_set && para_start) {
                from = c->intro_ent;
                found = 1;
            }
            if (!found && para_start && c->last_was_quote && c->last_quote_para + 1 == c->para) {
                from = c->last_quote.ent;
                src = c->last_quote.source;
                found = 1;
            }
            if (!found && c->last_any.set && c->para - c->last_any.para <= 2) {
                from = c->last_any.ent;
                src = c->last_any.source;
            }
            q->speaker = from;
            if (from < 0 && src && !q->source)
                q->source = strdup(src);
        }
        if (q->kind == ANNOT_DIRECT && q->cue == NULL && cue < 0)
            q->kind = ANNOT_CONTINUATION;
        if (q->speaker >= 0) {
            c->ents[q->speaker].used = 1;
            c->ents[q->speaker].nquotes++;
            an_touch(c, q->speaker);
        }
        have_prev = 1;
        prev_cue = cue;
        an_who_set(&prev, q->speaker, q->source, c->para);
        an_who_set(&c->last_quote, q->speaker, q->source, c->para);
        an_who_set(&c->last_any, q->speaker, q->source, c->para);
        c->last_was_quote = 1;
        c->last_quote_para = c->para;
    }
}

/* A paragraph ending in ':' before quote paragraphs: who is introduced? */
void an_find_intro(struct ctx *c)
{
    c->intro_set = 0;
    c->intro_ent = -1;
    if (c->nt == 0 || !an_is_punct(&c->t[c->nt - 1], ':') || c->t[c->nt - 1].span >= 0)
        return;
    size_t sent = c->t[c->nt - 1].sent;
    for (size_t i = 0; i < c->ncues; i++) {
        struct cue *cu = &c->cues[i];
        if (c->t[cu->v0].sent == sent && (cu->cls & LEX_SPEECH) && cu->ent >= 0) {
            c->intro_set = 1;
            c->intro_ent = cu->ent;
            cu->used = 1; /* "She said:" introduces the quotes, it reports nothing */
            return;
        }
    }
    for (size_t i = 0; i + 1 < c->nt; i++) {
        if (c->t[i].sent != sent || !(c->t[i].cls & LEX_STMT) || c->t[i].span >= 0)
            continue;
        if (!an_tok_is(c, i + 1, "from") && !an_tok_is(c, i + 1, "by"))
            continue;
        struct np np = an_np_after(c, i + 2);
        if (np.kind == NP_NAME) {
            long id = an_resolve_np(c, &np);
            if (id >= 0) {
                c->intro_set = 1;
                c->intro_ent = id;
                return;
            }
        }
    }
    for (size_t i = 0; i < c->nev; i++) {
        if (c->t[c->ev[i].np.na].sent == sent && c->ev[i].np.kind == NP_NAME) {
            c->intro_set = 1;
            c->intro_ent = an_resolve_np(c, &c->ev[i].np);
            return;
        }
    }
}
