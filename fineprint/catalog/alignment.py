"""Which clause of a newer version continues which clause of an older one: the rule for a
clause's identity across versions of one document.

Clauses are aligned in four passes, cheapest and surest first:

1. the same `clause_key` (same section path, same normalised text) — unchanged;
2. the same text once formatting, punctuation spacing and list numbering are ignored
   (`comparable`) — unchanged, or *moved* when its section changed;
3. the most similar remaining clause (word-set Dice overlap, a small bonus for the same
   section), greedily, above a threshold — *modified*;
4. a newer clause still unpaired that holds a sentence *found* in an older clause
   (`fineprint.catalog.closeness`: one older sentence holds >= 70 % of its words in order) continues
   that clause — *modified*: a rewrite, a re-cut (split, merged) or re-numbered clause is the
   same clause. Unpaired older clauses are preferred; a clause split in two may continue one
   older clause twice.

Shared by the change reports (`fineprint.changes.diff`), the search index (which aligns consecutive
versions once, for histories), answers' clause histories and the live re-fetch (`comparable`:
is a fetched page the stored wording?).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from fineprint.catalog.clauses import Clause, normalise_text

if TYPE_CHECKING:
    from fineprint.catalog.closeness import Words

__all__ = ["Alignment", "Continuation", "align", "comparable"]

Continuation = Literal["unchanged", "moved", "modified"]

MATCH_THRESHOLD = 0.5  # Dice overlap of word sets for "the same clause, edited"
SAME_SECTION_BONUS = 0.1
MIN_WORDS_FOR_FUZZY = 4  # shorter clauses only pair on exact text

# The comparable form's parts; the diff compares single words with them too.
DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‐": "-", "…": "..."})
PUNCT_SPACE = re.compile(r"\s*([^\w\s])\s*")
_LEADING_NUMBER = re.compile(
    r"^(?:\(?\d+(?:\.\d+)*[.)]?|\(?[a-z][.)]|\(?[ivxlc]+[.)]|[-*•])(?:\s+|$)", re.IGNORECASE
)
WORDS = re.compile(r"\w+")


def comparable(text: str) -> str:
    """The form two texts are compared in: `normalise_text` (markup, link targets, quote
    styles, spacing, case), plus dash styles, spacing around punctuation, and a leading list
    number ("(xii)", "3.") — renumbering after an inserted item is not a change of wording."""
    flat = normalise_text(text.translate(DASHES))
    flat = _LEADING_NUMBER.sub("", flat)
    return PUNCT_SPACE.sub(r"\1", flat).strip()


def _section_key(section: tuple[str, ...]) -> tuple[str, ...]:
    """Section path without numbering-only labels and numbers: "7. Your Content" ~ "8. …"."""
    labels = (comparable(label) for label in section)
    return tuple(label for label in labels if label and WORDS.search(label))


# --- alignment -----------------------------------------------------------------------------


def _similarities(before: list[Clause], after: list[Clause]) -> npt.NDArray[np.float32]:
    """Dice overlap of the word sets of every before × after clause (one sparse product)."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows = [
        {vocab.setdefault(w, len(vocab)) for w in WORDS.findall(comparable(clause.text))}
        for clause in [*before, *after]
    ]
    indptr = np.cumsum([0, *(len(row) for row in rows)])
    indices = np.fromiter((i for row in rows for i in sorted(row)), dtype=np.int64)
    matrix = csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr),
        shape=(len(rows), max(len(vocab), 1)),
    )
    old, new = matrix[: len(before)], matrix[len(before) :]
    overlap = (old @ new.T).toarray()
    lengths = np.asarray([len(row) for row in rows], dtype=np.float32)
    sizes = lengths[: len(before), None] + lengths[None, len(before) :]
    dice: npt.NDArray[np.float32] = np.divide(
        2 * overlap, sizes, out=np.zeros_like(overlap), where=sizes > 0
    )
    small = lengths < MIN_WORDS_FOR_FUZZY
    dice[small[: len(before)], :] = 0.0
    dice[:, small[len(before) :]] = 0.0
    return dice


Alignment = dict[int, tuple[int, Continuation, float]]
"""Newer clause index -> (older clause index, "unchanged" | "moved" | "modified", similarity)."""


def align(before: Sequence[Clause], after: Sequence[Clause], *, rewrites: bool = True) -> Alignment:
    """Which older clause each newer clause continues: same `clause_key`, then the same text
    once formatting is ignored (same section = unchanged, else moved), then the most similar
    words (modified), then (`rewrites`) a shared sentence (modified). Shared by the diff and
    by answers' clause histories."""
    old, new = list(before), list(after)
    pairs: Alignment = {}
    free_old = set(range(len(old)))
    _pair_same_key(old, new, pairs, free_old)
    _pair_same_text(old, new, pairs, free_old)
    _pair_similar(old, new, pairs, free_old)
    if rewrites:
        pairs.update(_rewritten(old, new, pairs, free_old))
    return pairs


def _pair_same_key(
    old: list[Clause], new: list[Clause], pairs: Alignment, free_old: set[int]
) -> None:
    """Pass 1: the same `clause_key` (unchanged); fills `pairs`, takes from `free_old`."""
    by_key: dict[str, list[int]] = {}
    for i, clause in enumerate(old):
        by_key.setdefault(clause.clause_key, []).append(i)
    for j, clause in enumerate(new):
        candidates = [i for i in by_key.get(clause.clause_key, []) if i in free_old]
        if candidates:
            pairs[j] = (candidates[0], "unchanged", 1.0)
            free_old.discard(candidates[0])


def _pair_same_text(
    old: list[Clause], new: list[Clause], pairs: Alignment, free_old: set[int]
) -> None:
    """Pass 2: the same text once formatting is ignored: unchanged in the same section (the
    first such older clause), else moved."""
    old_text = [comparable(c.text) for c in old]
    new_text = [comparable(c.text) for c in new]
    by_text: dict[str, list[int]] = {}
    for i in sorted(free_old):
        by_text.setdefault(old_text[i], []).append(i)
    for j in range(len(new)):
        if j in pairs or not new_text[j]:
            continue
        candidates = [i for i in by_text.get(new_text[j], []) if i in free_old]
        if not candidates:
            continue
        same = [
            i for i in candidates if _section_key(old[i].section) == _section_key(new[j].section)
        ]
        i = (same or candidates)[0]
        pairs[j] = (i, "unchanged" if same else "moved", 1.0)
        free_old.discard(i)


def _pair_similar(
    old: list[Clause], new: list[Clause], pairs: Alignment, free_old: set[int]
) -> None:
    """Pass 3: the most similar words (modified), best pairs first, a same-section bonus,
    nothing under `MATCH_THRESHOLD`."""
    rest_old = sorted(free_old)
    rest_new = [j for j in range(len(new)) if j not in pairs]
    if not rest_old or not rest_new:
        return
    sims = _similarities([old[i] for i in rest_old], [new[j] for j in rest_new])
    sections: dict[tuple[str, ...], int] = {}
    old_sections = np.asarray(
        [sections.setdefault(_section_key(old[i].section), len(sections)) for i in rest_old]
    )
    new_sections = np.asarray(
        [sections.setdefault(_section_key(new[j].section), len(sections)) for j in rest_new]
    )
    same_section = old_sections[:, None] == new_sections[None, :]
    scored = sims + same_section * SAME_SECTION_BONUS
    order = np.argsort(-scored, axis=None, kind="stable")
    used_a: set[int] = set()
    used_b: set[int] = set()
    for flat in order:
        a, b = divmod(int(flat), len(rest_new))
        if sims[a, b] < MATCH_THRESHOLD:
            break
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        pairs[rest_new[b]] = (rest_old[a], "modified", float(sims[a, b]))
        free_old.discard(rest_old[a])


def _rewritten(
    old: list[Clause], new: list[Clause], pairs: Alignment, free_old: set[int]
) -> Alignment:
    """Pass 4: each unpaired newer clause continues the older clause holding the most of its
    words in sentences *found* there (`closeness.CLOSE`); unpaired older clauses first, 1:1,
    then any older clause (a split)."""
    rest_new = [j for j in range(len(new)) if j not in pairs]
    if not rest_new or not old:
        return {}
    needles, needle_owner = _sentences_of((j, new[j]) for j in rest_new)
    covered = _words_found(needles, needle_owner, *_sentences_of(enumerate(old)))
    size: Counter[int] = Counter()
    for needle, j in zip(needles, needle_owner, strict=True):
        size[j] += len(needle)
    ranked = sorted(covered.items(), key=lambda item: (-item[1], item[0]))
    found_pairs: Alignment = {}
    taken = set(free_old)
    for only_free in (True, False):
        for (j, i), words in ranked:
            if j in found_pairs or (only_free and i not in taken):
                continue
            found_pairs[j] = (i, "modified", min(words / max(size[j], 1), 1.0))
            taken.discard(i)
    return found_pairs


def _sentences_of(clauses: Iterable[tuple[int, Clause]]) -> tuple[list[Words], list[int]]:
    """Every sentence (its words) of the clauses, and the index of the clause each came from."""
    from fineprint.catalog.closeness import clause_sentences

    sentences: list[Words] = []
    owners: list[int] = []
    for index, clause in clauses:
        for sentence in clause_sentences(clause.text):
            sentences.append(sentence)
            owners.append(index)
    return sentences, owners


def _words_found(
    needles: list[Words], needle_owner: list[int], hays: list[Words], hay_owner: list[int]
) -> dict[tuple[int, int], float]:
    """(newer, older clause) -> how many of the newer clause's words are found in sentences
    of the older one (each newer sentence counted once per older clause, at its best)."""
    from fineprint.catalog.closeness import pair_shares

    best: dict[tuple[int, int], float] = {}  # (needle, older clause) -> share
    for (n, h), found in pair_shares(needles, hays).items():
        key = (n, hay_owner[h])
        best[key] = max(best.get(key, 0.0), found)
    covered: dict[tuple[int, int], float] = {}  # (newer, older) -> words found
    for (n, i), found in best.items():
        key = (needle_owner[n], i)
        covered[key] = covered.get(key, 0.0) + len(needles[n]) * found
    return covered
