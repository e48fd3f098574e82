/* model.h - the annotator's shared model: tokens, noun phrases, cues, entities
 * and the per-article context that the stages in this folder read and fill.
 * Internal to service/annotate/; the public API is include/annotate.h. Every
 * function here has the an_ prefix and lives in the stage file named above it.
 */
#ifndef ARTICLED_ANNOTATE_MODEL_H
#define ARTICLED_ANNOTATE_MODEL_H

#include "annotate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lex.h"
#include "quotes.h"
#include "utf8.h"

/* Work caps: input can make none of these grow without bound. */
#define ANNOT_MAX_TOKENS 200000 /* tokens looked at per paragraph */
#define NP_MAX 12               /* tokens in a source noun phrase */
#define APPOS_MAX 30            /* tokens in an appositive */
#define BACK_MAX 40             /* tokens scanned back to a sentence start */
#define BACK_CUES 64            /* cues or mentions looked back at from a quote */
#define ANNOT_MAX_ENTS 4096     /* distinct names per article */
#define ANNOT_MAX_NAMES 1024    /* full names remembered per article */
#define RECENT_MAX 64           /* latest mentions a pronoun may point back to */
#define ENT_BUCKETS 256         /* entity index by last word; a power of two */
#define SUBJ_MAX 8              /* latest sentence subjects a description may mean */
#define TURN_WORDS 35           /* words of a reply in a conversation, at most */
#define EDIT_SEARCH_MAX 256     /* look for misspelt variants only in articles this small */

enum tok_flag {
    T_WORD = 1u << 0,
    T_CAP = 1u << 1,     /* starts with an upper-case letter */
    T_ALLCAPS = 1u << 2, /* two or more letters, all upper case: CNN, KCNA */
    T_POSS = 1u << 3,    /* ends in ’s or 's */
    T_DOTTED = 1u << 4,  /* an initial or dotted abbreviation: K.C., U.S., Dr. */
    T_LY = 1u << 5,      /* lower-case word in -ly */
    T_DIGIT = 1u << 6,
    T_INITIAL = 1u << 7, /* one capital letter and its '.', not "I.": "Gene A. Cernan" */
    T_NAME = 1u << 8     /* an_is_name_tok: set by an_split_sentences, once cls is final */
};

struct tok {
    size_t b, e;   /* bytes of the token */
    size_t klen;   /* bytes of its lookup key from b (no ’s, no final '.') */
    uint32_t cls;  /* lex classes of the key */
    unsigned f;    /* enum tok_flag */
    char p;        /* punctuation: , . ; : ! ? ( ) and '-' for dashes; 0 for words */
    unsigned char c0; /* a word's first byte with bit 5 set (an_tok_is), 0 for punctuation */
    long span;     /* the span it lies in, or -1 */
    long after_of; /* the span it directly follows, or -1 */
    size_t sent;   /* sentence number in the paragraph */
};

enum np_kind { NP_NONE, NP_NAME, NP_PRON_PERSON, NP_PRON_THING, NP_UNNAMED };

struct np {
    enum np_kind kind;
    size_t a, b;   /* tokens of the phrase */
    size_t na, nb; /* the name */
    size_t ra, rb; /* role before the name (ra == rb: none) */
    size_t xa, xb; /* appositive after the name (xa == xb: none) */
    size_t sa, sb; /* the source phrase */
    int org;       /* the name is an organisation's */
    int def;       /* NP_UNNAMED "the minister" (1), "the statement" (2), or "the
                    * Spaniard", "the 34-year-old" (3): points back */
    long acr;      /* token of a parenthesised acronym after the name, or -1 */
};

struct cue {
    size_t v0, v1; /* cue tokens; v0 == v1 for a dash or colon */
    uint32_t cls;  /* classes of the matched entry */
    int after;     /* the source follows the cue */
    struct np np;
    long ent; /* resolved entity, or -1 */
    int used; /* tags a direct quote */
    /* a pronoun source that means a person met only by a description:
     * that description ("the parson"), else "" */
    char usrc[48];
};

enum ent_type { ENT_UNKNOWN, ENT_PERSON, ENT_ORG };

struct ent {
    char *name;
    char *role, *org;
    char **aliases;
    size_t naliases;
    enum ent_type type;
    uint64_t last;     /* recency stamp of its latest mention */
    uint32_t sex;      /* LEX_MALE or LEX_FEMALE when known, else 0 */
    const char *title; /* role noun of a title before the name ("Sen." -> senator); static */
    uint32_t lwh;      /* hash of the name's last word (ent_index) */
    size_t nw;         /* words in the name */
    long next_lw;      /* next entity in the same lw_head bucket */
    size_t nquotes;
    int used;
    long out;        /* index in annot->speakers */
    size_t names_at; /* full names known when it was first mentioned */
    int age;         /* "Jane Roe, 34,": years, or 0 when not given */
    char hon[8];     /* "Mrs.": the honorific a surname-only name came with */
    char desc[24];   /* head noun of the description last resolved to it ("doctor") */
    /* "Miss": the honorific written before its given name alone ("Miss Ada") */
    char hon_given[8];
    int given_alone; /* a full name the text also writes as its given name alone ("Ada") */
    size_t first_para; /* the paragraph it was first met in */
};

/* A mention to process in reading order: a cue's source or a named person. */
struct event {
    size_t pos;
    long cue; /* index into cues, or -1 for a plain mention */
    long ent; /* resolved entity */
    int weak; /* a bare known name: no role, does not steer pronouns */
    int narr; /* "The doctor stood up": a description in narration, resolved only on firm evidence */
    int intro; /* "A tall man, who ...": someone new, met only by a description (2: no subject) */
    int topic; /* "Hale's lips twitched": a possessor opening the sentence, what it is about */
    int shape; /* "Mara Lintz leads": a person by the words' shape alone, no sentence subject */
    uint32_t sex; /* a name as an object: the sex its sentence's later pronouns give, or 0 */
    struct np np;
};

/* Who spoke last: carried across spans and paragraphs. */
struct who {
    int set;
    long ent;
    const char *source; /* points into an output quote or attr; may be NULL */
    size_t para;
};

struct an_vocab;

struct ctx {
    const char *s; /* the current paragraph */
    size_t len, para;
    struct tok *t;
    size_t nt, tcap;
    size_t nwords; /* word tokens of the paragraph (an_tokenize) */
    struct quotes_span *sp;
    size_t nsp;
    size_t *sp_first; /* first token inside each span */
    size_t *sp_next;  /* first token after each span */
    struct cue *cues;
    size_t ncues, cuecap;
    struct event *ev;
    size_t nev, evcap;
    struct ent *ents;
    size_t nents, entcap;
    long lw_head[ENT_BUCKETS]; /* entities by last-word hash, chained by next_lw */
    long with_alias[64];       /* entities that have aliases (first 64) */
    size_t nwith_alias;
    struct {
        long id;
        uint64_t stamp;
    } recent[RECENT_MAX]; /* ring of mentions */
    size_t nrecent;
    struct annot *a;
    size_t qcap, acap;
    uint64_t clock;
    uint64_t para_clock[4]; /* clock at the start of paragraph p, at p % 4 */
    int oom;
    struct who last_quote;  /* speaker of the latest quote */
    struct who last_any;    /* speaker of the latest quote or attribution */
    size_t last_quote_para; /* paragraph of the latest quote */
    int last_was_quote;     /* last_any was set by a quote, not an attribution */
    char **names;           /* full personal names seen (add_full_name) */
    size_t nnames, namecap;
    long subj[SUBJ_MAX]; /* ring of the latest persons that were a sentence's subject */
    size_t subj_para[SUBJ_MAX];
    uint64_t subj_stamp[SUBJ_MAX]; /* the clock when each became a subject */
    int subj_topic[SUBJ_MAX];      /* only as a possessor ("Hale's lips twitched") */
    size_t nsubj;
    size_t name_para; /* paragraph of the latest named mention resolved */
    long i_para;      /* latest paragraph whose narration says "I", or -1 */
    /* The latest persons met only by a description ("a rider came in", "the
     * old man said"): no entity, but what a later "he said" may mean. */
    struct {
        uint64_t stamp; /* the clock when last mentioned or meant; 0: none */
        uint32_t sex;   /* LEX_MALE, LEX_FEMALE, or 0 when not known */
        int subj;       /* it was a clause's subject */
        uint32_t other; /* sexes of someone else its sentence then names ("kissed him") */
        size_t para;
        char src[48]; /* the description, or "" when too long */
    } unnamed[2];
    long pron_unnamed; /* the slot the latest resolved pronoun meant, or -1 */
    int intro_set; /* the previous paragraph introduced quote paragraphs */
    long intro_ent;
    size_t cp_b, cp_n; /* byte cp_b of the paragraph is code point cp_n (an_cp) */
    /* The conversation: speakers of the latest quote paragraphs, turn[0] the
     * newest, turn[1] the one before who was someone else. */
    struct {
        long ent;
        const char *source; /* an unnamed speaker ("the vicar", "I"): points into a quote */
        size_t para;
        size_t words; /* words of that paragraph */
    } turn[2];
    size_t nturn;
    /* The text's own habit: of neighbouring quote paragraphs both cued, how
     * many changed speaker and how many kept the same one. */
    size_t adj_alt, adj_same;
    int dialogue; /* many short paragraphs open with a quote: fiction's dialogue (an_is_dialogue) */
    int cued;         /* the latest quote paragraph named its speaker by a cue */
    size_t cued_para; /* that paragraph */
    long cued_ent;    /* and its speaker */
    const char *cued_src;
    int runs_on; /* the latest quote paragraph's last quote runs on into the next */
    /* Quote paragraphs that ran on, none with a speaker yet: the quotes from
     * open_first on wait for the cue of the paragraph that ends the run. */
    int open_chain;
    size_t open_first;
    size_t para_first_q; /* the paragraph's first quote, and whether none has a speaker yet */
    int para_unknown;
    long actor;       /* the person a short paragraph of narration was about ("Hale nodded."), or -1 */
    size_t actor_para;
    const struct an_vocab *vocab; /* the article's own vocabulary */
    long addressed;               /* whom the latest quote paragraph spoke to by name, or -1 */
    size_t addressed_para;
    char *narrator; /* the narrator's name, from how others address "I", or NULL */
    int narrator_votes;
    char *addressed_name; /* the name the latest quote paragraph spoke to, or NULL */
    /* The narrator's kin the text has named ("my brother Robert", "Rose, my
     * sister,"): the noun and the name, for a later "said my brother". */
    struct {
        char kin[16];
        char name[48];
        uint32_t sex;
    } mykin[4];
    size_t nmykin;
    /* The latest people brought in by an indefinite person noun in narration
     * ("came a man", "lived with an elder sister"): the noun and where. */
    struct {
        char head[16];
        size_t para, tok;
    } indef[4];
    size_t nindef;
};

/* What the sieves know of one quoted span of the paragraph, and what the
 * quote sieve decided about it. */
struct span_state {
    size_t k;        /* the span */
    size_t words;    /* words inside it */
    int para_start;  /* nothing of the paragraph stands before it */
    int unclosed;    /* its closing mark is missing (runs on into the next paragraph) */
    int next_opens;  /* the next paragraph opens with a quotation mark */
    int have_prev;   /* an earlier quote in this paragraph, */
    long prev_cue;   /* its cue or -1, */
    struct who prev; /* and its speaker */
    long cue;        /* out: the cue the quote sieve found, or -1 */
    enum annot_kind kind;
};

enum an_verdict { AN_PASS, AN_QUOTE, AN_NOT_QUOTE };

/* A rule of the quote sieve: AN_QUOTE (with st->kind and st->cue set) or
 * AN_NOT_QUOTE decides; AN_PASS leaves the span to the next rule. */
struct an_kind_rule {
    const char *name;
    enum an_verdict (*decide)(const struct ctx *c, struct span_state *st);
};

/* A rule of the speaker sieve: returns 1 when it decided q's speaker (which
 * may be -1 with q->source set, an unnamed source), 0 to pass. carries: the
 * speaker is carried over from an earlier quote or attribution, so a quote
 * with no cue of its own is a continuation. */
struct an_speaker_rule {
    const char *name;
    int (*decide)(struct ctx *c, const struct span_state *st, struct annot_quote *q);
    int carries;
};

/* vocab.c: words the article writes in lower case and never capitalised
 * inside a sentence. Built once per article; NULL when memory runs out. */
struct an_vocab *an_vocab_build(const char *const *paras, const size_t *lens, size_t npara);
void an_vocab_free(struct an_vocab *v);
int an_vocab_common(const struct an_vocab *v, const char *s, size_t len);
int an_vocab_capmid(const struct an_vocab *v, const char *s, size_t len);
int an_vocab_lower(const struct an_vocab *v, const char *s, size_t len);
/* The one "Title Name" pair whose title is w[0..len) ("Vicar Pembury" for
 * "vicar"), or NULL when none or several. */
const char *an_vocab_titled(const struct an_vocab *v, const char *w, size_t len);

/* tokens.c */
void *an_grow(void *p, size_t *cap, size_t need, size_t size, int *oom);
char *an_dup_range(const char *s, size_t b, size_t e);
char *an_dup_lower(const char *s, size_t b, size_t e);
int an_opens_sentence(const struct ctx *c, size_t i);
/* The token tests below are inline: the stages call them for nearly every
 * token, and with w a literal an_tok_is's strlen folds away. */
static inline int an_is_word(const struct tok *t)
{
    return (t->f & T_WORD) != 0;
}

static inline int an_is_lower_word(const struct tok *t)
{
    return an_is_word(t) && !(t->f & (T_CAP | T_ALLCAPS | T_DIGIT));
}

/* A word that can be part of a name (the test is an_split_sentences's, which
 * knows the token's final classes; the stages ask it of nearly every token). */
static inline int an_is_name_tok(const struct tok *t)
{
    return (t->f & T_NAME) != 0;
}

/* Case-insensitive ASCII comparison of a token with a lower-case word. */
static inline int an_tok_is(const struct ctx *c, size_t i, const char *w)
{
    const struct tok *t = &c->t[i];
    /* most calls fail on the first letter: test it (kept in the token, not
     * read from the text) before measuring w */
    if (t->c0 != (unsigned char)w[0])
        return 0;
    size_t n = strlen(w);
    if (t->klen != n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char ch = c->s[t->b + k];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != w[k])
            return 0;
    }
    return 1;
}

static inline int an_is_punct(const struct tok *t, char p)
{
    return t->p == p;
}
void an_tokenize(struct ctx *c);
void an_place_spans(struct ctx *c);
void an_split_sentences(struct ctx *c);

/* mentions.c */
int an_same_clause_tok(const struct ctx *c, size_t i, size_t ref);
int an_is_connector(const struct ctx *c, size_t i);
/* A lower-case noun of occupation by its ending: "meteorologist", "manager". */
int an_occupation(const struct ctx *c, size_t i);
/* Does token f open its clause: the sentence's first word, or right after an
 * opening word or phrase ("Then", "In March 1962,")? */
int an_opens_clause(const struct ctx *c, size_t f);
/* "Acme's report", "Acme's new report": token i is a statement noun after a
 * possessive (and perhaps one word), a noun even when it is a verb too. */
int an_stmt_after_poss(const struct ctx *c, size_t i);
/* "when", "as", "after", ...: token i opens a subordinate clause. */
int an_is_subordinator(const struct ctx *c, size_t i);
/* "Her old servant, named Jim, was": the name at f..b is the subject. */
int an_named_subject(const struct ctx *c, size_t f, size_t b);
int an_is_relative(const struct ctx *c, size_t i);
int an_is_acronym_org(const struct tok *t);
int an_age_word(const struct ctx *c, size_t i);
int an_party_tag(const struct ctx *c, size_t b, size_t e);
void an_find_name(const struct ctx *c, struct np *np);
struct np an_np_empty(size_t at);
/* Tokens [a, b) as a phrase: its name, role, kind (an_find_name). */
struct np an_np_of(const struct ctx *c, size_t a, size_t b);
struct np an_np_after(const struct ctx *c, size_t i);
struct np an_np_before(const struct ctx *c, size_t v);
int an_add_event(struct ctx *c, size_t pos, long cue, const struct np *np);
void an_find_mentions(struct ctx *c);
/* The name the text gave the narrator's kin noun at token i ("brother"), or NULL. */
const char *an_my_kin(const struct ctx *c, size_t i, uint32_t *sex);
/* Did an indefinite "a <noun of token h>" bring someone in within the last
 * few paragraphs, before token `before` in this one? */
int an_indef_since(const struct ctx *c, size_t h, size_t before);

/* entities.c */
size_t an_name_copy(const struct ctx *c, size_t a, size_t b, char *buf, size_t cap);
void an_ent_set_hon(const struct ctx *c, struct ent *e, size_t i);
/* "Miss Grey" after "Miss Ada" named Ada Grey: the honorific at token i before
 * the surname name is someone else; 1 when a new person must be made. */
int an_hon_namesake(const struct ctx *c, const char *name, size_t i, uint32_t sex);
long an_ent_new(struct ctx *c, const char *name);
long an_ent_recent(const struct ctx *c, enum ent_type type, uint32_t sex);
long an_ent_recent_other(const struct ctx *c, long skip, uint64_t since);
const char *an_full_name_by_first(const struct ctx *c, const char *w, size_t len);
long an_ent_mention(struct ctx *c, const char *name, const char *role, const char *org,
                    const char *alias, enum ent_type type, uint32_t sex);
const char *an_last_word(const char *s);
size_t an_first_word_len(const char *s);
/* e's sex: the article's evidence, else what its given name says, else 0. */
uint32_t an_ent_sex_guess(const struct ent *e);
/* The one sex of the pronouns after token i in its sentence, or 0. */
uint32_t an_sex_after(const struct ctx *c, size_t i);
void an_add_alias(struct ctx *c, struct ent *e, const char *name);
void an_touch(struct ctx *c, long id);
void an_ent_link(struct ctx *c, long id);
void an_ent_unlink(struct ctx *c, long id);
long an_ent_match(const struct ctx *c, const char *name, int *alias, uint32_t sex);
/* The latest person whom the role or description word at token i ("doctor")
 * has named, by role, title or an earlier "the doctor"; -1 when none. */
long an_ent_by_desc(const struct ctx *c, size_t i);
void an_set_str(struct ctx *c, char **dst, const char *src);
size_t an_name_end(const struct ctx *c, size_t i);
int an_person_like(const struct ctx *c, const char *name);
long an_resolve_np(struct ctx *c, const struct np *np);
void an_resolve_events(struct ctx *c);

/* cues.c */
int an_participle(const struct ctx *c, size_t i);
void an_find_cues(struct ctx *c);

/* Does span k's text end a sentence (". ? !" just inside its closing mark)? */
static inline int an_span_ends_sentence(const struct ctx *c, size_t k)
{
    char last = c->s[c->sp[k].end - 1];
    return last == '.' || last == '?' || last == '!';
}

/* quote_sieve.c */
extern const struct an_kind_rule an_kind_rules[];
extern const size_t an_nkind_rules;
size_t an_span_words(const struct ctx *c, size_t k);
int an_span_multi_sentence(const struct ctx *c, size_t k);
int an_span_title_case(const struct ctx *c, size_t k);
int an_span_is_sentence(const struct ctx *c, size_t k);
size_t an_before_span(const struct ctx *c, size_t k);
/* The first token after the dashes that follow span k's closing mark at once
 * (`"I don't know"--Mary paused--`), or SIZE_MAX when no dash does. */
size_t an_after_dash(const struct ctx *c, size_t k);
size_t an_cue_lb(const struct ctx *c, size_t tok);
int an_span_triggered(const struct ctx *c, size_t k);
long an_cue_after_span(const struct ctx *c, size_t k);
long an_cue_before_span(const struct ctx *c, size_t k);
long an_cue_governing(const struct ctx *c, size_t k);
long an_last_speech_cue(const struct ctx *c, size_t k);

/* speaker_sieve.c */
extern const struct an_speaker_rule an_speaker_rules[];
extern const size_t an_nspeaker_rules;
void an_who_set(struct who *w, long ent, const char *source, size_t para);
void an_do_spans(struct ctx *c, int next_opens);
int an_conversation_other(const struct ctx *c, long *ent, const char **source);
void an_name_narrator(struct ctx *c);
/* Notes the paragraph in c->i_para when its narration, outside quotes, says "I". */
void an_note_first_person(struct ctx *c);
/* "I called myself Pip", "my name was Ruth Cole": the narrator names
 * itself in the narration of this paragraph (a strong vote). */
void an_find_self_name(struct ctx *c);
void an_name_source(struct ctx *c, const char *src, long ent, const char *rule);
void an_name_descriptions(struct ctx *c);
void an_find_intro(struct ctx *c);
void an_note_actor(struct ctx *c, size_t quotes_before);
int an_is_dialogue(const char *const *paras, const size_t *lens, size_t npara);

/* reported.c */
void an_do_attrs(struct ctx *c);

/* output.c */
size_t an_cp(struct ctx *c, size_t byte);
void an_span_toks(struct ctx *c, struct annot_span *sp, size_t a, size_t b);
void an_span_np(struct ctx *c, struct annot_span *sp, const struct np *np);
void an_span_cue(struct ctx *c, struct annot_span *sp, const struct cue *cu);
struct annot_quote *an_add_quote(struct ctx *c);
struct annot_attr *an_add_attr(struct ctx *c);
char *an_cue_text(const struct ctx *c, const struct cue *cu);
char *an_source_text(const struct ctx *c, const struct np *np);
struct annot *an_finish(struct ctx *c);
void an_ctx_free(struct ctx *c);

#endif /* ARTICLED_ANNOTATE_MODEL_H */
