"""What autocomplete offers: platforms, documents, section headings and version dates.

Discord asks for choices on every keystroke and gives up after 3 seconds, so autocomplete
never touches Chroma or the model: it reads this in-memory snapshot, built off the event loop
from the loaded search index at start-up and again after each re-ingest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from discord import app_commands

from bot import limits
from fineprint.catalog import lookups
from fineprint.catalog.clauses import SECTION_SEPARATOR
from fineprint.catalog.registry import Registry
from fineprint.catalog.sources import Sources
from fineprint.retrieval.index import SearchIndex
from fineprint.safe_text import neutralise

_SEPARATORS = re.compile(r"[\s_\-]+")


def _key(text: str) -> str:
    return _SEPARATORS.sub(" ", text.replace("\\", "")).strip().casefold()


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]  # heading path, outermost first

    @property
    def label(self) -> str:
        return self.path[-1].replace("\\", "").strip()

    @property
    def display(self) -> str:
        """The full path, shortened from the left so the heading itself stays visible."""
        text = SECTION_SEPARATOR.join(label.replace("\\", "").strip() for label in self.path)
        if len(text) <= limits.CHOICE_NAME:
            return text
        return limits.ELLIPSIS + text[-(limits.CHOICE_NAME - 1) :]


@dataclass(frozen=True)
class Document:
    slug: str
    name: str
    versions: tuple[str, ...]  # dates, oldest first
    sections: dict[str, tuple[Section, ...]] = field(default_factory=dict)  # by version date


@dataclass(frozen=True)
class Platform:
    slug: str
    name: str
    aliases: tuple[str, ...]
    documents: dict[str, Document]

    def names(self) -> tuple[str, ...]:
        return (self.slug, self.name, *self.aliases)


def _rank(query: str, names: Iterable[str]) -> int | None:
    """0 = a name starts with the query, 1 = a word does, 2 = contains it, None = no match."""
    if not query:
        return 0
    best: int | None = None
    for name in names:
        key = _key(name)
        if key.startswith(query):
            return 0
        if any(word.startswith(query) for word in key.split()):
            best = 1
        elif query in key and best is None:
            best = 2
    return best


class Catalog:
    """An immutable snapshot of what is ingested, for choices and name resolution (by the
    core's rule, `fineprint.catalog.lookups`, over the snapshot's registry: as the command line)."""

    def __init__(
        self,
        generation: int,
        platforms: dict[str, Platform],
        registry: Registry | None = None,
        sources: Sources | None = None,
    ) -> None:
        self.generation = generation
        self.platforms = platforms
        self.registry = registry if registry is not None else Registry()
        self.sources = sources

    @classmethod
    def empty(cls) -> Catalog:
        return cls(-1, {})

    @classmethod
    def build(cls, index: SearchIndex, sources: Sources | None) -> Catalog:
        """From the loaded index (blocking only in the sense of CPU: a few ms per 10k clauses)."""
        registry = index.registry
        sections: dict[str, dict[tuple[str, ...], None]] = {}
        for clause in index.clauses:
            paths = sections.setdefault(clause.version_id, {})
            for depth in range(1, len(clause.section) + 1):
                paths.setdefault(clause.section[:depth], None)
        platforms = {}
        # sources.toml's aliases, and a dataset's other names for a platform it alone brought
        # (`lookups.answerable_sources`: what a typed name resolves by, too)
        named = lookups.answerable_sources(registry, sources)
        for slug in registry.platforms():
            documents = {}
            for _, document in registry.documents(slug):
                history = registry.history(slug, document)
                documents[document] = Document(
                    slug=document,
                    name=lookups.document_name(slug, document, registry, sources),
                    versions=tuple(r.version_date for r in history),
                    sections={
                        r.version_date: tuple(Section(p) for p in sections.get(r.version_id, {}))
                        for r in history
                    },
                )
            source = named.platforms.get(slug)
            platforms[slug] = Platform(
                slug=slug,
                name=lookups.platform_name(slug, registry, sources),
                aliases=source.aliases if source else (),
                documents=documents,
            )
        return cls(registry.generation, platforms, registry, sources)

    # --- resolving what the user typed --------------------------------------------------

    def platform(self, text: str | None) -> Platform | None:
        if not text:
            return None
        slug = lookups.find_platform(text, self.registry, self.sources)
        return None if slug is None else self.platforms.get(slug)

    def document(self, platform: Platform | None, text: str | None) -> Document | None:
        if platform is None or not text:
            return None
        slug = lookups.find_document(platform.slug, text, self.registry, self.sources)
        return None if slug is None else platform.documents.get(slug)

    @staticmethod
    def default_document(platform: Platform) -> Document | None:
        """The document meant when none is named (`lookups.default_document`)."""
        slug = lookups.default_document(list(platform.documents))
        return None if slug is None else platform.documents[slug]

    @staticmethod
    def version_for(document: Document, text: str | None) -> str:
        """The version a typed date selects (the one in force then), else the current one."""
        if text:
            try:
                day = date.fromisoformat(text.strip()[:10]).isoformat()
            except ValueError:
                day = None
            if day is not None:
                eligible = [v for v in document.versions if v <= day]
                if eligible:
                    return eligible[-1]
        return document.versions[-1]

    def names(self) -> str:
        return ", ".join(sorted((p.name for p in self.platforms.values()), key=str.lower))

    # --- choices ------------------------------------------------------------------------

    def platform_choices(
        self, current: str, only: set[str] | None = None
    ) -> list[app_commands.Choice[str]]:
        """Best matches first, at most 25; `only` (slugs) filters before that cut."""
        query = _key(current)
        ranked = []
        for platform in self.platforms.values():
            if only is not None and platform.slug not in only:
                continue
            rank = _rank(query, platform.names())
            if rank is not None:
                ranked.append((rank, platform.name.casefold(), platform))
        ranked.sort(key=lambda item: item[:2])
        return [
            app_commands.Choice(name=_choice(self._platform_label(p, query)), value=p.slug)
            for _, _, p in ranked[: limits.CHOICES]
        ]

    @staticmethod
    def _platform_label(platform: Platform, query: str) -> str:
        if not query or _rank(query, (platform.slug, platform.name)) is not None:
            return platform.name
        alias = next((a for a in platform.aliases if _rank(query, (a,)) is not None), "")
        return f"{platform.name} ({alias})" if alias else platform.name

    def document_choices(
        self, platform_text: str | None, current: str
    ) -> list[app_commands.Choice[str]]:
        platform = self.platform(platform_text)
        candidates = (
            [platform] if platform else list(self.platforms.values()) if not platform_text else []
        )
        query = _key(current)
        ranked = []
        for owner in candidates:
            for document in owner.documents.values():
                rank = _rank(query, (document.slug, document.name))
                if rank is not None:
                    ranked.append((rank, owner.name, document.name, owner, document))
        ranked.sort(key=lambda item: item[:3])
        choices: list[app_commands.Choice[str]] = []
        for _, _, _, owner, document in ranked:
            label = document.name if platform else f"{document.name} ({owner.name})"
            choice = app_commands.Choice(name=_choice(label), value=document.slug)
            if all(c.value != choice.value for c in choices):
                choices.append(choice)
        return choices[: limits.CHOICES]

    def section_choices(
        self,
        platform_text: str | None,
        document_text: str | None,
        version_text: str | None,
        current: str,
    ) -> list[app_commands.Choice[str]]:
        document = self.document(self.platform(platform_text), document_text)
        if document is None:
            return []
        sections = document.sections.get(self.version_for(document, version_text), ())
        query = _key(current)
        if not query:  # outline first: top-level headings, then one level down
            ordered = sorted(sections, key=lambda s: len(s.path))
            return [_section_choice(s) for s in ordered[: limits.CHOICES]]
        ranked = []
        for order, section in enumerate(sections):
            rank = _rank(query, (section.label,))
            if rank is None and query in _key(section.display):
                rank = 3
            if rank is not None:
                ranked.append((rank, len(section.path), order, section))
        ranked.sort(key=lambda item: item[:3])
        choices: list[app_commands.Choice[str]] = []
        for *_, section in ranked:
            choice = _section_choice(section)
            if all(c.value != choice.value for c in choices):
                choices.append(choice)
            if len(choices) == limits.CHOICES:
                break
        return choices

    def version_choices(
        self, platform_text: str | None, document_text: str | None, current: str
    ) -> list[app_commands.Choice[str]]:
        document = self.document(self.platform(platform_text), document_text)
        if document is None:
            return []
        newest = document.versions[-1]
        typed = current.strip()
        return [
            app_commands.Choice(name=f"{day} (current)" if day == newest else day, value=day)
            for day in reversed(document.versions)
            if day.startswith(typed) or typed in day
        ][: limits.CHOICES]


def _choice(text: str) -> str:
    return limits.clip(neutralise(text), limits.CHOICE_NAME)


def _section_choice(section: Section) -> app_commands.Choice[str]:
    """Shows the path; the value is the heading itself, which `/clause` matches as words."""
    value = section.label[: limits.CHOICE_VALUE].strip() or section.display[: limits.CHOICE_VALUE]
    return app_commands.Choice(name=_choice(section.display), value=value)
