"""The real Platform Governance Archive bundle, read whole: slow, so opt-in.

    FINEPRINT_TEST_OTA_BUNDLE=1 .venv/bin/python -m pytest tests/ingest/ota/test_real_bundle.py

(`1` means `../shared/ota/pga-versions.bundle` beside the repository; or give the bundle's
path; `pga-declarations.bundle` is read from the same folder.) It checks the messy cases the
importer was built against (issue 22), then imports two services into a real store and
answers from them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fineprint.catalog.sources import load_sources
from fineprint.service import Fineprint
from ingest.ota import OtaRequest, import_dataset
from ingest.ota import Run as OtaRun
from ingest.ota.importer import ImportPlan, plan_import
from tests.conftest import CORPUS, REPO, MemoEmbedder, make_settings

pytestmark = pytest.mark.ota_bundle
WANTED = os.environ.get("FINEPRINT_TEST_OTA_BUNDLE", "")
BUNDLE = REPO.parent / "shared" / "ota" / "pga-versions.bundle" if WANTED == "1" else Path(WANTED)
if not WANTED:
    pytest.skip("set FINEPRINT_TEST_OTA_BUNDLE=1 to read the real bundle", allow_module_level=True)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bundle") / "pga-versions"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(target)], check=True)
    return target


@pytest.fixture(scope="module")
def declarations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bundle") / "pga-declarations"
    bundle = BUNDLE.with_name("pga-declarations.bundle")
    subprocess.run(["git", "clone", "-q", str(bundle), str(target)], check=True)
    return target


@pytest.fixture(scope="module")
def plan(clone: Path, declarations: Path) -> Iterator[ImportPlan]:
    yield plan_import(
        OtaRequest(clone, declarations),
        sources=load_sources(CORPUS / "sources.toml"),
        corpus_dir=CORPUS,
        registry=None,
    )


def kept(plan: ImportPlan, platform: str, document: str) -> list[str]:
    return sorted(
        d.version_date.isoformat()
        for d in plan.documents
        if (d.platform, d.document) == (platform, document)
    )


def skipped(plan: ImportPlan, label: str) -> dict[str, str]:
    return {s.day.isoformat(): s.reason for s in plan.skipped if s.label == label}


def test_every_service_is_a_platform_twitter_and_x_as_one(plan: ImportPlan) -> None:
    assert plan.dataset.name == "pga-versions" and plan.dataset.licence == "ODC-By 1.0"
    assert len(plan.platforms) == 24  # 25 services, Twitter and X one platform
    assert {"x-twitter", "truth-social", "threads", "bereal"} <= plan.platforms
    assert plan.not_tracked == ["Expedia/Privacy Policy.md"]
    urls = {d.source_url for d in plan.documents if d.platform == "threads"}
    assert all(url.startswith("https://") for url in urls)


def test_the_messy_captures_are_skipped_with_their_reason(plan: ImportPlan) -> None:
    assert "empty capture" in skipped(plan, "Upscrolled/Terms of Service.md")["2026-07-26"]
    for document in ("Terms of Service", "Privacy Policy", "Trackers Policy"):
        assert "same page" in skipped(plan, f"Parler/{document}.md")["2026-04-23"]
    telegram = skipped(plan, "Telegram/Terms of Service.md")
    assert {"2023-10-19", "2024-02-18", "2024-09-24"} <= set(telegram)
    assert all("far shorter" in reason for reason in telegram.values())


def test_flip_flops_are_not_versions_and_a_new_terms_upgrade_is(plan: ImportPlan) -> None:
    threads = kept(plan, "threads", "terms-of-service")
    assert len(threads) < 25  # 176 commits, mostly a footer flipping
    quora = kept(plan, "quora", "terms-of-service")
    assert not [day for day in quora if day.startswith("2024-05-1")]  # the daily e-mail flips
    assert "2026-04-21" in kept(plan, "bereal", "terms-of-service")


def test_a_language_switch_is_the_versions_language(plan: ImportPlan) -> None:
    privacy = {
        d.version_date.isoformat(): d.language
        for d in plan.documents
        if (d.platform, d.document) == ("telegram", "privacy-policy")
    }
    assert privacy["2022-07-11"] == "en"
    assert privacy["2023-10-19"] == "de"


def test_two_services_imported_answer_with_commit_dates_and_credit(
    clone: Path, tmp_path: Path, embedder: MemoEmbedder
) -> None:
    settings = make_settings(tmp_path / "data", corpus_dir=CORPUS)
    request = OtaRequest(clone, services=("BeReal", "Threads"))
    report = import_dataset(settings, request, OtaRun(embedder=embedder))
    assert report.ok and report.ingest is not None and report.ingest.versions_new > 5
    service = Fineprint(settings)
    answer = service.ask("Can BeReal use my photos to train AI?")
    top = answer.citations[0]
    assert top.platform == "bereal"
    assert top.version_date in kept(report.plan, "bereal", top.document)
    assert top.attribution.startswith("Platform Governance Archive")
