"""What every command shares (cli/common.py): a bad setting is one line naming the variable,
and what the commands show cannot turn text around or repaint the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from cli.main import app
from fineprint.safe_text import is_neutral
from fineprint.settings import Settings
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.conftest import (
    MemoEmbedder,
    copy_corpus_files,
    json_strings,
    make_settings,
    point_cli_at,
)

DISTROKID = "distrokid/terms-of-service/2021-08-03.md"

runner = CliRunner()


def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_LOG_LEVEL", "chatty")
    result = runner.invoke(app, ["platforms"])
    assert result.exit_code == 2 and "FINEPRINT_LOG_LEVEL" in result.output


HOSTILE = "Distro\u202eKid\x1b[31m"  # turned around, then red
SHOWN = "Distro\\u202eKid\\x1b[31m"


@pytest.fixture(scope="module")
def hostile_store(
    tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder
) -> Iterator[Settings]:
    """DistroKid's terms, and a later version that names DistroKid with a right-to-left
    override and an ANSI colour throughout. Ingest drops terminal controls from files today,
    so this store is built with that cleaning off: what an older ingest, or another writer of
    the store, left there — the terminal must be safe whatever the store holds."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = copy_corpus_files(root / "corpus", DISTROKID)
    original = (corpus / DISTROKID).read_text(encoding="utf-8")
    head, body = original.split("\n---\n", 1)
    later = (
        head.replace("2021-08-03", "2022-01-01") + "\n---\n" + body.replace("DistroKid", HOSTILE)
    )
    (corpus / DISTROKID).with_name("2022-01-01.md").write_text(later, encoding="utf-8")
    settings = make_settings(root / "data", corpus_dir=corpus)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ingest.documents.clean_body", lambda text: text)
        assert run_ingest(IngestRequest(settings, embedder=embedder)).ok
    yield settings


@pytest.mark.parametrize(
    "command",
    [
        # --full: the whole clause, where the hostile name stands (the quote is one sentence)
        [
            "ask",
            "Does DistroKid get a licence to my user content?",
            "--platform",
            "distrokid",
            "--full",
        ],
        ["clause", "distrokid", "terms-of-service", "User Content and Activity"],
        ["changes", "distrokid"],
    ],
)
def test_terminal_output_shows_controls_escaped_and_json_keeps_them(
    hostile_store: Settings, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Item 3: a document holding ANSI escapes was quoted raw, repainting the terminal."""
    point_cli_at(hostile_store, monkeypatch)
    text = runner.invoke(app, command)
    assert text.exit_code == 0, text.output
    assert SHOWN in text.output and is_neutral(text.output)
    data = runner.invoke(app, [*command, "--json"])
    assert data.exit_code == 0, data.output
    assert any(HOSTILE in text for text in json_strings(json.loads(data.output))), (
        "JSON is verbatim"
    )
