"""Section labels and clause numbering (`ingest/splitting/labels.py`): what a citation prints,
and the scheme and rank that decide whether a number is a sibling or a child."""

from __future__ import annotations

import pytest

from ingest.splitting import split_clauses
from ingest.splitting.blocks import Heading
from ingest.splitting.labels import (
    clean,
    continues_letters,
    paragraph_label,
    parse_number,
    shorten,
)


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("[**Your Content**](https://example.com/a)", "Your Content"),
        ("Remov**ing** *Your* \\_Content\\_", "Removing Your _Content_"),  # escapes survive
        ("[](#anchor)\u200b **Licence** ##", "Licence"),
    ],
)
def test_clean_reads_markdown_as_a_person_does(raw: str, label: str) -> None:
    assert clean(raw) == label


def test_shorten_drops_trailing_punctuation_but_not_a_number_dot() -> None:
    assert shorten("Your Content:") == "Your Content"
    assert shorten("Licence.") == "Licence"
    assert shorten("(a).") == "(a)."


def test_shorten_cuts_long_labels_at_a_word_boundary() -> None:
    label = shorten("word " * 30)
    assert len(label) <= 81 and label.endswith("word…")


@pytest.mark.parametrize(
    ("text", "label", "rank", "kind"),
    [
        ("A. INTRODUCTION", "A.", 65, (".", "upper")),
        ("1. Services", "1.", 71, ("dec", "1")),
        ("2\\. General", "2.", 71, ("dec", "1")),
        ("1.2 Licence", "1.2", 72, ("dec", "2")),
        ("(a) Plans", "(a)", 76, ("paren", "lower")),
        ("i. Upgrade", "i.", 77, (".", "roman")),
        ("(A) Scope", "(A)", 78, ("paren", "UPPER")),
        ("(1) Scope", "(1)", 79, ("paren", "digit")),
    ],
)
def test_numbers_rank_1_above_1_2_above_a_above_i(
    text: str, label: str, rank: float, kind: tuple[str, str]
) -> None:
    parsed = parse_number(text, [])
    assert parsed is not None
    number, _ = parsed
    assert (number.label, number.rank, number.kind) == (label, rank, kind)


def test_unnumbered_text_has_no_number() -> None:
    assert parse_number("Hello there", []) is None


def test_i_after_h_continues_the_letters() -> None:
    stack = [Heading("h.", 76, (".", "lower"), "h")]
    assert continues_letters("i", ".", stack)
    assert not continues_letters("v", ".", stack)  # not the next letter: a roman five
    assert not continues_letters("i", ")", stack)  # another numbering style


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("c. Termination. The licence ends.", "c. Termination"),
        ("**1.2 Amazon Music Unlimited**. Text", "1.2 Amazon Music Unlimited"),
        ("(a) plans are sold monthly.", "(a)"),  # no title: the number alone
    ],
)
def test_a_numbered_paragraph_is_labelled_by_its_number_and_title(text: str, label: str) -> None:
    parsed = parse_number(text, [])
    assert parsed is not None
    assert paragraph_label(text, *parsed) == label


def test_labels_are_cleaned_and_cut_at_a_word_boundary() -> None:
    long = "Disputes, Individual Arbitration of Privacy Claims, Class Action and Jury Trial Waivers"
    source = f"## [**{long}**](#x)\n\nText.\n\n### Remov**ing** *Your* \\_Content\\_\n\nMore.\n"
    first, second = split_clauses(source)
    assert len(first.section[0]) <= 81
    assert first.section[0].endswith("…") and " ".join(long.split()[:4]) in first.section[0]
    assert second.section[-1] == "Removing Your _Content_"


def test_bold_lead_in_after_the_number_joins_the_label() -> None:
    source = (
        "**(c)** **Audiobooks by Audible**. Certain plans include audiobooks.\n\n"
        "1.1\u00a0**Choice of Law and Contracting Entity. If you reside in North America.**\n"
    )
    first, second = split_clauses(source)
    assert first.section == ("(c) Audiobooks by Audible",)
    assert second.section == ("1.1 Choice of Law and Contracting Entity",)
