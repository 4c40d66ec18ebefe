"""Live re-ingest: fetch each document's URL, and ingest it when its text really changed.

For every document of `corpus/sources.toml` that has a URL (or the `urls` given), fetch the page
with httpx — a timeout, a size cap, at most a few redirects, http/https only (also where a
redirect points), a user agent that says who we are — extract the main text with trafilatura,
and compare it with the newest stored version after normalisation (markup, links, quotes,
spacing and punctuation spacing do not count). A real change is written as a dated snapshot in
the data directory and ingested with `run_ingest`; an unchanged page only records its check
time. Every failure is reported per document and leaves the store as it was.

    report = fetch_updates(settings, ["soundcloud"])
    for check in report.checks:
        print(check.platform, check.document, check.status, check.detail)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urljoin, urlparse

import httpx

from ingest.snapshots import record_checks, snapshot_path, write_snapshot

if TYPE_CHECKING:
    from fineprint.embeddings import Embedder
    from fineprint.settings import Settings
    from fineprint.sources import Sources
    from fineprint.store import ClauseStore
    from ingest.pipeline import IngestReport

log = logging.getLogger(__name__)

USER_AGENT = "Fineprint/0.1 (terms-of-service change monitor; +https://github.com/fineprint)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MIN_TEXT_CHARS = 300  # less than this from a terms page means a block page or a JS shell
MIN_TEXT_WORDS = 50

Status = Literal["new-version", "unchanged", "failed"]


class FetchError(Exception):
    """One document could not be fetched or extracted; the message says why, plainly."""


@dataclass(frozen=True)
class FetchLimits:
    """How patient and how trusting a fetch is."""

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5


@dataclass
class DocumentCheck:
    """What happened to one document in one run."""

    platform: str
    document: str
    url: str
    status: Status
    detail: str = ""
    version_date: str | None = None
    snapshot: Path | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "document": self.document,
            "url": self.url,
            "status": self.status,
            "detail": self.detail,
            "version_date": self.version_date,
            "snapshot": str(self.snapshot) if self.snapshot else None,
        }


@dataclass
class FetchReport:
    """Every document checked, and the ingest of the changed ones (None when none changed)."""

    checks: list[DocumentCheck] = field(default_factory=list)
    ingest: IngestReport | None = None

    @property
    def new_versions(self) -> list[DocumentCheck]:
        return [check for check in self.checks if check.status == "new-version"]

    @property
    def failures(self) -> list[DocumentCheck]:
        return [check for check in self.checks if check.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, object]:
        return {
            "checks": [check.as_dict() for check in self.checks],
            "ingest": self.ingest.as_dict() if self.ingest else None,
        }


# --- fetching ------------------------------------------------------------------------------


def _check_scheme(url: str) -> None:
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refusing a non-http(s) URL: {url}")


def fetch_html(client: httpx.Client, url: str, limits: FetchLimits) -> tuple[str, str]:
    """(final URL, HTML text). Redirects are followed by hand so each target is checked."""
    for _ in range(limits.max_redirects + 1):
        _check_scheme(url)
        try:
            with client.stream(
                "GET", url, follow_redirects=False, timeout=limits.timeout
            ) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a target")
                    target = urljoin(url, location)
                    if urlparse(target).scheme.lower() not in ("http", "https"):
                        raise FetchError(f"redirected to a non-http(s) URL: {target}")
                    url = target
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                if response.status_code != 200:
                    raise FetchError(f"unexpected HTTP {response.status_code}")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind not in HTML_TYPES:
                    raise FetchError(f"not an HTML page (content type {kind or 'missing'!r})")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                    raise FetchError(f"page too large ({declared} bytes > {limits.max_bytes})")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limits.max_bytes:
                        raise FetchError(f"page too large (over {limits.max_bytes} bytes)")
                encoding = response.charset_encoding or "utf-8"
                return url, bytes(body).decode(encoding, errors="replace")
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {limits.timeout:g}s") from None
        except httpx.ConnectError as error:
            raise FetchError(f"cannot connect ({error})") from None
        except httpx.HTTPError as error:
            raise FetchError(f"fetch failed ({type(error).__name__}: {error})") from None
    raise FetchError(f"more than {limits.max_redirects} redirects")


def extract_text(html: str) -> str:
    """Main text as Markdown (same options as plain-file ingest), or FetchError when the page
    yields nearly nothing — a consent wall or a JavaScript shell is not a new version."""
    import trafilatura

    text = trafilatura.extract(
        html, output_format="markdown", include_links=True, include_tables=True, favor_recall=True
    )
    text = (text or "").strip()
    if len(text) < MIN_TEXT_CHARS or len(text.split()) < MIN_TEXT_WORDS:
        raise FetchError(f"extraction yields nearly nothing ({len(text)} characters)")
    return text


# --- the run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    platform: str
    document: str
    url: str
    platform_name: str
    document_name: str


def _targets(
    settings: Settings,
    platforms: Sequence[str] | None,
    urls: dict[tuple[str, str], str] | None,
    sources: Sources | None,
) -> list[_Target]:
    if sources is None and settings.sources_path.exists():
        from fineprint.sources import load_sources

        sources = load_sources(settings.sources_path)
    wanted = {p.lower() for p in platforms} if platforms else None
    if wanted and sources is not None:
        wanted = {sources.resolve_platform(p) or p for p in wanted}
    pairs: dict[tuple[str, str], str] = {}
    if urls is not None:
        pairs = dict(urls)
    elif sources is not None:
        for slug, entry in sources.platforms.items():
            for doc, source in entry.documents.items():
                if source.url:
                    pairs[(slug, doc)] = source.url
    targets = []
    for (platform, document), url in sorted(pairs.items()):
        if wanted is not None and platform not in wanted:
            continue
        known = sources.platforms.get(platform) if sources else None
        doc_source = known.documents.get(document) if known else None
        targets.append(
            _Target(
                platform,
                document,
                url,
                known.name if known else platform,
                doc_source.name if doc_source else document.replace("-", " ").title(),
            )
        )
    return targets


def _stored_text(store: ClauseStore, platform: str, document: str) -> tuple[str, str] | None:
    """(version date, comparable body) of the newest stored version."""
    from fineprint.diff import comparable

    record = store.load_registry().current(platform, document)
    if record is None:
        return None
    return record.version_date, comparable(store.body(record.version_id) or "")


def fetch_updates(
    settings: Settings,
    platforms: Sequence[str] | None = None,
    client: httpx.Client | None = None,
    *,
    urls: dict[tuple[str, str], str] | None = None,
    sources: Sources | None = None,
    limits: FetchLimits | None = None,
    today: date | None = None,
    store: ClauseStore | None = None,
    embedder: Embedder | None = None,
) -> FetchReport:
    """Fetch every known document (or those of `platforms`; `urls` overrides sources.toml),
    snapshot and ingest the ones whose text changed; see the module docstring."""
    from fineprint.diff import comparable
    from fineprint.store import ClauseStore
    from ingest.pipeline import run_ingest

    limits = limits or FetchLimits()
    day = today or date.today()
    store = store or ClauseStore.open(settings)
    report = FetchReport()
    checked: dict[str, dict[str, object]] = {}
    own_client = client is None
    client = client or httpx.Client(
        headers={"User-Agent": USER_AGENT}, timeout=limits.timeout, follow_redirects=False
    )
    try:
        for target in _targets(settings, platforms, urls, sources):
            check = DocumentCheck(target.platform, target.document, target.url, "failed")
            report.checks.append(check)
            try:
                final_url, html = fetch_html(client, target.url, limits)
                text = extract_text(html)
            except FetchError as error:
                check.detail = str(error)
                continue
            stored = _stored_text(store, target.platform, target.document)
            if stored is not None and stored[1] == comparable(text):
                check.status, check.detail = "unchanged", f"same text as {stored[0]}"
                check.version_date = stored[0]
                checked[f"{target.platform}/{target.document}"] = {
                    "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "url": target.url,
                    "status": "unchanged",
                    "version_date": stored[0],
                }
                continue
            if stored is not None and stored[0] >= day.isoformat():
                check.detail = (
                    f"the text changed, but the newest stored version is dated {stored[0]}; "
                    f"a new version needs a later date than that"
                )
                continue
            path = snapshot_path(settings.data_dir, target.platform, target.document, day)
            write_snapshot(
                path,
                platform_name=target.platform_name,
                document_name=target.document_name,
                day=day,
                url=final_url,
                fetched_at=datetime.now(UTC),
                body=text,
            )
            check.status, check.version_date, check.snapshot = "new-version", day.isoformat(), path
            check.detail = f"changed since {stored[0]}" if stored else "first version"
    finally:
        if own_client:
            client.close()

    new = report.new_versions
    if new:
        report.ingest = run_ingest(
            [check.snapshot for check in new if check.snapshot],
            settings=settings,
            store=store,
            embedder=embedder,
        )
        problems = dict(report.ingest.skipped)
        for check in new:
            problem = problems.get(str(check.snapshot))
            if problem is not None:
                check.status, check.detail = "failed", f"ingest refused the snapshot: {problem}"
                if check.snapshot:
                    check.snapshot.unlink(missing_ok=True)
                check.snapshot = None
            else:
                checked[f"{check.platform}/{check.document}"] = {
                    "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "url": check.url,
                    "status": "new-version",
                    "version_date": check.version_date,
                }
    if checked:
        record_checks(settings.data_dir, checked)
    for check in report.failures:
        log.warning("fetch %s/%s failed: %s", check.platform, check.document, check.detail)
    return report
