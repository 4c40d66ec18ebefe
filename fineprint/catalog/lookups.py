"""Lookups that need no ranking: what is covered, and the clause under a given section.

Shared by the command line and the Discord bot, so both name things the same way.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fineprint.catalog.clauses import Clause, normalise_text
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.catalog.sources import PlatformSource, Sources, SourcesError, _normalise
from fineprint.store import ClauseStore


class NotFoundError(LookupError):
    """A name that matches nothing (or too much); the message lists what would match."""


_answerable: dict[
    tuple[int, tuple[tuple[str, str, bool], ...]], tuple[Sources | None, Sources]
] = {}
_answerable_lock = threading.Lock()


def answerable_sources(registry: Registry, sources: Sources | None) -> Sources:
    """Every platform the store holds, by slug and ingested name, plus sources.toml's
    platforms with their aliases: what questions and `--platform` may name.

    A platform ingested from a file (not in sources.toml) is answerable under the names it
    was ingested with, and a dataset's other names for it (`aliases`: "TruthSocial" for
    "Truth Social"). sources.toml wins a clash: an ingested name that is already another
    platform's name or alias is not added (a file cannot capture "YouTube").
    """
    ingested = tuple(
        sorted(
            {(r.platform, alias, True) for r in registry.versions.values() for alias in r.aliases}
            | {(r.platform, r.platform_name, False) for r in registry.versions.values()}
        )
    )
    key = (id(sources), ingested)
    with _answerable_lock:
        cached = _answerable.get(key)
        if cached is not None and cached[0] is sources:
            return cached[1]
    merged = _merge_ingested(sources, ingested)
    with _answerable_lock:
        if len(_answerable) >= 8:
            _answerable.clear()
        _answerable[key] = (sources, merged)
    return merged


def _merge_ingested(
    sources: Sources | None, ingested: tuple[tuple[str, str, bool], ...]
) -> Sources:
    platforms = dict(sources.platforms) if sources is not None else {}
    taken = {_normalise(term): slug for slug, entry in platforms.items() for term in entry.names()}
    names: dict[str, list[str]] = {}
    # aliases first, the display name last (the name a platform is shown by: terms[-1])
    ordered = sorted(ingested, key=lambda item: (item[0], not item[2], item[1]))
    for slug, name, _alias in ordered:
        if slug in platforms or taken.get(_normalise(slug), slug) != slug:
            continue  # known to sources.toml, or its slug is another platform's name
        terms = names.setdefault(slug, [slug])
        taken[_normalise(slug)] = slug
        key = _normalise(name)
        if key and taken.get(key, slug) == slug and name.strip() not in terms:
            taken[key] = slug
            terms.append(name.strip())
    for slug, terms in names.items():
        platforms[slug] = PlatformSource(slug=slug, name=terms[-1], aliases=tuple(terms[1:-1]))
    try:
        return Sources(platforms=platforms)
    except SourcesError:  # cannot happen with the checks above; never lose sources.toml
        return sources if sources is not None else Sources(platforms={})


def platform_name(platform: str, registry: Registry, sources: Sources | None) -> str:
    if sources is not None and platform in sources.platforms:
        return sources.platforms[platform].name
    for record in registry.versions.values():
        if record.platform == platform:
            return record.platform_name
    return platform


def document_name(platform: str, document: str, registry: Registry, sources: Sources | None) -> str:
    if sources is not None and platform in sources.platforms:
        source = sources.platforms[platform].documents.get(document)
        if source is not None:
            return source.name
    current = registry.current(platform, document)
    return current.document_name if current else document


def document_url(record: VersionRecord, sources: Sources | None) -> str:
    """The version's own URL, else the live URL from sources.toml."""
    if record.source_url:
        return record.source_url
    if sources is not None and record.platform in sources.platforms:
        source = sources.platforms[record.platform].documents.get(record.document)
        if source is not None and source.url:
            return source.url
    return ""


@dataclass(frozen=True)
class DocumentCoverage:
    """One ingested document: its versions (dates, oldest first) and the current version's
    clause count."""

    document: str
    name: str
    versions: tuple[str, ...]
    clauses: int


@dataclass(frozen=True)
class PlatformCoverage:
    """One ingested platform and its documents: a row of `fineprint platforms`/`/platforms`."""

    platform: str
    name: str
    documents: tuple[DocumentCoverage, ...]

    def to_json(self) -> dict[str, object]:
        """The `platforms --json` shape of this platform."""
        return {
            "platform": self.platform,
            "name": self.name,
            "documents": [
                {
                    "document": item.document,
                    "name": item.name,
                    "versions": list(item.versions),
                    "clauses": item.clauses,
                }
                for item in self.documents
            ],
        }


def platform_overview(registry: Registry, sources: Sources | None) -> list[PlatformCoverage]:
    """Every platform, its documents, versions, clause counts (`clauses` counts the current
    version's clauses)."""
    return [
        PlatformCoverage(
            platform=platform,
            name=platform_name(platform, registry, sources),
            documents=tuple(
                DocumentCoverage(
                    document=document,
                    name=document_name(platform, document, registry, sources),
                    versions=tuple(r.version_date for r in registry.history(platform, document)),
                    clauses=registry.history(platform, document)[-1].clause_count,
                )
                for _, document in registry.documents(platform)
            ),
        )
        for platform in registry.platforms()
    ]


# --- what a typed name means: the one rule the command line and the bot both use ----------


def name_key(text: str) -> str:
    """How a typed name compares with a platform's or document's names: case, separators
    (spaces, "-", "_"), a trailing possessive, quotes and markdown escapes do not count."""
    return _normalise(text.replace("\\", ""))


def find_platform(text: str, registry: Registry, sources: Sources | None) -> str | None:
    """The ingested platform `text` names (its slug, ingested name, or a sources.toml name or
    alias), else None."""
    wanted = text.strip()
    platforms = registry.platforms()
    if wanted.lower() in platforms:
        return wanted.lower()
    if not name_key(wanted):
        return None
    slug = answerable_sources(registry, sources).resolve_platform(wanted.replace("\\", ""))
    return slug if slug in platforms else None


def find_document(
    platform: str, text: str, registry: Registry, sources: Sources | None
) -> str | None:
    """The platform's document `text` names: its slug or display name, else the one document
    whose slug or name starts with it ("terms", "privacy"); None when none or several do."""
    wanted = name_key(text)
    if not wanted:
        return None
    documents = [document for _, document in registry.documents(platform)]
    keys = {
        d: (name_key(d), name_key(document_name(platform, d, registry, sources))) for d in documents
    }
    for document in documents:
        if wanted in keys[document]:
            return document
    starts = [d for d in documents if any(key.startswith(wanted) for key in keys[d])]
    return starts[0] if len(starts) == 1 else None


def default_document(documents: Sequence[str]) -> str | None:
    """The document meant when none is named: the only one, else the single terms document
    (not the privacy policy); None when that is ambiguous."""
    if len(documents) == 1:
        return documents[0]
    terms = [document for document in documents if document.startswith("terms")]
    return terms[0] if len(terms) == 1 else None


def resolve_platform(text: str, registry: Registry, sources: Sources | None) -> str:
    """`find_platform`, or NotFoundError listing what is covered."""
    slug = find_platform(text, registry, sources)
    if slug is not None:
        return slug
    covered = ", ".join(registry.platforms())
    raise NotFoundError(f"no platform called {text.strip()!r} is ingested; covered: {covered}")


def resolve_document(
    platform: str, text: str | None, registry: Registry, sources: Sources | None
) -> str:
    """`find_document` (`default_document` when `text` is None), or NotFoundError listing the
    platform's documents."""
    documents = [document for _, document in registry.documents(platform)]
    if text is None:
        found = default_document(documents)
        if found is None:
            raise NotFoundError(
                f"{platform} has several documents; name one of: {', '.join(documents)}"
            )
        return found
    found = find_document(platform, text, registry, sources)
    if found is None:
        raise NotFoundError(
            f"{platform} has no single document matching {text!r}; "
            f"documents: {', '.join(documents)}"
        )
    return found


def pick_version(
    registry: Registry, platform: str, document: str, when: date | None
) -> VersionRecord:
    record = (
        registry.current(platform, document)
        if when is None
        else registry.in_force(platform, document, when)
    )
    if record is None:
        first = registry.history(platform, document)[0].version_date
        raise NotFoundError(f"{platform} {document} has no version on or before {when} ({first})")
    return record


_NUMBER = re.compile(r"^\(?([0-9]+(?:\.[0-9]+)*|[a-z]|[ivx]+)[.)]?(?:\s|$)", re.IGNORECASE)


def _label_number(label: str) -> str | None:
    match = _NUMBER.match(label.replace("\\", "").strip())
    return match.group(1).lower() if match else None


def section_matches(section: tuple[str, ...], wanted: str) -> bool:
    """A section number matches that numbered label (and what is under it); words match a
    heading containing them."""
    number = _label_number(wanted + " ")
    if number is not None and normalise_text(wanted).strip(".()") == number:
        return any(_label_number(label) == number for label in section)
    target = normalise_text(wanted)
    return any(target in normalise_text(label) for label in section)


@dataclass(frozen=True)
class SectionLookup:
    """The clauses under a section of one version, with what a citation of them shows."""

    version: VersionRecord
    clauses: list[Clause]
    platform_name: str = ""
    document_name: str = ""
    url: str = ""  # the version's own URL, else the live one from sources.toml


def find_section(
    store: ClauseStore,
    registry: Registry,
    platform: str,
    document: str,
    section: str,
    when: date | None = None,
    sources: Sources | None = None,
) -> SectionLookup:
    record = pick_version(registry, platform, document, when)
    stored, _ = store.read_clauses([record])
    clauses = [s.clause for s in stored if section_matches(s.clause.section, section)]
    if not clauses:
        headings = list(dict.fromkeys(s.clause.section[0] for s in stored if s.clause.section))
        raise NotFoundError(
            f"no section {section!r} in {platform} {document} ({record.version_date}); "
            f"top-level headings: {'; '.join(headings[:15])}"
        )
    return SectionLookup(
        record,
        clauses,
        platform_name=platform_name(platform, registry, sources),
        document_name=document_name(platform, document, registry, sources),
        url=document_url(record, sources),
    )
