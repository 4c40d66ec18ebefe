"""Words and sentences: the lexical side of search and of quote trimming.

Terms mix British and American spelling ("licence"/"license", "monetisation") and inflections
("train", "training", "trained"); a light stemmer folds them so BM25 matches across both.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves s t don doesn didn won isn aren wasn weren ve ll re d m also may might must shall
    us""".split()
)
# Words that carry meaning in terms even though they look like stopwords in other text.
KEEP = frozenset({"not", "no", "own", "without", "until", "before", "after", "off", "out"})

_SPELLING = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "licensor": "licensor",
    "favour": "favor",
    "behaviour": "behavior",
    "programme": "program",
    "centre": "center",
    "cancelled": "canceled",
    "judgement": "judgment",
    "ai": "ai",
}
_SUFFIXES = (
    ("isations", "iz"),
    ("izations", "iz"),
    ("isation", "iz"),
    ("ization", "iz"),
    ("ising", "iz"),
    ("izing", "iz"),
    ("ised", "iz"),
    ("ized", "iz"),
    ("ises", "iz"),
    ("izes", "iz"),
    ("ise", "iz"),
    ("ize", "iz"),
    ("ational", "ate"),
    ("ingly", ""),
    ("ments", "ment"),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ed", ""),
    ("es", "e"),
    ("s", ""),
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A deliberately small stemmer: spelling variants and common English suffixes."""
    word = _SPELLING.get(word, word)
    if len(word) == 4 and word.endswith("s") and word[-2] not in "suia'":
        return word[:-1]  # "owns", "pics", "vods", "bans", "fees" are their singular's word
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "trainning" style doubles, "submitt" from "submitted"
    return word


def possessive(name: str) -> str:
    """`name` as an owner: "TikTok's", but a name ending in s takes the apostrophe alone
    ("Threads'", "Terms of Services'"), as every surface writes it."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def words(text: str) -> list[str]:
    """Lower-case words of `text`, Markdown link targets dropped."""
    return _WORD.findall(_LINK_TARGET.sub("]", text).lower().replace("’", "'"))


def tokens(text: str) -> list[str]:
    """BM25 tokens: words minus stopwords, stemmed."""
    found = []
    for word in words(text):
        word = word.split("'")[0]
        if word in STOPWORDS and word not in KEEP:
            continue
        found.append(stem(word))
    return found


_SENTENCE_END = re.compile(
    r"(?<=[.!?;:])[\"”’)\]*_]*\s+(?=[\"“‘(\[*_]*[A-Z0-9(•*-])|\n\s*\n+|\n(?=\s*[*•-]\s)"
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|no|vs|u\.s|mr|ms|dr|st|art|sec|para|cf)\.)$", re.IGNORECASE
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or list item in `text`, whitespace trimmed.

    Cuts after . ! ? ; : followed by a capital, at blank lines and before bullet items, and
    never after common abbreviations ("e.g.", "Inc.").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        if _ABBREVIATIONS.search(candidate.rstrip()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for first, last in spans:
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if last > first:
            trimmed.append((first, last))
    return trimmed
