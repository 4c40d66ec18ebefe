"""Two wordings compared word by word: what a reader needs to see a change at a glance.

A history line or a "what changed" answer that prints two 500-character quotes leaves the
reader to spot the three words that differ. `word_diff` keeps the words both share as context
and marks the rest; `diff_summary` shows only the changed stretches with a few words around
them, within a length budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["same", "removed", "added"]
CONTEXT_WORDS = 4  # shared words kept either side of a change in a summary
SUMMARY_CHARS = 200


@dataclass(frozen=True)
class Piece:
    """A run of words that both wordings share, or that one of them alone has."""

    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, in reading order (removed before added)."""
    old_words, new_words = old.split(), new.split()
    pieces: list[Piece] = []
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("added", " ".join(new_words[b1:b2])))
    return pieces


def changed(pieces: list[Piece]) -> bool:
    return any(piece.op != "same" for piece in pieces)


def _context(text: str, *, before: bool, after: bool) -> str:
    """Shared words shown around a change: the first few after the change before them
    (`before`), the last few before the change after them (`after`)."""
    words = text.split()
    head, tail = " ".join(words[:CONTEXT_WORDS]), " ".join(words[-CONTEXT_WORDS:])
    if before and after:
        return text if len(words) <= 2 * CONTEXT_WORDS else f"{head} … {tail}"
    if len(words) <= CONTEXT_WORDS:
        return text
    return f"{head} …" if before else f"… {tail}"


def diff_summary(
    pieces: list[Piece],
    marks: tuple[str, str, str, str] = ("[-", "-]", "{+", "+}"),
    limit: int = SUMMARY_CHARS,
) -> str:
    """The changed stretches with CONTEXT_WORDS shared words around each, removed words
    between the first pair of `marks` and added words between the second, "…" where shared
    words are left out; cut at a piece boundary to stay within `limit` characters."""
    changes = max(sum(piece.op != "same" for piece in pieces), 1)
    share = max(limit // changes, 40)  # each changed stretch gets its part of the budget
    out: list[str] = []
    for n, piece in enumerate(pieces):
        if piece.op == "removed":
            out.append(f"{marks[0]}{_clip(piece.text, share)}{marks[1]}")
        elif piece.op == "added":
            out.append(f"{marks[2]}{_clip(piece.text, share)}{marks[3]}")
        else:
            out.append(_context(piece.text, before=n > 0, after=n < len(pieces) - 1))
        if len(" ".join(out)) > limit and n < len(pieces) - 1:
            out.append("…")
            break
    return " ".join(out)


def _clip(text: str, limit: int) -> str:
    """A changed stretch cut at a word within `limit` characters, "…" marking the cut."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + " …"
