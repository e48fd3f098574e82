/* speaker_sieve.c - stage 6: who said a quote, as an ordered table of named
 * rules; the first rule that decides wins.
 */
#include "model.h"

#include <ctype.h>
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

/* Speaker, unnamed source, cue and their spans from cue cu. */
static void from_cue(struct ctx *c, struct annot_quote *q, const struct cue *cu, int with_cue)
{
    q->speaker = cu->ent;
    if (cu->ent < 0 && cu->np.kind == NP_UNNAMED)
        q->source = an_source_text(c, &cu->np);
    else if (cu->ent < 0 && cu->usrc[0] && !q->source)
        q->source = strdup(cu->usrc);
    an_span_np(c, &q->speaker_span, &cu->np);
    if (with_cue) {
        q->cue = an_cue_text(c, cu);
        an_span_cue(c, &q->cue_span, cu);
    }
}

/* The cue the quote sieve found next to the span: `"...," said X`. */
static int rule_cue(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (st->cue < 0 || st->kind == ANNOT_CONTINUATION)
        return 0;
    from_cue(c, q, &c->cues[st->cue], 1);
    c->cues[st->cue].used |= st->kind != ANNOT_PARTIAL;
    return 1;
}

/* A capitalised word inside a quote (an_is_name_tok() leaves quotes out).
 * Quoted words longer than three letters carry no classes: looked up here. */
static int cap_word(const struct ctx *c, const struct tok *t)
{
    if (!an_is_word(t) || !(t->f & T_CAP))
        return 0;
    uint32_t cls = t->klen > 3 ? lex_classes(c->s + t->b, t->klen) : t->cls;
    return !(cls & LEX_STOPCAP);
}

/* "My dear Mr. Hale,": an honorific and a name, spoken to, name a person
 * of the honorific's sex, even before the narration names them. */
static long titled_vocative(struct ctx *c, size_t i, size_t j, uint32_t cls)
{
    char name[128];
    if (!an_name_copy(c, i + 1, j, name, sizeof name))
        return -1;
    uint32_t sex = cls & (LEX_MALE | LEX_FEMALE);
    if (sex != LEX_MALE && sex != LEX_FEMALE)
        return -1;
    size_t before = c->nents;
    if (j == i + 2 && an_hon_namesake(c, name, i, sex))
        an_ent_new(c, name); /* "Miss Grey," is not Ada Grey, called "Miss Ada" */
    long id = an_ent_mention(c, name, NULL, NULL, NULL, ENT_PERSON, sex);
    if (id < 0)
        return -1;
    struct ent *e = &c->ents[id];
    if (c->nents > before)
        e->last = 0; /* spoken to, not spoken of: no antecedent for "he" yet */
    if (!e->sex)
        e->sex = sex;
    an_ent_set_hon(c, e, i);
    return id;
}

/* The nested quotes, '…' or ‘…’, of a quote's bytes a..e: at most NEST_MAX
 * [open, close) byte ranges. A name inside one is spoken to there, not by the
 * quote's speaker. A straight mark opens one only when a closing mark follows
 * ("go 'long with you" is an elision). */
#define NEST_MAX 8
struct nests {
    size_t n, at[NEST_MAX][2];
};

static void find_nests(const struct ctx *c, size_t a, size_t e, struct nests *ns)
{
    size_t open = SIZE_MAX;
    ns->n = 0;
    for (size_t i = a; i < e && ns->n < NEST_MAX; i++) {
        unsigned char u = (unsigned char)c->s[i];
        if (u != '\'' && u != 0xE2)
            continue; /* most bytes are neither mark */
        int curly = u == 0xE2 && i + 2 < e && (unsigned char)c->s[i + 1] == 0x80;
        unsigned char v = curly ? (unsigned char)c->s[i + 2] : 0;
        size_t w = curly ? 3 : 1;
        int before = i > a && isalnum((unsigned char)c->s[i - 1]);
        int after = i + w < e && isalnum((unsigned char)c->s[i + w]);
        if (open == SIZE_MAX && ((u == '\'' && !before && after) || v == 0x98)) {
            open = i;
        } else if (open != SIZE_MAX && (u == '\'' || v == 0x99) && c->s[i - 1] != ' ' && !after) {
            ns->at[ns->n][0] = open;
            ns->at[ns->n][1] = i;
            ns->n++;
            open = SIZE_MAX;
        }
        i += w - 1;
    }
}

static int in_nest(const struct ctx *c, size_t span, struct nests *ns, size_t b)
{
    if (ns->n == SIZE_MAX)
        find_nests(c, c->sp[span].start, c->sp[span].end, ns);
    for (size_t k = 0; k < ns->n; k++)
        if (b > ns->at[k][0] && b < ns->at[k][1])
            return 1;
    return 0;
}

/* The name span k speaks to: "It is your best work, Edwin,", "Good evening,
 * Sir Hugh,". Copies it into name (of size cap) and returns the known person
 * it names, or -1 (name is "" when there is no such name). */
static long vocative(struct ctx *c, size_t k, char *name, size_t cap)
{
    size_t f = c->sp_first[k];
    char keep[64] = "";
    struct nests ns;
    ns.n = SIZE_MAX; /* found when a name is first seen */
    name[0] = '\0';
    for (size_t i = f; i < c->nt && c->t[i].span == (long)k; i++) {
        /* "Morning, nurse.": a role word spoken to names whom it named
         * (words inside quotes carry no classes: looked up here) */
        if (i > f && an_is_punct(&c->t[i - 1], ',') && an_is_lower_word(&c->t[i]) &&
            i + 1 < c->nt && c->t[i + 1].span == (long)k &&
            (lex_classes(c->s + c->t[i].b, c->t[i].klen) & LEX_ROLE) &&
            (an_is_punct(&c->t[i + 1], ',') || an_is_punct(&c->t[i + 1], '.') ||
             an_is_punct(&c->t[i + 1], '!') || an_is_punct(&c->t[i + 1], '?'))) {
            long id = an_ent_by_desc(c, i);
            if (id >= 0)
                return id;
            continue;
        }
        /* after a comma, or a word of address: "My dear Mr. Hale," */
        if (!cap_word(c, &c->t[i]) || in_nest(c, k, &ns, c->t[i].b) ||
            (i > f && !an_is_punct(&c->t[i - 1], ',') && !an_tok_is(c, i - 1, "dear")))
            continue;
        size_t j = i;
        while (j < c->nt && j - i < 3 && c->t[j].span == (long)k && cap_word(c, &c->t[j]))
            j++;
        size_t e = j; /* "Tom dear,": a word of address may follow the name */
        if (e + 1 < c->nt && c->t[e + 1].span == (long)k && an_tok_is(c, e, "dear"))
            e++;
        int ends = e >= c->nt || c->t[e].span != (long)k || an_is_punct(&c->t[e], ',') ||
                   an_is_punct(&c->t[e], '.') || an_is_punct(&c->t[e], '!') ||
                   an_is_punct(&c->t[e], '?');
        if (!ends || (i == f && (e >= c->nt || !an_is_punct(&c->t[e], ','))))
            continue; /* "Edwin is ..." opens a sentence about him */
        size_t nl = an_name_copy(c, i, j, name, cap);
        if (!nl)
            continue;
        int alias;
        long id = an_ent_match(c, name, &alias, 0);
        if (id < 0 && j - i == 1) {
            /* "Edwin" when "Edwin Marlowe" was written but not yet spoken of */
            const char *full = an_full_name_by_first(c, name, nl);
            if (full)
                id = an_ent_mention(c, full, NULL, NULL, NULL, ENT_PERSON, 0);
        }
        /* "Aunt Ruth,": a kin word is a title when spoken to (words inside
         * quotes longer than three letters carry no classes: looked up) */
        uint32_t tcls =
            c->t[i].klen > 3 ? lex_classes(c->s + c->t[i].b, c->t[i].klen) : c->t[i].cls;
        if (id < 0 && j - i >= 2 && (tcls & (LEX_TITLE | LEX_KIN)) &&
            (tcls & (LEX_MALE | LEX_FEMALE)) && !(c->t[i + 1].cls & LEX_TITLE))
            id = titled_vocative(c, i, j, tcls);
        if (id >= 0 && c->ents[id].type != ENT_ORG)
            return id;
        /* a title alone ("Lord,") is no name; quoted words longer than three
         * letters carry no classes, so it is looked up */
        if (j - i == 1 && !(lex_classes(c->s + c->t[i].b, c->t[i].klen) & LEX_TITLE)) {
            /* a one-word name no one has yet: keep it for the narrator, unless
             * a known name follows ("True, Tom, but"); a word that opens a
             * quote ("Ditto,") only when the article capitalises it inside a
             * sentence too, or it is a given name */
            const struct tok *w = &c->t[i];
            if (!keep[0] && strlen(name) < sizeof keep &&
                (an_vocab_capmid(c->vocab, c->s + w->b, w->klen) ||
                 (lex_classes(c->s + w->b, w->klen) & LEX_GIVEN)))
                memcpy(keep, name, strlen(name) + 1);
        }
        name[0] = '\0';
        i = j;
    }
    if (keep[0] && strlen(keep) < cap)
        memcpy(name, keep, strlen(keep) + 1);
    return -1;
}

/* "I am Vicar Pembury", "my name is Ruth Cole": the name a quote gives its
 * own speaker, or -1. */
static long self_introduced(struct ctx *c, size_t k)
{
    size_t f = c->sp_first[k];
    for (size_t i = f; i + 2 < c->nt && c->t[i + 2].span == (long)k; i++) {
        size_t n = 0;
        if ((c->t[i].klen == 1 && c->s[c->t[i].b] == 'I') && an_tok_is(c, i + 1, "am"))
            n = i + 2;
        else if (an_tok_is(c, i, "my") && an_tok_is(c, i + 1, "name") && i + 3 < c->nt &&
                 an_tok_is(c, i + 2, "is"))
            n = i + 3;
        if (!n || n >= c->nt || c->t[n].span != (long)k || !cap_word(c, &c->t[n]))
            continue;
        size_t j = n;
        while (j < c->nt && j - n < 3 && c->t[j].span == (long)k && cap_word(c, &c->t[j]))
            j++;
        if (j - n < 2)
            continue; /* "I am Sorry" is no introduction; a full name is */
        char name[128];
        if (!an_name_copy(c, n, j, name, sizeof name))
            return -1;
        return an_ent_mention(c, name, NULL, NULL, NULL, ENT_PERSON, 0);
    }
    return -1;
}

/* `"Yes," I said, "Tomas Weller."`: a quote of "I" that is a full name
 * and nothing else (two or three capitalised words) is the narrator giving
 * theirs; the person, or -1. */
static long name_answer(struct ctx *c, size_t k)
{
    size_t f = c->sp_first[k], j = f;
    while (j < c->nt && c->t[j].span == (long)k && j - f < 4 && cap_word(c, &c->t[j]))
        j++;
    if (j - f < 2 || j - f > 3)
        return -1;
    size_t e = j; /* a full stop or comma may end it, nothing else */
    if (e < c->nt && c->t[e].span == (long)k &&
        (an_is_punct(&c->t[e], '.') || an_is_punct(&c->t[e], ',')))
        e++;
    if (e < c->nt && c->t[e].span == (long)k)
        return -1;
    char name[128];
    if (!an_name_copy(c, f, j, name, sizeof name))
        return -1;
    return an_ent_mention(c, name, NULL, NULL, NULL, ENT_PERSON, 0);
}

/* Is the text told by "I" here: its narration said "I" in this paragraph or
 * the three before? */
static int told_by_i(const struct ctx *c)
{
    return c->i_para >= 0 && (size_t)c->i_para + 3 >= c->para;
}

/* `"..., Milo," said Lord Ashby.` then a quote paragraph with no cue: the
 * person spoken to answers. */
static int rule_vocative_reply(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (!st->para_start || c->runs_on || c->nturn < 1 || c->addressed_para + 1 != c->para ||
        c->turn[0].para + 1 != c->para)
        return 0;
    long to = c->addressed;
    /* `"When is the dance, Nell?"` then `"A week on Friday."`: a
     * one-word name no one has yet answers too, unless the text is told by
     * "I", whose name it may be */
    if (to < 0 && c->addressed_name && !strchr(c->addressed_name, ' ') && !told_by_i(c)) {
        int alias;
        if (an_ent_match(c, c->addressed_name, &alias, 0) >= 0)
            return 0;
        to = an_ent_mention(c, c->addressed_name, NULL, NULL, NULL, ENT_PERSON, 0);
    }
    if (to < 0 || to == c->turn[0].ent || c->ents[to].type == ENT_ORG)
        return 0;
    q->speaker = to;
    return 1;
}

/* Is the speaker known enough to take turns: a named person, or an unnamed
 * one by the phrase that named them ("the vicar", "I")? */
static int who_known(const struct ctx *c, long ent, const char *source)
{
    return ent >= 0 ? c->ents[ent].type != ENT_ORG : source != NULL;
}

static int who_same(long a, const char *as, long b, const char *bs)
{
    if (a >= 0 || b >= 0)
        return a == b;
    return as && bs && !strcasecmp(as, bs);
}

/* In a conversation (the latest two quote paragraphs by two different
 * speakers, at most one paragraph apart, the newest short and at most one
 * paragraph before this one) the other speaker, whose turn it is: 1 with
 * *ent and *source set, else 0. */
int an_conversation_other(const struct ctx *c, long *ent, const char **source)
{
    if (c->nturn < 2 || c->turn[0].para + 2 < c->para || c->turn[1].para + 2 < c->turn[0].para)
        return 0;
    /* a reply is short; a speaker who holds forth for paragraphs is not in
     * a conversation */
    if (c->turn[0].words > TURN_WORDS)
        return 0;
    if (!who_known(c, c->turn[0].ent, c->turn[0].source) ||
        !who_known(c, c->turn[1].ent, c->turn[1].source))
        return 0;
    *ent = c->turn[1].ent;
    *source = c->turn[1].source;
    return 1;
}

/* q's speaker is ent, or the unnamed source of phrase source when ent < 0. */
static void set_speaker(struct annot_quote *q, long ent, const char *source)
{
    q->speaker = ent;
    if (ent < 0 && source && !q->source)
        q->source = strdup(source);
}

/* `"..., Tom," Jim murmured.` then `"Why is that?" said the stranger.`: a
 * description no one has been tied to, answering the quote paragraph just
 * before that spoke to someone by name, is the one spoken to. */
static int rule_description_addressed(struct ctx *c, const struct span_state *st,
                                      struct annot_quote *q)
{
    if (st->cue < 0 || st->kind == ANNOT_CONTINUATION || !st->para_start || st->have_prev ||
        c->runs_on)
        return 0;
    const struct cue *cu = &c->cues[st->cue];
    if (cu->np.kind != NP_UNNAMED || cu->ent >= 0 || c->addressed_para + 1 != c->para ||
        c->turn[0].para + 1 != c->para || (c->addressed < 0 && !c->addressed_name))
        return 0;
    long to = c->addressed;
    uint32_t sex = c->t[cu->np.sb - 1].cls & (LEX_MALE | LEX_FEMALE);
    if (sex != LEX_MALE && sex != LEX_FEMALE)
        sex = 0;
    if (to < 0) {
        /* "Am I right, Jack?" then "said my uncle": a name only spoken to is
         * a person too, unless its given name is of the other sex, or the
         * description is the narrator's "I" or belongs to the one spoken to
         * ("Lizzy." then "said her mother") */
        const struct tok *h = &c->t[cu->np.sb - 1];
        uint32_t nsex = lex_classes(c->addressed_name, an_first_word_len(c->addressed_name)) &
                        (LEX_MALE | LEX_FEMALE);
        if (nsex != LEX_MALE && nsex != LEX_FEMALE)
            nsex = 0;
        uint32_t psex = an_tok_is(c, cu->np.sa, "his")   ? LEX_MALE
                        : an_tok_is(c, cu->np.sa, "her") ? LEX_FEMALE
                                                         : 0;
        if ((sex && nsex && nsex != sex) || (psex && (!nsex || nsex == psex)) ||
            !an_is_lower_word(h) || (h->cls & (LEX_PRON_PERSON | LEX_PRON_THING)) ||
            cu->np.sb < cu->np.sa + 2 ||
            (c->narrator && !strcmp(c->narrator, c->addressed_name)))
            return 0;
    } else if (to == c->turn[0].ent || c->ents[to].type == ENT_ORG) {
        return 0;
    }
    /* "said the stranger" when the stranger spoke already is that speaker again */
    char *src = an_source_text(c, &cu->np);
    int known = 0;
    for (size_t t = 0; t < c->nturn && src; t++)
        known |= who_same(-1, src, c->turn[t].ent, c->turn[t].source);
    free(src);
    if (known)
        return 0;
    if (to < 0) {
        to = an_ent_mention(c, c->addressed_name, NULL, NULL, NULL, ENT_PERSON, sex);
        if (to < 0)
            return 0;
        if (!c->ents[to].sex)
            c->ents[to].sex = sex;
    }
    from_cue(c, q, cu, 1);
    free(q->source);
    q->source = NULL;
    q->speaker = to;
    c->cues[st->cue].used = 1;
    return 1;
}

/* Is a name of a known person mentioned in the paragraph before span k? */
static int names_before(const struct ctx *c, size_t k)
{
    for (size_t n = 0; n < c->nev && c->ev[n].pos < c->sp[k].open; n++)
        if (c->ev[n].np.kind == NP_NAME && c->ev[n].ent >= 0)
            return 1;
    return 0;
}

/* `"...," he said` in a conversation: the pronoun fits both speakers and
 * recency picked the one who spoke last, but a new paragraph is the other's
 * turn. */
static int rule_pronoun_turn(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (st->cue < 0 || st->kind == ANNOT_CONTINUATION || st->have_prev)
        return 0;
    const struct cue *cu = &c->cues[st->cue];
    long other = -1;
    const char *osrc = NULL;
    if (cu->np.kind != NP_PRON_PERSON || an_tok_is(c, cu->np.a, "they"))
        return 0;
    uint32_t sex = c->t[cu->np.a].cls & (LEX_MALE | LEX_FEMALE);
    /* `"Feel better, Ilse?" he asked.` then `She looked at him. "I thought
     * so," she spoke`: a one-word name spoken to that no one has yet answers,
     * after a beat that names no one, whomever recency gave the pronoun
     * (someone not in the conversation) */
    int fresh = c->nturn >= 1 && c->addressed < 0 && c->addressed_name &&
                !strchr(c->addressed_name, ' ') && c->addressed_para + 1 == c->para &&
                c->turn[0].para + 1 == c->para &&
                (sex == LEX_MALE || sex == LEX_FEMALE);
    /* (in a text told by "I", the name may be the narrator's) */
    if (!st->para_start && (!fresh || told_by_i(c) || names_before(c, st->k) ||
                            (cu->ent >= 0 && cu->ent == c->turn[0].ent)))
        return 0;
    /* the one the quote before spoke to by name, or the other in the conversation;
     * "he replied" answers the speaker before however long they spoke */
    int reply = (c->t[cu->v0].cls & LEX_REPLY) && c->nturn >= 2 && c->turn[0].para + 2 >= c->para &&
                who_known(c, c->turn[1].ent, c->turn[1].source);
    /* `"..., Brack," said I.` then `"...?" replied he`: a one-word name spoken
     * to that no one has yet is the person who answers */
    int named = fresh && (cu->ent < 0 || !st->para_start);
    if (c->addressed >= 0 && c->addressed_para + 1 == c->para && c->turn[0].para + 1 == c->para &&
        c->addressed != c->turn[0].ent)
        other = c->addressed;
    else if (named) {
        int alias;
        if (an_ent_match(c, c->addressed_name, &alias, 0) >= 0)
            return 0;
    } else if (reply) {
        other = c->turn[1].ent;
        osrc = c->turn[1].source;
    } else if (!an_conversation_other(c, &other, &osrc))
        return 0;
    if (cu->ent >= 0 && cu->ent != c->turn[0].ent && st->para_start)
        return 0; /* a third person, mentioned since */
    /* "Roe added that ..." between the quotes: outside dialogue (news), the
     * narration since goes on about the one who spoke last, and so does the
     * pronoun; in dialogue the turn passes all the same */
    size_t nsub = c->nsubj < SUBJ_MAX ? c->nsubj : SUBJ_MAX;
    for (size_t k = 0; k < nsub && !c->dialogue; k++) {
        size_t slot = (c->nsubj - 1 - k) % SUBJ_MAX;
        if (c->subj_para[slot] >= c->para)
            continue; /* the pronoun's own sentence */
        if (c->subj[slot] == c->turn[0].ent && c->subj_para[slot] > c->turn[0].para)
            return 0;
        break;
    }
    if (named && other < 0) {
        other = an_ent_mention(c, c->addressed_name, NULL, NULL, NULL, ENT_PERSON, sex);
        if (other < 0)
            return 0;
        if (!c->ents[other].sex)
            c->ents[other].sex = sex;
    }
    uint32_t osex = other >= 0 ? an_ent_sex_guess(&c->ents[other]) : 0;
    if (sex && osex && osex != sex)
        return 0;
    from_cue(c, q, cu, 1);
    set_speaker(q, other, osrc);
    c->cues[st->cue].used = 1;
    return 1;
}

/* `"A," laughed the keeper. "B," he added.`: a pronoun cue after a quote of
 * a description in the same paragraph, with no name between them, is that
 * description again, not the last named person of the pronoun's sex. */
static int rule_pronoun_after_description(struct ctx *c, const struct span_state *st,
                                          struct annot_quote *q)
{
    if (st->cue < 0 || st->kind == ANNOT_CONTINUATION || !st->have_prev || st->prev_cue < 0 ||
        st->prev_cue == st->cue || st->prev.ent >= 0 || !st->prev.source ||
        !strcmp(st->prev.source, "I"))
        return 0;
    const struct cue *cu = &c->cues[st->cue], *pc = &c->cues[st->prev_cue];
    if (cu->np.kind != NP_PRON_PERSON || an_tok_is(c, cu->np.a, "they") ||
        pc->np.kind != NP_UNNAMED || pc->np.sb <= pc->np.sa)
        return 0;
    for (size_t i = pc->np.b; i < cu->np.a; i++)
        if (c->t[i].span < 0 && an_is_name_tok(&c->t[i]))
            return 0;
    uint32_t sex = c->t[cu->np.a].cls & (LEX_MALE | LEX_FEMALE);
    uint32_t dsex = c->t[pc->np.sb - 1].cls & (LEX_MALE | LEX_FEMALE);
    if (sex && dsex && sex != dsex)
        return 0;
    from_cue(c, q, cu, 1);
    set_speaker(q, -1, st->prev.source);
    c->cues[st->cue].used = 1;
    return 1;
}

/* `"A," he said, "B."`: B shares A's cue. */
static int rule_split_by_cue(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (st->cue < 0)
        return 0;
    from_cue(c, q, &c->cues[st->cue], 0);
    c->cues[st->cue].used = 1;
    return 1;
}

/* A later quote of the same paragraph goes on with the earlier one's speaker. */
static int rule_same_paragraph(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    (void)c;
    if (!st->have_prev)
        return 0;
    set_speaker(q, st->prev.ent, st->prev.source);
    return 1;
}

/* The sentence of the writer's right before span k, in its paragraph and
 * holding no quote of its own, ended by a full stop or "!": its tokens f..o
 * (o its last), or 0 when there is none. */
static int sentence_before(const struct ctx *c, size_t k, size_t *f, size_t *o)
{
    *o = an_before_span(c, k);
    if (*o == SIZE_MAX || c->t[*o].span >= 0 || (c->t[*o].p != '.' && c->t[*o].p != '!'))
        return 0;
    *f = *o;
    while (*f > 0 && c->t[*f - 1].sent == c->t[*o].sent && c->t[*f - 1].span < 0)
        (*f)--;
    return !(*f > 0 && c->t[*f - 1].sent == c->t[*o].sent);
}

/* `"...," Hale said. Roy, a guard, recalled the noise. "..."`: the
 * sentence right before the quote, itself holding no quote, reports someone
 * else by name: they speak now, not the paragraph's earlier speaker. */
static int rule_reporter_between(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    size_t o, f;
    if (!st->have_prev || st->cue >= 0 || !sentence_before(c, st->k, &f, &o))
        return 0;
    size_t end = an_cue_lb(c, o + 1);
    for (size_t n = an_cue_lb(c, f); n < end; n++) {
        const struct cue *cu = &c->cues[n];
        if (cu->used || cu->v0 == cu->v1 || !(cu->cls & (LEX_REPORT | LEX_SPEECH)) ||
            cu->np.kind != NP_NAME || cu->ent < 0 || c->ents[cu->ent].type == ENT_ORG ||
            cu->ent == st->prev.ent)
            continue;
        from_cue(c, q, cu, 0);
        return 1;
    }
    return 0;
}

/* `Experts say the risk is real. "..."`: an attribution earlier in the paragraph. */
static int rule_attribution_before(struct ctx *c, const struct span_state *st,
                                   struct annot_quote *q)
{
    size_t first = an_cue_lb(c, c->sp_first[st->k]);
    for (size_t n = 0; n < first && n < BACK_CUES; n++) {
        const struct cue *cu = &c->cues[first - 1 - n];
        if (cu->used || cu->v0 == cu->v1 || !(cu->cls & (LEX_REPORT | LEX_SPEECH)) ||
            cu->np.kind == NP_NONE)
            continue;
        if (cu->ent >= 0 || cu->np.kind == NP_UNNAMED) {
            from_cue(c, q, cu, 0);
            return 1;
        }
    }
    return 0;
}

/* `Carter was defiant. "..."`: the person the paragraph is about. */
static int rule_paragraph_subject(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    size_t ev = 0, hi = c->nev; /* events before the span: binary search */
    while (ev < hi) {
        size_t mid = ev + (hi - ev) / 2;
        if (c->ev[mid].pos < c->sp[st->k].open)
            ev = mid + 1;
        else
            hi = mid;
    }
    /* `He described Hale as "..."`: the subject of the quote's own sentence
     * first, a name or a pronoun, not a name in its object */
    size_t sent = c->t[c->sp_first[st->k]].sent;
    for (size_t n = 0; n < ev && n < BACK_CUES; n++) {
        const struct event *e = &c->ev[ev - 1 - n];
        size_t f = e->np.kind == NP_NAME ? e->np.na : e->np.a;
        if (f >= c->nt || c->t[f].sent != sent)
            break;
        if (e->ent >= 0 && (e->np.kind == NP_NAME || e->np.kind == NP_PRON_PERSON) &&
            c->ents[e->ent].type != ENT_ORG && an_opens_clause(c, f)) {
            q->speaker = e->ent;
            an_span_np(c, &q->speaker_span, &e->np);
            return 1;
        }
    }
    for (size_t n = 0; n < ev && n < BACK_CUES; n++) {
        const struct event *e = &c->ev[ev - 1 - n];
        if (e->ent >= 0 && e->np.kind == NP_NAME && c->ents[e->ent].type != ENT_ORG) {
            q->speaker = e->ent;
            an_span_np(c, &q->speaker_span, &e->np);
            return 1;
        }
    }
    return 0;
}

/* The person a sentence opening at token f is about: a known name followed
 * by a verb, or "he", "she", "his", "her" when one of the people in the
 * conversation (else the latest person) is of that sex; -1 when none. The
 * mention's tokens go to *b, *e. */
static long actor_at(struct ctx *c, size_t f, size_t *b, size_t *e)
{
    if (f >= c->nt || c->t[f].span >= 0 || !(c->t[f].f & T_CAP))
        return -1;
    /* "And Nora looked at the ashes.": the sentence's person after its "And" */
    if ((an_tok_is(c, f, "and") || an_tok_is(c, f, "but")) && f + 1 < c->nt &&
        c->t[f + 1].span < 0 &&
        (an_is_name_tok(&c->t[f + 1]) || (c->t[f + 1].cls & LEX_PRON_PERSON)))
        f++;
    *b = f;
    *e = f + 1;
    if (an_is_name_tok(&c->t[f])) {
        size_t j = f;
        while (j < c->nt && j - f < 3 && an_is_name_tok(&c->t[j]))
            j++;
        char name[128];
        if (j >= c->nt || !an_is_lower_word(&c->t[j]) || !an_name_copy(c, f, j, name, sizeof name))
            return -1;
        int alias;
        long id = an_ent_match(c, name, &alias, 0);
        *e = j;
        return id >= 0 && c->ents[id].type != ENT_ORG ? id : -1;
    }
    uint32_t sex = 0;
    if (c->t[f].cls & LEX_PRON_PERSON)
        sex = c->t[f].cls & (LEX_MALE | LEX_FEMALE);
    else if (an_tok_is(c, f, "his"))
        sex = LEX_MALE;
    else if (an_tok_is(c, f, "her"))
        sex = LEX_FEMALE;
    if (!sex)
        return -1;
    int unnamed = 0;
    for (size_t t = 0; t < c->nturn; t++) {
        if (c->turn[t].ent >= 0 && c->ents[c->turn[t].ent].sex == sex &&
            c->turn[t].para + 3 >= c->para)
            return c->turn[t].ent;
        unnamed |= c->turn[t].ent < 0 && c->turn[t].source && strcmp(c->turn[t].source, "I") &&
                   c->turn[t].para + 3 >= c->para;
    }
    if (c->addressed >= 0 && c->ents[c->addressed].sex == sex && c->addressed_para + 1 == c->para)
        return c->addressed;
    /* a party of the conversation known only by a description ("a man"):
     * "He" is more likely that one than anyone named before it */
    if (unnamed)
        return -1;
    long id = an_ent_recent(c, ENT_PERSON, sex);
    return id >= 0 && c->ents[id].sex == sex ? id : -1; /* someone known to be of that sex */
}

/* q's speaker is the person of the sentence opening at token f, if any. */
static int actor_speaks(struct ctx *c, size_t f, struct annot_quote *q)
{
    size_t b, e;
    long id = actor_at(c, f, &b, &e);
    if (id < 0)
        return 0;
    q->speaker = id;
    an_span_toks(c, &q->speaker_span, b, e);
    return 1;
}

/* "The boy frowned.", "The gaunt stranger sighed.": a definite
 * description of at most three words that opens the sentence, its head a
 * person by the word lists or its verb one of speaking's manners (doors open
 * and days pass, but only people sigh), is the sentence's actor: whom it was
 * resolved to, else that phrase. */
static int desc_actor(struct ctx *c, size_t f, struct annot_quote *q)
{
    if (!an_tok_is(c, f, "the"))
        return 0;
    for (size_t k = f + 1; k + 1 < c->nt && k <= f + 3; k++) {
        const struct tok *h = &c->t[k], *v = &c->t[k + 1];
        if (!an_is_lower_word(h) || (h->f & T_POSS) || h->span >= 0 ||
            (h->cls & (LEX_PREP | LEX_DET | LEX_ADV | LEX_STMT | LEX_PRON_THING)) ||
            ((h->cls & LEX_ORG) && !(h->cls & LEX_ROLE)))
            return 0;
        if (v->sent != h->sent || v->span >= 0 || !an_is_lower_word(v) ||
            (v->cls & (LEX_PREP | LEX_DET | LEX_ADV)))
            continue;
        if (!(v->cls & LEX_SPEECH) && !(h->cls & (LEX_ROLE | LEX_KIN)))
            continue;
        for (size_t n = 0; n < c->nev; n++)
            if (c->ev[n].np.kind == NP_UNNAMED && c->ev[n].np.sa == f && c->ev[n].ent >= 0) {
                q->speaker = c->ev[n].ent;
                an_span_toks(c, &q->speaker_span, f, k + 1);
                return 1;
            }
        q->speaker = -1;
        free(q->source);
        q->source = an_dup_range(c->s, c->t[f].b, h->e);
        an_span_toks(c, &q->speaker_span, f, k + 1);
        return q->source != NULL;
    }
    return 0;
}

/* `"My dog!" His finger pointed up.`, `"No." Margit turned
 * away.`: a quote paragraph with no cue whose next sentence is about a
 * person. */
static int rule_actor_after(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    size_t f = c->sp_next[st->k];
    if (!st->para_start || f >= c->nt || c->t[f].sent == c->t[c->sp_first[st->k]].sent)
        return 0;
    /* `"..." Tom stared at her blankly.` in a conversation, Tom having
     * spoken just before: his reaction to the other's turn, not his words */
    size_t b, e;
    long id = actor_at(c, f, &b, &e), other;
    const char *osrc;
    if (id >= 0 && c->nturn >= 1 && id == c->turn[0].ent && c->turn[0].para + 1 == c->para &&
        !c->runs_on && an_conversation_other(c, &other, &osrc))
        return 0;
    return actor_speaks(c, f, q) || desc_actor(c, f, q);
}

/* `He put down his cup. "Not again!"`: the sentence right
 * before the quote, in its paragraph, is about a person. */
static int rule_actor_before(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    size_t f, o;
    if (!sentence_before(c, st->k, &f, &o))
        return 0;
    return actor_speaks(c, f, q) || desc_actor(c, f, q);
}

/* `Nelson said of the loss:` then quote paragraphs: the lead-in's speaker. */
static int rule_lead_in(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (!c->intro_set || !st->para_start)
        return 0;
    q->speaker = c->intro_ent;
    return 1;
}

/* Longest paragraph of narration whose subject is taken for the speaker of
 * the quote paragraph after it: "Hale nodded." is, a page of scenery is not. */
#define ACTOR_WORDS 24

/* After the paragraph: when it had no quote, few words and a person as the
 * subject of its last sentence that had one, or when its last sentence is
 * narration after its quotes and opens with a person, remember them
 * (actor-paragraph). */
void an_note_actor(struct ctx *c, size_t quotes_before)
{
    c->actor = -1;
    if (c->a->nquotes != quotes_before && c->nt > 0 && c->nsp > 0) {
        /* `"A friend gave it to me," said Tom. ... Tom ate another sweet.`:
         * the person of the paragraph's last sentence, narration after
         * its last quote, goes on in the next */
        size_t sent = c->t[c->nt - 1].sent, f = c->nt - 1;
        while (f > 0 && c->t[f - 1].sent == sent)
            f--;
        size_t lastq = c->sp_first[c->nsp - 1];
        if (lastq >= c->nt || c->t[lastq].sent >= sent || c->t[c->nt - 1].span >= 0)
            return;
        size_t b, e;
        long id = actor_at(c, f, &b, &e);
        if (id >= 0) {
            c->actor = id;
            c->actor_para = c->para;
        }
        return;
    }
    if (c->a->nquotes != quotes_before || c->nsp || c->nsubj == 0 || c->nwords > ACTOR_WORDS)
        return;
    size_t slot = (c->nsubj - 1) % SUBJ_MAX;
    /* "Hale's eyes would look out at his mother.": no one acts */
    if (c->subj_para[slot] != c->para || c->ents[c->subj[slot]].type == ENT_ORG ||
        c->subj_topic[slot])
        return;
    c->actor = c->subj[slot];
    c->actor_para = c->para;
}

/* `Hale nodded.` then a quote paragraph with no cue: Hale speaks. */
static int rule_actor_paragraph(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (!st->para_start || c->runs_on || c->actor < 0 || c->actor_para + 1 != c->para)
        return 0;
    q->speaker = c->actor;
    return 1;
}

/* A quote paragraph with no cue in a conversation: the other speaker's turn,
 * unless the quote before runs on into this paragraph. */
static int rule_conversation_turn(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    long other;
    const char *osrc;
    if (!st->para_start || c->runs_on || !an_conversation_other(c, &other, &osrc))
        return 0;
    set_speaker(q, other, osrc);
    return 1;
}

/* Short paragraphs that open with a quote mark, at least DIALOGUE_MIN of them
 * and one paragraph in DIALOGUE_SHARE: the text is dialogue as fiction writes
 * it, where a new paragraph is a new speaker's; a news story's quote
 * paragraphs are few and long, and go on with the same speaker. */
#define DIALOGUE_WORDS 20
#define DIALOGUE_MIN 5
#define DIALOGUE_SHARE 5

int an_is_dialogue(const char *const *paras, const size_t *lens, size_t npara)
{
    size_t n = 0;
    for (size_t p = 0; p < npara; p++) {
        const unsigned char *s = (const unsigned char *)paras[p];
        size_t len = lens[p], words = 1;
        int opens = len > 0 && (s[0] == '"' || s[0] == '\'');
        opens |= len > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9C || s[2] == 0x98);
        for (size_t i = 0; opens && i < len && words <= DIALOGUE_WORDS; i++)
            words += s[i] == ' ';
        n += opens && words <= DIALOGUE_WORDS;
    }
    return n >= DIALOGUE_MIN && n * DIALOGUE_SHARE >= npara;
}

/* A quote paragraph with no cue right after another, in a text of dialogue
 * (an_is_dialogue) or whose cued neighbouring quote paragraphs mostly change
 * speaker: the other party's turn. */
static int rule_alternating_text(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    int alternates = c->dialogue || (c->adj_alt >= 1 && c->adj_alt > c->adj_same);
    if (!st->para_start || c->runs_on || !c->last_was_quote || c->last_quote_para + 1 != c->para ||
        !alternates || c->nturn < 2 ||
        c->turn[0].para + 1 != c->para || !who_known(c, c->turn[1].ent, c->turn[1].source))
        return 0;
    set_speaker(q, c->turn[1].ent, c->turn[1].source);
    return 1;
}

/* A closed quote paragraph, then another with no cue, in dialogue, when only
 * one party has spoken yet: the latest other person mentioned answers
 * ("Tom Hale shrugged." then `"Well?" asked Nora.` then his reply). */
static int rule_dialogue_other(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    int alternates = c->dialogue || (c->adj_alt >= 1 && c->adj_alt > c->adj_same);
    if (!st->para_start || c->runs_on || !c->last_was_quote || c->last_quote_para + 1 != c->para ||
        !alternates || c->nturn < 1 || c->turn[0].para + 1 != c->para ||
        !who_known(c, c->turn[0].ent, c->turn[0].source) ||
        (c->nturn >= 2 && who_known(c, c->turn[1].ent, c->turn[1].source)))
        return 0;
    /* someone mentioned in that paragraph or the one before it, not long ago */
    uint64_t since = c->para >= 2 ? c->para_clock[(c->para - 2) % 4] : 0;
    long other = an_ent_recent_other(c, c->turn[0].ent, since);
    if (other < 0)
        return 0;
    q->speaker = other;
    return 1;
}

/* A quote paragraph right after another one: the same speaker goes on. */
static int rule_previous_quote(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    if (!st->para_start || !c->last_was_quote || c->last_quote_para + 1 != c->para)
        return 0;
    set_speaker(q, c->last_quote.ent, c->last_quote.source);
    return 1;
}

/* Whoever spoke or was reported last, at most two paragraphs back. */
static int rule_latest_speaker(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    (void)st;
    if (!c->last_any.set || c->para - c->last_any.para > 2)
        return 0;
    set_speaker(q, c->last_any.ent, c->last_any.source);
    return 1;
}

/* Nothing tells: the speaker is unknown. */
static int rule_unknown(struct ctx *c, const struct span_state *st, struct annot_quote *q)
{
    (void)c;
    (void)st;
    q->speaker = -1;
    return 1;
}

/* Most reliable first; the first rule that decides wins. */
const struct an_speaker_rule an_speaker_rules[] = {
    {"pronoun-turn", rule_pronoun_turn, 0},
    {"description-addressed", rule_description_addressed, 0},
    {"pronoun-after-description", rule_pronoun_after_description, 0},
    {"cue", rule_cue, 0},
    {"split-by-cue", rule_split_by_cue, 1},
    {"reporter-between", rule_reporter_between, 0},
    {"same-paragraph", rule_same_paragraph, 1},
    {"attribution-before", rule_attribution_before, 1},
    {"paragraph-subject", rule_paragraph_subject, 1},
    {"lead-in", rule_lead_in, 1},
    {"actor-before", rule_actor_before, 0},
    {"actor-after", rule_actor_after, 0},
    {"vocative-reply", rule_vocative_reply, 0},
    {"actor-paragraph", rule_actor_paragraph, 0},
    {"conversation-turn", rule_conversation_turn, 0},
    {"alternating-text", rule_alternating_text, 0},
    {"dialogue-other", rule_dialogue_other, 0},
    {"previous-quote", rule_previous_quote, 1},
    {"latest-speaker", rule_latest_speaker, 1},
    {"unknown", rule_unknown, 0},
};
const size_t an_nspeaker_rules = sizeof an_speaker_rules / sizeof an_speaker_rules[0];

/* The quote sieve over span k: its verdict, with st->kind and st->cue set. */
static const struct an_kind_rule *kind_sieve(const struct ctx *c, struct span_state *st)
{
    for (size_t r = 0; r < an_nkind_rules; r++) {
        st->cue = -1;
        st->kind = ANNOT_DIRECT;
        enum an_verdict v = an_kind_rules[r].decide(c, st);
        if (v == AN_QUOTE)
            return &an_kind_rules[r];
        if (v == AN_NOT_QUOTE)
            return NULL;
    }
    return NULL;
}

/* One more sign that the narrator "I" is called name (copied). */
static void narrator_vote(struct ctx *c, const char *name)
{
    int variant;
    long id = an_ent_match(c, name, &variant, 0);
    if (id >= 0 && c->ents[id].nquotes > 0)
        return; /* quoted by name already: someone other than "I" */
    if (c->narrator && !strcmp(c->narrator, name)) {
        c->narrator_votes++;
    } else if (--c->narrator_votes < 0) {
        char *n = strdup(name);
        if (!n) {
            c->oom = 1;
            return;
        }
        free(c->narrator);
        c->narrator = n;
        c->narrator_votes = 1;
    }
}

/* q is ent's after all, by rule: counted with ent's quotes. */
static void quote_named(struct ctx *c, struct annot_quote *q, long ent, const char *rule)
{
    q->speaker = ent;
    q->speaker_rule = rule;
    c->ents[ent].used = 1;
    c->ents[ent].nquotes++;
}

/* `"Otto," said the young lady` when the scene's other speaker is known
 * only as "the child": a name no one has yet, spoken to, is the one person
 * of the last paragraphs met only by a description who is not the speaker
 * (vocative-named), in the quotes before too. */
static void vocative_names_unnamed(struct ctx *c, const struct annot_quote *q, long to,
                                   const char *to_name)
{
    /* (in a text told by "I", a new name spoken to is as likely the narrator's) */
    if (to >= 0 || !to_name[0] || strchr(to_name, ' ') || told_by_i(c))
        return;
    long slot = -1;
    for (size_t u = 0; u < 2; u++) {
        const char *src = c->unnamed[u].src;
        if (!c->unnamed[u].stamp || !src[0] || c->unnamed[u].para + 3 < c->para ||
            (q->source && !strcasecmp(q->source, src)))
            continue;
        /* "my mother" is how the text names her: no one the name may be */
        if (!strncasecmp(src, "my ", 3) || !strncasecmp(src, "his ", 4) ||
            !strncasecmp(src, "her ", 4) || !strncasecmp(src, "our ", 4) ||
            !strncasecmp(src, "their ", 6))
            return;
        if (slot >= 0)
            return; /* two of them: no telling which */
        slot = (long)u;
    }
    if (slot < 0)
        return;
    uint32_t sex = lex_classes(to_name, strlen(to_name)) & (LEX_MALE | LEX_FEMALE);
    if ((sex != LEX_MALE && sex != LEX_FEMALE) || !c->unnamed[slot].sex)
        sex = 0;
    if (sex && sex != c->unnamed[slot].sex)
        return;
    long id = an_ent_mention(c, to_name, NULL, NULL, NULL, ENT_PERSON, c->unnamed[slot].sex);
    if (id < 0)
        return;
    char src[sizeof c->unnamed[slot].src];
    memcpy(src, c->unnamed[slot].src, sizeof src);
    an_name_source(c, src, id, "vocative-named");
}

/* "My dear Clara," I answered, right after a quote of "my uncle's wife": the
 * answer speaks to whoever spoke before, so the unnamed speaker of the
 * paragraph before has that name, in the quotes before too (vocative-named). */
static void vocative_names(struct ctx *c, const struct annot_quote *q, size_t k, long to,
                           const char *to_name)
{
    if (c->nturn < 1 || c->turn[0].para + 1 != c->para) {
        vocative_names_unnamed(c, q, to, to_name);
        return;
    }
    if (c->turn[0].ent >= 0 || (c->turn[0].source && !strcmp(c->turn[0].source, "I")))
        return;
    /* "Well, ..." opens many answers: a name that opens the quote is no proof */
    const struct tok *f = &c->t[c->sp_first[k]];
    if (to < 0 && !strncmp(c->s + f->b, to_name, f->e - f->b))
        return;
    const char *src = c->turn[0].source;
    if (to < 0) {
        const char *head = src ? an_last_word(src) : "";
        uint32_t sex = lex_classes(head, strlen(head)) & (LEX_MALE | LEX_FEMALE);
        if (sex != LEX_MALE && sex != LEX_FEMALE)
            sex = 0;
        to = an_ent_mention(c, to_name, NULL, NULL, NULL, ENT_PERSON, sex);
        if (to >= 0 && !c->ents[to].sex)
            c->ents[to].sex = sex;
    }
    if (to < 0 || c->ents[to].type == ENT_ORG)
        return;
    if (src) {
        an_name_source(c, src, to, "vocative-named");
        return;
    }
    /* no one was known to speak there: the quotes of that paragraph are theirs */
    struct annot *a = c->a;
    for (size_t i = 0; i + 1 < a->nquotes; i++) {
        struct annot_quote *b = &a->quotes[i];
        if (b->para == c->turn[0].para && b->speaker < 0 && !b->source)
            quote_named(c, b, to, "vocative-named");
    }
    c->turn[0].ent = to;
}

/* The paragraph's quotes were spoken by ent: the conversation goes on. */
static void take_turn(struct ctx *c, long ent, const char *source)
{
    size_t words = c->nwords;
    if (c->nturn > 0 && who_same(c->turn[0].ent, c->turn[0].source, ent, source)) {
        c->turn[0].para = c->para;
        c->turn[0].words = words;
        return;
    }
    c->turn[1] = c->turn[0];
    c->turn[0].ent = ent;
    c->turn[0].source = source;
    c->turn[0].para = c->para;
    c->turn[0].words = words;
    c->nturn += c->nturn < 2;
}

/* Did the paragraph before end with a question of "I" ("“Why?” I asked")? */
static int asked_by_i(const struct ctx *c)
{
    const struct annot *a = c->a;
    size_t i = a->nquotes;
    while (i > 0 && a->quotes[i - 1].para == c->para)
        i--;
    if (i == 0)
        return 0;
    const struct annot_quote *q = &a->quotes[i - 1];
    size_t n = strlen(q->text);
    return q->para + 1 == c->para && q->speaker < 0 && q->source && !strcmp(q->source, "I") &&
           n > 0 && q->text[n - 1] == '?';
}

/* Does the paragraph's narration (outside quotes) write the one-word name? */
static int narration_names(const struct ctx *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < c->nt; i++) {
        const struct tok *t = &c->t[i];
        if (t->span < 0 && (t->f & T_CAP) && t->klen == n && !memcmp(c->s + t->b, name, n))
            return 1;
    }
    return 0;
}

/* runs-on-to-cue: a quote that runs on over paragraphs without a cue ("We
 * have waited. / "We will wait no more," said Ann Bell.) is the speaker's whom
 * the paragraph ending the run names by its cue. Called after each quote; the
 * chain holds whole paragraphs of quotes with no speaker and ends at any other
 * quote or paragraph. */
static void run_on_chain(struct ctx *c, const struct span_state *st, struct annot_quote *q,
                         const struct an_speaker_rule *sr)
{
    size_t qi = (size_t)(q - c->a->quotes);
    if (!st->have_prev) {
        int continues = st->para_start && c->runs_on && c->last_quote_para + 1 == c->para;
        if (!continues)
            c->open_chain = 0;
        if (c->open_chain && q->speaker >= 0 && sr && sr->decide == rule_cue) {
            for (size_t i = c->open_first; i < qi; i++)
                if (c->a->quotes[i].speaker < 0 && !c->a->quotes[i].source)
                    quote_named(c, &c->a->quotes[i], q->speaker, "runs-on-to-cue");
            c->open_chain = 0;
        }
        c->para_first_q = qi;
        c->para_unknown = 1;
    }
    c->para_unknown &= q->speaker < 0 && !q->source && q->kind != ANNOT_PARTIAL;
    if (!c->para_unknown)
        c->open_chain = 0;
    else if (st->unclosed && !c->open_chain) {
        c->open_chain = 1;
        c->open_first = c->para_first_q;
    }
}

/* Classify every span of the paragraph and add the quotes, each through the
 * quote sieve, then the speaker sieve. */
void an_do_spans(struct ctx *c, int next_opens)
{
    /* a name spoken to that the narration then writes of ("dragged out by
     * Jack") is someone other than the "I" who answers */
    if (c->addressed_name && c->addressed_para < c->para && narration_names(c, c->addressed_name)) {
        free(c->addressed_name);
        c->addressed_name = NULL;
    }
    struct span_state st;
    memset(&st, 0, sizeof st);
    st.prev_cue = -1;
    st.prev.ent = -1;
    st.next_opens = next_opens;
    long last = -1, addressed = -1;
    char *addressed_name = NULL;
    const char *last_src = NULL;
    int any = 0, cued = 0;
    for (size_t k = 0; k < c->nsp; k++) {
        const struct quotes_span *s = &c->sp[k];
        if (s->end <= s->start)
            continue;
        st.k = k;
        st.words = an_span_words(c, k);
        if (!st.words)
            continue;
        st.para_start = c->sp_first[k] == 0 || an_before_span(c, k) == SIZE_MAX;
        st.unclosed = !s->closed;
        const struct an_kind_rule *kr = kind_sieve(c, &st);
        if (!kr)
            continue;
        struct annot_quote *q = an_add_quote(c);
        if (!q)
            return;
        q->kind = st.kind;
        q->kind_rule = kr->name;
        q->para = c->para;
        q->start = an_cp(c, s->start);
        q->end = an_cp(c, s->end);
        q->text = an_dup_range(c->s, s->start, s->end);
        if (!q->text) {
            c->oom = 1;
            return;
        }
        const struct an_speaker_rule *sr = NULL;
        for (size_t r = 0; r < an_nspeaker_rules && !sr; r++)
            if (an_speaker_rules[r].decide(c, &st, q))
                sr = &an_speaker_rules[r];
        q->speaker_rule = sr ? sr->name : "unknown";
        long me = self_introduced(c, k);
        if (me < 0 && q->speaker < 0 && q->source && !strcmp(q->source, "I"))
            me = name_answer(c, k);
        if (me >= 0 && me != q->speaker) {
            /* the speaker says who they are: an unnamed "the vicar" is them
             * from now on, in the quotes before too */
            if (q->speaker < 0 && q->source)
                an_name_source(c, q->source, me, "self-introduction");
            free(q->source);
            q->source = NULL;
            q->speaker = me;
            q->speaker_rule = "self-introduction";
        }
        char to_name[64];
        long to = vocative(c, k, to_name, sizeof to_name);
        /* a cue's "he" that points at the one the quote speaks to is wrong too */
        int pron = st.cue >= 0 && c->cues[st.cue].np.kind == NP_PRON_PERSON;
        if (to >= 0 && to == q->speaker && (!sr || sr->decide != rule_cue || pron)) {
            /* no one speaks to themselves by name: the other one speaks */
            long other;
            const char *osrc;
            free(q->source);
            q->source = NULL;
            q->speaker = -1;
            /* after one paragraph of narration the latest speaker (`"Jim
             * never knows the time!" said Ann. / Jim began to whistle. /
             * "Stop it, Jim."`), else whom the paragraph before spoke to,
             * else the conversation's other party, else whoever spoke last:
             * never the one spoken to */
            if (c->last_quote_para + 2 == c->para && c->nturn >= 1 && c->turn[0].ent != to &&
                c->turn[0].para + 2 == c->para && who_known(c, c->turn[0].ent, c->turn[0].source))
                set_speaker(q, c->turn[0].ent, c->turn[0].source);
            else if (c->addressed >= 0 && c->addressed_para + 1 == c->para && c->addressed != to)
                set_speaker(q, c->addressed, NULL);
            else if (an_conversation_other(c, &other, &osrc) && other != to)
                set_speaker(q, other, osrc);
            else if (c->nturn >= 2 && c->turn[0].ent == to && c->turn[0].para + 2 >= c->para &&
                     who_known(c, c->turn[1].ent, c->turn[1].source))
                set_speaker(q, c->turn[1].ent, c->turn[1].source);
            else if (c->nturn >= 1 && c->turn[0].ent != to && c->turn[0].para + 2 >= c->para &&
                     who_known(c, c->turn[0].ent, c->turn[0].source))
                set_speaker(q, c->turn[0].ent, c->turn[0].source);
            q->speaker_rule = "addressee-excluded";
            sr = NULL; /* the speaker was not carried over */
        }
        /* a person met only by a description who speaks is still in the
         * scene: a later "he" may mean them */
        if (q->speaker < 0 && q->source && q->kind != ANNOT_PARTIAL)
            for (size_t u = 0; u < 2; u++)
                if (c->unnamed[u].stamp && !strcmp(c->unnamed[u].src, q->source))
                    c->unnamed[u].para = c->para;
        /* the kind follows from where the speaker came from: continuation only
         * when carried over from an earlier quote or attribution */
        if (q->kind != ANNOT_PARTIAL && q->cue == NULL && st.cue < 0)
            q->kind = sr && sr->carries ? ANNOT_CONTINUATION : ANNOT_DIRECT;
        if (!st.have_prev) {
            addressed = to;
            if (to_name[0] || to >= 0)
                vocative_names(c, q, k, to, to_name);
        } else if (to >= 0) {
            /* `"I am cold," said Tom. "Is the fire out, Jim?"`: the one
             * spoken to last answers */
            addressed = to;
        }
        /* the name the paragraph speaks to last, for whoever answers ("Shut up,
         * Jim! ... And now, Walter, tell us") */
        if (to_name[0]) {
            free(addressed_name);
            addressed_name = strdup(to_name);
        }

        if (q->speaker >= 0) {
            c->ents[q->speaker].used = 1;
            c->ents[q->speaker].nquotes++;
            an_touch(c, q->speaker);
        }
        run_on_chain(c, &st, q, sr);
        st.have_prev = 1;
        st.prev_cue = st.cue;
        an_who_set(&st.prev, q->speaker, q->source, c->para);
        an_who_set(&c->last_quote, q->speaker, q->source, c->para);
        an_who_set(&c->last_any, q->speaker, q->source, c->para);
        c->last_was_quote = 1;
        c->last_quote_para = c->para;
        if (q->kind != ANNOT_PARTIAL) {
            last = q->speaker; /* a partial quote is the writer's sentence, no turn */
            last_src = q->source;
            any = 1;
            cued |= sr && sr->decide == rule_cue && who_known(c, q->speaker, q->source);
        }
        c->runs_on = st.unclosed;
    }
    if (!any) {
        free(addressed_name);
        return;
    }
    /* "Walter," from the other speaker, then "I" answers: the narrator's name */
    /* (the answer may wait for a paragraph of narration: "I looked at the fire before answering.")
     */
    if (c->addressed_name && c->addressed_para + 2 >= c->para && last < 0 && last_src &&
        !strcmp(last_src, "I"))
        narrator_vote(c, c->addressed_name);
    /* and the other way round: "I" asks, and the answer speaks to "Jane," */
    else if (addressed_name && !(cued && last_src && !strcmp(last_src, "I")) &&
             asked_by_i(c) && !narration_names(c, addressed_name))
        narrator_vote(c, addressed_name);
    free(c->addressed_name);
    c->addressed_name = addressed_name;
    c->addressed = addressed;
    c->addressed_para = c->para;
    if (cued && c->cued && c->cued_para + 1 == c->para) {
        if (who_same(c->cued_ent, c->cued_src, last, last_src))
            c->adj_same++;
        else
            c->adj_alt++;
    }
    c->cued = cued;
    c->cued_para = c->para;
    c->cued_ent = last;
    c->cued_src = last_src;
    take_turn(c, last, last_src);
}

/* Every earlier quote of the unnamed source src is ent's. */
void an_name_source(struct ctx *c, const char *src, long ent, const char *rule)
{
    struct annot *a = c->a;
    for (size_t i = 0; i < a->nquotes; i++) {
        struct annot_quote *q = &a->quotes[i];
        /* the quote being decided is named by its caller */
        if (q->speaker >= 0 || !q->source || strcasecmp(q->source, src) ||
            (q->source == src && i + 1 == a->nquotes))
            continue;
        /* the phrase stays (the conversation's state points at it); with a
         * speaker set, no one reads it */
        quote_named(c, q, ent, rule);
    }
    for (size_t t = 0; t < c->nturn; t++)
        if (c->turn[t].ent < 0 && c->turn[t].source && !strcasecmp(c->turn[t].source, src)) {
            c->turn[t].ent = ent;
            c->turn[t].source = NULL;
        }
}

/* Votes a self-naming outweighs: a name others use for "I" wins over it
 * only by as many more answers. */
#define SELF_NAME_VOTES 3

/* A narrator says who they are as the story opens ("Call me Tam."), in a
 * text of dialogue: only those paragraphs are read for it, a token at a time. */
#define SELF_NAME_PARAS 24

void an_find_self_name(struct ctx *c)
{
    if (!c->dialogue || c->para >= SELF_NAME_PARAS)
        return;
    for (size_t i = 0; i + 2 < c->nt; i++) {
        const struct tok *t = &c->t[i];
        if ((t->klen != 2 && t->klen != 6) || t->span >= 0)
            continue;
        size_t n = 0;
        /* "called myself", "call me" (not "called me a fool": a name follows) */
        if ((an_tok_is(c, i, "myself") || an_tok_is(c, i, "me")) && i > 0 &&
            (an_tok_is(c, i - 1, "called") || an_tok_is(c, i - 1, "call")))
            n = i + 1;
        else if (an_tok_is(c, i, "my") && an_tok_is(c, i + 1, "name") && i + 3 < c->nt &&
                 (an_tok_is(c, i + 2, "is") || an_tok_is(c, i + 2, "was")))
            n = i + 3;
        if (!n || c->t[n].span >= 0 || c->t[n].sent != t->sent || !an_is_name_tok(&c->t[n]))
            continue;
        size_t j = n;
        while (j < c->nt && j - n < 3 && c->t[j].sent == t->sent && an_is_name_tok(&c->t[j]))
            j++;
        char name[128];
        if (!an_name_copy(c, n, j, name, sizeof name))
            continue;
        for (int v = 0; v < SELF_NAME_VOTES; v++)
            narrator_vote(c, name);
        return;
    }
}

/* Quotes of "I" are the narrator's, once others have named them. */
void an_name_narrator(struct ctx *c)
{
    if (!c->narrator || c->narrator_votes < 1)
        return;
    long id = an_ent_mention(c, c->narrator, NULL, NULL, NULL, ENT_PERSON, 0);
    if (id < 0)
        return;
    struct annot *a = c->a;
    for (size_t i = 0; i < a->nquotes; i++) {
        struct annot_quote *q = &a->quotes[i];
        if (q->speaker >= 0 || !q->source || strcmp(q->source, "I"))
            continue;
        free(q->source);
        q->source = NULL;
        quote_named(c, q, id, "narrator");
    }
}

/* Does word w (len bytes) equal the last word of s, or its first when first? */
static int word_is(const char *s, const char *w, size_t len, int first)
{
    if (!s)
        return 0;
    const char *x = first ? s : an_last_word(s);
    size_t xl = first ? an_first_word_len(s) : strlen(x);
    return xl == len && !strncasecmp(x, w, len);
}

/* "said the vicar" when the article also names "Vicar Pembury", or "the
 * artist" when Edwin Marlowe is its only artist: the one person whose name
 * opens with, or whose role ends in, the description's noun. */
void an_name_descriptions(struct ctx *c)
{
    struct annot *a = c->a;
    for (size_t i = 0; i < a->nquotes; i++) {
        struct annot_quote *q = &a->quotes[i];
        if (q->speaker >= 0 || !q->source || strncmp(q->source, "the ", 4) ||
            an_last_word(q->source) == q->source)
            continue;
        const char *head = an_last_word(q->source);
        size_t hl = strlen(head);
        long hit = -1;
        int hits = 0;
        for (size_t e = 0; e < c->nents && hits < 2; e++) {
            const struct ent *en = &c->ents[e];
            /* (a person whose role it is met only after the quote is someone
             * else: "the president" of one body, then "the group's president") */
            if (en->type == ENT_ORG || en->nw < 1)
                continue;
            if ((en->nw >= 2 && word_is(en->name, head, hl, 1)) ||
                (word_is(en->role, head, hl, 0) && en->first_para <= q->para)) {
                hits += hit != (long)e;
                hit = (long)e;
            }
        }
        if (hits == 0) {
            const char *full = an_full_name_by_first(c, head, hl);
            if (!full)
                full = an_vocab_titled(c->vocab, head, hl);
            hit = full ? an_ent_mention(c, full, NULL, NULL, NULL, ENT_PERSON, 0) : -1;
            hits = hit >= 0;
        }
        if (hits != 1)
            continue;
        free(q->source);
        q->source = NULL;
        quote_named(c, q, hit, "description-named");
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
    /* "he said, as if to himself:": a speech verb with no
     * cue of its own; its subject is the pronoun before it, else the latest
     * person named before it in the sentence */
    for (size_t v = c->nt; v-- > 1 && c->t[v].sent == sent;) {
        if (!(c->t[v].cls & LEX_SPEECH) || c->t[v].span >= 0 || !an_is_lower_word(&c->t[v]))
            continue;
        long id = -1;
        if ((c->t[v - 1].cls & LEX_PRON_PERSON) && c->t[v - 1].sent == sent) {
            struct np np = an_np_of(c, v - 1, v);
            if (np.kind == NP_PRON_PERSON && !an_tok_is(c, v - 1, "they"))
                id = an_resolve_np(c, &np);
        }
        for (size_t i = 0; i < c->nev && id < 0; i++) {
            const struct event *e = &c->ev[c->nev - 1 - i];
            size_t t = e->np.kind == NP_NAME ? e->np.na : e->np.a;
            if (t < v && c->t[t].sent == sent && e->ent >= 0 && c->ents[e->ent].type != ENT_ORG)
                id = e->ent;
        }
        if (id >= 0) {
            c->intro_set = 1;
            c->intro_ent = id;
            return;
        }
        break;
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
