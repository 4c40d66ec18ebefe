"""The clause splitter: synthetic cases for each rule, then what the real corpus looks like."""

from __future__ import annotations

import itertools
import re
import statistics
import time
from functools import cache
from pathlib import Path

import pytest

from ingest.splitter import ClauseSpan, _atoms, split_clauses

CORPUS = Path(__file__).parents[2] / "corpus"
ALL_FILES = sorted(CORPUS.glob("*/*/*.md"))


# ---------------------------------------------------------------------------------------------
# Helpers


@cache
def body(relative: str) -> str:
    """The text of a version file after its front matter."""
    text = (CORPUS / relative).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


@cache
def clauses(relative: str) -> tuple[ClauseSpan, ...]:
    return tuple(split_clauses(body(relative)))


def texts(source: str, spans: list[ClauseSpan] | tuple[ClauseSpan, ...]) -> list[str]:
    return [source[span.start : span.end] for span in spans]


def clause_with(relative: str, needle: str) -> tuple[ClauseSpan, str]:
    """The clause of a corpus file that contains ``needle``."""
    source = body(relative)
    found = [
        (s, source[s.start : s.end]) for s in clauses(relative) if needle in source[s.start : s.end]
    ]
    assert len(found) == 1, f"{needle!r} is in {len(found)} clauses of {relative}"
    return found[0]


def assert_valid(
    source: str, spans: list[ClauseSpan] | tuple[ClauseSpan, ...], max_chars: int = 1200
) -> None:
    """Every span is a verbatim, stripped, non-empty slice; spans are ordered and disjoint;
    a span longer than ``max_chars`` is a single sentence the splitter may not cut."""
    previous_end = 0
    for span in spans:
        text = source[span.start : span.end]
        assert text, span
        assert text == text.strip(), span
        assert span.start >= previous_end, span
        previous_end = span.end
        if span.end - span.start > max_chars:
            assert _atoms(source, span.start, span.end, max_chars) == [(span.start, span.end)]


# ---------------------------------------------------------------------------------------------
# Heading styles


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


def test_split_bold_heading_over_a_hard_break() -> None:
    """YouTube writes ``**Introduction  \\n**Thank you…``: the closing marker is skipped."""
    source = "**Introduction  \n**Thank you for using the YouTube platform.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Introduction",)
    assert source[span.start : span.end] == "Thank you for using the YouTube platform."


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


def test_plain_title_lines_are_headings_in_tosback_captures() -> None:
    source = "Grant of license\n\nBy uploading your Content you grant us a licence.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Grant of license",)


def test_date_lines_are_text_not_headings() -> None:
    source = "# Terms\n\n#### Last Updated: August 29, 2025\n\nWelcome to the service.\n"
    (span,) = split_clauses(source)
    assert span.section == ("Terms",)
    assert "Last Updated" in source[span.start : span.end]


def test_labels_are_cleaned_and_cut_at_a_word_boundary() -> None:
    long = "Disputes, Individual Arbitration of Privacy Claims, Class Action and Jury Trial Waivers"
    source = f"## [**{long}**](#x)\n\nText.\n\n### Remov**ing** *Your* \\_Content\\_\n\nMore.\n"
    first, second = split_clauses(source)
    assert len(first.section[0]) <= 81
    assert first.section[0].endswith("…") and " ".join(long.split()[:4]) in first.section[0]
    assert second.section[-1] == "Removing Your _Content_"


def test_text_before_any_heading_has_an_empty_path() -> None:
    source = "Welcome to the service.\n\n# Terms\n\nText.\n"
    assert [s.section for s in split_clauses(source)] == [(), ("Terms",)]


# ---------------------------------------------------------------------------------------------
# Clause numbering


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


def test_bold_lead_in_after_the_number_joins_the_label() -> None:
    source = (
        "**(c)** **Audiobooks by Audible**. Certain plans include audiobooks.\n\n"
        "1.1\u00a0**Choice of Law and Contracting Entity. If you reside in North America.**\n"
    )
    first, second = split_clauses(source)
    assert first.section == ("(c) Audiobooks by Audible",)
    assert second.section == ("1.1 Choice of Law and Contracting Entity",)


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


# ---------------------------------------------------------------------------------------------
# Sizes: splitting and merging


def sentence(n: int) -> str:
    return f"Sentence number {n} says that the platform may use your content in some way. "


def test_oversized_paragraph_is_cut_at_sentence_ends_only() -> None:
    paragraph = "".join(sentence(n) for n in range(40)).strip()
    source = f"# Terms\n\n{paragraph}\n"
    spans = split_clauses(source, max_chars=600, min_chars=100)
    assert len(spans) > 1
    assert_valid(source, spans, max_chars=600)
    for text in texts(source, spans):
        assert text.startswith("Sentence number") and text.endswith("some way.")
        assert len(text) <= 600


def test_a_single_long_sentence_stays_whole() -> None:
    long_sentence = "You grant us " + ", ".join(f"right {n}" for n in range(300)) + "."
    source = f"{long_sentence}\n"
    (span,) = split_clauses(source, max_chars=500)
    assert source[span.start : span.end] == long_sentence


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    paragraph = (
        "Content (e.g. videos) is hosted by Google Inc. in the U.S. under section 3.2 of "
        "the Terms. " * 12
    ).strip()
    spans = split_clauses(paragraph, max_chars=300, min_chars=50)
    for text in texts(paragraph, spans):
        assert text.startswith("Content (e.g. videos)") and text.endswith("of the Terms.")


def test_oversized_section_is_cut_between_paragraphs() -> None:
    paragraphs = ["".join(sentence(n) for n in range(k, k + 5)).strip() for k in range(0, 40, 5)]
    source = "## Licence\n\n" + "\n\n".join(paragraphs) + "\n"
    spans = split_clauses(source, max_chars=800, min_chars=100)
    assert texts(source, spans) == paragraphs


def test_a_short_section_is_one_clause_with_its_blank_lines() -> None:
    source = "## Licence\n\nFirst paragraph.\n\nSecond paragraph.\n"
    (span,) = split_clauses(source)
    assert source[span.start : span.end] == "First paragraph.\n\nSecond paragraph."


def test_tiny_paragraph_merges_with_the_next_one() -> None:
    big = "".join(sentence(n) for n in range(10)).strip()
    source = f"## Licence\n\n{big}\n\nIn short:\n\n{big}\n\n{big}\n"
    spans = split_clauses(source, max_chars=1200, min_chars=200)
    assert texts(source, spans)[1] == f"In short:\n\n{big}"


def test_a_lone_tiny_section_stays_alone_and_never_crosses_a_heading() -> None:
    source = (
        "## Severability\n\nIf a term is void the rest stands.\n\n## Law\n\nGerman law applies.\n"
    )
    spans = split_clauses(source)
    assert [(s.section, t) for s, t in zip(spans, texts(source, spans), strict=True)] == [
        (("Severability",), "If a term is void the rest stands."),
        (("Law",), "German law applies."),
    ]


def test_a_lead_in_keeps_its_list_when_it_fits() -> None:
    items = "\n".join(f"*   item {n} that you must not do;" for n in range(8))
    filler = "".join(sentence(n) for n in range(15)).strip()
    source = f"## Use\n\n{filler}\n\nYou must not:\n\n{items}\n\n{filler}\n"
    spans = split_clauses(source)
    assert f"You must not:\n\n{items}" in texts(source, spans)


def test_long_list_is_cut_between_items_and_keeps_the_lead_in_first() -> None:
    items = "\n".join(f"*   {sentence(n)}" for n in range(30))
    source = f"## Use\n\nYou must not:\n\n{items}\n"
    spans = split_clauses(source, max_chars=700)
    first = texts(source, spans)[0]
    assert first.startswith("You must not:\n\n*   Sentence number 0")
    assert all(t.startswith(("You must not:", "*   Sentence")) for t in texts(source, spans))
    assert_valid(source, spans, max_chars=700)


# ---------------------------------------------------------------------------------------------
# Furniture and messy input


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


def test_crlf_line_endings_keep_verbatim_offsets() -> None:
    source = "# Terms\r\n\r\n## Licence\r\n\r\nYou grant us a licence.\r\n\r\nIt is worldwide.\r\n"
    (span,) = split_clauses(source)
    assert span.section == ("Terms", "Licence")
    assert source[span.start : span.end] == "You grant us a licence.\r\n\r\nIt is worldwide."


def test_invisible_characters_are_not_clauses() -> None:
    source = "\ufeff\n\n# Terms\n\n\u200d\n\nText.\n"
    spans = split_clauses(source)
    assert texts(source, spans) == ["Text."]


def test_empty_and_blank_bodies() -> None:
    assert split_clauses("") == []
    assert split_clauses("\n \n\t\n") == []


# ---------------------------------------------------------------------------------------------
# The real corpus, platform by platform


@pytest.mark.parametrize(
    ("relative", "needle"),
    [
        ("soundcloud/terms-of-use/2024-02-07.md", "may be used to inform, train, develop"),
        (
            "soundcloud/terms-of-use/2025-05-27.md",
            "We will not use your content to train generative AI",
        ),
        (
            "soundcloud/terms-of-use/2026-08-17.md",
            "We will not use your content to train generative AI",
        ),
    ],
)
def test_soundcloud_ai_clause_sits_in_the_licence_section(relative: str, needle: str) -> None:
    span, _ = clause_with(relative, needle)
    assert "Grant of license" in span.section


def test_soundcloud_2026_structure() -> None:
    relative = "soundcloud/terms-of-use/2026-08-17.md"
    sections = {s.section for s in clauses(relative)}
    assert ("SoundCloud Terms of Use", "Your use of the Platform", "(xii)") in sections
    span, text = clause_with(relative, "We will not use your content to train generative AI")
    assert span.section == ("SoundCloud Terms of Use", "Grant of license")
    assert text.startswith("We will not use your content")  # its own paragraph, its own clause
    span, text = clause_with(relative, "In addition, if you register to use the Platform")
    assert "(i) submit, upload or post Content" in text  # items kept with their lead-in
    all_text = "\n".join(texts(body(relative), clauses(relative)))
    assert "](#acceptance-of-terms-of-use)" not in all_text  # the table of contents
    assert "Blocking and removal of content This section" not in all_text


def test_soundcloud_2018_plain_headings_and_plain_toc() -> None:
    relative = "soundcloud/terms-of-use/2018-05-25.md"
    span, _ = clause_with(relative, "By uploading Your Content to the Platform, you also grant")
    assert span.section == ("SoundCloud Terms of Use", "Grant of license")  # plain title lines
    span, _ = clause_with(relative, "You hereby agree to indemnify, defend and hold harmless")
    assert span.section == ("SoundCloud Terms of Use", "Indemnification")
    all_text = "\n".join(texts(body(relative), clauses(relative)))
    assert "Acceptance of Terms of Use Basically" not in all_text  # TOC without links


def test_soundcloud_2024_page_furniture_is_gone() -> None:
    relative = "soundcloud/terms-of-use/2024-02-07.md"
    all_text = "\n".join(texts(body(relative), clauses(relative)))
    assert "JavaScript is disabled" not in all_text
    assert "enable JavaScript" not in all_text
    assert clauses(relative)[0].section == ("SoundCloud Terms of Use",)


def test_youtube_terms_index_is_dropped_and_bold_sections_nest() -> None:
    relative = "youtube/terms-of-service/2026-07-15.md"
    all_text = "\n".join(texts(body(relative), clauses(relative)))
    assert "This section outlines our relationship with you" not in all_text
    assert "in other languages" not in all_text
    span, _ = clause_with(relative, "By providing Content to the Service, you grant to YouTube")
    assert span.section == ("Your Content and Conduct", "License to YouTube")
    span, _ = clause_with(relative, "children of all ages may use the Service")
    assert span.section == ("Who may use the Service?", "Age Requirements")
    sections = {s.section for s in clauses(relative)}
    assert ("Your Content and Conduct", "Removing Your Content") in sections


def test_amazon_music_numbering() -> None:
    relative = "amazon-music/terms-of-service/2025-02-14.md"
    span, _ = clause_with(relative, "A Family Unlimited Plan allows you to share")
    assert span.section == (
        "Amazon Music Terms of Use",
        "1. THE SERVICES",
        "1.2 Amazon Music Unlimited",
        "(b) Family Unlimited Plans",
    )
    span, _ = clause_with(relative, "You may cancel the auto renewal of your Unlimited Plan")
    assert span.section[-2:] == ("2.2 Payment; Renewal", "(c)")
    span, _ = clause_with(relative, "Some record companies require us to insert identifiers")
    assert span.section[-2:] == ("4. SOFTWARE AND USAGE", "4.3 Unique Identifiers")


def test_apple_itunes_caps_headings() -> None:
    relative = "apple-itunes/terms-of-service/2020-10-06.md"
    span, _ = clause_with(relative, "You can acquire Content on our Services for free")
    assert span.section[1:] == ("B. USING OUR SERVICES", "PAYMENTS, TAXES, AND REFUNDS")
    span, _ = clause_with(relative, "a. Scope of License: Licensor grants to you")
    assert span.section[-2:] == (
        "LICENSED APPLICATION END USER LICENSE AGREEMENT",
        "a. Scope of License",
    )
    old = "apple-itunes/terms-of-service/2015-10-22.md"
    span, _ = clause_with(old, "You agree that you will pay for all products you purchase")
    assert span.section == ("A. TERMS OF SALE", "PAYMENTS, TAXES, AND REFUND POLICY")


def test_zoom_numbered_bold_sections() -> None:
    relative = "zoom/terms-of-service/2026-08-06.md"
    span, _ = clause_with(relative, "Zoom will only access, process or use Customer Content")
    assert span.section == (
        "ZOOM TERMS OF SERVICE",
        "10. DATA USAGE, LICENSES AND RESPONSIBILITIES",
        "10.2 Permitted Uses and Customer License Grant",
    )
    span, _ = clause_with(relative, "READ THIS SECTION CAREFULLY AS IT LIMITS")
    assert span.section == ("ZOOM TERMS OF SERVICE", "26. LIMITATION ON LIABILITY")
    all_text = "\n".join(texts(body(relative), clauses(relative)))
    assert "Select a language" not in all_text and "Partner Solutions" not in all_text


def test_tiktok_setext_numbered_sections() -> None:
    relative = "tiktok/terms-of-service/2026-07-23.md"
    span, _ = clause_with(relative, "We don’t own your content.")
    assert span.section == (
        "Terms of Service",
        "4. Using the Platform",
        "4.9 Ownership of content and grant of licences",
    )
    span, _ = clause_with(
        relative, "cannot be transferred by you, but may be transferred by TikTok"
    )
    assert span.section == ("Terms of Service", "9. Other")  # "9. Other" is no furniture


def test_x_twitter_sections() -> None:
    relative = "x-twitter/terms-of-service/2026-04-11.md"
    found = [
        s
        for s in clauses(relative)
        if "You retain your rights to any Content" in body(relative)[s.start : s.end]
    ]
    assert found  # the US and the EU versions both carry it
    for span in found:
        assert span.section[-2:] == (
            "3. Content on the Services",
            "Your Rights and Grant of Rights in the Content",
        )


def test_instagram_terms_menu_and_sections() -> None:
    relative = "instagram/terms-of-service/2026-08-21.md"
    all_text = "\n".join(texts(body(relative), clauses(relative)))
    assert "Copy link" not in all_text
    assert "How is Instagram funded?" not in all_text  # the question menu at the top
    span, _ = clause_with(relative, "As part of our agreement, you also give us permissions")
    assert span.section == ("Terms of Use", "4. Your Commitments", "4.3 Permissions You Give to Us")


def test_snapchat_two_agreements_in_one_page() -> None:
    relative = "snapchat/terms-of-service/2026-08-06.md"
    roots = [s.section[0] for s in clauses(relative) if s.section]
    assert "Snap Inc. Terms of Service" in roots and "Snap Group Limited Terms of Service" in roots
    sections = {s.section[-1] for s in clauses(relative) if s.section}
    assert {
        "2. Rights You Grant Us",
        "6. AI Features",
        "m. Arbitration Agreement Survival",
    } <= sections


def test_snapchat_2021_numbered_lines() -> None:
    sections = {s.section for s in clauses("snapchat/terms-of-service/2021-03-11.md")}
    assert ("Snap Group Limited Terms of Service", "3. Rights you grant us") in sections


def test_deezer_french_articles() -> None:
    relative = "deezer/terms-of-use/2022-02-08.md"
    source = body(relative)
    found = [
        s for s in clauses(relative) if "La structure générale du Site" in source[s.start : s.end]
    ]
    assert len(found) == 5  # one per Deezer offer, each in its own set of terms
    assert all(
        re.fullmatch(r"Article \d+ – Propriété intellectuelle", s.section[-1]) for s in found
    )
    assert len({s.section for s in found}) == 5


def test_meta_ai_list_item_headings() -> None:
    relative = "meta-ai/terms-of-service/2026-05-13.md"
    span, _ = clause_with(relative, "You may not access, use, or allow others to access or use AIs")
    assert span.section[-2:] == ("Your Commitments", "Acceptable Uses")


def test_distrokid_headings_without_blank_lines() -> None:
    span, _ = clause_with(
        "distrokid/terms-of-service/2024-09-19.md",
        "You are solely responsible for the User Content",
    )
    assert span.section == ("User Content and Activity",)


def test_pinterest_more_simply_put_boxes_nest() -> None:
    sections = {s.section for s in clauses("pinterest/terms-of-service/2026-07-30.md")}
    assert (
        "3. Your User Content",
        "b. How we and other users can use your User Content",
        "More simply put",
    ) in sections


# ---------------------------------------------------------------------------------------------
# The whole corpus


HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
DATE_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?:\*\*)?(?:last |updated|effective|dated)", re.I)
UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
TOC_LINE = re.compile(r"^\s*(?:[*+-]\s+|\d+\.\s+)?\[[^\]]*\]\([^)]*#[^)]*\)")


def test_every_file_splits_into_valid_spans() -> None:
    for path in ALL_FILES:
        relative = str(path.relative_to(CORPUS))
        spans = clauses(relative)
        assert spans, relative
        assert_valid(body(relative), spans)


def test_no_clause_crosses_a_heading() -> None:
    for path in ALL_FILES:
        relative = str(path.relative_to(CORPUS))
        for text in texts(body(relative), clauses(relative)):
            for match in HEADING_LINE.finditer(text):
                line = text[match.start() : text.find("\n", match.start()) % (len(text) + 1)]
                assert DATE_HEADING.match(line), (relative, line)
            lines = text.split("\n")
            for above, line in itertools.pairwise(lines):
                if UNDERLINE.match(line) and above.strip():
                    assert above.lstrip().startswith(("*", "-")), (relative, above)


def test_tables_of_contents_are_not_clauses() -> None:
    for path in ALL_FILES:
        relative = str(path.relative_to(CORPUS))
        for text in texts(body(relative), clauses(relative)):
            lines = [line for line in text.split("\n") if line.strip()]
            anchored = sum(bool(TOC_LINE.match(line)) for line in lines)
            assert anchored < 3 or anchored < len(lines) / 2, (relative, text[:200])


def test_corpus_totals_are_sane_and_fast() -> None:
    bodies = [body(str(path.relative_to(CORPUS))) for path in ALL_FILES]
    started = time.perf_counter()
    spans = [split_clauses(source) for source in bodies]
    elapsed = time.perf_counter() - started
    lengths = [s.end - s.start for file_spans in spans for s in file_spans]
    assert len(ALL_FILES) >= 200
    assert 12_000 <= len(lengths) <= 30_000
    assert 300 <= statistics.median(lengths) <= 800
    assert sum(length > 1200 for length in lengths) < 0.01 * len(lengths)
    assert elapsed < 10
