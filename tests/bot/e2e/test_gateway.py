"""Connecting: login, IDENTIFY (no privileged intent), shards, reconnects."""

from __future__ import annotations

from bot.runtime import Runtime
from tests.bot.e2e.conftest import StartBot
from tests.bot.fake_discord import FakeDiscord

PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)


async def test_identifies_without_privileged_intents(
    fake: FakeDiscord, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    assert len(fake.identifies) == 1
    intents = int(fake.identifies[0]["intents"])
    assert intents & PRIVILEGED == 0
    assert intents & (1 << 0) and intents & (1 << 9) and intents & (1 << 12)  # guilds, messages
    assert fake.identifies[0]["shard"] == [0, 1]
    assert [r.kind for r in fake.requests][:3] == ["login", "application", "gateway"]
    assert not [r for r in fake.requests if r.kind == "unhandled"]
