"""Mocked `discord.Interaction`s for slash commands, buttons and autocomplete.

dpytest cannot invoke application commands, so tests call a command's callback with an
interaction whose response and follow-up are AsyncMocks that remember what was sent.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
from discord import app_commands
from discord.ext import commands


class FakeResponse:
    """`InteractionResponse` stand-in: is_done() flips on the first response, as in Discord."""

    def __init__(self) -> None:
        self.done = False
        self.done_at: float | None = None
        self.defer = AsyncMock(side_effect=self._respond)
        self.send_message = AsyncMock(side_effect=self._respond)
        self.edit_message = AsyncMock(side_effect=self._respond)

    async def _respond(self, *args: Any, **kwargs: Any) -> None:
        if self.done:
            raise discord.InteractionResponded(MagicMock())
        self.done = True
        self.done_at = time.perf_counter()

    def is_done(self) -> bool:
        return self.done


def make_interaction(
    client: commands.Bot,
    *,
    user_id: int = 111_111_111_111_111_111,
    guild_id: int | None = 222_222_222_222_222_222,
    manage_guild: bool = False,
    namespace: dict[str, Any] | None = None,
    command: app_commands.Command[Any, ..., Any] | None = None,
) -> Any:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.client = client
    interaction.user = SimpleNamespace(id=user_id, mention=f"<@{user_id}>", bot=False)
    nothing = lambda _id: None  # noqa: E731  (an empty cache: no role, member or channel)
    interaction.guild = (
        SimpleNamespace(
            id=guild_id, get_role=nothing, get_member=nothing, get_channel_or_thread=nothing
        )
        if guild_id
        else None
    )
    interaction.guild_id = guild_id
    interaction.permissions = discord.Permissions(manage_guild=manage_guild)
    interaction.namespace = SimpleNamespace(**(namespace or {}))
    interaction.extras = {}
    interaction.created_at = discord.utils.utcnow()
    interaction.command = command
    interaction.response = FakeResponse()
    interaction.followup = MagicMock()
    interaction.followup.send = AsyncMock(return_value=MagicMock(spec=discord.WebhookMessage))
    interaction.edit_original_response = AsyncMock()
    interaction.delete_original_response = AsyncMock()
    interaction.original_response = AsyncMock()
    return interaction


def command(bot: commands.Bot, name: str) -> app_commands.Command[Any, ..., Any]:
    found = bot.tree.get_command(name)
    assert isinstance(found, app_commands.Command), name
    return found


async def invoke(bot: commands.Bot, name: str, interaction: Any, **arguments: Any) -> None:
    """Run a slash command as the tree would: its callback, errors to the tree's handler."""
    cmd = command(bot, name)
    interaction.command = cmd
    try:
        await cmd.callback(cmd.binding, interaction, **arguments)  # type: ignore[arg-type]
    except Exception as error:
        await bot.tree.on_error(interaction, app_commands.CommandInvokeError(cmd, error))


def followups(interaction: Any) -> list[dict[str, Any]]:
    return [call.kwargs | {"args": call.args} for call in interaction.followup.send.await_args_list]


def sent_embeds(interaction: Any) -> list[discord.Embed]:
    return [f["embed"] for f in followups(interaction) if f.get("embed") is not None]


def private_texts(interaction: Any) -> list[str]:
    """Everything said privately: ephemeral first responses and ephemeral follow-ups."""
    texts = []
    for call in interaction.response.send_message.await_args_list:
        if call.kwargs.get("ephemeral"):
            texts.append(call.args[0] if call.args else call.kwargs.get("content", ""))
    for sent in followups(interaction):
        if sent.get("ephemeral") and (sent["args"] or sent.get("content")):
            texts.append(sent["args"][0] if sent["args"] else sent["content"])
    return texts


def custom_ids(view: discord.ui.View) -> list[str]:
    return [str(getattr(item, "custom_id", "")) for item in view.children]


def field_quote(value: str) -> str:
    """The quote of an answer field, as the terms have it: marks, "…" and the zero-width
    spaces that defuse mentions taken off."""
    quote = value.rsplit("\n— ", 1)[0].strip()
    quote = quote.removeprefix("“").removesuffix("”").replace("\u200b", "")
    return quote.removesuffix(" …").strip()
