"""The ingest's public entry point: a run that committed something leaves the new search
index cached on disk (and says so in its progress); a run that changed nothing does not
rebuild it; a caller's own service is the one warmed."""

from __future__ import annotations

from pathlib import Path

from fineprint.retrieval import index_cache
from fineprint.retrieval.index import CACHE_FORMAT, SearchIndex, _cache_path
from fineprint.service import Fineprint
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.job import ingest_and_index
from ingest.request import IngestRequest
from tests.conftest import MemoEmbedder, copy_corpus_files

FIRST = "distrokid/terms-of-service/2021-08-03.md"
SECOND = "distrokid/terms-of-service/2024-09-19.md"


def cached_index(settings: Settings) -> SearchIndex | None:
    registry = ClauseStore.open(settings).load_registry()
    cached = index_cache.load(_cache_path(settings), registry.to_json(), CACHE_FORMAT)
    return cached if isinstance(cached, SearchIndex) else None


def test_a_committed_run_leaves_the_index_cached(
    embedded_settings: Settings, embedder: MemoEmbedder, tmp_path: Path
) -> None:
    corpus = copy_corpus_files(tmp_path / "c", FIRST)
    seen: list[tuple[str, int, int]] = []
    request = IngestRequest(
        embedded_settings, paths=(corpus,), embedder=embedder, progress=lambda *p: seen.append(p)
    )
    report = ingest_and_index(request)
    assert report.changed and report.ok
    assert seen[-2:] == [("index", 0, 1), ("index", 1, 1)]
    cached = cached_index(embedded_settings)
    assert cached is not None and {c.version_date.isoformat() for c in cached.clauses} == {
        "2021-08-03"
    }

    seen.clear()
    again = ingest_and_index(request)
    assert not again.changed
    assert all(stage != "index" for stage, _, _ in seen)  # nothing new: no rebuild


def test_the_callers_service_is_warmed(
    embedded_settings: Settings, embedder: MemoEmbedder, tmp_path: Path
) -> None:
    corpus = copy_corpus_files(tmp_path / "c", FIRST, SECOND)
    service = Fineprint(embedded_settings)
    request = IngestRequest(embedded_settings, paths=(corpus,), embedder=embedder)
    ingest_and_index(request, service=service)
    assert service.refresh() is False  # already at the committed generation
    assert {c.version_date.isoformat() for c in service.index.clauses} == {
        "2021-08-03",
        "2024-09-19",
    }
    assert cached_index(embedded_settings) is not None
