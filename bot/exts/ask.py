"""Asking: `/ask`, an @mention in a channel, or a DM — and the buttons under each answer.

Every path checks the question (length, platform, date) and the user's cooldown without
blocking, acknowledges at once, and runs the search on a worker thread. Answers carry
buttons whose `custom_id` holds only the answer's key, so they keep working for as long as
the answer is cached (a restart gets a polite "ask again", not a failed interaction).
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Container, Sequence
from datetime import date
from typing import Any, Literal, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import channels, render
from bot.answers import new_key
from bot.client import DMS_OFF, is_sync_request
from bot.cooldown import cooldown_message
from bot.errors import defer, failure_message, new_ref, reply_privately, report_failure
from bot.pagination import send_pages
from bot.runtime import Runtime, runtime_of
from fineprint.answering.answer import Answer, Citation
from fineprint.catalog.clauses import Clause

log = logging.getLogger(__name__)

Action = Literal["full", "versions", "up", "down"]
TOO_OLD = "This answer is older than Fineprint's memory (or it restarted since): ask again."
EXAMPLE = "Can SoundCloud train AI on my voice?"
EMPTY = "Fineprint has no terms loaded yet: a server manager can run /reingest."
QUESTION_MAX = 4000  # Discord's own cap for the box; FINEPRINT_BOT_MAX_QUESTION_CHARS is the rule
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")


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

    def platform_slug(self, text: str | None) -> tuple[str | None, str | None]:
        """(slug, problem): a platform the user named, checked against what is ingested."""
        if not text or not text.strip():
            return None, None
        catalog = self.runtime.catalog
        found = catalog.platform(text)
        if found is None:
            shown = render.user_text(text)[:100]
            return None, f"Fineprint holds no terms for “{shown}”. It covers: {catalog.names()}."
        return found.slug, None

    @staticmethod
    def parse_day(text: str | None) -> tuple[date | None, str | None]:
        if not text or not text.strip():
            return None, None
        try:
            return date.fromisoformat(text.strip()), None
        except ValueError:
            shown = render.user_text(text)[:40]
            return None, f"“{shown}” is not a date: use YYYY-MM-DD, e.g. 2024-06-01."

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
            summary = await self.runtime.summaries.summary(answer, render.SHOWN_CITATIONS)
            if summary:
                await channels.edit_embed(message, render.answer_embed(answer, summary))
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
        slug, platform_problem = asking.platform_slug(platform)
        day, day_problem = asking.parse_day(as_of)
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
            embed=render.answer_embed(answer),
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
            embed=render.answer_embed(answer),
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


def readable_mentions(
    text: str,
    guild: discord.Guild | None,
    users: Sequence[discord.abc.User] = (),
    *,
    drop: Container[str] = (),
    resolve: discord.Client | None = None,
) -> str:
    """A question with its mentions as Discord shows them — `<@&id>` as @role name, `<@id>`
    as @user name, `<#id>` as #channel — and the mentions in `drop` (the bot's own) taken
    out; on one line. Names come from the message's mentions and the caches."""

    def name(match: re.Match[str]) -> str:
        if match[0] in drop:
            return " "
        return _mention_name(match[1], int(match[2]), guild, users, resolve)

    return " ".join(_MENTION.sub(name, text).split())


def _mention_name(
    kind: str,
    ident: int,
    guild: discord.Guild | None,
    users: Sequence[discord.abc.User],
    resolve: discord.Client | None,
) -> str:
    if kind == "#":
        channel = guild.get_channel_or_thread(ident) if guild else None
        return f"#{channel.name}" if channel else "#channel"
    if kind == "@&":
        role = guild.get_role(ident) if guild else None
        return f"@{role.name}" if role else "@role"
    user = next((u for u in users if u.id == ident), None)
    user = user or (guild.get_member(ident) if guild else None)
    user = user or (resolve.get_user(ident) if resolve else None)
    return f"@{user.display_name}" if user else "@user"


def own_mentions(message: discord.Message, bot_id: int) -> set[str]:
    """How a message can name the bot: its user, or its own role in this server."""
    names = {f"<@{bot_id}>", f"<@!{bot_id}>"}
    role = message.guild.self_role if message.guild else None
    if role is not None:
        names.add(role.mention)
    return names


def addressed(message: discord.Message, bot_id: int) -> bool:
    """A DM, or a message that @mentions the bot — its user, or its own role — in its text.

    A reply with "ping" on lists the bot in `mentions` without naming it: that is a reply to
    an answer, not a new question.
    """
    if message.guild is None:
        return True
    return any(name in message.content for name in own_mentions(message, bot_id))


# --- the buttons under an answer ----------------------------------------------------------

BUTTONS: dict[Action, tuple[str | None, str, discord.ButtonStyle]] = {
    "full": ("Full clause", "📜", discord.ButtonStyle.primary),
    "versions": ("Other versions", "🕰️", discord.ButtonStyle.secondary),
    "up": (None, "👍", discord.ButtonStyle.secondary),
    "down": (None, "👎", discord.ButtonStyle.secondary),
}


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"fp:(?P<action>full|versions|up|down):(?P<key>[0-9a-f]{16})",
):
    """One button of an answer; `fp:<action>:<answer key>` is all the message stores."""

    def __init__(self, action: Action, key: str) -> None:
        label, emoji, style = BUTTONS[action]
        super().__init__(
            discord.ui.Button(label=label, emoji=emoji, style=style, custom_id=f"fp:{action}:{key}")
        )
        self.action: Action = action
        self.key = key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        action = cast(Action, match["action"])
        return cls(action, match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await press(interaction, self.action, self.key)
        except Exception as error:  # discord.py would only log it: the user must hear back
            await report_failure(interaction, error, f"{self.action} button")


def answer_view(answer: Answer, runtime: Runtime) -> discord.ui.View:
    """Full clause and Other versions (when there is a quote, and history to show), 👍 👎."""
    view = discord.ui.View(timeout=None)
    key = answer.id or ""
    if answer.citations and not answer.abstained:
        view.add_item(AnswerButton("full", key))
        top = answer.citations[0]
        platform = runtime.catalog.platforms.get(top.platform)
        document = platform.documents.get(top.document) if platform else None
        if document is None or len(document.versions) > 1:
            view.add_item(AnswerButton("versions", key))
    view.add_item(AnswerButton("up", key))
    view.add_item(AnswerButton("down", key))
    return view


async def press(interaction: discord.Interaction[Any], action: Action, key: str) -> None:
    runtime = runtime_of(interaction.client)
    entry = runtime.answers.get(key)
    if entry is None:
        await reply_privately(interaction, TOO_OLD)
        return
    if action in ("up", "down"):
        await vote(interaction, runtime, key, entry.answer, action)
        return
    wait = runtime.lookups.retry_after(interaction.user.id)
    if wait is not None:
        await reply_privately(interaction, cooldown_message(wait))
        return
    await defer(interaction, private=True)
    if action == "full":
        await show_full_clause(interaction, runtime, entry.answer)
    else:
        await show_versions(interaction, runtime, entry.answer)


async def vote(
    interaction: discord.Interaction[Any],
    runtime: Runtime,
    key: str,
    answer: Answer,
    action: Literal["up", "down"],
) -> None:
    """Thank first, then write: the file append waits for a worker thread, and Discord
    forgets an interaction not acknowledged within 3 s."""
    if not runtime.answers.first_vote(key, interaction.user.id):
        await reply_privately(interaction, "You already rated this answer — thank you!")
        return
    thumb = "👍" if action == "up" else "👎"
    await reply_privately(
        interaction,
        f"Thanks for the {thumb}. Fineprint keeps the question and its citations with your "
        "vote, never who voted.",
    )
    try:
        await runtime.run(runtime.feedback.add, answer, action)
    except OSError:
        log.error("answer %s: the vote could not be written", key, exc_info=True)


def _clauses(runtime: Runtime, citations: list[Citation]) -> list[tuple[Citation, Clause]]:
    found: list[tuple[Citation, Clause]] = []
    for citation in citations:
        clause = runtime.service.clause_at(
            citation.platform, citation.document, citation.version_date, citation.start
        )
        if all((c.version_id, c.start) != (clause.version_id, clause.start) for _, c in found):
            found.append((citation, clause))
    return found


async def show_full_clause(
    interaction: discord.Interaction[Any], runtime: Runtime, answer: Answer
) -> None:
    """The whole clause of each quote shown, paginated, for the presser only."""
    cited = answer.citations[: render.SHOWN_CITATIONS]
    found = await runtime.run(_clauses, runtime, cited)
    blocks = [render.citation_block(c, clause.text, clause.section_label) for c, clause in found]
    await send_pages(interaction, render.clause_pages(blocks), private=True)


async def show_versions(
    interaction: discord.Interaction[Any], runtime: Runtime, answer: Answer
) -> None:
    """The top quote's clause in every version of its document, dated, changes marked."""
    top = answer.citations[0]

    def work() -> tuple[Any, Any]:
        service = runtime.service
        return service.clause_history(top, answer.question), service.versions(
            top.platform, top.document
        )

    periods, history = await runtime.run(work)
    await interaction.followup.send(
        embed=render.versions_embed(top, periods, history), ephemeral=True
    )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(Ask(bot))
