"""The fetcher only reaches public addresses — checked on the connection actually made, at
every hop — never downgrades https to http, retries blips, and reports any surprise per
document. Servers are real but on loopback; the public internet is simulated by an injected
resolver and connector (the only edge we cannot reach)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from fineprint.settings import Settings
from ingest.fetch import fetch_updates
from ingest.fetcher import FetchError, FetchLimits, fetch_html
from tests.conftest import MemoEmbedder
from tests.ingest.test_fetch import KEY, page


def no_wait() -> FetchLimits:
    return FetchLimits(timeout=5.0, sleep=lambda seconds: None)


def public_client(**kwargs: Any) -> httpx.Client:
    from ingest.net_guard import public_client

    return public_client(**kwargs)


@dataclass
class Server:
    """A loopback HTTP server: `script` lists what to answer, in turn (the last one repeats):
    (status, headers, body) or "drop" (close the connection without a response)."""

    script: list[object] = field(default_factory=list)
    hits: int = 0
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@contextlib.contextmanager
def serve(*script: object) -> Iterator[Server]:
    state = Server(list(script))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            step = state.script[min(state.hits, len(state.script) - 1)]
            state.hits += 1
            if step == "drop":
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            status, headers, body = step  # type: ignore[misc]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def html(text: str, charset: str = "utf-8") -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": f"text/html; charset={charset}"}, text.encode()


def redirect(to: str, status: int = 302) -> tuple[int, dict[str, str], bytes]:
    return status, {"Location": to}, b""


def test_only_global_addresses_are_public() -> None:
    from ingest.net_guard import is_public

    for address in (
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "192.168.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "224.0.0.1",
        "fc00::1",
    ):
        assert not is_public(address), address
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1::1")


def test_loopback_is_refused_unless_that_exact_server_is_allowed() -> None:
    with serve(html("<p>hello</p>")) as server, public_client() as client:
        with pytest.raises(FetchError, match="not a public internet address"):
            fetch_html(client, f"{server.base}/terms", no_wait())
        assert server.hits == 0  # refused before connecting
    with serve(html("<p>hello</p>")) as server, public_client(allow=[server.address]) as client:
        assert fetch_html(client, f"{server.base}/terms", no_wait())[1] == "<p>hello</p>"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::1]:{other}/",
        "http://127.0.0.1:{other}/secret",
        "http://localhost:{other}/secret",
        "http://0x7f.1:{other}/secret",
    ],
)
def test_every_redirect_hop_is_checked(target: str) -> None:
    with (
        serve(html("<p>internal secret</p>")) as internal,
        serve(redirect(target.format(other=internal.port))) as public,
        public_client(allow=[public.address]) as client,
    ):
        with pytest.raises(FetchError, match="not a public internet address"):
            fetch_html(client, f"{public.base}/terms", no_wait())
        assert public.hits == 1 and internal.hits == 0


def test_dns_rebinding_cannot_switch_the_address_after_the_check() -> None:
    """The name resolves to a public address first and to loopback afterwards: the connection
    goes to the address that was checked (here it cannot reach the internet, so it fails),
    never to loopback."""
    with serve(html("<p>internal secret</p>")) as internal:
        answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
        connected: list[str] = []

        def resolver(host: str, port: int) -> list[str]:
            return next(answers)

        def connector(address: str, port: int, timeout: float | None) -> socket.socket:
            connected.append(address)
            if address == "127.0.0.1":
                return socket.create_connection((address, internal.port), timeout)
            raise ConnectionRefusedError("the simulated internet is unreachable")

        limits = FetchLimits(timeout=5.0, retries=1, sleep=lambda seconds: None)
        with (
            public_client(resolver=resolver, connector=connector) as client,
            pytest.raises(FetchError) as caught,
        ):
            fetch_html(client, f"http://rebind.example:{internal.port}/", limits)
        # attempt 1 connected (and failed) to the checked public address; the retry resolved
        # to loopback and was refused before connecting
        assert connected == ["93.184.216.34"]
        assert "not a public internet address" in str(caught.value)
        assert internal.hits == 0


def test_a_name_with_any_private_address_is_refused() -> None:
    from ingest.net_guard import BlockedAddressError, PublicOnlyBackend

    backend = PublicOnlyBackend(resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.7"):
        backend.connect_tcp("mixed.example", 443)


def test_https_to_http_downgrade_is_refused() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.scheme == "https":
            return httpx.Response(301, headers={"Location": "http://terms.example/tos"})
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<p>tos</p>")

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        pytest.raises(FetchError, match="from https to plain http"),
    ):
        fetch_html(client, "https://terms.example/tos", FetchLimits(timeout=5.0))
    assert seen == ["https://terms.example/tos"]


def test_a_bogus_charset_is_read_as_utf8() -> None:
    with serve(html("<p>caf\u00e9 terms</p>", charset="bogus")) as server, httpx.Client() as client:
        assert (
            fetch_html(client, server.base, FetchLimits(timeout=5.0))[1] == "<p>caf\u00e9 terms</p>"
        )


@pytest.mark.parametrize(
    "failure",
    [
        (500, {"Content-Type": "text/html"}, b"oops"),
        (503, {"Content-Type": "text/html"}, b"busy"),
        (429, {"Content-Type": "text/html", "Retry-After": "7"}, b"slow down"),
        "drop",
    ],
)
def test_blips_are_retried_with_backoff(failure: object) -> None:
    waits: list[float] = []
    limits = FetchLimits(timeout=5.0, retries=3, backoff=0.5, sleep=waits.append)
    with (
        serve(failure, failure, html("<p>finally</p>")) as server,
        public_client(allow=[server.address]) as client,
    ):
        assert fetch_html(client, server.base, limits)[1] == "<p>finally</p>"
        assert server.hits == 3
    assert waits == ([7.0, 7.0] if failure != "drop" and failure[0] == 429 else [0.5, 1.0])


def test_retries_give_up_with_the_last_error() -> None:
    waits: list[float] = []
    limits = FetchLimits(timeout=5.0, retries=2, backoff=1.0, sleep=waits.append)
    failure = (503, {"Content-Type": "text/html"}, b"down")
    with serve(failure) as server, public_client(allow=[server.address]) as client:
        with pytest.raises(FetchError, match="HTTP 503"):
            fetch_html(client, server.base, limits)
        assert server.hits == 3
    assert waits == [1.0, 2.0]


def test_any_exception_is_reported_per_document_and_the_run_goes_on(
    embedded_settings: Settings, embedder: MemoEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.fetch as fetch_module

    real_extract = fetch_module.extract_text

    def extract(text: str) -> str:
        if "explode" in text:
            raise LookupError("unknown encoding: bogus")
        return real_extract(text)

    monkeypatch.setattr(fetch_module, "extract_text", extract)
    with (
        serve(html("<p>explode</p>")) as bad,
        serve(html(page("2024-02-07"))) as good,
        httpx.Client() as client,
    ):
        report = fetch_updates(
            embedded_settings,
            client=client,
            urls={("acme", "terms"): bad.base, KEY: good.base},
            today=date(2025, 1, 1),
            embedder=embedder,
            limits=FetchLimits(timeout=5.0),
        )
    statuses = {(c.platform, c.document): (c.status, c.detail) for c in report.checks}
    assert statuses[("acme", "terms")] == (
        "failed",
        "unexpected error (LookupError: unknown encoding: bogus)",
    )
    assert statuses[KEY][0] == "new-version"
    assert report.ingest is not None and report.ingest.versions_new == 1
