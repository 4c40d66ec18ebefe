"""What the bot may do in a channel, and sending there with what it has.

Discord answers a message the bot may not send with 403 (50001 Missing Access, 50013
Missing Permissions): an answer nobody sees and a traceback in the log. So the bot checks its
permissions from the gateway cache first — View Channel and Send Messages (Send Messages in
Threads in a thread) to send at all, Embed Links for an embed (else the same text, plain),
Read Message History for a reply (else a plain message) — and names what is missing in one
log line. A 403 that still comes back (a cache a moment behind) is that same one line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot import limits

log = logging.getLogger(__name__)

NONE = discord.AllowedMentions.none()


@dataclass(frozen=True)
class Access:
    """The bot's standing in one channel."""

    missing: tuple[str, ...]  # what it lacks to post there at all
    embeds: bool = True
    history: bool = True

    @property
    def can_send(self) -> bool:
        return not self.missing

    @property
    def lacking(self) -> tuple[str, ...]:
        """Everything an alert channel needs and lacks (sending, then embeds)."""
        return self.missing + (() if self.embeds else ("Embed Links",))


def access(channel: Any, me: Any = None) -> Access:
    """The bot's permissions in `channel` (a DM allows everything). `me` is the bot's
    member in the channel's guild; None takes the guild's."""
    guild = getattr(channel, "guild", None)
    if guild is None:
        return Access(())
    me = me or getattr(guild, "me", None)
    if me is None or not hasattr(channel, "permissions_for"):
        return Access(())  # a guild this shard does not hold: Discord will judge
    permissions = channel.permissions_for(me)
    missing = []
    if not permissions.view_channel:
        missing.append("View Channel")
    thread = isinstance(channel, discord.Thread)
    if thread and not permissions.send_messages_in_threads:
        missing.append("Send Messages in Threads")
    elif not thread and not permissions.send_messages:
        missing.append("Send Messages")
    return Access(tuple(missing), permissions.embed_links, permissions.read_message_history)


def embed_text(embed: discord.Embed, note: str | None = None) -> str:
    """An embed as a plain message (title, text, fields, footer) inside 2,000 characters."""
    parts = []
    if embed.title:
        parts.append(f"**{embed.title}**")
    if embed.description:
        parts.append(embed.description)
    for field in embed.fields:
        parts.append(f"**{field.name}**\n{field.value}")
    tail = [embed.footer.text] if embed.footer.text else []
    if note:
        tail.append(note)
    end = "\n\n" + "\n".join(f"-# {line}" for line in tail) if tail else ""
    body = limits.clip("\n\n".join(parts), limits.MESSAGE - len(end))
    return body + end


def refusal(error: discord.HTTPException) -> str:
    """ "403 50013 Missing Permissions" for a log line."""
    return f"{error.status} {error.code} {error.text or 'no reason given'}"


NO_EMBEDS_NOTE = "Give Fineprint the Embed Links permission here for the full layout."


async def send(
    channel: Any,
    *,
    embed: discord.Embed | None = None,
    content: str | None = None,
    view: discord.ui.View | None = None,
    reply_to: discord.Message | None = None,
    what: str = "a message",
) -> discord.Message | None:
    """Post `content` or `embed` (as text without Embed Links) to `channel`, as a reply when
    the bot may read the history; None, and one log line, when it may not post there."""
    allowed = access(channel)
    channel_id = getattr(channel, "id", "?")
    if not allowed.can_send:
        log.warning(
            "cannot post %s in channel %s: missing %s", what, channel_id, ", ".join(allowed.missing)
        )
        return None
    options: dict[str, Any] = {"allowed_mentions": NONE}
    if view is not None:
        options["view"] = view
    if embed is None:
        options["content"] = limits.clip_message(content or "")
    elif allowed.embeds:
        options["embed"] = embed
    else:
        log.info("channel %s: no Embed Links, %s sent as plain text", channel_id, what)
        options["content"] = embed_text(embed, NO_EMBEDS_NOTE)
        options["suppress_embeds"] = True
    try:
        sent: discord.Message
        if reply_to is not None and allowed.history:
            sent = await reply_to.reply(mention_author=False, **options)
        else:
            sent = await channel.send(**options)
        return sent
    except discord.Forbidden as error:
        log.warning(
            "cannot post %s in channel %s: Discord said %s", what, channel_id, refusal(error)
        )
        return None


async def edit_embed(
    message: discord.Message | discord.WebhookMessage, embed: discord.Embed
) -> None:
    """Replace a sent answer's embed, or its text if it went out as plain text."""
    if message.embeds or not message.content:
        await message.edit(embed=embed)
    else:
        await message.edit(content=embed_text(embed, NO_EMBEDS_NOTE))
