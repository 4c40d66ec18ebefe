"""Questions with no terms meaning abstain: no word the terms use, or no close clause."""

from __future__ import annotations

from fineprint.answering.off_topic import carries_terms_meaning, off_topic

IDF = {"licens": 2.7, "content": 1.3, "franc": 6.9, "capit": 8.0}


def test_a_question_needs_a_word_the_terms_use() -> None:
    assert carries_terms_meaning(["licens", "franc"], IDF)
    assert not carries_terms_meaning(["franc", "capit"], IDF)  # an address, a rare word
    assert not carries_terms_meaning(["asdf", "qwerty"], IDF)  # not in the terms at all
    assert not carries_terms_meaning([], IDF)  # "hi", "?"


def test_off_topic_needs_both_the_word_and_the_floor() -> None:
    assert off_topic(["capit", "franc"], 0.9, IDF, 0.36)
    assert off_topic(["licens"], 0.30, IDF, 0.36)
    assert not off_topic(["licens"], 0.50, IDF, 0.36)
