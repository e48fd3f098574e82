/* log.h - one JSON line per event on stderr. */
#ifndef ARTICLED_LOG_H
#define ARTICLED_LOG_H

#include <stddef.h>

/* Turn the access log on or off (errors and start-up lines always print). */
void log_set_access(int on);
int log_access_enabled(void);

/* {"time":...,"level":LEVEL,"event":EVENT, then key/value string pairs ...}.
 * The pairs are (const char *key, const char *value) and end with NULL;
 * a NULL value is written as null. Values are JSON-escaped. */
void log_event(const char *level, const char *event, ...);

/* The access-log line of one request. */
void log_request(const char *request_id, const char *method, const char *route, const char *path,
                 unsigned status, size_t bytes, long long duration_us);

#endif /* ARTICLED_LOG_H */
