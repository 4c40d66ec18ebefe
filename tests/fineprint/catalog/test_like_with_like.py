"""Like with like: regional or language variants and partial captures are not compared as a
change of terms. Records carry the facts ingest reads from the real captures."""

from __future__ import annotations

from fineprint.catalog.like_with_like import compare, variant_tag
from tests.fineprint.catalog.corpus_texts import record


def test_youtube_eea_then_us_is_a_variant_switch() -> None:
    result = compare(
        record("youtube/terms-of-service/2023-01-19"),
        record("youtube/terms-of-service/2026-07-15"),
        shorter_matched=0.5,
    )
    assert result.verdict == "variant_switch" and not result.comparable
    assert result.line == (
        "2023-01-19 is the EEA page (Google Ireland Limited); 2026-07-15 the US page "
        "(Google LLC): not compared as a change of terms."
    )


def test_two_eea_pages_compare() -> None:
    assert compare(
        record("youtube/terms-of-service/2021-05-18"),
        record("youtube/terms-of-service/2023-01-19"),
        shorter_matched=0.8,
    ).comparable


def test_deezer_french_then_english_is_a_language_switch() -> None:
    result = compare(
        record("deezer/terms-of-use/2022-02-08"), record("deezer/terms-of-use/2022-03-31")
    )
    assert result.verdict == "variant_switch"
    assert result.line.startswith("2022-02-08 is the French page; 2022-03-31 the English page")


def test_tiktok_2026_guidelines_with_collapsed_sections_are_partial() -> None:
    before = record("tiktok/community-guidelines/2024-09-05")
    after = record("tiktok/community-guidelines/2026-08-20")
    assert after.facts.collapsed_sections >= 10 and before.facts.collapsed_sections == 0
    result = compare(before, after)  # no alignment needed: the collapsed sections say it
    assert result.verdict == "partial"
    assert "2026-08-20 looks partial" in result.line and "collapsed" in result.line


def test_a_much_shorter_capture_holding_only_old_text_is_partial() -> None:
    before = record("instagram/privacy-policy/2026-05-02")
    after = record("instagram/privacy-policy/2026-07-24")
    assert compare(before, after, shorter_matched=0.99).verdict == "partial"
    # the same lengths with text of its own is a rewrite, compared
    assert compare(before, after, shorter_matched=0.6).comparable


def test_terms_that_grew_are_not_partial() -> None:
    # Spotify's community guidelines went from 9,400 to 90,000 characters: what 2022 held is
    # in 2026, and the rest is new, which a report lists as added.
    assert compare(
        record("spotify/community-guidelines/2022-11-02"),
        record("spotify/community-guidelines/2026-07-24"),
        shorter_matched=1.0,
    ).comparable


def test_variant_tag_for_history_lines() -> None:
    assert variant_tag(record("youtube/terms-of-service/2021-05-18")) == "EEA terms"
    assert variant_tag(record("soundcloud/terms-of-use/2026-08-17")) == ""
