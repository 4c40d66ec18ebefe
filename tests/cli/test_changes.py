"""`fineprint changes` through typer's runner, on the session's real store."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from cli.changes import changes
from fineprint.settings import Settings
from tests.conftest import point_cli_at

runner = CliRunner()


@pytest.fixture
def app(ask_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """An app with `changes` registered the way cli/main.py registers it."""
    point_cli_at(ask_settings, monkeypatch)
    application = typer.Typer()
    application.command()(changes)

    @application.command()
    def other() -> None:  # a second command keeps typer in multi-command mode, like the CLI
        """Unused."""

    return application


def test_json_lists_the_ai_clause_first(app: typer.Typer) -> None:
    result = runner.invoke(
        app, ["changes", "SoundCloud", "--from", "2018-05-25", "--to", "2024-02-07", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["platform"], data["document"]) == ("soundcloud", "terms-of-use")
    assert (data["from"], data["to"]) == ("2018-05-25", "2024-02-07")
    first = data["changes"][0]
    assert set(first) == {"kind", "material", "topics", "section", "before", "after"}
    assert first["material"] and first["topics"][0] == "ai"
    assert "inform, train, develop" in first["after"]
    assert {c["kind"] for c in data["changes"]} <= {"added", "removed", "modified", "moved"}
    flags = [c["material"] for c in data["changes"]]
    assert flags == sorted(flags, reverse=True)


def test_defaults_compare_the_two_newest_versions(app: typer.Typer) -> None:
    result = runner.invoke(app, ["changes", "soundcloud", "terms-of-use", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["from"], data["to"]) == ("2025-09-10", "2026-08-17")


def test_text_output_shows_quotes_and_diff(app: typer.Typer) -> None:
    result = runner.invoke(app, ["changes", "sc", "--from", "2024-02-07", "--to", "2025-05-27"])
    assert result.exit_code == 0, result.output
    assert "soundcloud terms-of-use: 2024-02-07 → 2025-05-27" in result.output
    first = result.output.split("\n1. ", 1)[1]
    assert first.startswith("modified (MATERIAL) [ai")
    assert "{+" in first and "before:" in first and "after:" in first
    assert "\x1b[" not in result.output  # not a terminal: wdiff's marks, no colour codes


def numbered(output: str) -> list[int]:
    """The numbers of the changes a listing shows."""
    return [int(line.split(".", 1)[0]) for line in output.splitlines() if line[:1].isdigit()]


def test_the_listing_shows_the_top_three_then_counts_the_rest(app: typer.Typer) -> None:
    """Issue 21: `changes youtube` printed every change (924 lines)."""
    args = ["changes", "SoundCloud", "--from", "2018-05-25", "--to", "2024-02-07"]
    data = json.loads(runner.invoke(app, [*args, "--json"]).output)
    total = len(data["changes"])
    material = sum(1 for change in data["changes"] if change["material"])
    assert total > 3
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert numbered(result.output) == [1, 2, 3]
    assert result.output.split("\n1. ", 1)[1].split("\n")[0].split(" [")[1].startswith("ai")
    last = result.output.rstrip().splitlines()[-1]
    assert last == (
        f"…and {total - 3} more ({material - 3} material, {total - material} minor) "
        "— --all to list them"
    )
    top = runner.invoke(app, [*args, "--top", "5"])
    assert numbered(top.output) == [1, 2, 3, 4, 5] and f"…and {total - 5} more" in top.output
    every = runner.invoke(app, [*args, "--all"])
    assert numbered(every.output) == list(range(1, total + 1)) and "more (" not in every.output
    whole = json.loads(runner.invoke(app, [*args, "--top", "1", "--json"]).output)
    assert len(whole["changes"]) == total  # --json keeps the whole list


def test_top_must_be_positive(app: typer.Typer) -> None:
    result = runner.invoke(app, ["changes", "soundcloud", "--top", "0"])
    assert result.exit_code == 2 and "--top" in result.output


def test_unknown_platform_and_bad_date_fail_clearly(app: typer.Typer) -> None:
    result = runner.invoke(app, ["changes", "nowhere"])
    assert result.exit_code == 2 and "no platform called 'nowhere'" in result.output
    result = runner.invoke(app, ["changes", "soundcloud", "--from", "May 2020"])
    assert result.exit_code == 2 and "not a date" in result.output
    result = runner.invoke(app, ["changes", "soundcloud", "--from", "2000-01-01"])
    assert result.exit_code == 2 and "no version on or before 2000-01-01" in result.output
