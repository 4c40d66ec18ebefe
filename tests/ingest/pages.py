"""A terms site on 127.0.0.1 for the live re-fetch tests: HTML pages built from real corpus
versions, served with whatever status, headers and delay a test asks for."""

from __future__ import annotations

import contextlib
import html
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

from ingest.documents import read_corpus_file
from ingest.fetcher import FetchLimits
from tests.conftest import CORPUS

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


@contextlib.contextmanager
def serve_site() -> Iterator[tuple[Site, str]]:
    """A running site and its base URL; stopped on exit."""
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
