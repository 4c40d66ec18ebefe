"""The rerank stage: which spans it reads, how it reorders clauses, when nothing answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from fineprint.catalog.clauses import Clause
from fineprint.retrieval.rerank_stage import RerankStage, candidate_spans, span_weights
from fineprint.retrieval.search import Hit
from fineprint.text import tokens


class KeywordScorer:
    """Scores a span 5 per keyword it holds, minus 5: a stand-in whose order is known, so the
    stage's own logic is what is tested (the model itself: test_reranker.py)."""

    floor = -1.0

    def __init__(self, *keywords: str) -> None:
        self.keywords = keywords
        self.seen: list[str] = []

    def scores(self, question: str, spans: Sequence[str]) -> npt.NDArray[np.float32]:
        self.seen.extend(spans)
        return np.asarray(
            [
                5.0 * len(set(self.keywords) & set(re.findall(r"[a-z]+", s.lower()))) - 5.0
                for s in spans
            ],
            dtype=np.float32,
        )


def hit(text: str, row: int, focus: tuple[int, int] | None = None) -> Hit:
    clause = Clause(
        "soundcloud", "terms-of-use", date(2026, 8, 17), ("Licence",), text, 0, len(text), row
    )
    return Hit(row, clause, f"key{row}", 1.0 - row / 10, 0.5, 1.0, focus)


LONG = (
    "**Your Content.** You keep every right you hold in the Content you upload to the service. "
    "We may show your Content to other users of the service in every country where it runs. "
    "We may also use your Content in promotional material for the service on other sites. "
    "We will not use your content to train generative AI models without your explicit consent. "
    "You may delete your Content at any time from the settings page of your account."
)


def test_a_long_clause_is_read_by_its_opening_its_matched_window_and_its_wordiest_spans() -> None:
    weights = span_weights(LONG, set(tokens("train AI models")), {})
    spans = candidate_spans(LONG, weights, focus=None, limit=3)
    texts = [LONG[a:b] for a, b in spans]
    assert len(weights) == 5 and len(spans) == 3
    assert texts[0].startswith("**Your Content.**")
    assert any("train generative AI" in t for t in texts)
    window = LONG.index("You may delete")
    assert any(
        LONG[a:b].startswith("You may delete")
        for a, b in candidate_spans(LONG, weights, focus=(window, len(LONG)), limit=3)
    )


def test_the_clause_whose_span_answers_moves_first_and_quotes_that_span() -> None:
    stage = RerankStage(KeywordScorer("train", "ai"), floor=-1.0, margin=6.0)
    hits = [hit("We may suspend your account if you break these terms.", 0), hit(LONG, 1)]
    ranked = stage.rerank("train ai?", set(tokens("train ai")), hits, {})
    assert [r.hit.row for r in ranked] == [1, 0]
    assert LONG[ranked[0].start : ranked[0].end].startswith("We will not use your content")
    assert ranked[0].probability > 0.99 > ranked[1].probability


def test_nothing_under_the_floor_is_cited_and_far_weaker_clauses_are_left_out() -> None:
    stage = RerankStage(KeywordScorer("train", "ai", "generative"), floor=0.0, margin=6.0)
    hits = [hit(LONG, 0), hit("You may train a model on public data with AI tools.", 1)]
    ranked = stage.rerank("q", set(tokens("train ai generative")), hits, {})
    assert [r.logit for r in ranked] == [10.0, 5.0]
    assert [r.hit.row for r in stage.answering(ranked, k=5)] == [0, 1]
    assert [r.hit.row for r in RerankStage(KeywordScorer(), margin=4.0).answering(ranked, 5)] == [0]
    silent = stage.rerank("q", set(), [hit("Nothing relevant here at all.", 0)], {})
    assert stage.answering(silent, k=5) == []


def test_only_the_first_clauses_of_search_are_read() -> None:
    scorer = KeywordScorer("x")
    RerankStage(scorer, clauses=2).rerank(
        "q", set(), [hit(f"Clause {n}.", n) for n in range(5)], {}
    )
    assert scorer.seen == ["Clause 0.", "Clause 1."]
