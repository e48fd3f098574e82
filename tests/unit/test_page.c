/* test_page.c - HTML pages: escaping and caps first, then marks, spans, nesting and the pages. */
#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "check_main.h"
#include "page.h"
#include "utf8.h"

static const char article_text[] =
    "Acme wins the city contract\n"
    "\n"
    "Monday, March 2, 2020\n"
    "\n"
    "Acme Corporation said on Monday that it had won the contract to rebuild the city's "
    "bridges, beating three rival bids after a long and contested tender process.\n"
    "\n"
    "\xE2\x80\x9CWe will win,\xE2\x80\x9D said Jane Doe, a spokeswoman for Acme.\n"
    "\n"
    "Reaction\n"
    "\n"
    "\xE2\x80\x9CThis is a great day for the city and for everyone who works here,\xE2\x80\x9D "
    "Doe said.\n"
    "\n"
    "Critics were less sure. \xE2\x80\x9CIt is a waste of public money,\xE2\x80\x9D said John "
    "Smith, a city councillor.\n";

/* Everything a hostile article can throw at a page: markup, attribute breakers,
 * script URLs, a right-to-left override, a BEL, a C1 control and a zero-width joiner. */
static const char hostile_text[] =
    "<script>alert('title')</script> & \"friends\"\n"
    "\n"
    "<img src=x onerror=alert(1)> \"onmouseover=alert(2) x=\" and a javascript:alert(3) link "
    "<a href=\"javascript:alert(4)\">click</a> with odd text \xE2\x80\xAE"
    "desrever\xE2\x80\xAC "
    "bell\x07 c1\xC2\x85 zwj\xE2\x80\x8D and emoji \xF0\x9F\x98\x80 in the body of the piece.\n"
    "\n"
    "\xE2\x80\x9C<script>alert(5)</script> is what we found,\xE2\x80\x9D said Jane "
    "<b>Doe</b>, a spokeswoman for \"Acme\" onmouseover=\"alert(6)\".\n";

static const char hostile_meta[] =
    "{\"source\":\"<script>alert(7)</script>\",\"source_url\":\"javascript:alert(8)\","
    "\"credit\":\"<i onmouseover=alert(9)>credit</i>\"}";

static struct article *build_as_annotated(const char *id, const char *text,
                                          const char *meta_json)
{
    struct article_error err;
    struct article_meta *meta = NULL;
    struct article *a;

    if (meta_json) {
        meta = article_meta_parse(meta_json, strlen(meta_json), &err);
        ck_assert_msg(meta != NULL, "meta: %s", err.msg);
    }
    a = article_build(id, text, strlen(text), meta, &err);
    ck_assert_msg(a != NULL, "article_build(%s): %s", id, err.msg);
    return a;
}

/* The same with the annotator's cue and speaker spans cleared, so that a test
 * sets the spans it is about by hand. */
static struct article *build(const char *id, const char *text, const char *meta_json)
{
    struct article *a = build_as_annotated(id, text, meta_json);

    for (size_t i = 0; i < a->an->nquotes; i++) {
        memset(&a->an->quotes[i].cue_span, 0, sizeof a->an->quotes[i].cue_span);
        memset(&a->an->quotes[i].speaker_span, 0, sizeof a->an->quotes[i].speaker_span);
    }
    return a;
}

/* Code-point offset of needle in paragraph p. */
static size_t cp_of(const struct article *a, size_t p, const char *needle)
{
    const char *hit = strstr(a->doc->paras[p].text, needle);

    ck_assert_msg(hit != NULL, "'%s' not in paragraph %zu", needle, p);
    return utf8_count(a->doc->paras[p].text, (size_t)(hit - a->doc->paras[p].text));
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *render_para(const struct article *a, size_t p)
{
    struct buf b;

    buf_init(&b, 1u << 20);
    ck_assert_int_eq(page_paragraph(&b, a, p), 0);
    return buf_steal(&b, NULL);
}

/* Every element opened is closed in order (void elements excepted), no
 * attribute starts with "on", and a script element only loads the binary's own file. */
static void assert_well_formed(const char *html)
{
    static const char *const voids[] = {"meta", "link", "input", "br", "img", "hr", "!DOCTYPE"};
    char stack[64][16];
    size_t depth = 0;

    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        int closing = p[1] == '/', is_void = 0;
        const char *name = p + 1 + closing, *end = strchr(p, '>');
        size_t n = strcspn(name, " >");
        char tag[16];

        ck_assert_ptr_nonnull(end);
        ck_assert_uint_lt(n, sizeof tag);
        memcpy(tag, name, n);
        tag[n] = '\0';
        for (const char *q = p; q < end; q++)
            ck_assert_msg(!(q[0] == ' ' && tolower((unsigned char)q[1]) == 'o' &&
                            tolower((unsigned char)q[2]) == 'n'),
                          "event-handler attribute in %.80s", p);
        if (!closing && !strcmp(tag, "script"))
            ck_assert_msg(
                !strncmp(p, "<script src=\"" PAGE_JS_PATH "\"", 13 + strlen(PAGE_JS_PATH)),
                "foreign script: %.80s", p);
        ck_assert_msg(!strstr(tag, "style"), "inline style element");
        for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
            is_void |= !strcmp(tag, voids[i]);
        if (is_void)
            continue;
        if (closing) {
            ck_assert_msg(depth > 0, "</%s> closes nothing", tag);
            ck_assert_msg(!strcmp(stack[depth - 1], tag), "</%s> closes <%s>", tag,
                          stack[depth - 1]);
            depth--;
        } else {
            ck_assert_uint_lt(depth, 64);
            memcpy(stack[depth++], tag, n + 1);
        }
    }
    ck_assert_msg(depth == 0, "%zu elements left open (<%s>)", depth,
                  depth ? stack[depth - 1] : "");
}

START_TEST(escape_specials_and_controls)
{
    struct buf b;
    const char in[] = "<a href=\"x\" onclick='y'>&amp;</a>\x01\x7f\xC2\x9F\xC2\xA0\t\n";
    char *out;

    buf_init(&b, 1024);
    ck_assert_int_eq(page_escape(&b, in, sizeof in - 1), 0);
    out = buf_steal(&b, NULL);
    ck_assert_str_eq(out, "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
                          "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xC2\xA0\t\n");
    free(out);
}
END_TEST

START_TEST(escape_and_pages_fail_when_full)
{
    struct article *a = build("acme", article_text, NULL);
    struct buf b;

    buf_init(&b, 8);
    ck_assert_int_eq(page_escape(&b, "<<<<<<<<", 8), -1);
    buf_free(&b);
    buf_init(&b, 64);
    ck_assert_int_eq(page_article(&b, a), -1);
    ck_assert_ptr_null(b.data); /* freed: no page with a hole in it */
    buf_init(&b, 64);
    ck_assert_int_eq(page_index(&b, (const struct article *const *)&a, 1), -1);
    ck_assert_ptr_null(b.data);
    buf_init(&b, 64);
    ck_assert_int_eq(page_annotate(&b), -1);
    buf_init(&b, 1024);
    ck_assert_int_eq(page_paragraph(&b, a, a->doc->npara), -1);
    buf_free(&b);
    article_free(a);
}
END_TEST

START_TEST(hostile_article_renders_as_text)
{
    struct article *a = build("hostile", hostile_text, hostile_meta);
    struct buf b;
    char *html;

    buf_init(&b, 1u << 20);
    ck_assert_int_eq(page_article(&b, a), 0);
    html = buf_steal(&b, NULL);
    assert_well_formed(html);
    /* One script element: the binary's own. */
    ck_assert_uint_eq(count(html, "<script"), 1);
    ck_assert_ptr_null(strstr(html, "<img"));
    ck_assert_ptr_null(strstr(html, "<b>"));
    ck_assert_ptr_null(strstr(html, "<i "));
    ck_assert_ptr_null(strstr(html, "href=\"javascript"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "&quot;onmouseover=alert(2) x=&quot;"));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"source\">&lt;script&gt;alert(7)"));
    /* Odd Unicode stays (bidi override, joiner, emoji); forbidden controls do not. */
    ck_assert_ptr_nonnull(strstr(html, "\xE2\x80\xAE"
                                       "desrever"));
    ck_assert_ptr_nonnull(strstr(html, "\xF0\x9F\x98\x80"));
    ck_assert_ptr_nonnull(strstr(html, "bell\xEF\xBF\xBD c1\xEF\xBF\xBD zwj"));
    ck_assert_ptr_null(strchr(html, '\x07'));
    /* The quote is found and its text, markup and all, is escaped inside the mark. */
    ck_assert_uint_eq(a->an->nquotes, 1);
    ck_assert_ptr_nonnull(strstr(html, "data-kind=\"direct\""));
    ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(5)&lt;/script&gt; is what we found,"
                                       "</mark>"));
    free(html);
    article_free(a);
}
END_TEST

START_TEST(quotes_are_marked_with_speaker_and_kind)
{
    struct article *a = build("acme", article_text, NULL);
    char *p = render_para(a, 1);
    const struct annot_quote *q = &a->an->quotes[0];

    ck_assert_uint_eq(q->para, 1);
    ck_assert_int_ge(q->speaker, 0);
    assert_well_formed(p);
    ck_assert_uint_eq(count(p, "<mark "), 1);
    ck_assert_ptr_nonnull(strstr(p, "data-quote=\"q1\""));
    ck_assert_ptr_nonnull(strstr(p, "data-speaker=\"jane-doe\""));
    ck_assert_ptr_nonnull(strstr(p, "data-info=\"Jane Doe&#10;spokeswoman for Acme&#10;direct "
                                    "quote · said\""));
    ck_assert_ptr_nonnull(strstr(p, ">We will win,</mark>\xE2\x80\x9D said Jane Doe"));
    /* Spans unset (as the annotator leaves them today): nothing underlined. */
    ck_assert_ptr_null(strstr(p, "<u "));
    free(p);
    article_free(a);
}
END_TEST

START_TEST(cue_and_speaker_spans_are_underlined)
{
    struct article *a = build("acme", article_text, NULL);
    struct annot_quote *q = &a->an->quotes[0];
    char *p;

    q->cue_span = (struct annot_span){1, cp_of(a, 1, "said"), cp_of(a, 1, "said") + 4, 1};
    q->speaker_span = (struct annot_span){1, cp_of(a, 1, "Jane"), cp_of(a, 1, "Jane") + 8, 1};
    p = render_para(a, 1);
    assert_well_formed(p);
    ck_assert_ptr_nonnull(strstr(p,
                                 "</mark>\xE2\x80\x9D <u class=\"cue\" data-for=\"q1\">said</u> "
                                 "<u class=\"who\" data-for=\"q1\">Jane Doe</u>, a spokeswoman"));
    free(p);
    article_free(a);
}
END_TEST

/* The spans the annotator itself finds are underlined: "said" and "Jane Doe". */
START_TEST(annotator_spans_are_underlined)
{
    struct article *a = build_as_annotated("acme", article_text, NULL);
    char *p = render_para(a, 1);

    assert_well_formed(p);
    ck_assert_ptr_nonnull(strstr(p,
                                 "</mark>\xE2\x80\x9D <u class=\"cue\" data-for=\"q1\">said</u> "
                                 "<u class=\"who\" data-for=\"q1\">Jane Doe</u>, a spokeswoman"));
    free(p);
    article_free(a);
}
END_TEST

START_TEST(spans_in_other_paragraphs_and_across_marks_nest)
{
    struct article *a = build("acme", article_text, NULL);
    struct annot_quote *q = &a->an->quotes[1]; /* "This is a great day...", paragraph 2 */
    size_t win = cp_of(a, 1, "win");
    char *p1, *p2;

    ck_assert_uint_eq(q->para, 2);
    /* Its speaker mention is in paragraph 1, overlapping the first quote's end. */
    q->speaker_span = (struct annot_span){1, win, win + 12, 1};
    /* Its cue covers the quote's last word and the closing mark. */
    q->cue_span = (struct annot_span){2, cp_of(a, 2, "here"), cp_of(a, 2, "Doe"), 1};
    p1 = render_para(a, 1);
    p2 = render_para(a, 2);
    assert_well_formed(p1);
    assert_well_formed(p2);
    ck_assert_ptr_nonnull(strstr(p1,
                                 "<u class=\"who\" data-for=\"q2\">win,</u></mark><u class=\"who\" "
                                 "data-for=\"q2\">\xE2\x80\x9D said J</u>ane"));
    ck_assert_ptr_nonnull(strstr(p2, "<u class=\"cue\" data-for=\"q2\">here,</u></mark>"
                                     "<u class=\"cue\" data-for=\"q2\">\xE2\x80\x9D </u>Doe"));
    free(p1);
    free(p2);
    article_free(a);
}
END_TEST

START_TEST(bad_offsets_never_break_the_page)
{
    struct article *a = build("acme", article_text, NULL);
    struct annot_quote *q = &a->an->quotes[2];
    size_t len = utf8_count(a->doc->paras[3].text, a->doc->paras[3].len);
    char *p;

    /* A quote past the end of its paragraph is left unmarked; spans are clipped. */
    q->start = len + 5;
    q->end = len + 50;
    q->cue_span = (struct annot_span){3, len - 2, len + 100, 1};
    q->speaker_span = (struct annot_span){3, len + 7, len + 9, 1};
    a->an->quotes[0].cue_span = (struct annot_span){999, 0, 4, 1}; /* no such paragraph */
    p = render_para(a, 3);
    assert_well_formed(p);
    ck_assert_ptr_null(strstr(p, "<mark"));
    ck_assert_ptr_nonnull(strstr(p, "<u class=\"cue\" data-for=\"q3\">r.</u></p>"));
    free(p);
    /* Two quotes that overlap: only the first is marked. */
    a->an->quotes[2].para = 1;
    a->an->quotes[2].start = a->an->quotes[0].start + 2;
    a->an->quotes[2].end = a->an->quotes[0].end + 2;
    p = render_para(a, 1);
    assert_well_formed(p);
    ck_assert_uint_eq(count(p, "<mark "), 1);
    free(p);
    article_free(a);
}
END_TEST

START_TEST(quotes_out_of_reading_order_are_all_marked)
{
    struct article *a = build("acme", article_text, NULL);
    size_t jane = cp_of(a, 1, "Jane");
    char *p;

    /* Quote 3 moves before quote 1 in the same paragraph. */
    a->an->quotes[2].para = 1;
    a->an->quotes[2].start = a->an->quotes[0].start;
    a->an->quotes[2].end = a->an->quotes[0].end;
    a->an->quotes[0].start = jane;
    a->an->quotes[0].end = jane + 8;
    p = render_para(a, 1);
    assert_well_formed(p);
    ck_assert_uint_eq(count(p, "<mark "), 2);
    ck_assert_ptr_nonnull(strstr(p, "data-quote=\"q3\""));
    ck_assert_ptr_nonnull(strstr(p, ">Jane Doe</mark>"));
    free(p);
    article_free(a);
}
END_TEST

START_TEST(reader_page_has_everything)
{
    struct article *a = build("acme", article_text,
                              "{\"source\":\"Test Wire\",\"source_url\":"
                              "\"https://example.org/a?b=1&c=2\","
                              "\"license\":\"CC BY 4.0\",\"credit\":"
                              "\"Test Wire staff\"}");
    struct buf b;
    char *html;

    buf_init(&b, 1u << 20);
    ck_assert_int_eq(page_article(&b, a), 0);
    html = buf_steal(&b, NULL);
    assert_well_formed(html);
    ck_assert_ptr_nonnull(strstr(html, "<title>Acme wins the city contract</title>"));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"date\">Monday, March 2, 2020</span>"));
    ck_assert_ptr_nonnull(strstr(html, "href=\"https://example.org/a?b=1&amp;c=2\">Test Wire</a>"));
    ck_assert_ptr_nonnull(strstr(html, "Test Wire staff — CC BY 4.0"));
    ck_assert_ptr_nonnull(strstr(html, "<h2 dir=\"auto\">Reaction</h2>"));
    ck_assert_uint_eq(count(html, "<mark class=\"q "), a->an->nquotes);
    ck_assert_uint_eq(count(html, "<li class=\"sp"), a->an->nspeakers);
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"?speaker=jane-doe\" data-speaker=\"jane-doe\">"));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"count\">2 quotes</span>"));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"count\">1 quote</span>"));
    ck_assert_ptr_nonnull(strstr(html, "<link rel=\"stylesheet\" href=\"" PAGE_CSS_PATH "\">"));
    ck_assert_uint_eq(count(html, " style="), 0);
    free(html);
    article_free(a);
}
END_TEST

START_TEST(byline_from_the_dropped_lines)
{
    static const char text[] = "Storm closes the coast road\n\nBy Jane Smith\n\nAdvertisement\n\n"
                               "The coast road was closed on Monday after the storm brought down "
                               "trees and power lines along a ten-mile stretch.\n";
    struct article *a = build("storm", text, NULL);
    struct buf b;
    char *html;

    buf_init(&b, 1u << 20);
    ck_assert_int_eq(page_article(&b, a), 0);
    html = buf_steal(&b, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<p class=\"byline\"><span class=\"by\">By Jane "
                                       "Smith</span> · 0 quotes"));
    ck_assert_ptr_null(strstr(html, "Advertisement"));
    free(html);
    article_free(a);
}
END_TEST

START_TEST(index_and_annotate_pages)
{
    struct article *arts[2] = {build("acme", article_text, "{\"source\":\"Test Wire\"}"),
                               build("hostile", hostile_text, hostile_meta)};
    struct buf b;
    char *html;

    buf_init(&b, 1u << 20);
    ck_assert_int_eq(page_index(&b, (const struct article *const *)arts, 2), 0);
    html = buf_steal(&b, NULL);
    assert_well_formed(html);
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"/read/acme\"><bdi>Acme wins the city "
                                       "contract</bdi></a></td><td>Monday, March 2, 2020</td>"
                                       "<td>Test Wire</td><td>3</td><td>3</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"/read/hostile\"><bdi>&lt;script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "<input type=\"search\" id=\"filter\""));
    ck_assert_uint_eq(count(html, "<script"), 1);
    free(html);
    buf_init(&b, 1u << 20);
    ck_assert_int_eq(page_annotate(&b), 0);
    html = buf_steal(&b, NULL);
    assert_well_formed(html);
    ck_assert_ptr_nonnull(strstr(html, "<textarea id=\"text\""));
    ck_assert_ptr_nonnull(strstr(html, "download=\"annotation.json\""));
    free(html);
    article_free(arts[0]);
    article_free(arts[1]);
}
END_TEST

START_TEST(assets_are_built_in)
{
    size_t css, js;

    ck_assert_ptr_nonnull(strstr(page_css(&css), "mark.q"));
    ck_assert_ptr_nonnull(strstr(page_js(&js), "applySpeaker"));
    ck_assert_uint_gt(css, 1000);
    ck_assert_uint_gt(js, 1000);
    ck_assert_uint_eq(strlen(page_css(&css)), css);
    /* Every speaker colour the pages use has its rule, and the script wraps at the same count. */
    for (int i = 0; i < PAGE_COLOURS; i++) {
        char rule[64];

        snprintf(rule, sizeof rule, "mark.sp%d, .sp%d .sw {", i, i);
        ck_assert_msg(strstr(page_css(&css), rule) != NULL, "no CSS rule %s", rule);
    }
    {
        char wrap[16];

        snprintf(wrap, sizeof wrap, "%% %d)", PAGE_COLOURS);
        ck_assert_uint_eq(count(page_js(&js), wrap), 2);
    }
}
END_TEST

static Suite *page_suite(void)
{
    Suite *s = suite_create("page");
    TCase *neg = tcase_create("errors"), *tc = tcase_create("pages");

    tcase_add_test(neg, escape_specials_and_controls);
    tcase_add_test(neg, escape_and_pages_fail_when_full);
    tcase_add_test(neg, hostile_article_renders_as_text);
    tcase_add_test(neg, bad_offsets_never_break_the_page);
    tcase_add_test(tc, quotes_are_marked_with_speaker_and_kind);
    tcase_add_test(tc, cue_and_speaker_spans_are_underlined);
    tcase_add_test(tc, annotator_spans_are_underlined);
    tcase_add_test(tc, spans_in_other_paragraphs_and_across_marks_nest);
    tcase_add_test(tc, quotes_out_of_reading_order_are_all_marked);
    tcase_add_test(tc, reader_page_has_everything);
    tcase_add_test(tc, byline_from_the_dropped_lines);
    tcase_add_test(tc, index_and_annotate_pages);
    tcase_add_test(tc, assets_are_built_in);
    suite_add_tcase(s, neg);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(page_suite)
