/* lex.c - the annotator's word lists as one case-insensitive lookup table. */
#include "lex.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "lexicon_data.h"
#include "swar.h"

#define LEX_KEY 24     /* longest word kept, with its NUL; a multiple of 8 */
#define LEX_WORDS 4096 /* distinct words at most */
#define LEX_SLOTS 8192 /* hash slots; a power of two, several times the words */
#define LEX_PHRASES 160
#define LEX_PHRASE_WORDS 4

struct slot {
    char key[LEX_KEY];
    uint32_t hash;
    uint32_t len;
    uint32_t cls;
};

struct phrase {
    uint32_t cls;
    size_t n;
    char w[LEX_PHRASE_WORDS][LEX_KEY];
};

/* Written once under pthread_once, read-only afterwards. tags[i] is the hash
 * of word table[word_at[i]] (0 when empty): probing scans this 32 KB array,
 * sparse enough that a probe rarely takes a second step, and touches a word
 * only when its hash matches. */
static struct slot table[LEX_WORDS];
static size_t nwords;
static uint32_t tags[LEX_SLOTS];
static uint16_t word_at[LEX_SLOTS];
static struct phrase phrases[LEX_PHRASES];
static size_t nphrases;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Fold s[0..len) into key: ASCII lower case, ’ as '. Returns 0 when too long. */
static int fold(const char *s, size_t len, char *key)
{
    size_t k = 0;
    memset(key, 0, LEX_KEY);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            c = '\'';
            i += 2;
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (k + 1 >= LEX_KEY)
            return 0;
        key[k++] = (char)c;
    }
    key[k] = '\0';
    return k > 0;
}

/* Hash of a zero-padded LEX_KEY-byte key (as words) holding len bytes; only
 * the words that hold bytes are mixed in, as most words fit in one.
 * Never 0, which marks an empty slot in tags[]. */
static inline uint32_t hash_words(const uint64_t *x, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < (len + 7) / 8; i++) {
        h ^= x[i];
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return (uint32_t)h | 1u;
}

static uint32_t hash(const char *key, size_t len)
{
    uint64_t x[LEX_KEY / 8];
    memcpy(x, key, LEX_KEY);
    return hash_words(x, len);
}

static struct slot *find(const char *key, int insert)
{
    size_t len = strlen(key);
    uint32_t h = hash(key, len);
    for (uint32_t probe = 0; probe < LEX_SLOTS; probe++) {
        uint32_t at = ((h >> 1) + probe) & (LEX_SLOTS - 1); /* bit 0 is always set */
        if (tags[at] == 0) {
            if (!insert || nwords >= LEX_WORDS)
                return NULL;
            struct slot *sl = &table[nwords];
            sl->hash = h;
            sl->len = (uint32_t)len;
            tags[at] = h;
            word_at[at] = (uint16_t)nwords++;
            return sl;
        }
        struct slot *sl = &table[word_at[at]];
        if (sl->hash == h && sl->len == len && memcmp(sl->key, key, len) == 0)
            return sl;
    }
    return NULL;
}

/* The slot of the folded, zero-padded key x, hashed to h, or NULL. */
static inline const struct slot *probe_key(const uint64_t *x, uint32_t h)
{
    for (uint32_t probe = 0; probe < LEX_SLOTS; probe++) {
        uint32_t at = ((h >> 1) + probe) & (LEX_SLOTS - 1); /* bit 0 is always set */
        if (tags[at] == 0)
            return NULL;
        if (tags[at] == h) {
            const struct slot *sl = &table[word_at[at]];
            uint64_t y[LEX_KEY / 8];
            memcpy(y, sl->key, LEX_KEY);
            if (((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2])) == 0)
                return sl;
        }
    }
    return NULL;
}


/* find() for the unfolded word s[0..len). For ASCII words (letters, digits,
 * ' - . &) setting bit 5 of each byte folds the case, here a word at a time;
 * others go through fold(). */
static const struct slot *lookup(const char *s, size_t len)
{
    uint64_t x[LEX_KEY / 8] = {0, 0, 0};
    if (len == 0 || len >= LEX_KEY)
        return NULL;
    memcpy(x, s, len);
    if ((x[0] | x[1] | x[2]) & SWAR_HI) {
        char key[LEX_KEY];
        if (!fold(s, len, key))
            return NULL;
        memcpy(x, key, LEX_KEY);
        len = strlen(key); /* ’ folds to ' */
        return probe_key(x, hash_words(x, len));
    }
    for (size_t i = 0; i < LEX_KEY / 8; i++) {
        size_t have = len > 8 * i ? len - 8 * i : 0;
        x[i] = (x[i] | SWAR_BIT5) & swar_keep(have < 8 ? have : 8);
    }
    return probe_key(x, hash_words(x, len));
}

static void add_word(const char *s, size_t len, uint32_t cls)
{
    char key[LEX_KEY];
    if (!fold(s, len, key))
        return;
    struct slot *sl = find(key, 1);
    if (!sl)
        return;
    if (sl->key[0] == '\0')
        memcpy(sl->key, key, sizeof key);
    sl->cls |= cls;
}

static void add_entry(const char *e, uint32_t cls)
{
    const char *sp = strchr(e, ' ');
    if (!sp) {
        add_word(e, strlen(e), cls);
        return;
    }
    if (nphrases >= LEX_PHRASES)
        return;
    struct phrase *p = &phrases[nphrases];
    p->cls = cls;
    p->n = 0;
    const char *w = e;
    while (*w) {
        while (*w == ' ')
            w++;
        const char *end = w;
        while (*end && *end != ' ')
            end++;
        if (end == w)
            break;
        if (p->n >= LEX_PHRASE_WORDS || !fold(w, (size_t)(end - w), p->w[p->n]))
            return;
        p->n++;
        w = end;
    }
    if (p->n < 2)
        return;
    nphrases++;
    add_word(e, (size_t)(sp - e), LEX_PHRASE);
}

static void add_list(const char *const *list, uint32_t cls)
{
    for (; *list; list++)
        add_entry(*list, cls);
}

static void build(void)
{
    add_list(lex_speech_verbs, LEX_SPEECH);
    add_list(lex_report_verbs, LEX_REPORT);
    add_list(lex_partial_verbs, LEX_PARTIAL);
    add_list(lex_titles, LEX_TITLE);
    add_list(lex_role_nouns, LEX_ROLE);
    add_list(lex_org_words, LEX_ORG);
    add_list(lex_unnamed_sources, LEX_UNNAMED);
    add_list(lex_pronouns_male, LEX_PRON_PERSON | LEX_MALE);
    add_list(lex_pronouns_female, LEX_PRON_PERSON | LEX_FEMALE);
    add_list(lex_pronouns_thing, LEX_PRON_THING);
    add_list(lex_name_triggers, LEX_TRIGGER);
    add_list(lex_stop_caps, LEX_STOPCAP);
    add_list(lex_np_breakers, LEX_BREAK);
    add_list(lex_abbreviations, LEX_ABBR);
    add_list(lex_statement_nouns, LEX_STMT);
    add_list(lex_adverbs, LEX_ADV);
    add_list(lex_determiners, LEX_DET);
    add_list(lex_passive_aux, LEX_PASSIVE);
    add_list(lex_cue_prepositions, LEX_CUEPREP);
    add_list(lex_name_particles, LEX_PARTICLE);
    add_list(lex_finding_verbs, LEX_FINDING);
    add_list(lex_prepositions, LEX_PREP);
    add_list(lex_relatives, LEX_RELATIVE);
    add_list(lex_title_nouns, LEX_TITLENOUN);
    add_list(lex_name_suffixes, LEX_SUFFIX);
    add_list(lex_title_surnames, LEX_TSURNAME);
    add_list(lex_given_names, LEX_GIVEN);
    add_list(lex_given_names_female, LEX_GIVEN | LEX_FEMALE);
    add_list(lex_given_names_male, LEX_GIVEN | LEX_MALE);
    add_list(lex_honorifics_female, LEX_FEMALE);
    add_list(lex_honorifics_male, LEX_MALE);
    add_list(lex_kin_nouns_female, LEX_KIN | LEX_FEMALE);
    add_list(lex_kin_nouns_male, LEX_KIN | LEX_MALE);
    add_list(lex_person_nouns_female, LEX_KIN | LEX_FEMALE);
    add_list(lex_person_nouns_male, LEX_KIN | LEX_MALE);
    add_list(lex_demonym_nouns, LEX_DEMONYM);
    add_list(lex_reply_verbs, LEX_REPLY);
}

void lex_init(void)
{
    pthread_once(&once, build);
}

uint32_t lex_classes(const char *s, size_t len)
{
    const struct slot *sl = lookup(s, len);
    return sl ? sl->cls : 0;
}

/* The classes of the folded, zero-padded ASCII key x0, x1 (len bytes, at
 * most 16) hashed to h, probed without probe_key's third word. */
static inline uint32_t probe2(uint64_t x0, uint64_t x1, size_t len, uint32_t h)
{
    for (uint32_t probe = 0; probe < LEX_SLOTS; probe++) {
        uint32_t at = ((h >> 1) + probe) & (LEX_SLOTS - 1);
        if (tags[at] == 0)
            return 0;
        if (tags[at] == h) {
            const struct slot *sl = &table[word_at[at]];
            uint64_t y[2];
            memcpy(y, sl->key, sizeof y);
            if (y[0] == x0 && y[1] == x1 && sl->len == len)
                return sl->cls;
        }
    }
    return 0;
}

/* lex_classes_in() of an ASCII word of 9 to 16 bytes (avail >= 16): two
 * words of the key loaded whole and masked, as below, not copied byte by
 * byte by lookup(). Apart, so that the one-word path keeps its registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint32_t classes_16(const char *s, size_t len)
{
    uint64_t m = swar_keep(len - 8), x[2];
    memcpy(x, s, 16);
    x[1] &= m;
    if ((x[0] | x[1]) & SWAR_HI) {
        const struct slot *sl = lookup(s, len);
        return sl ? sl->cls : 0;
    }
    x[0] |= SWAR_BIT5;
    x[1] |= SWAR_BIT5 & m;
    return probe2(x[0], x[1], len, hash_words(x, len));
}

uint32_t lex_classes_in(const char *s, size_t len, size_t avail)
{
    /* most words: ASCII, at most 8 bytes, one word of the key, loaded whole
     * (avail allows it) and masked, then probed without lookup()'s copy */
    if (len - 1 < 8 && avail >= 8) {
        uint64_t m = swar_keep(len), x;
        memcpy(&x, s, 8);
        x &= m;
        if (!(x & SWAR_HI)) {
            x |= SWAR_BIT5 & m;
            return probe2(x, 0, len, hash_words(&x, len)); /* keys are zero-padded */
        }
    }
    if (len - 9 < 8 && avail >= 16)
        return classes_16(s, len);
    const struct slot *sl = lookup(s, len);
    return sl ? sl->cls : 0;
}

size_t lex_match(uint32_t cls, const struct lex_word *w, size_t n)
{
    if (n == 0)
        return 0;
    pthread_once(&once, build);
    const struct slot *sl = lookup(w[0].s, w[0].len);
    if (!sl)
        return 0;
    size_t best = (sl->cls & cls) ? 1 : 0;
    if (!(sl->cls & LEX_PHRASE))
        return best;
    /* each word of w is folded once, when a phrase first reaches it */
    char wk[LEX_PHRASE_WORDS][LEX_KEY];
    int ok[LEX_PHRASE_WORDS];
    size_t nfolded = 0;
    for (size_t i = 0; i < nphrases; i++) {
        const struct phrase *p = &phrases[i];
        if (!(p->cls & cls) || p->n > n || p->n <= best)
            continue;
        size_t k = 0;
        for (; k < p->n; k++) {
            for (; nfolded <= k; nfolded++)
                ok[nfolded] = fold(w[nfolded].s, w[nfolded].len, wk[nfolded]);
            if (!ok[k] || strcmp(wk[k], p->w[k]) != 0)
                break;
        }
        if (k == p->n)
            best = p->n;
    }
    return best;
}

int lex_title_noun(const char *nouns, const char *s, size_t len)
{
    for (const char *w = nouns; w && *w;) {
        size_t n = strcspn(w, " ");
        if (n == len && strncasecmp(w, s, len) == 0)
            return 1;
        w += n + (w[n] == ' ');
    }
    return 0;
}

const char *lex_title_role(const char *s, size_t len)
{
    /* a short list, read only when a titled name is resolved */
    for (const char *const *e = lex_title_roles; *e; e++) {
        const char *sp = strchr(*e, ' ');
        if (sp && (((size_t)(sp - *e) == len && strncasecmp(*e, s, len) == 0) ||
                   lex_title_noun(sp + 1, s, len)))
            return sp + 1;
    }
    return NULL;
}
