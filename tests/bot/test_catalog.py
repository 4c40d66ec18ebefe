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


def _dataset_catalog(services: int) -> Catalog:
    """A store that imported a dataset of `services` platforms (none in sources.toml), three
    documents each, with the dataset's other names for them."""
    import numpy as np

    from fineprint.catalog.sources import load_sources
    from fineprint.retrieval.index import SearchIndex
    from tests.conftest import CORPUS

    documents = ("terms-of-service", "privacy-policy", "community-guidelines")
    records = [
        VersionRecord(
            f"svc-{n:03d}", document, day, f"Service {n:03d}", document.replace("-", " ").title(),
            "h", "t", 1, aliases=(f"S{n:03d} Live",),
        )
        for n in range(services)
        for document in documents
        for day in ("2024-01-01", "2025-06-30")
    ]  # fmt: skip
    long_name = "A platform whose dataset name runs on " + "and on " * 20
    records.append(
        VersionRecord("long", "terms-of-service", "2024-01-01", long_name, "T", "h", "t", 1)
    )
    registry = Registry(generation=1, versions={r.version_id: r for r in records})
    index = SearchIndex(1, registry, [], [], np.zeros((0, 384), np.float32), None)
    return Catalog.build(index, load_sources(CORPUS / "sources.toml"))


def test_choices_stay_within_discords_limits_and_fast_with_hundreds_of_platforms() -> None:
    """400 platforms and 1,200 documents: at most 25 choices, names of at most 100 characters,
    matched by prefix, by word, inside a name and by a dataset's alias, in well under the 3 s
    Discord waits (a few ms a keystroke)."""
    import time

    catalog = _dataset_catalog(400)
    assert len(catalog.platforms) == 401
    everything = catalog.platform_choices("")
    assert len(everything) == 25 and all(len(c.name) <= 100 for c in everything)
    assert len(catalog.platform_choices("long")[0].name) <= 100
    prefixed = catalog.platform_choices("service 12")
    assert [c.value for c in prefixed] == [f"svc-{n}" for n in range(120, 130)]
    inside = catalog.platform_choices("ice 207")
    assert [c.value for c in inside] == ["svc-207"]
    alias = catalog.platform_choices("s207 li")
    assert [(c.value, c.name) for c in alias] == [("svc-207", "Service 207 (S207 Live)")]
    assert catalog.platform("S207 Live") is catalog.platforms["svc-207"]  # resolves as typed
    assert [c.value for c in catalog.document_choices("S207 Live", "priv")] == ["privacy-policy"]
    assert len(catalog.document_choices(None, "")) <= 25
    assert len(catalog.document_choices(None, "guide")) == 1  # one slug, however many own it
    started = time.perf_counter()
    for typed in ("s", "se", "ser", "serv", "servi", "servic", "service", "service 3", "xyz"):
        catalog.platform_choices(typed)
        catalog.document_choices("Service 300", typed[:3])
        catalog.version_choices("Service 300", "terms", "")
    assert (time.perf_counter() - started) / 9 < 0.3
