"""The type-checking contract (pyproject [tool.mypy], run by `make lint`): every package is
checked as `mypy --strict` checks, and the core (`fineprint`) writes `Any` only in the modules
that wrap a library.

Each case runs the real mypy, with the project's configuration, on one small module placed
in a package of a scratch tree: the test proves the build would fail, not merely that the
settings are written down.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MYPY = str(Path(sys.executable).parent / "mypy")

UNTYPED = "def double(x):\n    return 2 * x\n"
EXPLICIT_ANY = "from typing import Any\n\n\ndef double(x: Any) -> int:\n    return 2 * int(x)\n"


def check(tmp_path: Path, module: str, source: str) -> subprocess.CompletedProcess[str]:
    """mypy with the project's pyproject on `source` as module `module` (e.g. fineprint.x)."""
    *packages, name = module.split(".")
    tmp_path.mkdir(parents=True, exist_ok=True)
    folder = tmp_path
    for package in packages:
        folder = folder / package
        folder.mkdir(exist_ok=True)
        (folder / "__init__.py").touch()
    path = folder / f"{name}.py"
    path.write_text(source)
    return subprocess.run(
        [MYPY, "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_untyped_function_fails_in_every_package(tmp_path: Path) -> None:
    for package in ("fineprint", "ingest", "bot", "cli"):
        done = check(tmp_path, f"{package}.probe", UNTYPED)
        assert done.returncode == 1, done.stdout
        assert "[no-untyped-def]" in done.stdout


def test_explicit_any_fails_in_the_core_but_not_at_a_library_edge(tmp_path: Path) -> None:
    core = check(tmp_path / "core", "fineprint.probe", EXPLICIT_ANY)
    assert core.returncode == 1 and "[explicit-any]" in core.stdout, core.stdout
    edge = check(tmp_path / "edge", "fineprint.store", EXPLICIT_ANY)  # wraps chromadb
    assert edge.returncode == 0, edge.stdout
    front = check(tmp_path / "front", "bot.probe", EXPLICIT_ANY)  # discord.py's generics
    assert front.returncode == 0, front.stdout
