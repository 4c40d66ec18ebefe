"""`/reingest`'s messages: progress, failure, and the summary embed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot import limits
from bot.limits import clip
from fineprint.progress import stage_label

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport

COLOUR_ADMIN = discord.Colour.dark_green()


def ingest_progress(target: str, stage: str | None, done: int, total: int) -> str:
    if stage is None:
        return f"⏳ Re-ingesting {target}: starting…"
    return f"⏳ Re-ingesting {target}: {stage_label(stage)} {done}/{total}…"


def ingest_failed(target: str, ref: str) -> str:
    return (
        f"❌ Re-ingest of {target} failed (ref {ref}): answers keep using the store as it was. "
        "The bot's log has the details under the ref."
    )


def ingest_summary(target: str, report: IngestReport, reloaded: bool) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Re-ingest of {target} done in {report.seconds:.1f}s", limits.TITLE),
        colour=COLOUR_ADMIN if report.ok else discord.Colour.orange(),
    )
    embed.add_field(name="Documents", value=str(report.documents))
    embed.add_field(
        name="Versions", value=f"{report.versions_new} new, {report.versions_unchanged} unchanged"
    )
    embed.add_field(
        name="Clauses",
        value=f"{report.clauses_added} added, {report.texts_embedded} texts embedded",
    )
    if report.skipped:
        lines = "\n".join(f"• `{path}`: {problem}" for path, problem in report.skipped[:10])
        embed.add_field(
            name=f"Skipped {len(report.skipped)}", value=clip(lines, 1000), inline=False
        )
    embed.set_footer(
        text="Answers now use the new versions." if reloaded else "No change to answers."
    )
    return limits.enforce(embed)
