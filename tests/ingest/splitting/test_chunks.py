"""Pass 3 (`ingest/splitting/chunks.py`): blocks into clauses of a useful size, cut only
between paragraphs, list items, lines, cells or sentences, and tiny pieces merged."""

from __future__ import annotations

from ingest.splitting import split_clauses
from ingest.splitting.blocks import Block
from ingest.splitting.chunks import _atoms, _merge_tiny, _pack, _sentences, groups
from tests.ingest.splitting.spans import assert_valid, texts


def test_pack_balances_pieces_under_the_limit() -> None:
    pieces = [(0, 100), (101, 200), (201, 300), (301, 400), (401, 500)]
    assert _pack(pieces, 250) == [(0, 200), (201, 400), (401, 500)]


def test_merge_tiny_joins_the_next_chunk_first_and_never_overflows() -> None:
    chunks = [(0, 50), (51, 400), (401, 420)]
    _merge_tiny(chunks, 100, 1200)
    assert chunks == [(0, 420)]
    chunks = [(0, 500), (501, 520)]
    _merge_tiny(chunks, 100, 510)
    assert chunks == [(0, 500), (501, 520)]  # merged it would pass max_chars


def test_sentences_keep_short_lead_ins_and_abbreviations() -> None:
    text = "Short. This is a much longer sentence that goes on. See e.g. this one, which is fine."
    assert [text[s:e] for s, e in _sentences(text, 0, len(text))] == [
        "Short. This is a much longer sentence that goes on.",
        "See e.g. this one, which is fine.",
    ]


def test_atoms_cut_list_items_first() -> None:
    text = "* one item here\n* two item here\n* three item"
    assert [text[s:e] for s, e in _atoms(text, 0, len(text), 20)] == [
        "* one item here",
        "* two item here",
        "* three item",
    ]


def test_groups_are_runs_of_one_section_instance() -> None:
    blocks = [Block(0, 5, group=0), Block(6, 9, group=0), Block(10, 12, group=1)]
    assert [[(b.start, b.end) for b in run] for run in groups(blocks)] == [
        [(0, 5), (6, 9)],
        [(10, 12)],
    ]
    assert list(groups([])) == []


def sentence(n: int) -> str:
    return f"Sentence number {n} says that the platform may use your content in some way. "


def test_oversized_paragraph_is_cut_at_sentence_ends_only() -> None:
    paragraph = "".join(sentence(n) for n in range(40)).strip()
    source = f"# Terms\n\n{paragraph}\n"
    spans = split_clauses(source, max_chars=600, min_chars=100)
    assert len(spans) > 1
    assert_valid(source, spans, max_chars=600)
    for text in texts(source, spans):
        assert text.startswith("Sentence number") and text.endswith("some way.")
        assert len(text) <= 600


def test_a_single_long_sentence_stays_whole() -> None:
    long_sentence = "You grant us " + ", ".join(f"right {n}" for n in range(300)) + "."
    source = f"{long_sentence}\n"
    (span,) = split_clauses(source, max_chars=500)
    assert source[span.start : span.end] == long_sentence


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    paragraph = (
        "Content (e.g. videos) is hosted by Google Inc. in the U.S. under section 3.2 of "
        "the Terms. " * 12
    ).strip()
    spans = split_clauses(paragraph, max_chars=300, min_chars=50)
    for text in texts(paragraph, spans):
        assert text.startswith("Content (e.g. videos)") and text.endswith("of the Terms.")


def test_oversized_section_is_cut_between_paragraphs() -> None:
    paragraphs = ["".join(sentence(n) for n in range(k, k + 5)).strip() for k in range(0, 40, 5)]
    source = "## Licence\n\n" + "\n\n".join(paragraphs) + "\n"
    spans = split_clauses(source, max_chars=800, min_chars=100)
    assert texts(source, spans) == paragraphs


def test_a_short_section_is_one_clause_with_its_blank_lines() -> None:
    source = "## Licence\n\nFirst paragraph.\n\nSecond paragraph.\n"
    (span,) = split_clauses(source)
    assert source[span.start : span.end] == "First paragraph.\n\nSecond paragraph."


def test_tiny_paragraph_merges_with_the_next_one() -> None:
    big = "".join(sentence(n) for n in range(10)).strip()
    source = f"## Licence\n\n{big}\n\nIn short:\n\n{big}\n\n{big}\n"
    spans = split_clauses(source, max_chars=1200, min_chars=200)
    assert texts(source, spans)[1] == f"In short:\n\n{big}"


def test_a_lone_tiny_section_stays_alone_and_never_crosses_a_heading() -> None:
    source = (
        "## Severability\n\nIf a term is void the rest stands.\n\n## Law\n\nGerman law applies.\n"
    )
    spans = split_clauses(source)
    assert [(s.section, t) for s, t in zip(spans, texts(source, spans), strict=True)] == [
        (("Severability",), "If a term is void the rest stands."),
        (("Law",), "German law applies."),
    ]


def test_a_lead_in_keeps_its_list_when_it_fits() -> None:
    items = "\n".join(f"*   item {n} that you must not do;" for n in range(8))
    filler = "".join(sentence(n) for n in range(15)).strip()
    source = f"## Use\n\n{filler}\n\nYou must not:\n\n{items}\n\n{filler}\n"
    spans = split_clauses(source)
    assert f"You must not:\n\n{items}" in texts(source, spans)


def test_long_list_is_cut_between_items_and_keeps_the_lead_in_first() -> None:
    items = "\n".join(f"*   {sentence(n)}" for n in range(30))
    source = f"## Use\n\nYou must not:\n\n{items}\n"
    spans = split_clauses(source, max_chars=700)
    first = texts(source, spans)[0]
    assert first.startswith("You must not:\n\n*   Sentence number 0")
    assert all(t.startswith(("You must not:", "*   Sentence")) for t in texts(source, spans))
    assert_valid(source, spans, max_chars=700)
