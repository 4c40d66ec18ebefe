"""Spans are whole sentences, short stubs read with what follows, and cover the clause."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from fineprint.retrieval.answer_spans import MAX_SPAN_CHARS, MIN_SPAN_CHARS, answer_spans
from fineprint.text import sentence_spans

LICENCE = (
    "**Licence.** You grant us a worldwide, non-exclusive, royalty-free licence to host, store "
    "and display your Content. You retain ownership rights in your Content. We will not use "
    "your content to train generative AI models without your explicit consent."
)


def test_a_heading_stub_or_a_short_sentence_is_read_with_the_sentence_after_it() -> None:
    texts = [LICENCE[a:b] for a, b in answer_spans(LICENCE)]
    assert texts == [
        "**Licence.** You grant us a worldwide, non-exclusive, royalty-free licence to host, "
        "store and display your Content.",
        "You retain ownership rights in your Content. We will not use your content to train "
        "generative AI models without your explicit consent.",
    ]


def test_a_sentence_longer_than_the_limit_stays_whole() -> None:
    long_sentence = "You agree that " + "we may use your content, " * 30 + "forever."
    assert len(long_sentence) > MAX_SPAN_CHARS
    assert answer_spans(long_sentence) == [(0, len(long_sentence))]


def test_no_text_no_spans() -> None:
    assert answer_spans("") == []
    assert answer_spans("   \n ") == []


sentences = st.lists(
    st.text(alphabet="abcdefgh ", min_size=1, max_size=120).map(lambda t: t.strip().capitalize()),
    min_size=1,
    max_size=12,
).map(lambda parts: " ".join(p + "." for p in parts if p))


@given(sentences)
def test_spans_cover_every_sentence_in_order_and_never_cut_one(text: str) -> None:
    spans = answer_spans(text)
    starts = {a for a, _ in sentence_spans(text)}
    ends = {b for _, b in sentence_spans(text)}
    assert all(a in starts and b in ends for a, b in spans)  # whole sentences only
    assert all(first[1] <= second[0] for first, second in itertools.pairwise(spans))
    covered = {a for a, _ in sentence_spans(text) if any(x <= a < y for x, y in spans)}
    assert covered == starts
    # a span is short only when nothing could be added within the limit
    for (a, b), following in zip(spans, [*spans[1:], None], strict=False):
        if b - a < MIN_SPAN_CHARS and following is not None:
            assert following[1] - a > MAX_SPAN_CHARS


def test_a_table_row_is_cut_at_its_cells_and_at_the_lists_inside_them() -> None:
    # Spotify's privacy table: one "sentence" by punctuation, a cell of bullets behind <br>
    row = (
        "| To develop new features. This includes training of machine learning models. "
        "For example:<br><br>*   to improve our personalised recommendations for you<br>*   so "
        "we can build AI features such as AI DJ and AI playlist and more besides | *   User "
        "Data<br>*   Voice Data |"
    )
    spans = [row[a:b] for a, b in answer_spans(row)]
    # the cell's list is cut from the sentences before it (short pieces still join up to
    # MIN_SPAN_CHARS), and no span starts or stops at a pipe
    assert spans[0] == (
        "To develop new features. This includes training of machine learning models. For example:"
    )
    assert spans[1].startswith("*   to improve") and spans[1].endswith("Voice Data")
    assert all(not s.startswith("|") and not s.endswith("|") for s in spans)
