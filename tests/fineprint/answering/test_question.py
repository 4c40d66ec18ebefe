"""Understanding questions: platforms (aliases, possessives), dates, history intent."""

from __future__ import annotations

from datetime import date

import pytest

from fineprint.answering.question import (
    TERMS_DOCUMENTS,
    document_hints,
    find_uncovered,
    named_documents,
    parse_date,
    parse_question,
    whole_years,
)
from fineprint.catalog.sources import Sources, load_sources
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def sources() -> Sources:
    return load_sources(CORPUS / "sources.toml")


@pytest.mark.parametrize(
    ("text", "platforms"),
    [
        ("Can SoundCloud train AI on my voice?", ["soundcloud"]),
        ("is SoundCloud's licence forever?", ["soundcloud"]),
        ("what does YouTube’s licence cover", ["youtube"]),
        ("can they sell my videos on YT", ["youtube"]),
        ("Does Insta own my reels?", ["instagram"]),
        ("could Twitter use my tweets", ["x-twitter"]),
        ("does X train Grok on my posts", ["x-twitter"]),
        ("can FB use my photos", ["facebook"]),
        ("can they sell my music", []),
        ("the box next to my picture", []),
    ],
)
def test_platforms_named_in_the_question(sources: Sources, text: str, platforms: list[str]) -> None:
    assert parse_question(text, sources).platforms == platforms


def test_the_platform_option_wins_over_the_text(sources: Sources) -> None:
    parsed = parse_question("Can SoundCloud train AI?", sources, platform="YT")
    assert parsed.platforms == ["youtube"]
    assert parse_question("anything", sources, platform="patreon").uncovered == ["patreon"]


def test_platform_names_leave_the_search_text(sources: Sources) -> None:
    parsed = parse_question("Can SoundCloud's AI clone my voice?", sources)
    assert "soundcloud" not in parsed.query.lower()
    assert "clone my voice" in parsed.query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Could Twitter use my tweets in mid-2023?", date(2023, 7, 1)),
        ("What did the terms say in 2021?", date(2021, 7, 1)),
        ("Under Reddit's 2023 user agreement", date(2023, 12, 31)),
        ("before May 2025, could they?", date(2025, 4, 30)),
        ("Under the terms in force on 1 March 2025", date(2025, 3, 1)),
        ("as of March 1, 2025", date(2025, 3, 1)),
        ("on 2024-02-07 exactly", date(2024, 2, 7)),
        ("in January 2021, what licence", date(2021, 1, 31)),
        ("in late 2023 I used it", date(2023, 12, 31)),
        ("in early 2022", date(2022, 3, 31)),
        ("EU creator here — in summer 2022, which law applied?", date(2022, 7, 31)),
        ("what did it say in the fall of 2021", date(2021, 10, 31)),
        ("in winter 2023", None),  # which end of the year: left to the year alone
        ("Can SoundCloud train AI on my voice?", None),
        ("I have 2000 followers", None),
    ],
)
def test_dates_in_questions(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_as_of_option_wins_over_the_text(sources: Sources) -> None:
    parsed = parse_question("in 2021?", sources, as_of=date(2019, 1, 1))
    assert parsed.as_of == date(2019, 1, 1)


@pytest.mark.parametrize(
    ("text", "history", "first"),
    [
        ("SoundCloud used to let them train AI?", True, False),
        ("When did SoundCloud first add the AI clause?", True, True),
        ("What changed in YouTube's licence?", True, False),
        ("Can they still sell my music?", True, False),
        ("Can SoundCloud train AI on my voice?", False, False),
    ],
)
def test_history_intent(sources: Sources, text: str, history: bool, first: bool) -> None:
    parsed = parse_question(text, sources)
    assert (parsed.history, parsed.first_appearance) == (history, first)


def test_uncovered_platforms_are_recognised() -> None:
    assert find_uncovered("What cut does Patreon take?") == ["Patreon"]
    assert find_uncovered("is OnlyFans allowed to keep my pics") == ["OnlyFans"]
    assert find_uncovered("a medium risk of a kick") == []


def test_document_hints() -> None:
    assert document_hints("what does the privacy policy say") == ["privacy-policy"]
    assert "terms-of-service" in document_hints("in the terms of service")
    assert document_hints("can they sell my music") == []


def test_documents_named_outright_are_told_from_loose_hints(sources: Sources) -> None:
    parsed = parse_question("What did X's terms of service say about AI training?", sources)
    assert "terms-of-service" in parsed.named_documents
    loose = parse_question("does tiktok respect my privacy", sources)
    assert loose.named_documents == [] and loose.documents == ["privacy-policy"]
    named = parse_question("what does the Pinterest privacy policy say", sources)
    assert named.named_documents == ["privacy-policy"]


def test_a_platforms_terms_name_its_terms_of_service_unless_another_document_is_hinted(
    sources: Sources,
) -> None:
    # "snapchat's terms" is its terms of service; "terms" beside "privacy" is not narrowed
    parsed = parse_question("since when do snapchat's terms name My AI as a service?", sources)
    assert parsed.named_documents == ["terms-of-service", "terms-of-use", "terms-and-conditions"]
    both = parse_question("do tiktok's terms protect my privacy?", sources)
    assert both.named_documents == [] and both.documents == ["privacy-policy"]
    named = parse_question("since when do spotify's partner program terms say so?", sources)
    assert named.named_documents == ["content-monetisation-policy"]


def test_a_hint_at_a_document_the_platform_lacks_does_not_hide_the_terms_named() -> None:
    # "monetize" hints at a monetisation policy; Pinterest has none, so "the 2023 terms" stand
    text = "what changed in pinterest's licence in the 2023 terms? heard they added monetize"
    assert named_documents(text) == []
    held = frozenset({"terms-of-service", "privacy-policy"})
    assert named_documents(text, held) == list(TERMS_DOCUMENTS)
    with_policy = held | {"content-monetisation-policy"}
    assert named_documents(text, with_policy) == []


@pytest.mark.parametrize(
    "text",
    [
        "When did Instagram's terms start saying the Meta AI Terms apply if you use AI features?",
        "since when do insta's terms say that the meta ai terms also apply?",
    ],
)
def test_a_platform_named_as_the_title_of_a_document_referred_to_is_searched_for(
    sources: Sources, text: str
) -> None:
    parsed = parse_question(text, sources)
    assert parsed.platforms == ["instagram"]
    assert "meta ai terms" in parsed.search_text.lower()
    explicit = parse_question(text, sources, platform="instagram")
    assert "meta ai terms" in explicit.search_text.lower()


def test_two_platforms_compared_are_both_asked(sources: Sources) -> None:
    compared = parse_question("do the youtube terms say more than the tiktok terms?", sources)
    assert compared.platforms == ["youtube", "tiktok"]
    asked = parse_question("what do the Meta AI terms say about my instagram photos?", sources)
    assert set(asked.platforms) == {"meta-ai", "instagram"}


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        ("Can SoundCloud train AI on my voice in mid-2024?", "Can train AI on my voice?"),
        ("What did YouTube's terms say as of June 2024 about AI?", "What did terms say about AI?"),
        ("on 2024-03-01 could Twitter sell my data", "could sell my data"),
        ("before March 2020, did SoundCloud own my stuff", "did own my stuff"),
        ("In Q3 2022 could YouTube delete my account?", "could delete my account?"),
    ],
)
def test_the_ranked_text_drops_platform_names_and_the_date_phrase(
    sources: Sources, text: str, ranked: str
) -> None:
    parsed = parse_question(text, sources)
    assert parsed.as_of is not None  # the date still picks the versions searched
    assert parsed.query == ranked


def test_a_question_that_is_only_a_date_keeps_its_words(sources: Sources) -> None:
    assert parse_question("YouTube in 2019?", sources).query.strip() != ""


def test_the_date_option_does_not_strip_words_the_text_does_not_date(sources: Sources) -> None:
    parsed = parse_question("Can SoundCloud train AI on my voice?", sources, as_of=date(2024, 7, 1))
    assert parsed.query == "Can train AI on my voice?"


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        ("does insta own my pics lol", "does own my pics"),
        ("bro, can Twitch ban me?", "can ban me?"),
        ("yo can TikTok steal my vids ngl", "can steal my vids"),
    ],
)
def test_chat_filler_is_not_ranked(sources: Sources, text: str, ranked: str) -> None:
    assert parse_question(text, sources).query == ranked


def test_a_question_of_filler_alone_keeps_its_words(sources: Sources) -> None:
    assert parse_question("lol", sources).query == "lol"


def test_words_that_only_look_like_filler_stay(sources: Sources) -> None:
    assert parse_question("is the FR version of Deezer's terms different?", sources).query == (
        "is the FR version of terms different?"
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Since when does Zoom say it won't train AI on my calls?", "since-when"),
        ("When did Discord's terms first let you appeal a ban?", "since-when"),
        ("what changed in soundcloud's licence in the 2024 update", "what-changed"),
        ("How did Bandcamp's minimum age change between 2023 and 2024?", "what-changed"),
        ("what did it say before and after the feb 2024 update", "what-changed"),
        ("spotify payouts: what did it say before the 2024 update vs after?", "what-changed"),
        ("what did soundcloud change about AI in 2024", "what-changed"),
        ("what did the terms say about changes to fees?", None),
        ("did youtube change anything about ai in 2025", "what-changed"),
        ("has spotify changed its terms since 2023?", "what-changed"),
        ("what's new in the discord terms", "what-changed"),
        ("did the terms let me change my username?", None),
        # the whole story, not one change: the cited clause's history answers it
        ("Has SoundCloud's licence to my tracks changed over time?", None),
        (
            "how did tiktok's community guidlines on labeled AI-generated content that's still "
            "harmful change between the 2024 and 2026 versions?",
            "what-changed",
        ),
        ("Does Spotify still withhold earnings if it suspects abuse?", "still-true"),
        ("is that no longer in there?", "still-true"),
        ("What did YouTube's terms say about ownership in 2015?", "as-of"),
        # two versions named side by side: what changed between them
        ("what did twitch's 2020 terms say about refunds, and the 2024 ones?", "what-changed"),
        ("tiktok age limit in the march 2021 terms vs the june 2025 terms", "what-changed"),
        ("What did YouTube's terms say about ownership in June 2015?", "as-of"),
        ("Does X have to warn me before it changes its terms of service?", None),
        ("Can SoundCloud train AI on my voice?", None),
        ("soundcloud used to give 6 weeks notice, what is it now?", "what-changed"),
        # "used to" as a purpose, not the past
        ("Can artists opt out of having their artwork used to train Midjourney's models?", None),
    ],
)
def test_intents_about_time(sources: Sources, text: str, intent: str | None) -> None:
    assert parse_question(text, sources).intent == intent


def test_a_change_question_names_two_dates_and_searches_every_version(sources: Sources) -> None:
    question = parse_question(
        "What changed in SoundCloud's AI wording between the February 2024 terms and the "
        "May 2025 update?",
        sources,
    )
    assert question.dates == (date(2024, 2, 29), date(2025, 5, 31))
    assert question.as_of is None  # the dates choose the sides, not the versions searched
    assert "changed" not in question.query.lower() and "terms" not in question.query.lower()


def test_a_year_named_alone_is_the_version_that_year_ended_with(sources: Sources) -> None:
    question = parse_question(
        "How did Spotify's ban on inflating play counts change between its 2013 terms and the "
        "October 2020 terms?",
        sources,
    )
    assert question.dates == (date(2013, 12, 31), date(2020, 10, 31))


def test_a_bare_possessive_still_names_the_platform(sources: Sources) -> None:
    question = parse_question("since when do discords terms let u appeal a ban?", sources)
    assert question.platforms == ["discord"]


def test_a_change_after_a_bare_year_update_is_found_by_that_year(sources: Sources) -> None:
    question = parse_question(
        "did discord change when it can delete ur content? what does it say after the 2023 update",
        sources,
    )
    assert question.intent == "what-changed"
    assert question.dates == (date(2023, 12, 31),)


def test_the_current_terms_are_the_newest_side_of_a_comparison(sources: Sources) -> None:
    from fineprint.answering.question import NEWEST

    asked = parse_question(
        "How did Zoom's AI promise change between the August 2023 terms and the current ones?",
        sources,
    )
    assert asked.intent == "what-changed"
    assert asked.dates[-1] == NEWEST and asked.dates[0].year == 2023
    latest = parse_question("what changed from the 2021 tos to the latest version of x?", sources)
    assert latest.dates[-1] == NEWEST
    # "now" alone names no side: the late-2024 update is still the one compared around
    now = parse_question(
        "What changed in X's licence after the late-2024 update — does it now cover AI?", sources
    )
    assert NEWEST not in now.dates


def test_a_what_changed_question_ranks_its_topic_not_its_years(sources: Sources) -> None:
    # "how did … change between 2024 and 2025" chooses the versions; the topic is ranked
    asked = parse_question("how did soundcloud's AI rules change between 2024 and 2025?", sources)
    assert asked.intent == "what-changed"
    assert asked.query == "AI rules?"
    assert [d.year for d in asked.dates] == [2024, 2025]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("What changed between the 2020 and 2021 versions?", {2020, 2021}),
        ("did the rule get stricter in 2025?", {2025}),
        ("what did it promise after the 2022 update", {2022}),
        ("between X's end-of-2025 terms and the April 2026 update", set()),
        ("in mid-2023", set()),
        ("the December 2025 version versus the 2024-03-08 one", set()),
    ],
)
def test_years_named_whole_are_told_from_parts_of_years(text: str, years: set[int]) -> None:
    assert whole_years(text) == years


def test_a_what_changed_question_ranks_its_topic_not_the_versions_it_names(
    sources: Sources,
) -> None:
    # "versions" left behind by the dates ranked Reddit's "this page is the updated User
    # Agreement" banner above its dispute clause
    parsed = parse_question(
        "What changed in Reddit's terms about arbitration between the 2020 and 2021 versions?",
        sources,
    )
    assert parsed.intent == "what-changed"
    assert parsed.terms == ("arbitration",)
    assert parsed.whole_years == {2020, 2021}
    after = parse_question(
        "how did Facebook's notice of changes change after the 2022 update?", sources
    )
    assert after.intent == "what-changed" and after.dates == (date(2022, 12, 31),)
    assert "updat" not in after.terms and "notic" in after.terms


def test_other_terms_a_question_asks_about_are_its_topic(sources: Sources) -> None:
    # "facebook's terms" choose the document; "separate terms" are what is looked for in it
    parsed = parse_question(
        "when did facebook's terms start pointing to separate terms for its generative AI "
        "features?",
        sources,
    )
    assert parsed.intent == "since-when"
    assert "separate terms" in parsed.search_text
    assert parsed.search_text.count("terms") == 1
