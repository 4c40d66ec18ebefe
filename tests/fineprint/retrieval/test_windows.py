"""Windows of long clauses: sentence-aligned, bounded, overlapping, covering the whole clause."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from fineprint.catalog.clauses import Clause
from fineprint.retrieval.windows import WINDOW_CHARS, clause_windows, window_spans
from fineprint.text import sentence_spans
from tests.conftest import CORPUS


def _clause(text: str, section: tuple[str, ...] = ("7. Grant of licence",)) -> Clause:
    return Clause(
        platform="soundcloud",
        document="terms-of-use",
        version_date=date(2024, 2, 7),
        section=section,
        text=text,
        start=0,
        end=len(text),
        ordinal=0,
    )


def soundcloud_2024_licence_paragraph() -> str:
    body = (CORPUS / "soundcloud/terms-of-use/2024-02-07.md").read_text(encoding="utf-8")
    at = body.index("In the absence of a separate agreement")
    return body[body.rfind("\n\n", 0, at) : body.find("\n\n", at)].strip()


def test_a_short_clause_has_no_windows() -> None:
    assert window_spans("One sentence. Another one.") == []


def test_the_soundcloud_ai_sentence_gets_a_window_of_its_own() -> None:
    text = soundcloud_2024_licence_paragraph()
    assert len(text) > WINDOW_CHARS
    spans = window_spans(text)
    assert spans, "a 1,000-character paragraph must be windowed"
    assert any(text[a:b].startswith("In the absence of a separate agreement") for a, b in spans)


def test_windows_embed_the_heading_without_its_number() -> None:
    (window, *_) = clause_windows(_clause(soundcloud_2024_licence_paragraph()))
    assert window.embedding_text.startswith("Grant of licence\n")
    assert "inform, train, develop" in window.embedding_text


sentence = st.text(alphabet=st.sampled_from("abcdefghij klmnop"), min_size=5, max_size=400).map(
    lambda s: s.strip().capitalize() or "Word"
)


@settings(max_examples=200, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=20))
def test_windows_are_sentence_aligned_bounded_and_cover_every_later_sentence(
    parts: list[str],
) -> None:
    text = ". ".join(parts) + "."
    spans = window_spans(text)
    sentences = sentence_spans(text)
    starts = {a for a, _ in sentences}
    ends = {b for _, b in sentences}
    for a, b in spans:
        assert a in starts and b in ends and a > 0
        inside = [s for s in sentences if a <= s[0] and s[1] <= b]
        assert b - a <= WINDOW_CHARS or len(inside) == 1
    if spans:
        covered = {s for s in sentences for a, b in spans if a <= s[0] and s[1] <= b}
        # every sentence past the opening window is in some window
        opening_end = max(
            (s[1] for s in sentences if s[1] - sentences[0][0] <= WINDOW_CHARS),
            default=sentences[0][1],
        )
        assert all(s in covered for s in sentences if s[0] >= opening_end)
    assert spans == sorted(set(spans))
