"""Held-out-service validation: rank each held-out service's passages for each of its queries.

This is the figure the encoder (and every ranking constant) is tuned on; the bench questions
are never used for tuning. A query is answered at rank k when any passage paired with it in
that service is among the first k of that service's passages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from training.pairs import Pair

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class RankingFigures:
    queries: int
    recall_at_1: float
    recall_at_5: float
    mrr_at_10: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "queries": self.queries,
            "recall@1": round(self.recall_at_1, 3),
            "recall@5": round(self.recall_at_5, 3),
            "mrr@10": round(self.mrr_at_10, 3),
        }


def rank_within_services(pairs: Sequence[Pair], encode: Encode) -> RankingFigures:
    by_service: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_service[pair.service].append(pair)
    ranks: list[int | None] = []
    for rows in by_service.values():
        passages = sorted({p.passage for p in rows})
        if len(passages) < 2:
            continue
        gold: dict[str, set[int]] = defaultdict(set)
        for pair in rows:
            gold[pair.query].add(passages.index(pair.passage))
        queries = sorted(gold)
        passage_vectors = encode(passages)
        query_vectors = encode(queries)
        scores = query_vectors @ passage_vectors.T
        for row, query in enumerate(queries):
            order = np.argsort(-scores[row], kind="stable")
            hits = [rank for rank, index in enumerate(order, 1) if int(index) in gold[query]]
            ranks.append(hits[0] if hits else None)
    count = len(ranks)
    if count == 0:
        return RankingFigures(0, 0.0, 0.0, 0.0)
    r1 = sum(1 for r in ranks if r is not None and r <= 1) / count
    r5 = sum(1 for r in ranks if r is not None and r <= 5) / count
    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / count
    return RankingFigures(count, r1, r5, mrr)


def validate(pairs: Sequence[Pair], encode: Encode) -> dict[str, dict[str, float | int]]:
    """Figures per source (tosdr: plain statements; policyqa: questions)."""
    figures = {}
    for source in ("tosdr", "policyqa"):
        subset = [p for p in pairs if p.source == source]
        figures[source] = rank_within_services(subset, encode).as_dict()
    return figures
