"""What the bot may do in a channel, and sending there with what it has.

Discord answers a message the bot may not send with 403 (50001 Missing Access, 50013
Missing Permissions): an answer nobody sees and a traceback in the log. So the bot checks its
permissions from the gateway cache first — View Channel and Send Messages (Send Messages in
Threads in a thread) to send at all, Embed Links for an embed (else the same text, plain),
Read Message History for a reply (else a plain message) — and names what is missing in one
log line. A 403 that still comes back (a cache a moment behind) is that same one line, except
for an embed refused for Missing Permissions (50013): it is sent again, once, as plain text.

A follow-up to an interaction that Discord refuses (a 429 from Cloudflare's edge, which
discord.py does not retry; a 5xx; a dead token) would leave the user with a "thinking…" that
never ends: a public one goes to the channel instead (`follow_up`), as a message the bot owns.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot import limits

log = logging.getLogger(__name__)

NONE = discord.AllowedMentions.none()
MISSING_PERMISSIONS = 50013
Sent = discord.Message | discord.WebhookMessage


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


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message (a picture the embed shows as `attachment://name`);
    each send gets a fresh `discord.File`, since a sent one is spent."""

    filename: str
    data: bytes

    def file(self) -> discord.File:
        return discord.File(io.BytesIO(self.data), filename=self.filename)

    @property
    def url(self) -> str:
        """What an embed names it by."""
        return f"attachment://{self.filename}"


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
    attachment: Attachment | None = None,
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
    if attachment is not None:
        options["file"] = attachment.file()
    if embed is None:
        options["content"] = limits.clip_message(content or "")
    elif allowed.embeds:
        options["embed"] = embed
    else:
        log.info("channel %s: no Embed Links, %s sent as plain text", channel_id, what)
        options |= _plain(embed)
    try:
        return await post(channel, options, reply_to if allowed.history else None)
    except discord.Forbidden as error:
        log.warning(
            "cannot post %s in channel %s: Discord said %s", what, channel_id, refusal(error)
        )
        return None


def _plain(embed: discord.Embed) -> dict[str, Any]:
    return {"content": embed_text(embed, NO_EMBEDS_NOTE), "suppress_embeds": True}


async def post(
    channel: Any, options: dict[str, Any], reply_to: discord.Message | None = None
) -> discord.Message:
    """Send with these options; an embed Discord refuses for Missing Permissions although the
    permission cache allowed it (changed a moment ago) goes again, once, as plain text.
    Raises what Discord answers otherwise."""
    try:
        return await _post(channel, options, reply_to)
    except discord.Forbidden as error:
        embed = options.get("embed")
        if embed is None or error.code != MISSING_PERMISSIONS:
            raise
        log.info(
            "channel %s: Discord refused an embed (%s), sent again as plain text",
            getattr(channel, "id", "?"),
            refusal(error),
        )
        # a file goes with the embed that shows it (and a sent one is spent)
        plain = {k: v for k, v in options.items() if k not in ("embed", "file")} | _plain(embed)
        return await _post(channel, plain, reply_to)


async def _post(
    channel: Any, options: dict[str, Any], reply_to: discord.Message | None
) -> discord.Message:
    if reply_to is not None:
        sent: discord.Message = await reply_to.reply(mention_author=False, **options)
        return sent
    sent = await channel.send(**options)
    return sent


async def follow_up(
    interaction: discord.Interaction[Any],
    *,
    embed: discord.Embed,
    view: discord.ui.View | None = None,
    private: bool = False,
    what: str = "an answer",
    attachment: Attachment | None = None,
) -> Sent | None:
    """The follow-up to a deferred interaction (with `attachment`, a file its embed may
    show). When Discord refuses it, a public one is posted in the channel instead, where the
    bot may post (None where it may not); a private one cannot go there, so the refusal is
    raised."""
    options: dict[str, Any] = {"embed": embed, "ephemeral": private, "allowed_mentions": NONE}
    if view is not None:
        options["view"] = view
    if attachment is not None:
        options["file"] = attachment.file()
    try:
        sent: discord.WebhookMessage = await interaction.followup.send(wait=True, **options)
        return sent
    except discord.HTTPException as error:
        if private or error.status == 400:  # 400: the message itself is wrong, anywhere
            raise
        log.warning(
            "%s in channel %s: the follow-up failed (%s), posted in the channel instead",
            what,
            interaction.channel_id,
            refusal(error),
        )
    posted = await send(
        interaction.channel, embed=embed, view=view, what=what, attachment=attachment
    )
    if posted is not None:
        try:  # the "thinking…" the defer showed: the answer is below it now
            await interaction.delete_original_response()
        except discord.HTTPException:
            log.debug("could not delete the deferred response", exc_info=True)
    return posted


async def edit_embed(
    message: discord.Message | discord.WebhookMessage, embed: discord.Embed
) -> None:
    """Replace a sent answer's embed, or its text if it went out as plain text."""
    if message.embeds or not message.content:
        await message.edit(embed=embed)
    else:
        await message.edit(content=embed_text(embed, NO_EMBEDS_NOTE))
