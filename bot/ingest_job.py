"""A re-ingest started from Discord, run in a child process.

Why a process: the ingest embeds with sentence-transformers (torch), ~0.5 GB that a bot
answering with the NumPy query encoder never needs and could not give back; the child also
builds the new search index and caches it on disk, so the bot's reload is a quick read
instead of a second build in its own memory. The child is *spawned* (a forked child that
encodes after its parent used the model can hang) and calls the ingest's public entry point,
`ingest.job.ingest_and_index`; its progress comes back over a queue. `run_fetch_job` does the
same for the scheduled live fetch (`ingest.job.fetch_and_index`), which ingests what changed,
and `run_follow_job` for a schedule that follows versions datasets (`ingest.ota`) first.

Cancelled (Ctrl-C or SIGTERM stopping the bot), the child is terminated rather than awaited:
the ingest is atomic (one registry write at its end makes a run visible) and keeps what it
embedded, so a stopped run costs nothing but its time, and the bot stops at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import queue
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fineprint.retrieval.embeddings import Embedder
    from fineprint.settings import Settings
    from ingest.fetch import FetchReport
    from ingest.pipeline import IngestReport

Progress = Callable[[str, int, int], None]
POLL_SECONDS = 0.25

_progress_queue: Any = None  # set in the child by `_start_child`


def _start_child(progress_queue: Any) -> None:
    global _progress_queue
    _progress_queue = progress_queue
    from fineprint.retrieval.embeddings import configure_offline_environment

    configure_offline_environment()


def _report_progress(stage: str, done: int, total: int) -> None:
    with contextlib.suppress(Exception):  # progress is best effort
        _progress_queue.put_nowait((stage, done, total))


def _ingest_in_child(paths: list[Path] | None, settings: Settings) -> IngestReport:
    from ingest.job import ingest_and_index
    from ingest.request import IngestRequest

    return ingest_and_index(
        IngestRequest(settings, paths=tuple(paths or ()), progress=_report_progress)
    )


async def run_ingest_job(
    paths: Sequence[Path] | None,
    settings: Settings,
    progress: Progress,
    embedder: Embedder | None = None,
) -> IngestReport:
    """Run the ingest, then warm the index, without blocking the event loop; raises what
    `run_ingest` raises (notably `IngestBusyError`). With an `embedder` (tests), it runs on a
    thread instead. The index is warmed in a service of its own: the bot's reload afterwards
    (`Runtime.refresh`) must still see the new generation, to rebuild its catalog and alert."""
    from ingest.job import ingest_and_index
    from ingest.request import IngestRequest

    chosen = list(paths) if paths else None
    if embedder is not None:
        request = IngestRequest(
            settings, paths=tuple(paths or ()), embedder=embedder, progress=progress
        )
        return await asyncio.to_thread(ingest_and_index, request)
    context = multiprocessing.get_context("spawn")
    updates = context.Queue()
    try:
        async with child_pool(initializer=_start_child, initargs=(updates,)) as pool:
            loop = asyncio.get_running_loop()
            job = loop.run_in_executor(pool, _ingest_in_child, chosen, settings)
            while True:
                finished, _ = await asyncio.wait({job}, timeout=POLL_SECONDS)
                _drain(updates, progress)
                if finished:
                    return job.result()
    finally:
        updates.close()


@contextlib.asynccontextmanager
async def child_pool(**options: Any) -> AsyncIterator[ProcessPoolExecutor]:
    """One spawned child, shut down after use; cancelled, the child is terminated first
    instead of being waited for."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(1, mp_context=context, **options)
    try:
        yield pool
    except asyncio.CancelledError:
        terminate(pool)
        raise
    finally:
        await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)


def terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's child now (SIGTERM); its flock on the ingest lock goes with it."""
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if stop is not None:
        stop()
        return
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()


def _drain(updates: Any, progress: Progress) -> None:
    while True:
        try:
            stage, done, total = updates.get_nowait()
        except queue.Empty:
            return
        progress(stage, done, total)


def _fetch_in_child(settings: Settings) -> FetchReport:
    from fineprint.retrieval.embeddings import configure_offline_environment
    from ingest.job import fetch_and_index

    configure_offline_environment()  # the model comes from the installed package, never a hub
    return fetch_and_index(settings)  # also builds the new index and writes its disk cache


def follow_and_fetch(settings: Settings, repos: Sequence[Path]) -> FetchReport:
    """Pull and import each followed dataset's new commits, then fetch the live pages of the
    documents no followed dataset covers (`fetch_updates` leaves those out); the report
    counts each imported version as a `new-version` check."""
    from ingest.fetch import DocumentCheck
    from ingest.job import fetch_and_index
    from ingest.ota import follow_dataset

    found = []
    for repo in repos:
        report = follow_dataset(settings, repo)
        for vid in report.ingest.new_version_ids if report.ingest else []:
            platform, document, day = vid.rsplit("/", 2)
            check = DocumentCheck(platform, document, "", "new-version", report.plan.dataset.name)
            check.version_date = day
            found.append(check)
    fetched = fetch_and_index(settings)
    fetched.checks[:0] = found
    return fetched


def _follow_in_child(settings: Settings, repos: Sequence[Path]) -> FetchReport:
    from fineprint.retrieval.embeddings import configure_offline_environment

    configure_offline_environment()
    return follow_and_fetch(settings, repos)


async def run_follow_job(settings: Settings, repos: Sequence[Path]) -> FetchReport:
    """`follow_and_fetch` in a spawned child process (torch stays out of the bot)."""
    async with child_pool() as pool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, _follow_in_child, settings, tuple(repos))


async def run_fetch_job(settings: Settings) -> FetchReport:
    """Fetch every document's live page and ingest what changed, in a spawned child process
    (torch stays out of the bot); raises what `fetch_updates` raises (`IngestBusyError`)."""
    async with child_pool() as pool:
        return await asyncio.get_running_loop().run_in_executor(pool, _fetch_in_child, settings)
