"""ingest.ota: a test dataset imported into a real store, re-imported, followed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fineprint.service import Fineprint
from fineprint.settings import Settings
from ingest.ota import OtaRequest, Policy, follow_dataset, import_dataset
from ingest.ota import Run as OtaRun
from ingest.ota.follow import load_state
from tests.conftest import CORPUS, MemoEmbedder, make_settings
from tests.ingest.ota.dataset_repo import AI_CLAUSE, DatasetRepo, terms


@pytest.fixture
def ota_settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    return make_settings(tmp_path / "data", corpus_dir=corpus)


def dates(settings: Settings, platform: str, document: str) -> list[str]:
    registry = Fineprint(settings).registry()
    return [record.version_date for record in registry.history(platform, document)]


def test_the_versions_are_the_changes_of_terms_dated_by_their_commits(
    acme: DatasetRepo, ota_settings: Settings, embedder: MemoEmbedder
) -> None:
    report = import_dataset(ota_settings, OtaRequest(acme.path), OtaRun(embedder=embedder))
    assert report.ok and report.ingest is not None
    # footer variants, the typo, the upgrade, the promo flip, the empty capture: no versions
    assert dates(ota_settings, "acme", "terms-of-service") == ["2024-01-10", "2024-05-01"]
    assert dates(ota_settings, "acme", "privacy-policy") == ["2024-01-10"]
    # the rename: Oldco's history is Newco's
    assert dates(ota_settings, "newco", "terms-of-service") == ["2024-01-15", "2024-04-15"]
    assert [(s.label, s.day.isoformat()) for s in report.plan.skipped] == [
        ("Acme/Terms of Service.md", "2024-06-01")
    ]
    record = Fineprint(ota_settings).registry().current("acme", "terms-of-service")
    assert record is not None
    assert (record.dataset, record.licence) == ("acme-versions", "ODC-By 1.0")
    assert record.attribution == "acme-versions (Open Terms Archive)"
    assert record.language == "en"
    assert record.path.startswith("acme-versions/Acme/Terms of Service.md@")


def test_a_quote_from_the_dataset_carries_its_commit_date_and_credit(
    acme: DatasetRepo, ota_settings: Settings, embedder: MemoEmbedder
) -> None:
    import_dataset(ota_settings, OtaRequest(acme.path), OtaRun(embedder=embedder))
    answer = Fineprint(ota_settings).ask("Can Acme train AI on the content I upload?")
    top = answer.citations[0]
    assert (top.platform, top.version_date) == ("acme", "2024-05-01")
    assert "train artificial intelligence" in top.clause_text
    assert top.attribution == "acme-versions (Open Terms Archive)"
    assert top.to_json()["attribution"] == top.attribution


def test_a_second_import_embeds_nothing_and_all_keeps_the_trivial_edit(
    acme: DatasetRepo, ota_settings: Settings, embedder: MemoEmbedder
) -> None:
    import_dataset(ota_settings, OtaRequest(acme.path), OtaRun(embedder=embedder))
    again = import_dataset(ota_settings, OtaRequest(acme.path), OtaRun(embedder=embedder))
    assert again.ingest is not None
    assert again.ingest.versions_new == 0 and again.ingest.texts_embedded == 0
    every = import_dataset(
        ota_settings, OtaRequest(acme.path, policy=Policy.ALL), OtaRun(embedder=embedder)
    )
    assert every.ingest is not None and every.ingest.versions_new == 1  # the 2024-03-01 typo
    assert "2024-03-01" in dates(ota_settings, "acme", "terms-of-service")


def test_services_picks_documents_and_the_bundled_corpus_keeps_its_days(
    acme: DatasetRepo, ota_settings: Settings, embedder: MemoEmbedder
) -> None:
    bundled = ota_settings.corpus_dir / "newco" / "terms-of-service" / "2024-04-15.md"
    bundled.parent.mkdir(parents=True)
    bundled.write_text("---\nplatform: Newco\ndocument: Terms of Service\n---\n")
    request = OtaRequest(acme.path, services=("Newco",))
    report = import_dataset(ota_settings, request, OtaRun(embedder=embedder))
    assert report.plan.platforms == {"newco"}
    assert report.plan.held == ["newco/terms-of-service/2024-04-15"]
    assert dates(ota_settings, "newco", "terms-of-service") == ["2024-01-15"]
    assert load_state(ota_settings.data_dir)["acme-versions"].services == ("Newco",)


def test_following_imports_only_the_new_commits(
    acme: DatasetRepo, ota_settings: Settings, embedder: MemoEmbedder, tmp_path: Path
) -> None:
    clone = acme.origin(tmp_path / "follow" / "acme-versions")
    first = follow_dataset(ota_settings, clone, run=OtaRun(embedder=embedder))
    assert first.ingest is not None and first.ingest.versions_new == 5
    assert load_state(ota_settings.data_dir)["acme-versions"].head == first.plan.head
    idle = follow_dataset(ota_settings, clone, run=OtaRun(embedder=embedder))
    assert idle.new_commits == 0 and idle.ingest is None

    licence = AI_CLAUSE.replace("may use", "will not use") + " You may opt in at any time."
    acme.record("Acme", "Terms of Service", terms(extra=licence), "2024-07-01T00:30:00Z")
    refund = " Subscribers may ask for a refund within fourteen days of any payment."
    newco = terms(extra=AI_CLAUSE + refund).replace("Acme", "Newco")
    acme.record("Newco", "Terms of Service", newco, "2024-07-02T00:30:00Z")
    followed = follow_dataset(ota_settings, clone, run=OtaRun(embedder=embedder))
    assert followed.new_commits == 2 and followed.ingest is not None
    assert sorted(followed.ingest.new_version_ids) == [
        "acme/terms-of-service/2024-07-01",
        "newco/terms-of-service/2024-07-02",
    ]
    assert followed.ingest.versions_unchanged == 0  # older versions were not read again


def test_a_document_from_a_followed_dataset_is_never_fetched_live(
    acme: DatasetRepo, ota_settings: Settings, embedder: MemoEmbedder
) -> None:
    from ingest.fetch import fetch_updates

    import_dataset(ota_settings, OtaRequest(acme.path), OtaRun(embedder=embedder))
    unreachable = "http://127.0.0.1:9/terms"  # fetching it would fail, not be skipped
    urls = {("acme", "terms-of-service"): unreachable, ("other", "terms"): unreachable}
    report = fetch_updates(ota_settings, urls=urls, embedder=embedder)
    assert [(c.platform, c.status) for c in report.checks] == [("other", "failed")]


def test_a_follow_reads_from_the_version_in_force_and_decides_as_a_whole_read(
    acme: DatasetRepo,
    ota_settings: Settings,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A follow reads a document's history from a little before the store's version in
    force (here 2 captures and 3 days: 20 and 60 days in use), not from its first capture:
    what its new commits bring is decided as a read of the whole history decides it — a flip
    to a variant and back is no version, a new clause is."""
    from datetime import timedelta

    from fineprint.catalog.sources import load_sources
    from fineprint.store import ClauseStore
    from ingest.ota import importer
    from ingest.ota.history import commits_between, head_commit

    import_dataset(ota_settings, OtaRequest(acme.path), OtaRun(embedder=embedder))
    before = head_commit(acme.path)
    with_ai = terms(extra=AI_CLAUSE).replace("without notice", "without prior notice")
    acme.record(
        "Acme", "Terms of Service", with_ai + "\n\nJoin Acme Premium today.", "2024-06-20T00:30:00Z"
    )
    acme.record("Acme", "Terms of Service", with_ai, "2024-06-21T00:30:00Z")
    licence = with_ai.replace("may use", "will not use") + "\n\nYou may opt in at any time."
    acme.record("Acme", "Terms of Service", licence, "2024-07-01T00:30:00Z")
    new = frozenset(commits_between(acme.path, before, head_commit(acme.path)))
    monkeypatch.setattr(importer, "FOLLOW_CAPTURES", 2)
    monkeypatch.setattr(importer, "FOLLOW_LOOK_BACK", timedelta(days=3))

    def plan(registry: object) -> importer.ImportPlan:
        return importer.plan_import(
            OtaRequest(acme.path, only_commits=new),
            sources=load_sources(ota_settings.sources_path),
            corpus_dir=ota_settings.corpus_dir,
            registry=registry,  # type: ignore[arg-type]
        )

    followed = plan(ClauseStore.open(ota_settings).load_registry())
    whole = plan(None)  # no store: every document read from its first capture
    assert [(d.version_date, d.body) for d in followed.documents] == [
        (d.version_date, d.body) for d in whole.documents
    ]
    assert [d.version_date.isoformat() for d in followed.documents] == ["2024-07-01"]
    # walked: the version in force (2024-05-01) and the 7 captures after it, of 13
    assert (followed.captures, whole.captures) == (8, 13)
    assert followed.outcomes["flip-flop"] == 2 and followed.outcomes["version"] == 2
