"""`fineprint ingest` (cli/ingest.py): bad files reported, plain files with flags, and `--fetch`
from a loopback server followed by `changes`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_ingest_reports_bad_files_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any
) -> None:
    from tests.conftest import copy_corpus_files

    corpus = copy_corpus_files(tmp_path / "corpus", "distrokid/terms-of-service/2024-09-19.md")
    (corpus / "broken.md").write_text("no front matter")
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(
        "fineprint.retrieval.embeddings.get_embedder", lambda *args, **kwargs: embedder
    )
    monkeypatch.setattr("ingest.pipeline.get_embedder", lambda *args, **kwargs: embedder)
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 1
    assert "broken.md: has no YAML front matter" in result.output
    assert "versions 1 new" in result.output
    assert "windows of long clauses" in result.output  # the extra vectors are accounted for
    # not a terminal: plain progress lines instead of a bar
    assert "ingest: reading and splitting 1/1 documents" in result.stderr
    assert "ingest: embedding" in result.stderr
    again = runner.invoke(app, ["ingest", str(corpus / "distrokid"), "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["texts_embedded"] == 0


def test_the_options_reach_the_ingest_as_one_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fineprint ingest` builds one `IngestRequest` from its options and hands it on whole."""
    from datetime import date

    from ingest.pipeline import IngestReport
    from ingest.request import IngestRequest, PlainFileSpec

    seen: list[IngestRequest] = []

    def ingest_and_index(request: IngestRequest, *, service: object = None) -> IngestReport:
        seen.append(request)
        return IngestReport()

    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("ingest.job.ingest_and_index", ingest_and_index)
    page = tmp_path / "terms.html"
    arguments = ["--platform", "Acme", "--document", "Terms", "--version-date", "2025-01-31"]
    result = runner.invoke(app, ["ingest", str(page), *arguments, "--wait"])
    assert result.exit_code == 0, result.output
    (request,) = seen
    assert request.paths == (page,)
    assert request.plain == PlainFileSpec("Acme", "Terms", date(2025, 1, 31), "")
    assert request.wait and request.progress is not None and request.on_wait is not None
    assert request.settings.data_dir == tmp_path / "data"
    assert (request.store, request.embedder) == (None, None)  # opened by the run itself


def test_ingest_plain_html_with_flags_then_look_it_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any
) -> None:
    page = tmp_path / "terms.html"
    page.write_text(
        "<html><body><main><h1>Acme Terms</h1><h2>Your Content</h2>"
        "<p>You keep ownership of everything you upload to Acme. You grant Acme a licence to "
        "host and show it, which ends when you delete it.</p><h2>AI</h2>"
        "<p>Acme will never use your uploads to train machine learning models.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("ingest.pipeline.get_embedder", lambda *args, **kwargs: embedder)
    missing = runner.invoke(app, ["ingest", str(page), "--platform", "Acme"])
    assert missing.exit_code == 2 and "--document" in missing.output
    result = runner.invoke(
        app,
        [
            "ingest",
            str(page),
            "--platform",
            "Acme",
            "--document",
            "Terms of Service",
            "--version-date",
            "2025-01-31",
            "--url",
            "https://acme.example/terms",
        ],
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["platforms", "--json"]).output)
    assert listed[0]["platform"] == "acme"
    assert listed[0]["documents"][0]["versions"] == ["2025-01-31"]
    found = runner.invoke(app, ["clause", "acme", "terms", "AI", "--json"])
    assert found.exit_code == 0, found.output
    assert "never use your uploads to train" in json.loads(found.output)[0]["text"]


def test_ingest_fetch_and_changes_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any
) -> None:
    """`ingest --fetch` reads a live page (served on loopback), stores a dated snapshot and
    ingests it; `changes` then diffs it against the bundled version."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.conftest import copy_corpus_files

    corpus = copy_corpus_files(tmp_path / "corpus", "distrokid/terms-of-service/2022-08-08.md")
    body = (corpus / "distrokid/terms-of-service/2022-08-08.md").read_text(encoding="utf-8")
    paragraphs = [p for p in body.split("\n\n") if len(p.strip()) > 80][:30]
    paragraphs.append("We will not use your music to train artificial intelligence models.")
    page = (
        "<html><body><main><h1>DistroKid Terms</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</main></body></html>"
    )

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (corpus / "sources.toml").write_text(
        '[platforms.distrokid]\nname = "DistroKid"\naliases = []\n'
        "[platforms.distrokid.documents.terms-of-service]\n"
        f'name = "Terms of Service"\nurl = "http://127.0.0.1:{server.server_port}/terms"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FINEPRINT_CORPUS_DIR", str(corpus))
    # test only: the fetcher refuses loopback unless this exact server is allow-listed
    monkeypatch.setenv("FINEPRINT_FETCH_TEST_ALLOW", f"127.0.0.1:{server.server_port}")
    monkeypatch.setattr("ingest.pipeline.get_embedder", lambda *args, **kwargs: embedder)
    try:
        assert runner.invoke(app, ["ingest"]).exit_code == 0
        fetched = runner.invoke(app, ["ingest", "--fetch", "distrokid", "--json"])
        assert fetched.exit_code == 0, fetched.output
        report = json.loads(fetched.output)
        assert [c["status"] for c in report["checks"]] == ["new-version"]
        assert report["ingest"]["versions_new"] == 1
        again = runner.invoke(app, ["ingest", "--fetch", "--json"])
        assert [c["status"] for c in json.loads(again.output)["checks"]] == ["unchanged"]
    finally:
        server.shutdown()
    diff = runner.invoke(app, ["changes", "distrokid", "--json"])
    assert diff.exit_code == 0, diff.output
    changes = json.loads(diff.output)
    assert changes["from"] == "2022-08-08" and changes["changes"]
    assert any("train artificial intelligence" in (c["after"] or "") for c in changes["changes"])


def test_shipped_vectors_are_counted_and_a_bad_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any
) -> None:
    """The summary says how many vectors were read from corpus/vectors/; a file there that
    cannot be used is named on stderr, and the ingest embeds instead."""
    from ingest.make_vectors import make_vectors
    from tests.conftest import copy_corpus_files, make_settings

    corpus = copy_corpus_files(tmp_path / "corpus", "distrokid/terms-of-service/2024-09-19.md")
    make_vectors(make_settings(tmp_path / "none", corpus_dir=corpus), embedder, emit=print)
    monkeypatch.setenv("FINEPRINT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("FINEPRINT_SHIPPED_VECTORS", "on")
    monkeypatch.setattr("ingest.pipeline.get_embedder", lambda *args, **kwargs: embedder)
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0 and "0 texts embedded, " in result.stdout
    assert "vectors read from the ones shipped with the corpus." in result.stdout

    (corpus / "vectors" / "minilm-terms.json").write_text("{")
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "other"))
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["vectors_shipped"] == 0
    assert f"note: {corpus}/vectors/minilm-terms.json: is not a JSON manifest" in result.stderr
