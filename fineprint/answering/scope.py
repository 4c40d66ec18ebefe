"""Does Fineprint hold the terms a question asks about? Region and date, checked before search.

Quoting another region's or another year's terms as if they answered is a wrong answer, not a
weak one. So when a question names a platform and
- a region whose terms Fineprint does not hold (sources.toml `regions` of a regional
  document: "TikTok's US terms" while only the EEA/UK/Swiss terms are bundled), or
- a date before the first version Fineprint holds of the document it asks about,
the answer abstains and says what Fineprint does hold.

The documents a question asks about: those it names outright ("privacy policy"); else the
platform's terms document when it says "terms"; else every document of the platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fineprint.answering.question import TERMS_DOCUMENTS, ParsedQuestion
from fineprint.catalog import lookups
from fineprint.catalog.regions import describe
from fineprint.catalog.registry import Registry
from fineprint.catalog.sources import Sources
from fineprint.text import possessive

_TERMS_WORD = re.compile(r"\bterms\b|\bToS\b|\bT&Cs?\b", re.IGNORECASE)


@dataclass(frozen=True)
class OutOfScope:
    reason: str


def target_documents(question: ParsedQuestion, platform: str, registry: Registry) -> list[str]:
    held = [document for _, document in registry.documents(platform)]
    named = [d for d in question.named_documents if d in held]
    if named:
        return named
    if _TERMS_WORD.search(question.text):
        terms = [d for d in TERMS_DOCUMENTS if d in held]
        if terms:
            return terms
    return held


def _regions_of(sources: Sources | None, platform: str, document: str) -> tuple[str, ...]:
    if sources is None or platform not in sources.platforms:
        return ()
    found = sources.platforms[platform].documents.get(document)
    return found.regions if found else ()


def check_scope(
    question: ParsedQuestion, registry: Registry, sources: Sources | None
) -> OutOfScope | None:
    """A reason to abstain, or None when Fineprint holds what the question asks about."""
    for platform in question.platforms:
        documents = target_documents(question, platform, registry)
        if not documents:
            continue
        name = lookups.platform_name(platform, registry, sources)

        def doc_name(document: str, platform: str = platform) -> str:
            return lookups.document_name(platform, document, registry, sources)

        if question.regions:
            regional = {d: _regions_of(sources, platform, d) for d in documents}
            excluded = [
                d for d, held in regional.items() if held and not set(held) & set(question.regions)
            ]
            if excluded and len(excluded) == len(documents):
                first = excluded[0]
                return OutOfScope(
                    f"Fineprint holds {possessive(name)} {doc_name(first)} for "
                    f"{describe(regional[first])} only, not the terms for "
                    f"{describe(question.regions)}, so it cannot quote those."
                )
        if question.as_of is not None:
            missing = [
                d for d in documents if registry.in_force(platform, d, question.as_of) is None
            ]
            if missing and len(missing) == len(documents):
                # name the document held furthest back (the terms first among equals): the
                # one a question about an early year is most likely about
                first = min(
                    missing,
                    key=lambda d: (_earliest(registry, platform, d), d not in TERMS_DOCUMENTS),
                )
                earliest = _earliest(registry, platform, first) or "none"
                return OutOfScope(
                    f"No version of {possessive(name)} {doc_name(first)} that Fineprint holds "
                    f"was in force on {question.as_of.isoformat()}: the earliest it holds is dated "
                    f"{earliest}."
                )
    return None


def _earliest(registry: Registry, platform: str, document: str) -> str:
    history = registry.history(platform, document)
    return history[0].version_date if history else ""
