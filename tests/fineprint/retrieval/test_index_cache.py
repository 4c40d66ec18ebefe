"""The index cache holds no pickle: a planted pickle never runs, a tampered, corrupt or
older-format cache is refused (rebuilt, with a log line), and a real index comes back identical,
answering identically."""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import pickle
import weakref
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fineprint.answering.answer import Answerer
from fineprint.catalog.clauses import Clause
from fineprint.retrieval import index_cache
from fineprint.retrieval.index import CACHE_FORMAT, SearchIndex, _cache_path, load_index
from fineprint.retrieval.query_encoder import get_query_encoder
from fineprint.retrieval.search import Searcher
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


def assert_same_index(cached: SearchIndex, built: SearchIndex) -> None:
    """Field by field, arrays to the bit and their dtypes, bm25s's own state included."""
    for f in dataclasses.fields(SearchIndex):
        ours, theirs = getattr(cached, f.name), getattr(built, f.name)
        if f.name == "bm25":
            assert (
                ours.vocab_dict == theirs.vocab_dict and ours.scores.keys() == theirs.scores.keys()
            )
            for key, value in theirs.scores.items():
                assert_same(ours.scores[key], value)
        elif f.name == "rows_by_version":
            assert list(ours) == list(theirs)
            for key, value in theirs.items():
                assert_same(ours[key], value)
        else:
            assert_same(ours, theirs)


def assert_same(ours: Any, theirs: Any) -> None:
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, np.ndarray) and ours.dtype == theirs.dtype
        assert np.array_equal(ours, theirs)
    else:
        assert ours == theirs and type(ours) is type(theirs)


def test_the_cached_index_is_the_built_index(store_settings: Settings) -> None:
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)  # built, then cached
    cached = index_cache.load(_cache_path(store_settings), registry.to_json(), CACHE_FORMAT)
    assert isinstance(cached, SearchIndex)
    assert_same_index(cached, built)
    assert cached._alignments and len(cached.window_rows)
    assert all(type(clause.section) is tuple for clause in cached.clauses)
    rows = np.arange(len(built.clauses))
    query = tokens("distribution fees and royalties")
    assert np.array_equal(cached.bm25_scores(query, rows), built.bm25_scores(query, rows))


def test_the_cached_index_answers_as_the_built_one(store_settings: Settings) -> None:
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)
    cached = load_index(store_settings, store, registry)
    assert cached is not built and cached.clauses == built.clauses
    encoder = get_query_encoder()
    for question in (
        "Can DistroKid keep my royalties?",
        "What happens to my music if I stop paying?",
        "Did the fees change in 2024?",
    ):
        answers = [
            Answerer(Searcher(index, encoder), None).ask(question) for index in (cached, built)
        ]
        assert answers[0] == answers[1] and answers[0].citations


def test_the_bulk_is_not_json(store_settings: Settings) -> None:
    """Clause texts and every column live in arrays (the JSON parse held the GIL for its whole
    length, stalling the bot's loop): what stays JSON is small."""
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)
    folder = index_cache.cache_dir(_cache_path(store_settings), registry.to_json())
    meta = (folder / "index.json").read_text(encoding="utf-8")
    assert built.clauses[0].text not in meta
    assert all(clause.text not in meta for clause in built.clauses if len(clause.text) > 40)
    columns = json.loads(meta)["index"]["v"]["clauses"]["cols"]
    assert {column["$"] for column in columns.values()} <= {"strs", "cat", "tuples", "nums"}


def test_an_older_format_is_rebuilt_and_replaced(
    store_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)
    base, registry_json = _cache_path(store_settings), registry.to_json()
    index_cache.save(base, built, registry_json, CACHE_FORMAT - 1)
    with caplog.at_level(logging.INFO, logger="fineprint.retrieval.index_cache"):
        assert index_cache.load(base, registry_json, CACHE_FORMAT) is None
    assert f"format {CACHE_FORMAT - 1}, not {CACHE_FORMAT}" in caplog.text
    rebuilt = load_index(store_settings, store, registry)
    assert rebuilt.clauses == built.clauses
    meta = json.loads((index_cache.cache_dir(base, registry_json) / "index.json").read_text())
    assert meta["format"] == CACHE_FORMAT


def _clause_column(meta: dict[str, Any], name: str) -> dict[str, Any]:
    column: dict[str, Any] = meta["index"]["v"]["clauses"]["cols"][name]
    return column


def _rewrite_array(folder: Path, key: str, change: Any) -> None:
    path = folder / "arrays" / f"{key}.npy"
    np.save(path, change(np.load(path)), allow_pickle=False)


CORRUPTIONS = {
    "index.json cut short": lambda folder, meta: (folder / "index.json").write_text(
        json.dumps(meta)[:1000], encoding="utf-8"
    ),
    "texts' bytes cut short": lambda folder, meta: (
        folder / "arrays" / f"{_clause_column(meta, 'text')['k']}.npy"
    ).write_bytes(
        (folder / "arrays" / f"{_clause_column(meta, 'text')['k']}.npy").read_bytes()[:5000]
    ),
    "an array missing": lambda folder, meta: (
        folder / "arrays" / f"{_clause_column(meta, 'start')['k']}.npy"
    ).unlink(),
    "texts' offsets out of order": lambda folder, meta: _rewrite_array(
        folder, _clause_column(meta, "text")["at"], lambda a: a[::-1].copy()
    ),
    "texts not UTF-8": lambda folder, meta: _rewrite_array(
        folder, _clause_column(meta, "text")["k"], lambda a: np.full_like(a, 0xFF)
    ),
    "a platform code out of range": lambda folder, meta: _rewrite_array(
        folder, _clause_column(meta, "platform")["k"], lambda a: a + 1000
    ),
    "a column of the wrong length": lambda folder, meta: _rewrite_array(
        folder, _clause_column(meta, "ordinal")["k"], lambda a: a[:-1].copy()
    ),
    "a pickled object array": lambda folder, meta: np.save(
        folder / "arrays" / f"{_clause_column(meta, 'ordinal')['k']}.npy",
        np.array([Payload(folder / "pwned")], dtype=object),
        allow_pickle=True,  # what a tampered cache could hold: refused, never unpickled
    ),
    "the BM25 index missing": lambda folder, meta: (
        folder / "bm25" / "data.csc.index.npy"
    ).unlink(),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_cache_is_rebuilt_with_a_log_line(
    store_settings: Settings, corrupt: Any, caplog: pytest.LogCaptureFixture
) -> None:
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    built = load_index(store_settings, store, registry)
    base, registry_json = _cache_path(store_settings), registry.to_json()
    folder = index_cache.cache_dir(base, registry_json)
    corrupt(folder, json.loads((folder / "index.json").read_text(encoding="utf-8")))
    with caplog.at_level(logging.INFO, logger="fineprint.retrieval.index_cache"):
        assert index_cache.load(base, registry_json, CACHE_FORMAT) is None
    assert "ignoring the index cache" in caplog.text
    assert not (folder / "pwned").exists()
    rebuilt = load_index(store_settings, store, registry)
    assert_same_index(rebuilt, built)
    assert isinstance(index_cache.load(base, registry_json, CACHE_FORMAT), SearchIndex)


def test_a_loaded_index_is_frozen_and_a_replaced_one_freed(store_settings: Settings) -> None:
    """`load_index` moves the index out of the collector's full passes (`gc.freeze`); nothing
    of it is in a reference cycle, so once replaced it is freed without the collector."""
    store = ClauseStore.open(store_settings)
    registry = store.load_registry()
    index = load_index(store_settings, store, registry)
    assert gc.get_freeze_count() >= len(index.clauses)
    answerer = Answerer(Searcher(index, get_query_encoder()), None)
    assert answerer.ask("Can DistroKid keep my royalties?").citations
    gone = [weakref.ref(item) for item in (index, index.bm25, index.vectors, answerer)]
    gc.disable()
    try:
        del index, answerer
        assert [ref() for ref in gone] == [None] * len(gone)
    finally:
        gc.enable()


@dataclasses.dataclass
class Unlisted:
    value: int


def test_every_kind_of_column_comes_back_as_it_was(tmp_path: Path) -> None:
    """The encoding of columns, long lists and large maps as arrays, value for value and type
    for type: repeats, Unicode beyond the BMP, empty strings and tuples, NUL, numbers too large
    for an array, mixed columns."""
    texts = ["", "plain", "é, ✓ and 🎵", "\x00NUL inside", "RTL \u202e", "a\nb"]
    clauses = [
        Clause(
            platform=["soundcloud", "🎵-platform"][n % 2],
            document="terms",
            version_date=date(2020, 1, 1 + n % 3),
            section=[(), ("Grant",), ("Grant", "Licence 🎵")][n % 3],
            text=f"{texts[n % len(texts)]} {n}",
            start=n * 10,
            end=n * 10 + 5,
            ordinal=n,
            source_url="" if n % 2 else "https://example.com/t",
            is_current=n % 4 == 0,
        )
        for n in range(40)
    ]
    value = {
        "clauses": clauses,
        "repeated": ["é", "🎵", ""] * 100,
        "distinct": [f"w{n} ✓" for n in range(300)],
        "ints": list(range(-150, 150)),
        "huge": [2**70 + n for n in range(300)],
        "floats": [n / 7 for n in range(300)],
        "flags": [True, False, False] * 100,
        "dates": [date(2024, 1, 1 + n % 28) for n in range(300)],
        "mixed": [None, 1, "a", 2.5] * 100,
        "weights": {f"t{n}": n / 3 for n in range(300)},
        "by_row": {n: n + 1 for n in range(300)},
        "small": {"pair": (1, "x"), "set": {3, 4}, "frozen": frozenset({"a"})},
        "array": np.arange(12, dtype=np.float32).reshape(3, 4),
    }
    base = tmp_path / "cache" / "c"
    index_cache.save(base, value, "{}", 1)
    loaded = index_cache.load(base, "{}", 1)
    assert isinstance(loaded, dict) and loaded.keys() == value.keys()
    for key, expected in value.items():
        assert_same(loaded[key], expected)
        if isinstance(expected, list):
            assert [type(item) for item in loaded[key]] == [type(item) for item in expected]
    assert [type(c.section) for c in loaded["clauses"]] == [tuple] * len(clauses)
    meta = (index_cache.cache_dir(base, "{}") / "index.json").read_text(encoding="utf-8")
    assert "w299" not in meta and "Licence" not in meta  # in arrays, not JSON


def test_a_dataclass_from_outside_fineprint_is_not_rebuilt(tmp_path: Path) -> None:
    base = tmp_path / "cache" / "c"
    index_cache.save(base, [Unlisted(1)], "{}", 1)
    assert index_cache.load(base, "{}", 1) is None


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
def test_a_tampered_cache_is_rebuilt_not_obeyed(store_settings: Settings, tamper: Any) -> None:
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
    @dataclasses.dataclass
    class Holder:
        values: np.ndarray

    base = tmp_path / "cache" / "c"
    base.parent.mkdir()
    index_cache.save(base, Holder(np.array([object()], dtype=object)), "{}", 1)
    assert list(base.parent.iterdir()) == []
