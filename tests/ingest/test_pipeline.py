"""The ingest job against a real Chroma and the real model: idempotent, atomic, forgiving."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from fineprint.catalog.registry import Registry
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.lock import IngestBusyError, ingest_lock
from ingest.pipeline import IngestReport, run_ingest
from ingest.request import IngestRequest
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files


def ingest(settings: Settings, paths: list[Path], embedder: MemoEmbedder) -> IngestReport:
    store = ClauseStore.open(settings)
    return run_ingest(IngestRequest(settings, paths=tuple(paths), store=store, embedder=embedder))


def test_round_trip_every_clause_is_its_version_body_slice(
    settings: Settings, small_corpus: Path, embedder: MemoEmbedder
) -> None:
    report = ingest(settings, [small_corpus], embedder)
    assert report.ok, report.skipped
    assert (report.documents, report.versions_new) == (2, 4)
    store = ClauseStore.open(settings)  # a new handle reads what was committed
    registry = store.load_registry()
    assert len(registry.versions) == 4
    stored, matrix = store.read_clauses(registry.versions.values(), with_embeddings=True)
    assert matrix is not None and matrix.shape == (len(stored), 384)
    assert len(stored) == report.clauses_added
    bodies = {vid: store.body(vid) for vid in registry.versions}
    for item in stored:
        body = bodies[item.clause.version_id]
        assert body is not None
        assert body[item.clause.start : item.clause.end] == item.clause.text
    current = registry.current("soundcloud", "terms-of-use")
    assert current is not None and current.version_date == "2026-08-17"
    flags = {s.clause.version_id: s.clause.is_current for s in stored}
    assert flags["soundcloud/terms-of-use/2026-08-17"] is True
    assert flags["soundcloud/terms-of-use/2024-02-07"] is False


def test_second_run_embeds_nothing_and_changes_nothing(
    embedded_settings: Settings, small_corpus: Path, embedder: MemoEmbedder
) -> None:
    first = ingest(embedded_settings, [small_corpus], embedder)
    assert first.texts_embedded > 0
    # text shared by the three SoundCloud versions is embedded once
    assert first.clauses_reused > 0
    assert first.texts_embedded + first.clauses_reused == first.clauses_added
    before = ClauseStore.open(embedded_settings).load_registry()
    second = ingest(embedded_settings, [small_corpus], embedder)
    assert (second.texts_embedded, second.versions_new, second.clauses_added) == (0, 0, 0)
    assert second.versions_unchanged == 4
    assert ClauseStore.open(embedded_settings).load_registry() == before


def test_a_new_version_reuses_the_embeddings_of_unchanged_clauses(
    embedded_settings: Settings, tmp_path: Path, embedder: MemoEmbedder
) -> None:
    corpus = copy_corpus_files(tmp_path / "c", "soundcloud/terms-of-use/2025-05-27.md")
    ingest(embedded_settings, [corpus], embedder)
    copy_corpus_files(corpus, "soundcloud/terms-of-use/2025-09-10.md")
    report = ingest(embedded_settings, [corpus], embedder)
    assert (report.versions_new, report.versions_unchanged) == (1, 1)
    assert report.clauses_reused > report.texts_embedded  # most clauses did not change
    registry = ClauseStore.open(embedded_settings).load_registry()
    current = registry.current("soundcloud", "terms-of-use")
    assert current is not None and current.version_date == "2025-09-10"
    stored, _ = ClauseStore.open(embedded_settings).read_clauses(registry.versions.values())
    old = [s for s in stored if s.clause.version_date.isoformat() == "2025-05-27"]
    assert old and not any(s.clause.is_current for s in old)


def test_a_version_is_flagged_current_when_its_newer_version_cannot_be_split(
    embedded_settings: Settings,
    tmp_path: Path,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Written as not current (a newer file was read), then the newer one fails to split: the
    flag follows the registry, which lists the older one as current."""
    corpus = copy_corpus_files(
        tmp_path / "c",
        "soundcloud/terms-of-use/2025-05-27.md",
        "soundcloud/terms-of-use/2025-09-10.md",
    )
    import ingest.pipeline as pipeline
    from fineprint.catalog.clauses import Clause
    from fineprint.catalog.version_facts import VersionFacts
    from ingest.documents import SourceDocument

    real = pipeline.build_clauses

    def build_clauses(
        document: SourceDocument, is_current: bool, facts: VersionFacts | None = None
    ) -> list[Clause]:
        if document.version_date.isoformat() == "2025-09-10":
            raise Boom("the splitter broke")
        return real(document, is_current, facts)

    monkeypatch.setattr(pipeline, "build_clauses", build_clauses)
    report = ingest(embedded_settings, [corpus], embedder)
    assert report.versions_new == 1 and len(report.skipped) == 1
    store = ClauseStore.open(embedded_settings)
    stored, _ = store.read_clauses(store.load_registry().versions.values())
    assert stored and all(item.clause.is_current for item in stored)


class Boom(RuntimeError):
    pass


def test_failure_midway_leaves_the_previous_store_answering(
    embedded_settings: Settings,
    small_corpus: Path,
    tmp_path: Path,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = copy_corpus_files(tmp_path / "first", "soundcloud/terms-of-use/2018-05-25.md")
    ingest(embedded_settings, [first], embedder)
    before = ClauseStore.open(embedded_settings).load_registry()

    calls = {"n": 0}
    original = ClauseStore.write_version

    def failing_write(self: ClauseStore, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # one version written, then the run dies
            raise Boom("disk on fire")
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ClauseStore, "write_version", failing_write)
    with pytest.raises(Boom):
        ingest(embedded_settings, [small_corpus], embedder)
    monkeypatch.undo()

    store = ClauseStore.open(embedded_settings)
    assert store.load_registry() == before  # nothing half-written is visible
    stored, _ = store.read_clauses(before.versions.values())
    assert stored and all(s.clause.version_date.isoformat() == "2018-05-25" for s in stored)

    report = ingest(embedded_settings, [small_corpus], embedder)
    assert report.ok and report.versions_new == 3 and report.versions_unchanged == 1
    assert report.texts_embedded == 0  # the dead run's embeddings were cached and reused
    registry = store.load_registry()
    live = {i for r in registry.versions.values() for i in r.clause_ids()}
    assert set(store.clauses.get(include=[])["ids"]) == live  # orphans collected


def test_interrupt_during_embedding_keeps_finished_chunks(
    embedded_settings: Settings,
    small_corpus: Path,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ingest.pipeline as pipeline

    monkeypatch.setattr(pipeline, "EMBED_CHUNK", 32)
    calls = {"n": 0}
    original = embedder.encode

    def interrupted(texts: list[str], **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(texts)

    monkeypatch.setattr(embedder, "encode", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(embedded_settings, [small_corpus], embedder)
    monkeypatch.setattr(embedder, "encode", original)
    assert ClauseStore.open(embedded_settings).load_registry().is_empty
    report = ingest(embedded_settings, [small_corpus], embedder)  # lock was released
    assert report.ok and report.versions_new == 4
    assert report.texts_embedded == report.clauses_added - report.clauses_reused
    assert report.clauses_added - report.clauses_reused - report.texts_embedded == 0


def test_bad_files_are_reported_and_the_rest_ingested(
    embedded_settings: Settings, small_corpus: Path, embedder: MemoEmbedder
) -> None:
    bad = small_corpus / "acme" / "terms"
    bad.mkdir(parents=True)
    (bad / "2024-01-01.md").write_text("")
    (bad / "2024-01-02.md").write_bytes(b"\x00\x01\x02binary\x00")
    (bad / "2024-01-03.md").write_text("Terms without any front matter at all, long enough.")
    (bad / "2024-01-04.md").write_text(
        '---\nplatform: "Acme"\ndocument: "Terms"\nversion_date: "someday"\n---\nText here ok.\n'
    )
    # the same SoundCloud version again, with different text, somewhere else in the tree
    twin = small_corpus / "copies" / "soundcloud" / "terms-of-use"
    twin.mkdir(parents=True)
    original = (CORPUS / "soundcloud/terms-of-use/2024-02-07.md").read_text(encoding="utf-8")
    (twin / "2024-02-07.md").write_text(original + "\nAn extra sentence.\n", encoding="utf-8")

    report = ingest(embedded_settings, [small_corpus], embedder)
    problems = {Path(path).name: error for path, error in report.skipped}
    assert "is empty" in problems["2024-01-01.md"]
    assert "binary" in problems["2024-01-02.md"]
    assert "no YAML front matter" in problems["2024-01-03.md"]
    assert "not a date" in problems["2024-01-04.md"]
    assert "duplicate version soundcloud/terms-of-use/2024-02-07" in problems["2024-02-07.md"]
    assert not report.ok
    assert report.versions_new == 3  # the other three files went in
    registry = ClauseStore.open(embedded_settings).load_registry()
    assert "soundcloud/terms-of-use/2024-02-07" not in registry.versions


def test_a_changed_text_under_an_existing_date_is_refused(
    embedded_settings: Settings, tmp_path: Path, embedder: MemoEmbedder
) -> None:
    corpus = copy_corpus_files(tmp_path / "c", "distrokid/terms-of-service/2024-09-19.md")
    ingest(embedded_settings, [corpus], embedder)
    path = corpus / "distrokid/terms-of-service/2024-09-19.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nNew sentence.\n", encoding="utf-8")
    report = ingest(embedded_settings, [corpus], embedder)
    assert not report.ok and "already ingested with different text" in report.skipped[0][1]


def test_one_ingest_at_a_time(embedded_settings: Settings, small_corpus: Path) -> None:
    with ingest_lock(embedded_settings.data_dir), pytest.raises(IngestBusyError) as caught:
        run_ingest(IngestRequest(embedded_settings, paths=(small_corpus,)))
    assert "another ingest is running" in str(caught.value)


def test_missing_path_is_reported(
    embedded_settings: Settings, small_corpus: Path, embedder: MemoEmbedder
) -> None:
    shutil.rmtree(small_corpus / "distrokid")
    report = ingest(embedded_settings, [small_corpus, small_corpus / "nope.md"], embedder)
    assert report.versions_new == 3
    assert report.skipped and "does not exist" in report.skipped[0][1]


def test_the_split_tag_covers_the_splitting_package_and_furniture() -> None:
    """Every module whose code decides clauses is hashed into the split tag."""
    import ingest.pipeline as pipeline

    root = Path(pipeline.__file__).parent
    expected = [*sorted((root / "splitting").glob("*.py")), root / "furniture.py"]
    assert pipeline.splitting_sources() == expected
    assert {path.name for path in expected} >= {"__init__.py", "split.py", "sections.py"}


def test_a_change_to_any_splitting_module_changes_the_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.pipeline as pipeline

    copies = []
    for source in pipeline.splitting_sources():
        copy = tmp_path / source.name
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(pipeline, "splitting_sources", lambda: copies)
    before = pipeline._splitter_signature()
    for copy in copies:
        original = copy.read_bytes()
        copy.write_bytes(original + b"\n# a rule changed\n")
        assert pipeline._splitter_signature() != before, copy.name
        copy.write_bytes(original)
    assert pipeline._splitter_signature() == before


def test_a_new_splitter_re_splits_every_version_and_embeds_nothing(
    embedded_settings: Settings,
    small_corpus: Path,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the first ingest after a change to the splitting code does: same texts, new ids."""
    import ingest.pipeline as pipeline

    first = ingest(embedded_settings, [small_corpus], embedder)
    monkeypatch.setattr(pipeline, "_splitter_signature", lambda: "another-splitter")
    again = ingest(embedded_settings, [small_corpus], embedder)
    assert (again.versions_replaced, again.versions_new, again.texts_embedded) == (4, 0, 0)
    assert again.clauses_added == first.clauses_added


def test_a_two_in_one_capture_keeps_its_newest_edition(
    embedded_settings: Settings, tmp_path: Path, embedder: MemoEmbedder
) -> None:
    """X's capture of 2024-10-21 holds the terms effective November 15, 2024 and, after
    "Effective until November 15, 2024", those of September 2023: only the first are split
    into clauses (searched, diffed); the body is stored whole, so quotes stay slices of it."""
    corpus = copy_corpus_files(tmp_path / "corpus", "x-twitter/terms-of-service/2024-10-21.md")
    report = ingest(embedded_settings, [corpus], embedder)
    assert report.ok, report.skipped
    store = ClauseStore.open(embedded_settings)
    version = store.load_registry().versions["x-twitter/terms-of-service/2024-10-21"]
    facts = version.facts
    assert (facts.superseded_until, facts.effective_date) == ("2024-11-15", "2024-11-15")
    body = store.body(version.version_id)
    assert body is not None and facts.edition_end < len(body)
    assert "September 29, 2023" in body[facts.edition_end :]
    stored, _ = store.read_clauses([version])
    assert stored and all(s.clause.end <= facts.edition_end for s in stored)
    assert all(body[s.clause.start : s.clause.end] == s.clause.text for s in stored)
    assert not any("September 29, 2023" in s.clause.text for s in stored)


def test_an_older_store_gets_its_facts_without_re_splitting(
    embedded_settings: Settings, small_corpus: Path, embedder: MemoEmbedder
) -> None:
    """A registry written before versions carried facts: the next ingest reads them from the
    files and commits them, splitting and embedding nothing."""
    from dataclasses import replace

    from fineprint.catalog.version_facts import VersionFacts

    ingest(embedded_settings, [small_corpus], embedder)
    store = ClauseStore.open(embedded_settings)
    registry = store.load_registry()
    facts = {vid: record.facts for vid, record in registry.versions.items()}
    blank = [replace(record, facts=VersionFacts()) for record in registry.versions.values()]
    store.commit_registry(registry.with_versions(blank).synced())
    again = ingest(embedded_settings, [small_corpus], embedder)
    assert (again.versions_refreshed, again.versions_unchanged) == (4, 4)
    assert (again.clauses_added, again.texts_embedded) == (0, 0)
    assert again.changed  # the index reloads: citations show the facts
    refreshed = ClauseStore.open(embedded_settings).load_registry()
    assert {vid: r.facts for vid, r in refreshed.versions.items()} == facts
    assert refreshed.versions["soundcloud/terms-of-use/2024-02-07"].facts.effective_date


def test_a_new_version_rewrites_the_flags_of_the_one_it_replaced_only(
    embedded_settings: Settings,
    tmp_path: Path,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A follow adding a version to a document with a long history rewrote `is_current` on
    every stored version of it (27 s of a 100-commit follow on the pga bundle); only the
    version it replaced as current changes."""
    corpus = copy_corpus_files(
        tmp_path / "c",
        "soundcloud/terms-of-use/2016-04-20.md",
        "soundcloud/terms-of-use/2018-05-25.md",
    )
    ingest(embedded_settings, [corpus], embedder)
    rewritten: list[str] = []
    real = ClauseStore.set_current_flags

    def spy(self: ClauseStore, registry: Registry, version_ids: Iterable[str]) -> None:
        version_ids = list(version_ids)
        rewritten.extend(version_ids)
        real(self, registry, version_ids)

    monkeypatch.setattr(ClauseStore, "set_current_flags", spy)
    copy_corpus_files(corpus, "soundcloud/terms-of-use/2024-02-07.md")
    assert ingest(embedded_settings, [corpus], embedder).versions_new == 1
    assert rewritten == ["soundcloud/terms-of-use/2018-05-25"]
    registry = ClauseStore.open(embedded_settings).load_registry()
    stored, _ = ClauseStore.open(embedded_settings).read_clauses(registry.versions.values())
    flags = {s.clause.version_date.isoformat(): s.clause.is_current for s in stored}
    assert flags == {"2016-04-20": False, "2018-05-25": False, "2024-02-07": True}
