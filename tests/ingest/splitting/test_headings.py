"""Which lines are headings (`ingest/splitting/headings.py`): bold-only, ALL CAPS, short
numbered and ATX lines, and the shapes that are not (a bold sentence, a list item, a link)."""

from __future__ import annotations

import pytest

from ingest.splitting import split_clauses
from ingest.splitting.headings import (
    atx_heading,
    bold_only,
    is_bold_sentence,
    line_heading,
    title_like,
)


@pytest.mark.parametrize(
    ("line", "label", "rank", "style"),
    [
        ("**Your Content**", "Your Content", 0, "bold"),  # weak styles are ranked in pass 2
        ("PAYMENTS, TAXES, AND REFUNDS", "PAYMENTS, TAXES, AND REFUNDS", 0, "caps"),
        ("1\\. Data controller", "1. Data controller", 71, ""),
        ("A. TERMS OF SALE", "A. TERMS OF SALE", 65, ""),
    ],
)
def test_heading_lines(line: str, label: str, rank: float, style: str) -> None:
    found = line_heading(line, [], alone=True)
    assert found is not None
    heading, unclosed = found
    assert (heading.label, heading.rank, heading.style, unclosed) == (label, rank, style, False)


@pytest.mark.parametrize(
    "line",
    [
        "* **Bullet**",  # a list item
        "| **cell** |",  # a table row
        "Plain line",  # plain lines wait for pass 2
        "[Menu](https://example.com)",  # a link: a menu entry at best
        "1.  ordered item",  # a Markdown ordered list
        "1. We collect data about you when you use the service and more.",  # a sentence
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert line_heading(line, [], alone=True) is None


def test_a_numbered_line_is_a_heading_only_alone_in_its_run() -> None:
    assert line_heading("1\\. Data controller", [], alone=False) is None


def test_bold_only_says_when_the_bold_runs_on() -> None:
    assert bold_only("**Your Content**") == ("Your Content", False)
    assert bold_only("[**Welcome!**](https://example.com)") == ("Welcome!", False)
    assert bold_only("**Introduction  ") == ("Introduction", True)  # closed on the next line
    assert bold_only("**Bold** and text") is None
    assert bold_only("plain") is None


def test_title_shapes() -> None:
    assert title_like("Your Content", numbered=False)
    assert not title_like("You must not:", numbered=False)  # a lead-in
    assert not title_like("Last updated: May 2024", numbered=False)  # a date line
    assert not title_like("One. Two sentences", numbered=False)
    assert title_like("1. One. Two", numbered=True)
    assert is_bold_sentence("READ THIS SECTION CAREFULLY.")
    assert not is_bold_sentence("Your Content")


def test_atx_headings_rank_by_level_and_know_anchors() -> None:
    anchor = atx_heading("[**Who May Use**](https://example.com/#a1)", 2, [])
    assert (anchor.label, anchor.rank, anchor.anchor) == ("Who May Use", 20, True)
    numbered = atx_heading("7.3 Licence", 3, [])
    assert (numbered.rank, numbered.kind, numbered.value) == (30, ("dec", "2"), "7.3")


def test_bold_only_line_is_a_heading() -> None:
    source = "Terms\n=====\n\n**Your Content**\n\nYou keep it.\n\n**Licence**\n\nYou grant one.\n"
    spans = split_clauses(source)
    assert [s.section for s in spans] == [("Terms", "Your Content"), ("Terms", "Licence")]


def test_bold_numbered_heading_with_trailing_dot() -> None:
    source = "**1\\. THE SERVICES**.\n\n**1.1 Location.** Please visit the page.\n"
    (span,) = split_clauses(source)
    assert span.section == ("1. THE SERVICES", "1.1 Location")
    assert source[span.start : span.end].startswith("**1.1 Location.**")


def test_link_wrapped_bold_heading() -> None:
    source = "[**Rights you Grant**](https://example.com/terms)\n---\n\nYou retain ownership.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Rights you Grant",)


def test_bold_sentence_is_emphasis_not_a_heading() -> None:
    source = "**1\\. LIMITATION**\n\n**READ THIS SECTION CAREFULLY.**\n\n**WE ARE NOT LIABLE.**\n"
    spans = split_clauses(source)
    assert {s.section for s in spans} == {("1. LIMITATION",)}


def test_all_caps_lines_are_headings() -> None:
    source = (
        "A. INTRODUCTION\n\nThis Agreement governs your use.\n\nB. USING OUR SERVICES\n\n"
        "PAYMENTS, TAXES, AND REFUNDS\n\nYou can acquire Content.\n\nACCOUNT\n\nYou need an ID.\n"
    )
    spans = split_clauses(source)
    assert [s.section for s in spans] == [
        ("A. INTRODUCTION",),
        ("B. USING OUR SERVICES", "PAYMENTS, TAXES, AND REFUNDS"),
        ("B. USING OUR SERVICES", "ACCOUNT"),
    ]


def test_short_numbered_lines_are_headings() -> None:
    source = "1\\. Data controller\n\nWe are the controller.\n\n1.2 Licence\n\nYou grant one.\n"
    spans = split_clauses(source)
    assert [s.section for s in spans] == [
        ("1. Data controller",),
        ("1. Data controller", "1.2 Licence"),
    ]
