/* translit.h - readable ASCII ids from names in any script (ICU "Any-Latin; Latin-ASCII").
 *
 * "François Hollande" and "Francois Hollande" both give "francois-hollande",
 * "José Núñez" gives "jose-nunez", "Владимир Путин" gives "vladimir-putin".
 * Thread-safe; the one transliterator is made on first use and kept.
 */
#ifndef ARTICLED_TRANSLIT_H
#define ARTICLED_TRANSLIT_H

/* The ASCII transliteration of UTF-8 s as a new string the caller frees; NULL
 * when memory runs out. Should ICU be unusable, non-ASCII characters become '?'
 * (a slug then turns them into separators, as before ICU). */
char *translit_ascii(const char *s);

/* The slug of s: its transliteration in lower-case ASCII letters and digits,
 * every other run as one '-', none at either end; "" when nothing is left.
 * A new string the caller frees; NULL when memory runs out. */
char *translit_slug(const char *s);

#endif /* ARTICLED_TRANSLIT_H */
