"""The scheduled live fetch in the bot: the setting, the schedule, alerts after a run that adds
a version, no overlapping runs, and a task that ends with its cog. No network: the fetch job
is a fake (the real one, `run_fetch_job`, only wraps `fetch_updates` in a child process)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from bot.client import LocalFineprintBot
from bot.exts.watch_schedule._cog import WatchSchedule
from bot.ingest_job import run_fetch_job
from bot.runtime import Runtime
from fineprint.settings import Settings, SettingsError
from ingest.fetch import DocumentCheck, FetchReport
from ingest.lock import IngestBusyError
from tests.bot.conftest import make_bot_settings
from tests.bot.exts.conftest import World
from tests.bot.exts.watch.test_cog import alert_embeds, run, start_bot
from tests.conftest import make_settings

TICK = timedelta(milliseconds=20)


class FakeJob:
    """Stands in for `run_fetch_job`: records each call, then does `action` (if any)."""

    def __init__(self, action: Callable[[Settings], Awaitable[FetchReport]] | None = None) -> None:
        self.calls: list[Settings] = []
        self.action = action

    async def __call__(self, settings: Settings) -> FetchReport:
        self.calls.append(settings)
        if self.action is not None:
            return await self.action(settings)
        return FetchReport([DocumentCheck("soundcloud", "terms-of-use", "https://x", "unchanged")])


async def schedule(bot: LocalFineprintBot, job: Any, every: timedelta = TICK) -> WatchSchedule:
    """Replace the (idle) cog the extension loaded with one on a fast schedule and `job`."""
    await bot.remove_cog("WatchSchedule")
    cog = WatchSchedule(bot, job=job, every=every)
    await bot.add_cog(cog)
    return cog


async def until(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.005)


# --- the setting ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("12h", timedelta(hours=12)), ("30m", timedelta(minutes=30)), ("1d", timedelta(days=1))],
)
def test_setting_parses_durations(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, expected: timedelta
) -> None:
    monkeypatch.setenv("FINEPRINT_BOT_WATCH_EVERY", text)
    assert make_bot_settings(tmp_path).watch_every == expected


def test_setting_empty_is_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FINEPRINT_BOT_WATCH_EVERY", "")
    assert make_bot_settings(tmp_path).watch_every is None
    monkeypatch.delenv("FINEPRINT_BOT_WATCH_EVERY")
    assert make_bot_settings(tmp_path).watch_every is None


@pytest.mark.parametrize("text", ["12", "12x", "soon", "0h", "5m", "-1h"])
def test_setting_rejects_bad_values(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str
) -> None:
    monkeypatch.setenv("FINEPRINT_BOT_WATCH_EVERY", text)
    with pytest.raises(SettingsError, match="FINEPRINT_BOT_WATCH_EVERY"):
        make_bot_settings(tmp_path)


async def test_idle_without_the_setting(bot: LocalFineprintBot) -> None:
    cog = cast(WatchSchedule, bot.get_cog("WatchSchedule"))
    assert cog is not None and cog.every is None and cog.task is None


# --- the schedule --------------------------------------------------------------------------
async def test_runs_on_schedule_and_stops_on_unload(
    bot: LocalFineprintBot, caplog: pytest.LogCaptureFixture
) -> None:
    job = FakeJob()
    caplog.set_level(logging.INFO, logger="bot.exts.watch_schedule._cog")
    cog = await schedule(bot, job)
    await until(lambda: len(job.calls) >= 3)
    assert job.calls[0] is bot.runtime.service.settings  # type: ignore[attr-defined]
    done = [r.getMessage() for r in caplog.records if "scheduled fetch:" in r.getMessage()]
    assert done and done[0].startswith("scheduled fetch: 1 checked, 0 new version(s), 0 failed")

    task = cog.task
    assert task is not None
    await bot.remove_cog("WatchSchedule")
    assert task.done() and cog.task is None
    calls = len(job.calls)
    await asyncio.sleep(TICK.total_seconds() * 4)
    assert len(job.calls) == calls  # nothing runs after unload


async def test_waits_until_the_bot_is_ready(
    bot: LocalFineprintBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.exts.watch_schedule._cog.READY_POLL", 0.01)
    runtime: Runtime = bot.runtime  # type: ignore[attr-defined]
    runtime.ready = False
    job = FakeJob()
    await schedule(bot, job)
    await asyncio.sleep(0.05)
    assert job.calls == []
    runtime.ready = True
    await until(lambda: len(job.calls) >= 1)


async def test_overlapping_runs_are_skipped(
    bot: LocalFineprintBot, caplog: pytest.LogCaptureFixture
) -> None:
    release = asyncio.Event()

    async def slow(settings: Settings) -> FetchReport:
        await release.wait()
        return FetchReport()

    job = FakeJob(slow)
    cog = await schedule(bot, job, every=timedelta(hours=12))  # one scheduled run, held open
    caplog.set_level(logging.INFO, logger="bot.exts.watch_schedule._cog")
    await until(lambda: len(job.calls) == 1)
    assert await cog.run_once() is None  # the scheduled run is still going
    assert len(job.calls) == 1
    assert "skipped: the previous run is still going" in caplog.text
    release.set()
    await until(lambda: not cog.lock.locked())
    assert await cog.run_once() is not None and len(job.calls) == 2


async def test_skips_while_another_ingest_runs(
    bot: LocalFineprintBot, caplog: pytest.LogCaptureFixture
) -> None:
    job = FakeJob()
    cog = await schedule(bot, job, every=timedelta(hours=12))
    # The scheduled run holds the lock through the job *and* the refresh after it: wait for
    # the whole run to end, not just for the job to be called, or run_once skips for the
    # wrong reason ("the previous run is still going").
    await until(lambda: len(job.calls) == 1 and not cog.lock.locked())
    caplog.set_level(logging.INFO, logger="bot.exts.watch_schedule._cog")
    reingest = bot.get_cog("Reingest")
    reingest.running = True  # type: ignore[union-attr]
    try:
        assert await cog.run_once() is None
    finally:
        reingest.running = False  # type: ignore[union-attr]
    assert len(job.calls) == 1 and "a /reingest is running" in caplog.text

    async def busy(settings: Settings) -> FetchReport:
        raise IngestBusyError("another ingest is running (pid 1)")

    cog.job = FakeJob(busy)
    assert await cog.run_once() is None
    assert "another ingest is running" in caplog.text
    assert not cog.lock.locked()


async def test_a_failed_run_keeps_the_schedule(
    bot: LocalFineprintBot, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(settings: Settings) -> FetchReport:
        raise RuntimeError("boom")

    job = FakeJob(broken)
    caplog.set_level(logging.INFO, logger="bot.exts.watch_schedule._cog")
    cog = await schedule(bot, job)
    await until(lambda: len(job.calls) >= 2)  # it went on after the first failure
    assert "scheduled fetch failed" in caplog.text
    assert cog.task is not None and not cog.task.done()


# --- a run that adds a version alerts the watchers -----------------------------------------
async def test_a_new_version_from_the_schedule_alerts_watchers(
    world: World, runtimes: list[Runtime]
) -> None:
    world.ingest_elsewhere()
    bot, channel = await start_bot(world, runtimes)
    await run(bot, "watch", platform="soundcloud")

    async def new_version(settings: Settings) -> FetchReport:
        """What a fetch that found SoundCloud's 2024 terms does: a snapshot, ingested."""
        assert settings is world.settings
        if len(job.calls) > 1:
            return FetchReport()  # later rounds: nothing new
        world.add_version("2024-02-07")
        await asyncio.to_thread(world.ingest_elsewhere)
        check = DocumentCheck("soundcloud", "terms-of-use", "https://x", "new-version")
        return FetchReport([check])

    job = FakeJob(new_version)
    await schedule(bot, job, every=timedelta(milliseconds=50))
    await until(lambda: channel.send.await_count >= 1, seconds=30)
    (alert,) = alert_embeds(channel)
    assert "2018-05-25 → 2024-02-07" in (alert.description or "")
    assert "AI and machine learning" in (alert.fields[0].name or "")
    await until(lambda: len(job.calls) >= 3)
    assert channel.send.await_count == 1  # later rounds found nothing: no second alert
    await bot.remove_cog("WatchSchedule")


async def test_real_fetch_job_runs_in_a_child(tmp_path: Path) -> None:
    """The real job in a spawned child: no sources.toml means nothing to fetch (no network),
    and the report comes back across the process boundary."""
    settings = make_settings(tmp_path / "data", corpus_dir=tmp_path / "corpus")
    report = await run_fetch_job(settings)
    assert isinstance(report, FetchReport) and report.checks == [] and report.ingest is None


# --- following a versions dataset ----------------------------------------------------------
def test_watch_ota_setting_takes_clones_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.ingest.ota.dataset_repo import DatasetRepo

    repo = DatasetRepo(tmp_path / "acme-versions")
    monkeypatch.setenv("FINEPRINT_BOT_WATCH_OTA", f"{repo.path}")
    assert make_bot_settings(tmp_path).watch_ota == (repo.path,)
    monkeypatch.setenv("FINEPRINT_BOT_WATCH_OTA", f"{repo.path},{tmp_path / 'nowhere'}")
    with pytest.raises(SettingsError, match="FINEPRINT_BOT_WATCH_OTA"):
        make_bot_settings(tmp_path)


def test_a_round_follows_the_dataset_then_fetches_what_it_does_not_cover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any
) -> None:
    from bot.ingest_job import follow_and_fetch
    from tests.ingest.ota.dataset_repo import build_acme

    origin = build_acme(tmp_path / "origin" / "acme-versions")
    clone = origin.origin(tmp_path / "clone" / "acme-versions")
    settings = make_settings(tmp_path / "data")
    monkeypatch.setattr("ingest.pipeline.get_embedder", lambda *args, **kwargs: embedder)
    fetched: list[Settings] = []

    def fetch(settings: Settings, platforms: object = None) -> FetchReport:
        fetched.append(settings)
        return FetchReport()

    monkeypatch.setattr("ingest.job.fetch_and_index", fetch)
    report = follow_and_fetch(settings, [clone])
    assert fetched == [settings]
    assert sorted((c.platform, c.version_date) for c in report.new_versions) == [
        ("acme", "2024-01-10"),
        ("acme", "2024-01-10"),
        ("acme", "2024-05-01"),
        ("newco", "2024-01-15"),
        ("newco", "2024-04-15"),
    ]
    assert {c.detail for c in report.new_versions} == {"acme-versions"}
