"""BM25 tokens: a creator's word and the terms' word must meet on one stem."""

from __future__ import annotations

import pytest

from fineprint.text import possessive, stem, tokens


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("owns", "own"), ("pics", "pic"), ("vods", "vod"), ("bans", "ban"), ("fees", "fee")],
)
def test_a_short_plural_or_verb_form_meets_its_base_word(plural: str, singular: str) -> None:
    assert stem(plural) == stem(singular)


@pytest.mark.parametrize("word", ["plus", "thus", "less", "bias", "kiss"])
def test_short_words_that_only_end_in_s_keep_it(word: str) -> None:
    assert stem(word) == word


def test_longer_forms_share_a_stem() -> None:
    assert stem("licensing") == stem("licensed") == stem("license")
    assert stem("organisation") == stem("organization")


def test_tokens_drop_stopwords_and_stem_the_rest() -> None:
    assert tokens("Who owns my YouTube videos?") == ["own", "youtub", "video"]


@pytest.mark.parametrize(
    ("name", "owner"),
    [("Threads", "Threads'"), ("Discord", "Discord's"), ("X", "X's"), ("Reels", "Reels'")],
)
def test_a_name_ending_in_s_takes_the_apostrophe_alone(name: str, owner: str) -> None:
    assert possessive(name) == owner
