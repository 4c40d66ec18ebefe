"""Pass 1 (`ingest/splitting/scan.py`): lines cut into headings, blocks and furniture, every
offset verbatim."""

from __future__ import annotations

from ingest.splitting import split_clauses
from ingest.splitting.scan import scan
from tests.ingest.splitting.spans import texts


def kinds(body: str) -> list[tuple[str, str]]:
    """(kind, verbatim text) of each item pass 1 finds."""
    found = []
    for item in scan(body):
        kind = "heading" if item.heading else "block" if item.block else "furniture"
        found.append((kind, body[item.start : item.end]))
    return found


def test_atx_setext_rules_and_furniture_are_told_apart() -> None:
    body = "# Terms\n\nIntro.\n\n---\n\nTitle\n=====\n\n[Skip to content](#main)\n\n###\n\nText.\n"
    assert kinds(body) == [
        ("heading", "# Terms"),
        ("block", "Intro."),
        ("furniture", "---"),  # a rule: furniture a clause may span
        ("heading", "Title\n====="),
        ("furniture", "[Skip to content](#main)"),
        ("furniture", "###"),  # an empty heading
        ("block", "Text."),
    ]


def test_menus_and_images_are_furniture_only_menus_are_navigation() -> None:
    menu, image = scan("[Skip to content](#main)\n\n![](https://example.com/bullet.png)\n")
    assert (menu.furniture, menu.nav, menu.menu) == (True, True, True)
    assert (image.furniture, image.nav, image.menu) == (True, False, False)


def test_bold_lines_split_a_run_without_blank_lines() -> None:
    """DistroKid writes its whole page without a blank line."""
    body = "**Heading**\nText under it.\n**Second**\nMore text.\n"
    assert kinds(body) == [
        ("heading", "**Heading**"),
        ("block", "Text under it."),
        ("heading", "**Second**"),
        ("block", "More text."),
    ]


def test_a_bold_heading_closed_on_the_next_line_takes_both_lines() -> None:
    body = "**We collect some data  \nabout you**\nText.\n"
    heading, block = scan(body)
    assert heading.heading is not None
    assert heading.heading.label == "We collect some data about you"
    assert body[block.start : block.end] == "Text."


def test_atx_headings_form_the_path_and_never_the_text() -> None:
    source = "# Terms\n\n## 7. Your Content\n\n### 7.3 Licence\n\nYou grant us a licence.\n"
    spans = split_clauses(source)
    assert [(s.section, t) for s, t in zip(spans, texts(source, spans), strict=True)] == [
        (("Terms", "7. Your Content", "7.3 Licence"), "You grant us a licence.")
    ]


def test_setext_equals_is_above_setext_dash() -> None:
    source = "Terms\n=====\n\nIntro text.\n\nYour Content\n------------\n\nYou keep it.\n"
    spans = split_clauses(source)
    assert [s.section for s in spans] == [("Terms",), ("Terms", "Your Content")]
    assert texts(source, spans) == ["Intro text.", "You keep it."]


def test_split_bold_heading_over_a_hard_break() -> None:
    """YouTube writes ``**Introduction  \\n**Thank you…``: the closing marker is skipped."""
    source = "**Introduction  \n**Thank you for using the YouTube platform.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Introduction",)
    assert source[span.start : span.end] == "Thank you for using the YouTube platform."


def test_date_lines_are_text_not_headings() -> None:
    source = "# Terms\n\n#### Last Updated: August 29, 2025\n\nWelcome to the service.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Terms",)
    assert "Last Updated" in source[span.start : span.end]


def test_crlf_line_endings_keep_verbatim_offsets() -> None:
    source = "# Terms\r\n\r\n## Licence\r\n\r\nYou grant us a licence.\r\n\r\nIt is worldwide.\r\n"
    (span,) = split_clauses(source)
    assert span.section == ("Terms", "Licence")
    assert source[span.start : span.end] == "You grant us a licence.\r\n\r\nIt is worldwide."


def test_invisible_characters_are_not_clauses() -> None:
    source = "\ufeff\n\n# Terms\n\n\u200d\n\nText.\n"
    spans = split_clauses(source)
    assert texts(source, spans) == ["Text."]
