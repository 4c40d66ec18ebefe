"""Fixtures of the ingest tests beyond the session's (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.pages import Site, serve_site


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    """The terms site of `tests/ingest/pages.py`, running, and its base URL."""
    with serve_site() as served:
        yield served
