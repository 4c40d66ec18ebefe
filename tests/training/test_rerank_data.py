"""The rerank stage's training examples: answering spans, the neighbours that win today as
negatives, never an answer as a negative, and held-out services kept apart."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tests.training.conftest import service_names, write_pairs
from training.rerank_data import (
    load_queries,
    mine_negatives,
    split_queries,
    training_examples,
    validation_cases,
)

WORDS = ("licence", "delete", "arbitration", "cookies", "train", "ads")


def keyword_encoder(texts: Sequence[str]) -> np.ndarray:
    """One axis per topic word: similarity is shared topic words, so ranks are known."""
    rows = [[float(word in text.lower()) for word in WORDS] + [0.1] for text in texts]
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def pairs(tmp_path: Path) -> Path:
    (train,) = service_names("tosdr", False, 1)
    (site,) = service_names("policyqa", False, 1)
    tosdr = [
        {"service": train, "title": "They may licence your content", "quote": q}
        for q in ["You grant us a licence to your content. The licence is worldwide."]
    ] + [
        {"service": train, "title": title, "quote": quote}
        for title, quote in [
            ("You can delete your account", "You may delete your account at any time."),
            ("Disputes go to arbitration", "Any dispute is settled by binding arbitration."),
            ("They use cookies", "We use cookies to measure the licence of ads."),
        ]
    ]
    paragraph = (
        "We collect your email address and your name when you sign up for an account today. "
        "We show ads based on what you read and watch on the service and on many other sites. "
        "We never sell your data to data brokers, advertisers or any other companies at all."
    )
    policyqa = [
        {
            "site": site,
            "question": "Do they sell my data?",
            "paragraph": paragraph,
            "answer": "We never sell your data",
            "split": "dev",
        },
    ]
    return write_pairs(tmp_path / "shared", tosdr, policyqa)


def pick_first(items: list[tuple[str, list[str]]]) -> list[str]:
    return [spans[0] for _, spans in items]


def test_answering_spans_and_mined_negatives(tmp_path: Path) -> None:
    queries = load_queries(pairs(tmp_path), pick_first)
    mine_negatives(queries, keyword_encoder, seed=1)
    by_text = {q.text: q for q in queries}
    licence = by_text["They may licence your content"]
    assert licence.positives == {
        "You grant us a licence to your content. The licence is worldwide."
    }
    # the cookies quote shares "licence": the neighbour that wins today comes first
    assert licence.negatives[0] == "We use cookies to measure the licence of ads."
    sell = by_text["Do they sell my data?"]
    assert sell.positives == {
        "We never sell your data to data brokers, advertisers or any other companies at all."
    }
    # the paragraph's other sentences are the first negatives: the sentence must be found
    assert sell.negatives[:2] == [
        "We collect your email address and your name when you sign up for an account today.",
        "We show ads based on what you read and watch on the service and on many other sites.",
    ]
    for query in queries:
        assert not set(query.negatives) & query.positives


def test_groups_put_the_positive_first_and_held_out_services_validate(tmp_path: Path) -> None:
    queries = load_queries(pairs(tmp_path), pick_first)
    train, held_out = split_queries(queries)
    assert held_out == [] and len(train) == len(queries)
    mine_negatives(train, keyword_encoder, seed=1)
    groups = training_examples(train, seed=1)
    assert all(g[0].label == 1.0 and all(e.label == 0.0 for e in g[1:]) for g in groups)
    cases = validation_cases(train, keyword_encoder)
    assert cases and all(len(c.candidates) == len(c.answering) for c in cases)
    assert all(sum(c.answering) >= 1 for c in cases)
