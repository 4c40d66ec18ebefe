"""`fineprint watch`: one run at a time, and the material changes of a new version.

The fetch is simulated (no network): the fake `fetch_updates` ingests a newer real corpus
version, as a fetch that found changed text would.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli import watch as watch_cli
from fineprint.settings import Settings
from ingest.fetch import DocumentCheck, FetchReport
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings, point_cli_at

TERMS = "soundcloud/terms-of-use"
runner = CliRunner()


@pytest.fixture
def store_settings(tmp_path: Path, embedder: MemoEmbedder) -> Settings:
    corpus = copy_corpus_files(tmp_path / "corpus", f"{TERMS}/2018-05-25.md")
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    assert run_ingest(IngestRequest(settings, embedder=embedder)).ok
    return settings


@pytest.fixture
def app(store_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    point_cli_at(store_settings, monkeypatch)
    application = typer.Typer()
    application.command()(watch_cli.watch)

    @application.command()
    def other() -> None:  # a second command keeps typer in multi-command mode, like the CLI
        """Unused."""

    return application


def fake_fetch(embedder: MemoEmbedder, date: str) -> watch_cli.Fetcher:
    def fetch(settings: Settings, platforms: Sequence[str] | None) -> FetchReport:
        path = copy_corpus_files(settings.corpus_dir, f"{TERMS}/{date}.md") / TERMS / f"{date}.md"
        check = DocumentCheck("soundcloud", "terms-of-use", "https://example.test", "new-version")
        check.version_date, check.snapshot = date, path
        report = FetchReport(checks=[check])
        report.ingest = run_ingest(IngestRequest(settings, paths=(path,), embedder=embedder))
        return report

    return fetch


def test_once_prints_the_ai_clause_first(
    app: typer.Typer, embedder: MemoEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ingest.fetch.fetch_updates", fake_fetch(embedder, "2024-02-07"))
    result = runner.invoke(app, ["watch", "--every", "12h", "--once"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("soundcloud/terms-of-use new-version")
    assert "2018-05-25 → 2024-02-07" in lines[1] and "material change(s)" in lines[1]
    first = result.output.split("\n2. ")[0]
    assert "1. modified (MATERIAL) [ai" in first
    assert "inform, train, develop" in " ".join(first.split())
    # the alert lists three changes, then the command that lists the rest
    shown = [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.")]
    assert [line[:2] for line in shown] == ["1.", "2.", "3."]
    assert lines[-1].startswith("…and ") and lines[-1].endswith(
        "— fineprint changes soundcloud terms-of-use --from 2018-05-25 --to 2024-02-07 --all"
    )


def test_a_version_with_no_material_change_sends_no_alert(
    app: typer.Typer,
    embedder: MemoEmbedder,
    store_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same text again under a new date, its quotes curled: formatting, not news."""
    source = (CORPUS / TERMS / "2018-05-25.md").read_text(encoding="utf-8")
    text = source.replace('version_date: "2018-05-25"', 'version_date: "2019-01-01"')
    head, body = text.split("\n---\n", 1)
    reformatted = f"{head}\n---\n{body.replace(chr(39), '’')}"

    def fetch(settings: Settings, platforms: Sequence[str] | None) -> FetchReport:
        path = settings.corpus_dir / TERMS / "2019-01-01.md"
        path.write_text(reformatted, encoding="utf-8")
        check = DocumentCheck("soundcloud", "terms-of-use", "https://example.test", "new-version")
        check.version_date, check.snapshot = "2019-01-01", path
        report = FetchReport(checks=[check])
        report.ingest = run_ingest(IngestRequest(settings, paths=(path,), embedder=embedder))
        return report

    monkeypatch.setattr("ingest.fetch.fetch_updates", fetch)
    result = runner.invoke(app, ["watch", "--once"])
    assert result.exit_code == 0, result.output
    last = result.output.splitlines()[-1]
    assert "2018-05-25 → 2019-01-01: 0 material change(s)" in last
    assert last.endswith(" — no material change, no alert")
    assert "1. " not in result.output


def test_runs_never_overlap(store_settings: Settings) -> None:
    def never(settings: Settings, platforms: Sequence[str] | None) -> FetchReport:
        raise AssertionError("must not run while another run is going")

    with watch_cli._running:
        assert watch_cli.run_once(store_settings, None, never) is None


def test_bad_interval_is_a_usage_error(app: typer.Typer) -> None:
    result = runner.invoke(app, ["watch", "--every", "soon", "--once"])
    assert result.exit_code == 2
    assert "--every" in result.output
