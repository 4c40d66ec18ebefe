"""The shared patterns (`ingest/splitting/patterns.py`): the few that decide most, checked on
the forms the captures use."""

from __future__ import annotations

import pytest

from ingest.splitting.patterns import DATELINE, DOCUMENT_TITLE, NUMBER, ROMAN, SENTENCE_END


@pytest.mark.parametrize(
    ("text", "group", "value"),
    [
        ("**1.2 Licence", "dec", "1.2"),  # after an opening bold marker
        ("1\\. Services", "dec", "1"),  # a Markdown-escaped dot
        ("(iv) Scope", "paren", "iv"),
        ("b) Scope", "item", "b"),
    ],
)
def test_clause_numbers(text: str, group: str, value: str) -> None:
    match = NUMBER.match(text)
    assert match is not None and match.group(group) == value


def test_a_word_is_no_clause_number() -> None:
    assert NUMBER.match("Hello there") is None


def test_roman_numerals_only_well_formed() -> None:
    assert [bool(ROMAN.match(v)) for v in ("i", "iv", "xii", "lc", "a", "")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_date_lines_in_english_and_french() -> None:
    assert DATELINE.match("Last updated: May 2024")
    assert DATELINE.match("Effective date")
    assert DATELINE.match("Dernière mise à jour")
    assert not DATELINE.match("Updates to the service")


def test_document_titles_are_a_brand_then_the_documents_name() -> None:
    assert DOCUMENT_TITLE.search("Snap Group Limited Terms of Service")
    assert DOCUMENT_TITLE.search("Terms of Service (EU)")
    assert not DOCUMENT_TITLE.search("Your use of the Terms of Service")


def test_sentence_ends_carry_their_closing_quotes() -> None:
    found = [m.group() for m in SENTENCE_END.finditer('One. Two! "Three?" Four')]
    assert found == [".", "!", '?"']
