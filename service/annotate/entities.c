/* entities.c - stage 3: mentions clustered into entities (full name, surname,
 * title-only, pronoun), with role, organisation, gender and recency.
 */
#include "model.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        if (*s == ' ')
            in = 0;
        else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

const char *an_last_word(const char *s)
{
    const char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : s;
}

size_t an_first_word_len(const char *s)
{
    const char *sp = strchr(s, ' ');
    return sp ? (size_t)(sp - s) : strlen(s);
}

/* 1 when a and b differ by at most one insertion, deletion or substitution. */
static int edit1(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t n = la;
        la = lb;
        lb = n;
    }
    if (lb - la > 1)
        return 0;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (la == lb)
        return strcmp(a + i + (i < la), b + i + (i < lb)) == 0;
    return strcmp(a + i, b + i + 1) == 0;
}

static int has_alias(const struct ent *e, const char *name)
{
    for (size_t i = 0; i < e->naliases; i++)
        if (strcmp(e->aliases[i], name) == 0)
            return 1;
    return 0;
}

void an_add_alias(struct ctx *c, struct ent *e, const char *name)
{
    if (strcmp(e->name, name) == 0 || has_alias(e, name))
        return;
    char **al = realloc(e->aliases, (e->naliases + 1) * sizeof *al);
    if (!al) {
        c->oom = 1;
        return;
    }
    e->aliases = al;
    char *d = strdup(name);
    if (!d) {
        c->oom = 1;
        return;
    }
    if (e->naliases == 0 && c->nwith_alias < sizeof c->with_alias / sizeof c->with_alias[0])
        c->with_alias[c->nwith_alias++] = e - c->ents;
    e->aliases[e->naliases++] = d;
}

/* The entity that name means, or -1. *alias is set when name is a variant spelling. */
/* A new mention of entity id: the most recent one from now on. */
void an_touch(struct ctx *c, long id)
{
    struct ent *e = &c->ents[id];
    e->last = ++c->clock;
    size_t slot = c->nrecent++ % RECENT_MAX;
    c->recent[slot].id = id;
    c->recent[slot].stamp = e->last;
}

static uint32_t word_hash(const char *w)
{
    uint32_t h = 2166136261u;
    for (; *w && *w != ' '; w++)
        h = (h ^ (unsigned char)*w) * 16777619u;
    return h;
}

/* Cache what an_ent_match() compares (the last word's hash, the word count) and
 * file entity id under its last word. */
void an_ent_link(struct ctx *c, long id)
{
    struct ent *e = &c->ents[id];
    e->lwh = word_hash(an_last_word(e->name));
    e->nw = count_words(e->name);
    size_t bk = e->lwh & (ENT_BUCKETS - 1);
    e->next_lw = c->lw_head[bk];
    c->lw_head[bk] = id;
}

void an_ent_unlink(struct ctx *c, long id)
{
    long *p = &c->lw_head[c->ents[id].lwh & (ENT_BUCKETS - 1)];
    while (*p >= 0 && *p != id)
        p = &c->ents[*p].next_lw;
    if (*p == id)
        *p = c->ents[id].next_lw;
}

/* "Mr.", "Mrs.", "Ms.": an honorific that goes before a surname. */
static int surname_hon(const char *h)
{
    return h[0] == 'M' && (h[1] == 'r' || h[1] == 's') &&
           (h[2] == '\0' || h[2] == '.' ||
            (h[1] == 'r' && h[2] == 's' && (h[3] == '\0' || h[3] == '.')));
}

/* "Nora Hale" after "Nora" alone (spoken to, or named before the full name
 * is given): the one-word person named by the new name's first word, when no
 * one else known has that given name; -1 otherwise. fl: bytes of the first
 * word. (Bounded by the caller to articles of a usual size.) */
static long given_only(const struct ctx *c, const char *name, size_t fl, uint32_t sex)
{
    long hit = -1;
    for (long i = c->lw_head[word_hash(name) & (ENT_BUCKETS - 1)]; i >= 0; i = c->ents[i].next_lw) {
        const struct ent *e = &c->ents[i];
        if (e->nw == 1 && strlen(e->name) == fl && !strncmp(e->name, name, fl) &&
            e->type != ENT_ORG && (e->type == ENT_PERSON || e->sex) && !surname_hon(e->hon) &&
            !(sex && e->sex && sex != e->sex))
            hit = i;
    }
    if (hit < 0)
        return -1;
    for (size_t i = 0; i < c->nents; i++) {
        const struct ent *e = &c->ents[i];
        if (e->nw >= 2 && an_first_word_len(e->name) == fl && !strncmp(e->name, name, fl))
            return -1; /* "Nora Hale" and "Nora Reed": which one "Nora" was is unsure */
    }
    return hit;
}

/* The entity that name means, or -1. *alias is set when name is a variant spelling. */
long an_ent_match(const struct ctx *c, const char *name, int *alias, uint32_t sex)
{
    *alias = 0;
    size_t nw = count_words(name);
    const char *lw = an_last_word(name);
    size_t lwl = strlen(lw);
    uint32_t lwh = word_hash(lw);
    size_t fl = an_first_word_len(name);
    long head = c->lw_head[lwh & (ENT_BUCKETS - 1)];
    /* namesakes ("Mr. Hale", "Mrs. Hale"): the latest mentioned */
    long exact = -1;
    for (long i = head; i >= 0; i = c->ents[i].next_lw)
        if (c->ents[i].name[0] == name[0] && strcmp(c->ents[i].name, name) == 0 &&
            !(sex && c->ents[i].sex && sex != c->ents[i].sex) &&
            (exact < 0 || c->ents[i].last > c->ents[exact].last))
            exact = i;
    if (exact >= 0)
        return exact;
    for (size_t k = 0; k < c->nwith_alias; k++)
        if (has_alias(&c->ents[c->with_alias[k]], name))
            return c->with_alias[k];
    long hit = -1;
    int hits = 0, full = 0;
    for (long i = head; i >= 0; i = c->ents[i].next_lw) {
        const struct ent *e = &c->ents[i];
        if (e->lwh != lwh || strcmp(an_last_word(e->name), lw) != 0)
            continue;
        if (sex && e->sex && sex != e->sex)
            continue; /* "Mr Wilson" is not Mary Wilson */
        int f = (fl == an_first_word_len(e->name) && !strncmp(name, e->name, fl)) ||
                (name[0] == e->name[0] && (name[1] == '.' || e->name[1] == '.'));
        /* "Del Bosque" after "Joe Del Bosque": a surname of several words */
        size_t el = strlen(e->name), nl = strlen(name);
        int tail = nw > 1 && e->nw > nw && el > nl + 1 && e->name[el - nl - 1] == ' ' &&
                   !strcmp(e->name + el - nl, name);
        if (!(nw == 1 || e->nw == 1 || f || tail))
            continue;
        /* a surname alone is the latest mentioned of those who bear it; a full
         * name is never someone else's who shares the surname */
        if (nw > 1 && !f && !tail && e->nw > 1)
            continue;
        if (hit < 0 || (f && !full) || (f == full && e->last > c->ents[hit].last)) {
            hit = i;
            full = f;
        }
        hits++;
    }
    /* "Ada Hale" after "Ada" and "Mrs. Hale": Ada, not her mother */
    if (hit >= 0 && nw >= 2 && !full && c->ents[hit].nw == 1 && surname_hon(c->ents[hit].hon) &&
        c->nents <= EDIT_SEARCH_MAX) {
        long given = given_only(c, name, fl, sex);
        if (given >= 0)
            return given;
    }
    if (hit >= 0 && (hits == 1 || nw == 1 || full))
        return hit;
    if (hits > 1)
        return -1;
    if (nw >= 2 && c->nents <= EDIT_SEARCH_MAX) {
        long given = given_only(c, name, fl, sex);
        if (given >= 0)
            return given;
    }
    /* "Brandt" after "Carl Brandt II": the surname before a suffix
     * names the one person who has it (in articles of a usual size) */
    if (nw == 1 && c->nents <= EDIT_SEARCH_MAX) {
        long sh = -1;
        int shits = 0;
        for (size_t i = 0; i < c->nents && shits < 2; i++) {
            const struct ent *e = &c->ents[i];
            const char *elw = an_last_word(e->name);
            if (e->nw < 2 || e->type == ENT_ORG || (sex && e->sex && sex != e->sex) ||
                !(lex_classes(elw, strlen(elw)) & LEX_SUFFIX))
                continue;
            size_t n = (size_t)(elw - 1 - e->name); /* bytes before the suffix's space */
            if (n > lwl && e->name[n - lwl - 1] == ' ' && !strncmp(e->name + n - lwl, name, lwl)) {
                sh = (long)i;
                shits++;
            }
        }
        if (shits == 1)
            return sh;
    }
    /* "Edwin" after "Edwin Marlowe": a given name alone names the one person
     * who has it (in articles of a usual size) */
    if (nw == 1 && c->nents <= EDIT_SEARCH_MAX) {
        for (size_t i = 0; i < c->nents && hits < 2; i++) {
            const struct ent *e = &c->ents[i];
            if (e->nw >= 2 && e->type != ENT_ORG && an_first_word_len(e->name) == lwl &&
                !strncmp(e->name, name, lwl) && !(sex && e->sex && sex != e->sex)) {
                hits++;
                hit = (long)i;
            }
        }
        if (hits == 1)
            return hit;
        if (hits > 1)
            return -1;
    }
    /* misspelt variants: Water/Waters, Mauer/Maurer (in articles of a usual size) */
    if (lwl < 4 || c->nents > EDIT_SEARCH_MAX)
        return -1;
    for (size_t i = 0; i < c->nents; i++) {
        const struct ent *e = &c->ents[i];
        const char *elw = an_last_word(e->name);
        size_t el = strlen(elw);
        if (el < 4 || el + 1 < lwl || lwl + 1 < el || !edit1(elw, lw) || strcmp(elw, lw) == 0)
            continue;
        if (nw > 1 && e->nw > 1 &&
            (fl != an_first_word_len(e->name) || strncmp(name, e->name, fl) != 0))
            continue;
        hits++;
        hit = (long)i;
    }
    if (hits == 1) {
        *alias = 1;
        return hit;
    }
    return -1;
}

void an_set_str(struct ctx *c, char **dst, const char *src)
{
    char *d = strdup(src);
    if (!d) {
        c->oom = 1;
        return;
    }
    free(*dst);
    *dst = d;
}

/* A new entity called name, not yet mentioned; its id or -1. */
long an_ent_new(struct ctx *c, const char *name)
{
    if (c->nents >= ANNOT_MAX_ENTS)
        return -1;
    struct ent *es = an_grow(c->ents, &c->entcap, c->nents + 1, sizeof *c->ents, &c->oom);
    if (!es)
        return -1;
    c->ents = es;
    struct ent *e = &c->ents[c->nents];
    memset(e, 0, sizeof *e);
    e->name = strdup(name);
    if (!e->name) {
        c->oom = 1;
        return -1;
    }
    e->out = -1;
    e->names_at = c->nnames;
    e->first_para = c->para;
    long id = (long)c->nents++;
    an_ent_link(c, id);
    return id;
}

/* Record a mention of name (with role, org, alias when not NULL); returns the entity or -1. */
long an_ent_mention(struct ctx *c, const char *name, const char *role, const char *org,
                    const char *alias, enum ent_type type, uint32_t sex)
{
    int variant;
    long id = an_ent_match(c, name, &variant, sex);
    if (id < 0 && alias)
        id = an_ent_match(c, alias, &variant, sex);
    if (id < 0) {
        id = an_ent_new(c, name);
        if (id < 0)
            return -1;
        variant = 0;
    }
    struct ent *e = &c->ents[id];
    if (variant) {
        an_add_alias(c, e, name);
    } else if (strcmp(e->name, name) != 0 && !has_alias(e, name)) {
        /* a fuller form becomes the name: Hale -> Richard Hale */
        if (count_words(name) > e->nw && !alias) {
            an_ent_unlink(c, id);
            an_set_str(c, &e->name, name);
            an_ent_link(c, id);
        }
    }
    if (alias && strcmp(alias, e->name) != 0)
        an_add_alias(c, e, alias);
    if (role &&
        (!e->role || strlen(role) > strlen(e->role) ||
         (strcmp(role, e->role) == 0 && org && (!e->org || strlen(org) > strlen(e->org))))) {
        an_set_str(c, &e->role, role);
        free(e->org);
        e->org = NULL;
        if (org)
            an_set_str(c, &e->org, org);
    } else if (org && !e->org && !e->role) {
        an_set_str(c, &e->org, org);
    }
    if (type != ENT_UNKNOWN && (e->type == ENT_UNKNOWN || type == ENT_ORG))
        e->type = type;
    an_touch(c, id);
    return id;
}

/* Mentions held in the ring of recent ones. */
static size_t recent_n(const struct ctx *c)
{
    return c->nrecent < RECENT_MAX ? c->nrecent : RECENT_MAX;
}

/* The entity of the k-th latest mention (0 the newest, k < recent_n()), or -1
 * when that is an older mention of an entity seen again since. */
static long recent_live(const struct ctx *c, size_t k)
{
    size_t slot = (c->nrecent - 1 - k) % RECENT_MAX;
    long id = c->recent[slot].id;
    return c->ents[id].last == c->recent[slot].stamp ? id : -1;
}

/* The latest person other than skip mentioned after clock stamp since, or -1. */
long an_ent_recent_other(const struct ctx *c, long skip, uint64_t since)
{
    size_t n = recent_n(c);
    for (size_t k = 0; k < n; k++) {
        long id = recent_live(c, k);
        if (id >= 0 && c->ents[id].last <= since)
            break;
        if (id < 0 || id == skip)
            continue;
        const struct ent *e = &c->ents[id];
        if (e->type == ENT_PERSON || (e->type == ENT_UNKNOWN && e->sex))
            return id;
    }
    return -1;
}

/* The latest mentioned entity of a type; falls back to one of unknown type. */
/* "Kemal Aydin", not "Refugee Aid" or "Reuters": two words or more, none a
 * word of organisations, or a pronoun has said its sex. "It" is no such one. */
static int person_shaped(const struct ent *e)
{
    if (e->sex)
        return 1;
    if (e->nw < 2)
        return 0;
    for (const char *w = e->name; *w;) {
        size_t n = strcspn(w, " ");
        if (lex_classes(w, n) & LEX_ORG)
            return 0;
        w += n;
        w += strspn(w, " ");
    }
    return 1;
}

long an_ent_recent(const struct ctx *c, enum ent_type type, uint32_t sex)
{
    long fallback = -1;
    size_t n = recent_n(c);
    for (size_t k = 0; k < n; k++) {
        long id = recent_live(c, k);
        if (id < 0)
            continue;
        const struct ent *e = &c->ents[id];
        if (sex && e->sex && e->sex != sex)
            continue; /* "she" is not Mr Smith */
        if (e->type == type)
            return id;
        /* a pronoun has pointed at it before: a person, and the latest one */
        if (e->type == ENT_UNKNOWN && type == ENT_PERSON && e->sex)
            return id;
        if (e->type == ENT_UNKNOWN && fallback < 0 && !(type == ENT_ORG && person_shaped(e)))
            fallback = id;
    }
    return fallback;
}

/* Text of tokens [a, b), through the closing mark of a span that ends it,
 * without the sentence punctuation just inside that mark. */
static char *role_text(const struct ctx *c, size_t a, size_t b)
{
    while (b > a && c->t[b - 1].span < 0 && c->t[b - 1].p && c->t[b - 1].p != ')')
        b--;
    if (a >= b)
        return NULL;
    size_t e = c->t[b - 1].e;
    long sp = c->t[b - 1].span;
    if (sp >= 0 && c->sp_next[sp] == b) {
        const struct quotes_span *q = &c->sp[sp];
        size_t end = q->end;
        if (end > q->start && (c->s[end - 1] == '.' || c->s[end - 1] == ',')) {
            char *r = malloc((end - 1 - c->t[a].b) + (q->after - end) + 1);
            if (!r)
                return NULL;
            size_t n = end - 1 - c->t[a].b;
            memcpy(r, c->s + c->t[a].b, n);
            memcpy(r + n, c->s + end, q->after - end);
            r[n + q->after - end] = '\0';
            return r;
        }
        e = q->after;
    }
    return an_dup_range(c->s, c->t[a].b, e);
}

/* Split a role phrase [a, b) into role and organisation: "navigation engineer
 * at NASA's JPL in California" -> role "navigation engineer", org "NASA's JPL";
 * else an acronym inside the role is the organisation ("CNN terrorism analyst"). */
static void role_org(const struct ctx *c, size_t a, size_t b, char **role, char **org)
{
    *role = *org = NULL;
    while (a < b && (c->t[a].cls & LEX_DET) && an_is_word(&c->t[a]) && !(c->t[a].f & T_ALLCAPS))
        a++;
    if (a >= b)
        return;
    for (size_t i = a + 1; i + 1 < b; i++) {
        if (c->t[i].span >= 0 || !an_tok_is(c, i, "at"))
            continue;
        size_t o = i + 1;
        if (an_tok_is(c, o, "the"))
            o++;
        size_t oe = o;
        while (oe < b && !an_tok_is(c, oe, "in") && !an_is_relative(c, oe) &&
               !(an_tok_is(c, oe, "and") && (oe + 1 >= b || !an_is_name_tok(&c->t[oe + 1]))))
            oe++; /* "Brigham and Women's Hospital", but "JPL and study co-author" */
        if (oe <= o || !an_is_name_tok(&c->t[o]))
            continue; /* "editor at large at the Courier": the "at" of a name */
        *role = role_text(c, a, i);
        *org = role_text(c, o, oe);
        return;
    }
    *role = role_text(c, a, b);
    /* (an acronym after a modifier that ends the role or comes before its
     * preposition is the role itself: "Labour MP", "the party's MP for
     * Leeds"; "head of the WHO" names the employer) */
    for (size_t i = a; i < b; i++)
        if (an_is_acronym_org(&c->t[i]) &&
            !(i > a && !(c->t[i - 1].cls & (LEX_DET | LEX_PREP)) &&
              (i + 1 == b || (c->t[i + 1].cls & LEX_PREP)))) {
            *org = an_dup_range(c->s, c->t[i].b, c->t[i].b + c->t[i].klen);
            return;
        }
    /* "Coastal Fishers Association president": the leading name is the employer */
    size_t e = a;
    int orgword = 0;
    while (e < b && (an_is_name_tok(&c->t[e]) || (c->t[e].f & T_DIGIT)) &&
           !(c->t[e].cls & (LEX_TITLE | LEX_ROLE))) {
        orgword |= (c->t[e].cls & LEX_ORG) != 0;
        e++;
    }
    /* "Refugee Aid chief executive", "Kingsbridge boss": by its shape, a name
     * before the role words is the employer, unless the article also writes
     * it in lower case ("Festival director") */
    int shape = e > a && e < b && an_is_lower_word(&c->t[e]) &&
                !(e - a == 1 && an_vocab_lower(c->vocab, c->s + c->t[a].b, c->t[a].klen));
    if ((orgword && e - a >= 2 && e < b) || shape)
        *org = role_text(c, a, e);
}

/* Copy tokens [a, b) into buf (cap bytes) as a name, without a final 's;
 * its length, or 0 when it does not fit. */
size_t an_name_copy(const struct ctx *c, size_t a, size_t b, char *buf, size_t cap)
{
    size_t nb = c->t[a].b, nl = an_name_end(c, b - 1) - nb;
    if (nl >= cap)
        return 0;
    memcpy(buf, c->s + nb, nl);
    buf[nl] = '\0';
    return nl;
}

/* End of token i as part of a name: "Edna Pryor's" ends before the 's. */
size_t an_name_end(const struct ctx *c, size_t i)
{
    const struct tok *t = &c->t[i];
    return (t->f & T_POSS) ? t->b + t->klen : t->e;
}

/* Does s hold the word w[0..n) (case aside), ending at a space, the end or a
 * possessive? */
static int holds_word(const char *s, const char *w, size_t n)
{
    for (const char *r = s; r && *r; r++)
        if ((r == s || r[-1] == ' ') && strncasecmp(r, w, n) == 0 &&
            (r[n] == '\0' || r[n] == ' ' || r[n] == '\''))
            return 1;
    return 0;
}

/* "the Ohio senator": each capitalised word before the description's head is
 * in the person's role, employer or name ("Ohio Sen. Tom Hale"). */
static int modifiers_fit(const struct ctx *c, const struct ent *e, const struct np *np,
                         const struct tok *h)
{
    for (size_t i = np->sa; i < np->sb && &c->t[i] != h; i++) {
        const struct tok *t = &c->t[i];
        if (!an_is_name_tok(t))
            continue;
        const char *w = c->s + t->b;
        if (!holds_word(e->role, w, t->klen) && !holds_word(e->org, w, t->klen) &&
            !holds_word(e->name, w, t->klen))
            return 0;
    }
    return 1;
}

/* "the minister": the latest entity whose role has the phrase's last word;
 * "the company": the latest organisation (or unknown kind of speaker). */
static int desc_fits(const struct ctx *c, const struct ent *e, const struct tok *h)
{
    if ((h->cls & LEX_ORG) && !(h->cls & LEX_ROLE)) {
        /* "the company" is an organisation whose name says so, or that the
         * text called so ("the charity Oxfam") */
        if (e->type == ENT_PERSON)
            return 0;
        if (e->desc[0] && strlen(e->desc) == h->klen && strncasecmp(e->desc, c->s + h->b, h->klen) == 0)
            return 1;
        for (size_t k = 0; k <= e->naliases; k++) {
            const char *n = k ? e->aliases[k - 1] : e->name;
            for (const char *r = n; *r; r++)
                if ((r == n || r[-1] == ' ') && strncasecmp(r, c->s + h->b, h->klen) == 0)
                    return 1;
        }
        return 0;
    }
    /* "Sen. Jane Roe" is "the senator" even when an appositive gave her role */
    if (e->title && lex_title_noun(e->title, c->s + h->b, h->klen))
        return 1;
    /* "the doctor" again: whom "the doctor" meant before */
    if (e->desc[0] && strlen(e->desc) == h->klen && strncasecmp(e->desc, c->s + h->b, h->klen) == 0)
        return 1;
    if (!e->role)
        return 0;
    for (const char *r = e->role; *r; r++)
        if ((r == e->role || r[-1] == ' ') && strncasecmp(r, c->s + h->b, h->klen) == 0 &&
            (r[h->klen] == '\0' || r[h->klen] == ' '))
            return 1;
    return 0;
}

/* The latest of the last `depth` sentence subjects (within the last few
 * paragraphs) that can be a person of that age (0: any) and sex (0: any), and,
 * when roleless, whose role or title is not known (it would have matched); -1
 * when none can. */
static long subj_recent(const struct ctx *c, int age, uint32_t sex, size_t depth, int roleless)
{
    size_t n = c->nsubj < SUBJ_MAX ? c->nsubj : SUBJ_MAX;
    for (size_t k = 0; k < n && k < depth; k++) {
        size_t slot = (c->nsubj - 1 - k) % SUBJ_MAX;
        const struct ent *e = &c->ents[c->subj[slot]];
        if (c->subj_para[slot] + 3 < c->para)
            break;
        if (e->type == ENT_ORG || (sex && e->sex && e->sex != sex))
            continue;
        if ((age > 0 && e->age > 0 && e->age != age) || (roleless && (e->role || e->title)))
            continue;
        return c->subj[slot];
    }
    return -1;
}

long an_ent_by_desc(const struct ctx *c, size_t i)
{
    const struct tok *h = &c->t[i];
    size_t n = recent_n(c);
    for (size_t k = 0; k < n; k++) {
        long id = recent_live(c, k);
        if (id >= 0 && c->ents[id].type != ENT_ORG && desc_fits(c, &c->ents[id], h))
            return id;
    }
    return -1;
}

/* Remember head noun h of a description resolved to e, for the next one. */
static void remember_desc(const struct ctx *c, struct ent *e, const struct tok *h)
{
    if (e->type == ENT_ORG || h->klen >= sizeof e->desc || !an_is_lower_word(h))
        return;
    memcpy(e->desc, c->s + h->b, h->klen);
    e->desc[h->klen] = '\0';
}

/* The entity a definite description points back to: the latest mention
 * that fits (see desc_fits), or, in an article with few names, any. */
static long resolve_desc(struct ctx *c, const struct np *np, int firm)
{
    const struct tok *h = &c->t[np->sb - 1];
    /* "the secretary of state": the noun before "of" is the head */
    for (size_t i = np->sa + 1; i + 1 < np->sb; i++)
        if (an_tok_is(c, i, "of") && an_is_lower_word(&c->t[i - 1]) &&
            !(c->t[i - 1].cls & (LEX_DET | LEX_PREP))) {
            h = &c->t[i - 1];
            break;
        }
    long best = -1;
    if (np->def == 3) {
        /* "the 34-year-old": the latest subject of that age, else the latest person */
        best = subj_recent(c, an_age_word(c, np->sb - 1), 0, SUBJ_MAX, 0);
        if (best < 0)
            best = an_ent_recent(c, ENT_PERSON, 0);
        if (best >= 0 && c->ents[best].type == ENT_UNKNOWN && !c->ents[best].sex &&
            !an_person_like(c, c->ents[best].name))
            best = -1;
        if (best >= 0)
            an_touch(c, best);
        return best;
    }
    /* "the boy officer", "the woman doctor": a word before the noun may say
     * the sex, and no one of the other sex is meant */
    uint32_t dsex = 0;
    for (size_t i = np->sa; i + 1 < np->sb; i++)
        if (an_is_lower_word(&c->t[i]) && (c->t[i].cls & LEX_KIN))
            dsex |= c->t[i].cls & (LEX_MALE | LEX_FEMALE);
    if (dsex != LEX_MALE && dsex != LEX_FEMALE)
        dsex = 0;
    size_t n = recent_n(c);
    /* the one whose role the modifiers fit first, else the latest that fits */
    for (int mods = 1; mods >= 0 && best < 0; mods--)
        for (size_t k = 0; k < n && best < 0; k++) {
            long id = recent_live(c, k);
            if (id >= 0 && desc_fits(c, &c->ents[id], h) &&
                !(dsex && c->ents[id].sex && c->ents[id].sex != dsex) &&
                (!mods || modifiers_fit(c, &c->ents[id], np, h)))
                best = id;
        }
    /* an entity named long ago, in an article with few names */
    if (best < 0 && c->nents <= EDIT_SEARCH_MAX) {
        uint64_t bl = 0;
        for (size_t i = 0; i < c->nents; i++)
            if (c->ents[i].last > bl && desc_fits(c, &c->ents[i], h) &&
                !(dsex && c->ents[i].sex && c->ents[i].sex != dsex)) {
                bl = c->ents[i].last;
                best = (long)i;
            }
    }
    if (firm) {
        if (best >= 0)
            an_touch(c, best);
        return best;
    }
    /* "the defender said" of someone whose role was never given: the latest
     * person who was a sentence's subject; not in fiction's dialogue, where
     * "the keeper" is a character of his own more often than a name's */
    if (best < 0 && !c->dialogue && (h->cls & LEX_ROLE) && !(h->cls & (LEX_UNNAMED | LEX_ORG)))
        best = subj_recent(c, 0, dsex, SUBJ_MAX, 1);
    /* "the company said" after "Kestrel said": the latest organisation even
     * when its name does not say what kind it is */
    if (best < 0 && (h->cls & LEX_ORG) && !(h->cls & LEX_ROLE)) {
        for (size_t k = 0; k < n && best < 0; k++) {
            long id = recent_live(c, k);
            const struct ent *e = id >= 0 ? &c->ents[id] : NULL;
            if (e && (e->type == ENT_ORG || (e->type == ENT_UNKNOWN && !person_shaped(e) &&
                                             !an_person_like(c, e->name))))
                best = id;
        }
    }
    if (best >= 0) {
        an_touch(c, best);
        remember_desc(c, &c->ents[best], h);
    }
    return best;
}

/* A person's name by its given name: "Jane Carter", "Tom" alone, or "Hale"
 * when the article also gives "Richard Hale". */
int an_person_like(const struct ctx *c, const char *name)
{
    const char *full = name;
    if (!strchr(name, ' ')) {
        full = NULL;
        for (size_t i = 0; i < c->nnames && !full; i++)
            if (strcmp(an_last_word(c->names[i]), name) == 0 &&
                an_last_word(c->names[i]) != c->names[i])
                full = c->names[i];
        if (!full)
            full = name;
    }
    return (lex_classes(full, an_first_word_len(full)) & LEX_GIVEN) != 0;
}

/* Remember the title written right before a person's name, as its role noun. */
static void set_title(const struct ctx *c, struct ent *e, const struct np *np)
{
    for (size_t i = np->ra; i < np->rb; i++) {
        const struct tok *t = &c->t[i];
        if (!(t->cls & LEX_TITLE) || (t->cls & (LEX_MALE | LEX_FEMALE)))
            continue;
        const char *w = lex_title_role(c->s + t->b, t->klen);
        if (w)
            e->title = w;
    }
}

/* "his wife" of Mr. Hale is Mrs. Hale: the person of her sex who shares the
 * owner's surname, made with the honorific when the owner has one; -1 when
 * the noun is not a spouse's or the owner has no surname to share. */
static long spouse(struct ctx *c, long owner, const struct tok *h, uint32_t sex)
{
    static const char *const words[] = {"wife", "husband", "lady"};
    size_t k = 0;
    while (k < 3 && !(strlen(words[k]) == h->klen && !strncasecmp(c->s + h->b, words[k], h->klen)))
        k++;
    const struct ent *o = &c->ents[owner];
    if (k == 3 || o->type == ENT_ORG || (o->nw < 2 && !o->hon[0]) || o->sex == sex)
        return -1;
    char sur[64];
    const char *lw = an_last_word(o->name);
    if (strlen(lw) >= sizeof sur)
        return -1;
    memcpy(sur, lw, strlen(lw) + 1);
    int variant;
    long id = an_ent_match(c, sur, &variant, sex);
    if (id >= 0 && id != owner && c->ents[id].sex == sex && !variant &&
        !strcmp(an_last_word(c->ents[id].name), sur))
        return id;
    if (!o->hon[0] && o->nw < 2)
        return -1;
    size_t before = c->nents;
    id = an_ent_mention(c, sur, NULL, NULL, NULL, ENT_PERSON, sex);
    if (id < 0 || id == owner || c->nents == before)
        return -1;
    struct ent *e = &c->ents[id];
    e->sex = sex;
    snprintf(e->hon, sizeof e->hon, "%s", sex == LEX_FEMALE ? "Mrs." : "Mr.");
    return id;
}

/* "her mother", "said the father": a parent is known by the married
 * honorific ("Mrs. Hale" has no given name in the text) and shares the
 * family name of the child it is said of (owner, or -1 when unsaid); the
 * latest such person, or -1. */
static long parent(const struct ctx *c, long owner, const struct tok *h, uint32_t sex)
{
    if (h->klen != 6 ||
        (strncasecmp(c->s + h->b, "mother", 6) != 0 && strncasecmp(c->s + h->b, "father", 6) != 0))
        return -1;
    const char *want = sex == LEX_FEMALE ? "Mrs" : "Mr";
    const char *sur = NULL;
    if (owner >= 0 && (c->ents[owner].nw >= 2 || c->ents[owner].hon[0]))
        sur = an_last_word(c->ents[owner].name);
    long best = -1;
    for (size_t i = 0; i < c->nents; i++) {
        const struct ent *e = &c->ents[i];
        size_t hl = strcspn(e->hon, ".");
        if ((long)i == owner || e->sex != sex || e->type == ENT_ORG || hl != strlen(want) ||
            strncmp(e->hon, want, hl) != 0 || (sur && strcmp(an_last_word(e->name), sur) != 0))
            continue;
        if (best < 0 || e->last > c->ents[best].last)
            best = (long)i;
    }
    return best;
}

/* "her father", "his wife", "the girl": a description by a noun with a sex
 * points back to a person of that sex already in the text, other than the
 * one the possessive means; "the girl" only to a party of the conversation
 * or a recent subject, since a new person is often introduced so. Returns
 * the entity or -1. */
static long resolve_kin(struct ctx *c, const struct np *np, long to)
{
    const struct tok *h = &c->t[np->sb - 1];
    uint32_t sex = h->cls & (LEX_MALE | LEX_FEMALE);
    if (np->sb - np->sa > 3 || !(h->cls & LEX_KIN) || (sex != LEX_MALE && sex != LEX_FEMALE))
        return -1;
    long owner = -1;
    int the = an_tok_is(c, np->sa, "the");
    uint32_t osex = an_tok_is(c, np->sa, "his") ? LEX_MALE : LEX_FEMALE;
    if (to >= 0 && c->ents[to].sex && c->ents[to].sex != osex)
        to = -1;
    int poss = an_tok_is(c, np->sa, "his") || an_tok_is(c, np->sa, "her");
    if (to >= 0 && poss)
        owner = to; /* `"Tom," said his mother`: Tom's */
    else if (poss && c->addressed_name && c->addressed_para + 1 == c->para &&
             (c->addressed < 0 || !c->ents[c->addressed].sex || c->ents[c->addressed].sex == osex))
        /* `"... like it, Lizzy." / "...," said her mother`: the one just
         * spoken to, known or not, rather than the latest of that sex */
        owner = c->addressed;
    else if (an_tok_is(c, np->sa, "his"))
        owner = an_ent_recent(c, ENT_PERSON, LEX_MALE);
    else if (an_tok_is(c, np->sa, "her"))
        owner = an_ent_recent(c, ENT_PERSON, LEX_FEMALE);
    else if (!the)
        return -1;
    long best = owner >= 0 ? spouse(c, owner, h, sex) : -1;
    if (best < 0)
        best = parent(c, owner, h, sex);
    if (best >= 0) {
        an_touch(c, best);
        return best;
    }
    if (the) {
        /* a party of the conversation, the one before last too while the
         * conversation goes on; when both are of that sex, the one whose
         * turn it is, not who spoke last */
        for (size_t k = c->nturn < 2 ? c->nturn : 2; k-- > 0 && best < 0;) {
            long id = c->turn[k].ent;
            int on = k == 1 && c->turn[0].para + 2 >= c->para &&
                     c->turn[1].para + 2 >= c->turn[0].para;
            if (id >= 0 && c->ents[id].sex == sex && (c->turn[k].para + 3 >= c->para || on))
                best = id;
        }
        if (best < 0)
            best = subj_recent(c, 0, sex, 2, 0);
        if (best >= 0 && c->ents[best].sex != sex)
            best = -1;
    } else {
        size_t n = recent_n(c);
        for (size_t k = 0; k < n && best < 0; k++) {
            long id = recent_live(c, k);
            if (id >= 0 && id != owner && c->ents[id].sex == sex && c->ents[id].type != ENT_ORG)
                best = id;
        }
    }
    /* "came a man ... said the man": the one brought in so, unless the
     * noun has meant this person before */
    if (best >= 0 && an_indef_since(c, np->sb - 1, np->sa) &&
        !(strlen(c->ents[best].desc) == h->klen &&
          !strncasecmp(c->ents[best].desc, c->s + h->b, h->klen)))
        return -1;
    if (best >= 0)
        an_touch(c, best);
    return best;
}

/* "Mrs. Hale": keep honorific token i of a surname-only name, to tell her
 * from a namesake of the other sex (output.c names them apart). */
void an_ent_set_hon(const struct ctx *c, struct ent *e, size_t i)
{
    size_t hl = c->t[i].e - c->t[i].b;
    if (hl >= sizeof e->hon || i + 1 >= c->nt)
        return;
    if (strchr(e->name, ' ')) {
        /* "Miss Ada" of Ada Grey: the honorific before the given name alone
         * (the elder sister is "Miss Grey") */
        const struct tok *g = &c->t[i + 1];
        if (e->hon_given[0] || an_first_word_len(e->name) != g->klen ||
            strncmp(e->name, c->s + g->b, g->klen) != 0 ||
            (i + 2 < c->nt && c->t[i + 2].sent == g->sent && (c->t[i + 2].f & T_CAP)))
            return;
        memcpy(e->hon_given, c->s + c->t[i].b, hl);
        e->hon_given[hl] = '\0';
        return;
    }
    if (e->hon[0])
        return;
    memcpy(e->hon, c->s + c->t[i].b, hl);
    e->hon[hl] = '\0';
    for (size_t k = 1; k < hl; k++) /* "MR." of a heading is "Mr." */
        e->hon[k] = (char)tolower((unsigned char)e->hon[k]);
}

/* A person met only by description np is mentioned now, as its clause's
 * subject when subj is set: the older slot is theirs, so that the one before
 * stays ("My father told him": "him" is the one before). */
static void unnamed_note(struct ctx *c, const struct np *np, uint32_t sex, int subj,
                         uint32_t other)
{
    size_t k = c->unnamed[0].stamp <= c->unnamed[1].stamp ? 0 : 1;
    c->unnamed[k].stamp = ++c->clock;
    c->unnamed[k].sex = sex;
    c->unnamed[k].subj = subj;
    c->unnamed[k].other = other;
    c->unnamed[k].para = c->para;
    c->unnamed[k].src[0] = '\0';
    char *src = an_source_text(c, np);
    if (src && strlen(src) < sizeof c->unnamed[k].src)
        memcpy(c->unnamed[k].src, src, strlen(src) + 1);
    free(src);
}

/* The slot of the latest person met only by a description who can be of
 * that sex, within the last few paragraphs; -1 when none. */
static long unnamed_fit(const struct ctx *c, uint32_t sex)
{
    long best = -1;
    for (size_t i = 0; i < 2; i++) {
        if (!c->unnamed[i].stamp || c->unnamed[i].para + 3 < c->para ||
            (c->unnamed[i].sex && c->unnamed[i].sex != sex) || (c->unnamed[i].other & sex))
            continue;
        if (best < 0 || c->unnamed[i].stamp > c->unnamed[best].stamp)
            best = (long)i;
    }
    return best;
}

/* "said his cousin": a possessive before a noun no list gives a sex, as a
 * cue's source. */
static int poss_plain(const struct ctx *c, const struct np *np)
{
    if (np->kind != NP_UNNAMED || np->sb < np->sa + 2 || np->sb > np->sa + 3 ||
        !(an_tok_is(c, np->sa, "his") || an_tok_is(c, np->sa, "her")))
        return 0;
    const struct tok *h = &c->t[np->sb - 1];
    return !(h->cls & (LEX_KIN | LEX_STMT | LEX_ORG | LEX_UNNAMED));
}

/* "“…,” said his cousin" in a conversation: the possessive ties the speaker
 * to its owner, so the speaker is the named party of the conversation who is
 * not the owner, the latest mentioned if both are not; -1 when a party is
 * met only by a description (it may be them) or none is left. */
static long poss_party(struct ctx *c, const struct np *np)
{
    uint32_t osex = an_tok_is(c, np->sa, "his") ? LEX_MALE : LEX_FEMALE;
    long owner = an_ent_recent(c, ENT_PERSON, osex);
    if (owner >= 0 && c->ents[owner].sex != osex)
        owner = -1;
    long best = -1;
    for (size_t k = 0; k < c->nturn && k < 2; k++) {
        long id = c->turn[k].ent;
        if (c->turn[k].para + 3 < c->para)
            continue;
        if (id < 0 || c->ents[id].type == ENT_ORG)
            return -1;
        if (id != owner && (best < 0 || c->ents[id].last > c->ents[best].last))
            best = id;
    }
    if (best >= 0)
        an_touch(c, best);
    return best;
}

int an_hon_namesake(const struct ctx *c, const char *name, size_t i, uint32_t sex)
{
    int variant;
    long id = an_ent_match(c, name, &variant, sex);
    if (id < 0 || strchr(name, ' '))
        return 0;
    const struct ent *e = &c->ents[id];
    size_t hl = c->t[i].e - c->t[i].b;
    if (e->nw < 2 || strcmp(an_last_word(e->name), name) != 0)
        return 0;
    if (e->hon_given[0])
        return strlen(e->hon_given) == hl && !strncmp(e->hon_given, c->s + c->t[i].b, hl);
    /* "Mrs. Hale" in a text that calls Ada Hale "Ada": a text on first-name
     * terms with her would not turn to "Mrs. Hale" for her; her mother */
    char hon[8];
    if (!e->given_alone || hl >= sizeof hon)
        return 0;
    memcpy(hon, c->s + c->t[i].b, hl);
    hon[hl] = '\0';
    return surname_hon(hon);
}

/* The bytes of honorific h (n bytes) without its full stops: "Mrs" and
 * "Mrs." are one honorific. */
static size_t hon_stem(const char *h, size_t n)
{
    while (n && h[n - 1] == '.')
        n--;
    return n;
}

/* "Mr", "Mrs", "Ms", "Miss", "Dr" (n bytes, no full stop): the honorifics a
 * family's members share a surname under; "Prince Charles" and "King
 * Charles" are one man. */
static int family_hon(const char *h, size_t n)
{
    static const char *const w[] = {"mr", "mrs", "ms", "miss", "dr"};
    for (size_t k = 0; k < sizeof w / sizeof *w; k++)
        if (strlen(w[k]) == n && !strncasecmp(h, w[k], n))
            return 1;
    return 0;
}

/* "Miss Ashcombe" and "Mrs Ashcombe" in one text that gives
 * neither a given name: a surname known only with another honorific is
 * another person of the family (output.c names them apart). Honorific token
 * i comes before the one-word name. Returns 1 when a new person is meant; the
 * one already known with that honorific is made the latest of the name. */
static int hon_other(struct ctx *c, const char *name, size_t i)
{
    if (strchr(name, ' '))
        return 0;
    size_t hl = hon_stem(c->s + c->t[i].b, c->t[i].e - c->t[i].b);
    if (!family_hon(c->s + c->t[i].b, hl))
        return 0;
    uint32_t sex = c->t[i].cls & (LEX_MALE | LEX_FEMALE);
    int other = 0;
    for (long k = c->lw_head[word_hash(name) & (ENT_BUCKETS - 1)]; k >= 0; k = c->ents[k].next_lw) {
        const struct ent *e = &c->ents[k];
        size_t el = hon_stem(e->hon, strlen(e->hon));
        if (e->nw != 1 || !el || e->type == ENT_ORG || strcmp(e->name, name) != 0 ||
            !family_hon(e->hon, el))
            continue;
        if (el == hl && !strncasecmp(e->hon, c->s + c->t[i].b, hl)) {
            an_touch(c, k);
            return 0;
        }
        /* (of the other sex, the namesakes are told apart already) */
        other |= !(sex && e->sex && sex != e->sex);
    }
    return other;
}

/* The entity tokens [a, b) name, or -1 (no registering). */
static long ent_of_run(const struct ctx *c, size_t a, size_t b)
{
    char name[128];
    int variant;
    return an_name_copy(c, a, b, name, sizeof name) ? an_ent_match(c, name, &variant, 0) : -1;
}

/* "He commented about Orion": a pronoun is never someone its own clause
 * names after it (tokens after the pronoun np, up to a quote or the end of
 * the sentence). */
static int named_in_own_clause(const struct ctx *c, const struct np *np, long id)
{
    size_t k = np->b, end = np->b + 16 < c->nt ? np->b + 16 : c->nt;
    while (k < end && c->t[k].span < 0 && c->t[k].sent == c->t[np->a].sent) {
        if (!an_is_name_tok(&c->t[k]) || (k > 0 && an_is_name_tok(&c->t[k - 1]))) {
            k++;
            continue;
        }
        size_t e = k;
        while (e < end && e - k < 4 && an_is_name_tok(&c->t[e]))
            e++;
        if (ent_of_run(c, k, e) == id)
            return 1;
        k = e;
    }
    return 0;
}

/* The person named last before token i of the paragraph, surname-only
 * mentions included, other than skip and not of the other sex; -1 if none
 * in the 40 tokens before. */
static long named_before(const struct ctx *c, size_t i, long skip, uint32_t sex)
{
    size_t lo = i > 40 ? i - 40 : 0;
    for (size_t e = i; e > lo; e--) {
        if (!an_is_name_tok(&c->t[e - 1]) || (e < i && an_is_name_tok(&c->t[e])))
            continue;
        size_t a = e - 1;
        while (a > lo && e - a < 4 && an_is_name_tok(&c->t[a - 1]))
            a--;
        long id = ent_of_run(c, a, e);
        if (id < 0 || id == skip)
            continue;
        const struct ent *en = &c->ents[id];
        if (en->type != ENT_ORG && (!sex || !en->sex || en->sex == sex))
            return id;
    }
    return -1;
}

/* Resolve a phrase naming a source to an entity (registering the mention). */
static long resolve_np(struct ctx *c, const struct np *np, int firm, long to)
{
    if (np->kind == NP_UNNAMED) {
        /* "said my brother" after "my brother Robert" */
        uint32_t ksex = 0;
        const char *kn = np->sb == np->sa + 2 && an_tok_is(c, np->sa, "my")
                             ? an_my_kin(c, np->sa + 1, &ksex)
                             : NULL;
        if (kn) {
            long id = an_ent_mention(c, kn, NULL, NULL, NULL, ENT_PERSON, ksex);
            if (id >= 0 && !c->ents[id].sex)
                c->ents[id].sex = ksex;
            return id;
        }
        long kin = resolve_kin(c, np, to);
        if (kin >= 0)
            return kin;
        return np->def ? resolve_desc(c, np, firm) : -1;
    }
    if (np->kind == NP_PRON_PERSON || np->kind == NP_PRON_THING) {
        uint32_t sex = c->t[np->a].cls & (LEX_MALE | LEX_FEMALE);
        long id = -1;
        c->pron_unnamed = -1;
        uint64_t when = 0; /* when the candidate was last the subject, or mentioned */
        int from_subj = 0;
        /* "he" is first of all the previous sentence's subject, when known to
         * be of his sex */
        if (np->kind == NP_PRON_PERSON && sex) {
            id = subj_recent(c, 0, 0, 1, 0);
            /* outside dialogue, a subject of unknown sex is whom the pronoun
             * after it means, and it says the sex (in fiction's dialogue a
             * pronoun so often means the other party that it must fit) */
            if (id >= 0 && c->ents[id].sex != sex &&
                (c->dialogue || c->ents[id].sex ||
                 c->subj_para[(c->nsubj - 1) % SUBJ_MAX] + 1 < c->para))
                id = -1;
            /* paragraphs of narration that name no one go on about them */
            size_t sp = c->subj_para[(c->nsubj - 1) % SUBJ_MAX];
            if (id >= 0 && sp + 1 < c->para && !(sp + 3 >= c->para && c->name_para <= sp))
                id = -1;
            if (id >= 0) {
                /* (from further back, a person met by a description since
                 * is meant as readily as after an object) */
                from_subj = sp + 1 >= c->para;
                when = c->subj_stamp[(c->nsubj - 1) % SUBJ_MAX];
            }
        }
        if (id < 0) {
            id = an_ent_recent(c, np->kind == NP_PRON_PERSON ? ENT_PERSON : ENT_ORG, sex);
            if (id >= 0)
                when = c->ents[id].last;
        }
        /* "A rider came out of the wood. “…,” he said": a person met only by
         * a description since the candidate was (as the subject, when it is
         * the previous subject) is no one named */
        long u = np->kind == NP_PRON_PERSON && sex ? unnamed_fit(c, sex) : -1;
        if (u >= 0 && !an_tok_is(c, np->a, "they") &&
            (id < 0 || (c->unnamed[u].stamp > when && (!from_subj || c->unnamed[u].subj)))) {
            /* a pronoun is its subject, and says its sex */
            c->unnamed[u].stamp = ++c->clock;
            c->unnamed[u].sex = sex;
            c->unnamed[u].subj = 1;
            c->unnamed[u].other = 0;
            c->unnamed[u].para = c->para;
            c->pron_unnamed = u;
            return -1;
        }
        /* "they said" is never one person */
        if (id >= 0 && an_tok_is(c, np->a, "they") && c->ents[id].type != ENT_ORG)
            id = -1;
        if (id >= 0 && np->kind == NP_PRON_PERSON && named_in_own_clause(c, np, id)) {
            long alt = named_before(c, np->a, id, sex);
            if (alt < 0)
                alt = an_ent_recent_other(c, id, 0);
            id = alt >= 0 && (!sex || !c->ents[alt].sex || c->ents[alt].sex == sex) &&
                         !named_in_own_clause(c, np, alt)
                     ? alt
                     : -1;
        }
        if (id >= 0) {
            an_touch(c, id);
            if (!c->ents[id].sex && c->ents[id].type != ENT_ORG)
                c->ents[id].sex = sex;
        }
        return id;
    }
    if (np->kind != NP_NAME)
        return -1;
    char *name = an_dup_range(c->s, c->t[np->na].b, an_name_end(c, np->nb - 1));
    if (!name) {
        c->oom = 1;
        return -1;
    }
    char *role = NULL, *org = NULL, *alias = NULL;
    /* the role before the name, unless it is a bare honorific ("Dr.") and
     * an appositive says more */
    int bare = np->rb == np->ra + 1 && (c->t[np->ra].cls & LEX_TITLE) && np->xb > np->xa;
    /* "Mr", "Mrs", "Ms" say who, not what: no role */
    int honorific = np->rb == np->ra + 1 && (c->t[np->ra].cls & (LEX_MALE | LEX_FEMALE));
    if (np->rb > np->ra && !bare && !honorific)
        role_org(c, np->ra, np->rb, &role, &org);
    else if (np->xb > np->xa)
        role_org(c, np->xa, np->xb, &role, &org);
    if (np->acr >= 0) {
        alias = name;
        name = an_dup_range(c->s, c->t[np->acr].b, c->t[np->acr].b + c->t[np->acr].klen);
        if (!name) {
            c->oom = 1;
            free(alias);
            free(role);
            free(org);
            return -1;
        }
    }
    enum ent_type type = np->org ? ENT_ORG : (role ? ENT_PERSON : ENT_UNKNOWN);
    if (type == ENT_UNKNOWN && count_words(name) >= 2 && np->rb > np->ra)
        type = ENT_PERSON;
    if (type == ENT_UNKNOWN && an_person_like(c, name))
        type = ENT_PERSON;
    /* "Tamas Varga of oil broker PVM": a person, and where they work, which
     * says more than one capitalised word before the role ("Auto analyst
     * Bea Morrow of Lind Research") */
    if ((type == ENT_UNKNOWN || (type == ENT_PERSON && (!org || !strchr(org, ' ')))) && !np->org &&
        np->nb == np->b && np->b + 1 < c->nt &&
        (an_tok_is(c, np->b, "of") || an_tok_is(c, np->b, "at")) && c->t[np->b].span < 0) {
        type = ENT_PERSON;
        size_t o0 = np->b + 1;
        if (an_tok_is(c, o0, "the"))
            o0++;
        /* words up to the employer's name, which ends at the first word after
         * it that joins no more of it ("The Globe and Mail dubbed") */
        size_t e = o0;
        int seen = 0;
        while (e < c->nt && e - np->b <= NP_MAX && an_is_word(&c->t[e]) && c->t[e].span < 0 &&
               !an_is_relative(c, e)) {
            if (an_is_name_tok(&c->t[e])) {
                seen = 1;
            } else if (seen) {
                /* "of", "and", "of the" before more of the name */
                size_t n = e + 1;
                if (n + 1 < c->nt && an_is_connector(c, e) && an_tok_is(c, n, "the"))
                    n++;
                if (!((an_is_connector(c, e) || an_tok_is(c, e, "and")) && n < c->nt &&
                      an_is_name_tok(&c->t[n])))
                    break;
                e = n - 1;
            } else if (an_is_lower_word(&c->t[e]) && (c->t[e].cls & LEX_BREAK)) {
                break;
            }
            e++;
        }
        if (e > o0 && an_is_name_tok(&c->t[e - 1])) {
            free(org);
            org = role_text(c, o0, e);
        }
    }
    /* "Mrs Smith", "Jane Carter": the given name or honorific says which */
    uint32_t sex = np->org ? 0 : c->t[np->na].cls & (LEX_MALE | LEX_FEMALE);
    for (size_t i = np->ra; i < np->rb && !sex && !np->org; i++)
        if (c->t[i].cls & (LEX_TITLE | LEX_KIN))
            sex = c->t[i].cls & (LEX_MALE | LEX_FEMALE);
    if (sex != LEX_MALE && sex != LEX_FEMALE)
        sex = 0;
    if (honorific && sex && an_hon_namesake(c, name, np->ra, sex))
        an_ent_new(c, name); /* "Miss Grey" is not Ada Grey, called "Miss Ada" */
    else if (honorific && hon_other(c, name, np->ra)) {
        long fresh = an_ent_new(c, name);
        if (fresh >= 0)
            an_touch(c, fresh); /* the latest of the name, for the mention */
    }
    long id = an_ent_mention(c, name, role, org, alias, type, sex);
    if (id >= 0 && !c->ents[id].sex)
        c->ents[id].sex = sex;
    if (id >= 0 && !strchr(name, ' ') && c->ents[id].nw >= 2 && !np->org &&
        an_first_word_len(c->ents[id].name) == strlen(name) &&
        !strncmp(c->ents[id].name, name, strlen(name)))
        c->ents[id].given_alone = 1;
    if (id >= 0 && !np->org)
        set_title(c, &c->ents[id], np);
    /* "rights group Verde Vivo", "the charity Oxfam": what kind of body it
     * is, for a later "the group said" */
    if (id >= 0 && np->na > 0 && !c->ents[id].desc[0] && an_is_lower_word(&c->t[np->na - 1]) &&
        (c->t[np->na - 1].cls & LEX_ORG) && !(c->t[np->na - 1].cls & LEX_ROLE) &&
        c->t[np->na - 1].sent == c->t[np->na].sent)
        remember_desc(c, &c->ents[id], &c->t[np->na - 1]);
    if (id >= 0 && honorific)
        an_ent_set_hon(c, &c->ents[id], np->ra);
    free(name);
    free(alias);
    free(role);
    free(org);
    return id;
}

long an_resolve_np(struct ctx *c, const struct np *np)
{
    return resolve_np(c, np, 0, -1);
}

static int cmp_event(const void *x, const void *y)
{
    const struct event *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return (a->cue < b->cue) ? -1 : (a->cue > b->cue);
}

/* "Jane Roe, 34, said": remember the age. */
static void note_age(const struct ctx *c, struct ent *e, const struct np *np)
{
    size_t i = np->nb;
    if (i + 2 >= c->nt || !an_is_punct(&c->t[i], ',') || !(c->t[i + 1].f & T_DIGIT) ||
        !an_is_punct(&c->t[i + 2], ',') || c->t[i + 1].e - c->t[i + 1].b > 3)
        return;
    int age = 0;
    for (size_t k = c->t[i + 1].b; k < c->t[i + 1].e; k++) {
        if (c->s[k] < '0' || c->s[k] > '9')
            return;
        age = age * 10 + (c->s[k] - '0');
    }
    e->age = age;
}

/* A mention is its sentence's subject: the source of a cue, or a name (with
 * the role words before it) that opens the sentence. */
static int is_subject(const struct ctx *c, const struct event *e)
{
    if (e->cue >= 0)
        return e->np.kind != NP_UNNAMED || e->np.def == 3;
    size_t f = e->np.a;
    if (e->np.ra < e->np.rb && e->np.ra < f)
        f = e->np.ra;
    /* "Tom Reed's eldest son was ...": the son is the subject; "Hale's lips
     * twitched": Hale is what it is about (poss_topic) */
    if (e->np.kind == NP_NAME && (c->t[e->np.nb - 1].f & T_POSS))
        return e->topic;
    return an_opens_clause(c, f) || (e->np.kind == NP_NAME && an_named_subject(c, f, e->np.b));
}

/* A word inside a quote that can be part of a name spoken to: capitalised,
 * no stop word (words in quotes longer than three letters carry no classes:
 * looked up). */
static uint32_t quoted_cap(const struct ctx *c, size_t i, long k)
{
    if (i >= c->nt)
        return 0;
    const struct tok *t = &c->t[i];
    if (t->span != k || !an_is_word(t) || !(t->f & T_CAP))
        return 0;
    uint32_t cls = t->klen > 3 ? lex_classes(c->s + t->b, t->klen) : t->cls;
    return cls & LEX_STOPCAP ? 0 : cls | LEX_PHRASE;
}

/* `"Mr. Hale, the rain has stopped," said his wife`, `"Tom, come here," said his mother`:
 * the person the quote right before cue cu speaks to by name, at its start or
 * after its last comma, or -1. A name with an honorific is made a person of its
 * sex; a bare name only when someone known has it. */
static long cue_addressee(struct ctx *c, const struct cue *cu)
{
    size_t p = cu->v0;
    if (!cu->after && cu->np.kind == NP_UNNAMED && cu->np.sa < p)
        p = cu->np.sa; /* `"…," her mother asked` */
    else if (!cu->after)
        return -1;
    if (p < 2)
        return -1;
    p--;
    if (an_is_punct(&c->t[p], ',') && c->t[p].span < 0)
        p--;
    long k = c->t[p].span;
    if (k < 0 || c->sp_next[k] > cu->v0)
        return -1;
    size_t f = c->sp_first[k], e = c->sp_next[k];
    size_t a = f;
    if (an_tok_is(c, a, "my") && an_tok_is(c, a + 1, "dear"))
        a += 2;
    else if (an_tok_is(c, a, "dear"))
        a++;
    size_t b = a;
    while (b < e && b - a < 3 && quoted_cap(c, b, k))
        b++;
    if (b == a || (b < e && !an_is_punct(&c->t[b], ',') && !an_is_punct(&c->t[b], '!') &&
                   !an_is_punct(&c->t[b], '?'))) {
        /* "Will it rain, Mary?" her mother asked: the name that ends it */
        b = e;
        while (b > f && c->t[b - 1].p && c->t[b - 1].p != ',')
            b--;
        a = b;
        while (a > f && b - a < 3 && quoted_cap(c, a - 1, k))
            a--;
        if (a == b || a == f || !an_is_punct(&c->t[a - 1], ','))
            return -1;
    }
    uint32_t tcls = quoted_cap(c, a, k), sex = tcls & (LEX_MALE | LEX_FEMALE);
    int titled = b - a >= 2 && (tcls & LEX_TITLE) && (sex == LEX_MALE || sex == LEX_FEMALE);
    char name[128];
    if (!an_name_copy(c, titled ? a + 1 : a, b, name, sizeof name))
        return -1;
    int variant;
    long id = an_ent_match(c, name, &variant, titled ? sex : 0);
    if (id < 0 && titled) {
        size_t before = c->nents;
        id = an_ent_mention(c, name, NULL, NULL, NULL, ENT_PERSON, sex);
        if (id >= 0 && c->nents > before)
            c->ents[id].last = 0; /* spoken to, not spoken of */
        if (id >= 0 && !c->ents[id].sex)
            c->ents[id].sex = sex;
        if (id >= 0)
            an_ent_set_hon(c, &c->ents[id], a);
    }
    return id >= 0 && c->ents[id].type != ENT_ORG ? id : -1;
}

/* Resolve cue sources and named mentions to entities, in reading order, so
 * that a pronoun sees exactly the mentions before it. */
/* "Marlowe took off his hat": the sex of the pronouns that follow a sentence's
 * subject in the same sentence, when they all agree; 0 otherwise. */
uint32_t an_sex_after(const struct ctx *c, size_t i)
{
    /* (an object, "glanced at her", "told him", is someone else; "her" is
     * taken for the subject's own only before a word that may be a noun, "her
     * glass", though "made her cry" slips through) */
    static const char *const male[] = {"he", "his", "himself"};
    static const char *const female[] = {"she", "hers", "herself"};
    uint32_t seen = 0;
    size_t sent = i < c->nt ? c->t[i].sent : 0;
    for (size_t j = i; j < c->nt && c->t[j].sent == sent; j++) {
        if (c->t[j].span >= 0 || !an_is_word(&c->t[j]) || an_is_name_tok(&c->t[j]))
            continue;
        if (an_tok_is(c, j, "her") && j + 1 < c->nt && c->t[j + 1].sent == sent &&
            an_is_lower_word(&c->t[j + 1]) && c->t[j + 1].span < 0 &&
            !(c->t[j + 1].cls & (LEX_BREAK | LEX_PREP | LEX_DET)))
            seen |= LEX_FEMALE;
        for (size_t k = 0; k < sizeof male / sizeof *male; k++) {
            if (an_tok_is(c, j, male[k]))
                seen |= LEX_MALE;
            if (an_tok_is(c, j, female[k]))
                seen |= LEX_FEMALE;
        }
    }
    return seen == LEX_MALE || seen == LEX_FEMALE ? seen : 0;
}

/* The sex a description's head noun gives ("the old woman"), or 0. */
static uint32_t desc_sex(const struct ctx *c, const struct np *np)
{
    uint32_t sex = c->t[np->sb - 1].cls & (LEX_MALE | LEX_FEMALE);
    return sex == LEX_MALE || sex == LEX_FEMALE ? sex : 0;
}

/* "The nurse bent down and kissed him": a "him" after a description in
 * its sentence is someone else, whom a "he" after may mean as well. */
static uint32_t other_after(const struct ctx *c, const struct np *np)
{
    size_t sent = c->t[np->sb - 1].sent;
    for (size_t j = np->sb; j < c->nt && c->t[j].sent == sent; j++)
        if (c->t[j].span < 0 && an_tok_is(c, j, "him"))
            return LEX_MALE;
    return 0;
}

/* An unresolved description event is one person when it is a cue's source
 * and no organisation or statement. A description in narration is not: "the
 * clergyman explained" is as often a person named before by another noun. */
static int unnamed_person(const struct ctx *c, const struct event *e)
{
    const struct tok *h = &c->t[e->np.sb - 1];
    if (e->cue < 0 || e->np.sb <= e->np.sa || (h->cls & LEX_STMT) ||
        ((h->cls & LEX_ORG) && !(h->cls & LEX_ROLE)))
        return 0;
    return 1;
}

void an_resolve_events(struct ctx *c)
{
    c->nev = 0;
    for (size_t i = 0; i < c->ncues; i++) {
        const struct np *np = &c->cues[i].np;
        uint32_t ksex;
        if (np->kind == NP_NONE ||
            (np->kind == NP_UNNAMED && !np->def && !(c->t[np->sb - 1].cls & LEX_KIN) &&
             !(np->sb == np->sa + 2 && an_tok_is(c, np->sa, "my") &&
               an_my_kin(c, np->sa + 1, &ksex)) &&
             !poss_plain(c, np)))
            continue;
        size_t pos = c->t[np->kind == NP_NAME ? np->na : np->a].b;
        an_add_event(c, pos, (long)i, np);
    }
    an_find_mentions(c);
    if (c->nev > 1)
        qsort(c->ev, c->nev, sizeof *c->ev, cmp_event);
    long last_src = c->last_any.set && c->last_any.para + 1 >= c->para ? c->last_any.ent : -1;
    for (size_t i = 0; i < c->nev; i++) {
        struct event *e = &c->ev[i];
        if (e->weak)
            continue;
        if (e->intro) {
            unnamed_note(c, &e->np, desc_sex(c, &e->np), e->intro == 1, other_after(c, &e->np));
            continue;
        }
        long to = e->cue >= 0 && e->np.kind == NP_UNNAMED ? cue_addressee(c, &c->cues[e->cue]) : -1;
        long id = e->np.def == 2 ? last_src : resolve_np(c, &e->np, e->narr, to);
        int plain = e->cue >= 0 && id < 0 && poss_plain(c, &e->np);
        if (plain)
            id = poss_party(c, &e->np);
        if (e->cue >= 0 && id >= 0)
            last_src = id;
        if (id >= 0 && e->np.kind == NP_NAME) {
            note_age(c, &c->ents[id], &e->np);
            c->name_para = c->para;
        }
        /* (a run of capitalised words only shaped like a name may be a firm:
         * a mention for a later pronoun, but no subject that steers one) */
        if (id >= 0 && c->ents[id].type != ENT_ORG && !e->shape && is_subject(c, e)) {
            size_t slot = c->nsubj++ % SUBJ_MAX;
            c->subj[slot] = id;
            c->subj_para[slot] = c->para;
            c->subj_stamp[slot] = c->clock;
            c->subj_topic[slot] = e->topic;
        }
        /* "said the old man": a person whom no entity took, for the pronouns
         * after */
        if (id < 0 && e->np.kind == NP_UNNAMED && e->np.def != 2 && !plain && unnamed_person(c, e))
            unnamed_note(c, &e->np, desc_sex(c, &e->np), 1, other_after(c, &e->np));
        /* "I watched Brack at the gate, where he stood": the pronouns say */
        if (id >= 0 && e->sex && !c->ents[id].sex && c->ents[id].type != ENT_ORG)
            c->ents[id].sex = e->sex;
        e->ent = id;
        if (e->cue >= 0)
            c->cues[e->cue].ent = id;
        /* "..., he said" of a person met only as "the parson": that phrase */
        if (e->cue >= 0 && id < 0 && e->np.kind == NP_PRON_PERSON && c->pron_unnamed >= 0)
            memcpy(c->cues[e->cue].usrc, c->unnamed[c->pron_unnamed].src,
                   sizeof c->cues[e->cue].usrc);
        if (id >= 0 && !c->ents[id].sex && c->ents[id].type != ENT_ORG && e->np.kind == NP_NAME &&
            is_subject(c, e))
            c->ents[id].sex = an_sex_after(c, e->np.nb);
    }
    /* "..., he said, adding that ...": a participle's subject is the clause's */
    for (size_t i = 1; i < c->ncues; i++) {
        struct cue *cu = &c->cues[i];
        const struct tok *v = &c->t[cu->v0];
        if (cu->np.kind != NP_NONE || cu->v0 == cu->v1 || v->klen < 5 || (cu->cls & LEX_CUEPREP) ||
            memcmp(c->s + v->b + v->klen - 3, "ing", 3) != 0)
            continue;
        for (size_t k = i; k-- > 0;) {
            const struct cue *pc = &c->cues[k];
            if (c->t[pc->v0].sent != v->sent && c->t[cu->v0].after_of < 0)
                break;
            if (pc->np.kind != NP_NONE && pc->v0 != pc->v1) {
                cu->np = pc->np;
                cu->ent = pc->ent;
                break;
            }
        }
    }
}

/* The one full name seen so far whose first word (or, when title is set, whose
 * title word, "Vicar Pembury" for "vicar") is w[0..len); NULL when none or
 * several. */
const char *an_full_name_by_first(const struct ctx *c, const char *w, size_t len)
{
    const char *hit = NULL;
    for (size_t i = 0; i < c->nnames; i++) {
        const char *n = c->names[i];
        if (an_first_word_len(n) != len || strncasecmp(n, w, len) || !strchr(n, ' '))
            continue;
        if (hit && strcmp(hit, n))
            return NULL;
        hit = n;
    }
    return hit;
}

uint32_t an_ent_sex_guess(const struct ent *e)
{
    if (e->sex || e->type == ENT_ORG || !e->name)
        return e->sex;
    uint32_t sex = lex_classes(e->name, an_first_word_len(e->name)) & (LEX_MALE | LEX_FEMALE);
    return sex == LEX_MALE || sex == LEX_FEMALE ? sex : 0;
}
