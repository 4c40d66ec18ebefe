"""`ask --jsonl` with hostile lines: each bad line gets its own {"id", "error"}, no traceback,
and every other line is still answered (on the session's real store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from fineprint.settings import Settings
from tests.conftest import point_cli_at

runner = CliRunner()

GOOD = {"id": "good", "question": "Can SoundCloud train AI on my voice?"}
HOSTILE = [
    ('{"id": "surrogate", "question": "Can SoundCloud \\ud800 train AI?"}', "surrogate"),
    ('{"id": "number-date", "question": "Can SoundCloud train AI?", "as_of": 2024}', "as_of"),
    ('{"id": "list-date", "question": "Can SoundCloud train AI?", "as_of": ["2024"]}', "as_of"),
    ('{"id": "list-question", "question": ["a", "b"]}', "question"),
    ('{"id": "number-platform", "question": "licence?", "platform": 7}', "platform"),
    ('{"id": "surrogate-platform", "question": "licence?", "platform": "\\udfff"}', "surrogate"),
    ('{"id": "impossible-date", "question": "licence?", "as_of": "2024-02-30"}', "as_of"),
    ('{"id": "no-question"}', "question"),
    ('["not", "an", "object"]', "JSON object"),
    ('"just a string"', "JSON object"),
    ("{broken json", "line"),
]


@pytest.fixture
def env(ask_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    point_cli_at(ask_settings, monkeypatch)
    return ask_settings


def test_each_hostile_line_gets_its_own_error_and_the_rest_are_answered(
    env: Settings, tmp_path: Path
) -> None:
    lines = [json.dumps(GOOD)]
    for raw, _ in HOSTILE:
        lines += [raw, json.dumps(GOOD)]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ask", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    assert result.exception is None and "Traceback" not in result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 1 + 2 * len(HOSTILE)
    goods, errors = answers[0::2], answers[1::2]
    assert all(a["id"] == "good" and a["abstained"] is False and a["citations"] for a in goods)
    for (raw, expected), error in zip(HOSTILE, errors, strict=True):
        assert set(error) == {"id", "error"}, (raw, error)
        assert expected in error["error"], (raw, error)
        if raw.startswith('{"id"'):
            assert error["id"] == json.loads(raw)["id"]


def test_a_failure_while_answering_is_that_lines_error(
    env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fineprint.answering.answer import Answerer

    real_ask = Answerer.ask

    def ask(self: Answerer, text: str, **kwargs: object):  # type: ignore[no-untyped-def]
        if "explode" in text:
            raise RuntimeError("boom")
        return real_ask(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Answerer, "ask", ask)
    path = tmp_path / "q.jsonl"
    path.write_text(
        json.dumps({"id": 1, "question": "explode now"}) + "\n" + json.dumps(GOOD) + "\n"
    )
    result = runner.invoke(app, ["ask", "--jsonl", str(path)])
    assert result.exit_code == 0 and result.exception is None
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"id": 1, "error": "could not answer (RuntimeError)"}
    assert second["id"] == "good" and second["citations"]
