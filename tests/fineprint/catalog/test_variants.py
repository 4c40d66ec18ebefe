"""A version's regional variant, told from the operator its text names."""

from __future__ import annotations

import pytest

from fineprint.catalog.variants import MULTI, read_variant, same_variant
from fineprint.catalog.version_facts import read_version_facts
from tests.fineprint.catalog.corpus_texts import body


@pytest.mark.parametrize(
    ("name", "region", "operator"),
    [
        # YouTube's ToS: US (2020) → EEA (2021, 2023) → US (2026); minimum age 13 → 15 → 13.
        ("youtube/terms-of-service/2020-11-09", "us", "Google LLC"),
        ("youtube/terms-of-service/2021-05-18", "eea", "Google Ireland Limited"),
        ("youtube/terms-of-service/2023-01-19", "eea", "Google Ireland Limited"),
        ("youtube/terms-of-service/2026-07-15", "us", "Google LLC"),
        # Instagram US 2018 → EEA 2020-12-01; Facebook alternates.
        ("instagram/terms-of-service/2018-07-17", "us", "Facebook, Inc."),
        ("instagram/terms-of-service/2020-12-01", "eea", "Facebook Ireland Limited"),
        ("facebook/terms-of-service/2019-08-01", "us", "Facebook, Inc."),
        ("facebook/terms-of-service/2022-04-04", "eea", "Meta Platforms Ireland Limited"),
        ("facebook/terms-of-service/2022-06-22", "us", "Meta Platforms, Inc."),
        ("facebook/terms-of-service/2022-07-11", "eea", "Meta Platforms Ireland Limited"),
        # Snap Group Limited's non-US terms.
        ("snapchat/terms-of-service/2021-03-11", "non-us", "Snap Group Limited"),
        # A privacy policy names its data controller.
        ("instagram/privacy-policy/2026-05-02", "eea", "Meta Platforms Ireland Limited"),
    ],
)
def test_the_operator_tells_the_variant(name: str, region: str, operator: str) -> None:
    variant = read_variant(body(name))
    assert (variant.region, variant.operators) == (region, (operator,))
    assert operator in variant.evidence  # the sentence it was read from, for a reader


def test_the_youtube_labels_read_as_the_issue_asks() -> None:
    assert read_variant(body("youtube/terms-of-service/2023-01-19")).label == (
        "EEA terms (Google Ireland Limited)"
    )
    assert read_variant(body("youtube/terms-of-service/2026-07-15")).short_label == "US terms"


def test_a_page_for_several_regions() -> None:
    # Facebook 2012: "If you are a resident of … the US or Canada, this Statement is an
    # agreement between you and Facebook, Inc. Otherwise, … Facebook Ireland Limited."
    facebook = read_variant(body("facebook/terms-of-service/2012-10-10"))
    assert facebook.region == MULTI
    assert facebook.operators == ("Facebook, Inc.", "Facebook Ireland Limited")
    # X prints the US and the EU terms on one page; names as printed in that year (the
    # version of 2015-04-18 is the second edition on its page, see test_editions).
    x_2015 = read_version_facts(body("x-twitter/terms-of-service/2015-04-18"))
    assert x_2015.variant == MULTI
    assert x_2015.variant_label == (
        "several regions' terms (Twitter, Inc., Twitter International Company)"
    )


def test_a_page_naming_no_operator_has_no_variant() -> None:
    # SoundCloud's terms mention no contracting company in such a sentence; Instagram's 2018
    # infrastructure sentence ("operated by Facebook Inc., Facebook Ireland Limited") is no
    # operator statement either.
    assert read_variant(body("soundcloud/terms-of-use/2026-08-17")).region == ""
    assert read_variant(body("soundcloud/terms-of-use/2026-08-17")).label == ""
    assert (
        "infrastructure" not in read_variant(body("instagram/terms-of-service/2018-07-17")).evidence
    )


def test_same_variant() -> None:
    assert same_variant("eea", "en", "eea", "en")
    assert not same_variant("eea", "en", "us", "en")
    assert same_variant("", "en", "us", "en")  # a page naming none is compared with any
    assert not same_variant("", "fr", "", "en")  # Deezer's French page, then the English
