"""Held-out-service validation: each service's passages ranked for each of its queries, with
an encoder whose ranking can be worked out by hand (keyword counts)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from training.pairs import Pair
from training.validate import RankingFigures, rank_within_services, validate

KEYWORDS = ("account", "delete", "ai", "train", "payout", "monthly")


def keyword_encoder(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of keyword counts, plus a constant so no vector is zero."""
    rows = [[*(text.lower().split().count(word) for word in KEYWORDS), 1] for text in texts]
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def tosdr(service: str, query: str, passage: str) -> Pair:
    return Pair("tosdr", service, query, passage)


SERVICE = [
    tosdr("tosdr:a", "can i delete my account", "delete account"),  # its passage first
    tosdr("tosdr:a", "will they train ai on payout data", "payout monthly"),  # "ai train" first
    tosdr("tosdr:a", "monthly payout and account delete", "ai train"),  # its passage last
    tosdr("tosdr:a", "monthly payout and account delete", "ai train"),  # a repeated row
]
ONE_PASSAGE = [tosdr("tosdr:b", "anything at all", "the only passage")]  # nothing to rank


def test_ranks_within_each_service() -> None:
    figures = rank_within_services(SERVICE + ONE_PASSAGE, keyword_encoder)
    assert figures.queries == 3  # distinct queries of services with at least two passages
    assert figures.recall_at_1 == pytest.approx(1 / 3)  # ranks 1, 2 and 3
    assert figures.recall_at_5 == pytest.approx(1.0)
    assert figures.mrr_at_10 == pytest.approx((1 + 1 / 2 + 1 / 3) / 3)


def test_any_gold_passage_answers_the_query() -> None:
    both = [*SERVICE, tosdr("tosdr:a", "will they train ai on payout data", "ai train")]
    assert rank_within_services(both, keyword_encoder).recall_at_1 == pytest.approx(2 / 3)


def test_no_rankable_service_gives_zeros() -> None:
    assert rank_within_services(ONE_PASSAGE, keyword_encoder) == RankingFigures(0, 0.0, 0.0, 0.0)


def test_validate_reports_each_source_rounded() -> None:
    policyqa = [
        Pair("policyqa", "policyqa:s", "how do i delete my account", "delete account"),
        Pair("policyqa", "policyqa:s", "is there a monthly payout", "payout monthly"),
    ]
    assert validate(SERVICE + policyqa, keyword_encoder) == {
        "tosdr": {"queries": 3, "recall@1": 0.333, "recall@5": 1.0, "mrr@10": 0.611},
        "policyqa": {"queries": 2, "recall@1": 1.0, "recall@5": 1.0, "mrr@10": 1.0},
    }
