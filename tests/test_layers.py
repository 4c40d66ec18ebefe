"""The import contracts (pyproject [tool.importlinter], run by `make lint`): `cli | bot` above
`ingest` above `fineprint`, no import upwards; between the core's wings (the catalogue imports
no other wing, retrieval neither answering nor changes, answering and changes not each other);
only the front ends and ingest import the service; and no import cycle anywhere in the tree.

The failing cases run the real `lint-imports` on a copy of the code with one upward import
added, so the test proves the build would fail, not merely that the contract is written down.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("fineprint", "ingest", "bot", "cli")
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with `root` first on the import path and its pyproject as the config."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_code(to: Path) -> Path:
    """The four packages' Python files (no models, no caches) and pyproject.toml, under `to`."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            to / package,
            ignore=shutil.ignore_patterns("models", "__pycache__", "*.pyc", "*.md"),
        )
    shutil.copyfile(ROOT / "pyproject.toml", to / "pyproject.toml")
    return to


def test_the_tree_keeps_the_contract() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_build(tmp_path: Path) -> None:
    code = copy_code(tmp_path)
    assert lint_imports(code).returncode == 0  # the copy alone keeps the contract
    (code / "fineprint" / "upward.py").write_text("from ingest.pipeline import run_ingest\n")
    done = lint_imports(code)
    assert done.returncode != 0
    assert "fineprint.upward -> ingest.pipeline" in done.stdout


def test_retrieval_may_not_import_the_answering_wing(tmp_path: Path) -> None:
    code = copy_code(tmp_path)
    probe = "from fineprint.answering.question import parse_question\n"
    (code / "fineprint" / "retrieval" / "probe.py").write_text(probe)
    done = lint_imports(code)
    assert done.returncode != 0
    assert "Wings: retrieval imports neither answering nor changes BROKEN" in done.stdout
    assert "fineprint.retrieval.probe -> fineprint.answering.question" in done.stdout


def test_the_bot_may_not_import_the_command_line(tmp_path: Path) -> None:
    code = copy_code(tmp_path)
    (code / "bot" / "sideways.py").write_text("from cli.common import fail\n")
    done = lint_imports(code)
    assert done.returncode != 0
    assert "bot.sideways -> cli.common" in done.stdout


def test_no_module_imports_itself_round_a_cycle() -> None:
    """Every import counts, those inside functions too: a cycle dodged by a late import is
    still a cycle."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = [
        (module, other)
        for module in sorted(graph.modules)
        for other in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=other, imported=module)
    ]
    assert cycles == []
