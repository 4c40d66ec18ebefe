"""The dates a text prints about itself, read from real captures of the bundled corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fineprint.catalog.printed_dates import _DATE, dates_the_text, parse_date, read_printed_dates
from fineprint.catalog.version_facts import read_version_facts
from tests.conftest import CORPUS
from tests.fineprint.catalog.corpus_texts import body


@pytest.mark.parametrize(
    ("name", "day", "words"),
    [
        # The cases: the printed date is not the capture date.
        ("bandcamp/terms-of-service/2025-09-01", "2024-11-11", "effective"),
        ("tumblr/terms-of-service/2026-07-15", "2026-01-16", "last modified"),
        ("facebook/terms-of-service/2012-10-10", "2012-06-08", "last revised"),  # in a sentence
        ("twitch/terms-of-service/2025-04-10", "2025-04-02", "last modified"),  # 04/02/2025
        ("apple-media-services/terms-and-conditions/2025-09-16", "2025-09-15", "last updated"),
        ("tiktok/terms-of-service/2020-07-29", "2020-07", "last updated"),  # "July 2020"
        ("discord/terms-of-service/2022-12-01", "2022-03-28", "effective"),  # beats Last Updated
        (
            "distrokid/terms-of-service/2021-08-03",
            "2020-10-08",
            "effective",
        ),  # "As of Oct 8th, 2020"
        ("linkedin/terms-of-service/2026-08-07", "2026-08-06", "dated"),  # a date under the title
        ("meta-ai/terms-of-service/2026-01-21", "2026-01-05", "effective"),  # label, lines, date
        # A date line beats a date in a sentence ("… effective as of August 15, 2024" for
        # accounts created before): the page says Last Updated: July 8, 2024.
        ("vimeo/terms-of-service/2024-07-08", "2024-07-08", "last updated"),
        # The page shows next month's terms: the printed date follows the capture.
        ("snapchat/terms-of-service/2026-08-06", "2026-09-21", "effective"),
    ],
)
def test_the_effective_date_a_text_prints(name: str, day: str, words: str) -> None:
    facts = read_version_facts(body(name))
    assert (facts.effective_date, facts.effective_words) == (day, words)


def test_an_announced_change_is_not_the_texts_own_date() -> None:
    # "On June 1, 2021, we will update the YouTube Terms of Service …" above terms that say
    # "Effective as of March 17, 2021".
    youtube = read_printed_dates(body("youtube/terms-of-service/2021-05-18"))
    assert youtube.announced is not None and youtube.announced.day == "2021-06-01"
    assert youtube.effective is not None and youtube.effective.day == "2021-03-17"
    # "These terms will be updated effective December 20, 2020. To preview …": the text
    # itself was "Revised: April 19, 2018".
    instagram = read_printed_dates(body("instagram/terms-of-service/2020-12-01"))
    assert instagram.announced is not None and instagram.announced.day == "2020-12-20"
    assert instagram.effective is not None and instagram.effective.day == "2018-04-19"


def test_effective_until_counts_on_a_line_of_its_own_only() -> None:
    # Reddit links its previous terms in a sentence: "… for the version effective until
    # October 15, 2020, [click here]". That is another text's date.
    assert read_printed_dates(body("reddit/terms-of-service/2020-09-22")).until is None
    # X's privacy policy of 2021-07-20 is mostly the policy "(Effective until August 19,
    # 2021)", in force since June 18, 2020; the new policy's date is not its date.
    facts = read_version_facts(body("x-twitter/privacy-policy/2021-07-20"))
    assert (facts.effective_until, facts.effective_date) == ("2021-08-19", "2020-06-18")


def test_a_date_in_a_clause_is_not_read() -> None:
    # "Company may terminate …, effective immediately" and other clause dates sit between the
    # head and the tail; a text with no date of its own gets none.
    assert read_version_facts(body("deviantart/terms-of-service/2025-09-23")).effective_date == ""


def test_dates_that_cannot_exist_are_not_read() -> None:
    pattern = re.compile(_DATE, re.IGNORECASE)
    for text, expected in [
        ("February 30, 2024", None),
        ("13/01/2024", None),  # month first, as the pages using slashes print it
        ("1er janvier 2024", "2024-01-01"),
        ("Sept. 3rd, 2021", "2021-09-03"),
        ("2026-01-16", "2026-01-16"),
    ]:
        match = pattern.search(text)
        assert match is not None
        assert parse_date(match) == expected, text


def test_most_of_the_corpus_prints_a_date() -> None:
    """Over every bundled version, the share that prints its own date (186 of 208 when this
    was written; the others print none: DeviantArt's and Deezer's terms, the acceptable-use
    and community pages). A drop means a rule stopped reading a kind of date line."""
    paths = sorted(Path(CORPUS).glob("*/*/*.md"))
    dated = sum(
        bool(read_version_facts(body(str(p.relative_to(CORPUS))[:-3])).effective_date)
        for p in paths
    )
    assert len(paths) >= 200
    assert dated >= 0.85 * len(paths)


@pytest.mark.parametrize(
    ("span", "dating"),
    [
        ("Last Updated: July 9, 2025", True),
        (
            "Effective 5 January 2022 | [Archived versions](https://policies.google.com/terms/"
            "archive?hl=en-GB&gl=IE)",
            True,
        ),
        ("#### Effective: March 28, 2022 #### Last Updated: February 25, 2022", True),
        ("**Version Effective Date: March 7, 2024**", True),
        # a sentence with a date in it is a term, not the text's date line
        (
            "These terms are effective as of June 1, 2021 and replace all earlier agreements "
            "between you and us.",
            False,
        ),
        ("We will not use your content to train generative AI models.", False),
    ],
)
def test_a_line_that_only_dates_the_text_is_told_from_a_clause(span: str, dating: bool) -> None:
    assert dates_the_text(span) is dating
