"""The entry points notice when `ingest` or `bot` is another distribution's package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fineprint.packaging import PackageClashError, check_own_packages


def test_our_own_packages_pass() -> None:
    check_own_packages()


def test_a_foreign_ingest_package_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    foreign = tmp_path / "site" / "ingest"
    foreign.mkdir(parents=True)
    (foreign / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    saved = sys.modules.pop("ingest", None)
    try:
        with pytest.raises(PackageClashError, match=r"ingest.*not Fineprint's"):
            check_own_packages()
    finally:
        sys.modules.pop("ingest", None)
        if saved is not None:
            sys.modules["ingest"] = saved
