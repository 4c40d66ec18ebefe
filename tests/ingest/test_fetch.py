"""The live re-fetch run (`ingest/fetch.py`) against a real HTTP server on 127.0.0.1 serving
pages built from corpus versions: fetch, extract, record, then ingest what changed; a failure
at any stage is reported against its document and leaves the store as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest

from fineprint.changes.diff import diff_versions
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.documents import read_corpus_file
from ingest.fetch import fetch_updates
from ingest.fetcher import USER_AGENT, FetchLimits
from ingest.snapshots import load_checks
from tests.conftest import CORPUS, MemoEmbedder
from tests.ingest.pages import KEY, Site, loopback_limits, page


def fetch(
    settings: Settings,
    embedder: MemoEmbedder,
    url: str,
    day: str,
    limits: FetchLimits | None = None,
    **kwargs: object,
):
    return fetch_updates(
        settings,
        urls={KEY: url},
        today=date.fromisoformat(day),
        embedder=embedder,
        limits=loopback_limits(url, limits),
        **kwargs,  # type: ignore[arg-type]
    )


def versions(settings: Settings) -> dict[str, str]:
    registry = ClauseStore.open(settings).load_registry()
    return {vid: record.content_hash for vid, record in registry.versions.items()}


def test_first_fetch_ingests_then_unchanged_adds_nothing_then_a_change_adds_a_version(
    embedded_settings: Settings, embedder: MemoEmbedder, site: tuple[Site, str]
) -> None:
    state, base = site
    state.html("/terms", page("2018-05-25"))
    first = fetch(embedded_settings, embedder, f"{base}/terms", "2025-01-01")
    assert first.ok and [c.status for c in first.checks] == ["new-version"]
    snapshot = first.checks[0].snapshot
    assert (
        snapshot == embedded_settings.data_dir / "snapshots/soundcloud/terms-of-use/2025-01-01.md"
    )
    assert read_corpus_file(snapshot).platform_name == "SoundCloud"
    assert first.ingest and first.ingest.new_version_ids == ["soundcloud/terms-of-use/2025-01-01"]
    assert state.user_agents[-1] == USER_AGENT
    assert not (CORPUS / "soundcloud/terms-of-use/2025-01-01.md").exists()  # corpus untouched

    second = fetch(embedded_settings, embedder, f"{base}/terms", "2025-01-02")
    assert [c.status for c in second.checks] == ["unchanged"] and second.ingest is None
    assert list(versions(embedded_settings)) == ["soundcloud/terms-of-use/2025-01-01"]
    checks = load_checks(embedded_settings.data_dir)
    assert checks["soundcloud/terms-of-use"]["status"] == "unchanged"
    assert checks["soundcloud/terms-of-use"]["checked_at"]

    styled = fetch(embedded_settings, embedder, f"{base}/styled", "2025-01-03")
    assert styled.checks[0].status == "failed"  # 404 first: nothing served there yet
    state.html("/styled", page("2018-05-25", styled=True))
    styled = fetch(embedded_settings, embedder, f"{base}/styled", "2025-01-03")
    assert [c.status for c in styled.checks] == ["unchanged"], styled.checks[0].detail
    assert len(versions(embedded_settings)) == 1

    state.html("/terms", page("2024-02-07"))
    changed = fetch(embedded_settings, embedder, f"{base}/terms", "2025-02-01")
    assert [c.status for c in changed.checks] == ["new-version"]
    assert sorted(versions(embedded_settings)) == [
        "soundcloud/terms-of-use/2025-01-01",
        "soundcloud/terms-of-use/2025-02-01",
    ]
    store = ClauseStore.open(embedded_settings)
    history = store.load_registry().history(*KEY)
    diff = diff_versions(store, history[0], history[1])
    assert diff.changes[0].topics[0] == "ai"
    assert "inform, train, develop" in (diff.changes[0].after_text or "")


def _failure(settings: Settings, embedder: MemoEmbedder, url: str, **kwargs: object) -> str:
    before = versions(settings)
    report = fetch(settings, embedder, url, "2025-03-01", **kwargs)
    assert [c.status for c in report.checks] == ["failed"] and report.ingest is None
    assert versions(settings) == before
    assert not (settings.data_dir / "snapshots/soundcloud/terms-of-use/2025-03-01.md").exists()
    return report.checks[0].detail


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ((404, {"Content-Type": "text/html"}, b"gone", 0), "HTTP 404"),  # fetching
        (
            (200, {"Content-Type": "text/html"}, b"<html><body><p>Loading</p></body></html>", 0),
            "nearly nothing",  # extracting
        ),
    ],
)
def test_a_failure_at_any_stage_is_reported_and_leaves_the_store_as_it_was(
    embedded_settings: Settings,
    embedder: MemoEmbedder,
    site: tuple[Site, str],
    route: tuple[int, dict[str, str], bytes, float],
    expected: str,
) -> None:
    state, base = site
    state.routes["/bad"] = route
    detail = _failure(embedded_settings, embedder, f"{base}/bad", limits=FetchLimits(timeout=1.0))
    assert expected in detail


def test_a_changed_text_under_a_date_not_later_fails_when_recorded(
    embedded_settings: Settings, embedder: MemoEmbedder, site: tuple[Site, str]
) -> None:
    state, base = site
    state.html("/terms", page("2018-05-25"))
    fetch(embedded_settings, embedder, f"{base}/terms", "2025-03-02")
    state.html("/terms", page("2024-02-07"))
    detail = _failure(embedded_settings, embedder, f"{base}/terms")
    assert "needs a later date" in detail


def test_a_callers_client_is_used_and_left_open(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    with httpx.Client() as client:
        detail = _failure(embedded_settings, embedder, "http://127.0.0.1:9/terms", client=client)
        assert not client.is_closed
    assert "cannot connect" in detail


def test_a_redirect_to_http_is_followed(
    embedded_settings: Settings, embedder: MemoEmbedder, site: tuple[Site, str]
) -> None:
    state, base = site
    state.html("/new-home", page("2025-05-27"))
    state.routes["/old"] = (301, {"Location": "/new-home"}, b"", 0)
    report = fetch(embedded_settings, embedder, f"{base}/old", "2025-06-01")
    assert [c.status for c in report.checks] == ["new-version"]
    assert read_corpus_file(Path(str(report.checks[0].snapshot))).source_url.endswith("/new-home")


def test_platform_filter_and_sources_urls(embedded_settings: Settings) -> None:
    from ingest.fetch import _targets

    targets = _targets(embedded_settings, ["SoundCloud"], None, None)
    assert {t.platform for t in targets} == {"soundcloud"}
    assert all(t.url.startswith("https://") for t in targets)
    assert {t.document for t in targets} >= {"terms-of-use"}
