"""Command sync: only the owner, only when asked — never on start or reconnect."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.client import EXTENSIONS, LocalFineprintBot, SyncRequest
from bot.runtime import Runtime
from tests.bot.conftest import chat_bot


def mock_sync(bot: LocalFineprintBot) -> AsyncMock:
    sync = AsyncMock(return_value=[object()] * 5)
    bot.tree.sync = sync  # type: ignore[method-assign]
    return sync


@pytest.fixture
async def owner_bot(runtime: Runtime) -> Any:
    bot = await chat_bot(runtime)
    bot.owner_id = dpytest.get_config().members[0].id
    yield bot
    await dpytest.empty_queue()


def mention(bot: LocalFineprintBot) -> str:
    assert bot.user is not None
    return f"<@{bot.user.id}>"


async def test_owner_syncs_globally(owner_bot: LocalFineprintBot) -> None:
    sync = mock_sync(owner_bot)
    await dpytest.message(f"{mention(owner_bot)} sync")
    sync.assert_awaited_once_with()
    assert dpytest.get_message().content == "Synced 5 commands globally."


async def test_owner_syncs_this_server(owner_bot: LocalFineprintBot) -> None:
    sync = mock_sync(owner_bot)
    guild = dpytest.get_config().guilds[0]
    await dpytest.message(f"{mention(owner_bot)} sync here")
    assert sync.await_args is not None and sync.await_args.kwargs["guild"].id == guild.id
    assert owner_bot.tree.get_commands(guild=discord.Object(guild.id))  # a copy of the global ones
    assert dpytest.get_message().content == f"Synced 5 commands to server {guild.id}."


async def test_others_cannot_sync(owner_bot: LocalFineprintBot) -> None:
    sync = mock_sync(owner_bot)
    with pytest.raises(commands.NotOwner):
        await dpytest.message(f"{mention(owner_bot)} sync", member=1)
    sync.assert_not_awaited()
    assert "Only the bot's owner" in dpytest.get_message().content


async def test_start_syncs_only_when_asked(runtime: Runtime) -> None:
    quiet = LocalFineprintBot(runtime)
    quiet_sync = mock_sync(quiet)
    await quiet.setup_hook()
    await quiet.on_ready()
    await quiet.on_ready()  # a reconnect
    quiet_sync.assert_not_awaited()
    assert set(quiet.extensions) == set(EXTENSIONS)
    assert runtime.ready and runtime.catalog.platform("soundcloud") is not None

    asked = LocalFineprintBot(runtime, SyncRequest(guild_id=1234))
    asked_sync = mock_sync(asked)
    await asked.setup_hook()
    assert asked_sync.await_args is not None
    assert asked_sync.await_args.kwargs["guild"].id == 1234
    await asked.on_ready()
    assert asked_sync.await_count == 1
