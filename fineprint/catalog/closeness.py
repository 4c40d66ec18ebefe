"""When a sentence of one version is still there in another: the rule behind clause lineage,
the answer's absence claims, `fineprint changes` pairing rewritten clauses, and the history
check (`python -m bench.history_check`).

Two texts are compared sentence by sentence. Each sentence becomes its words: lower case,
Markdown and link targets dropped, British/American spelling and common suffixes folded
(`fineprint.text.stem`), stopwords *kept* (they are words of the sentence). A sentence of
at least MIN_WORDS words is **found** in a text when one sentence of that text holds at least
CLOSE of its words in the same order (difflib matching blocks), and **near** when one holds
at least LOOSE of them.

Why these numbers (measured on the whole corpus, 208 versions, with `python -m
bench.history_check --calibrate`): of the sentences of clauses the diff pairs as the same
clause edited, 77.8 % have a counterpart in the older clause holding >= 0.7 of their words
(median 1.0) and 83.7 % one holding >= 0.5; against the best sentence of *another platform's*
document of the same kind (legal boilerplate included) only 2.3 % reach 0.7, but 13.1 %
reach 0.5. So at CLOSE two sentences say the same thing (a re-cut, a renumbering, "all of
your ownership rights" -> "ownership rights"); between LOOSE and CLOSE they may be a rewrite
or a coincidence: not enough to follow a clause, too much to claim it was absent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from fineprint.catalog.clauses import normalise_text
from fineprint.text import sentence_spans, stem

CLOSE = 0.7  # share of a sentence's words found in order in one other sentence: "found"
LOOSE = 0.5  # "near": a rewrite or a coincidence; no absence may be claimed
MIN_WORDS = 5  # shorter sentences ("1. Definitions.") carry too little to trace

_WORD = re.compile(r"[a-z0-9]+")

Words = tuple[str, ...]


def words(text: str) -> Words:
    """The compared form of a text: its folded words, in order."""
    return tuple(stem(word) for word in _WORD.findall(normalise_text(text)))


def sentences(text: str) -> list[Words]:
    """The traceable sentences of `text` (at least MIN_WORDS words each); a text with none
    that long counts as one sentence if it has MIN_WORDS words at all."""
    found = [words(text[a:b]) for a, b in sentence_spans(text)]
    kept = [sentence for sentence in found if len(sentence) >= MIN_WORDS]
    if not kept:
        whole = words(text)
        return [whole] if len(whole) >= MIN_WORDS else []
    return kept


@lru_cache(maxsize=100_000)
def clause_sentences(text: str) -> tuple[Words, ...]:
    """`sentences(text)`, remembered: a clause unchanged across versions is split once."""
    return tuple(sentences(text))


def share(needle: Words, hay: Words) -> float:
    """The share of `needle`'s words that `hay` holds in the same order."""
    if not needle:
        return 0.0
    matcher = SequenceMatcher(None, needle, hay, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(needle)


@dataclass(frozen=True)
class SentenceMatch:
    share: float  # of the needle's words
    sentence: int  # index in the searched text's sentence list; -1 when nothing was near


class Sentences:
    """A text's sentences, searchable for the one that holds most of a given sentence."""

    def __init__(self, items: Sequence[Words]) -> None:
        self.items = list(items)
        self._sets = [frozenset(item) for item in self.items]

    @classmethod
    def of(cls, text: str) -> Sentences:
        return cls(sentences(text))

    def best(self, needle: Words, floor: float = LOOSE) -> SentenceMatch:
        """The sentence holding the largest share of `needle` (only shares >= `floor` are
        looked at closely: the word-set overlap bounds the in-order share from above)."""
        if not needle:
            return SentenceMatch(0.0, -1)
        counts = _counts(needle)
        best = SentenceMatch(0.0, -1)
        for n, words_set in enumerate(self._sets):
            bound = sum(c for w, c in counts if w in words_set) / len(needle)
            if bound < max(floor, best.share) or bound == 0.0:
                continue
            found = share(needle, self.items[n])
            if found > best.share:
                best = SentenceMatch(found, n)
        return best

    def above(self, needle: Words, floor: float) -> list[tuple[int, float]]:
        """Every sentence holding at least `floor` of `needle`'s words in order, with its
        share."""
        if not needle:
            return []
        counts = _counts(needle)
        found = []
        for n, words_set in enumerate(self._sets):
            if sum(c for w, c in counts if w in words_set) < floor * len(needle):
                continue
            result = share(needle, self.items[n])
            if result >= floor:
                found.append((n, result))
        return found


@lru_cache(maxsize=20_000)
def _counts(needle: Words) -> tuple[tuple[str, int], ...]:
    tally: dict[str, int] = {}
    for word in needle:
        tally[word] = tally.get(word, 0) + 1
    return tuple(tally.items())


def best_share(quote: str, text: str) -> float:
    """The largest share of any traceable sentence of `quote` that one sentence of `text`
    holds (0 when `quote` has no traceable sentence)."""
    wanted = sentences(quote)
    searched = Sentences.of(text)
    return max((searched.best(sentence).share for sentence in wanted), default=0.0)


def pair_shares(
    needles: Sequence[Words], hays: Sequence[Words], floor: float = CLOSE
) -> dict[tuple[int, int], float]:
    """(needle, hay) -> share, for every pair where the hay sentence holds at least `floor`
    of the needle sentence's words in order. One sparse product bounds every pair by word-set
    overlap, so only plausible pairs are compared word by word."""
    import numpy as np
    from scipy.sparse import csr_matrix

    if not needles or not hays:
        return {}
    vocab: dict[str, int] = {}

    def rows(items: Sequence[Words], counted: bool) -> tuple[list[float], list[int], list[int]]:
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for item in items:
            tally: dict[int, float] = {}
            for word in item:
                column = vocab.setdefault(word, len(vocab))
                tally[column] = tally.get(column, 0.0) + 1.0 if counted else 1.0
            indices.extend(tally)
            data.extend(tally.values())
            indptr.append(len(indices))
        return data, indices, indptr

    parts = [rows(needles, True), rows(hays, False)]
    left, right = (
        csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(indptr) - 1, max(len(vocab), 1)),
        )
        for data, indices, indptr in parts
    )
    overlap = (left @ right.T).tocoo()
    lengths = np.asarray([max(len(needle), 1) for needle in needles], dtype=np.float32)
    found: dict[tuple[int, int], float] = {}
    for i, j, value in zip(overlap.row, overlap.col, overlap.data, strict=True):
        if value / lengths[i] < floor:
            continue
        result = share(needles[int(i)], hays[int(j)])
        if result >= floor:
            found[(int(i), int(j))] = result
    return found
