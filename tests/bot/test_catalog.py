"""Platform choices: a filter (what a server watches) applies before Discord's cut to 25; the
bot's catalog resolves typed names exactly as the command line does."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog, Document, Platform
from fineprint.catalog import lookups
from fineprint.catalog.lookups import NotFoundError
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.service import Fineprint


def test_only_filters_before_the_cut_to_25() -> None:
    platforms = {f"p{n:02d}": Platform(f"p{n:02d}", f"Platform {n:02d}", (), {}) for n in range(40)}
    catalog = Catalog(1, platforms)
    assert len(catalog.platform_choices("")) == 25
    watched = {"p39", "p03"}  # p39 sorts past the first 25
    chosen = catalog.platform_choices("", only=watched)
    assert sorted(c.value for c in chosen) == ["p03", "p39"]
    assert catalog.platform_choices("", only=set()) == []


# The same typed names, through the bot's path (the catalog autocomplete and the commands
# read) and the command line's (`Fineprint.section`/`changes` resolve with
# `fineprint.catalog.lookups` over the store's registry): they must mean the same platform and
# document.
PLATFORM_INPUTS = [
    "SoundCloud",
    "soundcloud",
    "SOUNDCLOUD's",
    "SoundCloud’s",
    " SC ",
    "sc",
    "YouTube",
    "you-tube",
    "yt",
    "X",
    "x_twitter",
    "Twitter's",
    "DistroKid",
    "distro kid",
    "Patreon",
    "",
    "\\_\\_",
]
DOCUMENT_INPUTS = ["terms", "Terms of Use", "terms_of_use", "TERMS-OF-SERVICE", "tos", "privacy"]


def cli_platform(service: Fineprint, text: str) -> str | None:
    try:
        return lookups.resolve_platform(text, service.registry(), service.sources)
    except NotFoundError:
        return None


def cli_document(service: Fineprint, platform: str, text: str | None) -> str | None:
    try:
        return lookups.resolve_document(platform, text, service.registry(), service.sources)
    except NotFoundError:
        return None


def test_the_bot_and_the_command_line_resolve_names_alike(
    catalog: Catalog, service: Fineprint
) -> None:
    resolved = 0
    for text in PLATFORM_INPUTS:
        found = catalog.platform(text)
        assert (found.slug if found else None) == cli_platform(service, text), text
        if found is None:
            continue
        resolved += 1
        for typed in [*DOCUMENT_INPUTS, found.name, found.slug]:
            document = catalog.document(found, typed)
            assert (document.slug if document else None) == cli_document(
                service, found.slug, typed
            ), (text, typed)
        default = catalog.default_document(found)
        assert (default.slug if default else None) == cli_document(service, found.slug, None)
    assert resolved == len(PLATFORM_INPUTS) - 3  # none: Patreon (not ingested), "", "\\_\\_"


def test_several_documents_resolve_alike(service: Fineprint) -> None:
    """A platform with several documents (built by hand: the session store has one each)."""
    documents = {
        slug: Document(slug, name, ("2024-01-01",))
        for slug, name in (
            ("terms-of-service", "Terms of Service"),
            ("terms-of-use-for-kids", "Kids' Terms"),
            ("privacy", "Privacy Policy"),
        )
    }
    records = [
        VersionRecord("tube", slug, "2024-01-01", "Tube", d.name, "h", "t", 1)
        for slug, d in documents.items()
    ]
    registry = Registry(versions={r.version_id: r for r in records})
    tube = Platform("tube", "Tube", (), documents)
    catalog = Catalog(1, {"tube": tube}, registry, None)
    for typed in ["terms", "Terms of Service", "kids", "kids' terms", "privacy policy", "p", "x"]:
        document = catalog.document(tube, typed)
        try:
            expected: str | None = lookups.resolve_document("tube", typed, registry, None)
        except NotFoundError:
            expected = None
        assert (document.slug if document else None) == expected, typed
    assert catalog.default_document(tube) is None
    with pytest.raises(NotFoundError, match="several documents"):
        lookups.resolve_document("tube", None, registry, None)
