"""What a caller asks of an ingest (`ingest/request.py`): one frozen value, defaults that mean
"the bundled corpus, refuse when busy, the usual limits"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from fineprint.settings import Settings
from ingest.documents import DEFAULT_LIMITS
from ingest.request import IngestRequest


def test_the_defaults_ask_for_the_bundled_corpus_without_waiting(
    embedded_settings: Settings,
) -> None:
    request = IngestRequest(embedded_settings)
    assert request.paths == ()  # run_ingest reads settings.corpus_dir
    assert (request.plain, request.wait, request.limits) == (None, False, DEFAULT_LIMITS)
    assert (request.progress, request.on_wait, request.store, request.embedder) == (
        None,
        None,
        None,
        None,
    )


def test_a_request_is_a_value_nobody_changes_on_the_way(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    request = IngestRequest(embedded_settings, paths=(tmp_path,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.wait = True  # type: ignore[misc]
    waiting = dataclasses.replace(request, wait=True)
    assert waiting.wait and not request.wait
    assert waiting == IngestRequest(embedded_settings, paths=(tmp_path,), wait=True)
