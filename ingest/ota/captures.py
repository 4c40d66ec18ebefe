"""Capture checks: which recorded captures are not the document's terms at all.

A versions dataset records whatever the page served. Four kinds of capture are not terms and
are skipped (and reported, never ingested):

- empty or navigation-only: fewer than MIN_SENTENCE_WORDS words in sentences once menus and
  link lists are dropped (Upscrolled's 2026-07-26 captures: 695 bytes of links);
- the same page as another document of the service captured the same day: a homepage or a
  redirect every URL landed on (Parler's four documents on 2026-04-23);
- far shorter than its neighbours: under SHORT_RATIO of the median length of the captures
  around it (a truncated page: Telegram's terms at ~1 KB in 2023-24);
- unrelated to the captures on both sides of it while those two agree with each other: a
  page that is not this document, once.

Also the comparable forms every later step uses: `prose` (the text without images,
link-only lines and link targets, normalised as the diff compares text) and its words.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_SENTENCE_WORDS = 40
SHORT_RATIO = 0.4  # of the median prose length of the neighbouring captures
NEIGHBOURS = 5  # captures each side whose median length a capture is held to
ISLAND_OVERLAP = 0.3  # word-set Dice under which two captures are different pages
NEIGHBOURS_AGREE = 0.6  # … and over which the two captures around it are the same document

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINK_ONLY = re.compile(r"^[\s*•\-|>#]*(?:\[[^\]]*\]\([^)]*\)[\s,|·•\-]*)+$")
_WORD = re.compile(r"\w+")
# a sentence starts after an end of sentence or line only: tried from inside a line without an
# end, it would scan to the line's end again from every character (quadratic in the line)
_SENTENCE = re.compile(r"(?<![^.!?;:\n])[^.!?;:\n]+[.!?;:]")
_MARKUP = re.compile(r"[*_`#>\[\]\\|]+")
# quote and dash styles, one `str.replace` each: `str.translate` with a mapping costs a
# dictionary look-up per character (7 s of a 55 s follow's history read, bench/RESULTS.md)
_STYLES = (
    ("“", '"'),
    ("”", '"'),
    ("‘", "'"),
    ("’", "'"),
    ("\u00a0", " "),
    ("–", "-"),
    ("—", "-"),
    ("‑", "-"),
    ("‐", "-"),
    ("…", "..."),
)
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_LEADING_NUMBER = re.compile(
    r"^[^\S\n]*(?:\(?\d+(?:\.\d+)*[.)]?|\(?[a-z][.)]|\(?[ivxlc]+[.)]|[-*•])(?:[^\S\n]+|$)",
    re.MULTILINE,
)
# spaces before or after a punctuation mark (removed: no replacement template to expand per mark)
_PUNCT_SPACE = re.compile(r"[^\S\n]+(?=[^\w\s])|(?<=[^\w\s])[^\S\n]+")


@dataclass
class Reading:
    """One capture's text with the forms the checks and the grouping compare."""

    text: str
    prose: str
    words: frozenset[str]
    sentence_words: int  # words in sentences of 4+ words (menus have few)
    skip: str | None = None  # why the capture is not terms (None: it is)


def read(text: str) -> Reading:
    flat = prose(text)
    return Reading(text, flat, frozenset(_WORD.findall(flat)), _sentence_words(flat))


def prose(text: str) -> str:
    """The text as terms are compared: images and lines of nothing but links dropped (menus,
    "related articles"), link targets, markup, quote and dash styles, list numbers, case and
    spacing flattened (what `fineprint.catalog.alignment.comparable` ignores, line by line,
    done over the whole text at once: datasets hold hundreds of megabytes)."""
    kept = "\n".join(
        line for line in _IMAGE.sub(" ", text).splitlines() if not _LINK_ONLY.match(line)
    )
    flat = _MARKUP.sub(" ", _plain_styles(_LINK.sub(r"\1", kept)))
    flat = _LEADING_NUMBER.sub("", _INLINE_SPACE.sub(" ", flat).lower())
    flat = _PUNCT_SPACE.sub("", flat)
    return "\n".join(line.strip() for line in flat.splitlines() if line.strip())


def _plain_styles(text: str) -> str:
    for styled, plain in _STYLES:
        if styled in text:
            text = text.replace(styled, plain)
    return text


def _sentence_words(flat: str) -> int:
    """Words in sentences of at least four words: what navigation and menus lack."""
    counts = (len(_WORD.findall(s)) for s in _SENTENCE.findall(flat))
    return sum(n for n in counts if n >= 4)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def check_alone(reading: Reading) -> str | None:
    """The checks one capture can fail on its own: empty, navigation only."""
    if not reading.prose.strip():
        return "empty capture (no text once images and link lists are dropped)"
    words = reading.sentence_words
    if words < MIN_SENTENCE_WORDS:
        return f"navigation-only capture ({words} words in sentences)"
    return None


def check_neighbours(readings: Sequence[Reading]) -> None:
    """Mark (in `skip`) the captures far shorter than, or unrelated to, those around them;
    `readings` are one document's captures, oldest first, some already marked."""
    good = [r for r in readings if r.skip is None]
    sizes = [len(r.prose) for r in good]
    for n, reading in enumerate(good):
        window = sizes[max(0, n - NEIGHBOURS) : n + NEIGHBOURS + 1]
        median = statistics.median(window)
        if sizes[n] < SHORT_RATIO * median:
            reading.skip = (
                f"far shorter than the captures around it ({sizes[n]} characters of text, "
                f"their median {int(median)}): a truncated page"
            )
    good = [r for r in readings if r.skip is None]
    for before, reading, after in zip(good, good[1:], good[2:], strict=False):
        if (
            dice(reading.words, before.words) < ISLAND_OVERLAP
            and dice(reading.words, after.words) < ISLAND_OVERLAP
            and dice(before.words, after.words) >= NEIGHBOURS_AGREE
        ):
            reading.skip = "unrelated to the captures before and after it (another page)"


def same_page_key(reading: Reading) -> str:
    """What two documents' captures share when a homepage or redirect served both."""
    return reading.prose
