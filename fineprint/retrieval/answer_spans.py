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

import re

from fineprint.text import sentence_spans

MIN_SPAN_CHARS = 80  # shorter runs ("**Licence.**", "(a)") are read with the next sentence
MAX_SPAN_CHARS = 320  # a span grows past MIN_SPAN_CHARS only while it stays within this


# Where a page's table cell or HTML paragraph ends inside what reads as one sentence: a cell
# boundary, a double <br>, a <br> before a list item (privacy tables hold whole lists per cell)
_PAGE_BREAK = re.compile(r"\s*(?:<br\s*/?>\s*){2,}|\s*<br\s*/?>\s*(?=[*•+-]\s)|\s+\|\s+", re.I)
_EDGE = " \t\n|"


def _pieces(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """A sentence's span cut at page breaks (`_PAGE_BREAK`), each piece trimmed of
    whitespace and table pipes."""
    cuts = [(m.start(), m.end()) for m in _PAGE_BREAK.finditer(text, first, last)]
    bounds = [first, *(n for cut in cuts for n in cut), last]
    pieces = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        if b > a:
            pieces.append((a, b))
    return pieces


def answer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive, non-overlapping spans covering every sentence."""
    spans: list[tuple[int, int]] = []
    pieces = [piece for a, b in sentence_spans(text) for piece in _pieces(text, a, b)]
    for first, last in pieces:
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
