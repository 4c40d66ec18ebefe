"""The units the passes hand on: heading lines, content blocks and items in body order; and
the line and span helpers every pass uses, so offsets stay verbatim (CRLF and invisible
characters never end up inside a clause's edges).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.splitting.patterns import INVISIBLE


@dataclass(slots=True)
class Heading:
    """A heading line: ``rank`` orders heading styles, ``kind`` names its numbering scheme."""

    label: str
    rank: float
    kind: tuple[str, str] | None
    value: str | None = None
    anchor: bool = False  # the whole heading is a link into the page (a TOC entry)
    style: str = ""  # "bold", "caps" or "plain": ranked by where it first shows up


@dataclass(slots=True)
class Block:
    """A paragraph, list or table: the unit clauses are built from."""

    start: int
    end: int
    is_list: bool = False
    lead_in: bool = False  # ends with ":" and so introduces what follows
    section: tuple[str, ...] = ()
    group: int = 0  # index of the section instance it belongs to
    glued: bool = False  # a list item kept with the lead-in before it


@dataclass(slots=True)
class Item:
    """A heading, a content block or a piece of furniture, in body order."""

    start: int
    end: int
    heading: Heading | None = None
    block: Block | None = None
    furniture: bool = False
    nav: bool = False  # furniture with words in it (a menu, a TOC): clauses never span it
    menu: bool = False  # a menu or picker block, which makes short lines next to it suspect


def line_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without the newline and a CR before it."""
    spans = []
    pos = 0
    size = len(body)
    while pos <= size:
        nl = body.find("\n", pos)
        end = size if nl < 0 else nl
        stop = end - 1 if end > pos and body[end - 1] == "\r" else end
        spans.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return spans


def trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past whitespace and invisible characters at both ends."""
    while start < end and (body[start].isspace() or body[start] in INVISIBLE):
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in INVISIBLE):
        end -= 1
    return start, end


def is_blank(text: str) -> bool:
    """Nothing but whitespace and invisible characters: a blank line between blocks."""
    return not text.strip().strip(INVISIBLE).strip()
