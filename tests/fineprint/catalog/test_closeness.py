"""The sentence-matching rule behind lineage, absence claims and rewritten-clause pairing."""

from __future__ import annotations

from fineprint.catalog.closeness import (
    CLOSE,
    LOOSE,
    Sentences,
    best_share,
    pair_shares,
    sentences,
    share,
    words,
)

OWNERSHIP_2013 = (
    "3.  For clarity, you retain all of your ownership rights in your Content. However, by "
    "submitting Content to YouTube, you hereby grant YouTube a worldwide, non-exclusive, "
    "royalty-free, sublicenseable and transferable license to use your Content."
)
OWNERSHIP_2026 = (
    "You retain ownership rights in your Content. However, we do require you to grant certain "
    "rights to YouTube and other users of the Service, as described below."
)


def test_words_fold_markup_case_and_spelling() -> None:
    assert words("**Your** [Licence](https://x.test/l) to USE it") == words(
        "your license to use it"
    )


def test_short_sentences_are_not_traced() -> None:
    assert sentences("1. Definitions. See below.") == []
    assert len(sentences("You keep your rights. See below.")) == 1  # whole text, 5 words


def test_share_counts_words_in_order() -> None:
    needle = words("you retain ownership rights in your content")
    assert (
        share(needle, words("For clarity, you retain all of your ownership rights in your Content"))
        == 1.0
    )
    assert share(needle, words("content your in rights ownership retain you")) < LOOSE


def test_a_renumbered_rewritten_sentence_is_found() -> None:
    assert best_share(OWNERSHIP_2026, OWNERSHIP_2013) >= CLOSE


def test_an_unrelated_clause_is_not_near() -> None:
    ai = (
        "We will not use your content to train generative AI models that aim to replicate or "
        "synthesize your voice, music, or likeness without your explicit consent."
    )
    assert best_share(ai, OWNERSHIP_2013) < LOOSE


def test_pair_shares_agrees_with_the_pairwise_search() -> None:
    needles = sentences(OWNERSHIP_2026)
    hays = sentences(OWNERSHIP_2013)
    found = pair_shares(needles, hays, LOOSE)
    searched = Sentences(hays)
    for n, needle in enumerate(needles):
        best = searched.best(needle, LOOSE)
        if best.share >= LOOSE:
            assert found[(n, best.sentence)] == best.share
        assert {pair for pair in found if pair[0] == n} == {
            (n, h) for h, _ in searched.above(needle, LOOSE)
        }
    assert pair_shares([], hays) == {}
