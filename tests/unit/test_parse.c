/* test_parse.c - the text parser: hostile input first, then the block rules and the corpus. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "check_main.h"
#include "parse.h"
#include "utf8.h"

/* Parse a NUL-terminated string, expecting success. */
static struct parse_doc *parse_ok(const char *text)
{
    struct parse_doc *doc = NULL;
    struct parse_error err;
    enum parse_err rc = parse_text(text, strlen(text), &doc, &err);

    ck_assert_msg(rc == PARSE_OK, "parse failed: %s (line %zu, column %zu)", parse_strerror(rc),
                  err.line, err.column);
    ck_assert_ptr_nonnull(doc);
    return doc;
}

/* Parse len bytes expecting the error code want; returns the error. */
static struct parse_error parse_fail(const char *text, size_t len, enum parse_err want)
{
    struct parse_doc *doc = (struct parse_doc *)1;
    struct parse_error err;
    enum parse_err rc = parse_text(text, len, &doc, &err);

    ck_assert_msg(rc == want, "got %d (%s), want %d (%s)", rc, parse_strerror(rc), want,
                  parse_strerror(want));
    ck_assert_int_eq(err.code, want);
    ck_assert_ptr_null(doc);
    return err;
}


static int in_dropped(const struct parse_doc *doc, const char *s)
{
    for (size_t i = 0; i < doc->ndropped; i++)
        if (!strcmp(doc->dropped[i], s))
            return 1;
    return 0;
}

/* ---- hostile and negative input ---- */

START_TEST(empty_input)
{
    parse_fail("", 0, PARSE_ERR_EMPTY);
    /* A NULL error pointer is allowed. */
    struct parse_doc *doc = NULL;
    ck_assert_int_eq(parse_text("", 0, &doc, NULL), PARSE_ERR_EMPTY);
    ck_assert_ptr_null(doc);
}
END_TEST

START_TEST(only_whitespace)
{
    const char *ws = " \t\n\n   \r\n\f\v\r  \n";

    parse_fail(ws, strlen(ws), PARSE_ERR_EMPTY);
}
END_TEST

START_TEST(only_title)
{
    parse_fail("Just a title", 12, PARSE_ERR_NO_BODY);
    parse_fail("Just a title\n\n\n", 15, PARSE_ERR_NO_BODY);
    parse_fail("Title\n\nTuesday, January 28, 2014\n", 33, PARSE_ERR_NO_BODY);
}
END_TEST

/* Nothing but residue after the title is no body either (and must not crash). */
START_TEST(only_title_and_residue)
{
    const char *t = "Title\n\nTuesday, January 28, 2014\n\nAdvertisement\n";

    parse_fail(t, strlen(t), PARSE_ERR_NO_BODY);
    /* A heading-like line with nothing after it is residue, not a body. */
    parse_fail("Title\n\nSome Heading\n", 20, PARSE_ERR_NO_BODY);
}
END_TEST

START_TEST(no_blank_lines)
{
    struct parse_doc *doc = parse_ok("The Title\nfirst line of text\nsecond line\n  third line  \n");

    ck_assert_str_eq(doc->title, "The Title");
    ck_assert_uint_eq(doc->npara, 1);
    ck_assert_str_eq(doc->paras[0].text, "first line of text second line third line");
    ck_assert_uint_eq(doc->paras[0].len, strlen(doc->paras[0].text));
    ck_assert_uint_eq(doc->nsections, 1);
    ck_assert_str_eq(doc->sections[0].slug, "intro");
    ck_assert_ptr_null(doc->sections[0].heading);
    ck_assert_ptr_null(doc->dateline);
    ck_assert_uint_eq(doc->ndropped, 0);
    parse_doc_free(doc);
}
END_TEST

static void check_two_paras(const char *text)
{
    struct parse_doc *doc = parse_ok(text);

    ck_assert_str_eq(doc->title, "Title");
    ck_assert_uint_eq(doc->npara, 2);
    ck_assert_str_eq(doc->paras[0].text, "Para one. More of it.");
    ck_assert_str_eq(doc->paras[1].text, "Para two.");
    for (size_t i = 0; i < doc->npara; i++)
        ck_assert_ptr_null(strchr(doc->paras[i].text, '\r'));
    ck_assert_ptr_null(strchr(doc->title, '\r'));
    parse_doc_free(doc);
}

START_TEST(crlf_line_ends)
{
    check_two_paras("Title\r\n\r\nPara one.\r\nMore of it.\r\n\r\nPara two.\r\n");
}
END_TEST

START_TEST(lone_cr_line_ends)
{
    check_two_paras("Title\r\rPara one.\rMore of it.\r\rPara two.\r");
    /* Mixed line ends, and no final line end. */
    check_two_paras("Title\n\r\nPara one.\rMore of it.\n\rPara two.");
}
END_TEST

START_TEST(ten_thousand_paragraphs)
{
    enum { N = 10000 };
    struct buf b;
    struct parse_doc *doc = NULL;
    char *text;
    size_t len;

    buf_init(&b, 16u << 20);
    ck_assert_int_eq(buf_adds(&b, "Generated\n\n"), BUF_OK);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(buf_addf(&b, "Paragraph number %d is here.\nIt has two lines.\n\n", i),
                         BUF_OK);
    text = buf_steal(&b, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(parse_text(text, len, &doc, NULL), PARSE_OK);
    free(text);
    ck_assert_uint_eq(doc->npara, N);
    ck_assert_uint_eq(doc->nsections, 1);
    ck_assert_uint_eq(doc->sections[0].count, N);
    for (size_t i = 0; i < N; i++) {
        char want[80];

        snprintf(want, sizeof want, "Paragraph number %zu is here. It has two lines.", i);
        ck_assert_str_eq(doc->paras[i].text, want);
        ck_assert_uint_eq(doc->paras[i].section, 0);
    }
    parse_doc_free(doc);
}
END_TEST

/* Many headings with the same text: slugs stay unique, and past
 * PARSE_MAX_SECTIONS the heading-like lines stay body text. (Speed is
 * measured by benchmarks, not asserted here.) */
START_TEST(many_duplicate_headings)
{
    enum { N = 1500 };
    struct buf b;
    struct parse_doc *doc = NULL;
    char *text;
    size_t len, cap = PARSE_MAX_SECTIONS - 1;

    buf_init(&b, 16u << 20);
    ck_assert_int_eq(buf_adds(&b, "Generated\n\n"), BUF_OK);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(buf_adds(&b, "Update\n\nSomething happened.\n\n"), BUF_OK);
    text = buf_steal(&b, &len);
    ck_assert_int_eq(parse_text(text, len, &doc, NULL), PARSE_OK);
    free(text);
    ck_assert_uint_eq(doc->nsections, cap);
    ck_assert_str_eq(doc->sections[0].slug, "update");
    ck_assert_str_eq(doc->sections[1].slug, "update-2");
    ck_assert_str_eq(doc->sections[cap - 1].slug, "update-999");
    ck_assert_uint_eq(doc->npara, N + (N - cap));
    ck_assert_str_eq(doc->paras[doc->npara - 1].text, "Something happened.");
    ck_assert_str_eq(doc->paras[doc->npara - 2].text, "Update");
    parse_doc_free(doc);
}
END_TEST

START_TEST(invalid_utf8_position)
{
    struct parse_error err;
    const char *t = "Title\n\nGood para.\nab\xFF" "cd\n";

    err = parse_fail(t, strlen(t), PARSE_ERR_UTF8);
    ck_assert_uint_eq(err.line, 4);
    ck_assert_uint_eq(err.column, 3);
    /* Bad byte in the title. */
    err = parse_fail("\xC3(title", 8, PARSE_ERR_UTF8);
    ck_assert_uint_eq(err.line, 1);
    ck_assert_uint_eq(err.column, 1);
    /* Truncated sequence at the very end. */
    t = "Title\n\nEnds in \xE2\x80";
    err = parse_fail(t, strlen(t), PARSE_ERR_UTF8);
    ck_assert_uint_eq(err.line, 3);
    ck_assert_uint_eq(err.column, 9);
    /* CRLF ends count as one line end. */
    t = "Title\r\n\r\nx\xC0\xAF\r\n";
    err = parse_fail(t, strlen(t), PARSE_ERR_UTF8);
    ck_assert_uint_eq(err.line, 3);
    ck_assert_uint_eq(err.column, 2);
}
END_TEST

/* The parser accepts lone CR as a line end, so error positions must count it too. */
START_TEST(invalid_utf8_position_cr)
{
    struct parse_error err;
    const char *t = "Title\r\rGood para.\rab\xFF" "cd\r";

    err = parse_fail(t, strlen(t), PARSE_ERR_UTF8);
    ck_assert_uint_eq(err.line, 4);
    ck_assert_uint_eq(err.column, 3);
}
END_TEST

START_TEST(nul_bytes)
{
    static const char t[] = "Title\n\nPara\0graph.\n";
    struct parse_error err = parse_fail(t, sizeof t - 1, PARSE_ERR_UTF8);

    ck_assert_uint_eq(err.line, 3);
    ck_assert_uint_eq(err.column, 5);
    err = parse_fail("\0", 1, PARSE_ERR_UTF8);
    ck_assert_uint_eq(err.line, 1);
    ck_assert_uint_eq(err.column, 1);
}
END_TEST

START_TEST(too_big)
{
    size_t n = PARSE_MAX_BYTES + 1;
    char *t = malloc(n);
    struct parse_doc *doc = NULL;

    ck_assert_ptr_nonnull(t);
    memcpy(t, "T\n\n", 3);
    memset(t + 3, 'a', n - 3);
    parse_fail(t, n, PARSE_ERR_TOO_BIG);
    /* Exactly at the limit is fine. */
    ck_assert_int_eq(parse_text(t, n - 1, &doc, NULL), PARSE_OK);
    ck_assert_uint_eq(doc->npara, 1);
    ck_assert_uint_eq(doc->paras[0].len, PARSE_MAX_BYTES - 3);
    parse_doc_free(doc);
    free(t);
}
END_TEST

START_TEST(utf8_bom)
{
    struct parse_doc *doc = parse_ok("\xEF\xBB\xBFThe Title\n\nBody text.\n");

    ck_assert_str_eq(doc->title, "The Title");
    ck_assert_uint_eq(doc->npara, 1);
    parse_doc_free(doc);
}
END_TEST

START_TEST(utf8_valid_rules)
{
    static const struct {
        const char *s;
        size_t len;
        int ok;
        size_t bad;
    } cases[] = {
        {"", 0, 1, 0},
        {"plain ascii", 11, 1, 0},
        {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14, 1, 0},
        {"\xF4\x8F\xBF\xBF", 4, 1, 0},           /* U+10FFFF */
        {"\xEF\xBF\xBF", 3, 1, 0},               /* U+FFFF */
        {"ab\xC0\xAF", 4, 0, 2},                 /* overlong '/' */
        {"\xC1\xBF", 2, 0, 0},                   /* overlong */
        {"x\xE0\x80\xAF", 4, 0, 1},              /* overlong, 3 bytes */
        {"\xF0\x80\x80\xAF", 4, 0, 0},           /* overlong, 4 bytes */
        {"\xF0\x8F\xBF\xBF", 4, 0, 0},           /* overlong U+FFFF */
        {"ok\xED\xA0\x80", 5, 0, 2},             /* high surrogate */
        {"\xED\xBF\xBF", 3, 0, 0},               /* low surrogate */
        {"\xED\xA0\xBD\xED\xB8\x80", 6, 0, 0},   /* CESU-8 pair */
        {"\xF4\x90\x80\x80", 4, 0, 0},           /* above U+10FFFF */
        {"\xF8\x88\x80\x80\x80", 5, 0, 0},       /* 5-byte form */
        {"\xFF", 1, 0, 0},
        {"abc\x80", 4, 0, 3},                    /* lone continuation */
        {"\xE2\x82", 2, 0, 0},                   /* truncated */
        {"\xE2\x28\xA1", 3, 0, 0},               /* bad continuation */
        {"a\0b", 3, 0, 1},                       /* NUL */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        int ok = utf8_valid(cases[i].s, cases[i].len, &bad);

        ck_assert_msg(ok == cases[i].ok, "case %zu: utf8_valid = %d", i, ok);
        if (!ok)
            ck_assert_msg(bad == cases[i].bad, "case %zu: bad at %zu, want %zu", i, bad,
                          cases[i].bad);
        ck_assert_int_eq(utf8_valid(cases[i].s, cases[i].len, NULL), cases[i].ok);
    }
    /* The parser rejects the same. */
    parse_fail("T\n\n\xC0\xAF", 5, PARSE_ERR_UTF8);
    parse_fail("T\n\n\xED\xA0\x80", 6, PARSE_ERR_UTF8);
    /* utf8_count agrees with a byte-at-a-time count at every length and offset
     * (it counts eight bytes at a time). */
    {
        const char *mix = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80z \xE2\x80\x99x\xC3\xA9\xC3\xA9" "bcdefgh";
        size_t len = strlen(mix);

        for (size_t off = 0; off < len; off++) {
            for (size_t n = 0; off + n <= len; n++) {
                size_t want = 0;

                for (size_t k = off; k < off + n; k++)
                    want += ((unsigned char)mix[k] & 0xC0) != 0x80;
                ck_assert_uint_eq(utf8_count(mix + off, n), want);
            }
        }
    }
}
END_TEST

START_TEST(strerror_texts)
{
    for (int c = PARSE_OK; c <= PARSE_ERR_NOMEM; c++) {
        const char *s = parse_strerror((enum parse_err)c);

        ck_assert_ptr_nonnull(s);
        ck_assert_uint_gt(strlen(s), 0);
    }
}
END_TEST

/* ---- block rules ---- */

START_TEST(headings_basic)
{
    struct parse_doc *doc = parse_ok("Title\n\nIntro text here.\n\nSleepers\n\nBody one.\n\n"
                                     "Body two.\n\nSo how will France react?\n\nBody three.\n");

    ck_assert_uint_eq(doc->nsections, 3);
    ck_assert_uint_eq(doc->npara, 4);
    ck_assert_str_eq(doc->sections[0].slug, "intro");
    ck_assert_ptr_null(doc->sections[0].heading);
    ck_assert_uint_eq(doc->sections[0].first, 0);
    ck_assert_uint_eq(doc->sections[0].count, 1);
    ck_assert_str_eq(doc->sections[1].slug, "sleepers");
    ck_assert_str_eq(doc->sections[1].heading, "Sleepers");
    ck_assert_uint_eq(doc->sections[1].first, 1);
    ck_assert_uint_eq(doc->sections[1].count, 2);
    ck_assert_str_eq(doc->sections[2].slug, "so-how-will-france-react");
    ck_assert_str_eq(doc->sections[2].heading, "So how will France react?");
    ck_assert_uint_eq(doc->sections[2].first, 3);
    ck_assert_uint_eq(doc->sections[2].count, 1);
    ck_assert_uint_eq(doc->paras[0].section, 0);
    ck_assert_uint_eq(doc->paras[1].section, 1);
    ck_assert_uint_eq(doc->paras[2].section, 1);
    ck_assert_uint_eq(doc->paras[3].section, 2);
    parse_doc_free(doc);
}
END_TEST

START_TEST(short_line_with_period_is_paragraph)
{
    struct parse_doc *doc = parse_ok("Title\n\nIt was late.\n\nShe left!\n\nBody here.\n");

    ck_assert_uint_eq(doc->nsections, 1);
    ck_assert_uint_eq(doc->npara, 3);
    ck_assert_str_eq(doc->paras[0].text, "It was late.");
    ck_assert_str_eq(doc->paras[1].text, "She left!");
    parse_doc_free(doc);
}
END_TEST

START_TEST(quote_line_is_not_heading)
{
    struct parse_doc *doc =
        parse_ok("Title\n\n\xE2\x80\x9CWe will win\xE2\x80\x9D\n\n\"Never again\"\n\n"
                 "'Short one'\n\n\xC2\xAB" "Bonjour\xC2\xBB\n\nBody.\n");

    ck_assert_uint_eq(doc->nsections, 1);
    ck_assert_ptr_null(doc->sections[0].heading);
    ck_assert_uint_eq(doc->npara, 5);
    ck_assert_str_eq(doc->paras[0].text, "\xE2\x80\x9CWe will win\xE2\x80\x9D");
    ck_assert_str_eq(doc->paras[1].text, "\"Never again\"");
    parse_doc_free(doc);
}
END_TEST

/* A quoted sentence inside a short line makes it a sentence, whatever ends
 * the line: Wikinews tags a translated quote with its language. */
START_TEST(quoted_sentence_then_tag_is_not_heading)
{
    struct parse_doc *doc = parse_ok("Title\n\nAna Ruiz said \xE2\x80\x9CWe will win.\xE2\x80\x9D ((es))\n\n"
                                     "Acme Inc.\xE2\x80\x99s results\n\nBody.\n");

    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_ptr_null(doc->sections[0].heading);
    ck_assert_str_eq(doc->sections[1].heading, "Acme Inc.\xE2\x80\x99s results");
    ck_assert_uint_eq(doc->npara, 2);
    parse_doc_free(doc);
}
END_TEST

/* A short line ending in a quoted question is dialogue, not a question heading. */
START_TEST(quoted_question_is_not_heading)
{
    struct parse_doc *doc = parse_ok("Title\n\nIntro.\n\nShe asked, \"Why now?\"\n\n"
                                     "He said: \xE2\x80\x98Who?\xE2\x80\x99\n\n"
                                     "Is it over?\n\nBody.\n");

    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_ptr_null(doc->sections[0].heading);
    ck_assert_str_eq(doc->sections[1].heading, "Is it over?");
    ck_assert_uint_eq(doc->npara, 4);
    ck_assert_str_eq(doc->paras[1].text, "She asked, \"Why now?\"");
    parse_doc_free(doc);
}
END_TEST

/* A short quoted sentence that ends in a closing mark is body text, also last. */
START_TEST(sentence_ending_in_closing_mark_is_paragraph)
{
    struct parse_doc *doc =
        parse_ok("Title\n\nLead paragraph.\n\nLynch told the BBC: \xE2\x80\x98Our members have spoken.\xE2\x80\x99\n\n"
                 "Body goes on.\n\nShe said it was \"over.\"\n");

    ck_assert_uint_eq(doc->nsections, 1);
    ck_assert_uint_eq(doc->npara, 4);
    ck_assert_str_eq(doc->paras[1].text, "Lynch told the BBC: \xE2\x80\x98Our members have spoken.\xE2\x80\x99");
    ck_assert_str_eq(doc->paras[3].text, "She said it was \"over.\"");
    ck_assert_uint_eq(doc->ndropped, 0);
    parse_doc_free(doc);
}
END_TEST

/* Front matter and newsroom notes are not body text or sections: bylines,
 * datelines in either order with a time stamp, a score line, wire notes. */
START_TEST(front_matter_and_notes)
{
    struct parse_doc *doc = parse_ok(
        "Rovers go top\n\nBy Tom Hartley at Ashford Park\n\nSaturday 14 September 2024\n\n"
        "Ashford Rovers 3 Kingsbridge City 1\n\nVidal scored twice.\n\n"
        "Published October 3, 2024 6:45am PDT\n\nMatch report\n\nThe second half was better.\n\n"
        "This is a developing story. Check back for updates.\n\n"
        "Jane Roe contributed to this report.\n");

    ck_assert_str_eq(doc->dateline, "Saturday 14 September 2024");
    ck_assert_uint_eq(doc->npara, 2);
    ck_assert_str_eq(doc->paras[0].text, "Vidal scored twice.");
    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_str_eq(doc->sections[1].heading, "Match report");
    ck_assert_uint_eq(doc->ndropped, 5);
    ck_assert_str_eq(doc->dropped[0], "By Tom Hartley at Ashford Park");
    ck_assert_str_eq(doc->dropped[1], "Ashford Rovers 3 Kingsbridge City 1");
    ck_assert_str_eq(doc->dropped[2], "Published October 3, 2024 6:45am PDT");
    parse_doc_free(doc);
    /* Not bylines or datelines: a sentence, a heading that merely starts with "By". */
    doc = parse_ok("T\n\nIntro text.\n\nBy the numbers\n\nBy then, it was 14 September 2024.\n");
    ck_assert_ptr_null(doc->dateline);
    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_str_eq(doc->sections[1].heading, "By the numbers");
    ck_assert_uint_eq(doc->npara, 2);
    parse_doc_free(doc);
}
END_TEST

START_TEST(multi_line_or_long_block_is_paragraph)
{
    /* Two short lines, and one line over twelve words. */
    struct parse_doc *doc =
        parse_ok("Title\n\nShort line\nAnother short line\n\n"
                 "One two three four five six seven eight nine ten eleven twelve thirteen\n");

    ck_assert_uint_eq(doc->nsections, 1);
    ck_assert_uint_eq(doc->npara, 2);
    parse_doc_free(doc);
}
END_TEST

START_TEST(trailing_heading_is_residue)
{
    struct parse_doc *doc =
        parse_ok("Title\n\nBody one.\n\nMiddle\n\nBody two.\n\nRelated Coverage\n\nMore From Us\n");

    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_str_eq(doc->sections[1].slug, "middle");
    ck_assert_uint_eq(doc->npara, 2);
    ck_assert_uint_eq(doc->ndropped, 2);
    ck_assert(in_dropped(doc, "Related Coverage"));
    ck_assert(in_dropped(doc, "More From Us"));
    parse_doc_free(doc);
}
END_TEST

START_TEST(intro_only_when_text_precedes)
{
    struct parse_doc *doc = parse_ok("Title\n\nFirst Heading\n\nBody.\n\nSecond\n\nMore body.\n");

    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_str_eq(doc->sections[0].slug, "first-heading");
    ck_assert_str_eq(doc->sections[0].heading, "First Heading");
    ck_assert_uint_eq(doc->sections[0].first, 0);
    ck_assert_uint_eq(doc->sections[0].count, 1);
    ck_assert_str_eq(doc->sections[1].slug, "second");
    parse_doc_free(doc);
}
END_TEST

START_TEST(heading_without_body)
{
    struct parse_doc *doc = parse_ok("Title\n\nBody.\n\nEmpty One\n\nFull One\n\nMore body.\n");

    ck_assert_uint_eq(doc->nsections, 3);
    ck_assert_str_eq(doc->sections[1].slug, "empty-one");
    ck_assert_uint_eq(doc->sections[1].count, 0);
    ck_assert_uint_eq(doc->sections[2].first, 1);
    ck_assert_uint_eq(doc->sections[2].count, 1);
    parse_doc_free(doc);
}
END_TEST

START_TEST(duplicate_heading_slugs)
{
    struct parse_doc *doc =
        parse_ok("Title\n\nX\n\nBody a.\n\nX\n\nBody b.\n\nX\n\nBody c.\n\nX 2\n\nBody d.\n");

    ck_assert_uint_eq(doc->nsections, 4);
    ck_assert_str_eq(doc->sections[0].slug, "x");
    ck_assert_str_eq(doc->sections[1].slug, "x-2");
    ck_assert_str_eq(doc->sections[2].slug, "x-3");
    /* "X 2" would slug to "x-2", which is taken: it must still be unique. */
    for (size_t i = 0; i < doc->nsections; i++)
        for (size_t j = i + 1; j < doc->nsections; j++)
            ck_assert_str_ne(doc->sections[i].slug, doc->sections[j].slug);
    parse_doc_free(doc);
}
END_TEST

START_TEST(heading_named_intro)
{
    /* A heading whose slug is "intro" must not collide with the intro section. */
    struct parse_doc *doc = parse_ok("Title\n\nLead text.\n\nIntro\n\nBody.\n");

    ck_assert_uint_eq(doc->nsections, 2);
    ck_assert_str_eq(doc->sections[0].slug, "intro");
    ck_assert_str_ne(doc->sections[1].slug, "intro");
    parse_doc_free(doc);
}
END_TEST

START_TEST(slugify)
{
    static const char *const cases[][2] = {
        {"Warhol's photographic legacy", "warhol-s-photographic-legacy"},
        {"So how will France react?", "so-how-will-france-react"},
        {"  Hello,  World!  ", "hello-world"},
        {"ABC123", "abc123"},
        {"Caf\xC3\xA9 Society", "cafe-society"},
        /* Other scripts are transliterated (ICU Any-Latin; Latin-ASCII), never dropped. */
        {"\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8", "novosti"},
        {"Stra\xC3\x9F" "e", "strasse"},
        {"", "section"},
        {"---", "section"},
        {"\xE2\x80\x9C\xE2\x80\x9D", "section"},
        {"a--b", "a-b"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = parse_slugify(cases[i][0]);

        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s, cases[i][1]);
        free(s);
    }
}
END_TEST

START_TEST(dateline_block)
{
    struct parse_doc *doc = parse_ok("Title\n\nTuesday, January 28, 2014\n\nBody one.\n");

    ck_assert_ptr_nonnull(doc->dateline);
    ck_assert_str_eq(doc->dateline, "Tuesday, January 28, 2014");
    ck_assert_uint_eq(doc->npara, 1);
    ck_assert_str_eq(doc->paras[0].text, "Body one.");
    ck_assert_uint_eq(doc->nsections, 1);
    parse_doc_free(doc);

    doc = parse_ok("Title\n\nJuly 21, 2017\n\nBody one.\n\nMarch 3, 2020\n\nBody two.\n");
    ck_assert_str_eq(doc->dateline, "July 21, 2017");
    /* Only the first dateline is metadata. */
    ck_assert_uint_eq(doc->npara, 2);
    ck_assert_str_eq(doc->paras[0].text, "Body one.");
    parse_doc_free(doc);

    /* A date inside a sentence is a paragraph. */
    doc = parse_ok("Title\n\nOn July 21, 2017 it rained.\n");
    ck_assert_ptr_null(doc->dateline);
    ck_assert_uint_eq(doc->npara, 1);
    parse_doc_free(doc);
}
END_TEST

START_TEST(residue_dropped)
{
    struct parse_doc *doc = parse_ok("Title\n\nAdvertisement\n\nBody one.\n\nadvertisement\n\n"
                                     "Body two.\n\nExit mobile version\n");

    ck_assert_uint_eq(doc->npara, 2);
    ck_assert_uint_eq(doc->ndropped, 3);
    ck_assert_str_eq(doc->dropped[0], "Advertisement");
    ck_assert_str_eq(doc->dropped[1], "advertisement");
    ck_assert_str_eq(doc->dropped[2], "Exit mobile version");
    for (size_t i = 0; i < doc->npara; i++)
        ck_assert_ptr_null(strstr(doc->paras[i].text, "dvertisement"));
    parse_doc_free(doc);
}
END_TEST

/* ---- the corpus ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    char chunk[8192];
    size_t n;

    if (!f)
        return NULL;
    buf_init(&b, 64u << 20);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_add(&b, chunk, n)) {
            fclose(f);
            return NULL;
        }
    fclose(f);
    return buf_steal(&b, len);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && !strcmp(s + n - m, suffix);
}

static void check_fixture(const char *dir, const char *name)
{
    char path[6144];
    size_t len = 0;
    char *text;
    json_t *gold, *secs, *drop, *v;
    json_error_t jerr;
    struct parse_doc *doc = NULL;
    struct parse_error perr;
    size_t i;

    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    text = read_file(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    snprintf(path, sizeof path, "%s/%s.gold.json", dir, name);
    gold = json_load_file(path, 0, &jerr);
    ck_assert_msg(gold != NULL, "%s: %s", path, jerr.text);
    ck_assert_msg(parse_text(text, len, &doc, &perr) == PARSE_OK, "%s: parse error %d", name,
                  perr.code);

    ck_assert_msg(!strcmp(doc->title, json_string_value(json_object_get(gold, "title"))),
                  "%s: title \"%s\"", name, doc->title);
    secs = json_object_get(gold, "sections");
    ck_assert_msg(json_array_size(secs) == doc->nsections, "%s: %zu sections, gold %zu", name,
                  doc->nsections, json_array_size(secs));
    json_array_foreach(secs, i, v) {
        const struct parse_section *s = &doc->sections[i];
        json_t *h = json_object_get(v, "heading"), *pr = json_object_get(v, "paragraphs");
        size_t first = (size_t)json_integer_value(json_array_get(pr, 0));
        size_t last = (size_t)json_integer_value(json_array_get(pr, 1));

        if (json_is_null(h))
            ck_assert_msg(s->heading == NULL, "%s: section %zu has heading \"%s\"", name, i,
                          s->heading);
        else
            ck_assert_msg(s->heading && !strcmp(s->heading, json_string_value(h)),
                          "%s: section %zu heading \"%s\", gold \"%s\"", name, i,
                          s->heading ? s->heading : "(null)", json_string_value(h));
        ck_assert_msg(!strcmp(s->slug, json_string_value(json_object_get(v, "slug"))),
                      "%s: section %zu slug \"%s\"", name, i, s->slug);
        ck_assert_msg(s->count > 0 && s->first == first && s->first + s->count - 1 == last,
                      "%s: section %zu paragraphs [%zu, %zu+%zu), gold [%zu, %zu]", name, i,
                      s->first, s->first, s->count, first, last);
    }
    ck_assert_msg(doc->npara == (size_t)json_integer_value(json_array_get(
                                    json_object_get(json_array_get(secs, json_array_size(secs) - 1),
                                                    "paragraphs"),
                                    1)) + 1,
                  "%s: %zu paragraphs", name, doc->npara);
    drop = json_object_get(gold, "dropped_boilerplate");
    json_array_foreach(drop, i, v) {
        const char *d = json_string_value(v);

        ck_assert_msg((doc->dateline && !strcmp(doc->dateline, d)) || in_dropped(doc, d),
                      "%s: \"%s\" neither dateline nor dropped", name, d);
        for (size_t p = 0; p < doc->npara; p++)
            ck_assert_msg(strcmp(doc->paras[p].text, d), "%s: \"%s\" is paragraph %zu", name, d,
                          p);
    }
    parse_doc_free(doc);
    json_decref(gold);
    free(text);
}

START_TEST(corpus)
{
    const char *root = getenv("ARTICLED_FIXTURES");
    static const char *const subdirs[] = {"seed", "dev", "holdout", "holdout2"};
    size_t checked = 0;

    if (!root || !*root)
        root = "tests/fixtures";
    for (size_t k = 0; k < sizeof subdirs / sizeof subdirs[0]; k++) {
        char dir[4096];
        DIR *d;
        struct dirent *de;

        snprintf(dir, sizeof dir, "%s/%s", root, subdirs[k]);
        d = opendir(dir);
        if (!d)
            continue;
        while ((de = readdir(d))) {
            char name[1024];
            size_t n = strlen(de->d_name);

            if (!ends_with(de->d_name, ".txt") || ends_with(de->d_name, ".source.txt") ||
                n - 4 >= sizeof name)
                continue;
            memcpy(name, de->d_name, n - 4);
            name[n - 4] = '\0';
            check_fixture(dir, name);
            checked++;
        }
        closedir(d);
    }
    ck_assert_msg(checked >= 18, "only %zu fixtures under %s", checked, root);
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *neg = tcase_create("hostile");
    TCase *rules = tcase_create("rules");
    TCase *corp = tcase_create("corpus");

    tcase_set_timeout(neg, 30);
    tcase_add_test(neg, empty_input);
    tcase_add_test(neg, only_whitespace);
    tcase_add_test(neg, only_title);
    tcase_add_test(neg, only_title_and_residue);
    tcase_add_test(neg, no_blank_lines);
    tcase_add_test(neg, crlf_line_ends);
    tcase_add_test(neg, lone_cr_line_ends);
    tcase_add_test(neg, ten_thousand_paragraphs);
    tcase_add_test(neg, many_duplicate_headings);
    tcase_add_test(neg, invalid_utf8_position);
    tcase_add_test(neg, invalid_utf8_position_cr);
    tcase_add_test(neg, nul_bytes);
    tcase_add_test(neg, too_big);
    tcase_add_test(neg, utf8_bom);
    tcase_add_test(neg, utf8_valid_rules);
    tcase_add_test(neg, strerror_texts);
    suite_add_tcase(s, neg);

    tcase_add_test(rules, headings_basic);
    tcase_add_test(rules, short_line_with_period_is_paragraph);
    tcase_add_test(rules, quote_line_is_not_heading);
    tcase_add_test(rules, quoted_question_is_not_heading);
    tcase_add_test(rules, quoted_sentence_then_tag_is_not_heading);
    tcase_add_test(rules, sentence_ending_in_closing_mark_is_paragraph);
    tcase_add_test(rules, front_matter_and_notes);
    tcase_add_test(rules, multi_line_or_long_block_is_paragraph);
    tcase_add_test(rules, trailing_heading_is_residue);
    tcase_add_test(rules, intro_only_when_text_precedes);
    tcase_add_test(rules, heading_without_body);
    tcase_add_test(rules, duplicate_heading_slugs);
    tcase_add_test(rules, heading_named_intro);
    tcase_add_test(rules, slugify);
    tcase_add_test(rules, dateline_block);
    tcase_add_test(rules, residue_dropped);
    suite_add_tcase(s, rules);

    tcase_add_test(corp, corpus);
    suite_add_tcase(s, corp);
    return s;
}

CHECK_MAIN(parse_suite)
