"""The splitter's entry point (`ingest/splitting/split.py`): what `split_clauses` promises on
any body, then what the real corpus looks like, platform by platform and as a whole."""

from __future__ import annotations

import itertools
import re
import statistics
import time

import pytest

from ingest.splitting import split_clauses
from tests.ingest.splitting.spans import (
    ALL_FILES,
    CORPUS,
    assert_valid,
    body,
    clause_with,
    clauses,
    texts,
)

# ---------------------------------------------------------------------------------------------
# The entry point


def test_empty_and_blank_bodies() -> None:
    assert split_clauses("") == []
    assert split_clauses("\n \n\t\n") == []


def test_the_packages_example_holds() -> None:
    """The example in `ingest/splitting/__init__.py` is run, so it cannot drift."""
    import doctest

    import ingest.splitting

    result = doctest.testmod(ingest.splitting)
    assert result.attempted == 2 and result.failed == 0


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
