"""The app and its entry points (cli/main.py): `python -m ingest` is `fineprint ingest`."""

from __future__ import annotations

from typer.testing import CliRunner

runner = CliRunner()


def test_python_dash_m_ingest_is_the_ingest_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ingest", "--help"], capture_output=True, text=True, check=True
    )
    assert "python -m ingest" in done.stdout and "--version-date" in done.stdout
