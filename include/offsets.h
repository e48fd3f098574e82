/* offsets.h - code-point offsets as UTF-16 code units, for JavaScript clients (?offsets=utf16).
 *
 * Pure: no I/O. Offsets in the API count code points (right for Python); in a
 * JavaScript string every astral character (an emoji) takes two units.
 */
#ifndef ARTICLED_OFFSETS_H
#define ARTICLED_OFFSETS_H

#include <jansson.h>
#include <stddef.h>

#include "article.h"

/* The UTF-16 index of code point cp of body paragraph para of a. */
size_t offsets_utf16(const struct article *a, size_t para, size_t cp);

/* Rewrite, in place, "start"/"end" (of paragraph "paragraph") and the spans
 * "cue_span" and "speaker_span" of a rendered quote or attribution of a as
 * UTF-16 units. Returns 0, or -1 when memory runs out. */
int offsets_to_utf16(const struct article *a, json_t *item);

/* The article of an id, for offsets_tree_utf16(); NULL when there is none. */
typedef const struct article *(*offsets_find_fn)(const void *ud, const char *id);

/* offsets_to_utf16() on every quote and attribution anywhere in v: each object
 * with a string "article" (found by find), an integer "paragraph" and "start".
 * Returns 0, or -1 when memory runs out. */
int offsets_tree_utf16(json_t *v, offsets_find_fn find, const void *ud);

#endif /* ARTICLED_OFFSETS_H */
