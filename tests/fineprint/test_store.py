"""The store on real Chroma (embedded, and the test session's server): clauses, bodies and
embeddings written and read back as they were; nothing visible before the registry commits it;
current flags and garbage collection follow the registry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from fineprint.catalog.clauses import Clause, content_hash
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.settings import Settings
from fineprint.store import ClauseStore, StoreError, _batches, embedding_key
from tests.conftest import MemoEmbedder, free_port, make_settings

OLD_BODY = (
    "# Your Content\n\n"
    "You keep ownership of your uploads and may delete them at any time.\n\n"
    "## Licence\n\n"
    "You grant us a licence to host and stream your uploads.\n"
)
NEW_BODY = OLD_BODY + (
    "\n## Artificial intelligence\n\n"
    "We will not use your uploads to train AI models without your opt-in consent.\n"
)


def split(body: str, day: str) -> list[Clause]:
    """The body's paragraphs under their headings, as verbatim slices with their offsets."""
    clauses: list[Clause] = []
    section: tuple[str, ...] = ()
    start = 0
    for paragraph in body.split("\n\n"):
        first = body.index(paragraph, start)
        start = first + len(paragraph)
        text = paragraph.strip()
        if text.startswith("# "):
            section = (text[2:],)
        elif text.startswith("## "):
            section = (section[0], text[3:])
        else:
            clauses.append(
                Clause(
                    platform="demo",
                    document="terms",
                    version_date=date.fromisoformat(day),
                    section=section,
                    text=text,
                    start=first,
                    end=first + len(text),
                    ordinal=len(clauses),
                )
            )
    return clauses


def record(day: str, body: str, clauses: Sequence[Clause], split_tag: str = "s1") -> VersionRecord:
    return VersionRecord(
        platform="demo",
        document="terms",
        version_date=day,
        platform_name="Demo",
        document_name="Terms",
        content_hash=content_hash(body),
        split_tag=split_tag,
        clause_count=len(clauses),
    )


def embeddings(embedder: MemoEmbedder, clauses: Sequence[Clause]) -> dict[str, np.ndarray]:
    vectors = embedder.encode([c.embedding_text for c in clauses])
    return {c.embedding_hash: vector for c, vector in zip(clauses, vectors, strict=True)}


def write(
    store: ClauseStore, embedder: MemoEmbedder, day: str, body: str, split_tag: str = "s1"
) -> tuple[VersionRecord, list[Clause]]:
    clauses = split(body, day)
    version = record(day, body, clauses, split_tag)
    store.write_version(version, body, clauses, embeddings(embedder, clauses))
    return version, clauses


def test_a_version_reads_back_as_written(
    store: ClauseStore, settings: Settings, embedder: MemoEmbedder
) -> None:
    version, clauses = write(store, embedder, "2024-02-07", NEW_BODY)
    store.commit_registry(Registry().with_versions([version], model=embedder.fingerprint))
    reopened = ClauseStore.open(settings)  # a second process would see the same
    registry = reopened.load_registry()
    assert registry.versions == {version.version_id: version}
    assert registry.model == embedder.fingerprint
    assert reopened.body(version.version_id) == NEW_BODY
    stored, matrix = reopened.read_clauses(registry.versions.values(), with_embeddings=True)
    assert [item.clause for item in stored] == clauses
    assert [item.record_id for item in stored] == version.clause_ids()
    assert [item.clause_key for item in stored] == [c.clause_key for c in clauses]
    for item in stored:
        assert item.clause.text == NEW_BODY[item.clause.start : item.clause.end]
    vectors = embeddings(embedder, clauses)
    assert matrix is not None
    assert np.allclose(matrix, np.stack([vectors[c.embedding_hash] for c in clauses]), atol=1e-6)
    assert stored[2].clause.section == ("Your Content", "Artificial intelligence")
    without, no_matrix = reopened.read_clauses(registry.versions.values())
    assert no_matrix is None and [item.clause for item in without] == clauses


def test_nothing_is_visible_until_the_registry_is_committed(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    store = ClauseStore.open(embedded_settings)
    assert store.load_registry() == Registry()
    version, _ = write(store, embedder, "2024-02-07", NEW_BODY)
    assert store.load_registry().is_empty  # written, not committed
    committed = Registry().with_versions([version])
    store.commit_registry(committed)
    assert store.load_registry() == committed
    assert store.body("demo/terms/1999-01-01") is None


def test_a_committed_clause_that_is_missing_is_an_error(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    store = ClauseStore.open(embedded_settings)
    _, clauses = write(store, embedder, "2024-02-07", NEW_BODY)
    claims_more = record("2024-02-07", NEW_BODY, [*clauses, clauses[0]])
    with pytest.raises(StoreError, match=r"1 committed clauses are missing, e\.g\. .*#0003"):
        store.read_clauses([claims_more])


def test_the_embedding_cache_answers_only_for_what_it_holds(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    store = ClauseStore.open(embedded_settings)
    keys = [embedding_key(embedder.fingerprint, h) for h in ("h1", "h2")]
    vectors = embedder.encode(["first clause text", "second clause text"])
    store.save_embeddings(keys, vectors)
    found = store.cached_embeddings([*keys, embedding_key(embedder.fingerprint, "h3")])
    assert sorted(found) == sorted(keys)
    assert np.allclose(found[keys[1]], vectors[1], atol=1e-6)
    other_model = embedding_key("stock:0123456789ab", "h1")
    assert other_model != keys[0] and store.cached_embeddings([other_model]) == {}


def test_current_flags_follow_the_registry(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    store = ClauseStore.open(embedded_settings)
    old, _ = write(store, embedder, "2020-01-01", OLD_BODY)
    new, _ = write(store, embedder, "2024-02-07", NEW_BODY)
    registry = Registry().with_versions([old, new])
    store.commit_registry(registry)
    store.set_current_flags(registry, [old.version_id, new.version_id, "demo/terms/1999-01-01"])
    stored, _ = store.read_clauses([old, new])
    flags = {item.clause.version_id: item.clause.is_current for item in stored}
    assert flags == {old.version_id: False, new.version_id: True}


def test_garbage_is_what_the_registry_does_not_list(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    store = ClauseStore.open(embedded_settings)
    first, _ = write(store, embedder, "2024-02-07", NEW_BODY, split_tag="old-split")
    resplit, clauses = write(store, embedder, "2024-02-07", NEW_BODY, split_tag="new-split")
    dropped, _ = write(store, embedder, "2020-01-01", OLD_BODY)  # never committed
    registry = Registry().with_versions([resplit])
    store.commit_registry(registry)
    assert store.collect_garbage(registry) == first.clause_count + dropped.clause_count
    assert sorted(store.clauses.get(include=[])["ids"]) == resplit.clause_ids()
    assert store.body(dropped.version_id) is None and store.body(resplit.version_id) == NEW_BODY
    assert [item.clause for item in store.read_clauses([resplit])[0]] == clauses
    assert store.collect_garbage(registry) == 0


def test_an_unreachable_server_is_a_store_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1:"):
        ClauseStore.open(settings)


def test_batches_cover_every_item_once() -> None:
    assert [list(batch) for batch in _batches(list(range(5)), 2)] == [[0, 1], [2, 3], [4]]
    assert list(_batches([], 2)) == []
