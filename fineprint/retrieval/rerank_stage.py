"""The stage after search: the cross-encoder reads the top clauses' spans and picks the one
that answers.

Search finds the governing clause in its first five for most questions but ranks a
neighbouring clause first for many, and a long clause's quote used to be a 700-character
block. Here the top RERANK_CLAUSES clauses are cut into spans (`fineprint.answer_spans`), a
few spans per clause are picked by the question's words and the window search matched, and the
cross-encoder scores each (question, span). A clause then ranks by its best span, and that
span is its quote. The best span's logit also tells whether anything answers at all: below
the model's floor the answer abstains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from fineprint.retrieval.answer_spans import answer_spans

RERANK_CLAUSES = 12  # clauses of search's order read by the cross-encoder
SPANS_PER_CLAUSE = 3  # of a long clause: its spans carrying the most question words


class SpanScorer(Protocol):
    def scores(self, question: str, spans: Sequence[str]) -> object: ...


@dataclass(frozen=True)
class SpanChoice:
    """A clause's best span (offsets in the clause text) and its relevance logit."""

    start: int
    end: int
    score: float


def candidate_spans(
    text: str,
    weight: dict[tuple[int, int], float],
    focus: tuple[int, int] | None,
    limit: int = SPANS_PER_CLAUSE,
) -> list[tuple[int, int]]:
    """The spans of a clause worth reading: all of a short clause; of a long one its opening
    span (clauses tend to state their rule first), spans inside the window search matched,
    then those with the most weighted question words."""
    spans = answer_spans(text) or [(0, len(text))]
    if len(spans) <= limit:
        return spans

    def rank(span: tuple[int, int]) -> tuple[int, float, int]:
        in_focus = focus is not None and span[0] < focus[1] and span[1] > focus[0]
        return (0 if in_focus else 1, -weight.get(span, 0.0), span[0])

    chosen = {spans[0], *sorted(spans[1:], key=rank)[: limit - 1]}
    return sorted(chosen)
