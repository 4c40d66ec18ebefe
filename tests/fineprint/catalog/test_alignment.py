"""Which newer clause continues which older one: the four passes of `align`, and the
comparable form they (and the re-fetch) compare texts in."""

from __future__ import annotations

from datetime import date

import pytest

from fineprint.catalog.alignment import MATCH_THRESHOLD, align, comparable
from fineprint.catalog.clauses import Clause
from fineprint.catalog.closeness import words

LICENCE = (
    "By uploading your Content, you grant a limited, worldwide, non-exclusive, royalty-free "
    "licence to other users to listen to, repost and share your Content."
)
TERMINATION = (
    "SoundCloud may suspend your access to the Platform and terminate this Agreement if you "
    "repeatedly infringe the rights of others."
)
PAYOUTS = "Payouts are made monthly once your earnings reach ten dollars."

S1 = "You retain all of your ownership rights in your Content at all times."
S2 = "You grant us a worldwide licence to host, store and display your Content on the Service."
S3 = "This licence ends when you delete your Content from the Service, subject to backups."
S4 = "Other users may share your public Content through the features we provide to them."


def version(day: str, *items: tuple[str, tuple[str, ...]]) -> list[Clause]:
    return [
        Clause(
            platform="demo",
            document="terms",
            version_date=date.fromisoformat(day),
            section=section,
            text=text,
            start=0,
            end=len(text),
            ordinal=n,
        )
        for n, (text, section) in enumerate(items)
    ]


def test_comparable_ignores_formatting_dashes_punctuation_spacing_and_case() -> None:
    styled = (
        LICENCE.replace("your Content", "**your Content**")
        .replace("share", "[share](https://example.com/share)")
        .replace(", ", " , ")
        .replace("non-exclusive", "non\u2013exclusive")
    )
    assert comparable(styled) == comparable(LICENCE)
    assert comparable("Wait\u2026  \u201cthis\u201d \u2014 then") == comparable(
        'wait... "this" - then'
    )


@pytest.mark.parametrize("number", ["(xii)", "3.", "3.1", "a)", "(b)", "iv.", "-", "*", "•"])
def test_comparable_drops_a_leading_list_number(number: str) -> None:
    assert comparable(f"{number} You must not stalk other users.") == (
        "you must not stalk other users."
    )


def test_comparable_keeps_the_words() -> None:
    assert comparable("We may use your content") != comparable("We may not use your content")


def test_nothing_to_align() -> None:
    old = version("2020-01-01", (LICENCE, ("Licence",)))
    assert align([], old) == {} and align(old, []) == {}


def test_the_same_clauses_are_unchanged_one_to_one() -> None:
    items = ((LICENCE, ("Licence",)), (TERMINATION, ("End",)), (LICENCE, ("Licence",)))
    old, new = version("2020-01-01", *items), version("2021-01-01", *items)
    assert align(old, new) == {
        0: (0, "unchanged", 1.0),
        1: (1, "unchanged", 1.0),
        2: (2, "unchanged", 1.0),
    }


def test_formatting_only_is_unchanged_in_a_renumbered_section_and_moved_in_another() -> None:
    old = version("2020-01-01", (LICENCE, ("7. Your Content",)), (TERMINATION, ("Termination",)))
    new = version(
        "2021-01-01",
        (TERMINATION.replace("Platform", "**Platform**"), ("Ending the agreement",)),
        ("(a) " + LICENCE.replace(", ", " , "), ("8. Your Content",)),
    )
    assert align(old, new) == {0: (1, "moved", 1.0), 1: (0, "unchanged", 1.0)}


def test_an_edited_clause_pairs_by_word_overlap() -> None:
    before = "you grant us a licence to host your content"  # 9 distinct words
    after = "you grant us a licence to host and share your content"  # the same 9 and 2 more
    old = version("2020-01-01", (before, ("Licence",)), (PAYOUTS, ("Payouts",)))
    new = version("2021-01-01", (after, ("Licence",)))
    assert align(old, new, rewrites=False) == {0: (0, "modified", pytest.approx(2 * 9 / (9 + 11)))}


def test_unrelated_and_very_short_clauses_stay_unpaired() -> None:
    old = version("2020-01-01", (PAYOUTS, ("Payouts",)), ("Definitions apply here.", ("Terms",)))
    new = version(
        "2021-01-01",
        ("You may delete your account at any time from your settings.", ("Accounts",)),
        ("Definitions apply here always.", ("Terms",)),  # 3 of 4 words, but too short to guess
    )
    assert align(old, new) == {}


def test_pairs_below_the_threshold_are_not_made() -> None:
    old = version("2020-01-01", ("alpha beta gamma delta epsilon zeta", ("A",)))
    new = version("2021-01-01", ("alpha beta eta theta iota kappa", ("A",)))  # Dice 4/12
    assert MATCH_THRESHOLD > 2 * 2 / 12
    assert align(old, new, rewrites=False) == {}


def test_a_rewrite_keeping_one_sentence_is_found_by_its_sentence_only() -> None:
    long_old = (
        f"3. For clarity, you retain all of your ownership rights in your Content. {S2} {S3} "
        "The above licences granted by you in user comments you submit are perpetual and "
        "irrevocable. You understand that we may retain server copies of removed videos."
    )
    kept = "You retain all of your ownership rights in your Content."
    fresh = "In short, what belongs to you stays yours."
    old = version("2013-01-01", (long_old, ("6. Your Content", "C.")))
    new = version("2020-01-01", (f"{kept} {fresh}", ("Rights you grant",)))
    assert align(old, new, rewrites=False) == {}  # the word-overlap pass alone loses it
    # with the sentence pass: the kept sentence's words are found, the fresh ones are not
    share = len(words(kept)) / (len(words(kept)) + len(words(fresh)))
    assert align(old, new) == {0: (0, "modified", pytest.approx(share))}


def test_a_clause_split_in_two_is_continued_twice() -> None:
    old = version("2020-01-01", (f"{S1} {S2} {S3} {S4}", ("5. Your Content",)))
    new = version(
        "2021-01-01", (f"{S1} {S2}", ("6. Your Content",)), (f"{S3} {S4}", ("6. Your Content",))
    )
    pairs = align(old, new)
    assert {j: pairs[j][:2] for j in pairs} == {0: (0, "modified"), 1: (0, "modified")}


def test_the_sentence_pass_prefers_an_unpaired_older_clause() -> None:
    old = version(
        "2020-01-01",
        (f"{S1} {S2}", ("Content",)),
        (f"{S3} {S4} {TERMINATION} {PAYOUTS}", ("Licence",)),
    )
    # holds all of old 0 and one sentence of old 1
    mixed = (f"{S1} {S2} Also, {S3[0].lower()}{S3[1:]}", ("Misc",))
    assert align(old, version("2021-01-01", mixed))[0][0] == 0  # alone: the closer clause
    new = version("2021-01-01", (f"{S1} {S2}", ("Content",)), mixed)
    assert align(old, new, rewrites=False) == {0: (0, "unchanged", 1.0)}
    pairs = align(old, new)  # old 0 is taken: the shared sentence of old 1 decides
    share = len(words(S3)) / len(words(mixed[0]))
    assert pairs[1] == (1, "modified", pytest.approx(share))
