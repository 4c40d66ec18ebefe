"""`fineprint timeline`: one line per version, the picture with --png, JSON with --json."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import typer
from typer.testing import CliRunner

from cli.timeline import timeline
from fineprint.settings import Settings

runner = CliRunner()


def app() -> typer.Typer:
    application = typer.Typer()
    application.command()(timeline)

    @application.command()
    def other() -> None:  # a second command keeps typer in multi-command mode, like the CLI
        """Unused."""

    return application


def test_lines_per_version_and_the_png(env: Settings, tmp_path: Path) -> None:
    path = tmp_path / "soundcloud.png"
    result = runner.invoke(app(), ["timeline", "SoundCloud", "terms", "--png", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("SoundCloud · Terms of Use: ")
    assert lines[0].endswith("with material changes")
    assert lines[1].endswith("first version held")
    ai = next(line for line in lines if line.startswith("2024-02-07"))
    assert "material change(s) of" in ai and ": AI " in ai
    assert lines[-1] == f"wrote {path} (1200x675 PNG)"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 675)


def test_json_lists_every_version(env: Settings) -> None:
    result = runner.invoke(app(), ["timeline", "youtube", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["platform"], data["document"]) == ("youtube", "terms-of-service")
    versions = data["versions"]
    assert versions[0]["previous"] is None
    assert set(versions[1]) == {
        "version_date",
        "previous",
        "changes",
        "material",
        "topics",
        "lead",
        "set_aside",
    }
    assert [v["version_date"] for v in versions] == sorted(v["version_date"] for v in versions)


def test_bad_names_and_unwritable_files_fail_clearly(env: Settings, tmp_path: Path) -> None:
    result = runner.invoke(app(), ["timeline", "nowhere"])
    assert result.exit_code == 2 and "no platform called 'nowhere'" in result.output
    missing = tmp_path / "no-such-folder" / "x.png"
    result = runner.invoke(app(), ["timeline", "youtube", "--png", str(missing)])
    assert result.exit_code == 2 and f"cannot write {missing}" in result.output
