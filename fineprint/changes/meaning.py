"""What a changed clause says before and after, compared as meaning rather than as characters.

A change between two versions is only worth an alert when what a sentence *says* moves. This
module reduces each side to its meaning-bearing form and measures the difference:

- **Form** is dropped first: links and e-mail addresses, markup, list numbering ("1.2", "(a)"),
  punctuation, case and British/American spelling fold away (`meaning_words`), so "licence" →
  "license" or a link retitled is no change at all.
- **Names** (capitalised runs inside a sentence: "Meta Platforms Ireland Limited", "Twitter")
  fold to one placeholder, so a rebrand or a new contracting entity reads as the same sentence.
- **Re-cuts**: a sentence whose words are found, in order, in some sentence of the *other*
  version (`closeness.Sentences`) was moved or re-split, not written.
- **Rule words** that change a rule even in a one-word edit: modal verbs ("may" → "will"),
  negation ("not" added or removed) and numbers that are not years ("30" → "14" days).

>>> meaning_words("Read our [Privacy Policy](https://x.example/p) — it's 1.2 (a) licence!")
('read', 'our', 'privacy', 'policy', 'it', 's', 'licens')
>>> sorted(modals("You may not upload it, and we will remove it."))
['may', 'not', 'will']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from fineprint.catalog.clauses import normalise_text
from fineprint.catalog.closeness import CLOSE, Sentences, Words, share
from fineprint.text import STOPWORDS, sentence_spans, stem

__all__ = [
    "NAME",
    "Delta",
    "VersionSentences",
    "compare",
    "content_words",
    "meaning_words",
    "modals",
    "numbers",
    "split_sentences",
    "version_sentences",
]

NAME = "<name>"  # what every proper-name run folds to
_NAME_TOKEN = "zzname"  # its spelling while the text is still text
RECUT_SHARE = CLOSE  # a sentence with this share of its words in order elsewhere is a re-cut

_URL = re.compile(r"\]\([^)]*\)|<?https?://[^\s)>\]]+>?|\bwww\.[^\s)>\]]+|[\w.+-]+@[\w-]+\.[\w.-]+")
_NUMBERING = re.compile(
    r"(?:(?<=^)|(?<=[\s(]))(?:\(?(?:[ivxlc]{1,5}|[a-z]|\d{1,3}(?:\.\d{1,3})*)[.)]|"
    r"\d{1,3}(?:\.\d{1,3})+\.?|§+\s*\d[\w.]*)(?=\s)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
_CASED_WORD = re.compile(r"[A-Za-z0-9][\w&'’.-]*")
# Function words that begin sentences or headings and are capitalised for that reason only.
_NOT_NAMES = frozenset(
    """a an the this these that those you your we our us it its if when where while any all
    each no not none for to in on of by with and or but as at from under unless except
    please i may will shall must can should""".split()
)
_MODALS = frozenset(
    """may might can could will would shall should must required require requires need needs
    not no never cannot can't won't don't doesn't only unless except solely exclusively
    always any""".split()
)
_NEGATIONS = frozenset({"not", "no", "never", "cannot", "can't", "won't", "don't", "doesn't"})
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)


def _strip_form(text: str) -> str:
    """Links, addresses, markup and numbering removed; case kept (names need it)."""
    text = _URL.sub(" ", text)
    text = _MONTHS.sub(" ", text)
    text = re.sub(r"[*_#>`|~]+", " ", text)
    return _NUMBERING.sub(" ", text)


def _fold_names(text: str) -> str:
    """Capitalised runs that do not start the sentence become one NAME placeholder."""
    out: list[str] = []
    previous_name = False
    for n, token in enumerate(_CASED_WORD.findall(text)):
        bare = token.strip(".'’-")
        is_name = (
            bool(bare)
            and (bare[0].isupper() or bare.isupper())
            and n > 0
            and bare.lower() not in _NOT_NAMES
        )
        if is_name:
            if not previous_name:
                out.append(_NAME_TOKEN)
            previous_name = True
            continue
        previous_name = False
        out.append(token)
    return " ".join(out)


def meaning_words(text: str, *, names: bool = False) -> Words:
    """The words a sentence says, in order, with form folded away (and names, if asked)."""
    text = _strip_form(text)
    if names:
        text = _fold_names(text)
    flat = normalise_text(text)
    return tuple(stem(word) if word != _NAME_TOKEN else NAME for word in _WORD.findall(flat))


def content_words(words: Iterable[str]) -> list[str]:
    """`words` without stopwords and names (rule words are kept: they carry meaning here)."""
    return [
        word
        for word in words
        if word != NAME and (word not in STOPWORDS or word in _MODALS) and not word.isdigit()
    ]


def modals(text: str) -> set[str]:
    """Modal, negation and restriction words of `text` (lower case)."""
    return {word for word in re.findall(r"[a-z']+", text.lower()) if word in _MODALS}


def numbers(text: str) -> set[str]:
    """Numbers of `text` other than years and dates ("30", "2.5"; not "2024")."""
    text = _MONTHS.sub(" ", _URL.sub(" ", text))
    return {n.replace(",", "") for n in _NUMBER.findall(text) if not _YEAR.match(n)}


def split_sentences(text: str) -> list[str]:
    """The sentences of a clause, verbatim."""
    return [text[a:b] for a, b in sentence_spans(text) if text[a:b].strip()]


@dataclass(frozen=True, slots=True)
class Delta:
    """How far the meaning moved between the changed sentences of one side and the other.

    `removed` / `added`: sentences (verbatim) whose meaning is found neither in the other side
    nor, re-cut, anywhere else in the other version; `words_out` / `words_in`: the content
    words those sentences drop or bring; `modal_shift`, `negation_shift`, `number_shift`: a rule
    word, a negation or a number present on one side only.
    """

    removed: tuple[str, ...]
    added: tuple[str, ...]
    words_out: tuple[str, ...]
    words_in: tuple[str, ...]
    modal_shift: tuple[str, ...]
    negation_shift: bool
    number_shift: tuple[str, ...]
    recut: int  # sentences on either side found elsewhere in the other version

    @property
    def same(self) -> bool:
        """Nothing said differently: only form, names, or sentences moved."""
        return not (self.removed or self.added)

    @property
    def size(self) -> int:
        """Content words that are new or gone."""
        return len(self.words_out) + len(self.words_in)


def _keys(sentence: str) -> tuple[Words, Words]:
    """A sentence's folded words, with names kept (case folded) and with names folded."""
    return meaning_words(sentence), meaning_words(sentence, names=True)


def _novel(
    sentences: Sequence[str],
    other_side: set[Words],
    elsewhere: Sentences | None,
) -> tuple[list[str], int]:
    """Sentences whose folded form (either folding) is not on the other side and that are not
    re-cut from elsewhere in the other version, and how many were re-cut."""
    found: list[str] = []
    recut = 0
    for sentence in sentences:
        plain, key = _keys(sentence)
        if not content_words(key) or plain in other_side or key in other_side:
            continue
        if elsewhere is not None and len(key) >= 5:
            # found elsewhere, in a sentence that is not this clause's own edited counterpart
            matches = elsewhere.above(key, RECUT_SHARE)
            if any(elsewhere.items[n] not in other_side for n, _ in matches):
                recut += 1
                continue
        found.append(sentence)
    return found, recut


_NOTHING = Delta((), (), (), (), (), False, (), 0)


def compare(
    before: str | None,
    after: str | None,
    before_version: Sentences | None = None,
    after_version: Sentences | None = None,
) -> Delta:
    """What moved in meaning between a clause's `before` and `after` text.

    `before_version` / `after_version` are the whole versions' sentences folded with
    `meaning_words(names=True)`: a sentence gone from this clause but present in the other
    version (or new here but already present in the old one) is a re-cut, not a change.
    """
    if (
        before
        and after
        and (
            meaning_words(before) == meaning_words(after)
            or meaning_words(before, names=True) == meaning_words(after, names=True)
        )
    ):
        return _NOTHING  # the same words once form (and names) fold away, however split
    old = split_sentences(before or "")
    new = split_sentences(after or "")
    old_keys = {key for s in old for key in _keys(s)}
    new_keys = {key for s in new for key in _keys(s)}
    removed, recut_out = _novel(old, new_keys, after_version)
    added, recut_in = _novel(new, old_keys, before_version)
    # content words with names folded: a new address or entity name moves no rule
    out_words = [w for s in removed for w in content_words(meaning_words(s, names=True))]
    in_words = [w for s in added for w in content_words(meaning_words(s, names=True))]
    gone, came = set(out_words), set(in_words)
    words_out = tuple(w for w in dict.fromkeys(out_words) if w not in came)
    words_in = tuple(w for w in dict.fromkeys(in_words) if w not in gone)
    old_rule = modals(" ".join(removed))
    new_rule = modals(" ".join(added))
    modal_shift = tuple(sorted(old_rule ^ new_rule))
    negation_shift = bool((old_rule ^ new_rule) & _NEGATIONS)
    number_shift = tuple(sorted(numbers(" ".join(removed)) ^ numbers(" ".join(added))))
    return Delta(
        removed=tuple(removed),
        added=tuple(added),
        words_out=words_out,
        words_in=words_in,
        modal_shift=modal_shift,
        negation_shift=negation_shift,
        number_shift=number_shift,
        recut=recut_out + recut_in,
    )


class VersionSentences(Sentences):
    """A whole version's sentences, with a word index so that `above` looks closely only at
    the sentences that share enough of a needle's words (the same answer as `Sentences.above`,
    without scanning every sentence of a long privacy policy for every changed sentence)."""

    def __init__(self, items: Sequence[Words]) -> None:
        super().__init__(items)
        postings: dict[str, list[int]] = {}
        for n, words_set in enumerate(self._sets):
            for word in words_set:
                postings.setdefault(word, []).append(n)
        self._postings = {word: np.asarray(ids, dtype=np.int64) for word, ids in postings.items()}

    def above(self, needle: Words, floor: float) -> list[tuple[int, float]]:
        if not needle or not self.items:
            return []
        bound = np.zeros(len(self.items), dtype=np.int64)
        for word, count in Counter(needle).items():
            ids = self._postings.get(word)
            if ids is not None:
                bound[ids] += count
        found = []
        for n in np.flatnonzero(bound >= floor * len(needle)):
            result = share(needle, self.items[int(n)])
            if result >= floor:
                found.append((int(n), result))
        return found


def version_sentences(texts: Iterable[str]) -> VersionSentences:
    """Every sentence of a version's clauses, folded as `compare` folds them."""
    return VersionSentences(
        [meaning_words(s, names=True) for text in texts for s in split_sentences(text)]
    )
