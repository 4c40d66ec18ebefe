"""Quotes cut to the span that answers: the encoder's pick, its neighbour, words alone."""

from __future__ import annotations

from datetime import date

import numpy as np

from fineprint.answering.quotes import WHOLE_CHARS, QuoteChooser, neighbour_run
from fineprint.catalog.clauses import Clause
from fineprint.retrieval.query_encoder import get_query_encoder
from fineprint.text import tokens

LICENCE = (
    "If you have a channel, you may be able to upload videos to the service and use them to "
    "promote your business. We may change the service at any time and for any reason. "
    "You retain ownership rights in your videos and nothing in these terms takes them away. "
    "We may show advertisements next to your videos and keep the revenue from them. "
    "You may not use the service to harass other people or to share their personal data."
)


def _clause(text: str) -> Clause:
    return Clause("yt", "terms", date(2024, 1, 1), ("Your Content",), text, 0, len(text), 0)


def test_the_quote_is_the_sentence_that_answers_verbatim() -> None:
    encoder = get_query_encoder()
    question = "Do I keep the copyright in videos I upload?"
    chooser = QuoteChooser(encoder, {})
    clause = _clause(LICENCE)
    quote = chooser.choose(clause, encoder.encode(question), set(tokens(question)))
    text = LICENCE[quote.start : quote.end]
    assert "You retain ownership rights in your videos" in text
    assert len(text) < len(LICENCE)
    assert quote.similarity is not None and -1.0 <= quote.similarity <= 1.0


def test_a_short_clause_is_its_own_quote() -> None:
    text = "You retain ownership rights in your Content."
    assert len(text) <= WHOLE_CHARS
    quote = QuoteChooser(None, {}).choose(_clause(text), None, {"retain"})
    assert (quote.start, quote.end) == (0, len(text))


def test_without_the_encoder_the_quote_follows_the_question_words() -> None:
    quote = QuoteChooser(None, {}).choose(
        _clause(LICENCE), None, set(tokens("advertisements revenue")), dense=False
    )
    assert "advertisements" in LICENCE[quote.start : quote.end]


def test_a_span_that_introduces_a_list_is_read_with_what_follows() -> None:
    text = "Intro sentence here. You grant us the following licence:\nto copy your work."
    spans = [(0, 20), (21, 57), (58, len(text))]
    assert neighbour_run(text, spans, [0.1, 0.9, 0.2], 1) == (21, len(text))


def test_a_far_weaker_neighbour_is_left_out() -> None:
    text = "A" * 100 + " " + "B" * 100
    spans = [(0, 100), (101, 201)]
    assert neighbour_run(text, spans, np.array([0.9, 0.1]).tolist(), 0) == (0, 100)
    assert neighbour_run(text, spans, [0.9, 0.85], 0) == (0, 201)
