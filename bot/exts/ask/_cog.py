"""Asking: `/ask`, an @mention in a channel, or a DM.

Every path checks the question (length, platform, date) and the user's cooldown without
blocking, acknowledges at once, and runs the search on a worker thread. Each answer carries
the buttons of `bot.exts.ask.buttons`; who a message addresses, and how its mentions read,
is `bot.exts.ask.mentions`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import date
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import channels
from bot.arguments import parse_day, platform_slug
from bot.client import DMS_OFF, is_sync_request
from bot.cooldown import cooldown_message
from bot.errors import defer, failure_message, new_ref, reply_privately
from bot.exts.ask import embeds
from bot.exts.ask.answers import new_key
from bot.exts.ask.buttons import answer_view
from bot.exts.ask.mentions import addressed, own_mentions, readable_mentions
from bot.runtime import Runtime, runtime_of
from fineprint.answering.answer import Answer

log = logging.getLogger(__name__)

EXAMPLE = "Can SoundCloud train AI on my voice?"
EMPTY = "Fineprint has no terms loaded yet: a server manager can run /reingest."
QUESTION_MAX = 4000  # Discord's own cap for the box; FINEPRINT_BOT_MAX_QUESTION_CHARS is the rule


def help_text(mention: str) -> str:
    return (
        f"Ask me about a platform's terms and I'll quote the clauses that answer it, with "
        f"their source — e.g. `{mention} {EXAMPLE}` or `/ask`. `/platforms` lists what I cover."
    )


class Asking:
    """The checks and the answering both the slash command and messages use."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def question_problem(self, question: str) -> str | None:
        limit = self.runtime.settings.max_question_chars
        if not self.runtime.catalog.platforms:
            return EMPTY
        if not question.strip():
            return f"Ask a question, e.g. “{EXAMPLE}”"
        if len(question) > limit:
            return (
                f"Your question is {len(question)} characters long; the limit is {limit}. "
                "Ask about one thing, in a sentence or two."
            )
        return None

    def cooldown_problem(self, user_id: int) -> str | None:
        wait = self.runtime.questions.retry_after(user_id)
        return None if wait is None else cooldown_message(wait)

    async def answer(
        self, question: str, platform: str | None = None, as_of: date | None = None
    ) -> Answer:
        """Search off the event loop; the answer is cached under its id for its buttons."""
        key = new_key()
        started = time.perf_counter()
        answer = await self.runtime.run(
            self.runtime.service.ask, question, platform=platform, as_of=as_of, k=5, id=key
        )
        self.runtime.answers.put(key, answer)
        # No user id here, and no question text: the log must not pair the two.
        log.info(
            "answer %s: %d citations, abstained=%s, %.2fs",
            key,
            len(answer.citations),
            answer.abstained,
            time.perf_counter() - started,
        )
        return answer

    def view_for(self, answer: Answer) -> discord.ui.View:
        return answer_view(answer, self.runtime)

    async def add_summary(
        self, answer: Answer, message: discord.Message | discord.WebhookMessage
    ) -> None:
        """Edit a checked AI summary into an answer already sent (when summaries are on)."""
        if not self.runtime.summaries.enabled:
            return
        try:
            if await self.runtime.summaries.add(answer, embeds.SHOWN_CITATIONS):
                await channels.edit_embed(message, embeds.answer_embed(answer))
        except Exception:  # the quotes stand on their own
            log.warning("answer %s: no summary added", answer.id, exc_info=True)


class Ask(commands.Cog):
    """`/ask`, mentions and DMs."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)
        self.asking = Asking(self.runtime)

    @app_commands.command(
        name="ask", description="Ask about a platform's terms: get the clauses quoted, with sources"
    )
    @app_commands.describe(
        question="Your question, e.g. “Can SoundCloud train AI on my voice?”",
        platform="Only search this platform's terms",
        as_of="The terms in force on this date (YYYY-MM-DD); default: today",
        private="Only you see the answer",
    )
    async def ask(
        self,
        interaction: discord.Interaction[Any],
        question: app_commands.Range[str, 1, QUESTION_MAX],
        platform: app_commands.Range[str, 1, 100] | None = None,
        as_of: app_commands.Range[str, 1, 40] | None = None,
        private: bool = False,
    ) -> None:
        asking = self.asking
        slug, platform_problem = platform_slug(self.runtime.catalog, platform)
        day, day_problem = parse_day(as_of)
        problem = asking.question_problem(question) or platform_problem or day_problem
        problem = problem or asking.cooldown_problem(interaction.user.id)
        if problem:
            await reply_privately(interaction, problem)
            return
        await defer(interaction, private=private)
        question = readable_mentions(question, interaction.guild, resolve=interaction.client)
        answer = await asking.answer(question, slug, day)
        sent = await channels.follow_up(
            interaction,
            embed=embeds.answer_embed(answer),
            view=asking.view_for(answer),
            private=private,
        )
        if sent is not None:
            await asking.add_summary(answer, sent)

    @ask.autocomplete("platform")
    async def _platforms(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return self.runtime.catalog.platform_choices(current)

    # --- mentions and DMs -------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or not addressed(message, me.id):
            return
        context = await self.bot.get_context(message)
        if is_sync_request(context):
            return  # the owner's `sync`, with exactly its arguments
        if message.guild is None and not self.runtime.settings.dms:
            await self._dms_off(message)
            return
        question = readable_mentions(
            message.content, message.guild, message.mentions, drop=own_mentions(message, me.id)
        )
        try:
            await self._answer_message(message, question, me.mention)
        except discord.HTTPException as error:  # Discord refused: nothing more to say there
            log.warning(
                "answering a message in channel %s: Discord said %s",
                message.channel.id,
                channels.refusal(error),
            )
        except Exception as error:
            ref = new_ref()
            log.error("ref %s: answering a message failed", ref, exc_info=error)
            await channels.send(
                message.channel,
                content=failure_message(ref),
                reply_to=message,
                what="a failure notice",
            )

    async def _answer_message(self, message: discord.Message, question: str, mention: str) -> None:
        allowed = channels.access(message.channel)
        if not allowed.can_send:
            log.warning(
                "cannot answer a mention in channel %s: missing %s",
                message.channel.id,
                ", ".join(allowed.missing),
            )
            return
        problem = None if question else help_text(mention)
        problem = problem or self.asking.question_problem(question)
        if problem:
            await channels.send(message.channel, content=problem, reply_to=message)
            return
        wait = self.runtime.questions.retry_after(message.author.id)
        if wait is not None:
            await self._cooldown_notice(message.author, wait)
            return
        with contextlib.suppress(discord.HTTPException):
            await message.channel.typing()  # "Fineprint is typing…" for the next ~10 s
        answer = await self.asking.answer(question)
        sent = await channels.send(
            message.channel,
            embed=embeds.answer_embed(answer),
            view=self.asking.view_for(answer),
            reply_to=message,
            what="an answer",
        )
        if sent is not None:
            await self.asking.add_summary(answer, sent)

    async def _dms_off(self, message: discord.Message) -> None:
        """Say why there is no answer — counted as a question, so a flood of DMs gets no more
        replies than the cooldown allows."""
        if self.runtime.questions.retry_after(message.author.id) is None:
            await channels.send(message.channel, content=DMS_OFF, what="the DMs-off note")

    async def _cooldown_notice(self, user: discord.User | discord.Member, wait: float) -> None:
        """Privately (a DM), and once per window: a public notice per mention would let one
        user make the bot spam a channel."""
        if not self.runtime.questions.first_notice(user.id, wait):
            return
        try:
            await user.send(cooldown_message(wait), allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException:
            log.info("a cooldown notice could not be sent (DMs closed)")
