"""Ranking on a real store (the session's `ask_settings` corpus): long clauses score by their
best window on both signals, dense and BM25."""

from __future__ import annotations

import numpy as np

from fineprint.answering.answer import Answerer
from fineprint.answering.question import parse_question
from fineprint.text import tokens

SEED = "Can SoundCloud train AI on my voice in mid-2024?"
TRAIN_SENTENCE = "your Content may be used to inform, train, develop"


def test_the_seed_question_ranks_the_2024_training_sentence_first(answerer: Answerer) -> None:
    question = parse_question(SEED, answerer.sources, registry=answerer.index.registry)
    hits = answerer.searcher.search(question, k=5)
    top = hits[0]
    assert (top.clause.platform, top.clause.version_date.isoformat()) == (
        "soundcloud",
        "2024-02-07",
    )
    assert top.focus is not None, "the paragraph scores by its window, not by its opening"
    assert TRAIN_SENTENCE in top.clause.text[top.focus[0] : top.focus[1]]


def test_the_seed_question_is_answered_not_turned_away(answerer: Answerer) -> None:
    answer = answerer.ask(SEED)
    assert not answer.abstained
    assert TRAIN_SENTENCE in answer.citations[0].quote
    assert answer.citations[0].version_date == "2024-02-07"


def test_a_long_clause_scores_lexically_by_its_best_window(answerer: Answerer) -> None:
    index = answerer.index
    row = next(
        n
        for n, clause in enumerate(index.clauses)
        if TRAIN_SENTENCE in clause.text and clause.version_date.isoformat() == "2024-02-07"
    )
    assert row in set(index.window_rows.tolist())
    rows = np.arange(len(index.clauses))
    query = tokens("train artificial intelligence machine learning")
    whole = index.bm25_scores(query, rows, windows=False)
    windowed = index.bm25_scores(query, rows, windows=True)
    assert (windowed >= whole).all(), "a window can only raise a clause's score"
    assert windowed[row] > whole[row]
    unwindowed = np.setdiff1d(rows, index.window_rows)
    assert np.array_equal(windowed[unwindowed], whole[unwindowed])
