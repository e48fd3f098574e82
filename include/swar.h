/* swar.h - eight bytes of text in one 64-bit word (SWAR), shared by the
 * scanners: quotes.c (marks), lex.c (lexicon keys) and the annotator's
 * tokens.c and vocab.c (words). A test of bytes leaves bit 7 set in each byte
 * it holds for. Everything is inline: they run for nearly every byte. */
#ifndef ARTICLED_SWAR_H
#define ARTICLED_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SWAR_REP(b) (0x0101010101010101ull * (b)) /* byte b in every byte */
#define SWAR_HI SWAR_REP(0x80)
#define SWAR_LO7 SWAR_REP(0x7F)
#define SWAR_BIT5 SWAR_REP(0x20) /* set in an ASCII letter, it is lower case */

/* Bytes equal to b. The lowest is exact; a false one can only follow a true
 * one (the borrow of the subtraction runs upwards). */
#define SWAR_HAS_BYTE(x, b) ((((x) ^ SWAR_REP(b)) - SWAR_REP(1)) & ~((x) ^ SWAR_REP(b)) & SWAR_HI)

/* The first n (0 to 8) bytes, in memory order, of an eight-byte load. */
static inline uint64_t swar_keep(size_t n)
{
    static const unsigned char ones[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    uint64_t m;
    memcpy(&m, ones + 8 - n, 8);
    return m;
}

/* The ASCII letters and digits of x. */
static inline uint64_t swar_alnum(uint64_t x)
{
    uint64_t low7 = x & SWAR_LO7, lc = low7 | SWAR_BIT5;
    uint64_t letter = (lc + SWAR_REP(0x1F)) & ~(lc + SWAR_REP(0x05));    /* 'a' <= lc <= 'z' */
    uint64_t digit = (low7 + SWAR_REP(0x50)) & ~(low7 + SWAR_REP(0x46)); /* '0' <= low7 <= '9' */
    return (letter | digit) & ~x & SWAR_HI;
}

/* Trailing zero bits of m (not 0). */
static inline unsigned swar_ctz(uint64_t m)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned k = 0;
    while (!(m & 1u)) {
        m >>= 1;
        k++;
    }
    return k;
#endif
}

#endif /* ARTICLED_SWAR_H */
