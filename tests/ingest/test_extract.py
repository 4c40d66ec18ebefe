"""Extracting main text (`ingest/extract.py`): a terms page's article as Markdown, the page
around it gone; a page with nearly nothing in it is no version."""

from __future__ import annotations

import pytest

from fineprint.catalog.alignment import comparable
from ingest.extract import extract_text
from ingest.fetcher import FetchError
from tests.ingest.pages import page


def test_the_article_is_kept_and_the_page_around_it_dropped() -> None:
    text = extract_text(page("2024-02-07"))
    assert text.startswith("# SoundCloud Terms of Use")
    assert "may be used to inform, train, develop" in text
    assert "© SoundCloud" not in text  # the footer


def test_formatting_alone_extracts_to_the_same_comparable_text() -> None:
    """What makes a restyled page "unchanged" for the recorder."""
    plain = extract_text(page("2018-05-25"))
    styled = extract_text(page("2018-05-25", styled=True))
    assert plain != styled
    assert comparable(plain) == comparable(styled)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Loading</p></body></html>",  # a JavaScript shell
        "",
        "<html><body><p>" + "word " * 40 + "</p></body></html>",  # under 50 words
    ],
)
def test_nearly_nothing_is_refused(html: str) -> None:
    with pytest.raises(FetchError, match="nearly nothing"):
        extract_text(html)
