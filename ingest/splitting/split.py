"""The public entry point: `split_clauses` runs the three passes in order and returns
`ClauseSpan`s, the only type the rest of the ingest sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.splitting.blocks import trim
from ingest.splitting.chunks import groups, section_chunks
from ingest.splitting.scan import scan
from ingest.splitting.sections import (
    assign_sections,
    drop_heading_tocs,
    drop_nav_labels,
    drop_plain_tocs,
    drop_toc_headings,
    promote_item_headings,
    promote_plain_headings,
)

__all__ = ["ClauseSpan", "split_clauses"]


@dataclass(frozen=True, slots=True)
class ClauseSpan:
    """One clause: ``body[start:end]`` is its verbatim text, ``section`` its heading path."""

    section: tuple[str, ...]
    start: int
    end: int


def split_clauses(body: str, *, max_chars: int = 1200, min_chars: int = 200) -> list[ClauseSpan]:
    """Split a document body into clauses with their section paths.

    Headings are never part of a clause, furniture is never a clause, and ``body[start:end]``
    of every span is verbatim, stripped and non-empty; spans are in order and disjoint.
    """
    items = scan(body)
    drop_toc_headings(items)
    drop_nav_labels(body, items)
    promote_plain_headings(body, items)
    promote_item_headings(body, items)
    drop_plain_tocs(body, items)
    drop_heading_tocs(items)
    blocks = assign_sections(body, items, max_chars)
    spans: list[ClauseSpan] = []
    for group in groups(blocks):
        for start, end in section_chunks(body, group, max_chars, min_chars):
            start, end = trim(body, start, end)
            if start < end:
                spans.append(ClauseSpan(group[0].section, start, end))
    return spans
