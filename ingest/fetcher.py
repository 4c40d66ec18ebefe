"""Fetching pages: one document's live URL in, its final URL and HTML out, or a `FetchError`
that says plainly why not.

Every fetch goes through `open_client`: public addresses only (`net_guard`), a user agent that
says who we are, a timeout and a size cap; redirects are followed by hand so each hop is checked
(http/https only, no downgrade to plain http); a connection error, a 5xx or a 429 is retried
with backoff. The first stage of a live re-fetch (`ingest/fetch.py` runs them all).
"""

from __future__ import annotations

import codecs
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import httpx

from ingest.net_guard import BlockedAddressError, allow_from_environment, public_client

log = logging.getLogger(__name__)

USER_AGENT = "Fineprint/0.1 (terms-of-service change monitor; +https://github.com/fineprint)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """One document could not be fetched, extracted or recorded; the message says why, plainly.
    Every stage raises it, and the run reports it against that document alone."""


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


def open_client(limits: FetchLimits) -> httpx.Client:
    """The client a run fetches with when the caller gives none: public addresses only (plus
    `limits.allow` and the environment's test allowance), our user agent, no automatic
    redirects (`fetch_html` checks each hop)."""
    return public_client(
        allow=limits.allow | allow_from_environment(),
        headers={"User-Agent": USER_AGENT},
        timeout=limits.timeout,
        follow_redirects=False,
    )


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
