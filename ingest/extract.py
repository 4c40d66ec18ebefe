"""Extracting main text: a page's HTML in, its terms as Markdown out.

trafilatura keeps the article and drops the page around it, with the same options as a
plain-file ingest of HTML. A page that yields nearly nothing (a consent wall, a JavaScript
shell, a block page) is a `FetchError`, never a new version. The second stage of a live
re-fetch (`ingest/fetch.py`).
"""

from __future__ import annotations

from ingest.fetcher import FetchError

MIN_TEXT_CHARS = 300  # less than this from a terms page means a block page or a JS shell
MIN_TEXT_WORDS = 50


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
