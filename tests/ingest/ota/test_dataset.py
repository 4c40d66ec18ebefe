"""ingest.ota.dataset: licence, credit and URLs of a dataset."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest.ota.dataset import Declarations, identify
from tests.ingest.ota.dataset_repo import DatasetRepo


def test_an_odc_by_dataset_asks_for_credit_named_after_its_origin(
    acme: DatasetRepo, tmp_path: Path
) -> None:
    clone = acme.origin(tmp_path / "pga-versions")
    dataset = identify(clone)
    assert dataset.name == "acme-versions"  # the origin's name, not the clone folder's
    assert dataset.licence == "ODC-By 1.0"
    assert dataset.attribution == "acme-versions (Open Terms Archive)"


def test_a_cc0_dataset_needs_no_credit(acme: DatasetRepo) -> None:
    (acme.path / "LICENSE").write_text("CC0 1.0 Universal Public Domain Dedication\n")
    assert identify(acme.path).attribution == ""


def test_urls_follow_the_declaration_history(tmp_path: Path) -> None:
    folder = tmp_path / "declarations"
    folder.mkdir()
    (folder / "Acme.json").write_text(
        json.dumps(
            {
                "name": "Acme Video",
                "terms": {"Terms of Service": {"fetch": "https://acme.test/terms"}},
            }
        )
    )
    (folder / "Acme.history.json").write_text(
        json.dumps(
            {
                "Terms of Service": [
                    {"fetch": "https://old.acme.test/tos", "validUntil": "2024-03-01T10:00:00Z"}
                ]
            }
        )
    )
    declarations = Declarations(tmp_path)
    assert declarations.service_name("Acme") == "Acme Video"
    assert (
        declarations.url("Acme", "Terms of Service", date(2024, 1, 1))
        == "https://old.acme.test/tos"
    )
    assert (
        declarations.url("Acme", "Terms of Service", date(2024, 5, 1)) == "https://acme.test/terms"
    )
    assert declarations.url("Other", "Terms of Service", date(2024, 5, 1)) == ""
