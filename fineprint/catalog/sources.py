"""The platforms and documents Fineprint knows, and how users name them.

`corpus/sources.toml` lists every platform (with the names and aliases users type) and every
document (with its live URL). This module loads it into frozen dataclasses and turns names
into platform slugs, both for a single name (a `--platform` option) and for names mentioned
inside a question ("can SoundCloud's terms …", "on YT …"), so that search can be narrowed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fineprint.catalog.regions import REGION_NAMES

__all__ = [
    "SOURCES_FILENAME",
    "DocumentSource",
    "PlatformSource",
    "Sources",
    "SourcesError",
    "load_sources",
]

SOURCES_FILENAME = "sources.toml"
"""File name of the sources list inside the corpus directory."""

# Names this short ("X", "SC", "YT") are common letters or words in lower case, so inside
# free text they only match with the exact case given in sources.toml.
_CASE_SENSITIVE_MAX_LEN = 2

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_POSSESSIVE_RE = re.compile(r"['’]s?$", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s_\-]+")
_PLATFORM_KEYS = frozenset({"name", "aliases", "documents"})
_DOCUMENT_KEYS = frozenset({"name", "url", "regions"})


class SourcesError(ValueError):
    """sources.toml is missing, malformed or inconsistent; the message names the file."""


@dataclass(frozen=True)
class DocumentSource:
    """One document of a platform (e.g. soundcloud / terms-of-use) and where it lives."""

    slug: str
    name: str
    url: str | None = None
    regions: tuple[str, ...] = ()  # region codes (fineprint.catalog.regions) of a regional document


@dataclass(frozen=True)
class PlatformSource:
    """One platform: its folder slug, display name, the aliases users type, its documents."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    documents: dict[str, DocumentSource] = field(default_factory=dict)

    def names(self) -> tuple[str, ...]:
        """Every way to name this platform: slug, display name, then aliases."""
        return (self.slug, self.name, *self.aliases)


def _normalise(name: str) -> str:
    """Key for comparing one user-typed name: case, possessive and separators don't count."""
    text = _POSSESSIVE_RE.sub("", name.strip()).strip("\"'“”‘’ ")
    return _SEPARATORS_RE.sub(" ", text).strip().casefold()


def _term_pattern(term: str) -> str:
    """Regex for one name inside free text: whole words, any run of spaces/hyphens between.

    Longer names may carry a bare possessive "s" ("discords terms", "youtubes rules").
    Short names are matched case-sensitively and may not be glued to a word by a hyphen
    either, so "X" does not match "fix", "x", or "X-ray".
    """
    body = r"[\s\-]+".join(re.escape(word) for word in _SEPARATORS_RE.split(term) if word)
    if len(term) <= _CASE_SENSITIVE_MAX_LEN:
        return rf"(?-i:(?<![\w\-]){body}(?!\w|-\w))"
    return rf"(?<!\w){body}(?:s(?=\s))?(?!\w)"  # "discords terms": a possessive typed without "'"


@dataclass(frozen=True)
class Sources:
    """All platforms of sources.toml, keyed by slug, with name lookups compiled once."""

    platforms: dict[str, PlatformSource]
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _group_slugs: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        terms: dict[str, tuple[str, str]] = {}  # matching key -> (term as written, slug)
        for slug, platform in self.platforms.items():
            if platform.slug != slug:
                raise SourcesError(f"platform {platform.slug!r} is filed under {slug!r}")
            for term in platform.names():
                key = _normalise(term)
                if not key:
                    raise SourcesError(f"platform {slug!r} has an empty name or alias")
                other = lookup.setdefault(key, slug)
                if other != slug:
                    raise SourcesError(
                        f"name {term!r} is used by two platforms: {other!r} and {slug!r}"
                    )
                term = term.strip()
                short = len(term) <= _CASE_SENSITIVE_MAX_LEN
                terms.setdefault(term if short else key, (term, slug))
        # Longest first, so that "Apple Music" wins over "Apple" at the same position.
        ordered = sorted(terms.values(), key=lambda item: (-len(item[0]), item[0]))
        group_slugs = {f"t{i}": slug for i, (_, slug) in enumerate(ordered)}
        pattern = (
            re.compile(
                "|".join(f"(?P<t{i}>{_term_pattern(term)})" for i, (term, _) in enumerate(ordered)),
                re.IGNORECASE,
            )
            if ordered
            else None
        )
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_group_slugs", group_slugs)

    def resolve_platform(self, text: str) -> str | None:
        """Slug for one user-supplied platform name (slug, display name or alias), else None.

        Case-insensitive for every name, even "x" or "yt": the whole input is meant to be a
        platform name, so there is no sentence around it to confuse.
        """
        return self._lookup.get(_normalise(text))

    def find_platforms_in(self, text: str) -> list[str]:
        """Slugs of the platforms named in a question, in order of first mention."""
        if self._pattern is None:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(text):
            slug = self._group_slugs[match.lastgroup or ""]
            if slug not in found:
                found.append(slug)
        return found

    def strip_platform_names(self, text: str) -> str:
        """The question without the platform names in it: once search is narrowed to a
        platform, its name only adds noise to the ranking."""
        if self._pattern is None:
            return text
        stripped = self._pattern.sub(" ", text)
        stripped = _ORPHAN_POSSESSIVE.sub(" ", stripped)  # "YouTube's terms" → "terms"
        return " ".join(stripped.split())


_ORPHAN_POSSESSIVE = re.compile(r"(?:^|(?<=\s))['’]s(?!\w)")


def _require_str(value: Any, where: str, key: str) -> str:
    if value is None:
        raise SourcesError(f"{where}: missing required field {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return value


def _check_keys(table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SourcesError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")


def _check_slug(slug: str, where: str) -> None:
    if not _SLUG_RE.fullmatch(slug):
        raise SourcesError(f"{where}: {slug!r} is not a lower-case folder slug")


def _parse_document(slug: str, table: Any, where: str) -> DocumentSource:
    _check_slug(slug, where)
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: must be a table")
    _check_keys(table, _DOCUMENT_KEYS, where)
    name = _require_str(table.get("name"), where, "name")
    url = table.get("url")
    if url is not None:
        url = _require_str(url, where, "url")
        if not url.startswith(("https://", "http://")):
            raise SourcesError(f"{where}: 'url' must be an http(s) URL, got {url!r}")
    regions = table.get("regions", [])
    if not isinstance(regions, list) or not all(
        isinstance(code, str) and code in REGION_NAMES for code in regions
    ):
        known = ", ".join(REGION_NAMES)
        raise SourcesError(f"{where}: 'regions' must be a list of region codes ({known})")
    return DocumentSource(slug=slug, name=name, url=url, regions=tuple(regions))


def _parse_platform(slug: str, table: Any, where: str) -> PlatformSource:
    _check_slug(slug, where)
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: must be a table")
    _check_keys(table, _PLATFORM_KEYS, where)
    name = _require_str(table.get("name"), where, "name")
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list):
        raise SourcesError(f"{where}: 'aliases' must be a list of strings")
    for alias in aliases:
        _require_str(alias, where, "aliases")
    documents = table.get("documents")
    if not isinstance(documents, dict) or not documents:
        raise SourcesError(f"{where}: needs at least one [{where}.documents.<slug>] table")
    return PlatformSource(
        slug=slug,
        name=name,
        aliases=tuple(aliases),
        documents={
            doc_slug: _parse_document(doc_slug, doc, f"{where}.documents.{doc_slug}")
            for doc_slug, doc in documents.items()
        },
    )


def load_sources(path: Path) -> Sources:
    """Read and check a sources.toml; raises SourcesError naming the file on any problem."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: invalid TOML: {exc}") from exc
    try:
        platforms = data.get("platforms")
        if not isinstance(platforms, dict) or not platforms:
            raise SourcesError("needs at least one [platforms.<slug>] table")
        return Sources(
            platforms={
                slug: _parse_platform(slug, table, f"platforms.{slug}")
                for slug, table in platforms.items()
            }
        )
    except SourcesError as exc:
        raise SourcesError(f"{path}: {exc}") from None
