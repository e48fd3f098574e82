/* output.c - stage 8: the annotation handed to the caller: quotes and
 * attributions recorded, speakers named, given ids and counted.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct annot_quote *an_add_quote(struct ctx *c)
{
    struct annot *a = c->a;
    struct annot_quote *q = an_grow(a->quotes, &c->qcap, a->nquotes + 1, sizeof *q, &c->oom);
    if (!q)
        return NULL;
    a->quotes = q;
    q = &a->quotes[a->nquotes++];
    memset(q, 0, sizeof *q);
    q->speaker = -1;
    return q;
}

struct annot_attr *an_add_attr(struct ctx *c)
{
    struct annot *a = c->a;
    struct annot_attr *t = an_grow(a->attrs, &c->acap, a->nattrs + 1, sizeof *t, &c->oom);
    if (!t)
        return NULL;
    a->attrs = t;
    t = &a->attrs[a->nattrs++];
    memset(t, 0, sizeof *t);
    t->speaker = -1;
    return t;
}

/* Code point of byte offset byte in the current paragraph. Offsets asked for
 * mostly rise, so counting goes on from the last answer. */
size_t an_cp(struct ctx *c, size_t byte)
{
    if (byte < c->cp_b) {
        c->cp_b = 0;
        c->cp_n = 0;
    }
    c->cp_n += utf8_count(c->s + c->cp_b, byte - c->cp_b);
    c->cp_b = byte;
    return c->cp_n;
}

/* Span of tokens [a, b) of the current paragraph; unset when empty. */
void an_span_toks(struct ctx *c, struct annot_span *sp, size_t a, size_t b)
{
    memset(sp, 0, sizeof *sp);
    if (a >= b || b > c->nt)
        return;
    sp->para = c->para;
    sp->start = an_cp(c, c->t[a].b);
    sp->end = an_cp(c, c->t[b - 1].e);
    sp->set = 1;
}

/* The mention a noun phrase names its source with: the name itself, or the
 * whole unnamed phrase or pronoun. */
void an_span_np(struct ctx *c, struct annot_span *sp, const struct np *np)
{
    if (np->kind == NP_NAME && np->na < np->nb)
        an_span_toks(c, sp, np->na, np->nb);
    else if (np->kind != NP_NONE && np->sa < np->sb)
        an_span_toks(c, sp, np->sa, np->sb);
    else if (np->kind != NP_NONE)
        an_span_toks(c, sp, np->a, np->b);
    else
        memset(sp, 0, sizeof *sp);
}

/* The cue's words, or the dash or colon that stands for one. */
void an_span_cue(struct ctx *c, struct annot_span *sp, const struct cue *cu)
{
    an_span_toks(c, sp, cu->v0, cu->v1 > cu->v0 ? cu->v1 : cu->v0 + 1);
}

/* The cue as written, lower case ("according to"); NULL for a dash or colon. */
char *an_cue_text(const struct ctx *c, const struct cue *cu)
{
    if (cu->v1 <= cu->v0)
        return NULL;
    /* "has shown": keep the auxiliary before a participle cue */
    return an_dup_lower(c->s, c->t[cu->v0].b, c->t[cu->v1 - 1].b + c->t[cu->v1 - 1].klen);
}

/* The source phrase as written: the name, or the whole unnamed phrase. */
char *an_source_text(const struct ctx *c, const struct np *np)
{
    if (np->kind == NP_NONE)
        return NULL;
    size_t a = np->sa, b = np->sb;
    if (np->kind == NP_NAME && np->acr < 0 && np->org == 0)
        b = np->nb;
    if (a >= b)
        return NULL;
    if (b - a == 1 && c->t[a].klen == 1)
        return an_dup_range(c->s, c->t[a].b, c->t[a].b + 1); /* "said I." */
    return an_dup_range(c->s, c->t[a].b, c->t[b - 1].e);
}

/* The slug of name (lower-case ASCII alphanumerics, other runs as '-'), made
 * unique among the speakers already in a with a "-2", "-3", ... suffix. */
static char *slug_unique(const struct annot *a, const char *name)
{
    size_t len = strlen(name);
    char *id = malloc(len + 32);
    if (!id)
        return NULL;
    size_t k = 0;
    int dash = 0;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && k > 0)
                id[k++] = '-';
            dash = 0;
            id[k++] = ch;
        } else {
            dash = 1;
        }
    }
    if (k == 0) {
        memcpy(id, "speaker", 7);
        k = 7;
    }
    id[k] = '\0';
    for (size_t suffix = 2;; suffix++) {
        int clash = 0;
        for (size_t j = 0; j < a->nspeakers && !clash; j++)
            clash = a->speakers[j].id && strcmp(a->speakers[j].id, id) == 0;
        if (!clash)
            return id;
        char num[24];
        size_t nd = 0;
        for (size_t v = suffix; v && nd < sizeof num; v /= 10)
            num[nd++] = (char)('0' + v % 10);
        id[k] = '-';
        for (size_t d = 0; d < nd; d++)
            id[k + 1 + d] = num[nd - 1 - d];
        id[k + 1 + nd] = '\0';
    }
}

/* A used entity known by one word only takes the one full name ending in it. */
static void complete_names(struct ctx *c)
{
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!e->used || e->type == ENT_PERSON || e->sex || strchr(e->name, ' '))
            continue;
        /* "Kestrel" is short for the employer "Kestrel Pharmaceuticals"; looked
         * for only in articles with few names, as it compares every pair */
        size_t nl = strlen(e->name);
        const char *full = NULL;
        for (size_t k = 0; k < c->nents && c->nents <= EDIT_SEARCH_MAX && !full; k++) {
            const char *o = c->ents[k].org, *r = c->ents[k].role;
            if (o && strncmp(o, e->name, nl) == 0 && o[nl] == ' ')
                full = o;
            /* a role that names the employer: "chief executive of Kestrel Foods" */
            for (const char *p = r ? strstr(r, " of ") : NULL; p && !full;
                 p = strstr(p + 1, " of "))
                if (strncmp(p + 4, e->name, nl) == 0 && p[4 + nl] == ' ')
                    full = p + 4;
        }
        if (full) {
            char *old = strdup(e->name);
            if (!old) {
                c->oom = 1;
                return;
            }
            an_ent_unlink(c, (long)i);
            an_set_str(c, &e->name, full);
            an_ent_link(c, (long)i);
            an_add_alias(c, e, old);
            free(old);
        }
    }
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!e->used || e->type == ENT_ORG || strchr(e->name, ' '))
            continue;
        const char *hit = NULL;
        int hits = 0;
        /* a lone surname is short for a full name given before it, not after */
        for (size_t k = 0; k < e->names_at && k < c->nnames && hits < 2; k++) {
            const char *lw = an_last_word(c->names[k]);
            uint32_t sex =
                lex_classes(c->names[k], an_first_word_len(c->names[k])) & (LEX_MALE | LEX_FEMALE);
            if (e->sex && sex && sex != e->sex)
                continue; /* Mr Wilson is not "Mary Wilson" */
            if (lw != c->names[k] && strcmp(lw, e->name) == 0 &&
                (!hit || strcmp(hit, c->names[k]) != 0)) {
                hit = c->names[k];
                hits++;
            }
        }
        int taken = 0;
        for (size_t k = 0; hit && k < c->nents && !taken; k++)
            taken = k != i && strcmp(c->ents[k].name, hit) == 0;
        /* "Mrs. Hale" is not "Ada Hale" when "Ada" alone speaks for herself */
        size_t gl = hit ? an_first_word_len(hit) : 0;
        for (size_t k = 0; hit && e->hon[0] && k < c->nents && !taken; k++)
            taken = k != i && c->ents[k].nw == 1 && c->ents[k].used &&
                    c->ents[k].type != ENT_ORG && strlen(c->ents[k].name) == gl &&
                    !strncmp(c->ents[k].name, hit, gl);
        if (hits == 1 && !taken) {
            an_ent_unlink(c, (long)i);
            an_set_str(c, &e->name, hit);
            an_ent_link(c, (long)i);
        }
    }
}

/* Two people known by one surname ("Mr. Hale", "Mrs. Hale") are named
 * with the honorific each came with, so that they stay two. */
static void name_namesakes(struct ctx *c)
{
    unsigned char *twin = c->nents ? calloc(c->nents, 1) : NULL;
    if (c->nents && !twin) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < c->nents; i++) {
        const struct ent *e = &c->ents[i];
        if (!e->used || !e->hon[0] || e->type == ENT_ORG)
            continue;
        /* namesakes share the last word, so share its bucket */
        for (long k = c->lw_head[e->lwh & (ENT_BUCKETS - 1)]; k >= 0 && !twin[i];
             k = c->ents[k].next_lw)
            twin[i] = (size_t)k != i && c->ents[k].type != ENT_ORG &&
                      (c->ents[k].sex != e->sex || strcmp(c->ents[k].hon, e->hon) != 0) &&
                      strcmp(c->ents[k].name, e->name) == 0;
    }
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!twin[i])
            continue;
        size_t hl = strlen(e->hon), nl = strlen(e->name);
        char *n = malloc(hl + 1 + nl + 1);
        if (!n) {
            c->oom = 1;
            break;
        }
        memcpy(n, e->hon, hl);
        n[hl] = ' ';
        memcpy(n + hl + 1, e->name, nl + 1);
        an_ent_unlink(c, (long)i);
        free(e->name);
        e->name = n;
        an_ent_link(c, (long)i);
    }
    free(twin);
}

/* Hand the used entities over as speakers (in order of first mention) and
 * renumber the speaker indices of quotes and attributions. */
struct annot *an_finish(struct ctx *c)
{
    struct annot *a = c->a;
    complete_names(c);
    name_namesakes(c);
    size_t n = 0;
    for (size_t i = 0; i < c->nents; i++)
        n += c->ents[i].used != 0;
    if (n) {
        a->speakers = calloc(n, sizeof *a->speakers);
        if (!a->speakers) {
            c->oom = 1;
            return NULL;
        }
    }
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        if (!e->used)
            continue;
        struct annot_speaker *sp = &a->speakers[a->nspeakers];
        e->out = (long)a->nspeakers++;
        sp->name = e->name;
        sp->role = e->role;
        sp->organization = e->org;
        sp->aliases = e->aliases;
        sp->naliases = e->naliases;
        sp->quote_count = e->nquotes;
        e->name = e->role = e->org = NULL;
        e->aliases = NULL;
        e->naliases = 0;
        sp->id = slug_unique(a, sp->name);
        if (!sp->id) {
            c->oom = 1;
            return NULL;
        }
    }
    for (size_t i = 0; i < a->nquotes; i++)
        if (a->quotes[i].speaker >= 0)
            a->quotes[i].speaker = c->ents[a->quotes[i].speaker].out;
    for (size_t i = 0; i < a->nattrs; i++)
        if (a->attrs[i].speaker >= 0)
            a->attrs[i].speaker = c->ents[a->attrs[i].speaker].out;
    return a;
}

/* Free the working state; the annotation itself is not touched. */
void an_ctx_free(struct ctx *c)
{
    free(c->narrator);
    free(c->addressed_name);
    for (size_t i = 0; i < c->nents; i++) {
        struct ent *e = &c->ents[i];
        free(e->name);
        free(e->role);
        free(e->org);
        for (size_t k = 0; k < e->naliases; k++)
            free(e->aliases[k]);
        free(e->aliases);
    }
    free(c->ents);
    for (size_t i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    free(c->t);
    free(c->sp);
    free(c->sp_first);
    free(c->sp_next);
    free(c->cues);
    free(c->ev);
}
