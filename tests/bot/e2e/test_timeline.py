"""`/timeline` through the fake Discord: the PNG goes up as a multipart attachment, and the
embed shows it (its `attachment://` image resolved to the attachment, as Discord does)."""

from __future__ import annotations

import struct

from bot.runtime import Runtime
from tests.bot.e2e.conftest import Server, StartBot, no_pings
from tests.bot.e2e.replies import defer_and_reply
from tests.bot.fake_discord import FakeDiscord


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_the_timeline_png_is_attached_to_its_embed(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash("timeline", server.channel, server.member, platform="soundcloud")
    deferred, reply = await defer_and_reply(fake, asked)
    assert deferred.body is not None and deferred.body["type"] == 5 and not deferred.ephemeral
    assert reply.kind == "followup" and reply.ok and no_pings(reply)
    ((filename, data),) = reply.files.values()
    assert filename == "timeline.png" and png_size(data) == (1200, 675)
    assert reply.data["attachments"] == [{"id": 0, "filename": "timeline.png"}]

    shown = fake.messages[int(reply.response["id"])]  # what the channel now shows
    (attachment,) = shown["attachments"]
    assert attachment["filename"] == "timeline.png" and attachment["size"] == len(data)
    (embed,) = shown["embeds"]
    assert embed["title"] == "SoundCloud · Terms of Use: timeline"
    assert embed["image"]["url"] == attachment["url"]
    assert "**2024-02-07**" in embed["fields"][0]["value"]


async def test_a_refused_follow_up_posts_the_picture_in_the_channel(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """The first upload is spent when Discord refuses it: the channel gets a fresh one."""
    fake.refusals_expected = True
    await start_bot(runtime)
    fake.script(server.channel.id, 429, cloudflare=True, times=None, kinds=("followup",))
    await fake.slash("timeline", server.channel, server.member, platform="youtube")
    (posted,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    ((filename, data),) = posted.files.values()
    assert filename == "timeline.png" and png_size(data) == (1200, 675)
    (embed,) = posted.response["embeds"]
    assert embed["image"]["url"] == posted.response["attachments"][0]["url"]
