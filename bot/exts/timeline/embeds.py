"""`/timeline`'s embed: what the picture shows, in words, with the picture as its image."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot import limits
from bot.change_embeds import COLOUR_CHANGES
from bot.limits import clip
from bot.render import SHORT_NOTICE

if TYPE_CHECKING:
    from fineprint.changes.timeline import Timeline, VersionStep

SHOWN_STEPS = 8  # the latest versions with material changes, listed under the picture


def step_line(step: VersionStep) -> str:
    """ "**2024-02-07** · 37 material: AI 4, licence 9, …" """
    from fineprint.changes.timeline import topic_label

    topics = ", ".join(f"{topic_label(topic)} {count}" for topic, count in step.topics)
    return f"**{step.version_date}** · {step.material} material: {topics}"


def timeline_embed(timeline: Timeline, image_url: str) -> discord.Embed:
    """Title, a summary line, the latest material versions, and the picture."""
    steps = timeline.steps
    material = timeline.material_steps
    description = (
        f"{len(steps)} version(s), {steps[0].version_date} → {steps[-1].version_date}; "
        f"{len(material)} brought material changes (AI, licence, money, …)."
    )
    embed = discord.Embed(
        title=clip(f"{timeline.platform_name} · {timeline.document_name}: timeline", limits.TITLE),
        description=description,
        colour=COLOUR_CHANGES,
    )
    shown = material[-SHOWN_STEPS:]
    if shown:
        lines = [step_line(step) for step in reversed(shown)]
        if len(material) > len(shown):
            lines.append(f"…and {len(material) - len(shown)} earlier")
        embed.add_field(
            name="Material changes, latest first",
            value=clip("\n".join(lines), limits.FIELD_VALUE),
            inline=False,
        )
    embed.set_image(url=image_url)
    embed.set_footer(
        text=f"{SHORT_NOTICE} /changes {timeline.platform} {timeline.document} "
        "from … to … shows what changed."
    )
    return limits.enforce(embed)
