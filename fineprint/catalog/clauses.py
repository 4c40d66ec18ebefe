"""The clause model: what is stored, searched and cited.

A *version* is one dated text of one document; a *clause* is one section or numbered
sub-section of one version, kept verbatim with its character offsets into the version body.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

SECTION_SEPARATOR = " › "

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>\[\]\\|]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:\(?\d+(?:\.\d+)*[.)]?|\(?[A-Za-z][.)]|\(?[ivxlcIVXLC]+[.)])\s+")


def normalise_text(text: str) -> str:
    """Text with markup, link targets, quote styles and spacing flattened.

    Two clauses that differ only in formatting normalise to the same string, which keeps their
    `clause_key` stable across versions.
    """
    text = _LINK_TARGET.sub("]", text).translate(_QUOTES)
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip().lower()


def plain_text(text: str) -> str:
    """Markdown reduced to its words, case kept: what the embedding model should read."""
    text = _LINK_TARGET.sub("]", text)
    return _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip()


def short_hash(*parts: str, size: int = 16) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:size]


def content_hash(text: str) -> str:
    """Full hash of a version body: equal hashes mean byte-identical text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clause_key(platform: str, document: str, section: tuple[str, ...], text: str) -> str:
    """Stable identity: same platform, document, section path and normalised text."""
    path = SECTION_SEPARATOR.join(normalise_text(label) for label in section)
    return short_hash(platform, document, path, normalise_text(text))


def version_id(platform: str, document: str, version_date: date | str) -> str:
    day = version_date.isoformat() if isinstance(version_date, date) else version_date
    return f"{platform}/{document}/{day}"


def date_number(day: date) -> int:
    """Chroma range filters take numbers only, so dates are stored as 20240207."""
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of one version, verbatim: `text == body[start:end]` of its version."""

    platform: str
    document: str
    version_date: date
    section: tuple[str, ...]
    text: str
    start: int
    end: int
    ordinal: int
    source_url: str = ""
    is_current: bool = False

    @property
    def version_id(self) -> str:
        return version_id(self.platform, self.document, self.version_date)

    @property
    def section_label(self) -> str:
        return SECTION_SEPARATOR.join(self.section)

    @property
    def clause_key(self) -> str:
        return clause_key(self.platform, self.document, self.section, self.text)

    @property
    def embedding_text(self) -> str:
        """What is embedded: the nearest heading (without its number) gives a bare paragraph
        its topic; markup and link targets are dropped (URLs are noise to the model and cost
        tokens). Texts that differ only in formatting or numbering share one embedding, which
        saves a tenth of the corpus's embedding work."""
        heading = _NUMBERING.sub("", plain_text(self.section[-1])) if self.section else ""
        body = plain_text(self.text)
        return f"{heading}\n{body}" if heading else body

    @property
    def embedding_hash(self) -> str:
        return short_hash(self.embedding_text, size=32)
