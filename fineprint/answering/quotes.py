"""What a citation quotes: the sentence or two of its clause that answer the question.

A reader stops at quote [1], so it should be the sentence that answers, not a 700-character
block with the answer somewhere inside. A clause longer than `WHOLE_CHARS` is cut into spans
of whole sentences (`retrieval/answer_spans.py`: one sentence, or a heading or list stub
read with what follows); each span is scored by the encoder's similarity to the question (the
span embedded as search embeds a clause: heading, then plain text) plus `LEXICAL_WEIGHT` times
the share of the question's rarity-weighted words it holds (that share alone where the encoder
does not read the span). The best span is the quote, read
together with a neighbour when the neighbour scores within `NEIGHBOUR_MARGIN` of it or the
best span introduces it (ends with ":"), as long as both fit in `RUN_CHARS`. Quotes are
offsets into the clause text, so they stay verbatim; the whole clause travels beside them.

The constants were chosen on held-out services of ../shared/training (PolicyQA questions whose
answer span lies in a longer paragraph; ToS;DR titles whose quote sits among its service's
other quotes), never on bench questions: bench/EXPERIMENTS.md has the table.

Embedding spans costs ~15-20 ms each on one core (more beside other work), so only the first
`DENSE_CLAUSES` citations' spans are embedded, at most `DENSE_SPANS` per clause (the opening
one, the ones inside the window search matched, those with the most question words); later
citations are cut by words alone. Span vectors are kept (`CACHE_SIZE`), so a clause asked about
again is free.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from fineprint.catalog.clauses import Clause
from fineprint.retrieval.answer_spans import answer_spans
from fineprint.text import tokens

WHOLE_CHARS = 300  # a clause this short is its own quote
RUN_CHARS = 500  # the best span and a neighbour are quoted together only within this
LEAD_IN_CHARS = 800  # … and a span that introduces the next one (ends with ":") within this
NEIGHBOUR_MARGIN = 0.15  # a neighbour this close to the best span's score is quoted with it
# × the share of the question's weighted words a span holds, beside the encoder's cosine: 0.0
# answered as many ToS;DR and more PolicyQA validation questions than 0.1 or 0.3. The share
# still picks which spans the encoder reads, and is the score where the encoder reads none.
LEXICAL_WEIGHT = 0.0
DENSE_CLAUSES = 3  # citations whose spans the encoder reads: those the terminal and the bot
# show (wording.SHOWN_QUOTES); on the bench 5 instead of 3 changed no figure, at twice the time
DENSE_SPANS = 4  # spans per clause the encoder reads
CACHE_SIZE = 4096  # span vectors kept, by embedded text

Vector = npt.NDArray[np.float32]


class SpanEncoder(Protocol):
    def encode(self, text: str) -> Vector: ...


@dataclass(frozen=True)
class Quote:
    """Offsets of the quote within its clause's text, and how close it is to the question
    (the encoder's cosine; None when it was chosen by words alone)."""

    start: int
    end: int
    similarity: float | None = None


def word_share(
    text: str, spans: Sequence[tuple[int, int]], terms: set[str], idf: dict[str, float]
) -> list[float]:
    """Each span's share of the question's words, weighted by rarity (0-1)."""
    total = sum(idf.get(t, 1.0) for t in terms) or 1.0
    return [sum(idf.get(t, 1.0) for t in set(tokens(text[a:b])) & terms) / total for a, b in spans]


def neighbour_run(
    text: str, spans: Sequence[tuple[int, int]], scores: Sequence[float], best: int
) -> tuple[int, int]:
    """The best span, with the neighbour it introduces or the closest-scoring neighbour when
    that one is within NEIGHBOUR_MARGIN, kept only within RUN_CHARS."""
    start, end = spans[best]

    def fits(other: int, limit: int = RUN_CHARS) -> bool:
        return max(end, spans[other][1]) - min(start, spans[other][0]) <= limit

    following = best + 1
    introduces = text[start:end].rstrip().endswith(":")
    if introduces and following < len(spans) and fits(following, LEAD_IN_CHARS):
        return start, spans[following][1]
    close = [
        n
        for n in (best - 1, best + 1)
        if 0 <= n < len(spans) and scores[n] >= scores[best] - NEIGHBOUR_MARGIN and fits(n)
    ]
    if not close:
        return start, end
    other = max(close, key=lambda n: scores[n])
    return min(start, spans[other][0]), max(end, spans[other][1])


def _candidates(
    spans: Sequence[tuple[int, int]], shares: Sequence[float], focus: tuple[int, int] | None
) -> list[int]:
    """The spans worth embedding: all of a short list, else the opening one, those inside the
    window search matched, then those with the most question words."""
    if len(spans) <= DENSE_SPANS:
        return list(range(len(spans)))

    def rank(n: int) -> tuple[int, float, int]:
        a, b = spans[n]
        in_focus = focus is not None and a < focus[1] and b > focus[0]
        return (0 if in_focus else 1, -shares[n], n)

    return sorted({0, *sorted(range(1, len(spans)), key=rank)[: DENSE_SPANS - 1]})


class QuoteChooser:
    """Cuts each cited clause to the span that answers (thread-safe: the bot asks from
    worker threads)."""

    def __init__(self, encoder: SpanEncoder | None, idf: dict[str, float]) -> None:
        self.encoder = encoder
        self.idf = idf
        self._vectors: OrderedDict[str, Vector] = OrderedDict()
        self._lock = threading.Lock()

    def choose(
        self,
        clause: Clause,
        query_vector: Vector | None,
        terms: set[str],
        focus: tuple[int, int] | None = None,
        *,
        dense: bool = True,
    ) -> Quote:
        """The quote for `clause`; `dense=False` (or no query vector) chooses by words."""
        text = clause.text
        spans = answer_spans(text) if len(text) > WHOLE_CHARS else []
        if len(spans) < 2:
            return Quote(0, len(text))
        shares = word_share(text, spans, terms, self.idf)
        scores = list(shares)
        similarity: list[float | None] = [None] * len(spans)
        if dense and query_vector is not None and self.encoder is not None:
            scores = [LEXICAL_WEIGHT * share for share in shares]
            read = _candidates(spans, shares, focus)
            cosines = self._similarities(clause, [spans[n] for n in read], query_vector)
            floor = min(cosines)  # a span not read scores as the weakest one read
            scores = [score + floor for score in scores]
            for n, cosine in zip(read, cosines, strict=True):
                scores[n] += cosine - floor
                similarity[n] = cosine
        best = max(range(len(spans)), key=lambda n: (scores[n], -n))
        start, end = neighbour_run(text, spans, scores, best)
        return Quote(start, end, similarity[best])

    def span_vectors(self, clause: Clause, spans: Sequence[tuple[int, int]]) -> list[Vector]:
        """The encoder's vectors of `spans` of `clause`, each embedded as search embeds a
        clause (heading, then the span's text); kept, like the quotes' own."""
        texts = [replace(clause, text=clause.text[a:b]).embedding_text for a, b in spans]
        return [self._vector(text) for text in texts]

    def _similarities(
        self, clause: Clause, spans: Sequence[tuple[int, int]], query_vector: Vector
    ) -> list[float]:
        return [float(v @ query_vector) for v in self.span_vectors(clause, spans)]

    def _vector(self, text: str) -> Vector:
        with self._lock:
            cached = self._vectors.get(text)
            if cached is not None:
                self._vectors.move_to_end(text)
                return cached
        assert self.encoder is not None
        vector = self.encoder.encode(text)
        with self._lock:
            self._vectors[text] = vector
            if len(self._vectors) > CACHE_SIZE:
                self._vectors.popitem(last=False)
        return vector
