/* quotes.c - find the top-level quoted spans of one paragraph (see quotes.h). */
#include "quotes.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "swar.h"
#include "utf8.h"

enum mark {
    M_NONE,
    M_DOPEN,  /* “ « „ or ” used as an opener */
    M_DCLOSE, /* ” » or “ used as a closer */
    M_DAMBIG, /* straight " : direction from the state */
    M_SOPEN,  /* ‘ or ' opening */
    M_SCLOSE  /* ’ or ' that may close (not between letters) */
};

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x3000;
}

/* Letters and digits; any non-ASCII code point outside the punctuation blocks counts. */
static int is_alnum(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c < 0xC0 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xD7 ||
        c == 0xF7)
        return 0;
    return 1;
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Characters after which a mark opens: start, space, brackets, dashes, slash. */
static int opens_after(uint32_t c)
{
    return c == 0 || is_space(c) || c == '(' || c == '[' || c == '{' || c == 0x2014 ||
           c == 0x2013 || c == '-' || c == '/' || c == 0x2018 || c == 0x201C || c == '"' ||
           c == '\'';
}

static int sentence_punct(uint32_t c)
{
    return c == ',' || c == '.' || c == '?' || c == '!' || c == 0x2026;
}

static enum mark classify(uint32_t prev, uint32_t c, uint32_t next)
{
    switch (c) {
    case 0x201C: /* “ */
        if (!opens_after(prev) && (next == 0 || is_space(next)))
            return M_DCLOSE;
        return M_DOPEN;
    case 0x201D: /* ” */
        if (opens_after(prev) && prev != 0x201C && is_alnum(next))
            return M_DOPEN;
        return M_DCLOSE;
    case 0x201E: /* „ */
    case 0x00AB: /* « */
        return M_DOPEN;
    case 0x00BB: /* » */
        return M_DCLOSE;
    case '"':
        return M_DAMBIG;
    case 0x2018: /* ‘ */
        if ((is_alnum(prev) && is_alnum(next)) || is_digit(next))
            return M_NONE;
        return M_SOPEN;
    case 0x2019: /* ’ */
    case '\'':
        if (is_alnum(prev) && is_alnum(next))
            return M_NONE; /* they’re, France’s */
        if (opens_after(prev)) {
            if (c == '\'' && is_alnum(next) && !is_digit(next))
                return M_SOPEN;
            return M_NONE; /* ’90s, ’em */
        }
        return M_SCLOSE;
    default:
        return M_NONE;
    }
}

struct scan {
    struct quotes_span *out;
    size_t cap, n;
    int depth;  /* 0 outside, 1 in a span, 2 in a nested quote */
    int single; /* the outer span's mark type */
    int nested_single;
    size_t open, start;
    size_t stray, stray_after; /* a wrong closing mark inside the span, or SIZE_MAX */
};

static void emit(struct scan *st, size_t end, size_t after, int closed, int cut)
{
    if (st->n < st->cap) {
        struct quotes_span *q = &st->out[st->n++];
        q->open = st->open;
        q->start = st->start;
        q->end = end < st->start ? st->start : end;
        q->after = after < q->end ? q->end : after;
        q->single = st->single;
        q->closed = closed;
        q->cut = cut;
    }
    st->depth = 0;
    st->stray = SIZE_MAX;
}

static void open_span(struct scan *st, size_t at, size_t after, int single)
{
    st->depth = 1;
    st->single = single;
    st->open = at;
    st->start = after;
    st->stray = SIZE_MAX;
}

/* End the current span before a new opening mark at byte at: at the wrong
 * closing mark seen inside it, or just before the new mark. */
static void cut_span(struct scan *st, const char *s, size_t at)
{
    if (st->stray != SIZE_MAX) {
        emit(st, st->stray, st->stray_after, 1, 1);
        return;
    }
    size_t e = at;
    while (e > st->start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    emit(st, e, e, 1, 1);
}


/* The first byte at or after i that can start a mark (" ' or the lead byte of
 * “ ” ‘ ’ « »), eight bytes at a time; len when there is none. */
static size_t skip_plain(const char *s, size_t len, size_t i)
{
#if defined(__SSE2__)
    /* sixteen bytes a step where SSE2 is (every x86-64): four compares and
     * one mask, not four HAS_BYTE of eight bytes twice */
    const __m128i dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\''),
                  c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2);
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, sq)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, e2))));
        if (m)
            return i + swar_ctz(m);
    }
#endif
    while (i + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t m = SWAR_HAS_BYTE(x, 0x22u) | SWAR_HAS_BYTE(x, 0x27u) | SWAR_HAS_BYTE(x, 0xC2u) | SWAR_HAS_BYTE(x, 0xE2u);
        if (m) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* the lowest bit of each HAS_BYTE is exact (a false one can
             * only follow a true one): the first mark byte, no byte loop */
            return i + (swar_ctz(m) >> 3);
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b == '"' || b == '\'' || b == 0xC2 || b == 0xE2)
            return i;
        i++;
    }
    return len;
}

/* Curly double marks are never ambiguous: a “ inside an open “ span whose ”
 * comes within a few words, with one more ” after it before any “, is a
 * quote inside the quote (`“… pumps that run on “free” power,”`), not an
 * opener whose span lost its closer. i is the byte after the inner “. */
#define NEST_BYTES 64
static int curly_nests(const char *s, size_t len, size_t i)
{
    int closes = 0;
    for (size_t k = i; k + 2 < len; k++) {
        if ((unsigned char)s[k] != 0xE2 || (unsigned char)s[k + 1] != 0x80)
            continue;
        unsigned char b = (unsigned char)s[k + 2];
        if (b == 0x9C)
            return 0;
        if (b != 0x9D)
            continue;
        if (closes == 0 && k - i > NEST_BYTES)
            return 0;
        if (++closes == 2)
            return 1;
        k += 2;
    }
    return 0;
}

size_t quotes_scan(const char *s, size_t len, struct quotes_span *out, size_t cap)
{
    struct scan st = {out, cap, 0, 0, 0, 0, 0, 0, SIZE_MAX, SIZE_MAX};
    size_t i = 0;
    while (i < len) {
        i = skip_plain(s, len, i);
        if (i >= len)
            break;
        size_t at = i;
        uint32_t c = utf8_next(s, len, &i);
        if (c != '"' && c != '\'' && c != 0xAB && c != 0xBB && (c < 0x2018 || c > 0x201E))
            continue;
        uint32_t prev = 0;
        if (at > 0) {
            size_t k = at - 1;
            while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
                k--;
            prev = utf8_next(s, len, &k);
        }
        size_t j = i;
        uint32_t next = i < len ? utf8_next(s, len, &j) : 0;
        enum mark m = classify(prev, c, next);
        int close_ish = !opens_after(prev);
        uint32_t before = prev;
        if (m == M_NONE)
            continue;
        if (st.depth == 0) {
            /* `said,” [Warhol] liked”`: a closing mark right after "said," with
             * nothing open is an opener set the wrong way round */
            if (m == M_DOPEN || (m == M_DAMBIG && next != 0) ||
                (m == M_DCLOSE && (before == ',' || before == ':') && next != 0))
                open_span(&st, at, i, 0);
            else if (m == M_SOPEN ||
                     (m == M_SCLOSE && (before == ',' || before == ':') && next != 0))
                open_span(&st, at, i, 1);
            continue;
        }
        int outer_close = st.single ? m == M_SCLOSE : (m == M_DCLOSE || m == M_DAMBIG);
        int outer_open = st.single ? m == M_SOPEN : m == M_DOPEN;
        if (st.depth == 2) {
            int nested_close = st.nested_single ? m == M_SCLOSE : (m == M_DCLOSE || m == M_DAMBIG);
            if (nested_close)
                st.depth = 1;
            else if (outer_close)
                emit(&st, at, i, 1, 0);
            else if (outer_open) {
                cut_span(&st, s, at);
                open_span(&st, at, i, m == M_SOPEN);
            }
            continue;
        }
        /* depth 1 */
        if (!st.single && m == M_DAMBIG && !close_ish && is_alnum(next) && at > st.start) {
            /* a straight opener while a span is open: its closer went missing */
            cut_span(&st, s, at);
            open_span(&st, at, i, 0);
        } else if (outer_close && st.single && (before == 's' || before == 'S') && next == ' ' &&
                   j < len && s[j] >= 'a' && s[j] <= 'z') {
            /* ‘The players’ union ...’: a plural possessive, unless nothing better closes */
            if (st.stray == SIZE_MAX) {
                st.stray = at;
                st.stray_after = i;
            }
        } else if (outer_close) {
            emit(&st, at, i, 1, 0);
        } else if (outer_open && !(c == 0x201C && curly_nests(s, len, i))) {
            cut_span(&st, s, at);
            open_span(&st, at, i, m == M_SOPEN);
        } else if (m == M_SOPEN || m == M_DOPEN || m == M_DAMBIG) {
            st.depth = 2;
            st.nested_single = m == M_SOPEN;
        } else if (st.stray == SIZE_MAX && sentence_punct(before) &&
                   (next == 0 || is_space(next))) {
            /* a closer of the other kind right after punctuation: remember it */
            st.stray = at;
            st.stray_after = i;
        }
    }
    if (st.depth > 0) {
        if (st.stray != SIZE_MAX) {
            emit(&st, st.stray, st.stray_after, 1, 1);
        } else {
            size_t e = len;
            while (e > st.start && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n'))
                e--;
            emit(&st, e, e, 0, 0);
        }
    }
    return st.n;
}

int quotes_opens(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i >= len)
        return 0;
    size_t j = i;
    uint32_t c = utf8_next(s, len, &j);
    if (c == 0x201C || c == 0x201E || c == 0xAB || c == '"' || c == 0x2018)
        return 1;
    if (c == '\'' && j < len) {
        size_t k = j;
        return is_alnum(utf8_next(s, len, &k));
    }
    return 0;
}
