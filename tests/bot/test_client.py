"""The client: sharded, minimal intents, no pings, errors as private refs."""

from __future__ import annotations

import logging
import re

import discord
import pytest
from discord import app_commands

from bot.client import FineprintBot, FineprintTree, intents
from bot.runtime import Runtime
from tests.bot.helpers import make_interaction, private_texts


def test_sharded_bot_with_minimal_intents_and_no_pings(runtime: Runtime) -> None:
    bot = FineprintBot(runtime)
    assert isinstance(bot, discord.AutoShardedClient)
    assert isinstance(bot.tree, FineprintTree)
    assert bot.intents == intents()
    assert not bot.intents.message_content and not bot.intents.members
    assert not bot.intents.presences
    assert bot.intents.guild_messages and bot.intents.dm_messages and bot.intents.guilds
    assert bot.allowed_mentions is not None
    mentions = bot.allowed_mentions.to_dict()
    assert mentions == {"parse": []}


async def test_permission_errors_are_friendly(runtime: Runtime) -> None:
    bot = FineprintBot(runtime)
    interaction = make_interaction(bot)
    await bot.tree.on_error(interaction, app_commands.MissingPermissions(["manage_guild"]))
    (text,) = private_texts(interaction)
    assert "can't use this" in text and "ref" not in text


async def test_unexpected_errors_get_a_ref(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    bot = FineprintBot(runtime)
    interaction = make_interaction(bot)
    interaction.response.done = True  # deferred privately already
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        await bot.tree.on_error(interaction, app_commands.AppCommandError("odd"))
    (text,) = private_texts(interaction)
    ref = re.match(r"Something went wrong \(ref ([0-9A-F]{6})\)\.", text)
    assert ref is not None
    interaction.delete_original_response.assert_not_awaited()
    (record,) = caplog.records
    assert ref.group(1) in record.getMessage() and record.exc_info is not None
