"""`@Fineprint sync …`: the owner pushes the slash commands to Discord, when they change.

A message command on purpose: before the first sync there are no slash commands to use.

    @Fineprint sync           globally (every server; clients may take a while to show it)
    @Fineprint sync here      to this server only, at once (a copy of the global commands)
    @Fineprint sync dev       to FINEPRINT_BOT_DEV_GUILD
    @Fineprint sync 1234…     to that server
    @Fineprint sync clear     remove this server's copy (the global commands stay)
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.client import clear_guild_commands, sync_commands
from bot.errors import failure_message, new_ref
from bot.runtime import runtime_of

log = logging.getLogger(__name__)


class Admin(commands.Cog):
    """Owner-only maintenance."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)

    @commands.command(name="sync")
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[commands.Bot], target: str = "global") -> None:
        here = ctx.guild.id if ctx.guild else None
        if target == "clear":
            if here is None:
                await ctx.reply("`sync clear` works in a server.", mention_author=False)
                return
            await clear_guild_commands(self.bot, here)
            await ctx.reply("Removed this server's copy of the commands.", mention_author=False)
            return
        guild: int | None
        if target == "global":
            guild = None
        elif target == "here":
            guild = here
            if guild is None:
                await ctx.reply("`sync here` works in a server.", mention_author=False)
                return
        elif target == "dev":
            guild = self.runtime.settings.dev_guild
            if guild is None:
                await ctx.reply("FINEPRINT_BOT_DEV_GUILD is not set.", mention_author=False)
                return
        elif target.isdigit():
            guild = int(target)
        else:
            await ctx.reply(
                "Use `sync`, `sync here`, `sync dev`, `sync <server id>` or `sync clear`.",
                mention_author=False,
            )
            return
        count = await sync_commands(self.bot, guild)
        where = "globally" if guild is None else f"to server {guild}"
        await ctx.reply(f"Synced {count} commands {where}.", mention_author=False)

    async def cog_command_error(self, ctx: commands.Context[Any], error: Exception) -> None:
        """Every failure gets a reply and, unless it is the user's, a log line with a ref —
        a sync that Discord refused (a 429, a missing scope) must not vanish silently."""
        try:
            if isinstance(error, commands.NotOwner):
                await ctx.reply("Only the bot's owner can sync commands.", mention_author=False)
            elif isinstance(error, commands.UserInputError):
                await ctx.reply(f"That didn't parse: {error}", mention_author=False)
            else:
                original = getattr(error, "original", error)
                ref = new_ref()
                log.error("ref %s: `%s` failed", ref, ctx.invoked_with, exc_info=original)
                await ctx.reply(failure_message(ref), mention_author=False)
        except discord.HTTPException:
            log.warning("could not reply to `%s`", ctx.invoked_with, exc_info=True)
