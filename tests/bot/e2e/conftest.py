"""The production bot (`FineprintBot`, every cog, the real service) against the fake Discord.

`fake` is a started `FakeDiscord` with discord.py's REST base and gateway pointed at it;
`start_bot` logs a bot in through it and waits until its shards have identified, so any event
dispatched after that reaches a bot that already holds its guilds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from bot.client import FineprintBot
from bot.runtime import Runtime
from fineprint.service import Fineprint
from tests.bot.conftest import make_bot_settings
from tests.bot.exts.conftest import runtimes, world  # noqa: F401  (fixtures)
from tests.bot.fake_discord import FakeDiscord, Request
from tests.bot.fake_discord import payloads as p

StartBot = Callable[..., Awaitable[FineprintBot]]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    discord_ = FakeDiscord()
    await discord_.start()
    monkeypatch.setattr(discord.http.Route, "BASE", discord_.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(discord_.gateway_url))
    yield discord_
    await discord_.stop()
    if not discord_.refusals_expected:
        refused = [
            (r.method, r.path, r.status, r.code)
            for r in discord_.requests
            if r.code in (10062, 40060, 50005, 50027, 50035)
            or r.kind in ("unhandled", "followup.foreign")
        ]
        assert not refused, f"Discord refused: {refused}"


@pytest.fixture
def runtime(make_runtime: Callable[..., Runtime]) -> Runtime:
    """The session store, this test's own feedback and watch files."""
    return make_runtime()


@pytest.fixture
def make_runtime(service: Fineprint, tmp_path: Path) -> Iterator[Callable[..., Runtime]]:
    """Runtimes over the session store with these bot settings (closed after the test)."""
    made: list[Runtime] = []

    def make(**settings: Any) -> Runtime:
        settings.setdefault("watches_path", tmp_path / "watches.json")
        runtime = Runtime(service, make_bot_settings(tmp_path, **settings))
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        runtime.close()


class LogWaiter(logging.Handler):
    """Lets a test await a log line instead of sleeping until it has probably been written."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.changed.set()

    def lines(self, level: int = logging.DEBUG) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    async def wait_for(self, text: str, timeout: float = 20.0) -> str:
        async with asyncio.timeout(timeout):
            while True:
                found = [line for line in self.lines() if text in line]
                if found:
                    return found[0]
                self.changed.clear()
                await self.changed.wait()


@pytest.fixture
def logs() -> Iterator[LogWaiter]:
    waiter = LogWaiter()
    logger = logging.getLogger("bot")
    logger.addHandler(waiter)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    yield waiter
    logger.removeHandler(waiter)
    logger.setLevel(previous)


@dataclass
class Server:
    """One guild with a #general the bot can use, a member and a manager."""

    guild: p.Guild
    channel: p.Channel
    member: dict[str, Any]
    manager: dict[str, Any]


@pytest.fixture
def server(fake: FakeDiscord) -> Server:
    guild = fake.add_guild()
    return Server(guild, fake.general(guild), fake.new_user("member"), fake.new_user("manager"))


@pytest.fixture
async def start_bot(fake: FakeDiscord) -> AsyncIterator[StartBot]:
    """`await start_bot(runtime, sessions=1, **bot_options)`: a logged-in, connected bot."""
    running: list[tuple[FineprintBot, asyncio.Task[None]]] = []

    async def start(
        runtime: Runtime, *, sessions: int | None = None, **options: Any
    ) -> FineprintBot:
        bot = FineprintBot(runtime, **options)
        before = len(fake.sessions)
        task = asyncio.create_task(bot.start(fake.token))
        running.append((bot, task))
        wanted = before + (sessions or len(bot.shard_ids or [0]))
        connected = asyncio.create_task(fake.wait_for_sessions(wanted))
        await asyncio.wait({task, connected}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            connected.cancel()
            task.result()  # raises what start raised
            raise AssertionError("the bot stopped before connecting")
        await connected
        return bot

    yield start
    for bot, task in running:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 10)


def no_pings(request: Request) -> bool:
    """True when a message-bearing request can ping nobody."""
    data = request.data
    if not (data.get("content") or data.get("embeds")):
        return True
    allowed = data.get("allowed_mentions")
    return (
        allowed is not None
        and not allowed.get("parse")
        and not allowed.get("users")
        and not allowed.get("roles")
        and not allowed.get("replied_user")
    )
