"""The ingest's public entry points: ingest (files, or what a live fetch found), commit, then
warm the search index.

Every front end ends an ingest the same way: once a run has committed something, the new
search index is built and cached on disk (`Fineprint.refresh`), so the next `ask`, the bot's
reload or its next start reads it instead of building it. `ingest_and_index` does that for
files (`run_ingest`), `fetch_and_index` for a live fetch (`fetch_updates`); the CLI's
`ingest`, `ask` (an empty store), `watch`, and the bot's `/reingest` and scheduled fetch all
call one of the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fineprint.service import Fineprint
from fineprint.settings import Settings
from ingest.pipeline import IngestReport, run_ingest
from ingest.request import IngestRequest, ProgressCallback

if TYPE_CHECKING:
    from ingest.fetch import FetchReport


def warm_index(
    settings: Settings, service: Fineprint | None = None, progress: ProgressCallback | None = None
) -> None:
    """Build the committed generation's search index and write its disk cache (in `service`,
    when the caller holds one and will answer next)."""
    if progress:
        progress("index", 0, 1)
    (service or Fineprint(settings)).refresh()
    if progress:
        progress("index", 1, 1)


def ingest_and_index(request: IngestRequest, *, service: Fineprint | None = None) -> IngestReport:
    """`run_ingest(request)` (same errors), then the index when it changed anything (warmed in
    `service` when the caller holds one and answers next)."""
    report = run_ingest(request)
    if report.changed:
        warm_index(request.settings, service, request.progress)
    return report


def fetch_and_index(settings: Settings, platforms: Sequence[str] | None = None) -> FetchReport:
    """`fetch_updates` (the live pages; what changed is ingested), then the index when the
    fetch's ingest changed anything."""
    from ingest import fetch  # looked up when called: HTTP and HTML parsing load only here

    report = fetch.fetch_updates(settings, platforms or None)
    if report.ingest is not None and report.ingest.changed:
        warm_index(settings)
    return report
