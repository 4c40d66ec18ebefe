"""Paginated replies through the fake Discord: pages turn through each press's own token, and
the buttons are disabled through the latest one — never the first, dead after 15 minutes."""

from __future__ import annotations

import pytest

from bot import pagination
from bot.runtime import Runtime
from tests.bot.e2e.conftest import Server, StartBot
from tests.bot.fake_discord import FakeDiscord


def buttons(message: dict) -> list[dict]:
    return [c for row in message["components"] for c in row["components"]]


async def test_buttons_are_disabled_through_the_latest_press(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Defect 6: the timeout (restarted by each press) edited through the command's token."""
    made: list[pagination.Paginator] = []
    original = pagination.Paginator.__init__

    def remember(self: pagination.Paginator, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(pagination.Paginator, "__init__", remember)
    await start_bot(runtime)
    asked = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    _, shown = await fake.wait_for(
        lambda r: r.interaction is asked and r.kind in ("callback", "followup"), count=2
    )
    page = shown.response
    assert buttons(page)[2]["label"].startswith("1/")

    fake.clock.advance(14 * 60)  # the command's token has a minute left
    forward = next(b for b in buttons(page) if b.get("emoji", {}).get("name") == "▶️")
    pressed = await fake.press(page, forward["custom_id"], server.member)
    (turned,) = await fake.wait_for(lambda r: r.interaction is pressed)
    assert turned.body["type"] == 7 and turned.ok
    assert buttons(turned.data)[2]["label"].startswith("2/")

    fake.clock.advance(5 * 60)  # the command's token is dead; the press's is 5 minutes old
    (view,) = made
    view.timeout = 0.01  # time out now (a real one is 10 minutes after the last press)
    (disabled,) = await fake.wait_for(lambda r: r.kind.endswith(".edit"))
    assert disabled.ok and disabled.interaction is pressed
    assert all(b.get("disabled") for b in buttons(disabled.data))


async def test_someone_else_cannot_turn_the_pages(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    _, shown = await fake.wait_for(
        lambda r: r.interaction is asked and r.kind in ("callback", "followup"), count=2
    )
    forward = next(b for b in buttons(shown.response) if b.get("emoji", {}).get("name") == "▶️")
    pressed = await fake.press(shown.response, forward["custom_id"], server.manager)
    (reply,) = await fake.wait_for(lambda r: r.interaction is pressed)
    assert reply.body["type"] == 4 and reply.ephemeral
    assert "someone else" in reply.data["content"]
