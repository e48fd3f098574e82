/* quote_sieve.c - stage 5: what a quoted span is (a quote, and of what kind, or
 * not a quote), as an ordered table of named rules.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t an_span_words(const struct ctx *c, size_t k)
{
    size_t n = 0;
    for (size_t i = c->sp_first[k]; i < c->nt && c->t[i].span == (long)k; i++)
        n += an_is_word(&c->t[i]) ? 1u : 0u;
    return n;
}

/* Two sentences inside the span: a . ? ! followed by more words. */
int an_span_multi_sentence(const struct ctx *c, size_t k)
{
    for (size_t i = c->sp_first[k]; i + 1 < c->nt && c->t[i + 1].span == (long)k; i++) {
        char p = c->t[i].p;
        if ((p == '.' || p == '?' || p == '!') && an_is_word(&c->t[i + 1]))
            return 1;
    }
    return 0;
}

/* Every longer word capitalised: "Cowboys and Indians", "Hope", "Robogee." */
/* A title leaves articles, prepositions and conjunctions in lower case, not
 * pronouns or verbs ("Who are you?" is asked): token i is one of those. */
static int title_small_word(const struct ctx *c, size_t i)
{
    static const char *const w[] = {"and", "or", "but", "nor", "as", "up", "off", "out"};
    if ((c->t[i].cls & (LEX_PREP | LEX_DET)) || an_is_connector(c, i))
        return 1;
    for (size_t k = 0; k < sizeof w / sizeof *w; k++)
        if (an_tok_is(c, i, w[k]))
            return 1;
    return 0;
}

int an_span_title_case(const struct ctx *c, size_t k)
{
    size_t words = 0;
    for (size_t i = c->sp_first[k]; i < c->nt && c->t[i].span == (long)k; i++) {
        const struct tok *t = &c->t[i];
        if (!an_is_word(t))
            continue;
        words++;
        if (!(t->f & (T_CAP | T_DIGIT | T_ALLCAPS)) && t->klen > 3)
            return 0;
        if (!(t->f & (T_CAP | T_DIGIT | T_ALLCAPS)) && !title_small_word(c, i))
            return 0;
    }
    return words > 0;
}

/* Span k is a sentence of its own: `... Allton said. "I smacked them around."` */
int an_span_is_sentence(const struct ctx *c, size_t k)
{
    size_t f = c->sp_first[k], o = an_before_span(c, k);
    if (f >= c->nt || !(c->t[f].f & T_CAP) || c->t[f].span != (long)k)
        return 0;
    if (!an_span_ends_sentence(c, k))
        return 0;
    if (o == SIZE_MAX)
        return 1;
    return c->t[o].p == '.' || c->t[o].p == '?' || c->t[o].p == '!' || c->t[o].span >= 0;
}

size_t an_after_dash(const struct ctx *c, size_t k)
{
    size_t f = c->sp_next[k];
    if (f >= c->nt || !an_is_punct(&c->t[f], '-') || c->t[f].b != c->sp[k].after)
        return SIZE_MAX;
    while (f < c->nt && an_is_punct(&c->t[f], '-'))
        f++;
    return f;
}

size_t an_before_span(const struct ctx *c, size_t k)
{
    size_t f = c->sp_first[k];
    while (f > 0 && c->t[f - 1].b >= c->sp[k].open)
        f--;
    return f > 0 ? f - 1 : SIZE_MAX;
}

/* Index of the first cue whose verb is at or after token tok (cues are in
 * token order), so that each span looks only at the cues near it. */
size_t an_cue_lb(const struct ctx *c, size_t tok)
{
    size_t lo = 0, hi = c->ncues;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->cues[mid].v0 < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t sub_sat(size_t a, size_t b)
{
    return a > b ? a - b : 0;
}

/* A title or name trigger right before span k: `named "Robogee."`, `co-author of "..."`. */
int an_span_triggered(const struct ctx *c, size_t k)
{
    size_t o = an_before_span(c, k);
    if (o == SIZE_MAX)
        return 0;
    /* `called the study "large and careful"`: with an object between, a
     * verdict someone gave, not a name */
    for (size_t back = 1; back < 4 && back <= o; back++) {
        size_t j = o - back;
        if (!an_is_word(&c->t[j]) || c->t[j].span >= 0)
            break;
        if (an_tok_is(c, j, "called") || an_tok_is(c, j, "calling"))
            return 0;
    }
    for (size_t back = 0; back < 3 && back <= o; back++) {
        size_t j = o - back;
        const struct tok *t = &c->t[j];
        if (!an_is_word(t) || t->span >= 0)
            return 0;
        if (back == 0 && (t->cls & LEX_TITLENOUN))
            return 1; /* `his book "..."`, `the word "..."` */
        if (back > 0 && an_is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT)))
            return 0; /* `called it, he said, "..."` */
        struct lex_word w[3];
        size_t n = 0;
        for (size_t i = j; i <= o && n < 3; i++) {
            w[n].s = c->s + c->t[i].b;
            w[n].len = c->t[i].klen;
            n++;
        }
        if (!(t->cls & (LEX_TRIGGER | LEX_PHRASE)))
            continue;
        size_t m = lex_match(LEX_TRIGGER, w, n);
        if (!m)
            continue;
        /* "he called it ...", "Messi, 35, called the victory ...": a verb of
         * saying with a speaker, not a label */
        size_t ci = an_cue_lb(c, j);
        if (ci < c->ncues && c->cues[ci].v0 == j && c->cues[ci].np.kind != NP_NONE &&
            !c->cues[ci].after)
            return 0;
        return 1;
    }
    return 0;
}

/* `Ann Bell (D-Calif.) said`: tokens b..v-1 are one parenthesis. */
static int paren_aside(const struct ctx *c, size_t b, size_t v)
{
    if (v < b + 2 || v - b > 12 || !an_is_punct(&c->t[b], '(') || !an_is_punct(&c->t[v - 1], ')'))
        return 0;
    for (size_t i = b + 1; i + 1 < v; i++)
        if (c->t[i].span >= 0 || an_is_punct(&c->t[i], '(') || an_is_punct(&c->t[i], ')'))
            return 0;
    return 1;
}

/* `Jo Hale of the Natural History Museum in London said`: tokens b..v-1 are
 * the employer, an "of" or "at" phrase of words only. */
static int employer_aside(const struct ctx *c, size_t b, size_t v)
{
    if (v < b + 2 || v - b > 10 || !(an_tok_is(c, b, "of") || an_tok_is(c, b, "at")))
        return 0;
    for (size_t i = b + 1; i < v; i++)
        if (!an_is_word(&c->t[i]) || c->t[i].span >= 0 ||
            (an_is_lower_word(&c->t[i]) && (c->t[i].cls & (LEX_SPEECH | LEX_REPORT))))
            return 0;
    return 1;
}

/* Tokens [b, v) are ", 45," or ", who leads the council,": an age or a
 * relative clause between a name and its verb. */
static int age_aside(const struct ctx *c, size_t b, size_t v)
{
    if (v < b + 3 || v >= c->nt || v - b > BACK_MAX || !an_is_punct(&c->t[b], ',') ||
        !an_is_punct(&c->t[v - 1], ','))
        return 0;
    if (v == b + 3 && (c->t[b + 1].f & T_DIGIT) && c->t[b + 1].klen <= 3)
        return 1;
    if (!an_is_relative(c, b + 1))
        return 0;
    for (size_t i = b + 1; i + 1 < v; i++)
        if (c->t[i].span >= 0 || an_is_punct(&c->t[i], ',') || c->t[i].sent != c->t[v].sent)
            return 0;
    return 1;
}

/* Tokens [b, v) between a name and its verb are asides: an age, a relative
 * clause, a parenthesis or a party tag, or a party tag and then a relative
 * clause (`Ada Wren, D-Mass., who chairs the panel, said`). */
static int asides(const struct ctx *c, size_t b, size_t v)
{
    if (age_aside(c, b, v) || paren_aside(c, b, v) || an_party_tag(c, b, v))
        return 1;
    for (size_t e = b + 2; e <= b + 3 && e < v; e++)
        if (an_party_tag(c, b, e + 1) && age_aside(c, e, v))
            return 1;
    return 0;
}

/* The cue tagging span k directly after its closing mark. */
long an_cue_after_span(const struct ctx *c, size_t k)
{
    size_t f = c->sp_next[k];
    if (f >= c->nt || c->t[f].span >= 0)
        return -1;
    int comma = an_is_punct(&c->t[f], ',');
    size_t d;
    if (comma)
        f++;
    /* `"I don't know"--Mary said--"what you mean."`: a dash after the
     * closing mark is the comma's place */
    else if ((d = an_after_dash(c, k)) != SIZE_MAX) {
        comma = 1;
        f = d;
    }
    if (f >= c->nt || c->sp_first[k] >= c->nt)
        return -1;
    /* `"... irresponsible." He said the authority ...` is a new sentence, but
     * `"Is it far?" Joe asked.` is not: a question or exclamation goes on */
    char last = c->s[c->sp[k].end - 1];
    /* `The "History" page of the site explains`: a span with no punctuation of
     * its own and none after it names what the phrase after it is about */
    int bare = !comma && ((last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
                          (last >= '0' && last <= '9'));
    int goes_on = last == '?' || last == '!';
    if (c->t[f].sent != c->t[c->sp_first[k]].sent && !goes_on)
        return -1;
    for (size_t i = an_cue_lb(c, f); i < c->ncues && c->cues[i].v0 <= f + BACK_MAX + 4; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->np.kind == NP_NONE && !(cu->cls & LEX_SPEECH))
            continue;
        if (!(cu->cls & (LEX_SPEECH | LEX_CUEPREP)))
            continue;
        if (cu->after && cu->v0 == f)
            return (long)i;
        if (bare)
            continue;
        /* (`," while spokesperson Leila Farouk said it` is a clause of its own) */
        if (!cu->after && cu->v0 <= cu->np.b + 2 &&
            (cu->np.a == f || (cu->np.rb > cu->np.ra && cu->np.ra >= f &&
                               (cu->np.ra == f || (c->t[f].cls & LEX_DET)) && cu->np.ra <= f + 1)))
            return (long)i; /* `," X said`, `," a spokeswoman, Jane Doe, said` */
        if (!cu->after && cu->np.a == f && cu->np.xb > cu->np.xa && cu->v0 <= cu->np.xb + 2)
            return (long)i; /* `," Hana Roe, editor at large at the Courier, said` */
        if (!cu->after && cu->np.a == f && asides(c, cu->np.b, cu->v0))
            return (long)i; /* `," Hana Roe, 45, said`, `," Ann Bell (D-Calif.) said` */
        if (!cu->after && cu->np.a == f && cu->np.kind == NP_NAME &&
            employer_aside(c, cu->np.b, cu->v0))
            return (long)i; /* `," Jo Hale of the museum in London said` */
        if (cu->v0 == cu->v1 && cu->v0 == f && cu->after)
            return (long)i;
    }
    return -1;
}

static int words_between(const struct ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!an_is_word(&c->t[i]) || c->t[i].span >= 0)
            return 0;
    return 1;
}

/* The cue introducing span k right before its opening mark: `X said, "`,
 * `said X: "`, `X told reporters in a statement: "`, `X: "`. */
long an_cue_before_span(const struct ctx *c, size_t k)
{
    size_t o = an_before_span(c, k);
    if (o == SIZE_MAX || c->t[o].span >= 0)
        return -1;
    size_t sent = c->t[c->sp_first[k] < c->nt ? c->sp_first[k] : o].sent;
    if (c->t[o].sent != sent && !an_is_punct(&c->t[o], ':'))
        return -1;
    int colon = an_is_punct(&c->t[o], ':');
    size_t o2 = o;
    if (colon || an_is_punct(&c->t[o], ','))
        o2 = o - (o > 0);
    else if (an_is_punct(&c->t[o], '-') && c->t[o].e == c->sp[k].open)
        while (o2 > 0 && an_is_punct(&c->t[o2], '-'))
            o2--; /* `--Mary said--"what you mean."` */
    long best = -1;
    for (size_t i = an_cue_lb(c, sub_sat(o, NP_MAX + APPOS_MAX + 4)); i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->v0 > o)
            break;
        if (!(cu->cls & LEX_SPEECH))
            continue;
        if (cu->v0 == cu->v1) {
            if (cu->v0 == o && colon)
                return (long)i;
            continue;
        }
        if (cu->v1 - 1 == o2 && (colon || o2 != o || cu->v1 - 1 == o))
            return (long)i; /* even with no source found: "the captain ... said:" */
        if (o2 != o && cu->v1 <= o2 && o2 + 1 - cu->v1 <= 6 && !cu->after &&
            c->t[cu->v0].sent == c->t[o].sent && words_between(c, cu->v1, o2 + 1))
            return (long)i; /* `X told the press, "..."` */
        if (cu->np.kind == NP_NONE)
            continue;
        if (cu->after && cu->np.b > 0 && cu->np.b - 1 == o2 && o2 != o)
            return (long)i;
        if (cu->after && cu->np.xb > 0 && cu->np.xb == o && o2 != o)
            return (long)i;
        if (cu->after && o2 != o && an_is_punct(&c->t[o], ',') && age_aside(c, cu->np.b, o + 1))
            return (long)i; /* `said Ruiz, who has led it since 2019, "and ..."` */
        if (colon && cu->v1 <= o && o - cu->v1 < 8 && c->t[cu->v0].sent == c->t[o].sent)
            best = (long)i;
    }
    return best;
}

/* The closest cue governing span k's sentence: `he vowed ... "ruthless"`,
 * `According to X, there will be "quite a response"`. */
long an_cue_governing(const struct ctx *c, size_t k)
{
    size_t o = an_before_span(c, k);
    if (o == SIZE_MAX || c->sp_first[k] >= c->nt)
        return -1;
    size_t sent = c->t[c->sp_first[k]].sent;
    /* "X has said that ...; most are rated "severe"": a
     * semicolon ends the clause a verb before it governs */
    size_t semi = 0; /* (`said her father; "she times them ill."` goes on) */
    for (size_t j = o; j-- > 0 && o - j < 4 * BACK_MAX && c->t[j].sent == sent;)
        if (an_is_punct(&c->t[j], ';')) {
            semi = j + 1;
            break;
        }
    long best = -1;
    for (size_t i = an_cue_lb(c, sub_sat(o, 4 * BACK_MAX)); i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (cu->v0 > o + 4 * BACK_MAX)
            break;
        if (!(cu->cls & LEX_PARTIAL) || cu->v0 == cu->v1 || cu->np.kind == NP_NONE)
            continue;
        if (c->t[cu->v0].sent != sent || cu->v0 < semi)
            continue;
        if (cu->v0 <= o)
            best = (long)i;
        else if ((cu->cls & LEX_CUEPREP) && best < 0)
            return (long)i;
    }
    return best;
}

/* The speech cue that ends the sentence just before span k (`he said.`), or -1. */
long an_last_speech_cue(const struct ctx *c, size_t k)
{
    size_t o = an_before_span(c, k);
    if (o == SIZE_MAX || o == 0 || c->t[o].p != '.')
        return -1;
    size_t ci = an_cue_lb(c, o);
    if (ci == 0)
        return -1;
    const struct cue *cu = &c->cues[ci - 1];
    if (!(cu->cls & LEX_SPEECH) || cu->v0 == cu->v1 || c->t[cu->v0].sent != c->t[o - 1].sent ||
        o - cu->v1 > NP_MAX)
        return -1;
    return (long)(ci - 1);
}

/* ------------------------------------------------------------- the rules */

/* `his book "..."`, `named "Robogee."`: a title or a name, not speech. */
static enum an_verdict rule_title_trigger(const struct ctx *c, struct span_state *st)
{
    if (!an_span_triggered(c, st->k) || st->para_start)
        return AN_PASS;
    /* `said the program "lacked basic oversight."`: words in lower case that a
     * verb of saying governs are the source's, whatever noun stands before */
    if (st->words >= 2 && an_is_lower_word(&c->t[c->sp_first[st->k]]) &&
        an_cue_governing(c, st->k) >= 0)
        return AN_PASS;
    return AN_NOT_QUOTE;
}

static enum an_verdict cue_found(struct span_state *st, long cue)
{
    if (cue < 0)
        return AN_PASS;
    st->cue = cue;
    /* `"A," he said, "B."`: the second part shares the first one's cue */
    st->kind = st->have_prev && cue == st->prev_cue ? ANNOT_CONTINUATION : ANNOT_DIRECT;
    return AN_QUOTE;
}

/* `"...," said X`, `"..." X said`, `"..." - X`. */
static enum an_verdict rule_cue_after(const struct ctx *c, struct span_state *st)
{
    return cue_found(st, an_cue_after_span(c, st->k));
}

/* `X said, "..."`, `X: "..."`, `X told the press, "..."`. */
static enum an_verdict rule_cue_before(const struct ctx *c, struct span_state *st)
{
    return cue_found(st, an_cue_before_span(c, st->k));
}

/* `"It is our best chance" that the senator can win, said Ann Bell`: the
 * span opens its sentence, the writer's words go on in lower case, and the
 * sentence closes with `, said X` or `, X said`. */
static enum an_verdict rule_cue_later(const struct ctx *c, struct span_state *st)
{
    size_t k = st->k, f = c->sp_next[k], o = an_before_span(c, k);
    int opens = o == SIZE_MAX || c->t[o].p == '.' || c->t[o].p == '?' || c->t[o].p == '!';
    if (!opens || f >= c->nt || c->t[f].span >= 0 || !an_is_lower_word(&c->t[f]))
        return AN_PASS;
    size_t sent = c->t[f].sent;
    for (size_t i = an_cue_lb(c, f); i < c->ncues; i++) {
        const struct cue *cu = &c->cues[i];
        if (c->t[cu->v0].sent != sent)
            break;
        if (!(cu->cls & LEX_SPEECH) || cu->np.kind == NP_NONE || cu->v0 == cu->v1)
            continue;
        size_t head = cu->after ? cu->v0 : cu->np.a;
        if (head == 0 || !an_is_punct(&c->t[head - 1], ','))
            continue;
        size_t end = cu->after ? cu->np.b : cu->v1;
        if (end < c->nt && c->t[end].sent == sent && !an_is_punct(&c->t[end], '.'))
            continue; /* the cue must close the sentence */
        for (size_t j = f; j < head; j++)
            if (c->t[j].span >= 0)
                return AN_PASS;
        return cue_found(st, (long)i);
    }
    return AN_PASS;
}

/* A paragraph opening with a sentence-like span: speech whose speaker the
 * speaker sieve finds. */
static enum an_verdict rule_paragraph_opening(const struct ctx *c, struct span_state *st)
{
    if (!st->para_start || !(st->words >= 3 || st->unclosed || an_span_multi_sentence(c, st->k) ||
                             an_span_ends_sentence(c, st->k)))
        return AN_PASS;
    st->kind = ANNOT_CONTINUATION;
    return AN_QUOTE;
}

/* `"...," he said. "Everything."`: the same speaker goes on. */
static enum an_verdict rule_speaker_goes_on(const struct ctx *c, struct span_state *st)
{
    if (!st->have_prev || st->prev_cue < 0 || st->prev_cue != an_last_speech_cue(c, st->k) ||
        !an_span_is_sentence(c, st->k))
        return AN_PASS;
    st->kind = ANNOT_CONTINUATION;
    return AN_QUOTE;
}

/* `"Cowboys and Indians"`, `"Hope"`: a short title-case span is a name. */
/* `She said "Beyond Imagination" emerged from a dream`: words all
 * capitalised, with no punctuation of their own, that a verb right after the
 * closing mark takes as its subject, name something; nobody says them. */
static enum an_verdict rule_title_subject(const struct ctx *c, struct span_state *st)
{
    size_t k = st->k, f = c->sp_next[k];
    if (st->words < 2 || st->words > 8 || !an_span_title_case(c, k) || f >= c->nt)
        return AN_PASS;
    unsigned char last = (unsigned char)c->s[c->sp[k].end - 1];
    const struct tok *t = &c->t[f];
    if (!((last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z')) || t->span >= 0 ||
        !an_is_lower_word(t) || t->klen < 2 ||
        (t->cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_RELATIVE | LEX_SPEECH | LEX_REPORT |
                   LEX_PRON_PERSON | LEX_PRON_THING | LEX_ADV)) ||
        (t->f & T_LY))
        return AN_PASS;
    return AN_NOT_QUOTE;
}

/* `a new kind of "quiet" engine`, `the "smart" meters`: one or
 * two words in lower case, with no punctuation of their own, right before a
 * noun in lower case modify it: a term, whoever's word it was. */
static enum an_verdict rule_modifier(const struct ctx *c, struct span_state *st)
{
    size_t k = st->k, f = c->sp_next[k], a = c->sp_first[k];
    if (st->words > 2 || f >= c->nt || a >= c->nt || !an_is_lower_word(&c->t[a]))
        return AN_PASS;
    unsigned char last = (unsigned char)c->s[c->sp[k].end - 1];
    const struct tok *t = &c->t[f];
    if (!(last >= 'a' && last <= 'z') || t->span >= 0 || !an_is_lower_word(t) || t->klen < 3 ||
        t->b > c->sp[k].after + 1 ||
        (t->cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_RELATIVE | LEX_SPEECH | LEX_REPORT |
                   LEX_PARTIAL | LEX_PRON_PERSON | LEX_PRON_THING | LEX_ADV | LEX_PASSIVE)) ||
        (t->f & T_LY) || (c->t[a].cls & LEX_ADV) || (c->t[a].f & T_LY))
        return AN_PASS;
    /* (`had "hardly ever" checked its sums`: a verb in the past follows) */
    if (t->klen > 4 && !memcmp(c->s + t->b + t->klen - 2, "ed", 2))
        return AN_PASS;
    /* the phrase is a noun's: an article, a preposition or a possessive
     * stands before the span (`had "hardly ever" read it` is no noun phrase) */
    size_t o = an_before_span(c, k);
    if (o == SIZE_MAX || !an_is_word(&c->t[o]) || c->t[o].span >= 0 ||
        !((an_is_lower_word(&c->t[o]) && (c->t[o].cls & (LEX_DET | LEX_PREP))) ||
          (c->t[o].f & T_POSS)))
        return AN_PASS;
    return AN_NOT_QUOTE;
}

/* `the lab tracks "drift" which is the slow change of a clock`, `"antimatter,"
 * which means ...`: one or two words in lower case, then "which" or "that"
 * and "is", "are", "means" or "refers": the writer defines a term. */
static enum an_verdict rule_defined_term(const struct ctx *c, struct span_state *st)
{
    size_t k = st->k, f = c->sp_next[k], a = c->sp_first[k];
    if (st->words > 2 || f + 1 >= c->nt || a >= c->nt)
        return AN_PASS;
    for (size_t i = a; i < c->nt && c->t[i].span == (long)k; i++)
        if (!an_is_lower_word(&c->t[i]) && !(an_is_punct(&c->t[i], ',') && st->words == 1 &&
                                             i + 1 < c->nt && c->t[i + 1].span != (long)k))
            return AN_PASS; /* (`called it "a disaster," which is` is said) */
    /* `called the plan "reckless," which is`, `described it as "reckless"`: a
     * verb of partial quotes a few words before the mark, or "as", governs it */
    size_t o = an_before_span(c, k);
    if (o != SIZE_MAX && c->t[o].span < 0 && an_tok_is(c, o, "as"))
        return AN_PASS;
    long g = an_cue_governing(c, k);
    if (g >= 0 && (c->cues[g].cls & LEX_PARTIAL) && !(c->cues[g].cls & LEX_SPEECH) &&
        o != SIZE_MAX && c->cues[g].v1 + 3 >= o)
        return AN_PASS;
    size_t v = f + 1;
    if (!(an_tok_is(c, f, "which") || an_tok_is(c, f, "that")) || c->t[f].span >= 0)
        return AN_PASS;
    if (v + 1 < c->nt && an_is_lower_word(&c->t[v]) && ((c->t[v].f & T_LY) || (c->t[v].cls & LEX_ADV)))
        v++; /* "which is typically" */
    if (c->t[v].span >= 0 || !(an_tok_is(c, v, "is") || an_tok_is(c, v, "are") ||
                               an_tok_is(c, v, "means") || an_tok_is(c, v, "refers")))
        return AN_PASS;
    return AN_NOT_QUOTE;
}

/* Span k is one sentence of its own after another of the writer's, or opens
 * the paragraph: `Bell shook her head. "Never."` */
static int said_alone(const struct ctx *c, size_t k)
{
    size_t o = an_before_span(c, k);
    if (!an_span_is_sentence(c, k))
        return 0;
    return o == SIZE_MAX ||
           (c->t[o].span < 0 && (c->t[o].p == '.' || c->t[o].p == '?' || c->t[o].p == '!'));
}

static enum an_verdict rule_title_case(const struct ctx *c, struct span_state *st)
{
    /* (after "the", a long one is the name of an agreement or a report:
     * `under the "Joint Accord Between the Ministry of ..."`) */
    size_t o = an_before_span(c, st->k);
    int after_the = o != SIZE_MAX && c->t[o].span < 0 && an_tok_is(c, o, "the");
    if (!an_span_title_case(c, st->k) || (st->words > 12 && !after_the) ||
        an_span_multi_sentence(c, st->k))
        return AN_PASS;
    /* `Bell shook her head. "Never."`: a word or two that are a sentence of
     * their own are said */
    if (st->words == 1 && said_alone(c, st->k))
        return AN_PASS;
    /* `"Evening, Mrs. Dale!"`: a greeting with a comma before the name it
     * speaks to, ending a sentence, is said, not a title */
    if (an_span_ends_sentence(c, st->k))
        for (size_t i = c->sp_first[st->k] + 1; i < c->nt && c->t[i].span == (long)st->k; i++)
            if (an_is_punct(&c->t[i], ','))
                return AN_PASS;
    return AN_NOT_QUOTE;
}

/* A whole sentence in marks, within the writer's paragraph. */
static enum an_verdict rule_sentence(const struct ctx *c, struct span_state *st)
{
    /* (`For Ana Ruiz, the answer is simple: "The work is done."`: after a
     * colon a capitalised sentence in marks is one too) */
    size_t o = an_before_span(c, st->k), f = c->sp_first[st->k];
    int after_colon = o != SIZE_MAX && c->t[o].p == ':' && c->t[o].span < 0 && f < c->nt &&
                      (c->t[f].f & T_CAP) && an_span_ends_sentence(c, st->k);
    if (!(an_span_is_sentence(c, st->k) || after_colon) || (st->words < 2 && !said_alone(c, st->k)))
        return AN_PASS;
    st->kind = ANNOT_CONTINUATION;
    return AN_QUOTE;
}

static enum an_verdict rule_governed_partial(const struct ctx *c, struct span_state *st);

/* `once said that "the arc of the moral universe is long"`: a fragment in
 * lower case governed by a verb of saying in its sentence. */
static enum an_verdict rule_governed_fragment(const struct ctx *c, struct span_state *st)
{
    if (an_span_multi_sentence(c, st->k) || !an_is_lower_word(&c->t[c->sp_first[st->k]]))
        return AN_PASS;
    return rule_governed_partial(c, st);
}

/* Six words or more, two sentences, or speech running on into the next
 * paragraph: too long for a term or a scare quote. */
static enum an_verdict rule_long_span(const struct ctx *c, struct span_state *st)
{
    if (!(st->words >= 6 || an_span_multi_sentence(c, st->k) || (st->unclosed && st->next_opens)))
        return AN_PASS;
    st->kind = ANNOT_CONTINUATION;
    return AN_QUOTE;
}

/* `he vowed France would be "ruthless"`: any span governed by a verb of saying. */
static enum an_verdict rule_governed_partial(const struct ctx *c, struct span_state *st)
{
    long cue = an_cue_governing(c, st->k);
    if (cue < 0)
        return AN_PASS;
    /* `"...," replied Ann; "we made her a gift."`: a cue a direct quote
     * took already, with the span after a comma, semicolon or dash that ends
     * a clause, splits that quote; the rest goes on from it (not `Jones
     * told reporters after the match was "a close one"`) */
    size_t o = an_before_span(c, st->k);
    if (c->cues[cue].used && o != SIZE_MAX && c->t[o].span < 0 &&
        (an_is_punct(&c->t[o], ',') || an_is_punct(&c->t[o], ';') ||
         an_is_punct(&c->t[o], '-'))) {
        st->kind = ANNOT_CONTINUATION;
        return AN_QUOTE;
    }
    st->cue = cue;
    st->kind = ANNOT_PARTIAL;
    return AN_QUOTE;
}

/* What is left is a term or a scare quote: `so-called "experts"`. */
static enum an_verdict rule_scare_quote(const struct ctx *c, struct span_state *st)
{
    (void)c;
    (void)st;
    return AN_NOT_QUOTE;
}

/* Most reliable first; the first rule that decides wins. */
const struct an_kind_rule an_kind_rules[] = {
    {"title-trigger", rule_title_trigger},
    {"title-subject", rule_title_subject},
    {"modifier", rule_modifier},
    {"defined-term", rule_defined_term},
    {"cue-after", rule_cue_after},
    {"cue-before", rule_cue_before},
    {"cue-later", rule_cue_later},
    {"paragraph-opening", rule_paragraph_opening},
    {"speaker-goes-on", rule_speaker_goes_on},
    {"title-case", rule_title_case},
    {"sentence", rule_sentence},
    {"governed-fragment", rule_governed_fragment},
    {"long-span", rule_long_span},
    {"governed-partial", rule_governed_partial},
    {"scare-quote", rule_scare_quote},
};
const size_t an_nkind_rules = sizeof an_kind_rules / sizeof an_kind_rules[0];
