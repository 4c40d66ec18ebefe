"""The stage after search: the cross-encoder reads the top clauses' spans and picks the one
that answers.

Search finds the governing clause in its first five for most questions but ranks a
neighbouring clause first for many, and a long clause's quote used to be a 700-character
block. Here the top RERANK_CLAUSES clauses are cut into spans (`answer_spans`), a few spans per
long clause are picked by the question's words and the window search matched, and the
cross-encoder scores each (question, span). A clause then ranks by its best span, and that
span is its quote. The best span's logit also tells whether anything answers at all: below
the floor calibrated with the model the answer abstains (`RerankStage.floor`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from fineprint.retrieval.answer_spans import answer_spans
from fineprint.retrieval.search import Hit
from fineprint.text import tokens

RERANK_CLAUSES = 12  # clauses of search's order read by the cross-encoder
SPANS_PER_CLAUSE = 3  # of a long clause: its opening, the matched window, the wordiest spans
# Clauses whose best span scores CITATION_MARGIN (in logits) below the top one are not cited
# beside it. The floor under which nothing answers comes with the model (`reranker._floor`).
CITATION_MARGIN = 6.0


class SpanScorer(Protocol):
    @property
    def floor(self) -> float: ...  # the logit under which nothing answers

    def scores(self, question: str, spans: Sequence[str]) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True)
class Reranked:
    """A hit, its best span (offsets in the clause text) and that span's logit."""

    hit: Hit
    start: int
    end: int
    logit: float

    @property
    def probability(self) -> float:
        """The logit as a 0-1 relevance (what citations carry as their score)."""
        return 1.0 / (1.0 + math.exp(-self.logit))


def candidate_spans(
    text: str,
    weights: dict[tuple[int, int], float],
    focus: tuple[int, int] | None,
    limit: int = SPANS_PER_CLAUSE,
) -> list[tuple[int, int]]:
    """The spans of a clause worth reading: all of a short clause; of a long one its opening
    span (clauses tend to state their rule first), spans inside the window search matched,
    then those with the most weighted question words."""
    spans = list(weights) or [(0, len(text))]
    if len(spans) <= limit:
        return spans

    def rank(span: tuple[int, int]) -> tuple[int, float, int]:
        in_focus = focus is not None and span[0] < focus[1] and span[1] > focus[0]
        return (0 if in_focus else 1, -weights[span], span[0])

    return sorted({spans[0], *sorted(spans[1:], key=rank)[: limit - 1]})


def span_weights(text: str, terms: set[str], idf: dict[str, float]) -> dict[tuple[int, int], float]:
    """Each span of `text` with the rarity-weighted count of question words in it."""
    return {
        (a, b): sum(idf.get(t, 1.0) for t in set(tokens(text[a:b])) & terms)
        for a, b in answer_spans(text)
    }


class RerankStage:
    """Hits in, hits out: reordered by their best span, each with that span."""

    def __init__(
        self,
        scorer: SpanScorer,
        *,
        clauses: int = RERANK_CLAUSES,
        spans: int = SPANS_PER_CLAUSE,
        floor: float | None = None,
        margin: float = CITATION_MARGIN,
    ) -> None:
        self.scorer = scorer
        self.clauses = clauses
        self.spans = spans
        self.floor = scorer.floor if floor is None else floor
        self.margin = margin

    def rerank(
        self, question: str, terms: set[str], hits: list[Hit], idf: dict[str, float]
    ) -> list[Reranked]:
        """The first `clauses` hits by their best span's logit, best first (ties keep search's
        order)."""
        top = hits[: self.clauses]
        owners: list[int] = []
        offsets: list[tuple[int, int]] = []
        for n, hit in enumerate(top):
            text = hit.clause.text
            for span in candidate_spans(
                text, span_weights(text, terms, idf), hit.focus, self.spans
            ):
                owners.append(n)
                offsets.append(span)
        logits = self.scorer.scores(
            question, [top[n].clause.text[a:b] for n, (a, b) in zip(owners, offsets, strict=True)]
        )
        best: dict[int, Reranked] = {}
        for n, (a, b), logit in zip(owners, offsets, logits.tolist(), strict=True):
            if n not in best or logit > best[n].logit:
                best[n] = Reranked(top[n], a, b, float(logit))
        return sorted(best.values(), key=lambda r: -r.logit)

    def answering(self, ranked: list[Reranked], k: int) -> list[Reranked]:
        """What is worth citing: nothing when even the best span is under the floor, else
        the spans within `margin` of the best one."""
        if not ranked or ranked[0].logit < self.floor:
            return []
        cut = max(self.floor, ranked[0].logit - self.margin)
        return [r for r in ranked if r.logit >= cut][:k]
