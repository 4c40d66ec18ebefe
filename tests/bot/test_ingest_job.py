"""The re-ingest child process: progress comes back, so do the report and a busy lock."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bot.ingest_job import child_pool, run_ingest_job
from fineprint.settings import Settings
from ingest.lock import IngestBusyError, ingest_lock
from tests.bot import sleeper
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings

TINY = "distrokid/terms-of-service/2021-08-03.md"


@pytest.fixture
def ingested(tmp_path: Path, embedder: MemoEmbedder) -> Settings:
    """A one-file store, ingested in-process (the test embedder knows its texts)."""
    corpus = copy_corpus_files(tmp_path / "corpus", TINY)
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    return make_settings(tmp_path / "data", corpus_dir=corpus)


async def test_child_process_reports_progress_and_result(
    ingested: Settings, embedder: MemoEmbedder
) -> None:
    seen: list[tuple[str, int, int]] = []
    first = await run_ingest_job(None, ingested, lambda *p: seen.append(p), embedder)
    assert first.versions_new == 1 and seen
    seen.clear()
    # Now the real thing: a spawned child, with nothing new to embed (no model to load).
    again = await run_ingest_job(
        [ingested.corpus_dir / "distrokid"], ingested, lambda *p: seen.append(p)
    )
    assert again.versions_unchanged == 1 and again.versions_new == 0
    assert ("read", 1, 1) in seen


async def test_child_process_raises_busy(ingested: Settings) -> None:
    with ingest_lock(ingested.data_dir), pytest.raises(IngestBusyError):
        await run_ingest_job(None, ingested, lambda *p: None)


async def test_a_cancelled_job_terminates_its_child(tmp_path: Path) -> None:
    """Ctrl-C during an ingest: the child is stopped, not waited for until it ends."""
    marker = tmp_path / "started"
    pools: list[ProcessPoolExecutor] = []

    async def job() -> None:
        async with child_pool() as pool:
            pools.append(pool)
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(pool, sleeper.mark_then_sleep, str(marker), 600)

    task = asyncio.create_task(job())
    async with asyncio.timeout(60):
        while not marker.exists():  # the child is inside its long call
            await asyncio.sleep(0.05)
    processes = list(pools[0]._processes.values())
    task.cancel()
    async with asyncio.timeout(60):  # far less than the child's 600 s
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert all(process.exitcode is not None for process in processes)
