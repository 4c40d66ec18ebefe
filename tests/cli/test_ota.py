"""`fineprint ingest --ota` and `fineprint watch --ota` on a dataset built in the test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from fineprint.settings import Settings
from tests.conftest import CORPUS, make_settings, point_cli_at
from tests.ingest.ota.dataset_repo import AI_CLAUSE, build_acme, terms

runner = CliRunner()


@pytest.fixture
def cli_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    point_cli_at(settings, monkeypatch)
    monkeypatch.setattr("ingest.pipeline.get_embedder", lambda *args, **kwargs: embedder)
    return settings


def test_ingest_ota_reports_every_capture_then_answers_with_the_credit(
    cli_settings: Settings, tmp_path: Path
) -> None:
    repo = build_acme(tmp_path / "acme-versions")
    result = runner.invoke(app, ["ingest", "--ota", str(repo.path)])
    assert result.exit_code == 0, result.output
    assert "Dataset acme-versions (ODC-By 1.0)" in result.output
    assert "Credit: acme-versions (Open Terms Archive)" in result.output
    assert "3 documents of 2 platforms, 14 captures" in result.output
    assert "1 re-captures (technical upgrades)" in result.output
    assert "1 flip-flops between page variants" in result.output
    assert "1 trivial edits grouped" in result.output
    assert "skipped Acme/Terms of Service.md of 2024-06-01: empty capture" in result.stderr
    assert "versions 5 new" in result.output

    answer = runner.invoke(app, ["ask", "Can Acme train AI on my uploads?", "--json"])
    top = json.loads(answer.stdout)["citations"][0]
    assert (top["platform"], top["version_date"]) == ("acme", "2024-05-01")
    assert top["attribution"] == "acme-versions (Open Terms Archive)"
    text = runner.invoke(app, ["ask", "Can Acme train AI on my uploads?"]).output
    assert "version of 2024-05-01" in text and "from acme-versions (Open Terms Archive)" in text


def test_ingest_ota_json_and_bad_paths(cli_settings: Settings, tmp_path: Path) -> None:
    repo = build_acme(tmp_path / "acme-versions")
    result = runner.invoke(
        app, ["ingest", "--ota", str(repo.path), "--services", "Newco", "--json"]
    )
    report = json.loads(result.stdout)
    assert report["platforms"] == 1 and report["versions"] == 2
    assert report["ingest"]["versions_new"] == 2 and report["licence"] == "ODC-By 1.0"
    missing = runner.invoke(app, ["ingest", "--ota", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "not a git repository" in missing.output
    policy = runner.invoke(app, ["ingest", "--ota", str(repo.path), "--versions", "some"])
    assert policy.exit_code == 2 and "--versions must be" in policy.output
    stray = runner.invoke(app, ["ingest", "--services", "Newco"])
    assert stray.exit_code == 2 and "go with --ota" in stray.output


def test_watch_ota_alerts_on_a_new_commit_and_fetches_no_page(
    cli_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fetch(*args: object, **kwargs: object) -> None:
        raise AssertionError("a followed dataset is never fetched live")

    monkeypatch.setattr("ingest.fetch.fetch_updates", no_fetch)
    origin = build_acme(tmp_path / "origin" / "acme-versions")
    clone = origin.origin(tmp_path / "clone" / "acme-versions")
    first = runner.invoke(app, ["watch", "--ota", str(clone), "--once"])
    assert first.exit_code == 0, first.output
    assert "versions 5 new" in first.output
    quiet = runner.invoke(app, ["watch", "--ota", str(clone), "--once"])
    assert "No new commits since the last import." in quiet.output

    opt_in = AI_CLAUSE.replace("may use", "will never use") + " Unless you opt in first."
    origin.record("Acme", "Terms of Service", terms(extra=opt_in), "2024-07-01T00:30:00Z")
    alerted = runner.invoke(app, ["watch", "--ota", str(clone), "--once"])
    assert alerted.exit_code == 0, alerted.output
    assert "acme terms-of-service: 2024-05-01 → 2024-07-01" in alerted.output
    assert "MATERIAL" in alerted.output and "[ai" in alerted.output
