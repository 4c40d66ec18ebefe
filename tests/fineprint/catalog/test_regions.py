"""Regions a question names, and how a list of regions is said."""

from __future__ import annotations

from fineprint.catalog.regions import REGION_NAMES, describe, find_regions


def test_short_forms_that_are_english_words_count_only_in_capitals() -> None:
    assert find_regions("Do the US terms let them use my voice?") == ["us"]
    assert find_regions("Can they sell us my data?") == []
    assert find_regions("What is IN the terms in India?") == ["in"]
    assert find_regions("What is in the terms?") == []


def test_countries_and_adjectives_map_to_their_region() -> None:
    assert find_regions("the german terms") == ["eea"]
    assert find_regions("Swiss users") == ["ch"]
    assert find_regions("for creators in Britain") == ["uk"]
    assert find_regions("South Korea") == find_regions("korean creators") == ["kr"]
    assert find_regions("the U.S.A. and American law") == ["us"]


def test_regions_come_in_a_fixed_order_whatever_the_wording() -> None:
    assert find_regions("UK, then Canada, then the EU, then the US") == ["us", "eea", "uk", "ca"]
    assert find_regions("US and UK") == find_regions("UK and US")


def test_every_region_found_has_a_name() -> None:
    text = "US EU UK Swiss Canada India Australia Brazil Japan Korean China"
    assert find_regions(text) == list(REGION_NAMES)


def test_describe() -> None:
    assert describe([]) == ""
    assert describe(["uk"]) == "the UK"
    assert describe(("us", "ch")) == "the United States and Switzerland"
    assert describe(["eea", "uk", "ch"]) == "the EEA, the UK and Switzerland"
    assert describe(["xx"]) == "xx"  # an unknown code is shown as it is
