/* cues.c - stage 4: speech and report cues outside the quoted spans, each with
 * the noun phrase naming its source.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Append a cue; cues stay in token order. */
static int add_cue(struct ctx *c, const struct cue *cu)
{
    struct cue *cs = an_grow(c->cues, &c->cuecap, c->ncues + 1, sizeof *c->cues, &c->oom);
    if (!cs)
        return 0;
    c->cues = cs;
    c->cues[c->ncues++] = *cu;
    return 1;
}

/* Does token i start a phrase that can follow an inverted verb ("said KCNA")? */
static int starts_source(const struct ctx *c, size_t i)
{
    if (i >= c->nt || c->t[i].span >= 0 || !an_is_word(&c->t[i]))
        return 0;
    const struct tok *t = &c->t[i];
    if (t->cls & (LEX_PRON_PERSON | LEX_PRON_THING))
        return 1;
    if (an_is_name_tok(t))
        return 1;
    return (t->cls & (LEX_DET | LEX_ROLE | LEX_UNNAMED)) != 0;
}

/* A lower-case -ing form: "saying", "adding", "insisting". */
int an_participle(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    return an_is_lower_word(t) && t->klen > 4 && memcmp(c->s + t->b + t->klen - 3, "ing", 3) == 0;
}

/* The subject opening the sentence of token v, for a participle cue after a
 * comma (`Ms Varga hit back, saying ...`): a name, a person pronoun or an
 * unnamed source, else NP_NONE. */
/* "The regulator fined the bank, saying": a determiner and words in lower
 * case opening the sentence, up to a verb in the past ("-ed", or a verb of
 * saying), before token v: the sentence's subject by its shape. */
static struct np desc_subject(const struct ctx *c, size_t s0, size_t v)
{
    struct np np = an_np_empty(s0);
    if (!an_is_word(&c->t[s0]) || !(c->t[s0].cls & LEX_DET) || (c->t[s0].cls & LEX_PRON_PERSON))
        return np;
    for (size_t j = s0 + 1; j < v && j - s0 <= 5; j++) {
        const struct tok *t = &c->t[j];
        if (!an_is_lower_word(t) || t->span >= 0 ||
            (t->cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_RELATIVE)))
            return np;
        int past = (t->klen >= 4 && !memcmp(c->s + t->b + t->klen - 2, "ed", 2)) ||
                   (t->cls & (LEX_SPEECH | LEX_REPORT)) ||
                   (j + 1 < v && (an_tok_is(c, j + 1, "back") || an_tok_is(c, j + 1, "out") ||
                                  an_tok_is(c, j + 1, "up"))); /* "hit back" */
        if (past && j > s0 + 1) {
            np.kind = NP_UNNAMED;
            np.a = np.sa = s0;
            np.b = np.sb = j;
            np.def = an_tok_is(c, s0, "the");
            return np;
        }
    }
    return np;
}

static struct np clause_subject(const struct ctx *c, size_t v)
{
    size_t s0 = v;
    while (s0 > 0 && v - s0 < BACK_MAX && c->t[s0 - 1].sent == c->t[v].sent &&
           c->t[s0 - 1].span < 0)
        s0--;
    struct np none = an_np_empty(v);
    if (s0 > 0 && c->t[s0 - 1].sent == c->t[v].sent)
        return none; /* a quote earlier in the sentence: not a plain clause */
    struct np np = an_np_after(c, s0);
    if (np.kind == NP_NONE) {
        /* an_np_after runs on through the verb ("Ms Varga hit back"): retry on
         * the capitalised run that opens the sentence */
        size_t j = s0;
        while (j < v && j - s0 < NP_MAX && an_is_name_tok(&c->t[j]))
            j++;
        if (j > s0) {
            np.a = s0;
            np.b = j;
            an_find_name(c, &np);
        }
    }
    if (np.kind == NP_NONE)
        np = desc_subject(c, s0, v);
    if (np.b > v)
        return none;
    if (np.kind == NP_PRON_PERSON || np.kind == NP_UNNAMED || (np.kind == NP_NAME && !np.org))
        return np;
    return none;
}

/* `"...," Hana Roe, editor at large at the Courier, said.`: the name right
 * after a quote, before an appositive that runs up to verb i; NP_NONE when
 * the sentence is not so. */
static struct np quote_subject(const struct ctx *c, size_t i)
{
    struct np none = an_np_empty(i);
    size_t q = i;
    while (q > 0 && i - q < BACK_MAX && c->t[q - 1].sent == c->t[i].sent && c->t[q - 1].span < 0)
        q--;
    if (q == 0 || c->t[q - 1].span < 0 || q >= i)
        return none;
    size_t m = q;
    while (m < i && !an_is_punct(&c->t[m], ','))
        m++;
    if (m == q || m + 2 >= i || !an_is_punct(&c->t[i - 1], ','))
        return none;
    struct np np = an_np_of(c, q, m);
    if (np.kind != NP_NAME || np.org || np.na != q || np.nb != m || np.nb - np.na < 2)
        return none;
    np.xa = m + 1;
    np.xb = i - 1;
    return np;
}

/* Verb i is the second of a coordination: "... and said", "... and then,
 * turning to the door, said". */
static int coordinated(const struct ctx *c, size_t i)
{
    if (i == 0)
        return 0;
    if (an_tok_is(c, i - 1, "and") || an_tok_is(c, i - 1, "but"))
        return 1;
    if (!an_is_punct(&c->t[i - 1], ','))
        return 0;
    for (size_t k = i - 1; k > 0 && i - k < 8; k--) {
        const struct tok *t = &c->t[k - 1];
        if (t->sent != c->t[i].sent || t->span >= 0)
            return 0;
        if (an_tok_is(c, k - 1, "and") || an_tok_is(c, k - 1, "but"))
            return 1;
    }
    return 0;
}

/* Is the one-word name at token i a name by this article's evidence: written
 * capitalised inside a sentence elsewhere ("..., Gale said"), or a given name? */
static int lone_name(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    return (t->cls & LEX_GIVEN) || an_vocab_capmid(c->vocab, c->s + t->b, t->klen);
}

/* A word that can be the verb of a cue by its shape alone: a lower-case
 * word that is no function word. */
static int verbish(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    return i < c->nt && an_is_lower_word(t) && t->span < 0 && t->klen >= 3 &&
           !(t->cls & (LEX_BREAK | LEX_DET | LEX_PREP | LEX_PASSIVE | LEX_PRON_PERSON |
                       LEX_PRON_THING | LEX_RELATIVE | LEX_STOPCAP));
}

/* The first-person narrator as a source: "said I", `"...," I answered`. */
static struct np narrator(size_t i)
{
    struct np np;
    memset(&np, 0, sizeof np);
    np.kind = NP_UNNAMED;
    np.acr = -1;
    np.a = np.sa = i;
    np.b = np.sb = i + 1;
    return np;
}

/* "my", "his", "her", "our", "their" before a noun. */
static int possessive_det(const struct ctx *c, size_t i)
{
    return an_tok_is(c, i, "my") || an_tok_is(c, i, "his") || an_tok_is(c, i, "her") ||
           an_tok_is(c, i, "our") || an_tok_is(c, i, "their");
}

/* "the old man", "my mother", "a tall stranger" after an inverted verb: an
 * unnamed source by its shape, a determiner and lower-case words, whether or
 * not the word lists know its noun. */
static struct np desc_after(const struct ctx *c, size_t i)
{
    struct np np = an_np_empty(i);
    if (i >= c->nt || c->t[i].span >= 0 || !an_is_lower_word(&c->t[i]) ||
        !(c->t[i].cls & LEX_DET || possessive_det(c, i)))
        return np;
    size_t j = i + 1;
    while (j < c->nt && j - i <= 4 && an_is_lower_word(&c->t[j]) && c->t[j].span < 0 &&
           !(c->t[j].cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_RELATIVE)) && !(c->t[j].f & T_LY))
        j++;
    if (j == i + 1)
        return np;
    /* "replied her brother Tom", "said her husband, Mark Lee": the name
     * that follows the description is the speaker's, the noun their role */
    size_t n = j < c->nt && an_is_punct(&c->t[j], ',') ? j + 1 : j;
    if (n < c->nt && an_is_name_tok(&c->t[n]) && c->t[n].sent == c->t[i].sent) {
        struct np nm = an_np_after(c, n);
        if (nm.kind == NP_NAME && !nm.org && nm.na == n &&
            (n == j || nm.b >= c->nt || an_is_punct(&c->t[nm.b], ',') ||
             an_is_punct(&c->t[nm.b], '.'))) {
            nm.ra = i + 1;
            nm.rb = j;
            return nm;
        }
    }
    np.kind = NP_UNNAMED;
    np.sa = i;
    np.b = np.sb = j;
    np.def = an_tok_is(c, i, "the");
    return np;
}

/* `"...," the old woman finally said`, `The tall stranger said,`: the same
 * shape before verb v, opening its clause (right after a quote or at the
 * start of the sentence), with adverbs between it and the verb. */
static struct np desc_before(const struct ctx *c, size_t v)
{
    struct np np = an_np_empty(v);
    size_t e = v;
    while (e > 0 && v - e < 2 && an_is_lower_word(&c->t[e - 1]) &&
           ((c->t[e - 1].f & T_LY) || (c->t[e - 1].cls & LEX_ADV)) && c->t[e - 1].span < 0)
        e--;
    size_t a = e;
    while (a > 0 && e - a < 5 && c->t[a - 1].span < 0 && c->t[a - 1].sent == c->t[v].sent &&
           an_is_word(&c->t[a - 1]) && !(c->t[a - 1].cls & LEX_DET) && !possessive_det(c, a - 1))
        a--;
    if (a == 0 || a == e || c->t[a - 1].span >= 0 || c->t[a - 1].sent != c->t[v].sent)
        return np;
    a--; /* the determiner */
    if (a > 0 && c->t[a - 1].span < 0 && c->t[a - 1].sent == c->t[v].sent)
        return np; /* not the opening of its clause */
    int opens = a == 0 || c->t[a - 1].sent != c->t[a].sent;
    if (!an_is_word(&c->t[a]) || (!an_is_lower_word(&c->t[a]) && !opens))
        return np;
    /* one "of" after the head noun and before a last word: "the secretary
     * of state" (its head is the noun before "of") */
    size_t of = 0;
    for (size_t j = a + 1; j < e; j++) {
        if (an_tok_is(c, j, "of") && !of && j > a + 1 && j + 2 == e) {
            of = j;
            continue;
        }
        if (!an_is_lower_word(&c->t[j]) ||
            (c->t[j].cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_RELATIVE)))
            return np;
    }
    if (!of && e - a > 5)
        return np; /* (five words after the determiner only with the "of") */
    const struct tok *h = &c->t[of ? of - 1 : e - 1];
    if (h->cls & (LEX_STMT | LEX_PRON_THING | LEX_ORG))
        return np;
    /* "his advice concluded", "her voice rose": after a possessive, only a
     * noun for a person is a speaker */
    if (possessive_det(c, a) && !(h->cls & (LEX_KIN | LEX_ROLE | LEX_UNNAMED | LEX_DEMONYM)))
        return np;
    np.kind = NP_UNNAMED;
    np.a = np.sa = a;
    np.b = np.sb = e;
    np.def = an_tok_is(c, a, "the");
    return np;
}

/* "said little Ruth", "said old Hale": the token where the name starts after
 * one or two lower-case modifiers, or 0. Three or four words must end in a
 * role noun: "said senior research scientist Ana Ruiz". */
static size_t modified_name(const struct ctx *c, size_t i)
{
    for (size_t j = i; j < c->nt && j < i + 4; j++) {
        const struct tok *t = &c->t[j];
        if (!an_is_lower_word(t) || t->span >= 0 ||
            (t->cls & (LEX_BREAK | LEX_DET | LEX_PREP | LEX_PRON_PERSON | LEX_PRON_THING |
                       LEX_RELATIVE | LEX_SPEECH)))
            return 0;
        if (j + 1 < c->nt && an_is_name_tok(&c->t[j + 1]) && c->t[j + 1].span < 0 &&
            (j < i + 2 || (t->cls & LEX_ROLE) || an_occupation(c, j)))
            return j + 1;
    }
    return 0;
}

/* "as" and a participle within a few words from token v, in its sentence:
 * "quoted by Reuters as saying". */
static int as_participle(const struct ctx *c, size_t v)
{
    size_t as = v;
    while (as < c->nt && as - v < 6 && c->t[as].sent == c->t[v - 1].sent &&
           c->t[as].span < 0 && !an_tok_is(c, as, "as"))
        as++;
    return as + 1 < c->nt && as - v < 6 && an_tok_is(c, as, "as") && an_participle(c, as + 1);
}

/* The particle of a phrasal verb of saying: "shot back", "spoke up". */
static int particle(const struct ctx *c, size_t i)
{
    return an_tok_is(c, i, "back") || an_tok_is(c, i, "up") || an_tok_is(c, i, "out") ||
           an_tok_is(c, i, "in") || an_tok_is(c, i, "on");
}

static int is_i(const struct ctx *c, size_t i)
{
    return i < c->nt && c->t[i].span < 0 && c->t[i].klen == 1 && c->s[c->t[i].b] == 'I';
}

static int cmp_cue(const void *x, const void *y)
{
    const struct cue *a = x, *b = y;
    return a->v0 < b->v0 ? -1 : a->v0 > b->v0;
}

/* The shape of a speech cue whatever its verb: a quote whose words end in
 * , ! ? or a dash goes on in the writer's sentence with `he VERBED`,
 * `Name VERBED`, `VERBED he` or `VERBED the old man`, so the verb is a cue
 * even when no word list has it ("rejoined", "murmured"). And "said I" names
 * the narrator. */
static void shape_cues(struct ctx *c)
{
    size_t n0 = c->ncues;
    for (size_t i = 0; i < n0; i++) {
        struct cue *cu = &c->cues[i];
        if (cu->np.kind != NP_NONE || cu->v0 == cu->v1 || !(cu->cls & LEX_SPEECH))
            continue;
        if (is_i(c, cu->v1))
            cu->np = narrator(cu->v1), cu->after = 1;
        else if (cu->v0 > 0 && is_i(c, cu->v0 - 1))
            cu->np = narrator(cu->v0 - 1);
        else if (c->t[cu->v0].after_of >= 0 && desc_after(c, cu->v1).kind != NP_NONE)
            cu->np = desc_after(c, cu->v1), cu->after = 1;
        else if (c->t[cu->v0].after_of >= 0 && modified_name(c, cu->v1))
            cu->np = an_np_after(c, modified_name(c, cu->v1)), cu->after = 1;
        else if (!cu->after) {
            struct np d = desc_before(c, cu->v0);
            if (d.kind == NP_UNNAMED)
                cu->np = d;
        }
    }
    for (size_t k = 0; k < c->nsp; k++) {
        const struct quotes_span *s = &c->sp[k];
        if (s->end <= s->start)
            continue;
        unsigned char last = (unsigned char)c->s[s->end - 1];
        /* ('"I don't know"--Mary paused--"what ...": a dash right after
         * the closing mark) */
        size_t f = an_after_dash(c, k);
        int dash = f != SIZE_MAX;
        if (!dash)
            f = c->sp_next[k];
        /* ',' '!' '?' '-', or the last byte of an em dash or an ellipsis */
        if (!(dash || last == ',' || last == '!' || last == '?' || last == '-' ||
              (s->end - s->start >= 3 && (unsigned char)c->s[s->end - 3] == 0xE2 &&
               (last == 0x94 || last == 0x93 || last == 0xA6))))
            continue;
        if (f >= c->nt || !an_is_word(&c->t[f]) || c->t[f].span >= 0)
            continue;
        /* 'who calls herself a "space nerd," joined', 'what engineers call
         * "the box," a sealed chamber': a span the writer's words run into is
         * a phrase of their sentence, which says no more after it */
        size_t o = an_before_span(c, k);
        if (o != SIZE_MAX && an_is_lower_word(&c->t[o]) && c->t[o].span < 0)
            continue;
        size_t lb = an_cue_lb(c, f);
        /* the word lists found this cue already; a verb they list only for
         * partial quotes ("called it a mess") still speaks here ("he called"),
         * and one that opens a clause of its own ("shot back when asked") is
         * not this quote's */
        if (lb < n0 && c->cues[lb].v0 <= f + NP_MAX && c->t[c->cues[lb].v0].sent == c->t[f].sent &&
            (c->cues[lb].cls & ~(uint32_t)LEX_PARTIAL) &&
            !(c->cues[lb].v0 > f + 1 && an_is_subordinator(c, c->cues[lb].v0 - 1)))
            continue;
        struct cue cu;
        struct np d;
        memset(&cu, 0, sizeof cu);
        cu.ent = -1;
        cu.cls = LEX_SPEECH;
        size_t v = f;
        while (v < c->nt && v - f < 4 && an_is_name_tok(&c->t[v]) && c->t[v].span < 0)
            v++;
        if (is_i(c, f) && verbish(c, f + 1)) {
            cu.v0 = f + 1;
            cu.np = narrator(f);
        } else if ((v > f || (c->t[f].cls & LEX_PRON_PERSON)) && verbish(c, v > f ? v : f + 1)) {
            cu.v0 = v > f ? v : f + 1;
            cu.np = an_np_before(c, cu.v0);
        } else if (verbish(c, f) && f + 1 < c->nt) {
            cu.v0 = f;
            cu.after = 1;
            cu.np = is_i(c, f + 1) ? narrator(f + 1) : an_np_after(c, f + 1);
            if (cu.np.kind == NP_NONE)
                cu.np = desc_after(c, f + 1);
        } else if ((d = desc_after(c, f)).kind == NP_UNNAMED) {
            size_t w = d.sb; /* "the weary clerk finally answered" */
            while (w < c->nt && w - f < 8 && an_is_lower_word(&c->t[w]) &&
                   ((c->t[w].f & T_LY) || (c->t[w].cls & LEX_ADV)))
                w++;
            /* "the keeper calculated;": the shape took the verb for a word of
             * the phrase; the last word before punctuation is the verb */
            if (!verbish(c, w) && w == d.sb && d.sb - d.sa >= 3 && verbish(c, w - 1) &&
                (w >= c->nt || c->t[w].p))
                w--;
            if (!verbish(c, w))
                continue;
            cu.v0 = w;
            cu.np = desc_before(c, w);
        } else {
            continue;
        }
        cu.v1 = cu.v0 + 1;
        if (cu.v1 < c->nt && !cu.after && particle(c, cu.v1))
            cu.v1++; /* "shot back", "spoke up" */
        if (cu.np.kind == NP_NONE || cu.np.kind == NP_PRON_THING)
            continue;
        if (!add_cue(c, &cu))
            return;
    }
    if (c->ncues > n0)
        qsort(c->cues, c->ncues, sizeof *c->cues, cmp_cue);
}

/* `Ann Bell resisted: "..."`, `Ann Bell hit back, "..."`: a verb no list has,
 * found by its shape, between the speaker and the colon or comma (token i)
 * that opens a quote. After a comma the verb must be unlisted (a listed one is
 * a cue already) and the speaker must open the clause right before it. */
/* `In Ruiz's words, the plan is "..."`, `in her words,`: a cue of the words
 * that follow, whose source is the possessor; "in" is token i. */
static int in_words(struct ctx *c, size_t i)
{
    if (!an_tok_is(c, i, "in") || c->t[i].span >= 0 || i + 3 >= c->nt)
        return 0;
    size_t w = i + 1;
    struct np np = an_np_empty(i + 1);
    if (an_tok_is(c, w, "her") || an_tok_is(c, w, "his") || an_tok_is(c, w, "their")) {
        np = an_np_empty(w);
        np.kind = NP_PRON_PERSON;
        np.na = np.sa = w;
        np.nb = np.b = np.sb = w + 1;
        w++;
    } else {
        while (w < c->nt && w - i <= 3 && an_is_name_tok(&c->t[w]) && !(c->t[w].f & T_POSS))
            w++;
        if (w >= c->nt || !an_is_name_tok(&c->t[w]) || !(c->t[w].f & T_POSS))
            return 0;
        w++;
        np.kind = NP_NAME;
        np.na = np.ra = np.rb = np.sa = np.a = i + 1;
        np.nb = np.sb = np.b = w;
    }
    if (w + 1 >= c->nt || !an_tok_is(c, w, "words") || !an_is_punct(&c->t[w + 1], ','))
        return 0;
    struct cue cu;
    memset(&cu, 0, sizeof cu);
    cu.ent = -1;
    cu.v0 = i;
    cu.v1 = w + 1;
    cu.cls = LEX_CUEPREP | LEX_PARTIAL;
    cu.after = 1;
    cu.np = np;
    add_cue(c, &cu);
    return 1;
}

/* `Reed's message was simple: "..."`, `Her answer: "..."`: a clause opened
 * by a possessive name and a statement noun, ending in the colon (token i)
 * before a quote, is that person's word. */
static void poss_statement_before_colon(struct ctx *c, size_t i)
{
    for (size_t k = i; k-- > 1 && i - k <= 8 && c->t[k].sent == c->t[i].sent;) {
        const struct tok *t = &c->t[k];
        if (t->span >= 0 || !an_is_word(t))
            return;
        if (!an_is_lower_word(t) || !(t->cls & LEX_STMT))
            continue;
        if (an_tok_is(c, k - 1, "her") || an_tok_is(c, k - 1, "his") || an_tok_is(c, k - 1, "their")) {
            if (!an_opens_clause(c, k - 1))
                return;
            struct cue cu; /* `Her message to critics: "..."` */
            memset(&cu, 0, sizeof cu);
            cu.ent = -1;
            cu.v0 = cu.v1 = i;
            cu.cls = LEX_SPEECH;
            cu.np = an_np_empty(k - 1);
            cu.np.kind = NP_PRON_PERSON;
            cu.np.na = cu.np.sa = k - 1;
            cu.np.nb = cu.np.b = cu.np.sb = k;
            add_cue(c, &cu);
            return;
        }
        if (!(c->t[k - 1].f & T_POSS) || !an_is_name_tok(&c->t[k - 1]))
            continue;
        size_t s0 = k - 1;
        while (s0 > 0 && k - s0 < 4 && an_is_name_tok(&c->t[s0 - 1]) &&
               c->t[s0 - 1].sent == t->sent && !(c->t[s0 - 1].f & T_POSS))
            s0--;
        if (!an_opens_clause(c, s0))
            return;
        struct np np = an_np_of(c, s0, k + 1);
        if (np.kind != NP_NAME)
            return;
        struct cue cu;
        memset(&cu, 0, sizeof cu);
        cu.ent = -1;
        cu.v0 = cu.v1 = i;
        cu.cls = LEX_SPEECH;
        cu.np = np;
        add_cue(c, &cu);
        return;
    }
}

/* `this response from Dale Hicks, "..."`, `a reply from the mayor: "..."`:
 * a statement noun, "from" and a name (or description) right before the
 * mark (token i) make the quote that source's words. */
static int stmt_from_before_mark(struct ctx *c, size_t i)
{
    size_t fr = i; /* "from" */
    while (fr > 2 && i - fr < NP_MAX && an_is_word(&c->t[fr - 1]) && c->t[fr - 1].span < 0 &&
           !an_tok_is(c, fr - 1, "from"))
        fr--;
    if (fr < 3 || fr == i || !an_tok_is(c, fr - 1, "from") || !an_is_lower_word(&c->t[fr - 2]) ||
        !(c->t[fr - 2].cls & LEX_STMT) || c->t[fr - 2].sent != c->t[i].sent)
        return 0;
    struct np np = an_np_of(c, fr, i);
    int desc = np.kind == NP_UNNAMED && np.sb > np.sa && an_tok_is(c, np.sa, "the");
    if (!((np.kind == NP_NAME && !np.org) || desc))
        return 0;
    struct cue cu;
    memset(&cu, 0, sizeof cu);
    cu.ent = -1;
    cu.v0 = fr - 2;
    cu.v1 = fr - 1;
    cu.cls = LEX_SPEECH;
    cu.np = np;
    add_cue(c, &cu);
    return 1;
}

static void verb_before_mark(struct ctx *c, size_t i, int comma)
{
    size_t v = particle(c, i - 1) ? i - 1 : i;
    /* `Ann Bell put it bluntly: "..."`: before a colon, an adverb and the
     * verb's "it" may stand between the verb and the mark */
    if (!comma && v > 2 && an_is_lower_word(&c->t[v - 1]) && (c->t[v - 1].f & T_LY)) {
        v--;
        if (an_tok_is(c, v - 1, "it"))
            v--;
    }
    /* `As Ann Bell put it, "..."`: the verb's "it" stands before the comma */
    int as_put = comma && v > 3 && an_tok_is(c, v - 1, "it") && an_tok_is(c, v - 2, "put");
    if (as_put)
        v--;
    uint32_t no = LEX_ADV | (comma ? LEX_SPEECH | LEX_REPORT : 0u);
    if (v == 0 || !verbish(c, v - 1) || (c->t[v - 1].cls & no))
        return;
    struct np np = an_np_before(c, v - 1);
    if (np.kind == NP_NONE)
        np = desc_before(c, v - 1); /* "The old man grunted," */
    /* a name, an organisation's too, a pronoun, or a definite description
     * of a person or an organisation ("The council reasoned,") */
    int desc = np.kind == NP_UNNAMED && np.sb > np.sa && an_tok_is(c, np.sa, "the") &&
               (c->t[np.sb - 1].cls & (LEX_ROLE | LEX_ORG | LEX_KIN | LEX_UNNAMED | LEX_DEMONYM));
    if (!(np.kind == NP_NAME || np.kind == NP_PRON_PERSON || desc))
        return;
    size_t f = np.kind == NP_NAME ? (np.ra < np.na ? np.ra : np.na) : desc ? np.sa : np.a;
    int after_as = as_put && f > 0 && an_tok_is(c, f - 1, "as") && an_opens_clause(c, f - 1);
    if (comma && (np.b != v - 1 || !(an_opens_clause(c, f) || after_as)))
        return;
    struct cue cu;
    memset(&cu, 0, sizeof cu);
    cu.ent = -1;
    cu.v0 = v - 1;
    cu.v1 = comma ? v : i;
    cu.cls = LEX_SPEECH;
    cu.np = np;
    add_cue(c, &cu);
}

/* Every cue of the paragraph with the phrase that names its source. */
void an_find_cues(struct ctx *c)
{
    const uint32_t want = LEX_SPEECH | LEX_REPORT | LEX_PARTIAL | LEX_CUEPREP | LEX_FINDING;
    static const uint32_t classes[] = {LEX_SPEECH, LEX_REPORT, LEX_PARTIAL, LEX_CUEPREP,
                                       LEX_FINDING};
    c->ncues = 0;
    for (size_t i = 0; i < c->nt; i++) {
        const struct tok *t = &c->t[i];
        if (t->klen == 2 && (c->s[t->b] | 0x20) == 'i' && in_words(c, i))
            continue;
        if (t->span >= 0 || (t->p == 0 && !(t->cls & (want | LEX_PHRASE))))
            continue;
        /* "Acme's report said": after a possessive a statement noun is no verb */
        if (an_stmt_after_poss(c, i))
            continue;
        struct cue cu;
        memset(&cu, 0, sizeof cu);
        cu.ent = -1;
        /* `"..." - X` and `X: "..."` */
        if (t->p == '-' && t->after_of >= 0 && i + 1 < c->nt) {
            size_t n0 = i + 1; /* "--" is two dash tokens */
            if (c->t[n0].p == '-' && n0 + 1 < c->nt)
                n0++;
            struct np np = an_np_after(c, n0);
            /* a credit line ends the paragraph, perhaps saying where it was
             * posted: `"..." — director Jane Roe, on X` */
            int credit = np.b < c->nt && c->t[np.b].p == ',' && c->nt - np.b <= 6 &&
                         c->t[c->nt - 1].span < 0 && c->t[c->nt - 1].after_of < 0;
            if (np.kind == NP_NAME &&
                (np.b >= c->nt || c->t[np.b].p == '.' || c->t[np.b].sent != c->t[i].sent ||
                 np.xb > np.xa || credit)) {
                cu.v0 = cu.v1 = i;
                cu.cls = LEX_SPEECH;
                cu.after = 1;
                cu.np = np;
                add_cue(c, &cu);
            }
            continue;
        }
        if (t->p == ',' && i > 1 && i + 1 < c->nt && c->t[i + 1].span >= 0 &&
            c->sp_first[c->t[i + 1].span] == i + 1 && t->span < 0) {
            if (!stmt_from_before_mark(c, i))
                verb_before_mark(c, i, 1); /* `Ann Bell hit back, "..."` */
            continue;
        }
        if (t->p == ':' && i + 1 < c->nt && c->t[i + 1].span >= 0 &&
            c->sp_first[c->t[i + 1].span] == i + 1) {
            struct np np = an_np_before(c, i);
            if (np.kind == NP_NAME && np.a + NP_MAX > i) {
                cu.v0 = cu.v1 = i;
                cu.cls = LEX_SPEECH;
                cu.np = np;
                add_cue(c, &cu);
            } else if (i > 1 && !stmt_from_before_mark(c, i)) {
                size_t n0 = c->ncues;
                verb_before_mark(c, i, 0); /* `Ann Bell resisted: "..."` */
                if (c->ncues == n0)
                    poss_statement_before_colon(c, i); /* `Reed's message was simple: "` */
            }
            continue;
        }
        if (!an_is_word(t) || !(t->cls & (want | LEX_PHRASE)))
            continue;
        if ((t->f & (T_CAP | T_ALLCAPS)) && i > 0 && c->t[i - 1].sent == t->sent &&
            c->t[i - 1].span < 0)
            continue; /* "United States" is no verb */
        size_t m = 1;
        if (!(t->cls & LEX_PHRASE)) {
            /* no multi-word entry starts here: the token's own classes are
             * what lex_match would look up again, six times */
            cu.cls = t->cls & want;
        } else {
            struct lex_word w[4];
            size_t n = 0;
            for (size_t k = i; k < c->nt && n < 4 && an_is_word(&c->t[k]) && c->t[k].span < 0; k++) {
                w[n].s = c->s + c->t[k].b;
                w[n].len = c->t[k].klen;
                n++;
            }
            m = lex_match(want, w, n);
            if (!m)
                continue;
            for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++)
                if (lex_match(classes[k], w, n) == m)
                    cu.cls |= classes[k];
        }
        cu.v0 = i;
        cu.v1 = i + m;
        /* `"...," Hale was saying`: a form of "be" before an -ing is no
         * passive but the verb going on; its subject is before the "be" */
        if (m == 1 && i > 1 && c->t[i - 1].span < 0 && (c->t[i - 1].cls & LEX_PASSIVE) &&
            !an_tok_is(c, i - 1, "being") && t->klen > 4 &&
            !memcmp(c->s + t->b + t->klen - 3, "ing", 3) && !(cu.cls & LEX_CUEPREP)) {
            cu.np = an_np_before(c, i - 1);
            if (cu.np.kind == NP_NAME || cu.np.kind == NP_PRON_PERSON) {
                cu.v0 = i - 1;
                add_cue(c, &cu);
            }
            continue;
        }
        if (i > 0 && c->t[i - 1].span < 0 &&
            ((c->t[i - 1].cls & LEX_PASSIVE) || an_tok_is(c, i - 1, "not") ||
             an_tok_is(c, i - 1, "to")) &&
            !(cu.cls & LEX_CUEPREP)) {
            /* "Hale was quoted (by Reuters) as saying": the subject spoke */
            if ((c->t[i - 1].cls & LEX_PASSIVE) && an_tok_is(c, i, "quoted") && i > 1 &&
                as_participle(c, cu.v1)) {
                cu.np = an_np_before(c, i - 1);
                if (cu.np.kind == NP_NAME || cu.np.kind == NP_PRON_PERSON ||
                    cu.np.kind == NP_UNNAMED) {
                    cu.v0 = i - 1;
                    add_cue(c, &cu);
                }
                i += m - 1;
                continue;
            }
            /* "were described by independent experts as": the agent speaks */
            if ((c->t[i - 1].cls & LEX_PASSIVE) && cu.v1 + 1 < c->nt && an_tok_is(c, cu.v1, "by")) {
                cu.np = an_np_after(c, cu.v1 + 1);
                if (cu.np.kind != NP_NONE) {
                    cu.after = 1;
                    add_cue(c, &cu);
                }
            }
            i += m - 1;
            continue;
        }
        /* "both described by the Times as": a participle's agent speaks as
         * the passive's does, when "as" after the agent says how (not "They
         * estimated by 2050", "explained by phone") */
        if (m == 1 && !(cu.cls & LEX_CUEPREP) && t->klen > 4 &&
            !memcmp(c->s + t->b + t->klen - 2, "ed", 2) && cu.v1 + 1 < c->nt &&
            an_tok_is(c, cu.v1, "by") && c->t[cu.v1].span < 0 &&
            !(i > 0 && c->t[i - 1].sent == t->sent && !an_tok_is(c, i - 1, "as") &&
              ((c->t[i - 1].cls & (LEX_PRON_PERSON | LEX_PRON_THING | LEX_BREAK)) ||
               an_is_name_tok(&c->t[i - 1])))) {
            /* (or "as put by Senator Ada Wren, the plan ...") */
            struct np agent = an_np_after(c, cu.v1 + 1);
            size_t b = agent.b;
            if (agent.kind != NP_NONE && !(c->t[cu.v1 + 1].f & T_DIGIT) && b < c->nt &&
                (an_tok_is(c, b, "as") ||
                 (i > 0 && an_tok_is(c, i - 1, "as") && an_is_punct(&c->t[b], ',')))) {
                cu.np = agent;
                cu.after = 1;
                add_cue(c, &cu);
                continue;
            }
        }
        if (cu.cls & LEX_CUEPREP) {
            cu.after = 1;
            cu.np = an_np_after(c, cu.v1);
            /* "according to a statement from the ministry" */
            if (cu.np.kind == NP_NONE && cu.np.b > cu.np.a && cu.np.b + 1 < c->nt &&
                (c->t[cu.np.b - 1].cls & LEX_STMT) &&
                (an_tok_is(c, cu.np.b, "from") || an_tok_is(c, cu.np.b, "by") ||
                 an_tok_is(c, cu.np.b, "of"))) {
                struct np in = an_np_after(c, cu.np.b + 1);
                if (in.kind != NP_NONE)
                    cu.np = in;
            }
            if (cu.np.kind == NP_NONE && (i == 0 || c->t[i - 1].sent != t->sent)) {
                /* "Citing privacy rules, U.S. officials have not said": the subject */
                size_t k = cu.v1;
                while (k < c->nt && k - cu.v1 < NP_MAX && an_same_clause_tok(c, k, i) &&
                       !an_is_punct(&c->t[k], ','))
                    k++;
                if (k < c->nt && an_is_punct(&c->t[k], ',')) {
                    struct np np = an_np_after(c, k + 1);
                    if (np.kind == NP_UNNAMED || np.kind == NP_NAME)
                        cu.np = np;
                }
            }
        } else {
            /* `", said KCNA`, `, said Mauer,`: the source follows the verb */
            int after_quote = i == 0 || c->t[i].after_of >= 0 || c->t[i - 1].span >= 0;
            int comma = i > 0 && (c->t[i - 1].p == ',' || c->t[i - 1].p == '-');
            /* "ended the meeting by saying", "before adding": the participle
             * after a preposition is the main clause subject's act too */
            int by = i > 0 && an_is_lower_word(&c->t[i - 1]) && (c->t[i - 1].cls & LEX_PREP) &&
                     c->t[i - 1].span < 0;
            if (!after_quote && (comma || by) && an_participle(c, i))
                cu.np = clause_subject(c, i);
            struct np inv = comma && !after_quote && starts_source(c, cu.v1)
                                ? an_np_after(c, cu.v1)
                                : an_np_empty(i);
            if (cu.np.kind != NP_NONE) {
                /* `X hit back, saying ...`: the main clause's subject speaks */
            } else if (inv.kind == NP_NAME && inv.b + 1 < c->nt && an_is_punct(&c->t[inv.b], ',') &&
                       c->t[inv.b + 1].span >= 0) {
                /* `Were it not for the probe, said Roe, "..."`: the name between
                 * the commas before the quote speaks, not the one before */
                cu.after = 1;
                cu.np = inv;
            } else if (!after_quote && !(comma && an_participle(c, i))) {
                /* (before `, calling`, the noun is an object: "hit back on
                 * Twitter, calling") */
                cu.np = an_np_before(c, i);
                if (cu.np.kind != NP_NONE && !(cu.np.kind == NP_NAME || !comma))
                    cu.np.kind = NP_NONE;
            }
            if (cu.np.kind == NP_NONE && !after_quote && comma) {
                /* "Dr. Jo Ruiz, a neurologist who ..., called it": the subject
                 * before a long appositive */
                struct np sub = clause_subject(c, i);
                if ((sub.kind == NP_NAME || sub.kind == NP_UNNAMED) && sub.b < i &&
                    an_is_punct(&c->t[sub.b], ','))
                    cu.np = sub;
            }
            if (comma && c->t[i - 1].span < 0 && (cu.np.kind == NP_NONE || cu.np.kind == NP_NAME)) {
                struct np qs = quote_subject(c, i);
                if (qs.kind == NP_NAME && (cu.np.kind == NP_NONE || cu.np.a > qs.b))
                    cu.np = qs;
            }
            if (cu.np.kind == NP_NONE && !after_quote && coordinated(c, i)) {
                /* "She set down her cup and said,": the subject of the sentence */
                struct np sub = clause_subject(c, i);
                /* a lone capitalised word opening the sentence may be no one ("Notes on
                 * the wall ... and read"): a pronoun, a title, a full name, or a word
                 * the article also capitalises inside a sentence or a given name */
                if (sub.kind == NP_PRON_PERSON ||
                    (sub.kind == NP_NAME && (sub.nb - sub.na >= 2 || sub.rb > sub.ra ||
                                             lone_name(c, sub.na))))
                    cu.np = sub;
            }
            if (cu.np.kind == NP_NONE && (after_quote || comma) && starts_source(c, cu.v1)) {
                cu.after = 1;
                cu.np = an_np_after(c, cu.v1);
            }
            if (cu.np.kind == NP_NONE && after_quote) {
                cu.after = 0;
                cu.np = an_np_before(c, i);
            }
        }
        add_cue(c, &cu);
        i += m - 1;
    }
    shape_cues(c);
}
