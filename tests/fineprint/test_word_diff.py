"""Two wordings compared word by word, and the short summary a history line shows."""

from __future__ import annotations

from fineprint.word_diff import Piece, changed, diff_summary, word_diff

OLD = "You must be at least 13 years old to use the Services in any country of the world."
NEW = "You must be at least 16 years old to use the Services in any country."


def test_the_changed_words_are_marked_and_the_shared_ones_kept() -> None:
    pieces = word_diff(OLD, NEW)
    assert Piece("removed", "13") in pieces and Piece("added", "16") in pieces
    assert " ".join(p.text for p in pieces if p.op != "added") == OLD
    assert " ".join(p.text for p in pieces if p.op != "removed") == NEW


def test_identical_wordings_have_no_change() -> None:
    assert not changed(word_diff(OLD, " ".join(OLD.split())))


def test_the_summary_shows_the_change_with_a_few_words_around_it() -> None:
    summary = diff_summary(word_diff(OLD, NEW))
    assert summary.startswith("… must be at least [-13-] {+16+}")
    assert summary.endswith("[-country of the world.-] {+country.+}")


def test_a_long_rewrite_stays_within_the_budget_and_shows_both_sides() -> None:
    old = " ".join(f"old{n}" for n in range(200))
    new = " ".join(f"new{n}" for n in range(200))
    summary = diff_summary(word_diff(old, new), limit=200)
    assert len(summary) <= 260
    assert "[-old0" in summary and "{+new0" in summary
