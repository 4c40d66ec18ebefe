"""What a typed name means (the one rule both front ends use), the default document, and the
`platforms --json` shape, over an in-memory registry and the real sources.toml."""

from __future__ import annotations

import json

import pytest

from fineprint import lookups
from fineprint.lookups import NotFoundError
from fineprint.registry import Registry, VersionRecord
from fineprint.sources import DocumentSource, PlatformSource, Sources, load_sources
from tests.conftest import CORPUS


def record(platform: str, document: str, day: str, **names: str) -> VersionRecord:
    return VersionRecord(
        platform=platform,
        document=document,
        version_date=day,
        platform_name=names.get("platform_name", platform.title()),
        document_name=names.get("document_name", document.replace("-", " ").title()),
        content_hash="h",
        split_tag="t",
        clause_count=3,
    )


def registry_of(*records: VersionRecord) -> Registry:
    return Registry(versions={r.version_id: r for r in records})


@pytest.fixture(scope="module")
def sources() -> Sources:
    return load_sources(CORPUS / "sources.toml")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return registry_of(
        record("soundcloud", "terms-of-use", "2018-05-25"),
        record("soundcloud", "terms-of-use", "2024-02-07"),
        record("soundcloud", "privacy-policy", "2024-02-07"),
        record("youtube", "terms-of-service", "2022-01-05"),
        record("youtube", "terms-of-use-for-kids", "2022-01-05"),
        record("youtube", "privacy", "2022-01-05"),
        record("my-zine", "rules", "2025-01-01", platform_name="My Zine"),
    )


def test_name_key_ignores_case_separators_possessives_and_escapes() -> None:
    keys = {lookups.name_key(text) for text in ("Terms of Use", "terms-of-use", "TERMS_of use")}
    assert keys == {"terms of use"}
    assert lookups.name_key("YouTube’s") == lookups.name_key("youtube") == "youtube"
    assert lookups.name_key("x\\_twitter") == "x twitter"


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("soundcloud", "soundcloud"),
        ("SoundCloud", "soundcloud"),
        ("SOUNDCLOUD's", "soundcloud"),
        ("  SC ", "soundcloud"),  # an alias of sources.toml
        ("YouTube’s", "youtube"),
        ("yt", "youtube"),
        ("My Zine", "my-zine"),  # ingested from a file: its ingested name
        ("my_zine", "my-zine"),
        ("Patreon", None),  # known to sources.toml, not ingested
        ("", None),
        ("'s", None),
    ],
)
def test_find_platform(typed: str, slug: str | None, registry: Registry, sources: Sources) -> None:
    assert lookups.find_platform(typed, registry, sources) == slug


@pytest.mark.parametrize(
    ("platform", "typed", "slug"),
    [
        ("soundcloud", "terms-of-use", "terms-of-use"),
        ("soundcloud", "Terms of Use", "terms-of-use"),
        ("soundcloud", "terms_of_use", "terms-of-use"),
        ("soundcloud", "terms", "terms-of-use"),  # the one document starting so
        ("soundcloud", "Privacy", "privacy-policy"),
        ("youtube", "terms", None),  # two terms documents: ambiguous
        ("youtube", "privacy", "privacy"),
        ("youtube", "terms of use for", "terms-of-use-for-kids"),
        ("youtube", "cookies", None),
        ("youtube", " ", None),
    ],
)
def test_find_document(
    platform: str, typed: str, slug: str | None, registry: Registry, sources: Sources
) -> None:
    assert lookups.find_document(platform, typed, registry, sources) == slug


def test_default_document_is_the_only_one_else_the_single_terms_one() -> None:
    assert lookups.default_document(["rules"]) == "rules"
    assert lookups.default_document(["privacy-policy", "terms-of-use"]) == "terms-of-use"
    assert lookups.default_document(["privacy", "terms-of-service", "terms-of-use"]) is None
    assert lookups.default_document(["privacy", "cookies"]) is None


def test_resolving_fails_with_the_options(registry: Registry, sources: Sources) -> None:
    with pytest.raises(NotFoundError, match=r"no platform called 'Patreon'.*covered: my-zine"):
        lookups.resolve_platform(" Patreon ", registry, sources)
    with pytest.raises(NotFoundError, match="youtube has several documents; name one of: "):
        lookups.resolve_document("youtube", None, registry, sources)
    with pytest.raises(NotFoundError, match="no single document matching 'terms'"):
        lookups.resolve_document("youtube", "terms", registry, sources)
    assert lookups.resolve_document("soundcloud", None, registry, sources) == "terms-of-use"


def test_platforms_json_shape(registry: Registry, sources: Sources) -> None:
    overview = lookups.platform_overview(registry, sources)
    soundcloud = next(p for p in overview if p.platform == "soundcloud")
    assert json.dumps(soundcloud.to_json()) == json.dumps(
        {
            "platform": "soundcloud",
            "name": "SoundCloud",
            "documents": [
                {
                    "document": "privacy-policy",
                    "name": "Privacy Policy",
                    "versions": ["2024-02-07"],
                    "clauses": 3,
                },
                {
                    "document": "terms-of-use",
                    "name": "Terms of Use",
                    "versions": ["2018-05-25", "2024-02-07"],
                    "clauses": 3,
                },
            ],
        }
    )


def test_a_sources_name_wins_over_an_ingested_one() -> None:
    sources = Sources(
        platforms={
            "tube": PlatformSource(
                "tube", "Tube", ("TB",), {"terms": DocumentSource("terms", "Terms")}
            )
        }
    )
    registry = registry_of(
        record("tube", "terms", "2020-01-01"),
        record("faker", "terms", "2020-01-01", platform_name="Tube"),
    )
    assert lookups.find_platform("Tube", registry, sources) == "tube"
    assert lookups.find_platform("faker", registry, sources) == "faker"
