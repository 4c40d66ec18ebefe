"""Pass 3: blocks -> clauses.

A section instance that fits is one clause; a longer one is cut between paragraphs (a lead-in
kept with its list), then at list items, line breaks, table cells and last sentence ends, so no
quote starts or stops mid-sentence; tiny pieces are merged into a neighbour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from ingest.splitting.blocks import Block, trim
from ingest.splitting.patterns import ABBREVIATIONS, CUTTERS, SENTENCE_END, SHORT_SENTENCE


def _sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``body[start:end]``; why: oversized paragraphs are cut only where a
    sentence ends, so no quote starts or stops mid-sentence."""
    text = body[start:end]
    spans = []
    cursor = 0
    for match in SENTENCE_END.finditer(text):
        stop = match.end()
        if stop >= len(text):
            break
        if not _real_sentence_end(text, match.start()):
            continue
        nxt = text[stop:].lstrip()
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"“‘'(*[_¿¡«"):
            continue
        s, e = trim(body, start + cursor, start + stop)
        if e - s < SHORT_SENTENCE:
            continue  # "**17.1 Definition**." or "No." stays with the sentence after it
        spans.append((s, e))
        cursor = stop
    s, e = trim(body, start + cursor, end)
    if s < e:
        spans.append((s, e))
    return spans


def _real_sentence_end(text: str, dot: int) -> bool:
    """False for abbreviations ("e.g.", "Inc.", "U.S.") and numbers ("1.2", "section 3.")."""
    if text[dot] != ".":
        return True
    begin = dot
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "."):
        begin -= 1
    token = text[begin:dot].lower().rstrip(".")
    if not token:
        return True
    if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    return not (token.isdigit() and len(token) <= 3)


def _pack(pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Join consecutive pieces into balanced chunks of at most ``max_chars`` (a single piece
    longer than that stays whole)."""
    if not pieces:
        return []
    total = pieces[-1][1] - pieces[0][0]
    count = max(1, math.ceil(total / max_chars))
    target = total / count
    chunks: list[tuple[int, int]] = []
    start, end = pieces[0]
    for piece_start, piece_end in pieces[1:]:
        size = end - start
        grown = piece_end - start
        if grown <= max_chars and (size < target and abs(grown - target) <= abs(size - target)):
            end = piece_end
            continue
        chunks.append((start, end))
        start, end = piece_start, piece_end
    chunks.append((start, end))
    return chunks


def _cut(body: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Cut a span where ``pattern`` matches; the separators fall between the pieces."""
    pieces = []
    cursor = start
    for match in pattern.finditer(body, start, end):
        pieces.append(trim(body, cursor, match.start()))
        cursor = match.end()
    pieces.append(trim(body, cursor, end))
    return [(s, e) for s, e in pieces if s < e]


def _atoms(
    body: str, start: int, end: int, max_chars: int, level: int = 0
) -> list[tuple[int, int]]:
    """The pieces an oversized span may be cut into: list items and table rows first, then
    other line breaks, ``<br>`` breaks, table cells and last sentences. A piece that still
    exceeds ``max_chars`` is a single long sentence and stays whole."""
    if end - start <= max_chars or level > len(CUTTERS):
        return [(start, end)]
    if level == len(CUTTERS):
        pieces = _sentences(body, start, end)
    else:
        pieces = _cut(body, start, end, CUTTERS[level])
    if pieces == [(start, end)]:
        return _atoms(body, start, end, max_chars, level + 1)
    atoms: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        atoms.extend(_atoms(body, piece_start, piece_end, max_chars, level + 1))
    return atoms


def _list_end(blocks: list[Block], index: int, max_chars: int) -> int:
    """End (exclusive) of the list items kept with the lead-in at ``index``: as many as fit in
    one clause, but never a nested lead-in without its own first item."""
    start = blocks[index].start
    end = index + 1
    while end < len(blocks) and (blocks[end].is_list or blocks[end].glued):
        if blocks[end].end - start > max_chars:
            break
        end += 1
    if end > index + 2 and blocks[end - 1].lead_in and end < len(blocks):
        end -= 1  # a nested lead-in ("1. Any loss arising from:") goes with its own items
    return end


def _units(blocks: list[Block], max_chars: int) -> list[list[Block]]:
    """Paragraphs of one section, a lead-in kept together with the list it introduces."""
    units: list[list[Block]] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        unit = [block]
        if block.lead_in:
            unit = blocks[index : _list_end(blocks, index, max_chars)]
        units.append(unit)
        index += len(unit)
    return units


def _merge_tiny(chunks: list[tuple[int, int]], min_chars: int, max_chars: int) -> None:
    """Merge chunks under ``min_chars`` into a neighbour, the following one first."""
    index = 0
    while index < len(chunks):
        start, end = chunks[index]
        if end - start >= min_chars or len(chunks) == 1:
            index += 1
            continue
        if index + 1 < len(chunks) and chunks[index + 1][1] - start <= max_chars:
            chunks[index : index + 2] = [(start, chunks[index + 1][1])]
            continue
        if index > 0 and end - chunks[index - 1][0] <= max_chars:
            chunks[index - 1 : index + 1] = [(chunks[index - 1][0], end)]
            index -= 1
            continue
        index += 1


def section_chunks(
    body: str,
    blocks: list[Block],
    max_chars: int,
    min_chars: int,
) -> list[tuple[int, int]]:
    """Clauses of one section instance: whole if it fits, else by paragraph and sentence."""
    if blocks[-1].end - blocks[0].start <= max_chars:
        return [(blocks[0].start, blocks[-1].end)]
    chunks: list[tuple[int, int]] = []
    for unit in _units(blocks, max_chars):
        if len(unit) > 1 or unit[0].end - unit[0].start <= max_chars:
            chunks.append((unit[0].start, unit[-1].end))
        else:
            chunks.extend(_pack(_atoms(body, unit[0].start, unit[0].end, max_chars), max_chars))
    _merge_tiny(chunks, min_chars, max_chars)
    return chunks


def groups(blocks: list[Block]) -> Iterator[list[Block]]:
    """Consecutive blocks of the same section instance."""
    current: list[Block] = []
    for block in blocks:
        if current and current[-1].group != block.group:
            yield current
            current = []
        current.append(block)
    if current:
        yield current
