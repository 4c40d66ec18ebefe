"""The fake Discord says no where Discord does — else the end-to-end tests prove nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.bot.fake_discord import FakeDiscord
from tests.bot.fake_discord import payloads as p
from tests.bot.fake_discord.server import ACK_SECONDS, TOKEN_SECONDS


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    discord_ = FakeDiscord()
    await discord_.start()
    yield discord_
    await discord_.stop()


async def call(
    fake: FakeDiscord, method: str, path: str, body: Any = None, *, bot: bool = True
) -> tuple[int, dict[str, Any], str]:
    headers = {"Authorization": f"Bot {fake.token}"} if bot else {}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, fake.api_base + path, json=body, headers=headers) as response,
    ):
        data = await response.json(content_type=None) if response.status != 204 else {}
        return response.status, data, response.headers.get("Content-Type", "")


async def upload(
    fake: FakeDiscord, channel: p.Channel, files: dict[str, bytes], payload: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """A channel message with files, as discord.py sends one (multipart: payload_json and
    files[n])."""
    form = aiohttp.FormData(default_to_multipart=True)
    form.add_field("payload_json", json.dumps(payload))
    for name, data in files.items():
        form.add_field(name, data, filename="a.png", content_type="application/octet-stream")
    url = f"{fake.api_base}/channels/{channel.id}/messages"
    headers = {"Authorization": f"Bot {fake.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=form, headers=headers) as response,
    ):
        return response.status, await response.json(content_type=None)


async def test_uploads_become_attachments_and_follow_discords_rules(fake: FakeDiscord) -> None:
    guild = fake.add_guild()
    general = fake.general(guild)
    picture = {"content": "", "embeds": [{"image": {"url": "attachment://a.png"}}]}
    named = picture | {"attachments": [{"id": 0, "filename": "a.png"}]}
    status, message = await upload(fake, general, {"files[0]": b"\x89PNG data"}, named)
    assert status == 200
    (attachment,) = message["attachments"]
    assert attachment["filename"] == "a.png" and attachment["size"] == len(b"\x89PNG data")
    assert message["embeds"][0]["image"]["url"] == attachment["url"]
    (sent,) = fake.sent()
    assert sent.files == {0: ("a.png", b"\x89PNG data")} and sent.data == named

    no_files = fake.add_channel(guild, "no-files", deny=p.ATTACH_FILES)
    status, refused = await upload(fake, no_files, {"files[0]": b"x"}, named)
    assert (status, refused["code"]) == (403, 50013)  # Attach Files, as embeds need Embed Links
    status, refused = await upload(fake, general, {}, named)
    assert (status, refused["code"]) == (400, 50035)  # an attachment naming no file part
    huge = b"x" * (8_388_608 + 1)
    status, refused = await upload(fake, general, {"files[0]": huge}, named)
    assert (status, refused["code"]) == (413, 40005)


async def interaction(fake: FakeDiscord) -> Any:
    guild = fake.add_guild()
    return await fake.slash("ask", fake.general(guild), fake.new_user(), question="q")


def callback(found: Any) -> str:
    return f"/interactions/{found.id}/{found.token}/callback"


async def test_acks_late_or_twice_are_refused(fake: FakeDiscord) -> None:
    late = await interaction(fake)
    fake.clock.advance(ACK_SECONDS + 0.1)
    status, data, kind = await call(fake, "POST", callback(late), {"type": 5})
    assert (status, data["code"]) == (404, 10062) and kind == "application/json"
    once = await interaction(fake)
    assert (await call(fake, "POST", callback(once), {"type": 5}))[0] == 200
    status, data, _ = await call(fake, "POST", callback(once), {"type": 5})
    assert (status, data["code"]) == (400, 40060)


async def test_tokens_die_after_15_minutes(fake: FakeDiscord) -> None:
    found = await interaction(fake)
    await call(fake, "POST", callback(found), {"type": 5})
    path = f"/webhooks/{fake.application_id}/{found.token}"
    assert (await call(fake, "POST", path, {"content": "hi"}))[0] == 200
    fake.clock.advance(TOKEN_SECONDS + 1)
    status, data, _ = await call(fake, "PATCH", path + "/messages/@original", {"content": "x"})
    assert (status, data["code"]) == (401, 50027)


@pytest.mark.parametrize(
    "body",
    [
        {"content": "x" * 2001},
        {"embeds": [{"title": "t" * 257}]},
        {
            "embeds": [
                {"description": "d" * 4000, "fields": [{"name": "n", "value": "v" * 1024}] * 3}
            ]
        },
        {"embeds": [{"fields": [{"name": "", "value": "v"}]}]},
        {
            "content": "x",
            "components": [
                {"type": 1, "components": [{"type": 2, "style": 1, "label": "b", "custom_id": "a"}]}
            ]
            * 6,
        },
        {
            "content": "x",
            "components": [
                {
                    "type": 1,
                    "components": [{"type": 2, "style": 1, "label": "b", "custom_id": "c" * 101}],
                }
            ],
        },
        {},
    ],
)
async def test_limits_are_50035(fake: FakeDiscord, body: dict[str, Any]) -> None:
    found = await interaction(fake)
    status, data, _ = await call(fake, "POST", callback(found), {"type": 4, "data": body})
    assert (status, data["code"]) == (400, 50035)
    assert found.response_type is None  # a refused response acknowledges nothing


async def test_channel_messages_need_the_bots_permissions(fake: FakeDiscord) -> None:
    guild = fake.add_guild()
    hidden = fake.add_channel(guild, "hidden", deny=p.VIEW_CHANNEL)
    quiet = fake.add_channel(guild, "quiet", deny=p.SEND_MESSAGES)
    plain = fake.add_channel(guild, "plain", deny=p.EMBED_LINKS)
    embed = {"embeds": [{"description": "d"}]}
    assert (await call(fake, "POST", f"/channels/{hidden.id}/messages", embed))[1]["code"] == 50001
    assert (await call(fake, "POST", f"/channels/{quiet.id}/messages", embed))[1]["code"] == 50013
    assert (await call(fake, "POST", f"/channels/{plain.id}/messages", embed))[1]["code"] == 50013
    assert (await call(fake, "POST", f"/channels/{plain.id}/messages", {"content": "ok"}))[0] == 200
    assert (await call(fake, "POST", "/channels/1/messages", {"content": "ok"}))[1]["code"] == 10003
    status, _, _ = await call(
        fake, "POST", f"/channels/{plain.id}/messages", {"content": "x"}, bot=False
    )
    assert status == 401


async def test_scripted_refusals_and_rate_limits(fake: FakeDiscord) -> None:
    channel = fake.general(fake.add_guild())
    fake.script(channel.id, 429)
    fake.script(channel.id, 404, 10003)
    status, data, _ = await call(fake, "POST", f"/channels/{channel.id}/messages", {"content": "x"})
    assert status == 429 and data["retry_after"] > 0
    assert (await call(fake, "POST", f"/channels/{channel.id}/messages", {"content": "x"}))[
        0
    ] == 404
    assert (await call(fake, "POST", f"/channels/{channel.id}/messages", {"content": "x"}))[
        0
    ] == 200


async def test_cloudflare_429s_have_no_via_header_and_no_json(fake: FakeDiscord) -> None:
    """discord.py retries Discord's 429s but gives up on the edge's (no `Via`)."""
    found = await interaction(fake)
    await call(fake, "POST", callback(found), {"type": 5})
    fake.script(found.channel.id, 429, cloudflare=True, kinds=("followup",))
    path = fake.api_base + f"/webhooks/{fake.application_id}/{found.token}"
    async with aiohttp.ClientSession() as session:
        async with session.post(path, json={"content": "x"}) as refused:
            assert refused.status == 429 and "Via" not in refused.headers
            assert refused.content_type != "application/json"
            assert "1015" in await refused.text()
        async with session.post(path, json={"content": "x"}) as passed:
            assert passed.status == 200


async def test_who_may_edit_which_message(fake: FakeDiscord) -> None:
    """A token names by id only the messages its interaction sent or was pressed on; the
    bot's token edits its public messages, never an ephemeral one (it only exists for a
    token)."""
    first = await interaction(fake)
    await call(fake, "POST", callback(first), {"type": 4, "data": {"content": "a", "flags": 64}})
    hidden = str(first.original_id)
    other = await interaction(fake)
    await call(fake, "POST", callback(other), {"type": 4, "data": {"content": "b"}})
    public = str(other.original_id)
    hook = f"/webhooks/{fake.application_id}/{other.token}/messages/"
    assert (await call(fake, "PATCH", hook + public, {"content": "c"}))[0] == 200
    status, data, _ = await call(fake, "PATCH", hook + hidden, {"content": "c"})
    assert (status, data["code"]) == (404, 10008)
    pressed = await fake.press(fake.messages[int(hidden)], "x", first.user)
    await call(fake, "POST", callback(pressed), {"type": 6})
    path = f"/webhooks/{fake.application_id}/{pressed.token}/messages/{hidden}"
    assert (await call(fake, "PATCH", path, {"content": "d"}))[0] == 200
    channel = f"/channels/{other.channel.id}/messages/"
    assert (await call(fake, "PATCH", channel + public, {"content": "e"}))[0] == 200
    status, data, _ = await call(fake, "PATCH", channel + hidden, {"content": "e"})
    assert (status, data["code"]) == (404, 10008)


async def test_permissions_can_change_behind_the_bots_cache(fake: FakeDiscord) -> None:
    guild = fake.add_guild()
    channel = fake.general(guild)
    fake.change_permissions(channel, deny=p.EMBED_LINKS)
    embed = {"embeds": [{"description": "d"}]}
    path = f"/channels/{channel.id}/messages"
    assert (await call(fake, "POST", path, embed))[1]["code"] == 50013
    assert (await call(fake, "POST", path, {"content": "plain"}))[0] == 200
