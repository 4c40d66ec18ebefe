"""Two wordings compared word by word: the runs of words kept, deleted and inserted.

A change report (`changes.diff`) marks what an edit changed; an answer about what changed
(`answering.versions_asked`) shows the old and the new side the same way; both are drawn for
a reader by `fineprint.word_diff`. Words compare in their comparable form (dashes, spacing
before punctuation and case aside), and markup-only tokens ("**", "#") are dropped, so a
re-formatting is no change; the runs keep the verbatim words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from fineprint.catalog.alignment import DASHES, PUNCT_SPACE
from fineprint.catalog.clauses import normalise_text

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class WordOp:
    """One run of a word-level diff: "=" kept, "-" deleted, "+" inserted (verbatim words)."""

    op: Literal["=", "-", "+"]
    text: str


def tokens_and_keys(text: str) -> tuple[list[str], list[str]]:
    """Verbatim tokens and their comparable keys, markup-only tokens ("**", "#") dropped."""
    raw, keys = [], []
    for token in _TOKEN.findall(text):
        key = PUNCT_SPACE.sub(r"\1", normalise_text(token.translate(DASHES)))
        if key:
            raw.append(token)
            keys.append(key)
    return raw, keys


def word_diff(before: str, after: str) -> tuple[WordOp, ...]:
    """Word runs kept, deleted and inserted; words compare in their comparable form."""
    old, old_keys = tokens_and_keys(before)
    new, new_keys = tokens_and_keys(after)
    ops: list[WordOp] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(WordOp("=", " ".join(new[j1:j2])))
            continue
        if i2 > i1:
            ops.append(WordOp("-", " ".join(old[i1:i2])))
        if j2 > j1:
            ops.append(WordOp("+", " ".join(new[j1:j2])))
    return tuple(ops)
