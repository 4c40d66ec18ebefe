"""Whole clauses as pages: every word of the longest clauses shown, every page within
Discord's limits, long texts cut between paragraphs or sentences."""

from __future__ import annotations

from bot.clause_pages import ClauseBlock, clause_pages
from bot.limits import embed_problems
from bot.render import split_text
from fineprint.catalog.clauses import Clause
from fineprint.quote_display import readable
from tests.bot.conftest import LONG_URL


def test_clause_pages_from_the_longest_clauses(longest: list[Clause]) -> None:
    blocks = [
        ClauseBlock("Platform · Document", c.section_label, "2024-02-07", LONG_URL, c.text)
        for c in longest
    ]
    pages = clause_pages(blocks)
    assert all(embed_problems(page) == [] for page in pages)
    shown = " ".join(" ".join(p.description or "" for p in pages).replace("\u200b", "").split())
    for clause in longest:
        assert " ".join(readable(clause.text).split()) in shown  # as the terms read


def test_a_very_long_text_pages_at_boundaries() -> None:
    sentence = "The licence survives termination of these terms for content already shared. "
    text = (sentence * 40 + "\n\n") * 8 + "x" * 5000  # and one "word" with no space at all
    pages = clause_pages([ClauseBlock("T", "S", "2024-01-01", "", text)])
    assert len(pages) > 5
    assert all(embed_problems(page) == [] for page in pages)
    pieces = split_text(text, 3000)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert all(len(piece) <= 3000 for piece in pieces)
    assert all(p.endswith(".") for p in pieces[:-2])  # prose is cut between sentences
    assert [p.footer.text for p in pages][
        -1
    ] == f"Version of 2024-01-01 · page {len(pages)}/{len(pages)} · Not legal advice."
