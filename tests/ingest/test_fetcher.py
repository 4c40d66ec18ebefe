"""Fetching pages (`ingest/fetcher.py`) from a real HTTP server on 127.0.0.1: the final URL and
HTML of a good page, and a plain `FetchError` for every way a page can be refused."""

from __future__ import annotations

import httpx
import pytest

from ingest.fetcher import USER_AGENT, FetchError, FetchLimits, fetch_html, open_client
from tests.ingest.pages import Site, loopback_limits, page


def test_a_page_comes_back_with_its_final_url_and_our_user_agent(site: tuple[Site, str]) -> None:
    state, base = site
    state.html("/new-home", page("2025-05-27"))
    state.routes["/old"] = (301, {"Location": "/new-home"}, b"", 0)
    limits = loopback_limits(base)
    with open_client(limits) as client:
        final_url, html = fetch_html(client, f"{base}/old", limits)
    assert final_url == f"{base}/new-home"
    assert html == page("2025-05-27")
    assert state.user_agents == [USER_AGENT, USER_AGENT]  # each hop says who we are


def test_the_client_refuses_loopback_unless_allowed(site: tuple[Site, str]) -> None:
    state, base = site
    state.html("/terms", page("2025-05-27"))
    limits = FetchLimits(retries=0)
    with open_client(limits) as client, pytest.raises(FetchError, match="not a public"):
        fetch_html(client, f"{base}/terms", limits)
    assert state.user_agents == []  # refused before connecting


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
        ((200, {"Content-Type": "text/html"}, b"<p>slow</p>", 3.0), "timed out"),
        ((302, {"Location": "/bad"}, b"", 0), "more than 3 redirects"),
    ],
)
def test_refused_pages_say_why(
    site: tuple[Site, str],
    route: tuple[int, dict[str, str], bytes, float],
    expected: str,
) -> None:
    state, base = site
    state.routes["/bad"] = route
    limits = loopback_limits(base, FetchLimits(timeout=1.0, max_bytes=2_000_000, max_redirects=3))
    with open_client(limits) as client, pytest.raises(FetchError) as caught:
        fetch_html(client, f"{base}/bad", limits)
    assert expected in str(caught.value)


def test_a_closed_port_is_retried_then_reported() -> None:
    waits: list[float] = []
    limits = FetchLimits(timeout=1.0, retries=2, backoff=0.5, sleep=waits.append)
    with httpx.Client() as client, pytest.raises(FetchError, match="cannot connect"):
        fetch_html(client, "http://127.0.0.1:9/terms", limits)
    assert waits == [0.5, 1.0]
