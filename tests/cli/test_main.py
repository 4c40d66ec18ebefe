"""The `fineprint` command line, through typer's runner, on the session's real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from fineprint.settings import Settings
from tests.conftest import point_cli_at

runner = CliRunner()


@pytest.fixture
def env(ask_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the CLI's settings at the session store."""
    point_cli_at(ask_settings, monkeypatch)
    return ask_settings


def test_platforms_json_lists_documents_versions_and_counts(env: Settings) -> None:
    result = runner.invoke(app, ["platforms", "--json"])
    assert result.exit_code == 0, result.output
    overview = json.loads(result.output)
    soundcloud = next(p for p in overview if p["platform"] == "soundcloud")
    assert soundcloud["name"] == "SoundCloud"
    terms = soundcloud["documents"][0]
    assert terms["document"] == "terms-of-use" and terms["name"] == "Terms of Use"
    assert terms["versions"][0] == "2013-06-02" and terms["versions"][-1] == "2026-08-17"
    assert terms["clauses"] > 20
    table = runner.invoke(app, ["platforms"])
    assert table.exit_code == 0 and "SoundCloud" in table.output and "2026-08-17" in table.output


def test_clause_by_heading_and_by_number(env: Settings) -> None:
    result = runner.invoke(app, ["clause", "SC", "terms-of-use", "grant of license", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items and all(item["version_date"] == "2026-08-17" for item in items)
    assert any("train generative AI models" in item["text"] for item in items)
    old = runner.invoke(
        app, ["clause", "soundcloud", "terms", "Grant of license", "--version", "2025-03-01"]
    )
    assert old.exit_code == 0 and "version of 2024-02-07" in old.output
    assert "inform, train, develop" in old.output
    numbered = runner.invoke(app, ["clause", "x", "terms-of-service", "3", "--json"])
    assert numbered.exit_code == 0, numbered.output
    assert all("3." in json.loads(numbered.output)[0]["section"] for _ in [0])


def test_clause_errors_are_one_clear_line(env: Settings) -> None:
    result = runner.invoke(app, ["clause", "patreon", "terms", "1"])
    assert result.exit_code == 2 and "no platform called 'patreon'" in result.output
    result = runner.invoke(app, ["clause", "soundcloud", "terms", "no such heading at all"])
    assert result.exit_code == 2 and "no section" in result.output


def test_ask_json_and_text(env: Settings) -> None:
    result = runner.invoke(
        app, ["ask", "Can SoundCloud train AI on my voice?", "--json", "--k", "2"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["abstained"] is False and len(answer["citations"]) <= 2
    text = runner.invoke(app, ["ask", "Can SoundCloud train AI on my voice?"])
    assert "Not legal advice" in text.output and "[1] “" in text.output


def test_ask_jsonl_keeps_order_and_ids(env: Settings, tmp_path: Path) -> None:
    lines: list[dict[str, Any]] = [
        {"id": "a", "question": "Can SoundCloud train AI on my voice?"},
        {"id": "b", "question": "What does Patreon take?", "platform": "patreon"},
        {
            "id": "c",
            "question": "licence to my videos",
            "platform": "youtube",
            "as_of": "2021-01-15",
        },
        {"id": "d", "question": "bad date", "as_of": "someday"},
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = runner.invoke(app, ["ask", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [a["id"] for a in answers] == ["a", "b", "c", "d"]
    assert answers[1]["abstained"] is True
    assert answers[2]["as_of"] == "2021-01-15"
    assert {c["version_date"] for c in answers[2]["citations"]} == {"2020-11-09"}
    assert "error" in answers[3]
    from_stdin = runner.invoke(app, ["ask", "--jsonl", "-"], input=json.dumps(lines[0]) + "\n")
    assert json.loads(from_stdin.output.splitlines()[-1])["id"] == "a"


def test_ask_interactive_until_ctrl_d(env: Settings) -> None:
    result = runner.invoke(app, ["ask"], input="Can SoundCloud train AI on my voice?\n")
    assert result.exit_code == 0, result.output
    assert "Ctrl-D" in result.output and "Not legal advice" in result.output


def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_LOG_LEVEL", "chatty")
    result = runner.invoke(app, ["platforms"])
    assert result.exit_code == 2 and "FINEPRINT_LOG_LEVEL" in result.output


def test_ingest_reports_bad_files_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any
) -> None:
    from tests.conftest import copy_corpus_files

    corpus = copy_corpus_files(tmp_path / "corpus", "distrokid/terms-of-service/2024-09-19.md")
    (corpus / "broken.md").write_text("no front matter")
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("fineprint.embeddings.get_embedder", lambda *args, **kwargs: embedder)
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


def test_python_dash_m_ingest_is_the_ingest_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ingest", "--help"], capture_output=True, text=True, check=True
    )
    assert "python -m ingest" in done.stdout and "--version-date" in done.stdout


def test_ask_summary_with_a_local_openai_compatible_server(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--summary` puts a checked summary above the quotes; a bad one leaves the quotes alone."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    replies: list[str] = []

    class Chat(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps(
                {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "local",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": replies.pop(0)},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("FINEPRINT_LLM", "openai:local")
        monkeypatch.setenv("FINEPRINT_LLM_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "unused")
        from fineprint.summary import config

        config.get_llm_settings.cache_clear()
        replies.append("SoundCloud needs your opt-in consent before such training [1].")
        good = runner.invoke(
            app, ["ask", "Can SoundCloud train AI on my voice?", "--json", "--summary"]
        )
        answer = json.loads(good.output)
        assert answer["summary_checked"] is True and "[1]" in answer["summary"]
        assert answer["answer"].startswith("Summary (AI-generated")
        replies.append('SoundCloud says "we own your voice forever" [1].')
        bad = runner.invoke(
            app, ["ask", "Can SoundCloud train AI on my voice?", "--json", "--summary"]
        )
        fallback = json.loads(bad.output)
        assert fallback["summary"] is None and fallback["summary_checked"] is False
        assert fallback["citations"] and not fallback["answer"].startswith("Summary")
    finally:
        server.shutdown()
        from fineprint.summary import config

        config.get_llm_settings.cache_clear()


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
