"""What the splitting tests share: corpus bodies and their clauses, span texts, and the
invariants every split must keep."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest.splitting import ClauseSpan, split_clauses
from ingest.splitting.chunks import _atoms

CORPUS = Path(__file__).parents[3] / "corpus"
ALL_FILES = sorted(CORPUS.glob("*/*/*.md"))


@cache
def body(relative: str) -> str:
    """The text of a version file after its front matter."""
    text = (CORPUS / relative).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


@cache
def clauses(relative: str) -> tuple[ClauseSpan, ...]:
    return tuple(split_clauses(body(relative)))


def texts(source: str, spans: list[ClauseSpan] | tuple[ClauseSpan, ...]) -> list[str]:
    return [source[span.start : span.end] for span in spans]


def clause_with(relative: str, needle: str) -> tuple[ClauseSpan, str]:
    """The clause of a corpus file that contains ``needle``."""
    source = body(relative)
    found = [
        (s, source[s.start : s.end]) for s in clauses(relative) if needle in source[s.start : s.end]
    ]
    assert len(found) == 1, f"{needle!r} is in {len(found)} clauses of {relative}"
    return found[0]


def assert_valid(
    source: str, spans: list[ClauseSpan] | tuple[ClauseSpan, ...], max_chars: int = 1200
) -> None:
    """Every span is a verbatim, stripped, non-empty slice; spans are ordered and disjoint;
    a span longer than ``max_chars`` is a single sentence the splitter may not cut."""
    previous_end = 0
    for span in spans:
        text = source[span.start : span.end]
        assert text, span
        assert text == text.strip(), span
        assert span.start >= previous_end, span
        previous_end = span.end
        if span.end - span.start > max_chars:
            assert _atoms(source, span.start, span.end, max_chars) == [(span.start, span.end)]
