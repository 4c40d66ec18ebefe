"""What the fake Discord saw of one interaction answered by defer-then-reply."""

from __future__ import annotations

from tests.bot.fake_discord import FakeDiscord, FakeInteraction, Request


async def defer_and_reply(
    fake: FakeDiscord, interaction: FakeInteraction
) -> tuple[Request, Request]:
    """The interaction's first two requests: the deferral, then the reply (callback or
    follow-up)."""
    defer, reply = await fake.wait_for(
        lambda r: r.interaction is interaction and r.kind in ("callback", "followup"), count=2
    )
    return defer, reply
