"""Live re-ingest against a real HTTP server on 127.0.0.1 serving pages built from corpus
versions; failures must be reported per document and leave the store as it was."""

from __future__ import annotations

import contextlib
import html
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from fineprint.changes.diff import diff_versions
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.documents import read_corpus_file
from ingest.fetch import USER_AGENT, FetchLimits, fetch_updates
from ingest.snapshots import load_checks
from tests.conftest import CORPUS, MemoEmbedder

KEY = ("soundcloud", "terms-of-use")
SETEXT = re.compile(r"^(.+)\n[=-]{3,}\s*$")


def page(version: str, *, styled: bool = False) -> str:
    """An HTML page from a corpus version's body: headings as <h2>, paragraphs as <p>.

    `styled` changes formatting only: bold words, a link, different spacing and markup."""
    body = read_corpus_file(CORPUS / "soundcloud/terms-of-use" / f"{version}.md").body
    blocks = []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block:
            continue
        heading = SETEXT.match(block) or re.match(r"^#+\s+(.+)$", block)
        text = html.escape(heading.group(1) if heading else block)
        if styled:
            text = text.replace("Content", "<strong>Content</strong>").replace(
                "Platform", '<a href="https://soundcloud.com/">Platform</a>'
            )
            text = text.replace(". ", ".\n   ")
        blocks.append(f"<h2>{text}</h2>" if heading else f"<p>{text}</p>")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Terms of Use</title></head>"
        "<body><nav><a href='/'>Home</a></nav><main><article><h1>SoundCloud Terms of Use</h1>"
        + "\n".join(blocks)
        + "</article></main><footer>© SoundCloud</footer></body></html>"
    )


class Site:
    """What the server answers, per path: (status, headers, body, delay seconds)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.user_agents: list[str] = []

    def html(self, path: str, text: str) -> None:
        self.routes[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, text.encode(), 0)


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.user_agents.append(self.headers.get("User-Agent", ""))
            status, headers, body, delay = state.routes.get(
                self.path, (404, {"Content-Type": "text/html"}, b"<p>not found</p>", 0)
            )
            if delay:
                time.sleep(delay)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers and "X-No-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def loopback_limits(url: str, limits: FetchLimits | None = None) -> FetchLimits:
    """Limits that let the fetcher reach this test server (loopback is refused otherwise)
    and retry without waiting."""
    where = urlparse(url)
    return replace(
        limits or FetchLimits(),
        allow=frozenset({f"{where.hostname}:{where.port}"}),
        sleep=lambda seconds: None,
    )


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
        ((404, {"Content-Type": "text/html"}, b"gone", 0), "HTTP 404"),
        ((500, {"Content-Type": "text/html"}, b"oops", 0), "HTTP 500"),
        ((302, {"Location": "ftp://127.0.0.1/terms"}, b"", 0), "non-http(s) URL: ftp://"),
        ((301, {"Location": "file:///etc/passwd"}, b"", 0), "non-http(s) URL: file://"),
        ((200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 " * 100, 0), "not an HTML page"),
        ((200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 3_000_000, 0), "too large"),
        (
            (200, {"Content-Type": "text/html", "X-No-Length": "1"}, b"<p>" + b"y" * 3_000_000, 0),
            "too large",
        ),
        (
            (200, {"Content-Type": "text/html"}, b"<html><body><p>Loading</p></body></html>", 0),
            "nearly nothing",
        ),
        ((200, {"Content-Type": "text/html"}, b"<p>slow</p>", 3.0), "timed out"),
    ],
)
def test_failures_are_reported_and_leave_the_store_as_it_was(
    embedded_settings: Settings,
    embedder: MemoEmbedder,
    site: tuple[Site, str],
    route: tuple[int, dict[str, str], bytes, float],
    expected: str,
) -> None:
    state, base = site
    state.routes["/bad"] = route
    limits = FetchLimits(timeout=1.0, max_bytes=2_000_000, max_redirects=3)
    detail = _failure(embedded_settings, embedder, f"{base}/bad", limits=limits)
    assert expected in detail


def test_redirect_loops_and_closed_ports_fail_cleanly(
    embedded_settings: Settings, embedder: MemoEmbedder, site: tuple[Site, str]
) -> None:
    state, base = site
    state.routes["/loop"] = (302, {"Location": "/loop"}, b"", 0)
    limits = FetchLimits(timeout=1.0, max_redirects=2)
    assert "more than 2 redirects" in _failure(
        embedded_settings, embedder, f"{base}/loop", limits=limits
    )
    with httpx.Client() as client:  # a caller's client works too
        detail = _failure(embedded_settings, embedder, "http://127.0.0.1:9/terms", client=client)
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
