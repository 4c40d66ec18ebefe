"""Failures as a short reference for the user and a full trace in the log, and the
replies that must stay private.

The user gets "something went wrong (ref 3FA2C1)"; the log gets the traceback under that
ref, with neither the user's id nor the token (a logging filter blanks the token anywhere).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord

from bot.limits import clip_message

log = logging.getLogger("bot.errors")

PUBLIC_DEFER = "fineprint_public_defer"


def new_ref() -> str:
    return secrets.token_hex(3).upper()


def failure_message(ref: str) -> str:
    return (
        f"Something went wrong (ref {ref}). It has been logged; "
        "please try again in a moment, and mention the ref if you report it."
    )


async def defer(interaction: discord.Interaction[Any], *, private: bool) -> None:
    """Acknowledge at once (Discord allows 3 s) with a "thinking…" state; remember whether
    that state is public, because a later private reply must then replace it."""
    interaction.extras[PUBLIC_DEFER] = not private
    await interaction.response.defer(ephemeral=private, thinking=True)


async def reply_privately(interaction: discord.Interaction[Any], content: str) -> None:
    """An ephemeral reply, whatever the interaction's state.

    After a public defer, Discord turns the first follow-up into the public "thinking"
    message whatever its flags, so that message is deleted first.
    """
    content = clip_message(content)
    none = discord.AllowedMentions.none()
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=none)
        return
    if interaction.extras.pop(PUBLIC_DEFER, False):
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            log.debug("could not delete the deferred response", exc_info=True)
    await interaction.followup.send(content, ephemeral=True, allowed_mentions=none)


async def report_failure(
    interaction: discord.Interaction[Any], error: BaseException, where: str
) -> str:
    """Log the trace under a fresh ref and tell the user the ref, privately."""
    ref = new_ref()
    log.error("ref %s: %s failed", ref, where, exc_info=error)
    try:
        await reply_privately(interaction, failure_message(ref))
    except discord.HTTPException:
        log.warning("ref %s: could not tell the user", ref, exc_info=True)
    return ref


class RedactFilter(logging.Filter):
    """Blanks secrets out of every record (message, arguments and traceback) it sees."""

    def __init__(self, *secrets_: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets_ if s]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        record.msg, record.args = self._clean(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True
