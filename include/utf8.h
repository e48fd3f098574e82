/* utf8.h - UTF-8 validation and decoding, shared by the parser, annotator and HTTP layer. */
#ifndef ARTICLED_UTF8_H
#define ARTICLED_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Return 1 when s[0..len) is valid UTF-8 with no NUL byte (no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0 and, when bad is not NULL,
 * the byte offset of the first offending sequence in *bad. */
int utf8_valid(const char *s, size_t len, size_t *bad);

/* Decode the code point at s[*i] (which must be valid UTF-8) and advance *i
 * past it. Returns the code point. */
uint32_t utf8_next(const char *s, size_t len, size_t *i);

/* Number of code points in the valid UTF-8 string s[0..len). */
size_t utf8_count(const char *s, size_t len);

#endif /* ARTICLED_UTF8_H */
