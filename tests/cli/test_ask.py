"""`fineprint ask` (cli/ask.py): one question as text or JSON, a JSON-lines batch, the prompt,
and `--summary` against a local OpenAI-compatible server; on the session's real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from fineprint.settings import Settings

runner = CliRunner()


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
