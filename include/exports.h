/* exports.h - quotes and search hits as spreadsheet rows: CSV (RFC 4180) and NDJSON,
 * one row at a time.
 *
 * Pure: no I/O. A row is appended to a buffer, so a caller can stream rows
 * without building the whole body. A quote's columns, in order: article, title,
 * published, url, section, paragraph, quote, text, kind, speaker, role,
 * organization, cue, sentence (the sentence around the quote). A search hit's:
 * article, title, published, url, section, paragraph, type (title, paragraph or
 * quote), snippet (plain text, without <mark>), rank, then for a quote hit the
 * quote's own columns from quote to sentence (empty for the others).
 */
#ifndef ARTICLED_EXPORTS_H
#define ARTICLED_EXPORTS_H

#include <stddef.h>

#include "article.h"
#include "buf.h"
#include "search.h"

#define EXPORTS_CSV_TYPE "text/csv; charset=utf-8; header=present"
#define EXPORTS_NDJSON_TYPE "application/x-ndjson; charset=utf-8"

/* Largest limit of an export; JSON pages stay at 100. */
#define EXPORTS_MAX_LIMIT 100000

enum exports_format { EXPORTS_CSV, EXPORTS_NDJSON };

/* The CSV header row (CRLF-terminated) appended to out; NDJSON has none. 0 or -1. */
int exports_header(enum exports_format f, struct buf *out);

/* Quote i of a as one row appended to out. Returns 0, or -1 when out is full. */
int exports_row(enum exports_format f, const struct article *a, size_t i, struct buf *out);

/* The same for search hits: the CSV header row, and hit h as one row. */
int exports_hit_header(enum exports_format f, struct buf *out);
int exports_hit_row(enum exports_format f, const struct search_hit *h, struct buf *out);

#endif /* ARTICLED_EXPORTS_H */
