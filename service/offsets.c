/* offsets.c - code points to UTF-16 code units in rendered quotes. */
#include "offsets.h"

#include "utf8.h"

size_t offsets_utf16(const struct article *a, size_t para, size_t cp)
{
    const char *s;
    size_t len, i = 0, units = 0;

    if (para >= a->doc->npara)
        return cp;
    s = a->doc->paras[para].text;
    len = a->doc->paras[para].len;
    for (size_t k = 0; k < cp && i < len; k++)
        units += utf8_next(s, len, &i) > 0xFFFF ? 2 : 1;
    return units;
}

/* obj[key] (an integer offset into paragraph para) converted. */
static int convert(const struct article *a, json_t *obj, const char *key, size_t para)
{
    json_t *v = json_object_get(obj, key);

    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return 0;
    return json_integer_set(v, (json_int_t)offsets_utf16(a, para,
                                                         (size_t)json_integer_value(v)));
}

int offsets_to_utf16(const struct article *a, json_t *item)
{
    static const char *const spans[] = {"cue_span", "speaker_span"};
    json_t *p = json_object_get(item, "paragraph");

    if (json_is_integer(p) && (convert(a, item, "start", (size_t)json_integer_value(p)) ||
                               convert(a, item, "end", (size_t)json_integer_value(p))))
        return -1;
    for (size_t k = 0; k < 2; k++) {
        json_t *sp = json_object_get(item, spans[k]);
        json_t *sp_para = json_object_get(sp, "paragraph");

        if (json_is_object(sp) && json_is_integer(sp_para) &&
            (convert(a, sp, "start", (size_t)json_integer_value(sp_para)) ||
             convert(a, sp, "end", (size_t)json_integer_value(sp_para))))
            return -1;
    }
    return 0;
}

int offsets_tree_utf16(json_t *v, offsets_find_fn find, const void *ud)
{
    const char *k;
    json_t *x;
    size_t i;

    if (json_is_array(v)) {
        json_array_foreach (v, i, x)
            if (offsets_tree_utf16(x, find, ud))
                return -1;
        return 0;
    }
    if (!json_is_object(v))
        return 0;
    if (json_is_string(json_object_get(v, "article")) &&
        json_is_integer(json_object_get(v, "paragraph")) &&
        json_is_integer(json_object_get(v, "start"))) {
        const struct article *a = find(ud, json_string_value(json_object_get(v, "article")));

        /* Its spans are converted with it: they name no article of their own. */
        return a ? offsets_to_utf16(a, v) : 0;
    }
    json_object_foreach (v, k, x)
        if (offsets_tree_utf16(x, find, ud))
            return -1;
    return 0;
}
