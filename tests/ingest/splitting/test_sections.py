"""Pass 2 (`ingest/splitting/sections.py`): items corrected (promoted headings, tables of
contents and menus dropped), then the heading stack that gives each block its section path."""

from __future__ import annotations

from ingest.splitting import split_clauses
from ingest.splitting.blocks import Heading
from ingest.splitting.scan import scan
from ingest.splitting.sections import (
    _push,
    assign_sections,
    drop_heading_tocs,
    drop_nav_labels,
    promote_item_headings,
    promote_plain_headings,
)
from tests.ingest.splitting.spans import texts


def test_a_numbered_sibling_replaces_its_predecessor_and_what_is_under_it() -> None:
    stack = [
        Heading("1.", 71, ("dec", "1"), "1"),
        Heading("1.2", 72, ("dec", "2"), "1.2"),
        Heading("(a)", 76, ("paren", "lower"), "a"),
    ]
    _push(stack, Heading("1.3", 72, ("dec", "2"), "1.3"))
    assert [entry.label for entry in stack] == ["1.", "1.3"]


def test_an_unnumbered_heading_pops_the_same_and_deeper_ranks() -> None:
    stack = [Heading("T", 10, None), Heading("U", 20, None), Heading("V", 30, None)]
    _push(stack, Heading("W", 20, None))
    assert [entry.label for entry in stack] == ["T", "W"]


def test_plain_lines_become_headings_but_an_address_stays_text() -> None:
    body = "Grant of license\n\nText here.\n\nAddress 1\n\nStreet 22\n\nCity\n\nText there.\n"
    items = scan(body)
    promote_plain_headings(body, items)
    assert [item.heading.label for item in items if item.heading] == ["Grant of license"]


def test_a_list_item_with_an_indented_body_is_a_heading() -> None:
    body = "*   **Your Commitments**\n\n    You must follow these rules.\n"
    items = scan(body)
    promote_item_headings(body, items)
    assert items[0].heading is not None and items[0].heading.label == "Your Commitments"
    assert items[1].block is not None


def test_headings_listed_before_they_come_back_are_a_table_of_contents() -> None:
    body = (
        "A. TERMS OF SALE\n\nB. MUSIC\n\nC. OTHER\n\n"
        "A. TERMS OF SALE\n\nText a.\n\nB. MUSIC\n\nText b.\n\nC. OTHER\n\nText c.\n"
    )
    items = scan(body)
    drop_heading_tocs(items)
    assert [item.furniture for item in items[:4]] == [True, True, True, False]


def test_a_short_line_beside_a_menu_is_a_menu_label() -> None:
    body = "[Home](https://x.example) [About](https://y.example)\n\nBy audience\n\nTerms text.\n"
    items = scan(body)
    drop_nav_labels(body, items)
    assert [item.furniture for item in items] == [True, True, False]


def test_a_weak_heading_that_keeps_coming_back_is_a_box_inside_its_section() -> None:
    """Pinterest's "More simply put" boxes: nested under each section, never a section."""
    body = "## T\n\n**More simply put**\n\nbox\n\n" * 5
    blocks = assign_sections(body, scan(body), 1200)
    assert {block.section for block in blocks} == {("T", "More simply put")}
    assert len({block.group for block in blocks}) == 5  # one instance each: never merged


def test_plain_title_lines_are_headings_in_tosback_captures() -> None:
    source = "Grant of license\n\nBy uploading your Content you grant us a licence.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Grant of license",)


def test_text_before_any_heading_has_an_empty_path() -> None:
    source = "Welcome to the service.\n\n# Terms\n\nText.\n"
    assert [s.section for s in split_clauses(source)] == [(), ("Terms",)]


def test_numbering_depths_nest_one_under_another() -> None:
    source = (
        "1\\. Services\n\n**1.2 Unlimited**. Unlimited lets you stream music.\n\n"
        "(a) Plans. We offer plans for a fee every month.\n\n"
        "i. You may upgrade your plan at any time.\n\n"
        "ii. You may downgrade your plan at any time.\n\n"
        "(b) Family. A family plan is shared by six people.\n\n"
        "**1.3 Prime**. Prime members get a catalogue.\n\n2\\. General\n\nSeverability text.\n"
    )
    assert [s.section for s in split_clauses(source)] == [
        ("1. Services", "1.2 Unlimited"),
        ("1. Services", "1.2 Unlimited", "(a) Plans"),
        ("1. Services", "1.2 Unlimited", "(a) Plans", "i."),
        ("1. Services", "1.2 Unlimited", "(a) Plans", "ii."),
        ("1. Services", "1.2 Unlimited", "(b) Family"),
        ("1. Services", "1.3 Prime"),
        ("2. General",),
    ]


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    source = "h. Waiver of Jury Trial. You waive it.\n\ni. Waiver of Class Actions. You waive it.\n"
    first, second = split_clauses(source)
    assert first.section == ("h. Waiver of Jury Trial",)
    assert second.section == ("i. Waiver of Class Actions",)  # a sibling of h., not its child


def test_numbered_items_after_a_lead_in_stay_with_it_when_they_fit() -> None:
    source = (
        "## Licence\n\nWe grant you a licence to:\n\n(i) upload content;\n\n(ii) share it; and\n\n"
        "(iii) delete it.\n\nThe above licence is conditional.\n"
    )
    spans = split_clauses(source)
    assert {s.section for s in spans} == {("Licence",)}
    assert texts(source, spans)[0].startswith("We grant you a licence to:\n\n(i) upload")


def test_numbered_items_get_their_own_clause_when_the_list_is_long() -> None:
    rule = "You must not {} any Content from the Platform, other than as the Uploader allows. "
    items = [
        f"({n}) " + (rule.format(verb) * 6).strip()
        for n, verb in [("i", "copy"), ("ii", "rip"), ("iii", "sell")]
    ]
    source = (
        "## Use\n\nThe licences are conditional on these rules:\n\n" + "\n\n".join(items) + "\n"
    )
    spans = split_clauses(source)
    assert [s.section for s in spans] == [
        ("Use",),
        ("Use", "(i)"),
        ("Use", "(ii)"),
        ("Use", "(iii)"),
    ]


def test_markdown_ordered_lists_are_list_items_not_clause_numbers() -> None:
    source = "## Restrictions\n\nYou are not allowed to:\n\n1.  copy the Service;\n2.  resell it.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Restrictions",)


def test_furniture_never_becomes_a_clause_or_a_heading() -> None:
    source = (
        "JavaScript is disabled\n\n[Skip to content](#main)\n\n### Table of Contents\n\n"
        "*   [Your Content](#your-content) This section deals with your Content.\n"
        "*   [Licence](#licence) This section explains the licence.\n\n"
        "# Your Content\n\nYou keep your rights.\n\n[Back to top](#)\n"
    )
    spans = split_clauses(source)
    assert [(s.section, t) for s, t in zip(spans, texts(source, spans), strict=True)] == [
        (("Your Content",), "You keep your rights.")
    ]


def test_toc_headings_with_short_summaries_are_dropped() -> None:
    """YouTube's index: headings linking into the page, each with a one-line summary."""
    entries = "".join(
        f"[**{name}**](https://www.youtube.com/t/terms#{n})\n---\n\nThis section covers {name}.\n\n"
        for n, name in enumerate(["Welcome", "Your Use", "Your Content"])
    )
    source = (
        f"**What's in these terms?**\n===\n\nThis index helps.\n\n{entries}# Terms\n\nReal text.\n"
    )
    spans = split_clauses(source)
    assert texts(source, spans) == ["This index helps.", "Real text."]
