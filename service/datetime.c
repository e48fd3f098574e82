/* datetime.c - datelines to ISO 8601 and HTTP-dates, without locale or libc time zones. */
#include "datetime.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[12] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};
static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const day_abbr[7] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};

/* Newsroom zone abbreviations and their offsets in minutes. */
static const struct {
    const char *name;
    int minutes;
} zones[] = {
    {"UTC", 0},     {"GMT", 0},     {"Z", 0},       {"BST", 60},    {"CET", 60},
    {"CEST", 120},  {"EST", -300},  {"EDT", -240},  {"CST", -360},  {"CDT", -300},
    {"MST", -420},  {"MDT", -360},  {"PST", -480},  {"PDT", -420},  {"AEST", 600},
    {"AEDT", 660},  {"JST", 540},   {"IST", 330},
};

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (long long)era * 146097 + doe - 719468;
}

/* The next word of letters at *p (skipping spaces, commas, colons): its length, or 0. */
static size_t word(const char **p)
{
    const char *s = *p;

    while (*s == ' ' || *s == ',' || *s == ':')
        s++;
    *p = s;
    while (isalpha((unsigned char)*s) || *s == '.')
        s++;
    return (size_t)(s - *p);
}

static long number(const char **p, size_t min, size_t max)
{
    const char *s = *p;
    long v = 0;
    size_t n = 0;

    while (*s == ' ' || *s == ',')
        s++;
    while (isdigit((unsigned char)s[n]) && n <= max)
        v = v * 10 + (s[n++] - '0');
    if (n < min || n > max)
        return -1;
    *p = s + n;
    return v;
}

static int month_of(const char *w, size_t n)
{
    /* Full names and three-letter abbreviations ("Sept." too). */
    if (n && w[n - 1] == '.')
        n--;
    for (int m = 0; m < 12; m++)
        if ((n == strlen(month_names[m]) || (n >= 3 && n < strlen(month_names[m]))) &&
            !strncasecmp(w, month_names[m], n))
            return m + 1;
    return 0;
}

int datetime_from_dateline(const char *s, char out[DATETIME_MAX])
{
    static const char *const skip[] = {"published", "updated", "posted", "last", "monday",
                                       "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday", NULL};
    const char *p = s, *w;
    long y, d, hh = -1, mm = 0;
    int mon = 0, zone = 0, zoned = 0;
    size_t n;

    /* Leading words that are not the month: "Published", "Updated", a weekday. */
    for (;;) {
        const char *save = p;
        size_t k;

        n = word(&p);
        w = p;
        for (k = 0; n && skip[k] && (strlen(skip[k]) != n || strncasecmp(w, skip[k], n)); k++)
            ;
        if (!n || !skip[k]) {
            p = save;
            break;
        }
        p += n;
    }
    n = word(&p);
    if (n) {
        /* Month D, YYYY */
        if (!(mon = month_of(p, n)))
            return -1;
        p += n;
        if ((d = number(&p, 1, 2)) < 0)
            return -1;
    } else {
        /* D Month YYYY */
        if ((d = number(&p, 1, 2)) < 0)
            return -1;
        n = word(&p);
        if (!(mon = month_of(p, n)))
            return -1;
        p += n;
    }
    if ((y = number(&p, 4, 4)) < 0 || d < 1 || d > days_in_month(y, mon))
        return -1;
    /* An optional time: "6:45am", "6:45 a.m.", "18:45", then a zone. */
    {
        const char *t = p;
        long h = number(&t, 1, 2);

        if (h >= 0 && *t == ':' && isdigit((unsigned char)t[1]) && isdigit((unsigned char)t[2])) {
            mm = (t[1] - '0') * 10 + (t[2] - '0');
            t += 3;
            while (*t == ' ')
                t++;
            if (!strncasecmp(t, "am", 2) || !strncasecmp(t, "a.m.", 4)) {
                h = h == 12 ? 0 : h;
                t += t[1] == '.' ? 4 : 2;
            } else if (!strncasecmp(t, "pm", 2) || !strncasecmp(t, "p.m.", 4)) {
                h = h == 12 ? 12 : h + 12;
                t += t[1] == '.' ? 4 : 2;
            }
            if (h <= 23 && mm <= 59) {
                hh = h;
                while (*t == ' ')
                    t++;
                for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++)
                    if (!strcmp(t, zones[z].name)) {
                        zone = zones[z].minutes;
                        zoned = 1;
                    }
            }
        }
    }
    if (hh < 0)
        snprintf(out, DATETIME_MAX, "%04ld-%02d-%02ld", y, mon, d);
    else if (!zoned)
        snprintf(out, DATETIME_MAX, "%04ld-%02d-%02ldT%02ld:%02ld:00", y, mon, d, hh, mm);
    else if (!zone)
        snprintf(out, DATETIME_MAX, "%04ld-%02d-%02ldT%02ld:%02ld:00Z", y, mon, d, hh, mm);
    else
        snprintf(out, DATETIME_MAX, "%04ld-%02d-%02ldT%02ld:%02ld:00%c%02d:%02d", y, mon, d, hh,
                 mm, zone < 0 ? '-' : '+', (zone < 0 ? -zone : zone) / 60,
                 (zone < 0 ? -zone : zone) % 60);
    return 0;
}

/* n digits at s, as a number, or -1. */
static long digits(const char *s, size_t n)
{
    long v = 0;

    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

long datetime_iso_day(const char *s)
{
    long y, m = 1, d = 1;
    size_t n = strlen(s);

    if (n < 4 || (y = digits(s, 4)) < 0)
        return -1;
    if (n == 4)
        return y * 10000 + 101;
    if (s[4] != '-' || n < 7 || (m = digits(s + 5, 2)) < 1 || m > 12)
        return -1;
    if (n == 7)
        return y * 10000 + m * 100 + 1;
    if (s[7] != '-' || n < 10 || (d = digits(s + 8, 2)) < 1 || d > days_in_month(y, (int)m))
        return -1;
    if (n == 10)
        return y * 10000 + m * 100 + d;
    /* Thh:mm[:ss] then Z or +hh:mm / -hh:mm, or nothing. */
    s += 10;
    if (*s != 'T' || digits(s + 1, 2) < 0 || digits(s + 1, 2) > 23 || s[3] != ':' ||
        digits(s + 4, 2) < 0 || digits(s + 4, 2) > 59)
        return -1;
    s += 6;
    if (*s == ':') {
        if (digits(s + 1, 2) < 0 || digits(s + 1, 2) > 60)
            return -1;
        s += 3;
    }
    if (*s == 'Z')
        s++;
    else if ((*s == '+' || *s == '-') && digits(s + 1, 2) >= 0 && digits(s + 1, 2) <= 14 &&
             s[3] == ':' && digits(s + 4, 2) >= 0 && digits(s + 4, 2) <= 59)
        s += 6;
    return *s ? -1 : y * 10000 + m * 100 + d;
}

int datetime_iso_valid(const char *s)
{
    return datetime_iso_day(s) >= 0;
}

void datetime_http(time_t t, char out[DATETIME_MAX])
{
    long long secs = (long long)t, days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    long long rem = secs - days * 86400, z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    long long y = yoe + era * 400 + (m <= 2);
    int wd = (int)(((days % 7) + 7) % 7);

    snprintf(out, DATETIME_MAX, "%s, %02d %s %04lld %02lld:%02lld:%02lld GMT", day_abbr[wd], d,
             month_abbr[m - 1], y, rem / 3600, rem / 60 % 60, rem % 60);
}

int datetime_http_parse(const char *s, time_t *t)
{
    long d, y, hh, mm, ss;
    int mon = 0;

    /* "Sun, 06 Nov 1994 08:49:37 GMT": exactly 29 bytes. */
    if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT"))
        return -1;
    for (int m = 0; m < 12; m++)
        if (!strncmp(s + 8, month_abbr[m], 3))
            mon = m + 1;
    d = digits(s + 5, 2);
    y = digits(s + 12, 4);
    hh = digits(s + 17, 2);
    mm = digits(s + 20, 2);
    ss = digits(s + 23, 2);
    if (!mon || d < 1 || y < 0 || d > days_in_month(y, mon) || hh < 0 || hh > 23 || mm < 0 ||
        mm > 59 || ss < 0 || ss > 60)
        return -1;
    *t = (time_t)(days_from_civil(y, mon, (int)d) * 86400 + hh * 3600 + mm * 60 + ss);
    return 0;
}
