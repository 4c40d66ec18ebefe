"""The short spans of a clause that a reader takes in at a glance: the rerank stage's candidates.

A citation should quote the sentence that answers, not a 700-character block. So each clause
is cut into spans of whole sentences — one sentence, or a heading or list stub read together
with what follows it — and the rerank stage scores each span against the question: the best
span both ranks its clause and is the quote. Spans never cut a sentence in two; a single
sentence longer than `MAX_SPAN_CHARS` stays whole.

A pure function of the text, so the training data (`training/rerank_data.py`) and the answers
cut their candidates the same way.
"""

from __future__ import annotations

from fineprint.text import sentence_spans

MIN_SPAN_CHARS = 80  # shorter runs ("**Licence.**", "(a)") are read with the next sentence
MAX_SPAN_CHARS = 320  # a span grows past MIN_SPAN_CHARS only while it stays within this


def answer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive, non-overlapping spans covering every sentence."""
    spans: list[tuple[int, int]] = []
    for first, last in sentence_spans(text):
        if spans:
            start, end = spans[-1]
            if end - start < MIN_SPAN_CHARS and last - start <= MAX_SPAN_CHARS:
                spans[-1] = (start, last)
                continue
        spans.append((first, last))
    if len(spans) > 1:
        (start, _), (last_start, last_end) = spans[-2], spans[-1]
        if last_end - last_start < MIN_SPAN_CHARS // 2 and last_end - start <= MAX_SPAN_CHARS:
            spans[-2:] = [(start, last_end)]  # a trailing stub belongs to what precedes it
    return spans
