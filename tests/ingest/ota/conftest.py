"""The test dataset (`dataset_repo.build_acme`), built once per test that asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.ota.dataset_repo import DatasetRepo, build_acme


@pytest.fixture
def acme(tmp_path: Path) -> DatasetRepo:
    return build_acme(tmp_path / "acme-versions")
