/* test_annotate.c - one test per rule of the quote finder and the speaker sieve,
 * on small hand-written paragraphs; negative and failure cases first. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "check_main.h"
#include "lex.h"

/* Annotate a NULL-terminated list of paragraphs. */
static struct annot *run(const char *const *paras)
{
    size_t n = 0, lens[32];
    while (paras[n] && n < 32) {
        lens[n] = strlen(paras[n]);
        n++;
    }
    struct annot *a = annot_run(paras, lens, n);
    ck_assert_ptr_nonnull(a);
    return a;
}

static struct annot *run1(const char *p)
{
    const char *paras[] = {p, NULL};
    return run(paras);
}

static const char *speaker_name(const struct annot *a, const struct annot_quote *q)
{
    return q->speaker >= 0 ? a->speakers[q->speaker].name : NULL;
}

static const struct annot_speaker *find_speaker(const struct annot *a, const char *name)
{
    for (size_t i = 0; i < a->nspeakers; i++)
        if (strcmp(a->speakers[i].name, name) == 0)
            return &a->speakers[i];
    return NULL;
}

#define ASSERT_QUOTE(a, i, txt, kind_, who)                                                        \
    do {                                                                                           \
        ck_assert_uint_gt((a)->nquotes, (i));                                                      \
        ck_assert_str_eq((a)->quotes[i].text, (txt));                                              \
        ck_assert_str_eq(annot_kind_name((a)->quotes[i].kind), (kind_));                           \
        if ((who) == NULL)                                                                         \
            ck_assert_int_eq((a)->quotes[i].speaker, -1);                                          \
        else                                                                                       \
            ck_assert_str_eq(speaker_name((a), &(a)->quotes[i])                                    \
                                 ? speaker_name((a), &(a)->quotes[i])                              \
                                 : "(none)",                                                       \
                             (const char *)(who));                                                 \
    } while (0)

/* "and" joins two people unless the run holds an organisation word. */
START_TEST(and_between_people_is_no_organisation)
{
    struct annot *a = run1("“We will appeal,” said Alice Brennan and Jones.");
    ck_assert_uint_eq(a->nquotes, 1);
    ck_assert_ptr_null(find_speaker(a, "Alice Brennan and Jones"));
    annot_free(a);
}
END_TEST

START_TEST(organisation_name_with_of_and)
{
    struct annot *a = run1("The Department of Housing and Urban Development said: “The rules "
                           "take effect in June.”");
    ASSERT_QUOTE(a, 0, "The rules take effect in June.", "direct",
                 "Department of Housing and Urban Development");
    annot_free(a);
    a = run1("“Fares will rise,” said the Office of Rail and Road.");
    ASSERT_QUOTE(a, 0, "Fares will rise,", "direct", "Office of Rail and Road");
    annot_free(a);
}
END_TEST

/* A place after "of" is the person's, when the run opens with a title or a given
 * name; "Bank of England" stays an organisation. */
START_TEST(place_after_person_name)
{
    struct annot *a = run1("Gov. Linda K. Farrow of Nevada, a first-term Democrat, said the plan "
                           "was late. “We cannot wait,” she said.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "We cannot wait,", "direct", "Linda K. Farrow");
    ck_assert_ptr_null(find_speaker(a, "Nevada"));
    annot_free(a);
    a = run1("“Rates will stay high,” said Peter Walsh of Dublin.");
    ASSERT_QUOTE(a, 0, "Rates will stay high,", "direct", "Peter Walsh");
    annot_free(a);
    a = run1("“Rates will stay high,” said the Bank of England.");
    ASSERT_QUOTE(a, 0, "Rates will stay high,", "direct", "Bank of England");
    annot_free(a);
}
END_TEST

/* Four given-and-family parts are one name; after "to the" the run starts with a
 * title's complement. */
START_TEST(four_part_names)
{
    struct annot *a = run1("“Prices are falling,” said Nguyen Van Thanh Long, a farmer.");
    ASSERT_QUOTE(a, 0, "Prices are falling,", "direct", "Nguyen Van Thanh Long");
    annot_free(a);
    a = run1("“Talks went well,” said Envoy to the United Kingdom Ahmad Karimi.");
    ASSERT_QUOTE(a, 0, "Talks went well,", "direct", "Ahmad Karimi");
    annot_free(a);
}
END_TEST

/* ---------------------------------------------------------------- not quotes */

START_TEST(apostrophes_are_not_marks)
{
    struct annot *a = run1("They’re sure France’s team won, and Dimorphos’ orbit shrank. "
                           "It's the players' union's view that rock 'n' roll died in the '90s.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

START_TEST(book_title_is_not_a_quote)
{
    struct annot *a = run1("The attacks were long-planned, according to Michael Weiss, the "
                           "co-author of “ISIS: Inside the Army of Terror.”");
    ck_assert_uint_eq(a->nquotes, 0);
    ck_assert_uint_eq(a->nattrs, 1);
    ck_assert_str_eq(a->attrs[0].source, "Michael Weiss");
    ck_assert_str_eq(a->attrs[0].cue, "according to");
    const struct annot_speaker *s = find_speaker(a, "Michael Weiss");
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s->role, "co-author of “ISIS: Inside the Army of Terror”");
    annot_free(a);
}
END_TEST

START_TEST(scare_quotes_are_not_quotes)
{
    struct annot *a = run1("While the gunmen picked a number of “softer” targets in the capital, "
                           "the stadium drew a \"rubble pile\" of attention.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

START_TEST(names_and_nicknames_are_not_quotes)
{
    struct annot *a = run1("The Syrian refugee team listed their country as \"Hope\" on their "
                           "shirts and named their robot \"Robogee.\" A print called \"Cowboys "
                           "and Indians\" hung nearby.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

START_TEST(so_called_terms_are_not_quotes)
{
    struct annot *a = run1("In these so-called “mutual events,” one asteroid can cast a shadow "
                           "on the other, dimming its “light curve,” or brightness.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

START_TEST(nested_quote_stays_inside)
{
    struct annot *a = run1("“They would have thought ‘what was that?’ So as soon as the news "
                           "broke, there was a ripple effect,” said Buck Sexton.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0,
                 "They would have thought ‘what was that?’ So as soon as the news broke, there "
                 "was a ripple effect,",
                 "direct", "Buck Sexton");
    annot_free(a);
}
END_TEST

START_TEST(wrong_closing_mark_does_not_swallow)
{
    const char *p[] = {"Cruickshank said the next challenge was a propaganda video.",
                       "“Just recently, they instructed all their recruits to film everything,’ "
                       "he said. “They say there’s no point launching these attacks.”",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "Just recently, they instructed all their recruits to film everything,",
                 "direct", "Cruickshank");
    ASSERT_QUOTE(a, 1, "They say there’s no point launching these attacks.", "continuation",
                 "Cruickshank");
    annot_free(a);
}
END_TEST

START_TEST(unbalanced_marks_never_fail)
{
    const char *p[] = {"“",  "”",         "\"",       "‘’‘’", "He said “",
                       "“a", "x ” y “ z", "''\"\"''", "",     NULL};
    struct annot *a = run(p);
    annot_free(a);
    a = annot_run(NULL, NULL, 0);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
    annot_free(NULL);
}
END_TEST

/* Phrases nested without end ("a statement from a statement from ...", asides
 * in parentheses or dashes, appositives) are looked into a bounded number of
 * times: a paragraph of 40,000 of them ran the stack out before. */
START_TEST(nested_phrases_stay_bounded)
{
    static const char *const unit[] = {" a statement from", " the spokesman,", " (no relation)",
                                       " -- who knew"};
    static const char *const head[] = {"\"We are ready,\" read", "\"We are ready,\" said",
                                       "Ana Ruiz", "Ana Ruiz"};
    static const char *const tail[] = {" Acme.", " Tom Hale.", " said, \"We are ready.\"",
                                       " -- said, \"We are ready.\""};
    for (size_t k = 0; k < 4; k++) {
        size_t n = 40000, ul = strlen(unit[k]), hl = strlen(head[k]), tl = strlen(tail[k]);
        char *p = malloc(hl + n * ul + tl + 1);
        ck_assert_ptr_nonnull(p);
        memcpy(p, head[k], hl);
        for (size_t i = 0; i < n; i++)
            memcpy(p + hl + i * ul, unit[k], ul);
        memcpy(p + hl + n * ul, tail[k], tl + 1);
        struct annot *a = run1(p);
        ck_assert_ptr_nonnull(a);
        annot_free(a);
        free(p);
    }
}
END_TEST

/* ---------------------------------------------------------------- quote forms */

START_TEST(split_quote_direct_then_continuation)
{
    struct annot *a = run1("“Before impact,” Chesley continued, “the times of the events "
                           "occurred regularly.”");
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "Before impact,", "direct", "Chesley");
    ck_assert_str_eq(a->quotes[0].cue, "continued");
    ASSERT_QUOTE(a, 1, "the times of the events occurred regularly.", "continuation", "Chesley");
    annot_free(a);
}
END_TEST

START_TEST(multi_paragraph_quote)
{
    const char *p[] = {"The following is a statement from NASA Administrator Bill Nelson on "
                       "the passing of Thomas Stafford, a former NASA astronaut:",
                       "“Today, General Tom Stafford went to the eternal heavens.",
                       "“He flew our first rendezvous in space.", "“Godspeed, Tom Stafford.”",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 3);
    ASSERT_QUOTE(a, 0, "Today, General Tom Stafford went to the eternal heavens.", "continuation",
                 "Bill Nelson");
    ASSERT_QUOTE(a, 1, "He flew our first rendezvous in space.", "continuation", "Bill Nelson");
    ASSERT_QUOTE(a, 2, "Godspeed, Tom Stafford.", "continuation", "Bill Nelson");
    ck_assert_uint_eq(a->quotes[2].para, 3);
    const struct annot_speaker *s = find_speaker(a, "Bill Nelson");
    ck_assert_str_eq(s->role, "NASA Administrator");
    ck_assert_str_eq(s->organization, "NASA");
    annot_free(a);
}
END_TEST

START_TEST(partial_quote_governed_by_verb)
{
    const char *p[] = {"And this is exactly the tone President Francois Hollande has taken.",
                       "Speaking late Friday, he vowed France would be “ruthless” in its response.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "ruthless", "partial", "Francois Hollande");
    ck_assert_str_eq(a->quotes[0].cue, "vowed");
    ck_assert_str_eq(find_speaker(a, "Francois Hollande")->role, "President");
    ck_assert_uint_eq(a->nattrs, 1);
    ck_assert_str_eq(a->attrs[0].source, "he");
    annot_free(a);
}
END_TEST

START_TEST(partial_quote_according_to)
{
    struct annot *a = run1("According to Sexton, there will be a “quite a response” from France. "
                           "“They’re already doing airstrikes in Iraq and Syria.”");
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "quite a response", "partial", "Sexton");
    ASSERT_QUOTE(a, 1, "They’re already doing airstrikes in Iraq and Syria.", "continuation",
                 "Sexton");
    annot_free(a);
}
END_TEST

START_TEST(british_comma_outside)
{
    struct annot *a = run1("\"I think the obsession is as strong today as it was\", said "
                           "Gustafon. \"People are still intrigued.\"");
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "I think the obsession is as strong today as it was", "direct", "Gustafon");
    ASSERT_QUOTE(a, 1, "People are still intrigued.", "continuation", "Gustafon");
    annot_free(a);
}
END_TEST

START_TEST(single_quoted_british_style)
{
    struct annot *a =
        run1("‘We will not back down,’ Jane Smith said. ‘The players’ union agrees.’");
    ck_assert_uint_ge(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "We will not back down,", "direct", "Jane Smith");
    annot_free(a);
}
END_TEST

START_TEST(offsets_are_code_points)
{
    const char *p = "Café owner Zoë Ångström said, “Très bien, merci.”";
    struct annot *a = run1(p);
    ck_assert_uint_eq(a->nquotes, 1);
    /* "Café owner Zoë Ångström said, “" is 31 code points */
    ck_assert_uint_eq(a->quotes[0].start, 31);
    ck_assert_uint_eq(a->quotes[0].end, 31 + 17);
    ck_assert_str_eq(a->quotes[0].text, "Très bien, merci.");
    annot_free(a);
}
END_TEST

/* ---------------------------------------------------------------- cues */

START_TEST(cue_said_x)
{
    struct annot *a = run1("“The French are overwhelmed by the numbers,” said CNN terrorism "
                           "analyst Paul Cruickshank.");
    ASSERT_QUOTE(a, 0, "The French are overwhelmed by the numbers,", "direct", "Paul Cruickshank");
    ck_assert_str_eq(a->quotes[0].cue, "said");
    const struct annot_speaker *s = find_speaker(a, "Paul Cruickshank");
    ck_assert_str_eq(s->role, "CNN terrorism analyst");
    ck_assert_str_eq(s->organization, "CNN");
    ck_assert_str_eq(s->id, "paul-cruickshank");
    ck_assert_uint_eq(s->quote_count, 1);
    ck_assert_uint_eq(a->nattrs, 0);
    annot_free(a);
}
END_TEST

START_TEST(cue_x_said)
{
    struct annot *a = run1("\"It's over,\" Smith said.");
    ASSERT_QUOTE(a, 0, "It's over,", "direct", "Smith");
    annot_free(a);
}
END_TEST

START_TEST(cue_x_told_y)
{
    struct annot *a = run1("“We are so interested,” team member Rodaba Noori told the press, "
                           "“to show that we can make robots.”");
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "We are so interested,", "direct", "Rodaba Noori");
    ck_assert_str_eq(a->quotes[0].cue, "told");
    ASSERT_QUOTE(a, 1, "to show that we can make robots.", "continuation", "Rodaba Noori");
    ck_assert_str_eq(find_speaker(a, "Rodaba Noori")->role, "team member");
    annot_free(a);
}
END_TEST

START_TEST(cue_x_added_and_it_added)
{
    struct annot *a = run1("\"War maniacs made another grave provocation\", said KCNA. "
                           "\"Foolhardy provocation deserves harsh punishment\", it added; and, "
                           "later, \"Kim issued an order that the units should enter a wartime "
                           "state\".");
    ck_assert_uint_eq(a->nquotes, 3);
    ASSERT_QUOTE(a, 0, "War maniacs made another grave provocation", "direct", "KCNA");
    ASSERT_QUOTE(a, 1, "Foolhardy provocation deserves harsh punishment", "direct", "KCNA");
    ck_assert_str_eq(a->quotes[1].cue, "added");
    ASSERT_QUOTE(a, 2, "Kim issued an order that the units should enter a wartime state",
                 "continuation", "KCNA");
    annot_free(a);
}
END_TEST

START_TEST(cue_according_to_after_quote)
{
    struct annot *a = run1("“The program will grow,” according to curator Elaine Gustafon.");
    ASSERT_QUOTE(a, 0, "The program will grow,", "direct", "Elaine Gustafon");
    ck_assert_str_eq(a->quotes[0].cue, "according to");
    ck_assert_str_eq(find_speaker(a, "Elaine Gustafon")->role, "curator");
    annot_free(a);
}
END_TEST

START_TEST(cue_colon_name)
{
    struct annot *a = run1("Jane Smith: “We will win this election.”");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "We will win this election.", "direct", "Jane Smith");
    annot_free(a);
}
END_TEST

START_TEST(cue_dash_name)
{
    struct annot *a = run1("“We will win this election.” – Jane Smith");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "We will win this election.", "direct", "Jane Smith");
    annot_free(a);
}
END_TEST

START_TEST(cue_he_said_before)
{
    struct annot *a = run1("For Kevin Allton, a USI instructor in English, Warhol was also a "
                           "legend. He said, \"Andy Warhol was the center of the Zeitgeist.\"");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "Andy Warhol was the center of the Zeitgeist.", "direct", "Kevin Allton");
    const struct annot_speaker *s = find_speaker(a, "Kevin Allton");
    ck_assert_str_eq(s->role, "USI instructor in English");
    ck_assert_str_eq(s->organization, "USI");
    annot_free(a);
}
END_TEST

START_TEST(cue_question_mark)
{
    struct annot *a = run1("“Why now?” asked Jane Smith, a spokeswoman for the ministry.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "Why now?", "direct", "Jane Smith");
    ck_assert_str_eq(find_speaker(a, "Jane Smith")->role, "spokeswoman for the ministry");
    annot_free(a);
}
END_TEST

START_TEST(cue_appositive_subject)
{
    struct annot *a = run1("Cynthia Thompson, curator and director of exhibits at the University "
                           "of Arkansas, Fayetteville, said, \"These images serve as "
                           "documentation.\"");
    ASSERT_QUOTE(a, 0, "These images serve as documentation.", "direct", "Cynthia Thompson");
    const struct annot_speaker *s = find_speaker(a, "Cynthia Thompson");
    ck_assert_str_eq(s->role, "curator and director of exhibits");
    ck_assert_str_eq(s->organization, "University of Arkansas, Fayetteville");
    annot_free(a);
}
END_TEST

START_TEST(cue_inverted_long_appositive)
{
    struct annot *a = run1("“When DART made impact, things got very interesting,” said Shantanu "
                           "Naidu, a navigation engineer at NASA’s Jet Propulsion Laboratory in "
                           "Southern California, who led the study.");
    ASSERT_QUOTE(a, 0, "When DART made impact, things got very interesting,", "direct",
                 "Shantanu Naidu");
    const struct annot_speaker *s = find_speaker(a, "Shantanu Naidu");
    ck_assert_str_eq(s->role, "navigation engineer");
    ck_assert_str_eq(s->organization, "NASA’s Jet Propulsion Laboratory");
    annot_free(a);
}
END_TEST

/* ---------------------------------------------------------------- speakers */

START_TEST(pronoun_resolves_to_latest_person)
{
    const char *p[] = {"The plot was directed from Syria, according to Michael Weiss, an analyst.",
                       "“That’s not to say it’s coming out of headquarters,” he told CNN. “It is "
                       "getting these affiliates to declare allegiance.”",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "That’s not to say it’s coming out of headquarters,", "direct",
                 "Michael Weiss");
    ck_assert_str_eq(a->quotes[0].cue, "told");
    ASSERT_QUOTE(a, 1, "It is getting these affiliates to declare allegiance.", "continuation",
                 "Michael Weiss");
    annot_free(a);
}
END_TEST

START_TEST(continuation_carries_previous_speaker)
{
    const char *p[] = {"“Seventeen years ago, this would not have been possible,” said "
                       "Ambassador Mohib.",
                       "“They represent our aspirations and resilience despite the conflict.”",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 1, "They represent our aspirations and resilience despite the conflict.",
                 "continuation", "Mohib");
    annot_free(a);
}
END_TEST

START_TEST(surname_joins_full_name)
{
    const char *p[] = {"According to Afghan Ambassador to the United States Hamdullah Mohib, the "
                       "team shows progress.",
                       "“Seventeen years ago, this would not have been possible,” said "
                       "Ambassador Mohib.",
                       NULL};
    struct annot *a = run(p);
    ASSERT_QUOTE(a, 0, "Seventeen years ago, this would not have been possible,", "direct",
                 "Hamdullah Mohib");
    ck_assert_str_eq(find_speaker(a, "Hamdullah Mohib")->role,
                     "Afghan Ambassador to the United States");
    ck_assert_uint_eq(a->nspeakers, 1);
    annot_free(a);
}
END_TEST

/* A given name spoken to, then the full name it is short for: one person. */
START_TEST(given_name_joins_later_full_name)
{
    const char *p[] = {"\"Uncle, you look tired tonight.\"",
                       "\"I am tired, Nora. I am getting old.\"",
                       "\"You are not old at all,\" said Nora Hale.", NULL};
    struct annot *a = run(p);
    ASSERT_QUOTE(a, 0, "Uncle, you look tired tonight.", "direct", "Nora Hale");
    ASSERT_QUOTE(a, 2, "You are not old at all,", "direct", "Nora Hale");
    ck_assert_ptr_null(find_speaker(a, "Nora"));
    ck_assert_uint_eq(a->nspeakers, 1);
    annot_free(a);
}
END_TEST

/* "Miss Ada" names the younger sister by her given name: "Miss Grey" is then
 * the elder, another person; before "Miss Ada" is used, nothing tells them apart. */
START_TEST(honorific_surname_is_the_elder_sister)
{
    const char *p[] = {"Miss Ada Grey and her sister stood at the gate.",
                       "\"The cart is here, sister,\" said Miss Ada.",
                       "\"Is the trunk ready?\" asked Miss Grey.",
                       "\"It is ready,\" said Miss Ada.", NULL};
    struct annot *a = run(p);
    ASSERT_QUOTE(a, 0, "The cart is here, sister,", "direct", "Ada Grey");
    ASSERT_QUOTE(a, 1, "Is the trunk ready?", "direct", "Grey");
    ASSERT_QUOTE(a, 2, "It is ready,", "direct", "Ada Grey");
    annot_free(a);
    const char *q[] = {"Miss Ada Grey stood at the gate.",
                       "\"Is the trunk ready?\" asked Miss Grey.", NULL};
    a = run(q);
    ASSERT_QUOTE(a, 0, "Is the trunk ready?", "direct", "Ada Grey");
    annot_free(a);
}
END_TEST

START_TEST(misspelt_variant_is_an_alias)
{
    const char *p[] = {"\"Pop art was about what popular culture thought was important\", Kathryn "
                       "Waters said.",
                       "\"I think everybody knows his name\", Water said.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 1, "I think everybody knows his name", "direct", "Kathryn Waters");
    const struct annot_speaker *s = find_speaker(a, "Kathryn Waters");
    ck_assert_uint_eq(s->naliases, 1);
    ck_assert_str_eq(s->aliases[0], "Water");
    ck_assert_uint_eq(s->quote_count, 2);
    annot_free(a);
}
END_TEST

START_TEST(rhetorical_question_answer)
{
    struct annot *a = run1("Kiara Perkins, a second year USI art major, admitted she was willing "
                           "to skip class. Why did she so badly want to attend? \"It's Warhol. "
                           "He is a legend.\"");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "It's Warhol. He is a legend.", "continuation", "Kiara Perkins");
    const struct annot_speaker *s = find_speaker(a, "Kiara Perkins");
    ck_assert_str_eq(s->role, "second year USI art major");
    ck_assert_str_eq(s->organization, "USI");
    annot_free(a);
}
END_TEST

START_TEST(partial_quote_quoting_organisation)
{
    struct annot *a = run1("According to Yonhap news agency, quoting North Korea's main news "
                           "agency Korean Central News Agency (KCNA), the military has been told "
                           "to prepare a \"quasi-state of war\".");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "quasi-state of war", "partial", "KCNA");
    ck_assert_str_eq(a->quotes[0].cue, "quoting");
    const struct annot_speaker *s = find_speaker(a, "KCNA");
    ck_assert_uint_eq(s->naliases, 1);
    ck_assert_str_eq(s->aliases[0], "Korean Central News Agency");
    ck_assert_str_eq(s->role, "North Korea's main news agency");
    ck_assert_uint_eq(a->nattrs, 2);
    ck_assert_str_eq(a->attrs[0].source, "Yonhap news agency");
    ck_assert_str_eq(a->attrs[1].source, "Korean Central News Agency");
    annot_free(a);
}
END_TEST

/* ---------------------------------------------------------------- reported speech */

START_TEST(attr_according_to_unnamed)
{
    struct annot *a = run1("The coordinated attacks point to an organized group, according to "
                           "security experts.");
    ck_assert_uint_eq(a->nquotes, 0);
    ck_assert_uint_eq(a->nattrs, 1);
    ck_assert_str_eq(a->attrs[0].source, "security experts");
    ck_assert_int_eq(a->attrs[0].speaker, -1);
    ck_assert_str_eq(a->attrs[0].cue, "according to");
    ck_assert_uint_eq(a->nspeakers, 0);
    annot_free(a);
}
END_TEST

/* "Ellis agreed, saying ...": the participle reports the subject's words */
START_TEST(attr_participle_saying)
{
    struct annot *a = run1("Jordan Ellis agreed, saying the team had doubled in a year.");
    ck_assert_uint_eq(a->nquotes, 0);
    ck_assert_uint_eq(a->nattrs, 1);
    ck_assert_str_eq(a->attrs[0].source, "Jordan Ellis");
    ck_assert_str_eq(a->attrs[0].cue, "saying");
    annot_free(a);
}
END_TEST

START_TEST(attr_experts_say)
{
    struct annot *a = run1("The group is finding it easier to encourage these attacks, experts "
                           "say. But other analysts believe the stadium was the real target.");
    ck_assert_uint_eq(a->nattrs, 2);
    ck_assert_str_eq(a->attrs[0].source, "experts");
    ck_assert_str_eq(a->attrs[0].cue, "say");
    ck_assert_str_eq(a->attrs[1].source, "other analysts");
    ck_assert_str_eq(a->attrs[1].cue, "believe");
    annot_free(a);
}
END_TEST

START_TEST(attr_named_speaker_said)
{
    const char *p[] = {"“The French are overwhelmed,” said analyst Paul Cruickshank.",
                       "Cruickshank said the next challenge was a propaganda video.",
                       "He pointed to a plot that was thwarted in Belgium.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nattrs, 2);
    ck_assert_str_eq(a->attrs[0].source, "Cruickshank");
    ck_assert_str_eq(a->speakers[a->attrs[0].speaker].name, "Paul Cruickshank");
    ck_assert_str_eq(a->attrs[0].cue, "said");
    ck_assert_uint_eq(a->attrs[0].para, 1);
    ck_assert_uint_eq(a->attrs[0].start, 0);
    ck_assert_uint_eq(a->attrs[0].end, 11);
    ck_assert_str_eq(a->attrs[1].source, "He");
    ck_assert_str_eq(a->attrs[1].cue, "pointed to");
    ck_assert_str_eq(a->speakers[a->attrs[1].speaker].name, "Paul Cruickshank");
    ck_assert_uint_eq(a->nspeakers, 1);
    annot_free(a);
}
END_TEST

START_TEST(attr_no_false_verbs)
{
    struct annot *a = run1("The program has seeded galleries throughout the United States. The "
                           "coordinated nature of the attacks across Paris points to a group. He "
                           "said France has shown it is capable.");
    /* "States" is no verb, "Paris" is no subject, the nested "has shown" is no attribution */
    ck_assert_uint_eq(a->nattrs, 1);
    ck_assert_str_eq(a->attrs[0].source, "He");
    ck_assert_str_eq(a->attrs[0].cue, "said");
    annot_free(a);
}
END_TEST

START_TEST(attr_study_found)
{
    struct annot *a = run1("A new study published in the Planetary Science Journal shows the "
                           "orbit changed. The team found the orbit is now elongated.");
    ck_assert_uint_eq(a->nattrs, 2);
    ck_assert_str_eq(a->attrs[0].source, "A new study published in the Planetary Science Journal");
    ck_assert_str_eq(a->attrs[0].cue, "shows");
    ck_assert_str_eq(a->attrs[1].source, "The team");
    ck_assert_str_eq(a->attrs[1].cue, "found");
    annot_free(a);
}
END_TEST

START_TEST(kind_names)
{
    ck_assert_str_eq(annot_kind_name(ANNOT_DIRECT), "direct");
    ck_assert_str_eq(annot_kind_name(ANNOT_CONTINUATION), "continuation");
    ck_assert_str_eq(annot_kind_name(ANNOT_PARTIAL), "partial");
    ck_assert_str_eq(annot_kind_name(ANNOT_INDIRECT), "indirect");
}
END_TEST

/* an_find_mentions looks for the phrases that open at "a", "an", "the" and
 * "one" only at listed determiners (a cheap gate), so all four must be. */
START_TEST(phrase_openers_are_determiners)
{
    lex_init();
    static const char *const w[] = {"a", "an", "the", "one", "A", "An", "The", "One"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        ck_assert_msg(lex_classes(w[i], strlen(w[i])) & LEX_DET, "%s is no determiner", w[i]);
}
END_TEST

START_TEST(title_noun_right_before_span)
{
    struct annot *a = run1("She wrote the book \"How We Win Elections When Nobody Votes\" in 2019 "
                           "and coined the word \"doomscrolling\" too.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

START_TEST(speech_verb_between_trigger_and_span)
{
    struct annot *a =
        run1("The report said \"the economy is weaker than at any time since 2008.\"");
    ck_assert_uint_eq(a->nquotes, 1);
    ck_assert_str_eq(a->quotes[0].text, "the economy is weaker than at any time since 2008.");
    annot_free(a);
}
END_TEST

START_TEST(plural_possessive_in_single_quotes)
{
    struct annot *a = run1("‘The players’ union won’t back down on this,’ said general secretary "
                           "Mick Lynch.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "The players’ union won’t back down on this,", "direct", "Mick Lynch");
    ck_assert_str_eq(find_speaker(a, "Mick Lynch")->role, "general secretary");
    annot_free(a);
}
END_TEST

START_TEST(definite_description_points_back)
{
    const char *p[] = {
        "Foreign Minister Jane Carter resigned on Friday after weeks of pressure.",
        "“I take full responsibility,” the minister said in a statement, adding that "
        "she would “cooperate fully” with any inquiry.",
        "In a statement, Pacific Power Company said repairs would take days.",
        "“Our crews are doing everything they can,” the company said.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 3);
    ASSERT_QUOTE(a, 0, "I take full responsibility,", "direct", "Jane Carter");
    ASSERT_QUOTE(a, 1, "cooperate fully", "partial", "Jane Carter");
    ck_assert_str_eq(a->quotes[1].cue, "adding");
    ASSERT_QUOTE(a, 2, "Our crews are doing everything they can,", "direct",
                 "Pacific Power Company");
    annot_free(a);
}
END_TEST

START_TEST(role_then_name_between_commas)
{
    struct annot *a = run1("“We will cooperate fully,” a company spokeswoman, Jane Doe, said in an "
                           "email.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "We will cooperate fully,", "direct", "Jane Doe");
    ck_assert_str_eq(find_speaker(a, "Jane Doe")->role, "company spokeswoman");
    ck_assert_uint_eq(a->nattrs, 0);
    annot_free(a);
}
END_TEST

START_TEST(unnamed_source_keeps_its_phrase)
{
    struct annot *a = run1("“This is the end of an era,” said one senior official. A spokesman for "
                           "the police union said the raises were \"long overdue.\"");
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "This is the end of an era,", "direct", NULL);
    ck_assert_str_eq(a->quotes[0].source, "one senior official");
    ASSERT_QUOTE(a, 1, "long overdue.", "partial", NULL);
    ck_assert_str_eq(a->quotes[1].source, "A spokesman for the police union");
    ck_assert_uint_eq(a->nspeakers, 0);
    annot_free(a);
}
END_TEST

START_TEST(surname_gets_the_full_name)
{
    const char *p[] = {"Her spokesman, David Hill, declined to comment further on the matter.",
                       "“We are not going to say anything else today,” Hill told reporters.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "We are not going to say anything else today,", "direct", "David Hill");
    ck_assert_str_eq(a->speakers[0].id, "david-hill");
    annot_free(a);
}
END_TEST

START_TEST(quote_after_sentence_about_a_person)
{
    const char *p[] = {"Opposition leader Tom Reed and Foreign Minister Jane Carter met on Friday.",
                       "Carter was defiant in her final interview. “History will judge me fairly, "
                       "and I am at peace.” Reed did not reply.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "History will judge me fairly, and I am at peace.", "continuation",
                 "Jane Carter");
    annot_free(a);
}
END_TEST

START_TEST(pronoun_prefers_introduced_person)
{
    const char *p[] = {
        "“It should have happened weeks ago,” said Foreign Minister Jane Carter.",
        "Opposition leader Tom Reed welcomed the decision. “It is overdue,” he said.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 1, "It is overdue,", "direct", "Tom Reed");
    ck_assert_str_eq(find_speaker(a, "Tom Reed")->role, "Opposition leader");
    annot_free(a);
}
END_TEST

START_TEST(statement_from_organisation)
{
    struct annot *a = run1("According to a statement from the Department for Transport, the offer "
                           "was ‘fair and affordable’.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "fair and affordable", "partial", "Department for Transport");
    annot_free(a);
}
END_TEST

START_TEST(verb_with_no_source_is_still_a_cue)
{
    const char *p[] = {"“We gave everything,” said Didier Deschamps.",
                       "The team's captain - who scored twice - said: “We did it for the fans.”",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 1, "We did it for the fans.", "direct", NULL);
    annot_free(a);
}
END_TEST

START_TEST(called_by_a_speaker_is_partial)
{
    struct annot *a = run1("Messi, 35, called the victory “a dream come true” and said he would "
                           "keep playing.");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "a dream come true", "partial", "Messi");
    ck_assert_ptr_null(find_speaker(a, "Messi")->role);
    annot_free(a);
}
END_TEST

START_TEST(titles_and_particles_in_names)
{
    const char *p[] = {"Secretary of State Antony Blinken arrived in Kyiv on Tuesday for talks.",
                       "“We stand with Ukraine,” Blinken told reporters at the airport.",
                       "Martin Luther King Jr. once said that “the arc of the moral universe is "
                       "long, but it bends toward justice.”",
                       "Ursula von der Leyen, the president of the European Commission, said the "
                       "bloc would “do whatever it takes” to help.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 3);
    ASSERT_QUOTE(a, 0, "We stand with Ukraine,", "direct", "Antony Blinken");
    ck_assert_str_eq(find_speaker(a, "Antony Blinken")->role, "Secretary of State");
    ASSERT_QUOTE(a, 1, "the arc of the moral universe is long, but it bends toward justice.",
                 "partial", "Martin Luther King Jr.");
    ASSERT_QUOTE(a, 2, "do whatever it takes", "partial", "Ursula von der Leyen");
    ck_assert_str_eq(find_speaker(a, "Ursula von der Leyen")->role,
                     "president of the European Commission");
    annot_free(a);
}
END_TEST

START_TEST(statement_then_colon)
{
    struct annot *a = run1("The mayor's office released a statement on Wednesday evening: “The "
                           "city will not tolerate violence.”");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "The city will not tolerate violence.", "direct", NULL);
    ck_assert_str_eq(a->quotes[0].source, "The mayor's office");
    annot_free(a);
}
END_TEST

START_TEST(wrong_way_opening_mark)
{
    struct annot *a = run1("Wilkins said,” [Warhol] liked the way photo booths looked”. She "
                           "explained the rest. Wilkins said,’ It was all about the camera’.");
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, " [Warhol] liked the way photo booths looked", "direct", "Wilkins");
    ASSERT_QUOTE(a, 1, " It was all about the camera", "direct", "Wilkins");
    annot_free(a);
}
END_TEST

START_TEST(passive_speech_verb_with_agent)
{
    struct annot *a = run1("The results were described by independent experts as “modest but "
                           "meaningful.”");
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "modest but meaningful.", "partial", NULL);
    ck_assert_str_eq(a->quotes[0].source, "independent experts");
    annot_free(a);
}
END_TEST

START_TEST(pronoun_agrees_in_sex)
{
    const char *p[] = {"John and Mary Wilson, both 72, bought the ticket at their local shop.",
                       "Mrs Wilson said she had checked the numbers three times. “I thought I "
                       "was seeing things,” she said.",
                       "Mr Wilson said they planned to buy a new car. “We're not going to go "
                       "mad,” he said.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 0, "I thought I was seeing things,", "direct", "Mary Wilson");
    ASSERT_QUOTE(a, 1, "We're not going to go mad,", "direct", "John Wilson");
    ck_assert_ptr_null(find_speaker(a, "Mary Wilson")->role);
    annot_free(a);
}
END_TEST

START_TEST(pronoun_after_sentence_subject)
{
    const char *p[] = {"“Why does insulin cost so much?” asked Sen. Bernie Sanders, the chairman.",
                       "David Ricks, the chief executive of Eli Lilly, said prices had been cut.",
                       "Sanders was not satisfied. “That is not enough,” he said.",
                       "Richard Hale, 61, was sentenced by the judge, Maria Lopez.",
                       "Hale, who pleaded guilty in March, apologized. “I am ashamed,” he said.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 3);
    ASSERT_QUOTE(a, 1, "That is not enough,", "direct", "Bernie Sanders");
    ASSERT_QUOTE(a, 2, "I am ashamed,", "direct", "Richard Hale");
    annot_free(a);
}
END_TEST

/* An opening prepositional phrase is scenery: the subject comes after it. A
 * sentence with no such phrase still takes its first name. */
START_TEST(opening_phrase_is_not_the_subject)
{
    const char *neg[] = {"Sam Okoro, 41, said the line was long.", "“It moved slowly,” he said.",
                         NULL};
    struct annot *a = run(neg);
    ASSERT_QUOTE(a, 0, "It moved slowly,", "direct", "Sam Okoro");
    annot_free(a);
    const char *pos[] = {"At the depot on Elm Road, Ana Lopez, 54, said she had waited an hour.",
                         "“It was awful,” she said.", NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 0, "It was awful,", "direct", "Ana Lopez");
    ck_assert_ptr_null(find_speaker(a, "Elm Road"));
    annot_free(a);
}
END_TEST

/* "the senator" is the person titled Sen., even when an appositive gave the
 * role; a title that does not match points nowhere. */
START_TEST(title_only_reference)
{
    const char *neg[] = {"Gov. Tom Hale, a Democrat, opened the session.",
                         "“We need answers,” the senator said.", NULL};
    struct annot *a = run(neg);
    ck_assert_uint_eq(a->nquotes, 1);
    ck_assert_ptr_null(find_speaker(a, "Tom Hale"));
    annot_free(a);
    const char *pos[] = {"Sen. Jane Roe, a Texas Republican who leads the panel, opened it.",
                         "“We need answers,” the senator said.",
                         "Dr. Paul Ivers, who runs the clinic, disagreed. “Not yet,” the "
                         "doctor said.",
                         NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 0, "We need answers,", "direct", "Jane Roe");
    ASSERT_QUOTE(a, 1, "Not yet,", "direct", "Paul Ivers");
    annot_free(a);
}
END_TEST

/* A nickname in quotes inside a name is no quote, and the person is the name
 * around it; a title between two names is left alone. */
START_TEST(nickname_inside_a_name)
{
    struct annot *a = run1("She read Brown “Summer Days” Nights aloud.");
    ck_assert_uint_eq(a->nquotes, 0);
    ck_assert_uint_eq(a->nspeakers, 0);
    annot_free(a);
    const char *pos[] = {"LONDON — Peter “Big Ben” Carver is a boxer.",
                         "The veteran was calm. “I felt good,” he told reporters.", NULL};
    a = run(pos);
    ck_assert_uint_eq(a->nquotes, 1);
    ASSERT_QUOTE(a, 0, "I felt good,", "direct", "Peter Carver");
    annot_free(a);
}
END_TEST

/* A credit line after a quote paragraph: `"..." — NAME, on X`, also with -- and ―;
 * a dash followed by a clause is no credit. */
START_TEST(dash_credit_line)
{
    struct annot *a = run1("“Great fight tonight.” — and then the lights went out, "
                           "which nobody expected at all in the hall.");
    ck_assert(a->nquotes == 0 || a->quotes[0].speaker == -1);
    annot_free(a);
    const char *pos[] = {"“Great fight tonight.” — coach Anna Kowalski, on X",
                         "“He never stops.” -- promoter Dan Ruiz",
                         "“What a night.” ― referee Lena Park", NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 0, "Great fight tonight.", "direct", "Anna Kowalski");
    ASSERT_QUOTE(a, 1, "He never stops.", "direct", "Dan Ruiz");
    ASSERT_QUOTE(a, 2, "What a night.", "direct", "Lena Park");
    annot_free(a);
}
END_TEST

/* A surname a pronoun has pointed at is a person, and the latest one: it beats
 * an older person whose type was known from the start. */
START_TEST(recent_untyped_person_beats_older_typed)
{
    const char *neg[] = {"Tom Webb, a critic, disliked the film.", "“It drags,” he said.",
                         NULL};
    struct annot *a = run(neg);
    ASSERT_QUOTE(a, 0, "It drags,", "direct", "Tom Webb");
    annot_free(a);
    const char *pos[] = {"Zoltan “Ice” Kovacs was nervous. “I shook,” he said.",
                         "Tom Webb, a critic, disliked the film.",
                         "Kovacs said he had read the reviews. “Some are fair,” he said.",
                         NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 1, "Some are fair,", "direct", "Zoltan Kovacs");
    annot_free(a);
}
END_TEST

/* "the company said": the latest organisation, even one whose name does not
 * say "company"; a short name that starts an employer's name is that employer. */
START_TEST(company_anaphora_and_short_name)
{
    struct annot *a = run1("“We listened,” the company said.");
    ASSERT_QUOTE(a, 0, "We listened,", "direct", NULL);
    annot_free(a);
    const char *pos[] = {"Ann Lee, chief executive of Brightwell Pharmaceuticals, said prices "
                         "would rise.",
                         "Later, Brightwell said it would cut prices. “We listened,” the company "
                         "said.",
                         NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 0, "We listened,", "direct", "Brightwell Pharmaceuticals");
    annot_free(a);
}
END_TEST

/* A quoted word with no verb of saying anywhere in its sentence stays a term,
 * even in a sentence with a participle or an unnamed source in it. */
START_TEST(scare_quotes_without_governing_verb)
{
    struct annot *a = run1("Officials familiar with the plan met on Monday, leaving the "
                           "“softer” targets for later.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
    a = run1("The club unveiled a robot named \"Botley.\" Its so-called \"quiet hours,\" "
             "start at nine.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

/* A quantifier or article + person noun (+ postmodifier) is an unnamed
 * source: the speaker is null, and the previous speaker is not carried over. */
START_TEST(unnamed_source_with_postmodifier)
{
    const char *paras[] = {
        "“Stocks are cheap,” said Laura Pennington, a fund manager in Leeds.",
        "Three brokers close to the deal said it would close soon. “Nobody wants to wait "
        "another month for this,” one of them said, declining to be named.",
        NULL};
    struct annot *a = run(paras);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 1, "Nobody wants to wait another month for this,", "direct", NULL);
    ck_assert_ptr_nonnull(a->quotes[1].source);
    ck_assert_str_eq(a->quotes[1].source, "one of them");
    annot_free(a);
    a = run1("A state official familiar with the talks said the sides were “very close” on "
             "pay.");
    ASSERT_QUOTE(a, 0, "very close", "partial", NULL);
    ck_assert_ptr_nonnull(a->quotes[0].source);
    ck_assert_str_eq(a->quotes[0].source, "A state official familiar with the talks");
    annot_free(a);
}
END_TEST

/* A verb of saying anywhere in the sentence governs a partial quote: in a
 * relative clause, `accused X of`, or a participle after a comma, whose
 * speaker is the main clause's subject. */
START_TEST(partial_quote_governed_anywhere)
{
    struct annot *a = run1("It was a slogan Mr Hale admits was written 'over a long lunch'.");
    ASSERT_QUOTE(a, 0, "over a long lunch", "partial", "Hale");
    annot_free(a);
    a = run1("The opposition leader, Tomasz Brill, accused the board of 'hiding the bill'.");
    ASSERT_QUOTE(a, 0, "hiding the bill", "partial", "Tomasz Brill");
    annot_free(a);
    const char *paras[] = {"Deputy mayor Ines Varga defended the scheme on Monday.",
                           "Ms Varga hit back, saying her critics had 'never once' read it.",
                           NULL};
    a = run(paras);
    ASSERT_QUOTE(a, 0, "never once", "partial", "Ines Varga");
    annot_free(a);
    a = run1("Union leader Carl Brandt called the offer \"a slap in the face.\"");
    ASSERT_QUOTE(a, 0, "a slap in the face.", "partial", "Carl Brandt");
    annot_free(a);
}
END_TEST

/* "his wife, NAME," makes NAME a person of known sex for a later pronoun; a
 * descriptor before "Dr. NAME," after the quote gives the name, not the
 * organisation named earlier. */
START_TEST(kin_appositive_and_titled_descriptor)
{
    struct annot *a = run1("“Prices are up,” said Colin Marsh. His wife, Tamsin, was more "
                           "hopeful. “It will settle down,” she said.");
    ASSERT_QUOTE(a, 1, "It will settle down,", "direct", "Tamsin");
    annot_free(a);
    a = run1("About 2 million people use it, according to the Kidney Foundation. “Nobody "
             "should go without,” the foundation’s medical director, Dr. Ola Brandt, said.");
    ASSERT_QUOTE(a, 0, "Nobody should go without,", "direct", "Ola Brandt");
    annot_free(a);
}
END_TEST

/* "the Spaniard", "the 31-year-old", "the defender": a description stands for
 * the latest compatible subject and is never a speaker of its own. */
START_TEST(descriptor_points_back_to_subject)
{
    const char *neg[] = {"The match ended late.", "“It was cold,” said the Spaniard.", NULL};
    struct annot *a = run(neg);
    ASSERT_QUOTE(a, 0, "It was cold,", "direct", NULL);
    ck_assert_ptr_null(find_speaker(a, "Spaniard"));
    annot_free(a);
    const char *age[] = {"Ana Silva scored twice in the first half.",
                         "Substitute Tom Reed, 19, added a third.",
                         "“I was lucky,” said the 31-year-old.", NULL};
    a = run(age);
    ASSERT_QUOTE(a, 0, "I was lucky,", "direct", "Ana Silva");
    annot_free(a);
    const char *dem[] = {"Pablo Ortiz scored the winner.",
                         "The Spaniard added: “It was a good day for us.”", NULL};
    a = run(dem);
    ASSERT_QUOTE(a, 0, "It was a good day for us.", "direct", "Pablo Ortiz");
    ck_assert_ptr_null(find_speaker(a, "Spaniard"));
    annot_free(a);
    const char *role[] = {"Mark Dale, who replaced the injured Sam Fisher, was calm. “We held "
                          "on,” the defender told reporters.",
                          NULL};
    a = run(role);
    ASSERT_QUOTE(a, 0, "We held on,", "direct", "Mark Dale");
    annot_free(a);
}
END_TEST

/* "he" is the previous sentence's subject when of his sex; "they" is never
 * one person. */
START_TEST(pronoun_subject_and_plural)
{
    const char *neg[] = {"Anna Berg led the study of 900 adults.",
                         "“The effect is small,” they wrote.", NULL};
    struct annot *a = run(neg);
    ASSERT_QUOTE(a, 0, "The effect is small,", "direct", NULL);
    annot_free(a);
    const char *pos[] = {"Ken Obi, who replaced Sam Fisher in the second half, scored late.",
                         "“It felt good,” he said.", NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 0, "It felt good,", "direct", "Ken Obi");
    annot_free(a);
}
END_TEST

/* A role word before a name is no part of it; a possessive name is a person;
 * a lone surname means the full name given before it, not one given later. */
START_TEST(names_roles_possessives_surnames)
{
    struct annot *a = run1("“We lost everything,” said Neighbor Rosa Diaz.");
    ASSERT_QUOTE(a, 0, "We lost everything,", "direct", "Rosa Diaz");
    ck_assert_ptr_null(find_speaker(a, "Neighbor Rosa Diaz"));
    annot_free(a);
    const char *pos[] = {"The boat in Nora Kerr's shed is older than she is.",
                         "Kerr describes the night of the storm:", "“It was dark all night.”",
                         "Her nephew, Sean Kerr, remembers it too.", NULL};
    a = run(pos);
    ASSERT_QUOTE(a, 0, "It was dark all night.", "continuation", "Nora Kerr");
    annot_free(a);
}
END_TEST

/* A span after "under the title" or "headlined" is a title, not speech. */
START_TEST(span_after_title_words)
{
    struct annot *a = run1("The paper appeared under the title “Walking and memory in older "
                           "adults: a cohort study”, and covered 4,000 people.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
    a = run1("The paper ran a piece headlined “Walking is good for you” on Monday.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
}
END_TEST

/* `called the study "..."` is a verdict with a speaker; a one-word sentence
 * right after `he said.` goes on his quote. */
START_TEST(called_object_and_short_continuation)
{
    struct annot *a = run1("He starred in a film called “Jaws”.");
    ck_assert_uint_eq(a->nquotes, 0);
    annot_free(a);
    a = run1("Jo Ruiz, a doctor who was not involved, called the study “large and careful.”");
    ASSERT_QUOTE(a, 0, "large and careful.", "partial", "Jo Ruiz");
    annot_free(a);
    const char *pos[] = {"Luis Mora watched from the street.",
                         "“Everything I own is in there,” he said. “Everything.”", NULL};
    a = run(pos);
    ck_assert_uint_eq(a->nquotes, 2);
    ASSERT_QUOTE(a, 1, "Everything.", "continuation", "Luis Mora");
    annot_free(a);
}
END_TEST

static Suite *annotate_suite(void)
{
    Suite *s = suite_create("annotate");
    TCase *neg = tcase_create("not_quotes");
    tcase_add_test(neg, apostrophes_are_not_marks);
    tcase_add_test(neg, book_title_is_not_a_quote);
    tcase_add_test(neg, scare_quotes_are_not_quotes);
    tcase_add_test(neg, names_and_nicknames_are_not_quotes);
    tcase_add_test(neg, so_called_terms_are_not_quotes);
    tcase_add_test(neg, nested_quote_stays_inside);
    tcase_add_test(neg, wrong_closing_mark_does_not_swallow);
    tcase_add_test(neg, unbalanced_marks_never_fail);
    tcase_add_test(neg, nested_phrases_stay_bounded);
    tcase_add_test(neg, title_noun_right_before_span);
    tcase_add_test(neg, speech_verb_between_trigger_and_span);
    tcase_add_test(neg, plural_possessive_in_single_quotes);
    tcase_add_test(neg, scare_quotes_without_governing_verb);
    tcase_add_test(neg, span_after_title_words);
    suite_add_tcase(s, neg);
    TCase *forms = tcase_create("quote_forms");
    tcase_add_test(forms, split_quote_direct_then_continuation);
    tcase_add_test(forms, multi_paragraph_quote);
    tcase_add_test(forms, partial_quote_governed_by_verb);
    tcase_add_test(forms, partial_quote_according_to);
    tcase_add_test(forms, partial_quote_governed_anywhere);
    tcase_add_test(forms, unnamed_source_with_postmodifier);
    tcase_add_test(forms, british_comma_outside);
    tcase_add_test(forms, single_quoted_british_style);
    tcase_add_test(forms, offsets_are_code_points);
    tcase_add_test(forms, wrong_way_opening_mark);
    suite_add_tcase(s, forms);
    TCase *cues = tcase_create("cues");
    tcase_add_test(cues, cue_said_x);
    tcase_add_test(cues, cue_x_said);
    tcase_add_test(cues, cue_x_told_y);
    tcase_add_test(cues, cue_x_added_and_it_added);
    tcase_add_test(cues, cue_according_to_after_quote);
    tcase_add_test(cues, cue_colon_name);
    tcase_add_test(cues, cue_dash_name);
    tcase_add_test(cues, cue_he_said_before);
    tcase_add_test(cues, cue_question_mark);
    tcase_add_test(cues, cue_appositive_subject);
    tcase_add_test(cues, cue_inverted_long_appositive);
    suite_add_tcase(s, cues);
    TCase *spk = tcase_create("speakers");
    tcase_add_test(spk, pronoun_resolves_to_latest_person);
    tcase_add_test(spk, continuation_carries_previous_speaker);
    tcase_add_test(spk, surname_joins_full_name);
    tcase_add_test(spk, misspelt_variant_is_an_alias);
    tcase_add_test(spk, rhetorical_question_answer);
    tcase_add_test(spk, partial_quote_quoting_organisation);
    tcase_add_test(spk, definite_description_points_back);
    tcase_add_test(spk, role_then_name_between_commas);
    tcase_add_test(spk, unnamed_source_keeps_its_phrase);
    tcase_add_test(spk, surname_gets_the_full_name);
    tcase_add_test(spk, given_name_joins_later_full_name);
    tcase_add_test(spk, honorific_surname_is_the_elder_sister);
    tcase_add_test(spk, quote_after_sentence_about_a_person);
    tcase_add_test(spk, pronoun_prefers_introduced_person);
    tcase_add_test(spk, statement_from_organisation);
    tcase_add_test(spk, verb_with_no_source_is_still_a_cue);
    tcase_add_test(spk, called_by_a_speaker_is_partial);
    tcase_add_test(spk, titles_and_particles_in_names);
    tcase_add_test(spk, statement_then_colon);
    tcase_add_test(spk, passive_speech_verb_with_agent);
    tcase_add_test(spk, pronoun_agrees_in_sex);
    tcase_add_test(spk, pronoun_after_sentence_subject);
    tcase_add_test(spk, and_between_people_is_no_organisation);
    tcase_add_test(spk, organisation_name_with_of_and);
    tcase_add_test(spk, place_after_person_name);
    tcase_add_test(spk, four_part_names);
    tcase_add_test(spk, kin_appositive_and_titled_descriptor);
    tcase_add_test(spk, opening_phrase_is_not_the_subject);
    tcase_add_test(spk, title_only_reference);
    tcase_add_test(spk, nickname_inside_a_name);
    tcase_add_test(spk, dash_credit_line);
    tcase_add_test(spk, recent_untyped_person_beats_older_typed);
    tcase_add_test(spk, company_anaphora_and_short_name);
    tcase_add_test(spk, descriptor_points_back_to_subject);
    tcase_add_test(spk, pronoun_subject_and_plural);
    tcase_add_test(spk, names_roles_possessives_surnames);
    tcase_add_test(spk, called_object_and_short_continuation);
    suite_add_tcase(s, spk);
    TCase *rep = tcase_create("reported");
    tcase_add_test(rep, attr_according_to_unnamed);
    tcase_add_test(rep, attr_experts_say);
    tcase_add_test(rep, attr_participle_saying);
    tcase_add_test(rep, attr_named_speaker_said);
    tcase_add_test(rep, attr_no_false_verbs);
    tcase_add_test(rep, attr_study_found);
    tcase_add_test(rep, kind_names);
    tcase_add_test(rep, phrase_openers_are_determiners);
    suite_add_tcase(s, rep);
    return s;
}

CHECK_MAIN(annotate_suite)
