/* test_render.c - JSON rendering: pretty-printing, list pages, problem documents, fields. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "check_main.h"
#include "exports.h"
#include "offsets.h"
#include "render.h"

/* Pretty-print compact JSON text and check it parses back to the same value. */
static char *pretty_roundtrip(const char *compact)
{
    struct buf out;
    json_error_t jerr;
    json_t *a, *b;
    char *text;
    size_t len;

    buf_init(&out, 1u << 20);
    ck_assert_int_eq(render_pretty(compact, strlen(compact), &out), 0);
    text = buf_steal(&out, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_gt(len, 0);
    ck_assert_int_eq(text[len - 1], '\n');
    a = json_loads(compact, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(a != NULL, "bad test input %s: %s", compact, jerr.text);
    b = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(b != NULL, "pretty output does not parse (%s):\n%s", jerr.text, text);
    ck_assert_msg(json_equal(a, b), "pretty output differs:\n%s", text);
    json_decref(a);
    json_decref(b);
    return text;
}

START_TEST(pretty_out_full)
{
    struct buf out;
    const char *j = "{\"a\":[1,2,3],\"b\":\"long enough to overflow\"}";

    buf_init(&out, 8);
    ck_assert_int_eq(render_pretty(j, strlen(j), &out), -1);
    buf_free(&out);
}
END_TEST

START_TEST(pretty_layout)
{
    char *t = pretty_roundtrip("{\"a\":1,\"b\":[1,2],\"c\":{},\"d\":[]}");

    ck_assert_str_eq(t, "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {},\n"
                        "  \"d\": []\n}\n");
    free(t);
}
END_TEST

START_TEST(pretty_scalars_and_empty)
{
    char *t = pretty_roundtrip("42");

    ck_assert_str_eq(t, "42\n");
    free(t);
    t = pretty_roundtrip("{}");
    ck_assert_str_eq(t, "{}\n");
    free(t);
    t = pretty_roundtrip("[]");
    ck_assert_str_eq(t, "[]\n");
    free(t);
    t = pretty_roundtrip("\"x\"");
    ck_assert_str_eq(t, "\"x\"\n");
    free(t);
    t = pretty_roundtrip("null");
    free(t);
}
END_TEST

START_TEST(pretty_nested)
{
    char *t = pretty_roundtrip("{\"a\":{\"b\":{\"c\":[[[]],[{}],[{\"d\":[1,{\"e\":null}]}]]}},"
                               "\"f\":[true,false,-1.5e3]}");

    ck_assert_ptr_nonnull(strstr(t, "\n            \"d\": [\n"));
    free(t);
}
END_TEST

START_TEST(pretty_strings_with_syntax)
{
    /* Braces, brackets, commas, colons, escaped quotes and backslashes inside strings
     * must pass through untouched. */
    const char *j = "{\"k{,}:\":\"v: {a, b} [c]\",\"q\":\"say \\\"hi\\\", {now}\","
                    "\"bs\":\"ends in backslash \\\\\",\"bsq\":\"\\\\\\\"\","
                    "\"u\":\"caf\xC3\xA9 \\u00e9 \\n\\t\",\"e\":\"\",\"arr\":[\"]\",\"[\",\"}\"]}";
    char *t = pretty_roundtrip(j);

    ck_assert_ptr_nonnull(strstr(t, "\"v: {a, b} [c]\""));
    ck_assert_ptr_nonnull(strstr(t, "\"say \\\"hi\\\", {now}\""));
    free(t);
}
END_TEST

START_TEST(pretty_of_jansson_dump)
{
    /* Whatever Jansson's compact dump produces must round-trip. */
    json_t *v = json_pack("{s:[s,s,{s:s}],s:{s:[]},s:s}", "list", "a,b", "{c:d}", "x\"y", "[z]",
                          "obj", "empty", "str", "\\\"\\");
    char *compact = render_dump(v, NULL);
    char *t;

    ck_assert_ptr_nonnull(compact);
    t = pretty_roundtrip(compact);
    free(t);
    free(compact);
    json_decref(v);
}
END_TEST

/* Render a page and parse it back. */
static json_t *page(size_t n, size_t total, size_t limit, size_t offset, const char *path,
                    const char *query)
{
    static const char *const items[] = {"{\"i\":0}", "{\"i\":1}", "{\"i\":2}"};
    size_t lens[3];
    struct buf out;
    json_error_t jerr;
    json_t *v;

    for (size_t i = 0; i < 3; i++)
        lens[i] = strlen(items[i]);
    buf_init(&out, 1u << 16);
    ck_assert_int_eq(render_page(&out, items, lens, n, total, limit, offset, path, query), 0);
    v = json_loadb(out.data, out.len, 0, &jerr);
    ck_assert_msg(v != NULL, "page does not parse: %s\n%s", jerr.text, out.data);
    buf_free(&out);
    return v;
}

static const char *link_of(json_t *page_v, const char *key)
{
    json_t *l = json_object_get(json_object_get(page_v, "links"), key);

    ck_assert_ptr_nonnull(l);
    return json_is_null(l) ? NULL : json_string_value(l);
}

START_TEST(page_middle)
{
    json_t *v = page(3, 45, 20, 20, "/v1/articles", "");

    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(v, "items"), 2), "i")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "total")), 45);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "limit")), 20);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "offset")), 20);
    ck_assert_str_eq(link_of(v, "self"), "/v1/articles?limit=20&offset=20");
    ck_assert_str_eq(link_of(v, "next"), "/v1/articles?limit=20&offset=40");
    ck_assert_str_eq(link_of(v, "prev"), "/v1/articles?limit=20&offset=0");
    json_decref(v);
}
END_TEST

START_TEST(page_last_and_first)
{
    json_t *v = page(3, 45, 20, 40, "/v1/quotes", "speaker=x&kind=direct");

    ck_assert_ptr_null(link_of(v, "next"));
    ck_assert_str_eq(link_of(v, "prev"), "/v1/quotes?speaker=x&kind=direct&limit=20&offset=20");
    ck_assert_str_eq(link_of(v, "self"), "/v1/quotes?speaker=x&kind=direct&limit=20&offset=40");
    json_decref(v);

    v = page(3, 45, 20, 0, "/v1/quotes", "");
    ck_assert_ptr_null(link_of(v, "prev"));
    ck_assert_str_eq(link_of(v, "next"), "/v1/quotes?limit=20&offset=20");
    json_decref(v);

    /* Exactly one full page: no next. */
    v = page(3, 40, 20, 20, "/v1/quotes", "");
    ck_assert_ptr_null(link_of(v, "next"));
    json_decref(v);

    /* prev never goes below 0. */
    v = page(1, 45, 20, 5, "/v1/quotes", "");
    ck_assert_str_eq(link_of(v, "prev"), "/v1/quotes?limit=20&offset=0");
    json_decref(v);
}
END_TEST

START_TEST(page_empty)
{
    json_t *v = page(0, 0, 20, 0, "/v1/articles/x/quotes", "");

    ck_assert(json_is_array(json_object_get(v, "items")));
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 0);
    ck_assert_ptr_null(link_of(v, "next"));
    ck_assert_ptr_null(link_of(v, "prev"));
    json_decref(v);
}
END_TEST

START_TEST(page_out_full)
{
    static const char *const items[] = {"{\"i\":0}"};
    size_t lens[] = {7};
    struct buf out;

    buf_init(&out, 16);
    ck_assert_int_eq(render_page(&out, items, lens, 1, 1, 20, 0, "/v1/articles", ""), -1);
    buf_free(&out);
}
END_TEST

static json_t *problem(unsigned status, const char *detail, const char *instance,
                       const char *request_id, const char *param, const char *reason)
{
    size_t len = 0;
    char *s = render_problem(status, detail, instance, request_id, param, reason, &len);
    json_error_t jerr;
    json_t *v;

    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(len, strlen(s));
    v = json_loads(s, 0, &jerr);
    ck_assert_msg(v != NULL, "problem does not parse: %s", jerr.text);
    free(s);
    return v;
}

START_TEST(problem_fields)
{
    json_t *v = problem(400, "limit must be 1 to 100", "/v1/quotes", "req-1", "limit",
                        "must be 1 to 100");
    json_t *ip = json_object_get(v, "invalid_params");

    ck_assert_str_eq(json_string_value(json_object_get(v, "type")), "/problems/bad-request");
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Bad Request");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "status")), 400);
    ck_assert_str_eq(json_string_value(json_object_get(v, "detail")), "limit must be 1 to 100");
    ck_assert_str_eq(json_string_value(json_object_get(v, "instance")), "/v1/quotes");
    ck_assert_str_eq(json_string_value(json_object_get(v, "request_id")), "req-1");
    ck_assert_uint_eq(json_array_size(ip), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ip, 0), "name")), "limit");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ip, 0), "reason")),
                     "must be 1 to 100");
    json_decref(v);

    /* No param, no request id: those keys are absent; a param without a reason gets one. */
    v = problem(404, "no such article", "/v1/articles/x", NULL, NULL, NULL);
    ck_assert_ptr_null(json_object_get(v, "invalid_params"));
    ck_assert_ptr_null(json_object_get(v, "request_id"));
    ck_assert_str_eq(json_string_value(json_object_get(v, "type")), "/problems/not-found");
    json_decref(v);
    v = problem(400, "bad", "/", NULL, "offset", NULL);
    ip = json_array_get(json_object_get(v, "invalid_params"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(ip, "name")), "offset");
    ck_assert(json_is_string(json_object_get(ip, "reason")));
    json_decref(v);
}
END_TEST

START_TEST(problem_hostile_instance)
{
    /* A path that is not UTF-8, or none at all, still yields a problem document. */
    json_t *v = problem(404, "nope", "/v1/\xFF\xFE", NULL, NULL, NULL);

    ck_assert_str_eq(json_string_value(json_object_get(v, "instance")), "/");
    json_decref(v);
    v = problem(500, "boom", NULL, NULL, NULL, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(v, "instance")), "/");
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Internal Server Error");
    json_decref(v);
    v = problem(418, "teapot", "/", NULL, NULL, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Error");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "status")), 418);
    json_decref(v);
}
END_TEST

START_TEST(status_names)
{
    static const unsigned codes[] = {400, 404, 405, 406, 413, 415, 422, 429, 500, 503};

    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        ck_assert_str_ne(render_status_title(codes[i]), "Error");
        ck_assert_ptr_nonnull(render_status_type(codes[i]));
    }
    ck_assert_str_eq(render_status_title(404), "Not Found");
    ck_assert_str_eq(render_status_type(404), "not-found");
    ck_assert_str_eq(render_status_title(999), "Error");
    ck_assert_str_eq(render_status_type(999), "internal");
}
END_TEST

START_TEST(field_find)
{
    ck_assert_int_eq(render_field_find("", 0), -1);
    ck_assert_int_eq(render_field_find("ID", 2), -1);
    ck_assert_int_eq(render_field_find("nope", 4), -1);
    ck_assert_int_eq(render_field_find("dropped", 7), -1);
    ck_assert_int_eq(render_field_find("ids", 3), -1);
    /* Only the first len bytes count: "id" out of "idx". */
    ck_assert_int_eq(render_field_find("idx", 2), RENDER_F_ID);
    ck_assert_int_eq(render_field_find("dropped_boilerplate", 19), RENDER_F_DROPPED);
    ck_assert_str_eq(render_field_name(RENDER_F_DROPPED), "dropped_boilerplate");
    for (int f = 0; f < RENDER_NFIELDS; f++) {
        const char *n = render_field_name((enum render_field)f);

        ck_assert_int_eq(render_field_find(n, strlen(n)), f);
    }
}
END_TEST

START_TEST(article_documents)
{
    const char *text = "A Title\n\nMonday, March 2, 2020\n\nIntro paragraph.\n\nDetails\n\n"
                       "Detail paragraph.\n\nAdvertisement\n";
    struct article_error err;
    struct article *a = article_build("doc-1", text, strlen(text), NULL, &err);
    json_t *v, *s;
    const char *key;
    json_t *val;
    int f = 0;

    ck_assert_msg(a != NULL, "article_build: %s", err.msg);
    v = render_article(a, 1);
    ck_assert_uint_eq(json_object_size(v), RENDER_NFIELDS);
    json_object_foreach(v, key, val) {
        ck_assert_str_eq(key, render_field_name((enum render_field)f));
        f++;
    }
    ck_assert_str_eq(json_string_value(json_object_get(v, "dateline")), "Monday, March 2, 2020");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "dropped_boilerplate"), 0)),
                     "Advertisement");
    ck_assert(json_is_null(json_object_get(v, "source")));
    json_decref(v);

    v = render_article(a, 0);
    ck_assert_ptr_null(json_object_get(v, "links"));
    ck_assert_ptr_null(render_article_field(a, RENDER_F_LINKS, 0));
    json_decref(v);

    s = render_section(a, 1, 1);
    ck_assert_str_eq(json_string_value(json_object_get(s, "id")), "details");
    ck_assert_str_eq(json_string_value(json_object_get(s, "heading")), "Details");
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_array_get(json_object_get(s, "paragraphs"), 0), "index")),
                     1);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(s, "links"), "self")),
                     "/v1/articles/doc-1/sections/details");
    json_decref(s);
    s = render_summary(a);
    ck_assert_int_eq(json_integer_value(json_object_get(s, "section_count")), 2);
    json_decref(s);
    article_free(a);
}
END_TEST

/* The streamed text is byte for byte the dump of the tree, with and without links,
 * on every article shipped (sections, aliases, quotes, speakers, attributions). */
START_TEST(article_text_equals_dump)
{
    const char *names[] = {"paris-attacks", "02-warhol-photo-legacy", "10-nasa-stafford-tribute-statement"};
    const char *small = "T\n\n\u201cYes,\u201d she said.\n\nTwo\n\nLast \"word\" here.\n";
    char path[512];

    for (size_t n = 0; n <= sizeof names / sizeof names[0]; n++) {
        struct article_error err;
        struct article *a;
        char *text = NULL;
        size_t len = 0;
        FILE *f;

        if (n < sizeof names / sizeof names[0]) {
            snprintf(path, sizeof path, "articles/%s.txt", names[n]);
            f = fopen(path, "rb");
            ck_assert_msg(f != NULL, "cannot open %s", path);
            text = malloc(1 << 20);
            len = fread(text, 1, (1 << 20) - 1, f);
            fclose(f);
        } else {
            text = strdup(small);
            len = strlen(small);
        }
        a = article_build("doc-1", text, len, NULL, &err);
        ck_assert_msg(a != NULL, "article_build: %s", err.msg);
        for (int links = 0; links <= 1; links++) {
            json_t *v = render_article(a, links);
            size_t dlen = 0;
            char *dump = render_dump(v, &dlen);
            struct buf b;

            buf_init(&b, 64u << 20);
            ck_assert_int_eq(render_article_text(a, links, &b), 0);
            ck_assert_uint_eq(b.len, dlen);
            ck_assert_msg(!memcmp(b.data, dump, dlen), "streamed text differs for %s", path);
            buf_free(&b);
            free(dump);
            json_decref(v);
        }
        {
            json_t *v = render_section_list(a);
            size_t dlen = 0;
            char *dump = render_dump(v, &dlen);
            struct buf b;

            buf_init(&b, 64u << 20);
            ck_assert_int_eq(render_section_list_text(a, &b), 0);
            ck_assert_uint_eq(b.len, dlen);
            ck_assert_msg(!memcmp(b.data, dump, dlen), "section list differs for %s", path);
            buf_free(&b);
            free(dump);
            json_decref(v);
        }
        /* A cap too small fails cleanly. */
        {
            struct buf b;

            buf_init(&b, 16);
            ck_assert_int_eq(render_article_text(a, 1, &b), -1);
            buf_free(&b);
        }
        article_free(a);
        free(text);
    }
}
END_TEST

/* v's dump (v released) equals the text a writer appended to b (b emptied). */
static void same_as_dump(json_t *v, struct buf *b, int rc, const char *what, const char *path)
{
    size_t dlen = 0;
    char *dump = render_dump(v, &dlen);

    ck_assert_msg(dump != NULL && rc == 0, "%s of %s: no text", what, path);
    ck_assert_msg(b->len == dlen && !memcmp(b->data, dump, dlen), "%s of %s differs:\n%s\n%s",
                  what, path, b->data, dump);
    free(dump);
    json_decref(v);
    b->len = 0;
}

/* The item writers (quote, attribution, speaker, summary) give their tree's dump byte
 * for byte, on every shipped article with its sidecar and on the news fixtures. */
START_TEST(item_texts_equal_dump)
{
    const char *dirs[] = {"articles", "tests/fixtures/news"};
    size_t checked = 0;

    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        DIR *dir = opendir(dirs[d]);
        struct dirent *de;

        ck_assert_msg(dir != NULL, "cannot open %s", dirs[d]);
        while ((de = readdir(dir))) {
            size_t n = strlen(de->d_name);
            char path[1024], meta_path[1024], *text, *mtext = NULL;
            size_t len, mlen = 0;
            struct article_meta *meta = NULL;
            struct article_error err;
            struct article *a;
            struct buf b;
            FILE *f;

            if (n < 5 || strcmp(de->d_name + n - 4, ".txt") || strstr(de->d_name, ".source."))
                continue;
            snprintf(path, sizeof path, "%s/%s", dirs[d], de->d_name);
            snprintf(meta_path, sizeof meta_path, "%s/%.*s.meta.json", dirs[d], (int)(n - 4),
                     de->d_name);
            f = fopen(path, "rb");
            ck_assert_ptr_nonnull(f);
            text = malloc(4u << 20);
            len = fread(text, 1, (4u << 20) - 1, f);
            fclose(f);
            if ((f = fopen(meta_path, "rb"))) {
                mtext = malloc(1u << 16);
                mlen = fread(mtext, 1, (1u << 16) - 1, f);
                fclose(f);
                meta = article_meta_parse(mtext, mlen, &err);
                ck_assert_msg(meta != NULL, "%s: %s", meta_path, err.msg);
            }
            a = article_build("doc-1", text, len, meta, &err);
            ck_assert_msg(a != NULL, "%s: %s", path, err.msg);
            buf_init(&b, 64u << 20);
            same_as_dump(render_summary(a), &b, render_summary_text(a, &b), "summary", path);
            for (size_t i = 0; i < a->an->nquotes; i++)
                for (int links = 0; links <= 1; links++)
                    same_as_dump(render_quote(a, i, links), &b, render_quote_text(a, i, links, &b),
                                 "quote", path);
            for (size_t i = 0; i < a->an->nattrs; i++)
                same_as_dump(render_attribution(a, i), &b, render_attribution_text(a, i, &b),
                             "attribution", path);
            for (size_t i = 0; i < a->an->nspeakers; i++)
                for (int links = 0; links <= 1; links++)
                    same_as_dump(render_speaker(a, i, links), &b,
                                 render_speaker_text(a, i, links, &b), "speaker", path);
            checked += a->an->nquotes + a->an->nattrs + a->an->nspeakers;
            buf_free(&b);
            article_free(a);
            free(text);
            free(mtext);
        }
        closedir(dir);
    }
    ck_assert_uint_gt(checked, 100);
}
END_TEST

/* ---- offsets and exports ---- */

static const char emoji_text[] = "Cup final\n\n"
                                 "Fans \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89 cheered. "
                                 "\xE2\x80\x9C"
                                 "Best \xF0\x9F\x8F\x86 day ever,\xE2\x80\x9D said coach Li Wei.\n";

static const struct article *find_doc(const void *ud, const char *id)
{
    return strcmp(id, "doc-1") ? NULL : ud;
}

START_TEST(utf16_tree_converts_quotes_of_known_articles)
{
    struct article_error err;
    struct article *a = article_build("doc-1", emoji_text, strlen(emoji_text), NULL, &err);
    json_t *v, *q, *other;

    ck_assert_msg(a != NULL, "article_build: %s", err.msg);
    ck_assert_uint_ge(a->an->nquotes, 1);
    v = render_article(a, 1);
    /* An item naming an article the snapshot lacks is left as it is. */
    other = json_pack("{s:s, s:i, s:i, s:i}", "article", "elsewhere", "paragraph", 0, "start", 18,
                      "end", 34);
    json_array_append_new(json_object_get(v, "quotes"), other);
    ck_assert_int_eq(offsets_tree_utf16(v, find_doc, a), 0);
    q = json_array_get(json_object_get(v, "quotes"), 0);
    /* Two emoji before the quote and one in it. */
    ck_assert_int_eq(json_integer_value(json_object_get(q, "start")), 20);
    ck_assert_int_eq(json_integer_value(json_object_get(q, "end")), 37);
    ck_assert_int_eq(json_integer_value(json_object_get(other, "start")), 18);
    ck_assert_int_eq(json_integer_value(json_object_get(other, "end")), 34);
    json_decref(v);
    article_free(a);
}
END_TEST

START_TEST(hit_rows_have_plain_snippets)
{
    struct article_error err;
    struct article *a = article_build("doc-1", emoji_text, strlen(emoji_text), NULL, &err);
    char snippet[] = "<mark>Fans</mark> &amp; &lt;b&gt; cheered";
    struct search_hit h = {a, SEARCH_PARAGRAPH, 0, 1.5, snippet};
    struct buf out;
    json_t *o;

    ck_assert_ptr_nonnull(a);
    buf_init(&out, 1u << 20);
    ck_assert_int_eq(exports_hit_header(EXPORTS_CSV, &out), 0);
    ck_assert_int_eq(exports_hit_row(EXPORTS_CSV, &h, &out), 0);
    ck_assert_str_eq(out.data,
                     "article,title,published,url,section,paragraph,type,snippet,rank,"
                     "quote,text,kind,speaker,role,organization,cue,sentence\r\n"
                     "doc-1,Cup final,,,intro,0,paragraph,Fans & <b> cheered,1.5,,,,,,,,\r\n");
    buf_free(&out);
    /* A quote hit carries the quote's columns; NDJSON has nulls and numbers. */
    h.kind = SEARCH_QUOTE;
    buf_init(&out, 1u << 20);
    ck_assert_int_eq(exports_hit_header(EXPORTS_NDJSON, &out), 0);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_int_eq(exports_hit_row(EXPORTS_NDJSON, &h, &out), 0);
    o = json_loadb(out.data, out.len, 0, NULL);
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(json_string_value(json_object_get(o, "type")), "quote");
    ck_assert_str_eq(json_string_value(json_object_get(o, "quote")), "q1");
    ck_assert_str_eq(json_string_value(json_object_get(o, "speaker")), "Li Wei");
    ck_assert_int_eq(json_integer_value(json_object_get(o, "paragraph")), 0);
    ck_assert(json_real_value(json_object_get(o, "rank")) == 1.5);
    ck_assert(json_is_null(json_object_get(o, "url")));
    json_decref(o);
    buf_free(&out);
    article_free(a);
}
END_TEST

static Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *pretty = tcase_create("pretty");
    TCase *pages = tcase_create("page");
    TCase *problems = tcase_create("problem");
    TCase *fields = tcase_create("fields");

    tcase_add_test(pretty, pretty_out_full);
    tcase_add_test(pretty, pretty_layout);
    tcase_add_test(pretty, pretty_scalars_and_empty);
    tcase_add_test(pretty, pretty_nested);
    tcase_add_test(pretty, pretty_strings_with_syntax);
    tcase_add_test(pretty, pretty_of_jansson_dump);
    suite_add_tcase(s, pretty);

    tcase_add_test(pages, page_out_full);
    tcase_add_test(pages, page_middle);
    tcase_add_test(pages, page_last_and_first);
    tcase_add_test(pages, page_empty);
    suite_add_tcase(s, pages);

    tcase_add_test(problems, problem_hostile_instance);
    tcase_add_test(problems, problem_fields);
    tcase_add_test(problems, status_names);
    suite_add_tcase(s, problems);

    tcase_add_test(fields, field_find);
    tcase_add_test(fields, article_documents);
    tcase_add_test(fields, article_text_equals_dump);
    tcase_add_test(fields, item_texts_equal_dump);
    tcase_add_test(fields, utf16_tree_converts_quotes_of_known_articles);
    tcase_add_test(fields, hit_rows_have_plain_snippets);
    suite_add_tcase(s, fields);
    return s;
}

CHECK_MAIN(render_suite)
