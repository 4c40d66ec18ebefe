"""The index cache holds no pickle: a planted pickle never runs, a tampered cache is refused
(rebuilt), and a real index comes back identical."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.index import CACHE_FORMAT, SearchIndex, _cache_path, load_index
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from fineprint.text import tokens
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.conftest import MemoEmbedder, copy_corpus_files


class Payload:
    """Unpickling this creates `marker`: proof that a pickle ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def store_settings(embedded_settings: Settings, tmp_path: Path, embedder: MemoEmbedder) -> Settings:
    corpus = copy_corpus_files(
        tmp_path / "c",
        "distrokid/terms-of-service/2021-08-03.md",
        "distrokid/terms-of-service/2024-09-19.md",
    )
    assert run_ingest(IngestRequest(embedded_settings, paths=(corpus,), embedder=embedder)).ok
    return embedded_settings


def test_a_planted_pickle_never_runs(store_settings: Settings, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    base = _cache_path(store_settings)
    base.parent.mkdir(parents=True, exist_ok=True)
    planted = {"format": CACHE_FORMAT, "registry": registry.to_json(), "index": Payload(marker)}
    for name in (f"{base.name}.pickle", base.name + "-x.pickle"):
        (base.parent / name).write_bytes(pickle.dumps(planted))
    index = load_index(store_settings, store, registry)
    assert isinstance(index, SearchIndex) and index.clauses
    again = load_index(store_settings, store, registry)  # now from the safe cache
    assert len(again.clauses) == len(index.clauses)
    assert not marker.exists()
    assert not list(base.parent.glob("*.pickle"))  # old-format files are cleared away


def test_the_cached_index_is_the_built_index(store_settings: Settings) -> None:
    from fineprint.retrieval import index_cache

    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)
    cached = index_cache.load(_cache_path(store_settings), registry.to_json(), CACHE_FORMAT)
    assert isinstance(cached, SearchIndex)
    assert cached.registry == registry and cached.clauses == built.clauses
    assert cached.clause_keys == built.clause_keys and cached.idf == built.idf
    assert np.array_equal(cached.vectors, built.vectors) and cached.vectors.dtype == np.float32
    assert cached.rows_by_version.keys() == built.rows_by_version.keys()
    assert cached._alignments == built._alignments and cached._alignments
    rows = np.arange(len(built.clauses))
    query = tokens("distribution fees and royalties")
    assert np.allclose(cached.bm25_scores(query, rows), built.bm25_scores(query, rows))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda meta: meta["index"].update({"cls": "os:system"}),
        lambda meta: meta["index"].update({"cls": "subprocess:Popen"}),
        lambda meta: meta["index"]["v"].update({"generation": {"$": "dc", "cls": "os:x", "v": {}}}),
        lambda meta: meta["index"]["v"].update({"clauses": {"$": "nope"}}),
        lambda meta: meta.update({"registry": "{}"}),
        lambda meta: meta["index"]["v"].update({"vectors": {"$": "nd", "k": "../../../x"}}),
    ],
)
def test_a_tampered_cache_is_rebuilt_not_obeyed(store_settings: Settings, tamper) -> None:
    from fineprint.retrieval import index_cache

    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)
    folder = index_cache.cache_dir(_cache_path(store_settings), registry.to_json())
    meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    tamper(meta)
    (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")
    assert index_cache.load(_cache_path(store_settings), registry.to_json(), CACHE_FORMAT) is None
    rebuilt = load_index(store_settings, store, registry)
    assert rebuilt.clauses == built.clauses


def test_an_object_array_means_no_cache_not_a_pickle(tmp_path: Path) -> None:
    from dataclasses import dataclass

    from fineprint.retrieval import index_cache

    @dataclass
    class Holder:
        values: np.ndarray

    base = tmp_path / "cache" / "c"
    base.parent.mkdir()
    index_cache.save(base, Holder(np.array([object()], dtype=object)), "{}", 1)
    assert list(base.parent.iterdir()) == []
