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

import codecs
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urljoin, urlparse

import httpx

from ingest.net_guard import BlockedAddressError, allow_from_environment, public_client
from ingest.snapshots import record_checks, snapshot_path, write_snapshot

if TYPE_CHECKING:
    from fineprint.catalog.sources import Sources
    from fineprint.retrieval.embeddings import Embedder
    from fineprint.settings import Settings
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
    """How patient and how trusting a fetch is.

    `retries` more attempts follow a connection error, a 5xx or a 429, after `backoff`,
    2×`backoff`, … seconds (a 429's Retry-After is honoured up to `max_wait`); `sleep` is
    how to wait (tests pass a recorder, so no test waits on time). `allow` is TEST ONLY:
    exact `ip:port` pairs that may be reached although not public (a loopback test server).
    """

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    allow: frozenset[str] = frozenset()


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


class _Retryable(Exception):
    """A failure worth another attempt; `wait` is what the server asked for, if anything."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


def fetch_html(client: httpx.Client, url: str, limits: FetchLimits) -> tuple[str, str]:
    """(final URL, HTML text). Redirects are followed by hand so each target is checked: its
    scheme, no https → http downgrade, and (in the client's transport) its address."""
    for _ in range(limits.max_redirects + 1):
        _check_scheme(url)
        target, html = _with_retries(client, url, limits)
        if target is None:
            return url, html
        if urlparse(target).scheme.lower() not in ("http", "https"):
            raise FetchError(f"redirected to a non-http(s) URL: {target}")
        if urlparse(url).scheme.lower() == "https" and urlparse(target).scheme.lower() == "http":
            raise FetchError(f"refusing a redirect from https to plain http: {target}")
        url = target
    raise FetchError(f"more than {limits.max_redirects} redirects")


def _with_retries(client: httpx.Client, url: str, limits: FetchLimits) -> tuple[str | None, str]:
    for attempt in range(limits.retries + 1):
        try:
            return _get_once(client, url, limits)
        except _Retryable as error:
            if attempt == limits.retries:
                raise FetchError(str(error)) from None
            wait = limits.backoff * 2**attempt if error.wait is None else error.wait
            log.info("fetch %s: %s; retrying in %.1fs", url, error, wait)
            limits.sleep(min(max(wait, 0.0), limits.max_wait))
    raise AssertionError("unreachable")


def _get_once(client: httpx.Client, url: str, limits: FetchLimits) -> tuple[str | None, str]:
    """One GET: (redirect target, "") or (None, HTML text)."""
    try:
        with client.stream("GET", url, follow_redirects=False, timeout=limits.timeout) as response:
            if response.is_redirect:
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError(f"HTTP {response.status_code} redirect without a target")
                return urljoin(url, location), ""
            _check_response(response, limits)
            return None, _read_body(response, limits)
    except BlockedAddressError as error:
        raise FetchError(str(error)) from None
    except httpx.TimeoutException as error:
        if isinstance(error, httpx.ConnectTimeout):
            raise _Retryable(f"timed out connecting after {limits.timeout:g}s") from None
        raise FetchError(f"timed out after {limits.timeout:g}s") from None
    except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError) as error:
        raise _Retryable(f"cannot connect ({error})") from None
    except httpx.HTTPError as error:
        raise FetchError(f"fetch failed ({type(error).__name__}: {error})") from None


def _check_response(response: httpx.Response, limits: FetchLimits) -> None:
    """A 200 HTML page of an acceptable declared size, or why not (429 and 5xx retry)."""
    status = response.status_code
    if status == 429 or status >= 500:
        raise _Retryable(f"HTTP {status} {response.reason_phrase}", _retry_after(response))
    if status >= 400:
        raise FetchError(f"HTTP {status} {response.reason_phrase}")
    if status != 200:
        raise FetchError(f"unexpected HTTP {status}")
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        raise FetchError(f"not an HTML page (content type {kind or 'missing'!r})")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"page too large ({declared} bytes > {limits.max_bytes})")


def _read_body(response: httpx.Response, limits: FetchLimits) -> str:
    """The page text, read no further than `limits.max_bytes` whatever the server declared."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > limits.max_bytes:
            raise FetchError(f"page too large (over {limits.max_bytes} bytes)")
    return bytes(body).decode(_encoding(response), errors="replace")


def _encoding(response: httpx.Response) -> str:
    """The declared charset when Python knows it, else UTF-8 (a bogus charset is common)."""
    declared = response.charset_encoding
    if declared:
        try:
            return codecs.lookup(declared).name
        except (LookupError, ValueError):
            log.info("unknown charset %r at %s; reading as UTF-8", declared, response.url)
    return "utf-8"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


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
        from fineprint.catalog.sources import load_sources

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
    from fineprint.catalog.alignment import comparable

    record = store.load_registry().current(platform, document)
    if record is None:
        return None
    return record.version_date, comparable(store.body(record.version_id) or "")


def _check_one(
    settings: Settings,
    store: ClauseStore,
    client: httpx.Client,
    target: _Target,
    check: DocumentCheck,
    limits: FetchLimits,
    day: date,
) -> dict[str, object] | None:
    """Fetch one document and snapshot it when its text changed; the check-file entry when
    the page was unchanged (a new version's entry waits until its ingest succeeds)."""
    from fineprint.catalog.alignment import comparable

    final_url, html = fetch_html(client, target.url, limits)
    text = extract_text(html)
    stored = _stored_text(store, target.platform, target.document)
    if stored is not None and stored[1] == comparable(text):
        check.status, check.detail = "unchanged", f"same text as {stored[0]}"
        check.version_date = stored[0]
        return {
            "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "url": target.url,
            "status": "unchanged",
            "version_date": stored[0],
        }
    if stored is not None and stored[0] >= day.isoformat():
        raise FetchError(
            f"the text changed, but the newest stored version is dated {stored[0]}; "
            f"a new version needs a later date than that"
        )
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
    return None


def _settle_new_versions(
    new: list[DocumentCheck], ingest: IngestReport
) -> dict[str, dict[str, object]]:
    """After the ingest of the snapshots: a refused one fails its check and is deleted; the
    others are recorded as checked (returned, by `platform/document`)."""
    problems = dict(ingest.skipped)
    checked: dict[str, dict[str, object]] = {}
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
    return checked


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
    from fineprint.store import ClauseStore
    from ingest.pipeline import run_ingest

    limits = limits or FetchLimits()
    day = today or date.today()
    store = store or ClauseStore.open(settings)
    report = FetchReport()
    checked: dict[str, dict[str, object]] = {}
    own_client = client is None
    client = client or public_client(
        allow=limits.allow | allow_from_environment(),
        headers={"User-Agent": USER_AGENT},
        timeout=limits.timeout,
        follow_redirects=False,
    )
    try:
        for target in _targets(settings, platforms, urls, sources):
            check = DocumentCheck(target.platform, target.document, target.url, "failed")
            report.checks.append(check)
            try:
                stamp = _check_one(settings, store, client, target, check, limits, day)
            except FetchError as error:
                check.status, check.detail = "failed", str(error)
                continue
            except Exception as error:  # one document's surprise never ends the whole run
                log.debug("fetch %s failed", target.url, exc_info=True)
                check.status = "failed"
                check.detail = f"unexpected error ({type(error).__name__}: {error})"
                continue
            if stamp is not None:
                checked[f"{target.platform}/{target.document}"] = stamp
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
        checked.update(_settle_new_versions(new, report.ingest))
    if checked:
        record_checks(settings.data_dir, checked)
    for check in report.failures:
        log.warning("fetch %s/%s failed: %s", check.platform, check.document, check.detail)
    return report
