"""Captures that hold two editions of their terms: the newest is the version."""

from __future__ import annotations

from fineprint.catalog.editions import current_edition
from fineprint.catalog.version_facts import read_version_facts
from tests.fineprint.catalog.corpus_texts import body


def test_x_2024_keeps_the_new_terms_and_leaves_out_those_effective_until_november_15() -> None:
    text = body("x-twitter/terms-of-service/2024-10-21")
    edition = current_edition(text)
    kept, left = text[edition.start : edition.end], text[edition.end :]
    assert edition.start == 0 and edition.superseded_until == "2024-11-15"
    # the cut is above the superseded edition's own title, "Terms of Service"
    assert left.startswith("Terms of Service\n")
    assert "#### Effective until November 15, 2024" in left[:80]
    assert "November 15, 2024" in kept and "September 29, 2023" not in kept
    assert "September 29, 2023" in left
    # both regional parts of the new terms are kept (X Corp. and Twitter International)
    assert "X Corp., which provides X" in kept and "Twitter International Unlimited" in kept
    assert edition.dropped == len(left)


def test_x_2025_two_in_one_takes_the_superseded_terms_until_date_as_its_own() -> None:
    facts = read_version_facts(body("x-twitter/terms-of-service/2025-12-17"))
    assert facts.superseded_until == "2026-01-15"
    assert facts.effective_date == "2026-01-15"  # after the capture: the page shows new terms
    assert facts.dropped_chars > 0.4 * (facts.text_chars + facts.dropped_chars)


def test_x_privacy_2023_cuts_above_the_current_policy_heading() -> None:
    text = body("x-twitter/privacy-policy/2023-04-18")
    edition = current_edition(text)
    assert text[edition.end :].startswith("Current Privacy Policy")
    # the kept edition's own footer says June 10, 2022; the edition it replaces applied
    # until May 18, 2023, which is when this one applies from ("This version … will go into
    # effect on May 18, 2023")
    assert read_version_facts(text).effective_date == "2023-05-18"


def test_x_2015_keeps_the_second_edition_when_it_is_the_newer() -> None:
    text = body("x-twitter/terms-of-service/2015-04-18")
    edition = current_edition(text)
    kept = text[edition.start : edition.end]
    assert edition.start > 0 and edition.end == len(text)
    assert "May 18, 2015" in kept and "September 8, 2014" not in kept
    assert "September 8, 2014" in text[: edition.start]


def test_regional_parts_with_their_own_dates_are_one_edition() -> None:
    # X 2026-04-11: the US terms effective April 10, 2026, the EU terms January 15, 2026.
    assert current_edition(body("x-twitter/terms-of-service/2026-04-11")).whole
    # Pinterest prints two dates on neighbouring lines (outside / in the EEA & UK).
    assert current_edition(body("pinterest/terms-of-service/2024-03-13")).whole
    # Snapchat prints "Effective: 26 February 2024" above the US and the non-US terms.
    assert current_edition(body("snapchat/terms-of-service/2025-03-06")).whole


def test_a_single_edition_is_the_whole_text() -> None:
    text = body("soundcloud/terms-of-use/2026-08-17")
    edition = current_edition(text)
    assert (edition.start, edition.end, edition.whole) == (0, len(text), True)
    facts = read_version_facts(text)
    assert facts.edition(len(text)) == (0, len(text)) and facts.text_chars == len(text)
