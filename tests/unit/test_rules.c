/* test_rules.c - each named rule of the annotator's two sieves pinned down on
 * its own, and the phenomena of attribution on invented text, as data: the
 * paragraphs, which quote, and the kind, rules and speaker it must get. Every
 * rule the annotator names must be pinned down by at least one case. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "check_main.h"

#define MAXP 10

struct rcase {
    const char *paras[MAXP]; /* NULL-terminated */
    const char *text;        /* the quote's text */
    const char *kind;        /* "direct", "continuation", "partial" */
    const char *kind_rule;   /* NULL: not asserted */
    const char *speaker_rule;
    const char *speaker; /* canonical name, or NULL for none */
};

/* Negative cases first: spans that are no quotes, by the rule that says so. */
static const struct {
    const char *rule;
    const char *para;
    const char *span;
} not_quotes[] = {
    {"title-trigger", "Her new book, \"A Long Walk Home\", sold well.", "A Long Walk Home"},
    {"title-trigger", "The robot was named \"Rover Two\" by the class.", "Rover Two"},
    {"title-case", "They played \"Cowboys and Indians\" all summer.", "Cowboys and Indians"},
    /* however long, after "the": the name of an agreement */
    {"title-case",
     "It falls under the \"Joint Accord Between the Ministry of Health of Peru and the "
     "Ministry of Health of Chile for Research in Medicine,\" signed in 2023.",
     "Joint Accord Between the Ministry of Health of Peru and the Ministry of Health of Chile "
     "for Research in Medicine,"},
    /* after a verb of saying, but the subject of the verb after the mark */
    {"title-subject", "She said \"Beyond the Sky\" emerged from a dream.", "Beyond the Sky"},
    {"modifier", "The firm will sell a new kind of \"quiet\" engine.", "quiet"},
    /* the writer's words run into the span: no cue found by shape after it */
    {"scare-quote", "The crew will test what engineers call \"the box,\" a sealed chamber.",
     "the box,"},
    /* governed by "said", but the writer defines the term after it */
    {"defined-term", "Ana Ruiz said the lab tracks \"drift\" which is the slow change of a clock.",
     "drift"},
    {"scare-quote",
     "Acme has said that the tool has 40 flaws; most are rated \"severe\" by analysts.",
     "severe"},
    /* no punctuation in or after it: a name for the phrase that follows, whose
     * verb is no cue of the span */
    {"title-case", "The \"Archive\" page of the site explains how it began.", "Archive"},
    {"scare-quote", "The so-called \"experts\" were wrong again.", "experts"},
    {"scare-quote", "He lives in the \"green zone\" near the port.", "green zone"},
};

static const struct rcase cases[] = {
    /* "as described by X," before the sentence's quote: the agent's words */
    {{"Tom Reed spoke first. \"It works,\" he said. Perhaps more importantly, as described by "
      "Senator Ann Bell, the plan \"will change the state for a generation.\"",
      NULL},
     "will change the state for a generation.", "partial", "governed-fragment", "cue", "Ann Bell"},
    /* a surname alone is short for the full name with a suffix after it */
    {{"Carl Brandt II flew in 1984.", "Brandt called it \"beautiful.\"", NULL},
     "beautiful.", "partial", "governed-fragment", "cue", "Carl Brandt II"},
    /* an adverb of time opening the sentence is no part of the name after it */
    {{"Ann Bell met Tom Reed. Later Reed said the plan had \"failed badly.\"", NULL},
     "failed badly.", "partial", "governed-fragment", "cue", "Tom Reed"},
    /* a full name met only in the possessive, its given name in no list, is
     * whom the surname alone stands for later */
    {{"One thing has marked Orin Kessel's career: the team.",
      "\"The work does not happen because of one person,\" Kessel said.", NULL},
     "The work does not happen because of one person,", "direct", "cue-after", "cue",
     "Orin Kessel"},
    /* a one-word name no one has yet, spoken to, answers the next paragraph */
    {{"Rosa Dale sat down.", "\"When is the next dance, Nell?\" asked Rosa Dale.",
      "\"A week on Friday.\"", NULL},
     "A week on Friday.", "direct", "paragraph-opening", "vocative-reply", "Nell"},
    /* a verb of saying with "by" and no "as" after its agent keeps its cue */
    {{"Ann Bell, the spokeswoman, came out.",
      "\"We will appeal,\" the spokeswoman explained by phone.", NULL},
     "We will appeal,", "direct", "cue-after", "cue", "Ann Bell"},
    /* a door that opens is no one who speaks */
    {{"\"Wait here,\" said Tom Hale.", "The door opened. \"Come in, whoever you are!\"", NULL},
     "Come in, whoever you are!", "continuation", "sentence", "latest-speaker", "Tom Hale"},
    /* a fragment after a cue that took a quote, but in a clause of its own,
     * is a partial quote of that cue, not the split quote's rest */
    {{"\"Our team played well,\" Jo Lund told reporters after the match was \"a close one\".",
      NULL},
     "a close one", "partial", "governed-fragment", "cue", "Jo Lund"},
    /* a Roman numeral is no narrator's "I" */
    {{"Mrs. Dale, a widow of World War I, was asleep, and Dr. Ames went in.",
      "The doctor shut the door. \"Feel any better, Ilse?\" he asked.",
      "She looked at him with relief. \"I knew you would come,\" she spoke.", NULL},
     "I knew you would come,", "direct", "cue-after", "pronoun-turn", "Ilse"},
    /* a word that can be a surname ("Judge") with more name words after it
     * is a title: the name is what follows */
    {{"\"He was not charged for his views,\" said U.S. District Judge Mara Linden Holt.", NULL},
     "He was not charged for his views,", "direct", "cue-after", "cue", "Mara Linden Holt"},
    /* a clause after the span's comma ("while X said ...") is no cue of it:
     * the verb before it governs it */
    {{"The Green Party called the verdict \"a dark day,\" while spokesperson Leila Farouk said "
      "it showed \"the independence of our courts.\"",
      NULL},
     "the independence of our courts.", "partial", "governed-fragment", "cue", "Leila Farouk"},
    /* "I" answering with a full name and nothing else gives the narrator's */
    {{"I met an old woman at the inn.",
      "\"The English guest?\" she asked. \"Yes,\" I said, \"Tomas Weller.\" She smiled.",
      NULL},
     "Yes,", "direct", "cue-after", "self-introduction", "Tomas Weller"},
    /* a full name no list knows, before a past tense, is a person when "he"
     * opens the next sentence; "her" as an object says nothing of its sex */
    {{"Tavin Okoro glanced at her. He stammered: \"I see. You understand people.\"", NULL},
     "I see. You understand people.", "direct", "cue-before", "cue", "Tavin Okoro"},
    /* a verb of noting governs the few words in marks after it */
    {{"The Daily Post noted that the protests had grown into a \"protest wave\". Hill "
      "agreed.",
      NULL},
     "protest wave", "partial", "governed-fragment", "cue", "Daily Post"},
    /* a short fragment after a cue a direct quote took goes on from that quote */
    {{"Mr. Dale came in.", "\"Rosa never knows when to stop,\" said her father; \"she "
      "talks too long.\"",
      NULL},
     "she talks too long.", "continuation", "governed-fragment", "same-paragraph", "Dale"},
    /* a surname known only as "Miss Dale" is not "Mrs Dale": mother and
     * daughter are two people, named with their honorifics */
    {{"Miss Dale came in.", "\"Oh, Nora,\" cried Miss Dale.",
      "\"Tell me when the car comes,\" said Mrs Dale.", NULL},
     "Tell me when the car comes,", "direct", "cue-after", "cue", "Mrs Dale"},
    /* a name spoken to that no one has yet answers with "she", after a beat
     * that names no one, though recency gave "she" to a woman named before */
    {{"Mrs. Dale was asleep, and Dr. Ames went in.",
      "The doctor shut the door. \"Feel any better, Ilse?\" he asked.",
      "She looked at him with relief. \"I knew you would come,\" she spoke.", NULL},
     "I knew you would come,", "direct", "cue-after", "pronoun-turn", "Ilse"},
    /* "the men who ..." are many: "he" after them is the man named before */
    {{"I ran in. John Hale stood by the door.",
      "Before I could stir, the men who had followed me crowded in. \"Clear the room!\" he "
      "shouted to me.",
      NULL},
     "Clear the room!", "direct", "cue-after", "cue", "John Hale"},
    /* a curly quote inside a curly quote, closed within a few words with
     * the outer closer after it, nests: the cue still follows the span */
    {{"\xe2\x80\x9c"
      "We can run the pumps on \xe2\x80\x9c"
      "free\xe2\x80\x9d power from the river,\xe2\x80\x9d said Ann Ortiz.",
      NULL},
     "We can run the pumps on \xe2\x80\x9c"
     "free\xe2\x80\x9d power from the river,",
     "direct", "cue-after", "cue", "Ann Ortiz"},
    /* someone else reported by name in the sentence between two quotes of a
     * paragraph speaks the second */
    {{"Coach Walt Bonn waved at the bench. \"These are our players,\" he announced. "
      "One of the men, Dale Roy, a guard from Ohio, recalled the noise he heard. \"The crowd "
      "would not stop singing.\"", NULL},
     "The crowd would not stop singing.", "direct", "sentence", "reporter-between", "Dale Roy"},
    /* a participle's agent speaks as a passive's does; a finite verb's
     * "by" is no agent ("They estimated by 2050 ...") */
    {{"Ann Bell spoke about the flood and the debt, both described by the Daily Post as "
      "\"twin crises.\"", NULL},
     "twin crises.", "partial", NULL, "cue", "Daily Post"},
    /* a new name spoken to, when the other one in the scene is known only by
     * a description, names that description, in its quotes before too */
    {{"Winn Hale sat on the bench.",
      "\"Are you the new teacher?\" asked the child.", "\"Yes, I am,\" said Winn Hale.",
      "The young lady stopped by the bench.", "\"Harry,\" said the young lady, \"what are you doing?\"",
      NULL},
     "Are you the new teacher?", "direct", "cue-after", "vocative-named", "Harry"},
    /* ... but not a kin noun of the narrator's, which is how the text names her */
    {{"My mother sat by the fire.", "\"Here you are at last,\" cried my mother.",
      "I took off my boots by the door.", "\"It is time you found work, Rudi,\" said I.", NULL},
     "Here you are at last,", "direct", "cue-after", "cue", NULL},
    /* a description acting before the quote speaks, and the name the next
     * turn calls it by is its speaker's, not that of whoever spoke before it */
    {{"The vicar walked on, and Jack Dale sat down by the road.",
      "\"Carry that sack!\" said Jack Dale.",
      "The lanky lad frowned. \"Who are you to give me orders?\"",
      "\"Do you not know? Well, Rudi, I say so,\" said Jack Dale.", NULL},
     "Who are you to give me orders?", "direct", "sentence", "vocative-named", "Rudi"},
    {{"\"Carry that sack!\" said Jack Dale.", "The young boy frowned. \"Who are you?\"", NULL},
     "Who are you?", "direct", "sentence", "actor-before", NULL},
    /* "her" in "said her mother" is whoever the quote before spoke to */
    {{"Mrs. Dale and Mr. Dale sat down with their daughter.",
      "\"I hope you will like it, Nell,\" said Mr. Dale.",
      "\"We cannot know what he likes,\" said her mother.", NULL},
     "We cannot know what he likes,", "direct", "cue-after", "cue", "Mrs. Dale"},
    /* one word that is a sentence of its own is said, not a name */
    {{"Asked if she would sell, Ann Bell shook her head. \"Never.\"", NULL}, "Never.", "continuation",
     "sentence", "paragraph-subject", "Ann Bell"},
    /* a given name of either sex: the pronoun after its subject says which */
    {{"Dr. Kim Lowe, a paediatrician, examined the boy.", "Sam Ruiz, a nurse, agreed.",
      "\"Totally fine,\" she added.", NULL},
     "Totally fine,", "direct", "cue-after", "cue", "Sam Ruiz"},
    /* a partial quote in a relative clause: "who" speaks for the name before it */
    {{"Ann Bell spoke first.", "Bell, who said the budget was \"a mess,\" left early.", NULL},
     "a mess,", "partial", NULL, "cue", "Ann Bell"},
    /* a short surname that is also an interjection, after a name that no
     * list gives right after the verb */
    {{"\"It is a victory,\" said Dale Ho, director of the project.", NULL}, "It is a victory,",
     "direct", "cue-after", "cue", "Dale Ho"},
    /* a name after a noun for a kind of body is that body's, and the noun
     * is how the text names it again */
    {{"The charity Oxfam criticised the plan.", "\"It is unfair,\" the charity said.", NULL},
     "It is unfair,", "direct", "cue-after", "cue", "Oxfam"},
    {{"Environmental group Verde Vivo blamed deforestation.",
      "In a statement, the group said: \"These floods are no accident.\"", NULL},
     "These floods are no accident.", "direct", "cue-before", "cue", "Verde Vivo"},
    /* an organisation opening a sentence is whom a later "it said" means */
    {{"The Health Ministry defended the law.", "\"It protects citizens,\" it said.", NULL},
     "It protects citizens,", "direct", "cue-after", "cue", "Health Ministry"},
    /* the object of an opening phrase takes no appositive that a verb ends */
    {{"Human rights lawyer Omar Said spoke on Monday.",
      "Speaking to Global Voices, the lawyer added: \"We will appeal.\"", NULL},
     "We will appeal.", "direct", "cue-before", "cue", "Omar Said"},
    /* a party noun after "the" is a role though capitalised */
    {{"Ohio Democrat Tom Cole and Sen. Ada Wren met voters.",
      "\"We will win this state,\" the Democrat said.", NULL},
     "We will win this state,", "direct", "cue-after", "cue", "Tom Cole"},
    /* a description by a title's role nouns, and by the place or party before
     * it, over the latest person who merely fits */
    {{"Rep. Ada Wren and Tom Cole spoke on Monday.", "\"No,\" the congresswoman said.", NULL},
     "No,", "direct", "cue-after", "cue", "Ada Wren"},
    {{"Ohio Sen. Tom Cole and Vermont Sen. Ada Wren spoke on Monday.",
      "\"No,\" the Ohio senator said.", NULL},
     "No,", "direct", "cue-after", "cue", "Tom Cole"},
    /* a title after a dateline's dash opens the person's mention, as at the
     * sentence's start */
    {{"DES MOINES, Iowa -- President Ada Wren and Tom Cole both spoke on Monday.",
      "\"We are not going back,\" the president said.", NULL},
     "We are not going back,", "direct", "cue-after", "cue", "Ada Wren"},
    /* AP's party tag between commas after the name, as the parenthesis */
    {{"\"We need to act now,\" Sen. Ada Wren, D-Mass., said Tuesday.", NULL},
     "We need to act now,", "direct", "cue-after", "cue", "Ada Wren"},
    {{"Rep. Tom Cole, R-N.Y., said the bill was \"a giveaway.\"", NULL}, "a giveaway.",
     "partial", NULL, "cue", "Tom Cole"},
    {{"\"This bill is dead,\" Sen. Ada Wren, D-Mass., who chairs the panel, said.", NULL},
     "This bill is dead,", "direct", "cue-after", "cue", "Ada Wren"},
    /* names by their shape: a month's abbreviation before a surname is a
     * given name; a title inside an organisation's name stays in it */
    {{"\"It is done,\" said Jun Park.", NULL}, "It is done,", "direct", "cue-after", "cue",
     "Jun Park"},
    {{"\"We will review every bid,\" said the Master Plan Committee.", NULL},
     "We will review every bid,", "direct", "cue-after", "cue", "Master Plan Committee"},
    {{"\"We are ready,\" said Acme Corp CEO Omar Lind.", NULL}, "We are ready,", "direct",
     "cue-after", "cue", "Omar Lind"},
    /* a quote that runs on over paragraphs is the speaker's whom the paragraph
     * ending the run names; a paragraph of narration ends the run */
    {{"The council met on Monday.", "\"We have spent years on this plan.",
      "\"The town deserves better roads,\" said Ann Bell, who chairs it.", NULL},
     "We have spent years on this plan.", "direct", "paragraph-opening", "runs-on-to-cue",
     "Ann Bell"},
    {{"The council met on Monday.", "\"We have spent years on this plan.", "\"It is ours.",
      "\"The town deserves better roads,\" said Ann Bell, who chairs it.", NULL},
     "It is ours.", "continuation", "paragraph-opening", "runs-on-to-cue", "Ann Bell"},
    {{"The council met on Monday.", "\"We have spent years on this plan.\"",
      "Then the mayor spoke.", "\"The town deserves better roads,\" said Ann Bell.", NULL},
     "We have spent years on this plan.", "direct", "paragraph-opening", "unknown", NULL},
    /* the quote sieve */
    /* guards found in review: a passive "quoted" without "as saying" keeps its
     * agent; a verb of partial quotes keeps a one-word span before "which is";
     * a firm shaped like a name steers no later "she" */
    {{"The old report was quoted by Ana Ruiz: \"The plan is dead.\"", NULL},
     "The plan is dead.", "direct", "cue-before", "cue", "Ana Ruiz"},
    {{"Ana Ruiz called the plan \"reckless,\" which is a word she rarely uses.", NULL},
     "reckless,", "partial", "governed-fragment", "cue", "Ana Ruiz"},
    {{"Ana Ruiz spoke first.", "Harbor Mills leads the deal.",
      "\"We are not involved,\" she said.", NULL},
     "We are not involved,", "direct", "cue-after", "cue", "Ana Ruiz"},
    /* "was quoted (by Y) as saying": the subject spoke, not the agent */
    {{"Tom Hale was quoted by the Courier as saying the deal was \"dead.\"", NULL},
     "dead.", "partial", "governed-fragment", "cue", "Tom Hale"},
    /* a statement after an inverted verb speaks for its source */
    {{"\"The border remains closed,\" read a statement from Acme Corp.", NULL},
     "The border remains closed,", "direct", "cue-after", "cue", "Acme Corp."},
    /* a dash after the closing mark and before the next opening one, around
     * a cue whose verb no list has */
    {{"Tom Reed and Mary Cole sat down.",
      "\"I don't know\"--Mary paused--\"what you mean.\"", NULL},
     "I don't know", "direct", "cue-after", "cue", "Mary Cole"},
    {{"Tom Reed and Mary Cole sat down.",
      "\"I don't know\"--Mary paused--\"what you mean.\"", NULL},
     "what you mean.", "continuation", "cue-before", "split-by-cue", "Mary Cole"},
    /* "to" after the name that follows the verb: the one spoken to */
    {{"Tom Reed and Mary Cole sat down.", "\"You are a fool,\" said Mary to Tom.", NULL},
     "You are a fool,", "direct", "cue-after", "cue", "Mary Cole"},
    /* one capitalised word after "the", then a full name between commas */
    {{"The UN Secretary-General, Ana Ruiz, said the move was \"deeply worrying.\"", NULL},
     "deeply worrying.", "partial", "governed-fragment", "cue", "Ana Ruiz"},
    /* a titled person's appositive says what they are: "the clergyman" later */
    {{"Mr. Dunmore, the clergyman, came in.", "\"Quite right,\" said the clergyman.", NULL},
     "Quite right,", "direct", "cue-after", "cue", "Dunmore"},
    /* a parenthesis inside the description before the appositive name */
    {{"The head of the ABU (Aid Board Union), Ana Ruiz, has called the plan \"dangerous\".",
      NULL},
     "dangerous", "partial", "governed-fragment", "cue", "Ana Ruiz"},
    /* after the addressee's act, the latest speaker who is not the addressee */
    {{"Tom Hale, Jim Reed and Ann Bell sat by the fire.", "\"Is it late?\" asked Tom.",
      "\"Jim never knows the time!\" said Ann.", "Jim began to whistle.", "\"Stop it, Jim.\"",
      NULL},
     "Stop it, Jim.", "direct", "paragraph-opening", "addressee-excluded", "Ann Bell"},
    /* the name spoken to in the paragraph's last quote answers, not its first's */
    {{"Tom Hale and Ann Bell sat by the fire with Jim Reed.",
      "\"I am cold,\" said Tom. \"Is the fire out, Jim?\"", "\"It is not.\"", NULL},
     "It is not.", "direct", "paragraph-opening", "vocative-reply", "Jim Reed"},
    /* a participle after a preposition: the clause's subject speaks */
    {{"Ann Bell ended the meeting by saying \"we will meet again.\"", NULL},
     "we will meet again.", "direct", "cue-before", "cue", "Ann Bell"},
    /* a two-word subject before a verb in the present is someone by its
     * shape, though no list knows the given name: the later "she" */
    {{"Mara Lintz leads the sample team at the laboratory.",
      "\"The samples tell us a story,\" she said.", NULL},
     "The samples tell us a story,", "direct", "cue-after", "cue", "Mara Lintz"},
    /* three or four words of role before the name after an inverted verb */
    {{"\"We will win,\" said senior research scientist Tom Hale.", NULL},
     "We will win,", "direct", "cue-after", "cue", "Tom Hale"},
    /* "Master" is an honorific: the friend is the person the pronoun takes */
    {{"Good Mr. Stokes, the minister, prayed for us.",
      "Then my friend, Master Tom Ward, rode up to the gate.", "\"Careful man!\" he said.", NULL},
     "Careful man!", "direct", "cue-after", "cue", "Tom Ward"},
    {{"\"We will rebuild,\" said Mayor Ana Lopez.", NULL},
     "We will rebuild,", "direct", "cue-after", "cue", "Ana Lopez"},
    {{"Ana Lopez said: \"We will rebuild.\"", NULL},
     "We will rebuild.", "direct", "cue-before", "cue", "Ana Lopez"},
    {{"\"It is our best chance\" that the senator can win, said Ann Bell.", NULL},
     "It is our best chance", "direct", "cue-later", "cue", "Ann Bell"},
    {{"\"We will rebuild,\" said Ana Lopez, the mayor.",
      "\"The money is there and we will spend it well.\"", NULL},
     "The money is there and we will spend it well.", "continuation", "paragraph-opening",
     "previous-quote", "Ana Lopez"},
    {{"\"We lost,\" Luis Mora said. \"Everything.\"", NULL},
     "Everything.", "continuation", "speaker-goes-on", "same-paragraph", "Luis Mora"},
    {{"Jane Carter was calm after the vote. She spoke slowly. \"We will manage somehow.\"", NULL},
     "We will manage somehow.", "continuation", "sentence", "paragraph-subject", "Jane Carter"},
    {{"The mayor said the plan was \"very competitive\" for the city.", NULL},
     "very competitive", "partial", "governed-fragment", "cue", NULL},
    /* "program" before a span that a verb of saying governs: no title */
    {{"The Harbor Board said the program \"lacked basic oversight.\"", NULL},
     "lacked basic oversight.", "partial", "governed-fragment", "cue", "Harbor Board"},
    {{"The sign by the road read \"no entry for anyone after dark tonight\" in red.", NULL},
     "no entry for anyone after dark tonight", "direct", "long-span", "unknown", NULL},
    {{"Paul Reyes called the deal \"Quite a mess\" on Monday.", NULL},
     "Quite a mess", "partial", "governed-partial", "cue", "Paul Reyes"},
    /* the speaker sieve */
    {{"Tom Hale and Jim Reed met at the mill.", "\"You are late,\" said Tom.",
      "\"I know,\" said Jim.", "\"Why?\" he asked.", NULL},
     "Why?", "direct", "cue-after", "pronoun-turn", "Tom Hale"},
    {{"\"We lost,\" said Ana Lopez, \"but we will rebuild.\"", NULL},
     "but we will rebuild.", "continuation", "cue-before", "split-by-cue", "Ana Lopez"},
    {{"Ana Lopez says the town will recover soon. \"We have done it before.\"", NULL},
     "We have done it before.", "continuation", "sentence", "attribution-before", "Ana Lopez"},
    {{"Bill Nelson said of the loss:", "\"It is a sad day for all of us.\"", NULL},
     "It is a sad day for all of us.", "continuation", "paragraph-opening", "lead-in",
     "Bill Nelson"},
    {{"Tom Hale sat by the easel. Jim Reed smoked.",
      "\"It is your best work, Tom,\" said Jim Reed.", "\"I will never show it to anyone.\"",
      NULL},
     "I will never show it to anyone.", "direct", "paragraph-opening", "vocative-reply",
     "Tom Hale"},
    {{"John Berg and his sister Mary Berg stood by the pole.",
      "\"My dog, my dog is up there!\" His finger pointed up at the roof.", NULL},
     "My dog, my dog is up there!", "direct", "paragraph-opening", "actor-after",
     "John Berg"},
    {{"John Berg and his sister Mary Berg stood by the pole.",
      "He took the cap off his head. \"She will not come down from there today.\"", NULL},
     "She will not come down from there today.", "direct", "sentence", "actor-before",
     "John Berg"},
    {{"\"You are late,\" said Tom Hale.", "\"I know,\" said Jim Reed.", "\"Why is that?\"", NULL},
     "Why is that?", "direct", "paragraph-opening", "conversation-turn", "Tom Hale"},
    /* namesakes of the other sex stay two, each named with its honorific */
    {{"\"We must go,\" said Mrs. Hale.", "\"Not before supper,\" said Mr. Hale.", NULL},
     "Not before supper,", "direct", "cue-after", "cue", "Mr. Hale"},
    {{"\"We must go,\" said Mrs. Hale.", "\"Not before supper,\" said Mr. Hale.",
      "\"Then after it,\" said Mrs. Hale.", NULL},
     "Then after it,", "direct", "cue-after", "cue", "Mrs. Hale"},
    /* a text whose cued neighbouring quote paragraphs change speaker takes
     * turns in its uncued ones too, long as they are */
    {{"\"You are late,\" said Tom Hale.", "\"I know,\" said Jim Reed.",
      "\"I have waited at this gate since the bells rang for noon, and the horses are cold and the driver has gone home and the whole of the village has seen me standing here in the rain like a fool,\" said Tom Hale.", "\"The road from the mill was under water from the bridge to the church and the cart could not pass, so I walked the long way round by the hill and through the wood and over the river by the ford.\"", NULL},
     "The road from the mill was under water from the bridge to the church and the cart could not pass, so I walked the long way round by the hill and through the wood and over the river by the ford.", "direct", "paragraph-opening", "alternating-text", "Jim Reed"},
    /* "My dear Mr. Hale," names the one spoken to, who answers */
    {{"\"My dear Mr. Hale,\" said his wife, \"the carriage is here.\"",
      "\"Then let it wait.\"", NULL},
     "Then let it wait.", "direct", "paragraph-opening", "vocative-reply", "Mr. Hale"},
    /* the narrator is the name spoken to last before "I" answers, a paragraph
     * of narration later; not a name already quoted as someone else */
    {{"\"Three years,\" said Hale.",
      "\"Hush, Hale!\" said Sir Hugh. \"And now, Walter, tell us where you are going.\"",
      "I looked at the fire before answering.", "\"To the north,\" I said.", NULL},
     "To the north,", "direct", "cue-after", "narrator", "Walter"},
    /* "said her father": the person of the noun's sex other than "her" */
    {{"Mr. Hale waited at the gate for Ann Bell.", "\"You are late,\" said her father.", NULL},
     "You are late,", "direct", "cue-after", "cue", "Hale"},
    /* a short paragraph of narration about a person, then an uncued quote */
    {{"\"Were you at the fair?\" said Ann Bell.", "Tom Hale nodded.", "\"Since the spring.\"", NULL},
     "Since the spring.", "direct", "paragraph-opening", "actor-paragraph", "Tom Hale"},
    /* "he said, as if ...:" introduces the quote paragraph after it */
    {{"Tom Hale sat by the fire. While the kettle boiled he said, as if to himself:",
      "\"No, I would not call him mad.\"", NULL},
     "No, I would not call him mad.", "continuation", "paragraph-opening", "lead-in", "Tom Hale"},
    /* "My dear Clara," in answer names the unnamed speaker before */
    {{"\"You never write to us,\" said my uncle's wife.",
      "\"My dear Clara,\" I answered, \"why should I?\"", NULL},
     "You never write to us,", "direct", "cue-after", "vocative-named", "Clara"},
    {{"\"You never write to us,\" said my uncle's wife.",
      "\"My dear Clara,\" I answered, \"why should I?\"", "\"You are lazy,\" she observed.",
      NULL},
     "You are lazy,", "direct", "cue-after", "cue", "Clara"},
    /* "cried his wife" of Mr. Hale: Mrs. Hale, named so beside him */
    {{"Mr. Hale said nothing.", "\"Shall we go at once?\" cried his wife.", NULL},
     "Shall we go at once?", "direct", "cue-after", "cue", "Mrs. Hale"},
    /* "said his step-son": a kin noun written with a hyphen */
    {{"Tom Hale sat in the chair. Jim Reed stood at the door.",
      "\"It was not me,\" said his step-son.", NULL},
     "It was not me,", "direct", "cue-after", "cue", "Tom Hale"},
    /* "The doctor stood up": a description in narration is the subject "he" means */
    {{"Dr. Tom Hale was young.",
      "Mr. Jim Reed coughed. The doctor stood up and took his hat. \"We can go,\" he announced.",
      NULL},
     "We can go,", "direct", "cue-after", "cue", "Tom Hale"},
    /* "said the girl": the party of the conversation of the noun's sex */
    {{"\"You are late,\" said Mr. Hale.", "\"I know,\" said Ann Bell.",
      "\"The road was under water,\" said the girl.", NULL},
     "The road was under water,", "direct", "cue-after", "cue", "Ann Bell"},
    /* both parties of the girl's sex: the one whose turn it is, though she
     * spoke three paragraphs back, the conversation going on */
    {{"\"We are late,\" said Nora Bell.", "The rain fell on the roof.",
      "\"Not very,\" said Ann Reed.", "Mr. Hale came in and sat down.",
      "\"I am so glad to see you,\" said the girl.", NULL},
     "I am so glad to see you,", "direct", "cue-after", "cue", "Nora Bell"},
    /* "stood a man ... said the man": the one brought in so, no one named */
    {{"There by the gate stood a man with a dog.", "Tom Hale walked up the road.",
      "\"Good evening,\" said Tom Hale.", "\"Good evening to you,\" said the man.", NULL},
     "Good evening to you,", "direct", "cue-after", "cue", "(none)"},
    /* "the boy officer": a word before the role says the sex; not her */
    {{"Nora Bell came in and sat down.", "\"Is it so very bad?\" asked Nora Bell.",
      "\"Some one has died,\" answered the boy officer.", NULL},
     "Some one has died,", "direct", "cue-after", "cue", "(none)"},
    /* the second verb of a coordination speaks for the sentence's subject */
    {{"Jane Carter came in from the rain.",
      "She set down her cup, as usual, and said, \"Good morning.\"", NULL},
     "Good morning.", "direct", NULL, "cue", "Jane Carter"},
    /* a description before the verb ("the old woman finally said") points back
     * like one after it; a possessive with a noun for no person does not */
    {{"Mrs. Ann Bell sat at her window all afternoon.",
      "\"I shall go after tea,\" the old woman finally decided.", NULL},
     "I shall go after tea,", "direct", NULL, "cue", "Ann Bell"},
    {{"Mrs. Ann Bell sat at her window all afternoon.",
      "\"Not now, not ever,\" her voice pleaded.", NULL},
     "Not now, not ever,", "direct", NULL, "actor-paragraph", "Ann Bell"},
    /* a name is still the subject after a sentence-opening word the article
     * writes in lower case, or a long "-ly" adverb; a given name alone is a
     * person */
    {{"The old dog slept by the door. Old Pike looked up from the fire.",
      "\"Time to go,\" he said.", NULL},
     "Time to go,", "direct", NULL, "cue", "Pike"},
    {{"Suddenly Ruth came in from the yard.", "\"Time to go,\" she said.", NULL},
     "Time to go,", "direct", NULL, "cue", "Ruth"},
    /* a role word after a given name is a surname ("artist Sam Judge"), and
     * alone it is that person when the article gave the full name */
    {{"Astronaut Sam Judge led the test. \"It was hard,\" Judge said.", NULL},
     "It was hard,", "direct", NULL, "cue", "Sam Judge"},
    /* the subject after an opening phrase ("In March,") is the one "he" means,
     * not the object of the sentence; a long titled run keeps the whole name */
    {{"In March, Administrator Paul Grant sent a memo to ACME Public Affairs Director "
      "Owen T. Hale about the plan. In it, he wrote, \"We should consider what to do.\"",
      NULL},
     "We should consider what to do.", "direct", NULL, "cue", "Paul Grant"},
    {{"The memo went to ACME Public Affairs Director Owen T. Hale on Monday.",
      "\"We will look at it,\" Hale said.", NULL},
     "We will look at it,", "direct", NULL, "cue", "Owen T. Hale"},
    /* the subject of the quote's own sentence, a pronoun too, before a name in
     * its object */
    {{"It was late.",
      "Hale has been helped by friends, including actor Sam Reed. Ann Bell requested "
      "donations via a statement made on her blog, in order to help Hale. She described Hale "
      "as an individual, \"facing prison for the sin of leaving. He did nothing else wrong.\"",
      NULL},
     "facing prison for the sin of leaving. He did nothing else wrong.", "continuation",
     "long-span", "paragraph-subject", "Ann Bell"},
    /* "he" of a cue that points at the one the quote speaks to is not them */
    {{"Owen Hale came in from the rain.", "\"Good morning, Hale,\" he said.", NULL},
     "Good morning, Hale,", "direct", "cue-after", "addressee-excluded", NULL},
    /* "the nurse" again means whom "the nurse" meant before, not the latest
     * subject */
    {{"Nora Quill sat in her office, reading.", "\"Come in,\" said the nurse.",
      "Mr. Tallis rose and sat down. Ann Bell smiled.", "\"Have a seat,\" the nurse said.",
      NULL},
     "Have a seat,", "direct", NULL, "cue", "Nora Quill"},
    /* a role word spoken to ("Morning, nurse.") names whom it named: not
     * the speaker */
    {{"Nora Quill sat in her office, reading.", "\"Come in,\" said the nurse.",
      "\"Morning, nurse. Can you come to the house with me?\"", NULL},
     "Morning, nurse. Can you come to the house with me?", "direct", NULL,
     "addressee-excluded", NULL},
    /* "his wife", "his lady" of a man named in full: the woman of his surname */
    {{"Mr. John Garrow came home.", "\"Have you heard the news?\" said his lady.",
      "\"No,\" said Mr. Garrow.", NULL},
     "Have you heard the news?", "direct", "cue-after", "cue", "Garrow"},
    /* a verb no list has, by its shape, between the speaker and a colon or a
     * comma before the quote */
    {{"Ann Bell resisted: \"We will rebuild the town.\"", NULL},
     "We will rebuild the town.", "direct", "cue-before", "cue", "Ann Bell"},
    {{"Ann Bell hit back, \"Not a chance.\"", NULL},
     "Not a chance.", "direct", "cue-before", "cue", "Ann Bell"},
    /* an age between the name and the verb after the quote */
    {{"\"We are proud,\" Ann Bell, 45, said.", NULL},
     "We are proud,", "direct", "cue-after", "cue", "Ann Bell"},
    /* ... or a relative clause; a party member's noun is a role before the name */
    {{"\"We will win this,\" Ann Bell, who leads the council, said.", NULL},
     "We will win this,", "direct", "cue-after", "cue", "Ann Bell"},
    {{"\"We are proud,\" said Ohio Democrat Ann Bell.", NULL},
     "We are proud,", "direct", "cue-after", "cue", "Ann Bell"},
    /* a party tag after a person's name is no acronym naming them */
    {{"\"We are proud of it,\" said Springfield Mayor Ann Bell (D-N.Y.).", NULL},
     "We are proud of it,", "direct", "cue-after", "cue", "Ann Bell"},
    /* ... also a lone surname that the article writes capitalised mid-sentence
     * ("Ask Pike"), but not a lone capitalised word it never does ("Notes") */
    {{"\"Ask Pike,\" said Ann Bell.",
      "Pike looked at the map for a while and muttered, \"Too far.\"", NULL},
     "Too far.", "direct", NULL, "cue", "Pike"},
    {{"\"Go on,\" said Ann Bell.",
      "Notes covered the wall of the old hut and warned, \"Keep out.\"", NULL},
     "Keep out.", "direct", NULL, "cue", NULL},
    /* the name spoken to after an opening word ("True, Tom,") or before a
     * word of address ("Tom dear,") is not the speaker */
    {{"\"You are late,\" said Tom Hale.", "\"True, Tom, but the road was bad.\"", NULL},
     "True, Tom, but the road was bad.", "direct", "paragraph-opening", "addressee-excluded",
     NULL},
    {{"\"You are late,\" said Tom Hale.", "\"Tom dear, the road was bad.\"", NULL},
     "Tom dear, the road was bad.", "direct", "paragraph-opening", "addressee-excluded", NULL},
    /* a name with a joined particle ("al-Noor"), and a long appositive
     * between the name and the verb after a quote */
    {{"Authority director Samir al-Noor, in remarks to the press, said \"The site is clear.\"",
      NULL},
     "The site is clear.", "direct", "cue-before", "cue", "Samir al-Noor"},
    {{"\"The damage could have been far greater,\" Hana El-Sayed, editor at large at the Coast "
      "Courier, said.", NULL},
     "The damage could have been far greater,", "direct", "cue-after", "cue", "Hana El-Sayed"},
    {{"Ana Lopez says the town will recover.", "Rain fell all week on the valley.",
      "\"We have done it before and we will again.\"", NULL},
     "We have done it before and we will again.", "continuation", "paragraph-opening",
     "latest-speaker", "Ana Lopez"},
    {{"\"Nothing is certain in this town any more.\"", NULL},
     "Nothing is certain in this town any more.", "direct", "paragraph-opening", "unknown",
     NULL},
    {{"\"You are late,\" said Tom Hale.", "\"I know that very well, Tom.\"", NULL},
     "I know that very well, Tom.", "direct", "paragraph-opening", "addressee-excluded", NULL},
    {{"\"Walter, wake up,\" said the rider.", "\"I am awake,\" I answered.", NULL},
     "I am awake,", "direct", "cue-after", "narrator", "Walter"},
    {{"\"Good evening,\" said the vicar.", "The carter bowed to Vicar Pembury and drove on.",
      NULL},
     "Good evening,", "direct", "cue-after", "description-named", "Vicar Pembury"},
    {{"\"Good evening,\" said the vicar.",
      "\"It was a whim. I am Vicar Pembury, the historian,\" said the vicar.", NULL},
     "Good evening,", "direct", "cue-after", "self-introduction", "Vicar Pembury"},
    /* phenomena: names from the text's shape */
    {{"\"It is a young star,\" said astrophysicist Jane Roe, of the institute.", NULL},
     "It is a young star,", "direct", "cue-after", "cue", "Jane Roe"},
    {{"\"The city will decide,\" said Assemblywoman Claudia Roe.", NULL},
     "The city will decide,", "direct", "cue-after", "cue", "Claudia Roe"},
    {{"\"It will drive itself,\" said Engineer Sam Lee.", NULL},
     "It will drive itself,", "direct", "cue-after", "cue", "Sam Lee"},
    {{"\"This is wrong,\" said Sen. Bob Casey (D-Pa.).", NULL},
     "This is wrong,", "direct", "cue-after", "cue", "Bob Casey"},
    {{"Happily, the roof held. \"We were lucky,\" said Joe Marsh.", NULL},
     "We were lucky,", "direct", "cue-after", "cue", "Joe Marsh"},
    {{"In front of the easel sat the artist himself, Edwin Marlowe, at his ease.",
      "\"It is not finished,\" answered the artist.", NULL},
     "It is not finished,", "direct", "cue-after", "cue", "Edwin Marlowe"},
    {{"Gov. Jerry Brown — who made it his issue — said at the signing: \"It will not wait.\"",
      NULL},
     "It will not wait.", "direct", "cue-before", "cue", "Jerry Brown"},
    {{"\"We will survive,\" Joe Del Bosque said. Del Bosque added: \"We always do.\"", NULL},
     "We always do.", "direct", "cue-before", "cue", "Joe Del Bosque"},
    /* subject and object */
    {{"Ann Bell told Channel 4 that the shelter was full.",
      "\"We have no beds left,\" Bell told reporters.", NULL},
     "We have no beds left,", "direct", "cue-after", "cue", "Ann Bell"},
    /* organisation and person */
    {{"\"The need is growing,\" said Refugee Aid chief executive Mary Kent.", NULL},
     "The need is growing,", "direct", "cue-after", "cue", "Mary Kent"},
    {{"\"Nobody listens,\" said Refugee Aid's Tom Hart.", NULL},
     "Nobody listens,", "direct", "cue-after", "cue", "Tom Hart"},
    {{"Writing online, Laura Vance of The Harbor and Post called it \"a skirmish\".", NULL},
     "a skirmish", "partial", "governed-fragment", "cue", "Laura Vance"},
    /* a name after capitalised role words opening the sentence is its
     * subject, for the "he" that follows: the older speaker is not meant */
    {{"\"We cannot wait,\" said Dana Whitfield.",
      "Councilman Omar Lind disagreed. He said the plan \"is a gift to developers.\"", NULL},
     "is a gift to developers.", "partial", NULL, "cue", "Omar Lind"},
    {{"\"We cannot wait,\" said Dana Whitfield.",
      "Acme Corp CEO Omar Lind was angry. \"It is a gift,\" he said.", NULL},
     "It is a gift,", "direct", "cue-after", "cue", "Omar Lind"},
    /* a word shaped like an occupation noun opening the sentence before a
     * two-word name is a title no list has */
    {{"\"It is late,\" said Bob Tate.", "Geologist Sam Leeds is building a drill. \"It is hard,\" he said.", NULL},
     "It is hard,", "direct", "cue-after", "cue", "Sam Leeds"},
    /* "Governor" opening the sentence is a title even where the text writes
     * "the governor" too (then it is no name word), and "the governor" means
     * her, not the man who spoke last */
    {{"Governor Marcia Vale and businessman Rick Hale clashed.", "\"You failed,\" Vale said.",
      "\"I have not,\" Hale said.", "\"Let us talk,\" the governor said.", NULL},
     "Let us talk,", "direct", "cue-after", "cue", "Marcia Vale"},
    {{"Businessman Rick Hale and Governor Marcia Vale clashed.", "\"You failed,\" Vale said.",
      "\"I have not,\" Hale said.", "\"Sure,\" the businessman said.", NULL},
     "Sure,", "direct", "cue-after", "cue", "Rick Hale"},
    {{"\"I have not,\" Rick Hale said.",
      "Hale later tweeted that the moderators were \"totally biased.\"", NULL},
     "totally biased.", "partial", "governed-fragment", "cue", "Rick Hale"},
    /* an acronym no list has ends the title before the name */
    {{"\"It is a gift,\" said Labour MP Omar Lind.", NULL},
     "It is a gift,", "direct", "cue-after", "cue", "Omar Lind"},
    /* an inverted cue between commas before the quote: its name speaks,
     * not the name before the first comma */
    {{"Were it not for the early HARP CubeSat, said Martins, \"we would have nothing.\"", NULL},
     "we would have nothing.", "direct", "cue-before", "cue", "Martins"},
    /* before a colon: an unlisted verb with its "it" and an adverb, or a
     * possessive name and a statement noun */
    {{"Ann Bell, the party's whip, put it bluntly: \"The bill cannot pass.\"", NULL},
     "The bill cannot pass.", "direct", "cue-before", "cue", "Ann Bell"},
    {{"\"We lost,\" said Tom Reed.", "Reed's message was simple: \"Go home and rest.\"", NULL},
     "Go home and rest.", "direct", "cue-before", "cue", "Tom Reed"},
    /* a role with its "of" before the name, and "the X of Y" whose head is X */
    {{"\"We will win,\" said Dan Korv.",
      "His rival, former secretary of state Ellen Marsh, campaigned in Florida. \"He has no "
      "plan,\" the former secretary of state said.",
      NULL},
     "He has no plan,", "direct", "cue-after", "cue", "Ellen Marsh"},
    /* a participle's subject is the sentence's, never the noun before its
     * comma: the developer hit back "on Twitter", not Twitter */
    {{"Republican nominee Dan Korv, a real estate developer, spoke in Ohio.",
      "The developer hit back on Twitter, calling his rival \"a total disaster.\"", NULL},
     "a total disaster.", "partial", "governed-fragment", "cue", "Dan Korv"},
    /* a month that is also a given name, before a surname, is a name */
    {{"\"The kits work,\" said June Okafor, the program's lead.", NULL},
     "The kits work,", "direct", "cue-after", "cue", "June Okafor"},
    {{"In May Congress passed the bill. \"It was late,\" said Tom Hale.", NULL},
     "It was late,", "direct", "cue-after", "cue", "Tom Hale"},
    /* a name after "in" is a place: the person is named before it */
    {{"Dr. Dan Cole of the Space Center in Oakdale, Maryland, describes this as being like a "
      "reflector. \"It sends the light home,\" he said.",
      NULL},
     "It sends the light home,", "direct", "cue-after", "cue", "Dan Cole"},
    /* "a response from X," before the quote is X's cue */
    {{"Ann Roe called out, \"The pump is running,\" drawing this response from Dale Hicks, "
      "\"Glad to hear it.\"",
      NULL},
     "Glad to hear it.", "direct", "cue-before", "cue", "Dale Hicks"},
    /* a pronoun is never whom its own clause names after it */
    {{"Sam Reed and his crew met Jo Park at dawn.",
      "Orion drifted past the dock so Reed could check it. He commented about Orion, "
      "\"It looks sound to me.\"",
      NULL},
     "It looks sound to me.", "direct", "cue-before", "cue", "Sam Reed"},
    /* a never-a-name word after a given name is the surname */
    {{"\"The results surprised us,\" says Kim Lo, a graduate student who led the analysis.",
      NULL},
     "The results surprised us,", "direct", "cue-after", "cue", "Kim Lo"},
    /* after a quote closed by a comma the sentence goes on: "Mayor" is a title */
    {{"The mayor disagreed. \"We will go,\" Mayor Paul Grant said.", NULL},
     "We will go,", "direct", "cue-after", "cue", "Paul Grant"},
    /* "X of the Museum in London said/called": the place is the employer's */
    {{"Co-author Jo Whitfield of the Natural History Museum in London called the discovery "
      "\"remarkable.\"",
      NULL},
     "remarkable.", "partial", "governed-fragment", "cue", "Jo Whitfield"},
    {{"\"It works,\" Jo Whitfield of the Natural History Museum in London said.", NULL},
     "It works,", "direct", "cue-after", "cue", "Jo Whitfield"},
    /* a language tag after a quote ("((es))") stands in no one's way */
    {{"\"We will win,\" ((es)) said Ana Ruiz.", NULL},
     "We will win,", "direct", "cue-after", "cue", "Ana Ruiz"},
    /* the perfect is the subject's own act; a semicolon ends what a verb governs */
    {{"Ana Ruiz had called the delay \"a disgrace.\"", NULL},
     "a disgrace.", "partial", "governed-fragment", "cue", "Ana Ruiz"},
    {{"\"We win,\" Ana Ruiz has said.", NULL}, "We win,", "direct", "cue-after", "cue", "Ana Ruiz"},
    /* "The chief of NASA, Bill Nelson, said": the description is the role */
    {{"The chief of the ABU, Rosa Quint, has called the plan \"reckless\".", NULL},
     "reckless", "partial", "governed-fragment", "cue", "Rosa Quint"},
    /* an underscore joins a handle's words */
    {{"\"Sad day,\" tweeted @kofi_writes, a blogger.", NULL},
     "Sad day,", "direct", "cue-after", "cue", "@kofi_writes"},
    /* "replied her brother Tom": the name after the description speaks */
    {{"\"Are you coming?\" asked Maya.", "\"Not tonight,\" replied her brother Tom.", NULL},
     "Not tonight,", "direct", "cue-after", "cue", "Tom"},
    /* "As X put it," before the quote is a cue */
    {{"As Ana Ruiz put it, \"The work is done.\"", NULL},
     "The work is done.", "direct", "cue-before", "cue", "Ana Ruiz"},
    /* after a colon a capitalised sentence in marks is a quote */
    {{"For Ana Ruiz, the answer is simple: \"The work is done.\"", NULL},
     "The work is done.", "continuation", "sentence", "paragraph-subject", "Ana Ruiz"},
    /* a quote split by an inverted cue with a relative clause goes on */
    {{"\"The work is done,\" said Ruiz, who has led the project since 2019, "
      "\"and we are proud.\"",
      NULL},
     "and we are proud.", "continuation", "cue-before", "split-by-cue", "Ruiz"},
    /* a greeting in title case with a comma before the name is said */
    {{"Old Mr. Finch from next door put his head in. \"Evening, Mrs. Dale!\"", NULL},
     "Evening, Mrs. Dale!", "continuation", "sentence", "paragraph-subject", "Finch"},
    /* "In X's words," and "Her message to critics:" are cues */
    {{"\"We said it would be hard,\" said Ana Ruiz.",
      "In Ruiz's words, the project is \"a chance that comes once.\"", NULL},
     "a chance that comes once.", "partial", "governed-fragment", "cue", "Ana Ruiz"},
    {{"\"We said it would be hard,\" said Ana Ruiz.", "Her message to critics: \"Watch us.\"",
      NULL},
     "Watch us.", "direct", "cue-before", "cue", "Ana Ruiz"},
    /* a handle is a name; an e-mail address is not one */
    {{"Twitter user @saltmarsh wrote:",
      "\"They arrest a woman for a blog post while the real criminals walk free.\"", NULL},
     "They arrest a woman for a blog post while the real criminals walk free.", "continuation",
     "paragraph-opening", "lead-in", "@saltmarsh"},
    /* "the ministry" is not the last person quoted, whose name no list knows */
    {{"\"Today it is Amina,\" said Youssef Kamal.",
      "The interior ministry, in a statement carried by state media, said she was held for "
      "\"spreading false news.\"",
      NULL},
     "spreading false news.", "partial", "governed-fragment", "cue", NULL},
    /* a middle initial is part of the name ("A." is no article), and so it
     * is before a nickname in quote marks */
    {{"Gene A. Cernan trained daily.", "The crew spoke to reporters.",
      "Cernan added: \"It was a long day for all of us.\"", NULL},
     "It was a long day for all of us.", "direct", "cue-before", "cue", "Gene A. Cernan"},
    {{"Engineer John J. \"Tip\" Talone led the work.", "The crew spoke to reporters.",
      "\"It worked like a champ,\" Talone concluded.", NULL},
     "It worked like a champ,", "direct", "cue-after", "cue", "John J. Talone"},
    /* a party tag in parentheses between the name and its verb */
    {{"\"This is big,\" said Rita Thorn.",
      "\"It hands the money over,\" Sen. Luis Oyel (D-Calif.) said during the markup.", NULL},
     "It hands the money over,", "direct", "cue-after", "cue", "Luis Oyel"},
    /* an unnamed subject before a long participle's aside: not "said the
     * president" read the other way round */
    {{"A senior official, speaking on condition of anonymity to discuss the talks, said the "
      "president \"has concerns about the cost\" of the plan.",
      NULL},
     "has concerns about the cost", "partial", NULL, "cue", NULL},
    /* outside dialogue, narration about the last speaker between her quotes
     * keeps the pronoun hers: no turn passes */
    {{"\"This is big,\" said Rita Thorn.", "\"It is a lifeline,\" said Hana Mbeki.",
      "Mbeki added that the group would push for a vote.",
      "\"I am told the votes are there,\" she said.", NULL},
     "I am told the votes are there,", "direct", "cue-after", "cue", "Hana Mbeki"},
    /* places, buildings and party tags are no speakers */
    {{"\"We are ready,\" Lisa Park said at City Hall Plaza.", NULL},
     "We are ready,", "direct", "cue-after", "cue", "Lisa Park"},
    {{"\"It is a good bill,\" said Sen. Bob Casey, an Ohio Democrat.", NULL},
     "It is a good bill,", "direct", "cue-after", "cue", "Bob Casey"},
    /* "it" is no person: not the last speaker, whose two-word name has no
     * word of organisations */
    {{"\"They count you,\" said Kemal Aydin.",
      "The ministry defended the rules. It said the registry would \"protect citizens\" from lies.",
      NULL},
     "protect citizens", "partial", NULL, "cue", NULL},
    /* "saying" after a sentence opened by a description: its subject speaks */
    {{"The regulator fined the bank on Monday, saying its lending had been \"reckless.\"", NULL},
     "reckless.", "partial", NULL, "cue", NULL},
    /* a statement noun opening the clause speaks for its "from" or "by" */
    {{"\"We got most of it,\" said Carol Obi.",
      "A statement from the mayor's office said the city was \"relieved that care is back.\"", NULL},
     "relieved that care is back.", "partial", NULL, "cue", NULL},
    {{"\"We got most of it,\" said Carol Obi.",
      "A letter signed by Ann Bell said the plan was \"a disgrace to the city.\"", NULL},
     "a disgrace to the city.", "partial", NULL, "cue", "Ann Bell"},
    /* an organisation's own words: its phrase is the source */
    {{"The network describes itself as \"dedicated to the truth.\"", NULL},
     "dedicated to the truth.", "partial", "governed-fragment", "cue", NULL},
    {{"Norvane Labs said in a statement that the results were \"very encouraging.\"", NULL},
     "very encouraging.", "partial", "governed-fragment", "cue", "Norvane Labs"},
    /* people sharing a surname */
    {{"Jane Roe met her sister Claudia Roe at noon.", "\"We disagree,\" said Claudia Roe.",
      "\"I disagree,\" Roe shot back.", NULL},
     "I disagree,", "direct", "cue-after", "cue", "Claudia Roe"},
    /* cue forms */
    {{"\"Is it far?\" Joe Marsh asked.", NULL}, "Is it far?", "direct", "cue-after", "cue",
     "Joe Marsh"},
    {{"\"No,\" said Joe Marsh quietly.", NULL}, "No,", "direct", "cue-after", "cue", "Joe Marsh"},
    {{"\"Never,\" rejoined Joe Marsh.", NULL}, "Never,", "direct", "cue-after", "cue",
     "Joe Marsh"},
    /* a listed verb in a clause of its own after an unlisted one */
    {{"\"Not true,\" Joe Marsh shot back when asked about the audit.", NULL}, "Not true,",
     "direct", "cue-after", "cue", "Joe Marsh"},
    {{"Joe Marsh was at the door.", "\"Come in,\" he murmured.", NULL},
     "Come in,", "direct", "cue-after", "cue", "Joe Marsh"},
    {{"\"We have a plan,\" said little Ruth Marsh.", NULL},
     "We have a plan,", "direct", "cue-after", "cue", "Ruth Marsh"},
    {{"\"Well, here,\" cried my mother.", NULL}, "Well, here,", "direct", "cue-after", "cue",
     NULL},
    /* an interjection, or a word the text never capitalises inside a
     * sentence, opening a quote is no name spoken to: no narrator's name */
    {{"\"Well, you are late,\" said the rider.", "\"I know it,\" I answered.", NULL},
     "I know it,", "direct", "cue-after", "cue", NULL},
    {{"\"Splendid, you are early,\" said the rider.", "\"I am,\" I answered.", NULL},
     "I am,", "direct", "cue-after", "cue", NULL},
    /* a description then a verb no list has: "the keeper calculated;" */
    {{"\"That makes a hundred,\" the keeper calculated; \"and he is worth it.\"", NULL},
     "That makes a hundred,", "direct", "cue-after", "cue", NULL},
    /* "he added" after a description's quote in the paragraph is the description */
    {{"Tom Hale and the keeper sat in the shed.", "\"Is it late?\"", "\"Not yet.\"",
      "\"Where is the dog?\"", "\"In the yard.\"", "\"Good.\"",
      "\"You were born to hang,\" laughed the keeper. \"Lend me a hand,\" he added.", NULL},
     "Lend me a hand,", "direct", "cue-after", "pronoun-after-description", NULL},
    /* the answer to a question of "I" that speaks to a name names "I" */
    {{"\"What have I done?\" I asked.",
      "\"Nora, I do not like questions. Sit down and be quiet.\"", NULL},
     "What have I done?", "direct", "cue-after", "narrator", "Nora"},
    /* a name spoken to that the narration then writes of is someone else */
    {{"\"He is behind the door, to be sure, Walter.\"",
      "I came out at once, for I feared being dragged out by Walter.",
      "\"What do you want?\" I asked.", NULL},
     "What do you want?", "direct", "cue-after", "cue", NULL},
    /* a name inside a nested quote is spoken to there, not by the speaker */
    {{"\"What do you want?\" I asked.",
      "\"Say, 'What do you want, Walter?' and stand up,\" said the boy.",
      "\"I will not,\" I said.", NULL},
     "I will not,", "direct", "cue-after", "cue", NULL},
    /* a modal before the verb of speech; an adverb before the pronoun */
    {{"Then for an hour Miss Dunn would say, \"Sit up straight, Tom.\"", NULL},
     "Sit up straight, Tom.", "direct", "cue-before", "cue", "Dunn"},
    {{"Miss Dunn came in and sat down, and pretty soon she would say, \"Sit up straight.\"",
      NULL},
     "Sit up straight.", "direct", "cue-before", "cue", "Dunn"},
    /* "the widow's servant, named Jim, was ...": Jim is the sentence's subject */
    {{"Tom Hale was waiting for me.",
      "The widow's big servant, named Jim, was sitting in the kitchen door. He got up and "
      "listened. Then he says:",
      "\"Who is there?\"", NULL},
     "Who is there?", "continuation", "paragraph-opening", "lead-in", "Jim"},
    /* the description who answers a quote that spoke to a name is that name */
    {{"\"It is all over, Mrs. Dunn!\" said the doctor at last.",
      "\"Ah, poor dear, so it is!\" said the nurse.", NULL},
     "Ah, poor dear, so it is!", "direct", "cue-after", "description-addressed", "Dunn"},
    /* an unlisted verb before the comma, after a description: a cue */
    {{"The council reasoned, \"because the users pay a fee, this is a trade\".", NULL},
     "because the users pay a fee, this is a trade", "direct", "cue-before", "cue", NULL},
    /* a statement speaks for its author: "Acme's new report", "...'s analysis of ..." */
    {{"Acme's new report said, \"Sales will fall sharply next year.\"", NULL},
     "Sales will fall sharply next year.", "direct", "cue-before", "cue", "Acme"},
    {{"Harbor Daily's recent analysis of its own traffic figures concluded, \"Usually we are "
      "second. It might be a blip.\"",
      NULL},
     "Usually we are second. It might be a blip.", "direct", "cue-before", "cue", "Harbor Daily"},
    /* a verb listed for partial quotes only still cues a whole one: "he called" */
    {{"Tom Hale began to climb the pole.", "\"Catch me if I fall,\" he called back.", NULL},
     "Catch me if I fall,", "direct", "cue-after", "cue", "Tom Hale"},
    /* a sentence-opening word the text never capitalises inside a sentence is
     * no one by the shape "Word verbed" alone */
    {{"A wolf cried in the night. Hunger throbbed in its voice. He bent his head.",
      "\"Hello there,\" the man called.", NULL},
     "Hello there,", "direct", "cue-after", "cue", NULL},
    /* a person met only by a description since the named one: "he" is no name */
    {{"Tom Hale had gone to bed early that night.",
      "Long after midnight there was a knock at the gate. \"Open up,\" cried the rider.",
      "\"I have ridden all day,\" he said.", NULL},
     "I have ridden all day,", "direct", "cue-after", "cue", NULL},
    /* or brought in by an indefinite description in narration, a person by
     * the "who" after it */
    {{"Tom Hale walked down the lane.",
      "A tall stranger, who had waited by the gate, stepped out and raised his hat. \"Good day "
      "to you,\" he said.", NULL},
     "Good day to you,", "direct", "cue-after", "cue", NULL},
    /* and by "the" with a "who" right after its noun, opening the clause */
    {{"Tom Hale waited in the hall.",
      "The officer who came in first looked tired. \"Is anyone here?\" he cried.", NULL},
     "Is anyone here?", "direct", "cue-after", "cue", NULL},
    /* and by the appositive of a description, though no subject */
    {{"Tom Hale crossed the river at dawn.",
      "I spoke of the ford to our old guide, a silent fellow with grey eyes.",
      "\"Go upstream,\" he said.", NULL},
     "Go upstream,", "direct", "cue-after", "cue", NULL},
    /* or after a dash */
    {{"Tom Hale kept the inn by the sea.",
      "I remember the morning the stranger came up the road with his chest on a barrow--a tall, "
      "heavy man, with a scar across one cheek.",
      "\"This is a handy cove,\" says he.", NULL},
     "This is a handy cove,", "direct", "cue-after", "cue", NULL},
    /* a second one keeps the first: "him" is the one before */
    {{"Tom Hale kept the inn by the sea.", "A tall stranger, who carried a chest, came up the road.",
      "\"Much company?\" he asked.", "\"Very little,\" my father told him.",
      "\"Good,\" said he.", NULL},
     "Good,", "direct", "cue-after", "pronoun-turn", NULL},
    /* and by "one of them" as the subject of a clause joined by "and" */
    {{"Tom Hale and Nora Vell argued at the table.",
      "Some of their neighbours exchanged glances, and one of them leant forward. \"Take mine,\" "
      "he said.", NULL},
     "Take mine,", "direct", "cue-after", "cue", NULL},
    /* a "who" after the noun of a later phrase brings in no one */
    {{"Tom Hale waited in the hall.",
      "The rain fell, the men who stood outside were wet. \"Is anyone here?\" he cried.", NULL},
     "Is anyone here?", "direct", "cue-after", "cue", "Tom Hale"},
    /* but not when the description's sentence names someone else of his sex */
    {{"Tom Hale sat by the fire.", "The door opened.",
      "\"Tea?\" asked the stranger, and handed him a cup.", "\"Thank you,\" he said.", NULL},
     "Thank you,", "direct", "cue-after", "cue", "Tom Hale"},
    /* the subject after a leading subordinate clause is the sentence's */
    {{"When the bell rang, Kestley opened the door for Tom Hale and lit his pipe.",
      "\"Come in,\" he said.", NULL},
     "Come in,", "direct", "cue-after", "cue", "Kestley"},
    /* and after a participle's phrase, commas and all */
    {{"Following Tom Hale along the lane, past the dark houses, Kestley whistled softly and "
      "rubbed his hands. \"A fine night,\" he said.", NULL},
     "A fine night,", "direct", "cue-after", "cue", "Kestley"},
    /* a name after an opening phrase with no comma is the sentence's subject */
    {{"Tom Hale sat in the kitchen.",
      "At three in the morning Kestley opened the door and shook his coat. \"Cold out,\" he said.",
      NULL},
     "Cold out,", "direct", "cue-after", "cue", "Kestley"},
    /* a known name in the possessive opening a paragraph before a thing of
     * theirs is what it is about: "she" after it is her, not the speaker before */
    {{"\"We are all well,\" said Mrs. Ann Bell. \"I was afraid you were not.\"",
      "Nora Vell had been sewing all day.", "\"I saw your brother go,\" said Mrs. Bell.",
      "Nora's lips twitched. She had expected her neighbor to call.",
      "\"Oh, I am quite well,\" she said.", NULL},
     "Oh, I am quite well,", "direct", "cue-after", "cue", "Nora Vell"},
    /* a title alone spoken to ("Lord,") names no one, though the text
     * capitalises it */
    {{"Tom Hale rode past the house of the Lord of the manor.", "\"It is late,\" said the rider.",
      "\"Well, Lord, what a night it is.\"", NULL},
     "It is late,", "direct", "cue-after", "cue", NULL},
    /* "Poor Hale" opening a sentence, once Hale is known: a modifier */
    {{"It drew a reply from Hale that night.", "\"It will not tell,\" said Hale.",
      "Poor Hale, before his death, sent me the pages. \"Read them,\" he said.", NULL},
     "Read them,", "direct", "cue-after", "cue", "Hale"},
    /* in dialogue, a closed quote paragraph and one with no cue after it, when
     * only one party has spoken: the other person just mentioned answers */
    {{"Tom Hale shrugged.", "\"Shall I read you the letter from the bank?\" asked Nora Hale.",
      "\"Read it if you must.\"", "\"It is short.\"", "\"Then read it.\"",
      "\"They want the money.\"", "\"Of course.\"", NULL},
     "Read it if you must.", "direct", "paragraph-opening", "dialogue-other", "Tom Hale"},
    /* the sentence after a cue-less quote is about a person after its "And" */
    {{"Tom Hale and Nora Hale sat by the fire.", "\"It is cold,\" said Tom Hale.",
      "\"It is never warm in here.\" And Nora Hale looked at the ashes.", NULL},
     "It is never warm in here.", "direct", "paragraph-opening", "actor-after", "Nora Hale"},
    /* a description no one is tied to answers the name just spoken to */
    {{"Tom Hale stood by the easel.", "\"You are late,\" said Jim Reed.",
      "\"I have to leave now, Tom,\" Jim Reed whispered.", "\"Why is that?\" said the stranger.",
      NULL},
     "Why is that?", "direct", "cue-after", "description-addressed", "Tom Hale"},
    /* narration after the last quote of a paragraph: its person goes on */
    {{"Tom Hale and Jim Reed sat at the table.", "\"Where did you get that?\" asked Tom Hale.",
      "\"A friend gave it to me,\" said Jim Reed. Tom Hale frowned. Jim Reed put another "
      "sweet in his mouth.",
      "\"You look cross this morning.\"", NULL},
     "You look cross this morning.", "direct", "paragraph-opening", "actor-paragraph",
     "Jim Reed"},
    /* the sentence after the quote is the reaction of whoever spoke just before */
    {{"Tom Hale and Nora Hale sat by the window.", "\"Is it late?\" asked Nora Hale.",
      "\"Not yet,\" said Tom Hale.",
      "\"The last train has gone without us.\" Tom Hale stared at her blankly.", NULL},
     "The last train has gone without us.", "direct", "paragraph-opening", "conversation-turn",
     "Nora Hale"},
    /* "my cousin Nora" names the narrator's cousin: a later "said my cousin"
     * is her, whatever the noun */
    {{"I sat by the fire with my cousin Nora and her dog.", "\"It is cold,\" said Mr. Hale.",
      "\"Then shut the window,\" said my cousin.", NULL},
     "Then shut the window,", "direct", "cue-after", "cue", "Nora"},
    /* "said his cousin" in a conversation of two: the party who is not the
     * owner of "his" */
    {{"Tom Hale and Nora Bell sat by the fire.", "\"Is it late?\" asked Nora Bell.",
      "\"Not yet,\" said Tom Hale.", "\"Then we can stay,\" said his cousin.", NULL},
     "Then we can stay,", "direct", "cue-after", "cue", "Nora Bell"},
    /* "Hale was saying": "be" before an -ing is the verb going on, a cue */
    {{"\"Good morning,\" said Nora Bell.", "\"Good morning,\" said Tom Hale.",
      "\"The rain will come,\" Tom Hale was saying.", NULL},
     "The rain will come,", "direct", "cue-after", "cue", "Tom Hale"},
    /* a name only spoken to answers too: "said my uncle" after "Jack?" */
    {{"\"Boys need fresh air. Am I right, Jack?\" said Tom Hale.",
      "\"That is my view too,\" said my uncle.", NULL},
     "That is my view too,", "direct", "cue-after", "description-addressed", "Jack"},
    /* but not a description that belongs to the one spoken to */
    {{"\"You look tired, Nora,\" said Tom Hale.", "\"She is always tired,\" said her mother.",
      NULL},
     "She is always tired,", "direct", "cue-after", "cue", "(none)"},
    /* "a young American": a word of origin is no one's name, so no speaker */
    {{"I hardly know what was in the mind of a young American, who, two years ago, sat in the "
      "garden, looking about him. In whatever fashion the young American looked at things, "
      "they seemed to him charming. American tourists were everywhere.",
      "\"Will you give me some sugar?\" he asked.", NULL},
     "Will you give me some sugar?", "direct", "cue-after", "cue", "(none)"},
    /* "He shook me" after a quote, in a conversation with a person met only
     * as "a tall man": not the man named before, so the turn decides */
    {{"My sister had married Joe Hale, the smith, who was kind to me.",
      "A tall man stood up from among the graves.", "\"Who are you?\" he asked.",
      "\"Only a boy, sir,\" I said.", "\"And you know what bread is?\"", "\"Yes, sir.\"",
      "\"You get me some bread.\" He shook me again.", NULL},
     "You get me some bread.", "direct", NULL, "conversation-turn", NULL},
    /* a person met only as "a tall man" who keeps speaking stays in the
     * scene: "said he" after a long exchange is still that one, not "I" */
    {{"I was alone in the churchyard. They called me Tam then.",
      "A tall man stood up from among the graves.", "\"Who are you?\" he asked.",
      "\"Only a boy, sir,\" I said.", "\"And where do you live?\"", "\"In the village, sir.\"",
      "After each question he shook me a little more.", "\"Say it again!\" said he.", NULL},
     "Say it again!", "direct", "cue-after", "pronoun-turn", NULL},
    /* "she" two paragraphs after its subject, narration naming no one between:
     * still that subject, not a name that came after it as an object */
    {{"\"Ask Nora to bring the shawls,\" said Mrs. Hale.",
      "Ruth went up into the old nursery, where she found the shawls of Nora Bell.",
      "Now she had got to love the old room, though it was bare.",
      "\"Ah, the dear old room!\" said she.", NULL},
     "Ah, the dear old room!", "direct", "cue-after", "cue", "Ruth"},
    /* the narrator of a text of dialogue names itself as the story opens:
     * "I called myself Tam" */
    {{"My father died when I was small. My mother called me her little one, but I called "
      "myself Tam, and came to be called Tam.",
      "\"Who are you?\" asked the man.", "\"Only a boy, sir,\" I said.",
      "\"And where do you live?\"", "\"In the village, sir.\"", "\"And your father?\"",
      "\"He is dead, sir.\"", NULL},
     "Only a boy, sir,", "direct", "cue-after", "narrator", "Tam"},
    /* but not "called me a fool": no name follows */
    {{"My father died when I was small. The miller called me a fool.",
      "\"Who are you?\" asked the man.", "\"Only a boy, sir,\" I said.",
      "\"And where do you live?\"", "\"In the village, sir.\"", "\"And your father?\"",
      "\"He is dead, sir.\"", NULL},
     "Only a boy, sir,", "direct", "cue-after", "cue", "(none)"},
    /* "the mother" of a family: the person with the married honorific (parent) */
    {{"Mrs. Dunmore was not anxious to move. She had two children.",
      "Tom, a boy of seven, ran off to the fair.", "\"Can I go now, mother?\" he cried.",
      "\"You can go when the work is done,\" replied the mother.", NULL},
     "You can go when the work is done,", "direct", "cue-after", "cue", "Dunmore"},
    /* "her mother" after a name spoken to at the quote's end: the mother of
     * the one spoken to, who shares her family name, not a guest */
    {{"It was a grey afternoon.", "Mary Quill sat by the fire, and Mary looked at the door.",
      "\"It is late,\" said Mary.", "Mrs. Harlow and Mrs. Quill came in.",
      "\"Will it rain tonight, Mary?\" her mother asked.", NULL},
     "Will it rain tonight, Mary?", "direct", "cue-after", "cue", "Quill"},
    /* "Mrs. Hale" does not take the full name "Ada Hale" when "Ada" alone
     * speaks for herself: the daughter's name is not the mother's */
    {{"It was a Sunday evening, and Ada Hale was pouring out tea for the guests.",
      "\"Mr. Dorne has come, mother,\" said Ada.",
      "\"Sit down, Mr. Dorne,\" said Mrs. Hale.", NULL},
     "Sit down, Mr. Dorne,", "direct", "cue-after", "cue", "Hale"},
    /* a kin word before a name spoken to is a title: "Aunt Ruth," answers */
    {{"\"Sit down and eat something, Aunt Ruth,\" said Nora Hale.",
      "\"I am not hungry at all, child.\"", NULL},
     "I am not hungry at all, child.", "direct", "paragraph-opening", "vocative-reply", "Ruth"},
    /* a one-word name as an object, the sentence's later pronouns all his:
     * a person "he" points back to */
    {{"I watched Brack at the gate, where he stood whistling to his dog.",
      "\"Nobody has ever heard it,\" he said.", NULL},
     "Nobody has ever heard it,", "direct", "cue-after", "cue", "Brack"},
    /* but not when someone named before it in the sentence may own them */
    {{"The doctor, greeting Brack at the gate, lent Pell his stick.",
      "\"Sit down,\" he said.", NULL},
     "Sit down,", "direct", "cue-after", "cue", NULL},
    /* nor when an object pronoun before it ("him") names someone already */
    {{"Tom Hale came late.", "I made him meet Brack, and he was cross about it.",
      "\"Go away,\" he said.", NULL},
     "Go away,", "direct", "cue-after", "cue", "Tom Hale"},
    /* a name after an opening "Yes," is the sentence's subject: "she" is hers */
    {{"Tom Hale was there. Yes, Nora was tall, and she laughed at everything.",
      "\"I wanted to go,\" she said.", NULL},
     "I wanted to go,", "direct", "cue-after", "cue", "Nora"},
    /* "his lady" of the one the quote speaks to, before the narration names him */
    {{"It was a fine morning.", "\"Mr. Hale, the rain has stopped,\" said his wife.", NULL},
     "Mr. Hale, the rain has stopped,", "direct", "cue-after", "cue", "Mrs. Hale"},
    /* a name before ", who", the pronouns after it all his: a person */
    {{"There lived a clerk known as Brack Pell, who kept the books, as he liked to say.",
      "\"Keep your pens clean,\" he would tell the boys.", NULL},
     "Keep your pens clean,", "direct", "cue-after", "cue", "Brack Pell"},
    /* "who" with no pronoun of one sex after it: many people, or unsure */
    {{"We passed the Moors, who waved at us from the wall.",
      "\"Keep your pens clean,\" he would tell the boys.", NULL},
     "Keep your pens clean,", "direct", "cue-after", "cue", NULL},
    /* a one-word name spoken to that no one has yet answers as "he" */
    {{"\"You should find a trade, Brack,\" said I.", "\"Which one?\" replied he.", NULL},
     "Which one?", "direct", "cue-after", "pronoun-turn", "Brack"},
};

static struct annot *run(const char *const *paras)
{
    size_t n = 0, lens[MAXP];
    while (n < MAXP && paras[n]) {
        lens[n] = strlen(paras[n]);
        n++;
    }
    struct annot *a = annot_run(paras, lens, n);
    ck_assert_ptr_nonnull(a);
    return a;
}

START_TEST(spans_that_are_no_quotes)
{
    const char *p[] = {not_quotes[_i].para, NULL};
    struct annot *a = run(p);
    for (size_t k = 0; k < a->nquotes; k++)
        ck_assert_msg(strcmp(a->quotes[k].text, not_quotes[_i].span) != 0,
                      "%s: \"%s\" is no quote", not_quotes[_i].rule, not_quotes[_i].span);
    annot_free(a);
}
END_TEST

START_TEST(rule_decides)
{
    const struct rcase *rc = &cases[_i];
    struct annot *a = run(rc->paras);
    const struct annot_quote *q = NULL;
    for (size_t k = 0; k < a->nquotes && !q; k++)
        if (!strcmp(a->quotes[k].text, rc->text))
            q = &a->quotes[k];
    ck_assert_msg(q != NULL, "no quote \"%s\"", rc->text);
    ck_assert_str_eq(annot_kind_name(q->kind), rc->kind);
    if (rc->kind_rule)
        ck_assert_str_eq(q->kind_rule, rc->kind_rule);
    ck_assert_str_eq(q->speaker_rule, rc->speaker_rule);
    if (rc->speaker)
        ck_assert_str_eq(q->speaker >= 0 ? a->speakers[q->speaker].name : "(none)", rc->speaker);
    else
        ck_assert_int_eq(q->speaker, -1);
    annot_free(a);
}
END_TEST

/* An unnamed source is the whole phrase, the name it serves inside it
 * ("a senior Moreno aide", not "a senior"). */
START_TEST(unnamed_source_phrase)
{
    const char *p[] = {"\"We are very pleased,\" said a senior Moreno aide.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 1);
    ck_assert_int_eq(a->quotes[0].speaker, -1);
    ck_assert_ptr_nonnull(a->quotes[0].source);
    ck_assert_str_eq(a->quotes[0].source, "a senior Moreno aide");
    annot_free(a);
}
END_TEST

/* "Prince Charles" and "King Charles" are one man: only a family's
 * honorifics (Mr, Mrs, Miss, Ms, Dr) tell namesakes apart. */
START_TEST(titles_are_no_family)
{
    const char *p[] = {"\"Fine,\" said Prince Charles.", "\"Good,\" said King Charles.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nspeakers, 1);
    annot_free(a);
}
END_TEST

/* The organisation of "Refugee Aid chief executive Mary Kent" is Refugee Aid. */
START_TEST(employer_before_role_words)
{
    const char *p[] = {"\"The need is growing,\" said Refugee Aid chief executive Mary Kent.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nspeakers, 1);
    ck_assert_str_eq(a->speakers[0].organization, "Refugee Aid");
    annot_free(a);
}
END_TEST

/* "Labour MP" and "the party's MP for Leeds" are roles, "the WHO" an
 * employer: an acronym after a modifier is what the person is. */
START_TEST(acronym_role_or_employer)
{
    static const struct {
        const char *para, *role, *org;
    } k[] = {
        {"\"It is bad,\" said Labour MP Omar Lind.", "Labour MP", NULL},
        {"\"It is bad,\" said Omar Lind, a Labour MP.", "Labour MP", NULL},
        {"\"It is bad,\" said Omar Lind, head of the WHO.", "head of the WHO", "WHO"},
        {"\"It is bad,\" said Acme Corp CEO Omar Lind.", "Acme Corp CEO", "Acme Corp"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        const char *p[] = {k[i].para, NULL};
        struct annot *a = run(p);
        ck_assert_uint_eq(a->nspeakers, 1);
        ck_assert_str_eq(a->speakers[0].name, "Omar Lind");
        ck_assert_pstr_eq(a->speakers[0].role, k[i].role);
        ck_assert_pstr_eq(a->speakers[0].organization, k[i].org);
        annot_free(a);
    }
}
END_TEST

/* "the president" is not the group's president named only after the quote. */
START_TEST(description_named_not_forward)
{
    const char *p[] = {"An aide said the president \"has concerns about the cost\" of it.",
                       "\"It is a lifeline,\" the group's president, Hana Mbeki, said.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 2);
    ck_assert_str_ne(a->quotes[0].speaker_rule, "description-named");
    ck_assert(a->quotes[0].speaker < 0 || strcmp(a->speakers[a->quotes[0].speaker].name, "Hana Mbeki"));
    annot_free(a);
    /* named before: the description is her */
    const char *p2[] = {"\"It is a lifeline,\" the group's president, Hana Mbeki, said.",
                        "\"We will push on,\" said the president.", NULL};
    a = run(p2);
    ck_assert_uint_eq(a->nquotes, 2);
    ck_assert_int_ge(a->quotes[1].speaker, 0);
    ck_assert_str_eq(a->speakers[a->quotes[1].speaker].name, "Hana Mbeki");
    annot_free(a);
}
END_TEST

/* An acronym before one capitalised word is the employer of an appositive,
 * not a title of a person named by that word: "NASA Armstrong" is a centre. */
START_TEST(acronym_employer_is_no_name)
{
    const char *p[] = {"Kicking off the day was Ann Fisk, NASA Armstrong center director. "
                       "\"Safety is first.\" Fisk said.",
                       NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 1);
    ck_assert_int_ge(a->quotes[0].speaker, 0);
    ck_assert_str_eq(a->speakers[a->quotes[0].speaker].name, "Ann Fisk");
    annot_free(a);
}
END_TEST

/* "NAME of ORG": the person speaks, and works there. */
START_TEST(person_of_organisation)
{
    static const struct {
        const char *para, *name, *org;
    } k[] = {
        {"Auto analyst Bea Morrow of Lind Research said sales would hold. \"Buyers forget,\" "
         "Morrow said.",
         "Bea Morrow", "Lind Research"},
        {"\"It is bad,\" said Tamas Varga of the Bank of England.", "Tamas Varga", NULL},
        {"Writing online, Matt Ingle of The Globe and Mail called it \"a skirmish\".", "Matt Ingle",
         "Globe and Mail"},
        /* two words before "of": the person, whatever follows (a firm with no
         * organisation word, a place) */
        {"\"We are ready,\" said Ilan Vork of Harbor Orbital Space in Dunmore, Colorado.",
         "Ilan Vork", NULL},
        {"\"We are ready,\" said Ilan Vork of Houston.", "Ilan Vork", NULL},
        /* no given name the lists know, no "the": the organisation's word says it */
        {"\"It is done,\" said Linora Bexley of Acme Corp.", "Linora Bexley", NULL},
        /* "and" inside the organisation's name, its word after the "and" */
        {"\"It is done,\" said scientist Tom Hale of the Wind and Wave Center.", "Tom Hale",
         "Wind and Wave Center"},
        {"State Secretary Ana Frang of the Ministry of the Economy, Tourism and Sport signed. "
         "\"We are proud,\" Frang said.",
         "Ana Frang", "Ministry of the Economy"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        const char *p[] = {k[i].para, NULL};
        struct annot *a = run(p);
        ck_assert_uint_ge(a->nquotes, 1);
        long sp = a->quotes[a->nquotes - 1].speaker;
        ck_assert_int_ge(sp, 0);
        ck_assert_str_eq(a->speakers[sp].name, k[i].name);
        if (k[i].org)
            ck_assert_pstr_eq(a->speakers[sp].organization, k[i].org);
        annot_free(a);
    }
}
END_TEST

/* The spans a front end underlines: the cue and the speaker's mention. */
START_TEST(cue_and_speaker_spans)
{
    const char *p[] = {"\"We will rebuild,\" said Mayor Ana Lopez.", NULL};
    struct annot *a = run(p);
    ck_assert_uint_eq(a->nquotes, 1);
    const struct annot_quote *q = &a->quotes[0];
    ck_assert(q->cue_span.set && q->speaker_span.set);
    ck_assert_uint_eq(q->cue_span.start, 19); /* "said" */
    ck_assert_uint_eq(q->cue_span.end, 23);
    ck_assert_uint_eq(q->speaker_span.start, 30); /* "Ana Lopez" */
    ck_assert_uint_eq(q->speaker_span.end, 39);
    annot_free(a);
    const char *p2[] = {"\"We will rebuild,\" said Ana Lopez.", "\"The money is there.\"", NULL};
    a = run(p2);
    ck_assert_uint_eq(a->nquotes, 2);
    ck_assert(!a->quotes[1].cue_span.set && !a->quotes[1].speaker_span.set);
    annot_free(a);
}
END_TEST

/* Every rule the annotator names is pinned down by a case above. */
START_TEST(every_rule_has_a_case)
{
    for (int sv = 0; sv < 2; sv++) {
        for (size_t i = 0; annot_rule_name((enum annot_sieve)sv, i); i++) {
            const char *r = annot_rule_name((enum annot_sieve)sv, i);
            int found = 0;
            for (size_t k = 0; k < sizeof cases / sizeof cases[0] && !found; k++)
                found = !strcmp(sv == ANNOT_SIEVE_KIND ? (cases[k].kind_rule ? cases[k].kind_rule
                                                                              : "")
                                                       : cases[k].speaker_rule,
                                r);
            for (size_t k = 0; k < sizeof not_quotes / sizeof not_quotes[0] && !found; k++)
                found = sv == ANNOT_SIEVE_KIND && !strcmp(not_quotes[k].rule, r);
            /* rules of reported speech are pinned down in test_annotate.c */
            found |= !strncmp(r, "reported-", 9);
            ck_assert_msg(found, "rule %s has no case", r);
        }
    }
}
END_TEST

/* Rule names are unique within their sieve, and lower-case-with-dashes. */
START_TEST(rule_names_are_unique)
{
    for (int sv = 0; sv < 2; sv++)
        for (size_t i = 0; annot_rule_name((enum annot_sieve)sv, i); i++) {
            const char *r = annot_rule_name((enum annot_sieve)sv, i);
            ck_assert(strspn(r, "abcdefghijklmnopqrstuvwxyz-") == strlen(r));
            for (size_t j = 0; j < i; j++)
                ck_assert_str_ne(r, annot_rule_name((enum annot_sieve)sv, j));
        }
    ck_assert_ptr_null(annot_rule_name(ANNOT_SIEVE_KIND, 1000));
}
END_TEST

static Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *neg = tcase_create("not_quotes");
    tcase_add_loop_test(neg, spans_that_are_no_quotes, 0,
                        (int)(sizeof not_quotes / sizeof not_quotes[0]));
    suite_add_tcase(s, neg);
    TCase *tc = tcase_create("rules");
    tcase_add_loop_test(tc, rule_decides, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, unnamed_source_phrase);
    tcase_add_test(tc, titles_are_no_family);
    tcase_add_test(tc, employer_before_role_words);
    tcase_add_test(tc, acronym_role_or_employer);
    tcase_add_test(tc, description_named_not_forward);
    tcase_add_test(tc, acronym_employer_is_no_name);
    tcase_add_test(tc, person_of_organisation);
    tcase_add_test(tc, cue_and_speaker_spans);
    tcase_add_test(tc, every_rule_has_a_case);
    tcase_add_test(tc, rule_names_are_unique);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(rules_suite)
