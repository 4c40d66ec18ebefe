"""What a caller asks of an ingest: one `IngestRequest` value, built once by the front end (the
command line, the bot, the live re-fetch, a bench script) and passed unchanged through
`ingest.job` to `ingest.pipeline.run_ingest`, so an option is declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.documents import DEFAULT_LIMITS, SourceDocument
from ingest.safe_read import ReadLimits

if TYPE_CHECKING:
    from fineprint.retrieval.embeddings import Embedder
    from fineprint.settings import Settings
    from fineprint.store import ClauseStore

ProgressCallback = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)`; stages: "read", "embed", "write" (and "index"
when `ingest.job` warms the search index after the run)."""


@dataclass(frozen=True, slots=True)
class PlainFileSpec:
    """What the command line says about files that carry no front matter."""

    platform: str
    document: str
    version_date: date
    source_url: str = ""


@dataclass(frozen=True, slots=True)
class IngestRequest:
    """One ingest: what to read, how patient to be, whom to tell.

    `paths` are files or folders (none, and no `documents`: the bundled corpus,
    `settings.corpus_dir`); `documents` are versions already read (a dataset's import,
    `ingest.ota`); `plain`
    describes files without front matter; `limits` bound what one file may cost (size, seconds
    to read and split). With `wait` a run waits for a running ingest (announced once through
    `on_wait`) instead of raising `IngestBusyError`. `store` and `embedder` reuse what the caller
    already holds (the live re-fetch, tests); by default the run opens the store and loads the
    model named in `settings`.
    """

    settings: Settings
    paths: tuple[Path, ...] = ()
    documents: tuple[SourceDocument, ...] = ()
    plain: PlainFileSpec | None = None
    limits: ReadLimits = DEFAULT_LIMITS
    wait: bool = False
    on_wait: Callable[[str], None] | None = None
    progress: ProgressCallback | None = None
    store: ClauseStore | None = None
    embedder: Embedder | None = None
