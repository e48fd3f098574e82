/* datetime.h - dates for article metadata and HTTP: datelines to ISO 8601, HTTP-dates.
 *
 * Pure: no I/O, no locale, no time zone database (a dateline's zone is read
 * from a short fixed table of newsroom abbreviations).
 */
#ifndef ARTICLED_DATETIME_H
#define ARTICLED_DATETIME_H

#include <stddef.h>
#include <time.h>

/* Big enough for "2024-10-03T06:45:00-07:00" and an IMF-fixdate. */
#define DATETIME_MAX 96

/* The ISO 8601 form of a dateline ("Tuesday, January 28, 2014" -> "2014-01-28";
 * "Published October 3, 2024 6:45am PDT" -> "2024-10-03T06:45:00-07:00"; a time
 * without a known zone gives a local date-time without offset) into out.
 * Returns 0, or -1 when s is not a dateline with a real calendar date. */
int datetime_from_dateline(const char *s, char out[DATETIME_MAX]);

/* Is s an ISO 8601 date we serve: YYYY, YYYY-MM, YYYY-MM-DD, or
 * YYYY-MM-DDThh:mm[:ss][Z|+hh:mm|-hh:mm]? 1 or 0. */
int datetime_iso_valid(const char *s);

/* The YYYY-MM-DD prefix of an ISO date as a sortable number (20140128; a
 * missing month or day counts as 01), or -1 when s is not valid. */
long datetime_iso_day(const char *s);

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") of t (UTC) into out. */
void datetime_http(time_t t, char out[DATETIME_MAX]);

/* Parse an HTTP-date in IMF-fixdate form into *t. Returns 0, or -1 when it is
 * not one (the obsolete forms are refused, so the caller ignores the header). */
int datetime_http_parse(const char *s, time_t *t);

#endif /* ARTICLED_DATETIME_H */
