/* results.h - search hits as JSON items (the items of GET /v1/search).
 *
 * Pure: no I/O. Returned text is the caller's to free().
 */
#ifndef ARTICLED_RESULTS_H
#define ARTICLED_RESULTS_H

#include <stddef.h>

#include "search.h"

/* One hit as compact JSON text ({"type","article","title","published","section",
 * "paragraph","quote","snippet","rank","links"}), length in *len; NULL when memory runs out. */
char *results_hit_json(const struct search_hit *h, size_t *len);

#endif /* ARTICLED_RESULTS_H */
