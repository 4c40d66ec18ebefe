"""Questions about a region's or a year's terms the corpus does not hold abstain, saying what
it does hold; the rest go on to search."""

from __future__ import annotations

from datetime import date

from fineprint.answering.question import parse_question
from fineprint.answering.scope import check_scope
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.catalog.sources import load_sources
from tests.conftest import CORPUS

SOURCES = load_sources(CORPUS / "sources.toml")


def _record(platform: str, document: str, day: str) -> VersionRecord:
    return VersionRecord(
        platform=platform,
        document=document,
        version_date=day,
        platform_name="",
        document_name="",
        content_hash="h",
        split_tag="t",
        clause_count=1,
    )


REGISTRY = Registry(
    generation=1,
    versions={
        r.version_id: r
        for r in (
            _record("tiktok", "terms-of-service", "2020-07-29"),
            _record("tiktok", "terms-of-service", "2026-07-23"),
            _record("tiktok", "community-guidelines", "2024-09-05"),
            _record("discord", "privacy-policy", "2020-07-29"),
            _record("discord", "terms-of-service", "2016-05-12"),
            _record("instagram", "privacy-policy", "2025-04-03"),
            _record("instagram", "terms-of-service", "2013-05-05"),
        )
    },
)


def scope(text: str, as_of: date | None = None) -> str | None:
    found = check_scope(parse_question(text, SOURCES, as_of=as_of), REGISTRY, SOURCES)
    return found.reason if found else None


def test_another_regions_terms_abstain_naming_the_region_held() -> None:
    reason = scope("Can TikTok's US terms force me into arbitration?")
    assert reason is not None
    assert "TikTok's Terms of Service for the EEA, the UK and Switzerland only" in reason
    assert "the United States" in reason


def test_the_held_region_and_no_region_go_on_to_search() -> None:
    assert scope("Under TikTok's EU terms, who owns my videos?") is None
    assert scope("Who owns my TikTok videos?") is None


def test_a_document_with_no_region_answers_any_region() -> None:
    assert scope("does discord's privacy policy apply to US users?") is None


def test_a_year_before_the_named_documents_first_version_abstains() -> None:
    reason = scope("What did Discord's privacy policy say in 2017?", as_of=date(2017, 12, 31))
    assert reason is not None
    assert "No version of Discord's Privacy Policy" in reason
    assert "the earliest it holds is dated 2020-07-29" in reason


def test_a_year_with_a_version_in_force_goes_on_to_search() -> None:
    assert scope("What did Discord's privacy policy say in 2021?", as_of=date(2021, 6, 1)) is None
    # the terms were in force in 2017 even though the privacy policy was not
    assert scope("What did Discord's terms say in 2017?", as_of=date(2017, 6, 1)) is None


def test_a_date_refusal_names_the_document_held_furthest_back() -> None:
    """Instagram's privacy policy starts in 2025, its terms in 2013: a 2012 question is told
    about the terms, the document it can be about."""
    reason = scope("Did Insta claim rights to my photos in 2012?")
    assert reason is not None
    assert "Instagram's Terms of Service" in reason and "2013-05-05" in reason
