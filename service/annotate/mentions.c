/* mentions.c - stage 2: noun phrases that can name a source (a name from the
 * text's shape, with its role and appositive; a pronoun; a description), and
 * the person mentions of a paragraph.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int an_same_clause_tok(const struct ctx *c, size_t i, size_t ref)
{
    return i < c->nt && c->t[i].span < 0 && c->t[i].sent == c->t[ref].sent;
}

int an_is_connector(const struct ctx *c, size_t i)
{
    return an_tok_is(c, i, "of") || an_tok_is(c, i, "to") || an_tok_is(c, i, "for");
}

int an_is_relative(const struct ctx *c, size_t i)
{
    return (c->t[i].cls & LEX_RELATIVE) && an_is_lower_word(&c->t[i]);
}

/* A lower-case noun of occupation by its ending: meteorologist, technician,
 * farmer, investor; the word lists cannot name them all. */
static int occupation_word(const char *w, size_t n)
{
    static const char *const ends[] = {"ist", "ian", "er", "or", "man", "woman", "person", NULL};
    if (n < 6)
        return 0;
    for (size_t k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (memcmp(w + n - l, ends[k], l) == 0)
            return 1;
    }
    return 0;
}

int an_occupation(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (!an_is_lower_word(t) || (t->cls & (LEX_BREAK | LEX_PREP | LEX_DET)))
        return 0;
    return occupation_word(c->s + t->b, t->klen);
}

/* Does [a, b) hold a role or title word ("curator", "Ambassador")? */
static int has_role_word(const struct ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if ((c->t[i].cls & (LEX_ROLE | LEX_TITLE)) || an_occupation(c, i))
            return 1;
    return 0;
}

/* Tokens a..b are all titles ("Dr.", "Mrs"), or none at all. */
static int only_titles(const struct ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!(c->t[i].cls & LEX_TITLE))
            return 0;
    return 1;
}

/* The appositive after token i (a comma): up to the next , . ; outside spans. */
static void find_appositive(const struct ctx *c, size_t i, struct np *np)
{
    np->xa = np->xb = 0;
    if (i >= c->nt || !an_is_punct(&c->t[i], ',') || c->t[i].span >= 0)
        return;
    size_t j = i + 1, ref = i;
    int role = 0;
    while (j < c->nt && j - i <= APPOS_MAX && c->t[j].sent == c->t[ref].sent) {
        const struct tok *t = &c->t[j];
        if (t->span < 0) {
            if (t->p == ',' || t->p == '.' || t->p == ';' || t->p == ':' || t->p == '!' ||
                t->p == '?')
                break;
            if (an_is_relative(c, j) ||
                (t->cls & (LEX_SPEECH | LEX_REPORT) && an_is_lower_word(t) && !(t->cls & LEX_ROLE)))
                break;
            if ((t->cls & (LEX_ROLE | LEX_TITLE)) || an_occupation(c, j))
                role = 1;
            /* "Ann Bell, a Labour MP,": an acronym the phrase ends on, after
             * "a" or "the", is what she is */
            if ((t->f & T_ALLCAPS) && !(t->f & T_DOTTED) && t->klen >= 2 && j > i + 1 &&
                (c->t[i + 1].cls & LEX_DET) && j + 1 < c->nt &&
                (c->t[j + 1].p == ',' || c->t[j + 1].p == '.' || c->t[j + 1].p == ';' ||
                 (c->t[j + 1].cls & LEX_PREP)))
                role = 1;
        }
        j++;
    }
    if (j == i + 1 || !role)
        return;
    if (j - i > APPOS_MAX)
        return;
    np->xa = i + 1;
    np->xb = j;
}

/* find_appositive for the name run [i, j): none when the name is the object of
 * a preposition and a verb, not a comma, ends the phrase after it ("Speaking
 * to Global Voices, the lawyer added": the lawyer is the verb's subject). */
static void run_appositive(const struct ctx *c, size_t i, size_t j, struct np *np)
{
    find_appositive(c, j, np);
    if (np->xb > np->xa && i > 0 && an_is_lower_word(&c->t[i - 1]) && (c->t[i - 1].cls & LEX_PREP) &&
        np->xb < c->nt && an_is_word(&c->t[np->xb]))
        np->xa = np->xb = 0;
}

int an_is_acronym_org(const struct tok *t)
{
    return (t->f & T_ALLCAPS) && !(t->f & T_DOTTED) && !(t->cls & (LEX_ROLE | LEX_TITLE)) &&
           t->span < 0;
}

/* Tokens [b, e) are AP's party tag between commas, ", D-Mass.," or ", R-N.Y.,":
 * a capital, a dash and a capitalised abbreviation, its period apart or not. */
int an_party_tag(const struct ctx *c, size_t b, size_t e)
{
    if (e < b + 3 || e > b + 4 || e > c->nt || !an_is_punct(&c->t[b], ',') ||
        !an_is_punct(&c->t[e - 1], ','))
        return 0;
    const struct tok *t = &c->t[b + 1];
    const char *w = c->s + t->b;
    if (!an_is_word(t) || t->span >= 0 || t->klen < 3 || w[0] < 'A' || w[0] > 'Z' || w[1] != '-' ||
        w[2] < 'A' || w[2] > 'Z')
        return 0;
    return e == b + 3 || an_is_punct(&c->t[b + 2], '.');
}

/* Token i describes a person by age or origin: "34-year-old" (the age) or
 * "Spaniard" (0); -1 when it does neither. */
int an_age_word(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (!an_is_word(t) || t->span >= 0)
        return -1;
    if (t->cls & LEX_DEMONYM)
        return 0;
    const char *w = c->s + t->b;
    size_t n = t->klen, d = 0;
    int age = 0;
    while (d < n && d < 3 && w[d] >= '0' && w[d] <= '9')
        age = age * 10 + (w[d++] - '0');
    static const char tail[] = "-year-old";
    if (d == 0 || n - d != sizeof tail - 1 || strncasecmp(w + d, tail, sizeof tail - 1) != 0)
        return -1;
    return age;
}

/* A capitalised adjective of nationality by its ending: Australian, Chinese,
 * British, French, Israeli. */
static int demonym(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    const char *w = c->s + t->b;
    size_t n = t->klen;
    static const char *const ends[] = {"an", "ese", "ish", "ch", "i", NULL};
    if (n < 4 || (t->f & T_ALLCAPS))
        return 0;
    for (size_t k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (n > l && memcmp(w + n - l, ends[k], l) == 0)
            return 1;
    }
    return 0;
}

/* Find the name inside phrase [a, b) and fill np. */
/* 1 when the capitalised run that ends at token i (reading back over of / for /
 * and / the between capitalised words, never before a) holds an organisation
 * word: "Ministry of Mines and Energy" is one name, "Smith and Jones" two. */
static int org_chain(const struct ctx *c, size_t a, size_t i)
{
    for (;;) {
        const struct tok *t = &c->t[i];
        if (an_is_name_tok(t)) {
            if (t->cls & LEX_ORG)
                return 1;
        } else if (!(an_is_connector(c, i) || an_tok_is(c, i, "and") || an_tok_is(c, i, "the")) ||
                   i == a || !an_is_name_tok(&c->t[i - 1])) {
            return 0;
        }
        if (i == a)
            return 0;
        i--;
    }
}

/* 1 when "and" at token i joins two parts of one organisation's name: the
 * run before it holds an organisation word (org_chain), or the run after it
 * does and the run before follows "the": "the Wind and Wave Data Center" is
 * one name, "Tom Hale and Ana Ruiz" two. */
static int org_and(const struct ctx *c, size_t a, size_t i)
{
    if (i <= a || !an_is_name_tok(&c->t[i - 1]))
        return 0;
    if (org_chain(c, a, i - 1))
        return 1;
    int org = 0;
    for (size_t j = i + 1; j < c->nt && j - i <= 6 && an_is_name_tok(&c->t[j]); j++)
        org |= (c->t[j].cls & LEX_ORG) && (c->t[j].f & T_CAP);
    if (!org)
        return 0;
    size_t s = i - 1;
    while (s > a && i - s < 6 && an_is_name_tok(&c->t[s - 1]))
        s--;
    return s > a && an_is_lower_word(&c->t[s - 1]) && an_tok_is(c, s - 1, "the");
}

#define SURNAME_BACK 400 /* tokens looked back for "Sam Judge" before "Judge" */

/* Is the capitalised word t the surname of a full name the article gave, in
 * an earlier paragraph or after a given name in this one? */
static int known_surname(const struct ctx *c, const struct tok *t)
{
    for (size_t k = 0; k < c->nnames; k++) {
        const char *l = an_last_word(c->names[k]);
        if (l != c->names[k] && strlen(l) == t->klen && memcmp(l, c->s + t->b, t->klen) == 0)
            return 1;
    }
    /* this paragraph's given-name pairs, in a bounded window before t: the
     * scan runs per capitalised role word, and paragraphs can be long */
    size_t at = (size_t)(t - c->t), from = at > SURNAME_BACK ? at - SURNAME_BACK : 1;
    for (size_t k = from; k < at; k++) {
        const struct tok *u = &c->t[k];
        if (u->klen == t->klen && (c->t[k - 1].cls & LEX_GIVEN) &&
            (c->t[k - 1].f & T_CAP) && u->span < 0 && memcmp(c->s + u->b, c->s + t->b, t->klen) == 0)
            return 1;
    }
    return 0;
}

/* "Journalist Kemal Aydin wrote": a word shaped like an occupation noun
 * ("-ist", "-ian", "-er", "-or", "-man"), opening the sentence before two more words
 * of a name, no given name and never capitalised inside a sentence, is a
 * title no list has. */
static int occupation_title(const struct ctx *c, size_t na, size_t rb)
{
    const struct tok *t = &c->t[na];
    return rb == na + 3 && (na == 0 || c->t[na - 1].sent != t->sent) &&
           !(c->t[na + 1].f & T_ALLCAPS) && occupation_word(c->s + t->b, t->klen) &&
           !an_vocab_capmid(c->vocab, c->s + t->b, t->klen);
}

/* "Poor Hale said": a sentence's first word before a two-word name is a
 * modifier when the article never capitalises it inside a sentence and
 * someone is already called by the word after it ("said Hale"). */
static int sentence_modifier(const struct ctx *c, size_t na, size_t rb)
{
    const struct tok *t = &c->t[na], *u = &c->t[na + 1];
    char w[64];
    int alias;
    if (rb != na + 2 || (na > 0 && c->t[na - 1].sent == t->sent) || (t->cls & LEX_TITLE) ||
        an_vocab_capmid(c->vocab, c->s + t->b, t->klen) || u->klen >= sizeof w)
        return 0;
    memcpy(w, c->s + u->b, u->klen);
    w[u->klen] = '\0';
    long id = an_ent_match(c, w, &alias, 0);
    return id >= 0 && c->ents[id].type != ENT_ORG;
}


int an_stmt_after_poss(const struct ctx *c, size_t i)
{
    return (c->t[i].cls & LEX_STMT) && i >= 1 &&
           ((c->t[i - 1].f & T_POSS) ||
            (i >= 2 && (c->t[i - 2].f & T_POSS) && an_is_lower_word(&c->t[i - 1])));
}

void an_find_name(const struct ctx *c, struct np *np)
{
    size_t a = np->a, b = np->b;
    np->kind = NP_NONE;
    np->acr = -1;
    np->ra = np->rb = np->na = np->nb = np->sa = np->sb = a;
    if (a >= b)
        return;
    const struct tok *last = &c->t[b - 1];
    if (b - a == 1 && (last->cls & LEX_PRON_PERSON) && an_is_word(last)) {
        np->kind = NP_PRON_PERSON;
        np->na = np->sa = a;
        np->nb = np->sb = b;
        return;
    }
    if (b - a == 1 && (last->cls & LEX_PRON_THING) && an_is_word(last)) {
        np->kind = NP_PRON_THING;
        np->na = np->sa = a;
        np->nb = np->sb = b;
        return;
    }
    /* "Cornyn's statement added", "Acme's new report said": the statement
     * speaks for its author, perhaps across one modifier */
    size_t pe = b - 1; /* just past the possessive */
    if (pe > a + 1 && an_is_lower_word(&c->t[pe - 1]) && !(c->t[pe - 1].f & T_POSS) &&
        !(c->t[pe - 1].cls & (LEX_BREAK | LEX_PREP | LEX_DET)))
        pe--;
    if (an_is_lower_word(last) && (last->cls & LEX_STMT) && pe > a && (c->t[pe - 1].f & T_POSS) &&
        an_is_name_tok(&c->t[pe - 1])) {
        size_t n = pe;
        while (n > a && pe - n < 4 && an_is_name_tok(&c->t[n - 1]) &&
               (n == pe || !(c->t[n - 1].f & T_POSS)))
            n--;
        np->kind = NP_NAME;
        np->na = np->sa = n;
        np->nb = np->sb = pe;
        np->ra = np->rb = n;
        return;
    }
    if ((last->cls & LEX_UNNAMED) && !(last->f & T_ALLCAPS) &&
        (an_is_lower_word(last) || b - 1 == 0 || c->t[b - 2].sent != last->sent ||
         c->t[b - 2].span >= 0 || (c->t[b - 2].cls & LEX_DET))) {
        np->kind = NP_UNNAMED; /* "security experts", "Officials said" */
        np->sa = a;
        np->sb = b;
        np->def = an_tok_is(c, a, "the") && (last->cls & (LEX_ROLE | LEX_ORG));
        return;
    }
    if (an_is_lower_word(last) && (last->cls & LEX_STMT) && an_tok_is(c, a, "the") && b - a == 2) {
        np->kind = NP_UNNAMED; /* "the statement said": whoever made it */
        np->sa = a;
        np->sb = b;
        np->def = 2;
        return;
    }
    if (b - a == 2 && an_tok_is(c, a, "the") && an_age_word(c, a + 1) >= 0) {
        np->kind = NP_UNNAMED; /* "the Spaniard", "the 34-year-old": someone named before */
        np->sa = a;
        np->sb = b;
        np->def = 3;
        return;
    }
    /* "The Australian government" is named, "the company" is not; a person's
     * role keeps its place or party before it ("the Vermont senator") */
    int capped = 0;
    for (size_t i = a + 1; i < b; i++)
        capped |= an_is_name_tok(&c->t[i]);
    int person_role = !(last->cls & LEX_ORG) && ((last->cls & LEX_ROLE) || an_occupation(c, b - 1));
    /* ("the Democrat", "the Ohio Republican", "the President": a role
     * written with its capital after "the" is still a role) */
    int capped_role = (last->f & (T_CAP | T_ALLCAPS | T_DOTTED)) == T_CAP &&
                      (last->cls & LEX_ROLE) && !(last->cls & LEX_ORG) && an_tok_is(c, a, "the");
    if ((an_is_lower_word(last) || capped_role) &&
        ((last->cls & (LEX_ROLE | LEX_ORG)) || an_occupation(c, b - 1)) && (c->t[a].cls & LEX_DET) &&
        b - a <= 4 && (!capped || person_role)) {
        np->kind = NP_UNNAMED; /* "the minister", "a senior official" */
        np->sa = a;
        np->sb = b;
        /* "the company" points back; "The mayor's office" is its own source */
        np->def = an_tok_is(c, a, "the");
        for (size_t i = a; i < b; i++)
            if (c->t[i].f & T_POSS)
                np->def = 0;
        return;
    }
    for (size_t i = a; i + 1 < b; i++) {
        const struct tok *t = &c->t[i];
        if (an_is_name_tok(t))
            break;
        if ((t->cls & LEX_UNNAMED) && an_is_lower_word(t) && (c->t[i + 1].cls & LEX_PREP)) {
            np->kind = NP_UNNAMED; /* "A spokesman for the police union" */
            np->sa = a;
            np->sb = b;
            return;
        }
    }
    size_t k = b;
    while (k > a && an_is_lower_word(&c->t[k - 1]) && !(c->t[k - 1].cls & LEX_PARTICLE))
        k--;
    int tail = k < b;
    if (tail && !(last->cls & LEX_ORG))
        return;
    if (k == a || !an_is_name_tok(&c->t[k - 1]))
        return;
    size_t rb0 = k, ra0 = k - 1;
    while (ra0 > a) {
        if (an_is_name_tok(&c->t[ra0 - 1]) &&
            (!(c->t[ra0 - 1].f & T_POSS) || (c->t[rb0 - 1].cls & LEX_ORG)))
            ra0--; /* "Alzheimer's Association", "Women's Hospital" */
        else if (ra0 - 1 > a &&
                 ((an_is_connector(c, ra0 - 1) && an_is_name_tok(&c->t[ra0 - 2]) &&
                   org_chain(c, a, ra0 - 2)) ||
                  (an_tok_is(c, ra0 - 1, "and") && org_and(c, a, ra0 - 1))))
            ra0 -= 2; /* "Department for Transport", "Ministry of Mines and Energy" */
        else if (ra0 - 1 > a && (c->t[ra0 - 1].cls & LEX_PARTICLE) &&
                 an_is_lower_word(&c->t[ra0 - 1])) {
            /* "Ursula von der Leyen" */
            size_t p = ra0 - 1;
            while (p > a && (c->t[p - 1].cls & LEX_PARTICLE) && an_is_lower_word(&c->t[p - 1]))
                p--;
            if (p == a || !an_is_name_tok(&c->t[p - 1]))
                break;
            ra0 = p - 1;
        } else
            break;
    }
    /* "Dr. Dan Cole of the Space Center in Oakdale": a name after "in",
     * "at" or "near" is a place; the person is named before it */
    if (!tail && ra0 >= a + 2 && an_is_lower_word(&c->t[ra0 - 1]) &&
        (an_tok_is(c, ra0 - 1, "in") || an_tok_is(c, ra0 - 1, "at") ||
         an_tok_is(c, ra0 - 1, "near"))) {
        struct np before = *np;
        before.b = ra0 - 1;
        an_find_name(c, &before);
        if (before.kind == NP_NAME && !before.org) {
            *np = before;
            np->b = b;
            np->sb = b;
            return;
        }
    }
    /* "Sen. Dana P. Whitlock of Ohio": a place after "of" belongs to the
     * person named before it when that run opens with a title or a given name */
    /* ("Tamas Varga of the Bank of England": after "of the", an
     * organisation's name, whose word says so) */
    size_t ofk = ra0 >= a + 3 && an_tok_is(c, ra0 - 1, "the") ? ra0 - 1 : ra0;
    int org_after = 0;
    for (size_t i = ra0; i < rb0 && ofk < ra0; i++)
        org_after |= (c->t[i].cls & LEX_ORG) && (c->t[i].f & T_CAP);
    if (ofk < ra0 && !org_after)
        ofk = ra0;
    if (!tail && ofk >= a + 2 && an_tok_is(c, ofk - 1, "of") && an_is_name_tok(&c->t[ofk - 2])) {
        size_t e2 = ofk - 1, s2 = ofk - 2;
        while (s2 > a && an_is_name_tok(&c->t[s2 - 1]))
            s2--;
        size_t g = s2;
        while (g < e2 && (c->t[g].cls & LEX_TITLE))
            g++;
        int org2 = 0;
        for (size_t i = s2; i < e2; i++)
            org2 |= (c->t[i].cls & LEX_ORG) != 0;
        /* (or a role word before it: "analyst Bea Morrow of Lind Research";
         * or two words, whatever follows "of": "Linora Bexley of Acme Corp.",
         * "Ilan Vork of Houston"; or a known surname) */
        int role_before = s2 > a && an_is_lower_word(&c->t[s2 - 1]) &&
                          ((c->t[s2 - 1].cls & LEX_ROLE) || an_occupation(c, s2 - 1));
        if (!org2 && g < e2 &&
            (g > s2 || (c->t[g].cls & LEX_GIVEN) || role_before || e2 - s2 >= 2 ||
             known_surname(c, &c->t[s2]))) {
            ra0 = s2;
            rb0 = e2;
        }
    }
    if ((c->t[rb0 - 1].f & T_POSS) && !tail)
        return;
    int org = tail;
    for (size_t i = ra0; i < rb0; i++)
        if ((c->t[i].cls & LEX_ORG) && (c->t[i].f & T_CAP))
            org = 1;
    if (rb0 - ra0 == 1 && (c->t[ra0].f & T_ALLCAPS) && !(c->t[ra0].f & T_DOTTED))
        org = 1;
    /* an organisation's last word: a title before it is the organisation's
     * ("the Master Plan Committee"), one after it the person's ("Acme Corp
     * CEO Omar Lind") */
    size_t org_end = ra0;
    for (size_t i = ra0; org && i < rb0; i++)
        if ((c->t[i].cls & LEX_ORG) && (c->t[i].f & T_CAP))
            org_end = i;
    size_t na = ra0;
    for (size_t i = ra0; i < rb0; i++) {
        const struct tok *t = &c->t[i];
        if (!(t->cls & (LEX_TITLE | LEX_ROLE)) || (org && ((t->cls & LEX_ORG) || i < org_end)))
            continue;
        /* "Martin Luther King Jr.", "Sam Judge": a title or role word after a
         * given name is a surname */
        /* (one that more name words follow is a title: "District Judge Mara
         * Holt") */
        int ends = i + 1 == rb0 || (c->t[i + 1].cls & LEX_SUFFIX);
        if (i > na && (((t->cls & LEX_TSURNAME) && ends) || (c->t[i - 1].cls & LEX_GIVEN)) &&
            !(c->t[i - 1].cls & (LEX_TITLE | LEX_ROLE | LEX_ORG)) && !(c->t[i - 1].f & T_ALLCAPS))
            continue;
        /* "Judge said" in an article that names "Sam Judge": his surname */
        if (rb0 - ra0 == 1 && (t->f & T_CAP) && known_surname(c, t))
            continue;
        na = i + 1;
    }
    /* "Assemblywoman Claudia Roe", "Astrophysicist Jane Roe": a first word that
     * is no given name before one that is, or that the article also writes in
     * lower case, is a title by the shape of the name */
    if (!org && na + 2 <= rb0 && !(c->t[na].cls & (LEX_GIVEN | LEX_PARTICLE)) &&
        !(c->t[na].f & (T_DOTTED | T_ALLCAPS)) &&
        ((na + 3 <= rb0 && (c->t[na + 1].cls & LEX_GIVEN)) ||
         an_vocab_lower(c->vocab, c->s + c->t[na].b, c->t[na].klen) || sentence_modifier(c, na, rb0) ||
         occupation_title(c, na, rb0)))
        na++;
    /* a leading acronym before more capitalised words is an employer: CNN Paul X */
    while (!org && na + 1 < rb0 && (c->t[na].f & T_ALLCAPS) && !(c->t[na].f & T_DOTTED))
        na++;
    /* "Labour MP Omar Lind": an acronym inside the run before two more words
     * ends a title no list has */
    for (size_t p = na + 1; !org && p + 2 <= rb0; p++)
        if ((c->t[p].f & T_ALLCAPS) && !(c->t[p].f & T_DOTTED) && c->t[p].klen >= 2 &&
            !(c->t[p + 1].f & T_ALLCAPS))
            na = p + 1;
    /* "Acme Corp CEO Omar Lind": the organisation's words end at the role
     * word before the name; the name itself is a person's */
    if (org && !tail && na > ra0 && na + 2 <= rb0 &&
        (c->t[na - 1].cls & (LEX_TITLE | LEX_ROLE))) {
        int org_in = 0;
        for (size_t i = na; i < rb0; i++)
            org_in |= (c->t[i].cls & LEX_ORG) != 0;
        org = org_in;
    }
    /* "Secretary of State Antony Blinken": the run starts inside the title */
    if (!org && na == ra0 && rb0 - ra0 == 3 && ra0 >= 2 && an_is_connector(c, ra0 - 1) &&
        (c->t[ra0 - 2].cls & (LEX_TITLE | LEX_ROLE)))
        na++;
    if (na >= rb0)
        return;
    /* "Ambassador to the United Kingdom Ahmad Karimi": after a role or title
     * word and then "to", "of", "for" or "the", two or more words after the
     * body's last organisation word are the person's name */
    if (org && !tail && ra0 > a + 1 &&
        (an_is_connector(c, ra0 - 1) || an_tok_is(c, ra0 - 1, "the")) &&
        has_role_word(c, a, ra0 - 1)) {
        size_t lo = rb0;
        for (size_t i = ra0; i < rb0; i++)
            if ((c->t[i].cls & LEX_ORG) && (c->t[i].f & T_CAP))
                lo = i;
        if (lo < rb0 && lo + 3 <= rb0 && !(c->t[rb0 - 1].f & T_ALLCAPS)) {
            na = lo + 1;
            org = 0;
        }
    }
    size_t core = 0; /* words of the name, without particles, Jr. or III */
    for (size_t i = na; i < rb0; i++)
        core += an_is_name_tok(&c->t[i]) && !(i + 1 == rb0 && i > na && (c->t[i].cls & LEX_SUFFIX))
                    ? 1u
                    : 0u;
    /* Four-part names are common ("Pham Thi Lan Chi"), but after "to the" or
     * "of" a run starts with the complement of a title: "Ambassador to the
     * United Nations Farid Azimi" */
    int after_title = ra0 > a && (an_is_connector(c, ra0 - 1) || an_tok_is(c, ra0 - 1, "the"));
    if (!org && (core > 4 || (core == 4 && after_title))) {
        /* keep the last two words (with the particles between them) */
        size_t keep = 0, i = rb0;
        if (c->t[rb0 - 1].cls & LEX_SUFFIX)
            i--;
        while (i > na && keep < 2) {
            i--;
            keep += an_is_name_tok(&c->t[i]) ? 1u : 0u;
        }
        while (i > ra0 && (c->t[i - 1].cls & LEX_PARTICLE) && an_is_lower_word(&c->t[i - 1]))
            i--;
        na = i;
        while (na > ra0 && (c->t[na - 1].f & T_DOTTED))
            na--;
    }
    np->kind = NP_NAME;
    np->org = org;
    np->na = na;
    /* "the Australian government" names no one but by its description;
     * "Yonhap news agency" is Yonhap */
    np->nb = tail && rb0 - na == 1 && demonym(c, na) ? b : rb0;
    np->sa = na;
    np->sb = b;
    size_t r = a;
    while (r < na && (c->t[r].cls & LEX_DET) && an_is_lower_word(&c->t[r]))
        r++;
    while (r < na && (c->t[r].cls & LEX_DET) && r == a)
        r++;
    int roleish = 0;
    for (size_t i = r; i < na; i++)
        if ((c->t[i].cls & (LEX_ROLE | LEX_TITLE)) || an_is_acronym_org(&c->t[i]) ||
            an_occupation(c, i))
            roleish = 1;
    np->ra = roleish ? r : na;
    np->rb = na;
    /* "the Ministry of Defence (MOD)": the acronym names it; a person's party
     * tag "(D-N.Y.)" or an acronym after a given name does not */
    if (b + 2 < c->nt && an_is_punct(&c->t[b], '(') && (c->t[b + 1].f & T_ALLCAPS) &&
        an_is_punct(&c->t[b + 2], ')') && !memchr(c->s + c->t[b + 1].b, '-', c->t[b + 1].klen) &&
        (org || !(c->t[na].cls & LEX_GIVEN)))
        np->acr = (long)(b + 1);
}

/* A phrase that names no one, placed at token at. */
struct np an_np_empty(size_t at)
{
    struct np np;
    memset(&np, 0, sizeof np);
    np.acr = -1;
    np.a = np.b = at;
    return np;
}

struct np an_np_of(const struct ctx *c, size_t a, size_t b)
{
    struct np np = an_np_empty(a);
    np.b = b;
    an_find_name(c, &np);
    return np;
}

/* The phrase starting at token i, after a cue ("said CNN analyst Paul X, ...").
 * depth bounds its look into a phrase inside it ("the team's coach, X", "a
 * statement from X"): hostile text may nest them without end. */
#define NP_AFTER_DEPTH 2
static struct np np_after(const struct ctx *c, size_t i, int depth);

struct np an_np_after(const struct ctx *c, size_t i)
{
    return np_after(c, i, 0);
}

static struct np np_after(const struct ctx *c, size_t i, int depth)
{
    struct np np = an_np_empty(i);
    if (i >= c->nt || !an_is_word(&c->t[i]) || c->t[i].span >= 0)
        return np;
    if (c->t[i].cls & (LEX_PRON_PERSON | LEX_PRON_THING)) {
        np.b = i + 1;
        an_find_name(c, &np);
        return np;
    }
    size_t j = i;
    while (j < c->nt && j - i < NP_MAX && an_same_clause_tok(c, j, i) && an_is_word(&c->t[j])) {
        const struct tok *t = &c->t[j];
        int lower = an_is_lower_word(t);
        /* "and" inside an organisation's name does not end the phrase */
        if (lower && (t->cls & LEX_BREAK) &&
            !(an_tok_is(c, j, "and") && j > i && j + 1 < c->nt && an_is_name_tok(&c->t[j + 1]) &&
              org_and(c, i, j)))
            break;
        if (lower && (t->cls & (LEX_SPEECH | LEX_REPORT)) && !(t->cls & LEX_ROLE))
            break;
        if (lower && j > i && ((t->f & T_LY) || (t->cls & LEX_ADV)) && an_is_name_tok(&c->t[j - 1]))
            break; /* "said Ruth decidedly" */
        /* "said Mary to Tom": whom she spoke to, not part of a title's name
         * ("Ambassador to the United Nations") */
        if (lower && an_tok_is(c, j, "to") && j > i && an_is_name_tok(&c->t[j - 1]) &&
            !(c->t[j - 1].cls & (LEX_TITLE | LEX_ROLE | LEX_ORG)) &&
            (c->t[i].cls & LEX_SPEECH) == 0 && i > 0 && an_is_lower_word(&c->t[i - 1]) &&
            (c->t[i - 1].cls & LEX_SPEECH))
            break;
        if (lower && an_is_connector(c, j)) {
            size_t n = j + 1;
            if (n < c->nt && an_tok_is(c, n, "the"))
                n++;
            if (n >= c->nt || !an_is_name_tok(&c->t[n]))
                break;
        }
        if ((t->f & T_POSS) && j > i && an_is_name_tok(t) && j + 1 < c->nt &&
            !an_is_word(&c->t[j + 1])) {
            j++;
            break;
        }
        j++;
    }
    np.b = j;
    an_find_name(c, &np);
    if ((np.kind == NP_NONE || (np.kind == NP_UNNAMED && (c->t[j - 1].cls & LEX_ROLE))) && j > i &&
        depth < NP_AFTER_DEPTH &&
        j + 1 < c->nt && an_is_punct(&c->t[j], ',')) {
        /* "the Afghan team's coach, Alireza Mehraban," */
        struct np in = np_after(c, j + 1, depth + 1);
        if (in.kind == NP_NAME && in.na == j + 1 && in.b < c->nt &&
            (an_is_punct(&c->t[in.b], ',') || an_is_punct(&c->t[in.b], '.'))) {
            in.ra = i;
            while (in.ra < j && (c->t[in.ra].cls & LEX_DET))
                in.ra++;
            in.rb = j;
            return in;
        }
        return np;
    }
    if (np.kind == NP_NAME && np.acr < 0)
        find_appositive(c, np.b, &np);
    /* "read a statement from the ministry": the statement's source */
    if (np.kind != NP_NAME && depth < NP_AFTER_DEPTH && j > i && j + 1 < c->nt &&
        an_is_lower_word(&c->t[j - 1]) &&
        (c->t[j - 1].cls & LEX_STMT) && c->t[j].sent == c->t[i].sent &&
        (an_tok_is(c, j, "from") || an_tok_is(c, j, "by") || an_tok_is(c, j, "of"))) {
        struct np in = np_after(c, j + 1, depth + 1);
        if (in.kind == NP_NAME || in.kind == NP_UNNAMED)
            return in;
    }
    return np;
}

static int is_adverb(const struct tok *t)
{
    return an_is_lower_word(t) && ((t->cls & LEX_ADV) || (t->f & T_LY));
}

/* A modal auxiliary before the verb: "Ann Bell would say,". (The perfect
 * "has" is is_perfect's: it keeps the subject for any verb.) */
static int is_aux(const struct ctx *c, size_t i)
{
    static const char *const aux[] = {"would", "will", "could", "should", "might", "must",
                                      "can",   "shall", "may",  "did",    "does",  NULL};
    if (!an_is_lower_word(&c->t[i]))
        return 0;
    for (size_t k = 0; aux[k]; k++)
        if (an_tok_is(c, i, aux[k]))
            return 1;
    return 0;
}

static int is_perfect(const struct ctx *c, size_t i)
{
    return an_is_lower_word(&c->t[i]) &&
           (an_tok_is(c, i, "has") || an_tok_is(c, i, "have") || an_tok_is(c, i, "had"));
}

/* The subject phrase ending just before token v ("Wilkins also said",
 * "Gwen Marsh, curator ..., said"). */
/* "Dr. Madhav Thambisetty of the National Institute on Aging said", "Laura
 * Vance of The Harbor and Post dubbed": looking back from token k, a person's
 * name before "of", "at" or "from" and an organisation; or "Officials at the
 * ministry said". Fills np and returns 1 when found. */
static int person_of_org(const struct ctx *c, size_t k, size_t last, size_t v, struct np *out)
{
    struct np np = *out;
    for (size_t p = k; p-- > 0 && last - p < NP_MAX;) {
        const struct tok *t = &c->t[p];
        if (!an_same_clause_tok(c, p, v) || !an_is_word(t))
            break;
        int prep = an_tok_is(c, p, "of") || an_tok_is(c, p, "at") || an_tok_is(c, p, "from");
        if (prep && p > 0 && (c->t[p - 1].cls & LEX_UNNAMED) && an_same_clause_tok(c, p - 1, v)) {
            np.kind = NP_UNNAMED; /* "Officials at the ministry said" */
            np.a = np.sa = p - 1;
            if (p > 1 && an_same_clause_tok(c, p - 2, v) && an_is_lower_word(&c->t[p - 2]) &&
                !(c->t[p - 2].cls & (LEX_BREAK | LEX_PREP)))
                np.a = np.sa = p - 2;
            np.b = np.sb = last + 1;
            *out = np;
            return 1;
        }
        if (prep && p > 0 && an_is_name_tok(&c->t[p - 1]) && an_same_clause_tok(c, p - 1, v)) {
            size_t r = p - 1;
            while (r > 0 && p - r < 6 && an_is_name_tok(&c->t[r - 1]) &&
                   an_same_clause_tok(c, r - 1, v))
                r--;
            struct np pn;
            memset(&pn, 0, sizeof pn);
            pn.a = r;
            pn.b = p;
            an_find_name(c, &pn);
            if (pn.kind == NP_NAME && !pn.org) {
                *out = pn;
                return 1;
            }
            break;
        }
        /* ("of the Natural History Museum in London": where the employer is) */
        if (!an_is_name_tok(t) && !an_is_connector(c, p) && !an_tok_is(c, p, "the") &&
            !an_tok_is(c, p, "on") && !an_tok_is(c, p, "and") && !an_tok_is(c, p, "in"))
            break;
    }
    return 0;
}

/* depth bounds the look before an aside ("X -- who ... -- said", "X (D-Calif.)
 * said"): hostile text may chain asides without end. */
#define NP_BEFORE_DEPTH 2
static struct np np_before_core(const struct ctx *c, size_t v, int depth)
{
    struct np np = an_np_empty(v);
    if (v == 0)
        return np;
    size_t j = v;
    /* an auxiliary only before a verb of speech: "could find" governs a
     * partial quote in the writer's sentence, "would say" is a cue */
    int speech = (c->t[v].cls & LEX_SPEECH) != 0;
    /* ("has called", "had described": the perfect is the subject's own act) */
    while (j > 0 && v - j < 3 &&
           (is_adverb(&c->t[j - 1]) || (speech && is_aux(c, j - 1)) || is_perfect(c, j - 1)) &&
           an_same_clause_tok(c, j - 1, v))
        j--;
    /* "Jerry Brown -- who made it his issue -- said": the subject is before the aside */
    if (j > 1 && an_is_punct(&c->t[j - 1], '-') && c->t[j - 1].span < 0 &&
        depth < NP_BEFORE_DEPTH) {
        size_t e = j - 1; /* "--" is two tokens */
        while (e > 0 && an_is_punct(&c->t[e - 1], '-'))
            e--;
        for (size_t d = e; d-- > 0 && e - d <= BACK_MAX && c->t[d].sent == c->t[v].sent &&
                           c->t[d].span < 0;) {
            if (an_is_punct(&c->t[d], '-')) {
                while (d > 0 && an_is_punct(&c->t[d - 1], '-'))
                    d--;
                np = np_before_core(c, d, depth + 1);
                if (np.kind == NP_NAME || np.kind == NP_PRON_PERSON)
                    return np;
                return an_np_empty(v);
            }
        }
    }
    /* "Ann Bell (D-Calif.) said", "Ann Bell (no relation) said": the
     * subject is before the parenthesis */
    if (j > 2 && an_is_punct(&c->t[j - 1], ')') && c->t[j - 1].span < 0 &&
        depth < NP_BEFORE_DEPTH) {
        for (size_t d = j - 1; d-- > 0 && j - 1 - d <= 10 && c->t[d].sent == c->t[v].sent &&
                               c->t[d].span < 0;) {
            if (an_is_punct(&c->t[d], ')'))
                break;
            if (an_is_punct(&c->t[d], '(')) {
                np = np_before_core(c, d, depth + 1);
                return np.kind == NP_NAME ? np : an_np_empty(v);
            }
        }
    }
    /* "Ann Bell, who said the budget was ...": the subject of "who" is the
     * name before its comma */
    if (depth < NP_BEFORE_DEPTH && j >= 3 && (an_tok_is(c, j - 1, "who") || an_tok_is(c, j - 1, "which")) &&
        c->t[j - 1].span < 0 && an_is_punct(&c->t[j - 2], ',') && an_same_clause_tok(c, j - 2, v)) {
        np = np_before_core(c, j - 2, depth + 1);
        return np.kind == NP_NAME ? np : an_np_empty(v);
    }
    /* "Elizabeth Warren, D-Mass., said": the subject is before the party tag */
    for (size_t pb = j >= 4 ? j - 4 : 0; depth < NP_BEFORE_DEPTH && pb + 3 <= j; pb++)
        if (an_party_tag(c, pb, j)) {
            np = np_before_core(c, pb, depth + 1);
            return np.kind == NP_NAME ? np : an_np_empty(v);
        }
    if (j == 0 || !an_same_clause_tok(c, j - 1, v))
        return np;
    size_t last = j - 1;
    if (an_is_punct(&c->t[last], ',')) {
        /* appositive subject: "Gwen Marsh, curator ..., said" or
         * "The city's chief financial officer, Maria Gomez, told" */
        size_t s = last;
        while (s > 0 && last - s < BACK_MAX && c->t[s - 1].sent == c->t[v].sent &&
               c->t[s - 1].span < 0)
            s--;
        size_t pa = 0, pb = 0;
        for (int seg = 0; seg < 3 && s < last; seg++) {
            size_t e = s;
            for (; e < last && !an_is_punct(&c->t[e], ','); e++) {
                if (an_is_word(&c->t[e]))
                    continue;
                /* "The head of the ABU (Aid Board Union), Ana Ruiz,": a
                 * parenthesis inside the description */
                size_t r = e + 1;
                while (an_is_punct(&c->t[e], '(') && r < last && r - e <= 8 &&
                       an_is_word(&c->t[r]))
                    r++;
                if (!an_is_punct(&c->t[e], '(') || !an_is_punct(&c->t[r], ')'))
                    break;
                e = r;
            }
            if (!an_is_punct(&c->t[e], ','))
                break;
            /* an opening prepositional phrase ("At a stop on Main Street,")
             * sets the scene; the subject comes after it */
            if (seg == 0 && (c->t[s].cls & LEX_PREP) && !(c->t[s].cls & LEX_ORG) && e < last) {
                s = e + 1;
                continue;
            }
            np.a = s;
            np.b = e;
            an_find_name(c, &np);
            /* "The chief of the ABU, Rosa Quint, has called": a
             * description ending in its organisation's name is the role of the
             * person named next */
            int desc_of_org = np.kind == NP_NAME && np.org && seg == 0 && e < last &&
                              (c->t[s].cls & LEX_DET) && has_role_word(c, s, e);
            /* "The UN Secretary-General, Ana Ruiz, said": one capitalised
             * word after "the", then a full name: the word is her title */
            if (np.kind == NP_NAME && !desc_of_org && seg == 0 && e < last &&
                an_tok_is(c, s, "the") && np.nb - np.na == 1) {
                size_t e2 = e + 1;
                while (e2 < last && an_is_word(&c->t[e2]))
                    e2++;
                struct np nx = an_np_of(c, e + 1, e2);
                desc_of_org = e2 == last && nx.kind == NP_NAME && !nx.org && nx.na == e + 1 &&
                              nx.nb - nx.na >= 2;
            }
            if (np.kind == NP_NAME && e - s <= NP_MAX && !desc_of_org) {
                if (e < last && has_role_word(c, e + 1, last)) {
                    np.xa = e + 1;
                    np.xb = last;
                } else if (e == last && pb > pa && has_role_word(c, pa, pb) &&
                           only_titles(c, np.ra, np.rb)) {
                    /* "the association's chief officer, Dr. Jane Roe, said": the
                     * descriptor is the role; a bare "Dr." adds nothing to it */
                    np.ra = pa;
                    np.rb = pb;
                }
                return np;
            }
            pa = s;
            pb = e;
            s = e + 1;
        }
        /* "Ada Wren, D-Mass., who chairs the panel, said": the subject is
         * before the relative clause, whatever stands between them */
        for (size_t p = last; depth < NP_BEFORE_DEPTH && p-- > 0 && last - p <= BACK_MAX &&
                              c->t[p].sent == c->t[v].sent && c->t[p].span < 0;)
            if (an_is_punct(&c->t[p], ',')) {
                if (p + 1 < last && an_is_relative(c, p + 1)) {
                    np = np_before_core(c, p, depth + 1);
                    if (np.kind == NP_NAME)
                        return np;
                }
                break;
            }
        np = an_np_empty(v);
        return np;
    }
    const struct tok *lt = &c->t[last];
    if (!an_is_word(lt))
        return np;
    if (lt->cls & (LEX_PRON_PERSON | LEX_PRON_THING)) {
        /* "told her" is an object; "pretty soon she would say" a subject */
        if (last > 0 && an_same_clause_tok(c, last - 1, v) && an_is_word(&c->t[last - 1]) &&
            !(c->t[last - 1].cls & (LEX_BREAK | LEX_STOPCAP)) && !is_adverb(&c->t[last - 1]))
            return np;
        np.a = last;
        np.b = last + 1;
        an_find_name(c, &np);
        return np;
    }
    if (an_tok_is(c, last, "they")) {
        /* "they wrote": a plural source, never one person */
        np.a = last;
        np.b = last + 1;
        an_find_name(c, &np);
        return np;
    }
    size_t k = last + 1;
    while (k > 0 && last + 1 - k < NP_MAX && an_same_clause_tok(c, k - 1, v) &&
           an_is_word(&c->t[k - 1])) {
        const struct tok *t = &c->t[k - 1];
        /* "and" inside an organisation's name does not end the phrase */
        int in_org = an_tok_is(c, k - 1, "and") && k - 1 != 0 && k - 1 != last &&
                     an_is_name_tok(&c->t[k]) && org_and(c, 0, k - 1);
        if ((t->cls & LEX_BREAK) && !in_org &&
            !(an_is_name_tok(t) && k - 1 != 0 && c->t[k - 2].sent == t->sent && k - 1 != last))
            break;
        /* "Acme's report said": a statement noun that is a verb too, after a
         * possessive (and perhaps one modifier), is a noun */
        if (an_is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT)) && !(t->cls & LEX_ROLE) &&
            !an_stmt_after_poss(c, k - 1))
            break;
        k--;
    }
    /* "Acme's new analysis of its own figures concluded": the statement
     * before the "of" phrase speaks for its author */
    size_t of = v;
    while (of > 0 && v - of < 10 && an_same_clause_tok(c, of - 1, v) && c->t[of - 1].span < 0 &&
           an_is_word(&c->t[of - 1]) && !an_tok_is(c, of - 1, "of") &&
           !(an_is_lower_word(&c->t[of - 1]) && (c->t[of - 1].cls & (LEX_SPEECH | LEX_REPORT))))
        of--;
    if (of >= 4 && of < v && an_tok_is(c, of - 1, "of") && an_is_lower_word(&c->t[of - 2]) &&
        (c->t[of - 2].cls & LEX_STMT) && an_same_clause_tok(c, of - 3, v)) {
        size_t p0 = of - 2;
        if (p0 >= 2 && an_is_lower_word(&c->t[p0 - 1]) && (c->t[p0 - 2].f & T_POSS))
            p0--;
        if ((c->t[p0 - 1].f & T_POSS) && an_is_name_tok(&c->t[p0 - 1])) {
            size_t n = p0 - 1;
            while (n > 0 && p0 - 1 - n < 4 && an_same_clause_tok(c, n - 1, v) &&
                   an_is_name_tok(&c->t[n - 1]) && !(c->t[n - 1].f & T_POSS))
                n--;
            if (n == 0 || !an_same_clause_tok(c, n - 1, v) || !an_is_word(&c->t[n - 1]) ||
                (c->t[n - 1].cls & (LEX_BREAK | LEX_STOPCAP))) {
                np.a = n;
                np.b = of - 1;
                an_find_name(c, &np);
                if (np.kind == NP_NAME)
                    return np;
                np = an_np_empty(v);
            }
        }
    }
    /* the object of a preposition is no subject, but "a study published in
     * the Journal shows" has the study as its subject */
    if (k > 0 && an_same_clause_tok(c, k - 1, v) && an_is_lower_word(&c->t[k - 1]) &&
        (c->t[k - 1].cls & LEX_PREP)) {
        size_t h = k - 1;
        if (h >= 2 && an_same_clause_tok(c, h - 2, v) && an_is_lower_word(&c->t[h - 1]) &&
            c->t[h - 1].klen > 2 && c->s[c->t[h - 1].b + c->t[h - 1].klen - 1] == 'd' &&
            c->s[c->t[h - 1].b + c->t[h - 1].klen - 2] == 'e' && an_is_lower_word(&c->t[h - 2]) &&
            (c->t[h - 2].cls & LEX_UNNAMED)) {
            size_t s0 = h - 2;
            while (s0 > 0 && h - 2 - s0 < 3 && an_same_clause_tok(c, s0 - 1, v) &&
                   an_is_word(&c->t[s0 - 1]) && !(c->t[s0 - 1].cls & (LEX_BREAK | LEX_PREP)) &&
                   !an_is_name_tok(&c->t[s0 - 1]))
                s0--;
            if (s0 > 0 && an_same_clause_tok(c, s0 - 1, v) && an_is_lower_word(&c->t[s0 - 1]) &&
                (c->t[s0 - 1].cls & LEX_DET))
                s0--;
            np.kind = NP_UNNAMED;
            np.a = np.sa = s0;
            np.b = np.sb = last + 1;
            return np;
        }
        if (person_of_org(c, k, last, v, &np))
            return np;
        return np;
    }
    /* "of The Globe and Mail": the scan stopped inside an organisation's name */
    if (k > 1 && (an_tok_is(c, k - 1, "and") || an_tok_is(c, k - 1, "the")) &&
        person_of_org(c, k, last, v, &np))
        return np;
    /* skip a sentence-initial stop word: "But experts say" */
    while (k <= last && (c->t[k].cls & LEX_STOPCAP) && !(c->t[k].cls & LEX_DET) &&
           (c->t[k].f & T_CAP))
        k++;
    if (k > last)
        return np;
    np.a = k;
    np.b = last + 1;
    an_find_name(c, &np);
    return np;
}

/* An unnamed source whose head has a postmodifier, ending just before token v:
 * "Two traders familiar with the matter said", "one of them said",
 * "A city official briefed on the talks said". The phrase must open its clause
 * (a quantifier or article, or the clause start) so that the object of a
 * preposition ("told two traders familiar with ...") is never taken. */
static struct np unnamed_before(const struct ctx *c, size_t v)
{
    struct np np = an_np_empty(v);
    size_t j = v;
    /* an auxiliary only before a verb of speech: "could find" governs a
     * partial quote in the writer's sentence, "would say" is a cue */
    int speech = (c->t[v].cls & LEX_SPEECH) != 0;
    while (j > 0 && v - j < 3 && (is_adverb(&c->t[j - 1]) || (speech && is_aux(c, j - 1))) &&
           an_same_clause_tok(c, j - 1, v))
        j--;
    size_t end = j;
    /* the head: the nearest unnamed-source noun, or "one"/"two" before "of" */
    size_t h = SIZE_MAX;
    for (size_t p = end; p-- > 0 && end - p <= NP_MAX;) {
        const struct tok *t = &c->t[p];
        if (!an_same_clause_tok(c, p, v) || !an_is_word(t) || t->span >= 0)
            break;
        if (an_is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT)))
            break; /* another verb: not a postmodifier any more */
        if (an_is_lower_word(t) && (t->cls & LEX_UNNAMED) && p + 1 < end) {
            h = p;
            break;
        }
        if ((t->cls & LEX_DET) && p + 2 < end && an_tok_is(c, p + 1, "of") &&
            an_is_lower_word(&c->t[p + 2])) {
            h = p; /* "one of them", "two of the traders" */
            break;
        }
    }
    if (h == SIZE_MAX)
        return np;
    /* the postmodifier opens with a preposition, a relative, or one word
     * before a preposition: "familiar with", "close to", "briefed on" */
    const struct tok *m = &c->t[h + 1];
    int post = (m->cls & (LEX_PREP | LEX_RELATIVE)) ||
               (h + 2 < end && an_is_lower_word(m) && (c->t[h + 2].cls & LEX_PREP));
    if (!post)
        return np;
    size_t a = h;
    if (!(c->t[h].cls & LEX_DET) || !an_tok_is(c, h + 1, "of")) {
        /* modifiers, then a quantifier or article: "A senior U.S. official" */
        while (a > 0 && h - a < 3 && an_same_clause_tok(c, a - 1, v) && an_is_word(&c->t[a - 1]) &&
               !(c->t[a - 1].cls & (LEX_DET | LEX_BREAK | LEX_SPEECH | LEX_REPORT)) &&
               !(c->t[a - 1].f & T_POSS))
            a--;
        if (a > 0 && an_same_clause_tok(c, a - 1, v) && an_is_word(&c->t[a - 1]) &&
            (c->t[a - 1].cls & LEX_DET) && !(c->t[a - 1].cls & LEX_PRON_PERSON))
            a--;
        else if (a != h && !(c->t[a].f & T_CAP))
            return np;
    }
    /* the phrase opens its clause */
    if (a > 0 && an_same_clause_tok(c, a - 1, v) && an_is_word(&c->t[a - 1]) &&
        c->t[a - 1].span < 0 && !an_tok_is(c, a - 1, "and") && !an_tok_is(c, a - 1, "but"))
        return np;
    np.kind = NP_UNNAMED;
    np.a = np.sa = a;
    np.b = np.sb = end;
    return np;
}

/* "A statement from the mayor's office said", "a letter signed by Ann Bell
 * said": a statement noun opening the clause speaks for the source after its
 * "from" or "by". */
static struct np stmt_source_before(const struct ctx *c, size_t v)
{
    struct np np = an_np_empty(v);
    for (size_t p = v; p-- > 1 && v - p <= NP_MAX;) {
        const struct tok *t = &c->t[p];
        if (t->span >= 0 || !an_same_clause_tok(c, p, v) || !an_is_word(t))
            return np;
        if (!(an_tok_is(c, p, "from") || an_tok_is(c, p, "by")))
            continue;
        size_t h = p - 1;
        if (h > 0 && an_is_lower_word(&c->t[h]) && !(c->t[h].cls & LEX_STMT))
            h--; /* "a letter signed by" */
        if (!(c->t[h].cls & LEX_STMT) || !an_is_word(&c->t[h]))
            return np;
        size_t d = h;
        if (d > 0 && an_is_word(&c->t[d - 1]) && an_is_lower_word(&c->t[d - 1]) &&
            !(c->t[d - 1].cls & LEX_DET))
            d--; /* "a joint statement" */
        if (d == 0 || !(c->t[d - 1].cls & LEX_DET) || !an_opens_clause(c, d - 1) || p + 1 >= v)
            return np;
        np = an_np_of(c, p + 1, v);
        if (np.kind == NP_NAME || np.kind == NP_UNNAMED)
            return np;
        np = an_np_empty(v);
        np.kind = NP_UNNAMED;
        np.a = np.sa = p + 1;
        np.b = np.sb = v;
        np.def = an_tok_is(c, p + 1, "the");
        return np;
    }
    return np;
}

struct np an_np_before(const struct ctx *c, size_t v)
{
    struct np np = np_before_core(c, v, 0);
    if (np.kind == NP_NONE && v > 0) {
        struct np st = stmt_source_before(c, v);
        if (st.kind != NP_NONE)
            return st;
    }
    if (np.kind == NP_NONE && v > 0) {
        struct np un = unnamed_before(c, v);
        if (un.kind == NP_UNNAMED)
            return un;
    }
    return np;
}

int an_add_event(struct ctx *c, size_t pos, long cue, const struct np *np)
{
    struct event *ev = an_grow(c->ev, &c->evcap, c->nev + 1, sizeof *c->ev, &c->oom);
    if (!ev)
        return 0;
    c->ev = ev;
    c->ev[c->nev].pos = pos;
    c->ev[c->nev].cue = cue;
    c->ev[c->nev].ent = -1;
    c->ev[c->nev].weak = 0;
    c->ev[c->nev].narr = 0;
    c->ev[c->nev].intro = 0;
    c->ev[c->nev].topic = 0;
    c->ev[c->nev].shape = 0;
    c->ev[c->nev].sex = 0;
    c->ev[c->nev].np = *np;
    c->nev++;
    return 1;
}

/* Remember a two- or three-word personal name seen anywhere outside quotes, so
 * that a speaker named by surname only gets the full name ("Hill" ->
 * "David Hill") when the article gives exactly one. */
static void add_name_str(struct ctx *c, const char *a, size_t alen, const char *b, size_t blen)
{
    size_t len = alen + (blen ? 1 + blen : 0);
    if (c->nnames >= ANNOT_MAX_NAMES)
        return;
    for (size_t i = 0; i < c->nnames; i++)
        if (c->names[i][0] == a[0] && strlen(c->names[i]) == len && !memcmp(c->names[i], a, alen) &&
            (!blen || !memcmp(c->names[i] + alen + 1, b, blen)))
            return;
    char **n = an_grow(c->names, &c->namecap, c->nnames + 1, sizeof *c->names, &c->oom);
    if (!n)
        return;
    c->names = n;
    char *str = malloc(len + 1);
    if (!str) {
        c->oom = 1;
        return;
    }
    memcpy(str, a, alen);
    if (blen) {
        str[alen] = ' ';
        memcpy(str + alen + 1, b, blen);
    }
    str[len] = '\0';
    c->names[c->nnames++] = str;
}

static void add_full_name(struct ctx *c, const struct np *np)
{
    size_t b = c->t[np->na].b, e = an_name_end(c, np->nb - 1);
    if (c->t[np->nb - 1].f & T_DOTTED)
        return;
    add_name_str(c, c->s + b, e - b, NULL, 0);
    /* "John and Mary Wilson": John Wilson too */
    size_t i = np->na;
    if (np->nb - np->na == 2 && i >= 2 && an_tok_is(c, i - 1, "and") &&
        (c->t[i - 2].cls & LEX_GIVEN) && (c->t[i].cls & LEX_GIVEN) &&
        an_is_name_tok(&c->t[i - 2]) && (i < 3 || !an_is_name_tok(&c->t[i - 3]))) {
        const struct tok *g = &c->t[i - 2], *sn = &c->t[np->nb - 1];
        add_name_str(c, c->s + g->b, g->e - g->b, c->s + sn->b, sn->e - sn->b);
    }
}

/* A nickname inside a name, `Vic "The Anvil" Stroud`, where the run of
 * name words ends at token j: the person is Vic Stroud, and the surname
 * after the span is a mention of them. */
static void nickname(struct ctx *c, size_t j)
{
    if (j == 0 || j >= c->nt || c->t[j].span < 0 || !an_is_name_tok(&c->t[j - 1]) ||
        (c->t[j - 1].cls & (LEX_ORG | LEX_TITLE | LEX_ROLE)) || (c->t[j - 1].f & T_ALLCAPS))
        return;
    size_t k = (size_t)c->t[j].span;
    size_t s = c->sp_next[k];
    if (c->sp_first[k] != j || s >= c->nt || !an_is_name_tok(&c->t[s]) ||
        c->t[s].sent != c->t[j - 1].sent || an_span_words(c, k) > 3 || !an_span_title_case(c, k))
        return;
    if ((s + 1 < c->nt && an_is_name_tok(&c->t[s + 1])) || (c->t[s].cls & LEX_ORG))
        return; /* `Tom "Rocket" Lee Smith`: too unsure where the name ends */
    const struct tok *g = &c->t[j - 1], *sn = &c->t[s];
    size_t gb = g->b; /* `John J. "Tip" Talone`: the given name before the initial */
    if ((g->f & T_INITIAL) && j >= 2 && an_is_name_tok(&c->t[j - 2]) &&
        c->t[j - 2].sent == g->sent && !(c->t[j - 2].f & T_INITIAL))
        gb = c->t[j - 2].b;
    add_name_str(c, c->s + gb, g->e - gb, c->s + sn->b, sn->klen);
    struct np np = an_np_of(c, s, s + 1);
    if (np.kind == NP_NAME && !np.org)
        an_add_event(c, sn->b, -1, &np);
}

/* Tokens [i, j) are a personal name in the possessive: two or three words,
 * a given name first, only the last one with 's. */
static int possessive_person(const struct ctx *c, size_t i, size_t j)
{
    if (j - i < 2 || j - i > 3 || !(c->t[j - 1].f & T_POSS) || !(c->t[i].cls & LEX_GIVEN))
        return 0;
    for (size_t k = i; k < j; k++)
        if ((c->t[k].cls & (LEX_ORG | LEX_TITLE | LEX_ROLE | LEX_STOPCAP)) ||
            (k + 1 < j && (c->t[k].f & T_POSS)))
            return 0;
    return 1;
}

/* Tokens [i, j) are shaped like a personal name in the possessive, a given
 * name first or not: capitalised words, none of an organisation, a title,
 * a role or all capitals, only the last one with 's. */
static int possessive_shape(const struct ctx *c, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++)
        if ((c->t[k].cls & (LEX_ORG | LEX_TITLE | LEX_ROLE | LEX_STOPCAP)) ||
            (c->t[k].f & (T_ALLCAPS | T_DIGIT | T_DOTTED)) || !an_is_name_tok(&c->t[k]) ||
            (k + 1 < j && (c->t[k].f & T_POSS)))
            return 0;
    return 1;
}

/* Named persons outside any cue: "President Anna Weller", "For Ivo
 * Brandt, an ABC instructor in English, ...". */
/* A one-word name opening its sentence before a verb in the past ("Hale was
 * sitting") is taken for a person by its shape; the word lists need not know
 * it. Two or three words are when a verb in the present ("-s") or "has"
 * follows, as a profile introduces someone ("Mara Lintz leads the team"):
 * a mention for a later "she said", though no sentence subject (the event's
 * shape flag), since a firm is shaped so too. (Before a verb in the past,
 * fiction's narration, two words were tried: a person of unknown sex then
 * took a later "she" from the woman meant.) */
static int shape_person(const struct ctx *c, size_t a, size_t j)
{
    if (j <= a || j > a + 3 || j >= c->nt || c->t[a].f & (T_ALLCAPS | T_DOTTED))
        return 0;
    for (size_t i = a; i < j; i++)
        if ((c->t[i].f & (T_ALLCAPS | T_DIGIT | T_POSS)) ||
            (c->t[i].cls & (LEX_ORG | LEX_STOPCAP | LEX_TITLE | LEX_ROLE)) ||
            !an_is_name_tok(&c->t[i]))
            return 0;
    /* "Hunger throbbed in it": a word the text writes in lower case, or never
     * capitalises inside a sentence, is no one's name by its shape alone */
    if (an_vocab_lower(c->vocab, c->s + c->t[a].b, c->t[a].klen) ||
        (j == a + 1 && !an_vocab_capmid(c->vocab, c->s + c->t[a].b, c->t[a].klen)))
        return 0;
    const struct tok *v = &c->t[j];
    if (!an_is_lower_word(v) || v->klen < 3 || (v->cls & (LEX_PREP | LEX_DET)))
        return 0;
    const char *w = c->s + v->b;
    if (j == a + 1 && ((v->klen > 3 && w[v->klen - 2] == 'e' && w[v->klen - 1] == 'd') ||
                       (v->cls & (LEX_SPEECH | LEX_PASSIVE))))
        return 1;
    if (j > a + 1 && (an_tok_is(c, j, "has") || (v->klen > 3 && w[v->klen - 1] == 's' &&
                                                 w[v->klen - 2] != 's' && !(v->f & T_LY))))
        return 1;
    /* "Tavin Okoro glanced at her. He stammered": a past tense, when the
     * next sentence opens with "he" or "she" (a firm is no "he") */
    if (j == a + 1 || v->klen <= 4 || w[v->klen - 2] != 'e' || w[v->klen - 1] != 'd')
        return 0;
    size_t k = j;
    while (k < c->nt && c->t[k].sent == c->t[j].sent)
        k++;
    return k < c->nt && c->t[k].span < 0 && (an_tok_is(c, k, "he") || an_tok_is(c, k, "she"));
}

/* "he", "his", "him", "she", "her", "herself": a pronoun of a third person
 * of known sex. */
static int third_pron(const struct ctx *c, size_t i)
{
    static const char *const w[] = {"he",  "his",  "him",     "himself", "she",
                                    "her", "hers", "herself", NULL};
    for (size_t k = 0; w[k]; k++)
        if (an_tok_is(c, i, w[k]))
            return 1;
    return 0;
}

/* "I watched Brack at the gate, where he stood whistling": a one-word
 * name inside its sentence, right after a lower-case word that is no
 * preposition or article (places follow "in", "to", "the"; "the tall Moor",
 * "an old Roman road" are descriptions), which the article never writes in
 * lower case, is a person when the pronouns after it in the sentence are all
 * of one sex. Returns that sex, or 0. */
static uint32_t object_person(const struct ctx *c, size_t a)
{
    const struct tok *t = &c->t[a], *p = a > 0 ? &c->t[a - 1] : NULL;
    if (!p || p->sent != t->sent || p->span >= 0 || !an_is_lower_word(p) ||
        (p->cls & (LEX_PREP | LEX_DET)) || (t->f & (T_ALLCAPS | T_DOTTED | T_POSS | T_DIGIT)) ||
        (t->cls & (LEX_ORG | LEX_TITLE | LEX_ROLE | LEX_DEMONYM | LEX_KIN | LEX_STOPCAP)) ||
        an_vocab_lower(c->vocab, c->s + t->b, t->klen))
        return 0;
    if (a >= 2 && c->t[a - 2].sent == t->sent && (c->t[a - 2].cls & (LEX_DET | LEX_PREP)))
        return 0;
    /* the pronouns are the name's only when no one else the sentence names
     * before it could have them ("the farmer, greeting Brack at the gate,
     * lent him his stick"): "I" or "we" only */
    for (size_t k = a; k-- > 0 && a - k <= BACK_MAX && c->t[k].sent == t->sent;) {
        const struct tok *u = &c->t[k];
        if (u->span >= 0 || !an_is_word(u))
            continue;
        if (third_pron(c, k))
            return 0;
        if (an_is_lower_word(u) && (u->cls & (LEX_ROLE | LEX_KIN | LEX_UNNAMED)))
            return 0;
        if (an_is_name_tok(u) && (k > 0 && c->t[k - 1].sent == t->sent))
            return 0;
    }
    return an_sex_after(c, a + 1);
}

/* Token i opens its sentence before a name, and the name is still the
 * subject: a modifier or an adverb the article writes in lower case ("Old
 * Hale was", "Poor Ruth said", "Then Hale said"), no preposition or article. */
static int opener(const struct ctx *c, size_t i)
{
    /* "If Hale had gone, ...": a subordinate clause's subject is not the sentence's */
    static const char *const sub[] = {"if",    "although", "though", "because", "since", "as",
                                      "unless", "until",   "once",   "whether", NULL};
    const struct tok *t = &c->t[i];
    if (!((i == 0 || c->t[i - 1].sent != t->sent) && t->span < 0 && (t->f & T_CAP) &&
          (t->cls & LEX_STOPCAP) &&
          !(t->cls & (LEX_PREP | LEX_DET | LEX_PRON_PERSON | LEX_RELATIVE)) && !(t->f & T_POSS)))
        return 0;
    for (size_t k = 0; sub[k]; k++)
        if (an_tok_is(c, i, sub[k]))
            return 0;
    return 1;
}

/* "When he was gone, Hale walked on", "Following the others along the
 * lane, past the houses, the doctor looked up": does a subordinate clause or a
 * participle's phrase of a few words, opening the sentence (after "And" or
 * "But" perhaps) and ending in the comma before token f, stand before it?
 * Then f opens the main clause. */
int an_is_subordinator(const struct ctx *c, size_t i)
{
    static const char *const sub[] = {"when",   "as",    "while", "after",    "before",
                                      "although", "though", "since", "until", "once",
                                      "whenever", "because", NULL};
    for (size_t k = 0; sub[k]; k++)
        if (an_tok_is(c, i, sub[k]))
            return 1;
    return 0;
}

static int after_sub_clause(const struct ctx *c, size_t f)
{
    if (f < 3 || !an_is_punct(&c->t[f - 1], ',') || c->t[f - 1].span >= 0)
        return 0;
    size_t s = f - 1;
    int commas = 0;
    while (s > 0 && f - s < 18 && c->t[s - 1].sent == c->t[f].sent) {
        const struct tok *t = &c->t[s - 1];
        if (t->span >= 0 || (!an_is_word(t) && !an_is_punct(t, '-') && !an_is_punct(t, ',')))
            return 0;
        commas += an_is_punct(t, ',');
        s--;
    }
    if (s > 0 && c->t[s - 1].sent == c->t[f].sent)
        return 0;
    if ((an_tok_is(c, s, "and") || an_tok_is(c, s, "but")) && s + 2 < f)
        s++;
    const struct tok *w = &c->t[s];
    if (s + 2 < f && (w->f & T_CAP) && w->klen >= 6 && !memcmp(c->s + w->b + w->klen - 3, "ing", 3))
        return 1; /* a participle's phrase, commas and all */
    return !commas && an_is_subordinator(c, s) && s + 2 < f;
}

int an_opens_clause(const struct ctx *c, size_t f)
{
    if (f == 0 || c->t[f - 1].sent != c->t[f].sent || opener(c, f - 1) || after_sub_clause(c, f))
        return 1;
    /* "Yes, Nora was": after a word of its own that opens the sentence */
    if (f >= 2 && an_is_punct(&c->t[f - 1], ',') && c->t[f - 1].span < 0 && opener(c, f - 2))
        return 1;
    /* "In March 1962, Jane Roe wrote": after an opening phrase of a few words
     * that starts with a preposition and ends in the comma before the name;
     * "At three in the morning Dr. Roe was": a name needs no comma, after a
     * word that is no preposition or determiner of its own */
    size_t end = f - 1;
    if (!an_is_punct(&c->t[f - 1], ',')) {
        const struct tok *w = &c->t[f - 1];
        if (!an_is_name_tok(&c->t[f]) || !an_is_lower_word(w) || (w->f & T_POSS) ||
            (w->cls & (LEX_PREP | LEX_DET | LEX_BREAK | LEX_ADV)))
            return 0;
        end = f;
    }
    if (c->t[f - 1].span >= 0)
        return 0;
    size_t s = end;
    while (s > 0 && end - s < 6 && c->t[s - 1].sent == c->t[f].sent) {
        const struct tok *t = &c->t[s - 1];
        if (t->span >= 0 || !an_is_word(t) ||
            (an_is_lower_word(t) && (t->cls & (LEX_SPEECH | LEX_REPORT | LEX_PASSIVE))))
            return 0;
        s--;
    }
    return (end == f ? s + 1 < end : s < end) && (s == 0 || c->t[s - 1].sent != c->t[f].sent) &&
           (c->t[s].cls & LEX_PREP) && (c->t[s].f & T_CAP);
}

/* "The doctor stood up.", "as the doctor left": a definite description in
 * narration, head noun a role or a person noun, then a verb, not after a
 * preposition; its entity (see an_resolve_events) is the latest mention, and
 * the subject a later "he said" points back to when it opens the sentence. */
static void subject_description(struct ctx *c, size_t i)
{
    if (!(c->t[i].cls & LEX_DET) || c->t[i].span >= 0 || !an_tok_is(c, i, "the") ||
        (i > 0 && (c->t[i - 1].cls & LEX_PREP)))
        return;
    for (size_t k = i + 1; k < c->nt && k <= i + 3 && c->t[k].sent == c->t[i].sent; k++) {
        const struct tok *h = &c->t[k];
        if (!an_is_lower_word(h) || (h->f & T_POSS) || h->span >= 0)
            return;
        if (!(h->cls & (LEX_ROLE | LEX_KIN)))
            continue;
        const struct tok *v = k + 1 < c->nt ? &c->t[k + 1] : NULL;
        if (!v || v->sent != h->sent || !an_is_lower_word(v) ||
            (v->cls & (LEX_ROLE | LEX_KIN | LEX_PREP | LEX_BREAK)))
            return;
        struct np np = an_np_of(c, i, k + 1);
        if (np.kind != NP_UNNAMED || (!np.def && !(h->cls & LEX_KIN)) || np.def > 1)
            return;
        if (an_add_event(c, c->t[i].b, -1, &np))
            c->ev[c->nev - 1].narr = 1;
        return;
    }
}

/* "A shabby little man, who was coming out, stopped": an indefinite
 * description opening its clause, whose head is a person by the word lists
 * (with a verb after it) or by the "who" after it, brings in someone the text
 * may never name, whom a "he said" after may mean (an_resolve_events); so
 * does "The officer who came in" (a "who" right after the noun says which),
 * and, as no subject, "our guide, a superior fellow" (the appositive of a
 * description). */
/* "Some of them laughed, and one of them leant forward": "one of ..." as
 * the subject of its clause, or of a clause joined by "and" or "but", is one
 * unnamed person (intro_description). */
static void intro_one_of(struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (t->span >= 0 || i + 2 >= c->nt || !an_tok_is(c, i, "one") || !an_tok_is(c, i + 1, "of") ||
        c->t[i + 2].sent != t->sent)
        return;
    int joined = i >= 2 && (an_tok_is(c, i - 1, "and") || an_tok_is(c, i - 1, "but")) &&
                 an_is_punct(&c->t[i - 2], ',') && c->t[i - 2].sent == t->sent;
    if (!joined && !an_opens_clause(c, i))
        return;
    size_t k = i + 2;
    if (!an_tok_is(c, k, "them") && !an_tok_is(c, k, "us")) {
        /* "one of the ill-bred people": to the phrase's last word */
        while (k < c->nt && k < i + 9 && c->t[k].sent == t->sent &&
               (an_is_lower_word(&c->t[k]) || an_is_punct(&c->t[k], '-')) &&
               !(c->t[k].cls & (LEX_BREAK | LEX_PREP)) && !(k > i + 2 && (c->t[k].cls & LEX_DET)))
            k++;
        while (k > i + 2 && !an_is_word(&c->t[k - 1]))
            k--;
        if (k == i + 2)
            return;
        k--;
    }
    struct np np = an_np_empty(i);
    np.kind = NP_UNNAMED;
    np.b = np.sb = k + 1;
    if (an_add_event(c, t->b, -1, &np))
        c->ev[c->nev - 1].intro = 1;
}

static void intro_description(struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    int the = an_tok_is(c, i, "the"), indef = an_tok_is(c, i, "a") || an_tok_is(c, i, "an");
    if (t->span >= 0 || !(indef || the))
        return;
    int subj = an_opens_clause(c, i);
    /* after a comma or a dash ("a hand-barrow--a tall, strong man") */
    size_t p = i;
    while (p > 0 && i - p < 2 && an_is_punct(&c->t[p - 1], '-'))
        p--;
    if (p == i && i > 0 && an_is_punct(&c->t[i - 1], ','))
        p--;
    const struct tok *d = p < i && p > 0 ? &c->t[p - 1] : NULL;
    int appos = !subj && indef && d && d->sent == t->sent &&
                an_is_lower_word(d) && d->span < 0 &&
                !(d->cls & (LEX_PREP | LEX_DET | LEX_BREAK | LEX_ADV | LEX_SPEECH | LEX_REPORT));
    if (!subj && !appos)
        return;
    for (size_t k = i + 1; k < c->nt && k <= i + 8 && c->t[k].sent == t->sent; k++) {
        const struct tok *h = &c->t[k];
        if (an_is_punct(h, ',') && k > i + 1)
            continue; /* "a tall, strong man" */
        /* the phrase ends before a new one begins ("on the men who") */
        if (!an_is_lower_word(h) || (h->f & T_POSS) || h->span >= 0 ||
            (h->cls & (LEX_BREAK | LEX_PREP | LEX_DET)))
            return;
        size_t n = k + 1;
        if (n < c->nt && an_is_punct(&c->t[n], ','))
            n++;
        int who = n < c->nt && c->t[n].sent == t->sent && an_tok_is(c, n, "who");
        const struct tok *v = k + 1 < c->nt ? &c->t[k + 1] : NULL;
        if (the && !(who && n == k + 1))
            continue; /* "The first man who came in was": someone new; "the man" is not */
        int person = !the && (h->cls & (LEX_ROLE | LEX_KIN)) && v && v->sent == t->sent &&
                     (appos ? !an_is_lower_word(v) || (v->cls & LEX_PREP)
                            : an_is_lower_word(v) &&
                                  !(v->cls & (LEX_ROLE | LEX_KIN | LEX_PREP | LEX_BREAK)));
        if (!who && !person)
            continue;
        /* "the men who ...", "some boys who": many people, no one "he" means */
        const char *w = c->s + h->b;
        if ((h->klen > 3 && w[h->klen - 1] == 's' && w[h->klen - 2] != 's') ||
            (h->klen >= 3 && !memcmp(w + h->klen - 3, "men", 3)) ||
            an_tok_is(c, k, "people") || an_tok_is(c, k, "children"))
            return;
        /* the phrase as it stands: the word lists need not know its noun */
        struct np np = an_np_empty(i);
        np.kind = NP_UNNAMED;
        np.sa = i;
        np.b = np.sb = k + 1;
        if (an_add_event(c, t->b, -1, &np))
            c->ev[c->nev - 1].intro = subj ? 1 : 2;
        return;
    }
}

/* "She went to the door.": a pronoun opening a sentence of narration is its
 * subject, and keeps the one it points back to as the latest subject. */
static void subject_pronoun(struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (t->span >= 0 || !(t->cls & LEX_PRON_PERSON) || !(t->cls & (LEX_MALE | LEX_FEMALE)) ||
        (i > 0 && c->t[i - 1].sent == t->sent) || i + 1 >= c->nt ||
        !an_is_lower_word(&c->t[i + 1]) || c->t[i + 1].sent != t->sent)
        return;
    struct np np = an_np_of(c, i, i + 1);
    if (np.kind == NP_PRON_PERSON && an_add_event(c, t->b, -1, &np))
        c->ev[c->nev - 1].narr = 1;
}

/* "Her old servant, named Jim, was ...": a name given by "named" or
 * "called" between commas after a short phrase that opens the sentence is
 * the sentence's subject (tokens f..b name it). */
int an_named_subject(const struct ctx *c, size_t f, size_t b)
{
    if (f < 3 || b >= c->nt || !an_is_punct(&c->t[b], ',') || !an_is_punct(&c->t[f - 2], ',') ||
        !(an_tok_is(c, f - 1, "named") || an_tok_is(c, f - 1, "called")))
        return 0;
    size_t s = f - 2;
    while (s > 0 && f - 2 - s < 6 && c->t[s - 1].sent == c->t[f].sent && c->t[s - 1].span < 0 &&
           an_is_word(&c->t[s - 1]) &&
           !(c->t[s - 1].cls & (LEX_SPEECH | LEX_REPORT | LEX_PASSIVE | LEX_PREP | LEX_BREAK)))
        s--;
    return s < f - 2 && (s == 0 || c->t[s - 1].sent != c->t[f].sent);
}

/* "Hale's lips twitched. She had ...": a known person's name [a, b) in the
 * possessive, opening its sentence before a thing of theirs (no person noun:
 * "Hale's eldest son was" is about the son), is what the sentence is about,
 * and a pronoun after it points back to them as to a subject. */
static int poss_topic(const struct ctx *c, size_t a, size_t b)
{
    if (!an_opens_clause(c, a))
        return 0;
    for (size_t k = b; k < c->nt && k < b + 3 && an_is_lower_word(&c->t[k]); k++)
        if (c->t[k].cls & (LEX_ROLE | LEX_KIN | LEX_UNNAMED))
            return 0;
    char name[128];
    int variant;
    if (!an_name_copy(c, a, b, name, sizeof name))
        return 0;
    long id = an_ent_match(c, name, &variant, 0);
    return id >= 0 && c->ents[id].type != ENT_ORG && !variant;
}

/* Does token k hold a lower-case word that can be a kin noun ("brother",
 * "cousin"): not a function word? The word lists only say its sex. */
static int kin_noun_shape(const struct ctx *c, size_t k)
{
    const struct tok *t = &c->t[k];
    return an_is_lower_word(t) && t->span < 0 && !(t->f & (T_POSS | T_LY)) &&
           !(t->cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_RELATIVE | LEX_PRON_PERSON |
                       LEX_PRON_THING | LEX_SPEECH | LEX_REPORT | LEX_ADV));
}

/* "my brother Robert", "Rose, my sister,": the narrator's kin has a name
 * [na, nb); "my" is the one owner a possessive keeps through the text, so a
 * later "said my brother" is that person. */
static void note_my_kin(struct ctx *c, size_t na, size_t nb)
{
    size_t k = 0; /* the kin noun */
    if (na >= 2 && an_tok_is(c, na - 2, "my") && kin_noun_shape(c, na - 1) &&
        c->t[na - 2].sent == c->t[na].sent)
        k = na - 1;
    else if (na >= 3 && an_is_punct(&c->t[na - 1], ',') && an_tok_is(c, na - 3, "my") &&
             kin_noun_shape(c, na - 2) && c->t[na - 3].sent == c->t[na].sent && nb < c->nt &&
             (an_is_punct(&c->t[nb], ',') || an_is_punct(&c->t[nb], '.')))
        k = na - 2;
    else if (nb + 3 < c->nt && an_is_punct(&c->t[nb], ',') && an_tok_is(c, nb + 1, "my") &&
             kin_noun_shape(c, nb + 2) && c->t[nb + 2].sent == c->t[na].sent &&
             (an_is_punct(&c->t[nb + 3], ',') || an_is_punct(&c->t[nb + 3], '.')))
        k = nb + 2;
    if (!k)
        return;
    const struct tok *t = &c->t[k];
    char name[48];
    if (t->klen >= sizeof c->mykin[0].kin || !an_name_copy(c, na, nb, name, sizeof name))
        return;
    size_t slot = 0;
    while (slot < c->nmykin && !(strlen(c->mykin[slot].kin) == t->klen &&
                                 !strncasecmp(c->mykin[slot].kin, c->s + t->b, t->klen)))
        slot++;
    if (slot == sizeof c->mykin / sizeof c->mykin[0])
        return; /* a fifth kind of kin: keep the first four */
    if (slot == c->nmykin)
        c->nmykin++;
    memcpy(c->mykin[slot].kin, c->s + t->b, t->klen);
    c->mykin[slot].kin[t->klen] = '\0';
    memcpy(c->mykin[slot].name, name, strlen(name) + 1);
    uint32_t sex = t->cls & (LEX_MALE | LEX_FEMALE);
    c->mykin[slot].sex = sex == LEX_MALE || sex == LEX_FEMALE ? sex : 0;
}

const char *an_my_kin(const struct ctx *c, size_t i, uint32_t *sex)
{
    const struct tok *t = &c->t[i];
    for (size_t k = 0; k < c->nmykin; k++)
        if (strlen(c->mykin[k].kin) == t->klen && !strncasecmp(c->mykin[k].kin, c->s + t->b, t->klen)) {
            *sex = c->mykin[k].sex;
            return c->mykin[k].name;
        }
    return NULL;
}

/* "There came a man and a burro", "She lived with an elder sister": an
 * indefinite person noun in narration brings in someone new (not after "was"
 * or a comma, where it says what someone named is). */
static void note_indef(struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    if (t->span >= 0 || !(an_tok_is(c, i, "a") || an_tok_is(c, i, "an")) || i == 0 ||
        c->t[i - 1].sent != t->sent || c->t[i - 1].p || (c->t[i - 1].cls & LEX_PASSIVE) ||
        an_tok_is(c, i - 1, "became") || an_tok_is(c, i - 1, "such") || an_tok_is(c, i - 1, "what"))
        return;
    for (size_t k = i + 1; k < c->nt && k <= i + 4 && c->t[k].sent == t->sent; k++) {
        const struct tok *h = &c->t[k];
        if (!an_is_lower_word(h) || h->span >= 0 || (h->f & T_POSS) ||
            (h->cls & (LEX_DET | LEX_PREP | LEX_BREAK | LEX_RELATIVE)))
            return;
        if (!(h->cls & LEX_KIN))
            continue;
        if (k + 1 < c->nt && an_is_lower_word(&c->t[k + 1]) && (c->t[k + 1].cls & LEX_KIN))
            return; /* "a woman friend": the noun is the next */
        if (h->klen >= sizeof c->indef[0].head)
            return;
        /* "a man of no note, like Hale,", "Hale, though an obscure man,": a
         * name close by may say who */
        for (size_t n = i > 8 ? i - 8 : 0; n < c->nt && n <= k + 8; n++)
            if (c->t[n].sent == t->sent && an_is_name_tok(&c->t[n]))
                return;
        size_t slot = c->nindef++ % (sizeof c->indef / sizeof c->indef[0]);
        memcpy(c->indef[slot].head, c->s + h->b, h->klen);
        c->indef[slot].head[h->klen] = '\0';
        c->indef[slot].para = c->para;
        c->indef[slot].tok = k;
        return;
    }
}

int an_indef_since(const struct ctx *c, size_t h, size_t before)
{
    const struct tok *t = &c->t[h];
    size_t n = c->nindef < 4 ? c->nindef : 4;
    for (size_t k = 0; k < n; k++) {
        if (c->indef[k].para + 5 < c->para || (c->indef[k].para == c->para && c->indef[k].tok >= before))
            continue;
        if (strlen(c->indef[k].head) == t->klen && !strncasecmp(c->indef[k].head, c->s + t->b, t->klen))
            return 1;
    }
    return 0;
}

void an_find_mentions(struct ctx *c)
{
    for (size_t i = 0; i < c->nt; i++) {
        /* these start at "a", "an", "the" or "one" outside quotes, all
         * listed determiners: a test few tokens pass, where "a short word"
         * alone was a coin toss that the branch predictor kept losing */
        const struct tok *t = &c->t[i];
        if ((t->cls & LEX_DET) && t->klen <= 3 && t->span < 0) {
            note_indef(c, i);
            subject_description(c, i);
            intro_description(c, i);
            intro_one_of(c, i);
        }
        subject_pronoun(c, i);
        if (!an_is_name_tok(&c->t[i]) || (i > 0 && an_is_name_tok(&c->t[i - 1])))
            continue;
        size_t j = i;
        while (j < c->nt && j - i < 8 && an_is_name_tok(&c->t[j]) && c->t[j].sent == c->t[i].sent)
            j++;
        /* "a young American": a word of origin alone is no one's name */
        if (j == i + 1 && (c->t[i].cls & LEX_DEMONYM) && i > 0 && an_is_lower_word(&c->t[i - 1]))
            continue;
        int titled = 0;
        for (size_t k = i; k + 1 < j; k++)
            if ((c->t[k].cls & LEX_TITLE) && !(c->t[k].cls & LEX_ORG))
                titled = 1;
        size_t title_from = i;
        if (i >= 2 && an_is_connector(c, i - 1) && (c->t[i - 2].cls & LEX_TITLE) &&
            an_is_name_tok(&c->t[i - 2])) {
            titled = 1; /* "Secretary of State Antony Blinken" */
            title_from = i - 2;
        }
        nickname(c, j);
        struct np np = an_np_of(c, i, j);
        /* "throughout Orin Kessel's career", a given name no list has: no
         * mention, but the full name a later "Kessel said" is short for
         * (output.c) */
        if (j - i >= 2 && j - i <= 3 && (c->t[j - 1].f & T_POSS) && !possessive_person(c, i, j) &&
            possessive_shape(c, i, j)) {
            struct np full = an_np_empty(i);
            full.na = i;
            full.nb = j;
            add_full_name(c, &full);
        }
        if (np.kind == NP_NONE && possessive_person(c, i, j)) {
            /* "the kettle in Edna Pryor's kitchen": a person all the same */
            np.kind = NP_NAME;
            np.na = np.ra = np.rb = np.sa = i;
            np.nb = np.sb = j;
            np.xa = np.xb = 0;
            np.acr = -1;
            add_full_name(c, &np);
            an_add_event(c, c->t[i].b, -1, &np);
            i = j - 1;
            continue;
        }
        if (j - i <= 3 && (c->t[j - 1].f & T_POSS) && !np.org && poss_topic(c, i, j)) {
            np.kind = NP_NAME;
            np.na = np.ra = np.rb = np.sa = i;
            np.nb = np.sb = j;
            np.xa = np.xb = 0;
            np.acr = -1;
            if (an_add_event(c, c->t[i].b, -1, &np))
                c->ev[c->nev - 1].topic = 1;
            i = j - 1;
            continue;
        }
        /* "the charity Oxfam", "rights group Verde Vivo": a name after a noun
         * for a kind of body is that body's */
        if (np.kind == NP_NAME && !np.org && np.na == i && i > 0 && an_is_lower_word(&c->t[i - 1]) &&
            (c->t[i - 1].cls & LEX_ORG) && !(c->t[i - 1].cls & (LEX_ROLE | LEX_UNNAMED)) &&
            c->t[i - 1].sent == c->t[i].sent && !(c->t[np.nb - 1].f & T_POSS))
            np.org = 1;
        /* "The Health Ministry defended the law.": an organisation that opens
         * the sentence is in the scene, for a later "it said" */
        if (np.kind == NP_NAME && np.org && np.na == i && np.nb == j && j < c->nt &&
            !(c->t[j - 1].f & T_POSS) && an_is_lower_word(&c->t[j])) {
            size_t s0 = i > 0 && an_tok_is(c, i - 1, "the") ? i - 1 : i;
            if (s0 == 0 || c->t[s0 - 1].sent != c->t[s0].sent || an_opens_clause(c, s0) ||
                (c->t[i - 1].cls & LEX_ORG))
                an_add_event(c, c->t[np.na].b, -1, &np);
            i = j - 1;
            continue;
        }
        if (np.kind != NP_NAME || np.org || (c->t[np.nb - 1].f & T_POSS))
            continue;
        if (np.na == i)
            note_my_kin(c, np.na, np.nb);
        if (np.nb - np.na >= 2 && np.nb - np.na <= 3)
            add_full_name(c, &np);
        /* "Opposition leader Tom Reed", "curator Mia Lund" */
        size_t r = i;
        while (r > 0 && i - r < 4 && c->t[r - 1].sent == c->t[i].sent && c->t[r - 1].span < 0 &&
               an_is_word(&c->t[r - 1]) && !(c->t[r - 1].cls & (LEX_BREAK | LEX_PREP | LEX_DET)) &&
               !(c->t[r - 1].f & T_POSS) && !(c->t[r - 1].cls & (LEX_SPEECH | LEX_REPORT)))
            r--;
        /* ("Governor Ann Bell", "Businessman Rick Hale" opening the sentence,
         * when the text also writes "the governor": a capitalised word that is
         * no name here) */
        int cap_role = r < i && i - r == 1 && an_is_word(&c->t[i - 1]) && an_opens_sentence(c, r) &&
                       ((c->t[i - 1].cls & (LEX_ROLE | LEX_TITLE)) ||
                        occupation_word(c->s + c->t[i - 1].b, c->t[i - 1].klen));
        if (!titled && r < i && (an_is_lower_word(&c->t[i - 1]) || cap_role) &&
            ((c->t[i - 1].cls & LEX_ROLE) || an_occupation(c, i - 1) || cap_role) && np.na == i) {
            np.ra = r;
            np.rb = i;
            titled = 1;
        }
        /* "former secretary of state Ellen Marsh", "director of communications
         * Tom Reed": a role word and its "of" before the words just met */
        if (!titled && np.na == i && r < i && r >= 2 && an_tok_is(c, r - 1, "of") &&
            c->t[r - 1].span < 0 && an_is_lower_word(&c->t[r - 2]) && an_is_lower_word(&c->t[i - 1]) &&
            ((c->t[r - 2].cls & LEX_ROLE) || an_occupation(c, r - 2)) && c->t[r - 2].sent == c->t[i].sent) {
            size_t r2 = r - 2;
            while (r2 > 0 && r - r2 < 4 && c->t[r2 - 1].sent == c->t[i].sent && c->t[r2 - 1].span < 0 &&
                   an_is_lower_word(&c->t[r2 - 1]) &&
                   !(c->t[r2 - 1].cls & (LEX_BREAK | LEX_PREP | LEX_DET | LEX_SPEECH | LEX_REPORT)))
                r2--;
            np.ra = r2;
            np.rb = i;
            titled = 1;
        }
        if (!titled && np.na == i && i >= 2 && an_is_punct(&c->t[i - 1], ',') &&
            an_is_lower_word(&c->t[i - 2]) && (c->t[i - 2].cls & LEX_KIN) && np.nb < c->nt &&
            an_is_punct(&c->t[np.nb], ',') && c->t[i - 2].sent == c->t[i].sent) {
            /* "Her husband, Mark, was sceptical": a person, whose sex the kin
             * word gives, for a later "he said" */
            np.ra = i - 2;
            if (i >= 3 && c->t[i - 3].sent == c->t[i].sent && (c->t[i - 3].cls & LEX_DET))
                np.ra = i - 3;
            np.rb = i - 1;
            an_add_event(c, c->t[np.na].b, -1, &np);
            i = j - 1;
            continue;
        }
        size_t dn = i >= 3 && an_is_punct(&c->t[i - 1], ',') ? i - 2 : 0; /* the noun */
        if (dn && (an_tok_is(c, dn, "himself") || an_tok_is(c, dn, "herself")))
            dn--;
        if (!titled && np.na == i && dn >= 1 && np.nb - np.na >= 2 && np.nb < c->nt &&
            an_is_punct(&c->t[np.nb], ',') && an_is_lower_word(&c->t[dn]) &&
            !(c->t[dn].cls & (LEX_BREAK | LEX_PREP | LEX_DET)) && c->t[dn].sent == c->t[i].sent &&
            an_tok_is(c, dn - 1, "the")) {
            /* "the artist himself, Edwin Marlowe, whose ...": a person named
             * after the description that stands for them later */
            np.ra = dn - 1;
            np.rb = dn + 1;
            an_add_event(c, c->t[np.na].b, -1, &np);
            i = j - 1;
            continue;
        }
        /* "Councilman Omar Lindqvist was angry", "Republican Ann Bell":
         * capitalised role words the name finder put before the name */
        if (!titled && np.na > i && np.ra == i && np.rb == np.na && an_opens_clause(c, i) &&
            !(np.na == i + 1 && (c->t[i].f & T_ALLCAPS)))
            titled = 1; /* (not "..., NASA Armstrong center director": an employer) */
        if (!titled) {
            run_appositive(c, i, j, &np);
            if (np.xb == np.xa || np.na != i) {
                /* a known name again ("Carter was defiant"): a mention too */
                char name[128]; /* longer runs are no one's name */
                size_t nb = c->t[np.na].b, nl = c->t[np.nb - 1].e - nb;
                if (nl >= sizeof name) {
                    i = j - 1;
                    continue;
                }
                memcpy(name, c->s + nb, nl);
                name[nl] = '\0';
                int variant;
                long id = an_ent_match(c, name, &variant, 0);
                int subject = np.na == i &&
                              (an_opens_clause(c, i) || an_named_subject(c, i, np.nb)) &&
                              j < c->nt && !(c->t[j].cls & LEX_UNNAMED);
                uint32_t osex = !subject && np.na == i && j == i + 1 && np.nb == j &&
                                        (id < 0 || c->ents[id].type != ENT_ORG)
                                    ? object_person(c, i)
                                    : 0;
                int known = id >= 0 || an_person_like(c, name);
                if (subject && (known || shape_person(c, np.na, j))) {
                    /* "Sanders was not satisfied.": the sentence is about them */
                    np.xa = np.xb = 0;
                    np.ra = np.rb = np.na;
                    if (an_add_event(c, c->t[np.na].b, -1, &np))
                        c->ev[c->nev - 1].shape = !known && j > np.na + 1;
                } else if (osex) {
                    np.xa = np.xb = 0;
                    np.ra = np.rb = np.na;
                    if (an_add_event(c, c->t[np.na].b, -1, &np))
                        c->ev[c->nev - 1].sex = osex;
                } else if (id < 0 && np.na == i && np.nb == j && j + 1 < c->nt &&
                           an_is_punct(&c->t[j], ',') && c->t[j].span < 0 &&
                           (an_tok_is(c, j + 1, "who") || an_tok_is(c, j + 1, "whom") ||
                            an_tok_is(c, j + 1, "whose")) &&
                           an_sex_after(c, j + 1)) {
                    /* "a clerk known as Brack Pell, who kept the books, as he
                     * liked to say": "who" is said of persons, and the
                     * pronouns after it, all of one sex, of one person ("the
                     * Moors, who ..." have none) */
                    np.xa = np.xb = 0;
                    np.ra = np.rb = np.na;
                    if (an_add_event(c, c->t[np.na].b, -1, &np))
                        c->ev[c->nev - 1].sex = an_sex_after(c, j + 1);
                } else if (id >= 0 && !variant && an_add_event(c, c->t[np.na].b, -1, &np)) {
                    c->ev[c->nev - 1].weak = 1;
                    c->ev[c->nev - 1].ent = id;
                } else if (id < 0 && np.nb - np.na >= 2 && np.na == i && an_person_like(c, name)) {
                    /* "the artist himself, Edwin Marlowe, whose ...": a
                     * person's full name anywhere is a mention */
                    np.xa = np.xb = 0;
                    np.ra = np.rb = np.na;
                    an_add_event(c, c->t[np.na].b, -1, &np);
                }
                i = j - 1;
                continue;
            }
            /* "For Ivo Brandt, an ABC instructor ..." needs a det or a role word first */
            const struct tok *x = &c->t[np.xa];
            if (!(x->cls & (LEX_DET | LEX_ROLE | LEX_TITLE)) && !an_is_acronym_org(x))
                continue;
            /* ("In Iowa, President Ann Bell spoke": a title before a name
             * opens the next person's mention, no one's appositive) */
            if ((x->cls & (LEX_TITLE | LEX_ROLE)) && !(x->cls & LEX_DET) && np.xa + 1 < np.xb &&
                an_is_name_tok(&c->t[np.xa + 1]))
                continue;
        } else if (np.rb <= np.ra || np.rb != i) {
            np.ra = title_from;
            np.rb = np.na;
        }
        /* "Mr. Dunmore, the clergyman, came in": the appositive says what a
         * titled person is, for a later "said the clergyman" */
        if (titled && np.xb == np.xa)
            run_appositive(c, i, j, &np);
        an_add_event(c, c->t[np.na].b, -1, &np);
        i = j - 1;
    }
}
