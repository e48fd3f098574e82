/* lex.h - the annotator's word lists (service/lexicon/NAME.txt) as one lookup table.
 *
 * The table is built once, on first use (pthread_once), and is read-only after
 * that, so lookups are safe from any number of threads. Words are compared
 * case-insensitively (ASCII), with ’ read as '.
 */
#ifndef ARTICLED_LEX_H
#define ARTICLED_LEX_H

#include <stddef.h>
#include <stdint.h>

/* Word classes; a word may be in several. */
enum lex_class {
    LEX_SPEECH = 1u << 0,      /* speech-verbs: cues of direct quotes */
    LEX_REPORT = 1u << 1,      /* report-verbs: cues of reported speech */
    LEX_PARTIAL = 1u << 2,     /* partial-verbs: govern a partial quote */
    LEX_TITLE = 1u << 3,       /* titles: honorifics before a name */
    LEX_ROLE = 1u << 4,        /* role-nouns */
    LEX_ORG = 1u << 5,         /* org-words */
    LEX_UNNAMED = 1u << 6,     /* unnamed-sources */
    LEX_PRON_PERSON = 1u << 7, /* pronouns-male, pronouns-female */
    LEX_PRON_THING = 1u << 8,  /* pronouns-thing */
    LEX_TRIGGER = 1u << 9,     /* name-triggers: a title or name follows */
    LEX_STOPCAP = 1u << 10,    /* stop-caps: capitalised but never a name */
    LEX_BREAK = 1u << 11,      /* np-breakers */
    LEX_ABBR = 1u << 12,       /* abbreviations */
    LEX_STMT = 1u << 13,       /* statement-nouns */
    LEX_ADV = 1u << 14,        /* adverbs */
    LEX_DET = 1u << 15,        /* determiners */
    LEX_PASSIVE = 1u << 16,    /* passive-aux */
    LEX_CUEPREP = 1u << 17,    /* cue-prepositions: the source follows */
    LEX_PARTICLE = 1u << 18,   /* name-particles */
    LEX_FINDING = 1u << 19,    /* finding-verbs: reported with an unnamed source only */
    LEX_PHRASE = 1u << 20,     /* first word of some multi-word entry */
    LEX_PREP = 1u << 21,       /* prepositions */
    LEX_RELATIVE = 1u << 22,   /* relative pronouns: end an appositive */
    LEX_TITLENOUN = 1u << 23,  /* title-nouns: a title or term follows at once */
    LEX_SUFFIX = 1u << 24,     /* name-suffixes: Jr., III */
    LEX_TSURNAME = 1u << 25,   /* title-surnames: King, Major after a given name */
    LEX_GIVEN = 1u << 26,      /* given-names*: a name starting with one is a person's */
    LEX_FEMALE = 1u << 27,     /* given-names-female, honorifics-female, pronouns-female */
    LEX_MALE = 1u << 28,       /* given-names-male, honorifics-male, pronouns-male */
    LEX_KIN =
        1u << 29, /* kin-nouns-*, person-nouns-*: a noun with a sex ("her husband", "the girl") */
    LEX_DEMONYM = 1u << 30 /* demonym-nouns: "the Spaniard" is someone named before */
};
/* reply-verbs: the speaker answers the one before. Outside the enum, whose
 * values ISO C keeps within int. */
#define LEX_REPLY (1u << 31)

/* A word of text: s[0..len), not NUL-terminated. */
struct lex_word {
    const char *s;
    size_t len;
};

/* Build the table; call once (any thread, any number of times) before lex_classes(). */
void lex_init(void);

/* The classes of one word (single-word entries), plus LEX_PHRASE when it
 * starts a multi-word entry; 0 when unknown. Needs lex_init() first. */
uint32_t lex_classes(const char *s, size_t len);

/* lex_classes() for a word of a longer text: avail bytes from s may be read
 * (avail >= len), which lets the lookup load the word whole. */
uint32_t lex_classes_in(const char *s, size_t len, size_t avail);

/* How many of the n words w[0..n) the longest entry of class cls matches,
 * multi-word entries included; 0 when none does. */
size_t lex_match(uint32_t cls, const struct lex_word *w, size_t n);

/* The role nouns a title stands for ("Sen" or "Senator" -> "senator
 * lawmaker", from title-roles.txt: the role's name first), compared
 * case-insensitively; NULL when s[0..len) is none. The result is static (never
 * freed); needs no lex_init(). */
const char *lex_title_role(const char *s, size_t len);
/* Is s[0..len) one of the space-separated nouns (lex_title_role's result)? */
int lex_title_noun(const char *nouns, const char *s, size_t len);

#endif /* ARTICLED_LEX_H */
