"""What a typed name means (the one rule both front ends use), the default document, and the
`platforms --json` shape, over an in-memory registry and the real sources.toml."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fineprint.answering.answer import Answerer
from fineprint.catalog import lookups
from fineprint.catalog.lookups import NotFoundError, resolve_platform
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.catalog.sources import DocumentSource, PlatformSource, Sources, load_sources
from fineprint.retrieval.index import load_index
from fineprint.retrieval.query_encoder import get_query_encoder
from fineprint.retrieval.search import Searcher
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest, PlainFileSpec
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings
from tests.ingest.files import terms_body, write_pdf


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


# --- platforms ingested from files ---------------------------------------------------------
# Every platform in the store is answerable: ingested from a PDF, a .txt, an HTML page or a
# front-matter file, not listed in sources.toml, it can be named in a question or by
# `--platform` (sources.toml adding aliases, and keeping its own names).

# (platform name, distinctive word, how it is ingested)
NEW = [
    ("Quillfeather", "marimba", "pdf"),
    ("Zorblax", "theremin", "txt"),
    ("Mirelune Audio", "kalimba", "html"),
    ("Acme Tunes", "ocarina", "front-matter"),
]


def _write(folder: Path, name: str, word: str, kind: str) -> tuple[Path, PlainFileSpec | None]:
    body = terms_body(name, word)
    folder.mkdir(parents=True, exist_ok=True)
    spec = PlainFileSpec(name, "Terms of Service", date(2025, 3, 1))
    if kind == "pdf":
        return write_pdf(folder / "terms.pdf", [line for line in body.splitlines() if line]), spec
    if kind == "txt":
        path = folder / "terms.txt"
        path.write_text(body, encoding="utf-8")
        return path, spec
    if kind == "html":
        paragraphs = "".join(
            f"<p>{line}</p>" for line in body.splitlines() if line and not line.startswith("#")
        )
        path = folder / "terms.html"
        path.write_text(f"<html><body><main><h1>{name}</h1>{paragraphs}</main></body></html>")
        return path, spec
    path = folder / "terms.md"
    path.write_text(
        f'---\nplatform: "{name}"\ndocument: Terms of Service\nversion_date: 2025-03-01\n---\n'
        + body,
        encoding="utf-8",
    )
    return path, None


@pytest.fixture(scope="module")
def store_settings(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Settings:
    root = tmp_path_factory.mktemp("ingested")
    corpus = copy_corpus_files(root / "corpus", "distrokid/terms-of-service/2024-09-19.md")
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(root / "data", corpus_dir=corpus)
    assert run_ingest(IngestRequest(settings, paths=(corpus,), embedder=embedder)).ok
    for n, (name, word, kind) in enumerate(NEW):
        path, spec = _write(root / f"in{n}", name, word, kind)
        report = run_ingest(IngestRequest(settings, paths=(path,), embedder=embedder, plain=spec))
        assert report.ok and report.versions_new == 1, report.skipped
    return settings


@pytest.fixture(scope="module")
def answerer(store_settings: Settings) -> Answerer:
    store = ClauseStore.open(store_settings)
    index = load_index(store_settings, store, store.load_registry())
    sources = load_sources(store_settings.sources_path)
    return Answerer(Searcher(index, get_query_encoder()), sources)


def _cited(answer: Any) -> set[str]:
    return {citation.platform for citation in answer.citations}


@pytest.mark.parametrize(("name", "word", "kind"), NEW)
def test_a_new_platform_is_answerable_by_name_and_by_option(
    answerer: Answerer, name: str, word: str, kind: str
) -> None:
    slug = name.lower().replace(" ", "-")
    by_option = answerer.ask(f"Who owns my {word} recordings?", platform=name)
    assert not by_option.abstained, by_option.abstention
    assert _cited(by_option) == {slug} and by_option.platform == slug
    assert any(word in citation.quote for citation in by_option.citations)
    by_slug = answerer.ask(f"Who owns my {word} recordings?", platform=slug)
    assert _cited(by_slug) == {slug}
    in_text = answerer.ask(f"Does {name} take a licence to my uploads?")
    assert not in_text.abstained and in_text.platform == slug and _cited(in_text) == {slug}


def test_sources_toml_names_still_work_and_cannot_be_captured(
    answerer: Answerer, store_settings: Settings
) -> None:
    answer = answerer.ask("Does it charge a fee?", platform="Distro Kid")  # a sources.toml alias
    assert not answer.abstained and _cited(answer) == {"distrokid"}
    registry = ClauseStore.open(store_settings).load_registry()
    sources = load_sources(store_settings.sources_path)
    assert resolve_platform("Mirelune Audio", registry, sources) == "mirelune-audio"
    assert resolve_platform("DistroKid", registry, sources) == "distrokid"
    with pytest.raises(NotFoundError):
        resolve_platform("YouTube", registry, sources)  # known, but nothing ingested
    uncovered = answerer.ask("What does Patreon take from creators?")
    assert uncovered.abstention is not None and "Patreon" in uncovered.abstention.reason


def test_an_ingested_name_that_clashes_with_sources_toml_is_not_added(tmp_path: Path) -> None:
    from fineprint.catalog.lookups import answerable_sources
    from fineprint.catalog.registry import Registry, VersionRecord

    def record(platform: str, name: str) -> VersionRecord:
        return VersionRecord(platform, "terms", "2025-01-01", name, "Terms", "h", "s", 1)

    sources = load_sources(CORPUS / "sources.toml")
    registry = Registry(
        versions={
            r.version_id: r
            for r in (record("fake-yt", "YouTube"), record("acme", "Acme"), record("yt", "Y"))
        }
    )
    merged = answerable_sources(registry, sources)
    assert merged.resolve_platform("YouTube") == "youtube"
    assert merged.resolve_platform("fake-yt") == "fake-yt"
    assert merged.resolve_platform("Acme") == "acme"
    assert merged.find_platforms_in("Can YouTube or Acme train AI?") == ["youtube", "acme"]
