"""A fake Discord on 127.0.0.1: the REST routes the bot uses and a gateway, with Discord's rules.

The real discord.py client connects to it unchanged once `discord.http.Route.BASE` and
`DiscordWebSocket.DEFAULT_GATEWAY` point here (see `connect_discord_py`). Every request is
recorded (`requests`) and judged as Discord judges it: an interaction acknowledged after 3 s
is unknown (10062), twice is 40060, its token dies after 15 minutes (50027), messages and
components over a limit are 50035, channel messages need the bot's permissions there (Attach
Files for an upload), uploads come as multipart (`payload_json` and `files[n]`, over 8 MiB a
413 40005) and become the message's attachments, and a test can script a 403/404/429 for a
channel. Time is a `FakeClock` tests can move forward.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.bot.fake_discord import payloads as p
from tests.bot.fake_discord.gateway import GatewayMixin, Session
from tests.bot.fake_discord.records import (
    ACK_SECONDS,
    TOKEN,
    TOKEN_SECONDS,
    FakeClock,
    FakeInteraction,
    Request,
    Scripted,
)
from tests.bot.fake_discord.rest import RestMixin
from tests.bot.fake_discord.rules import UPLOAD_LIMIT

__all__ = ["ACK_SECONDS", "TOKEN_SECONDS", "FakeDiscord", "FakeInteraction", "Request"]


@dataclass
class FakeDiscord(GatewayMixin, RestMixin):
    clock: FakeClock = field(default_factory=FakeClock)
    token: str = TOKEN
    privileged_allowed: int = 0  # which privileged intents the portal has switched on
    shards_recommended: int = 1
    latency: float = 0.0  # seconds every REST answer waits: a simulated round trip
    refusals_expected: bool = False  # else the test fails on any 10062/40060/50027/50035
    gateway_refuses_token: bool = False  # the REST API takes the token, the gateway says 4004

    def __post_init__(self) -> None:
        self.application_id = p.snowflake()
        self.bot_user = p.user(self.application_id, "Fineprint", bot=True)
        self.owner = p.user(p.snowflake(), "owner")
        self.guilds: dict[int, p.Guild] = {}
        self.channels: dict[int, p.Channel] = {}
        self.dm_channels: dict[int, p.Channel] = {}  # by recipient
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.by_token: dict[str, FakeInteraction] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.sessions: list[Session] = []
        self.identifies: list[dict[str, Any]] = []
        self.resumes = 0
        self.known_sessions: dict[str, Session] = {}  # resumable, whether connected or not
        self.requests: list[Request] = []
        self.scripts: dict[int, list[Scripted]] = {}
        self.hooks: list[Callable[[Request], None]] = []
        self._changed = asyncio.Condition()
        self._sessions_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=4 * UPLOAD_LIMIT)  # the rules judge uploads
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for session in list(self.sessions):
            with contextlib.suppress(Exception):
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- the world ----------------------------------------------------------------------

    def add_guild(
        self,
        name: str = "Creators",
        *,
        shard: tuple[int, int] | None = None,
        everyone: int = p.MEMBER_DEFAULT,
        bot_role_permissions: int = 0,
    ) -> p.Guild:
        guild_id = p.snowflake()
        while shard is not None and (guild_id >> 22) % shard[1] != shard[0]:
            guild_id = p.snowflake()
        guild = p.Guild(
            guild_id, name, int(self.owner["id"]), p.snowflake(), everyone, bot_role_permissions
        )
        self.guilds[guild_id] = guild
        self.add_channel(guild, "general")
        return guild

    def add_channel(
        self,
        guild: p.Guild,
        name: str,
        *,
        allow: int = 0,
        deny: int = 0,
        thread_of: p.Channel | None = None,
    ) -> p.Channel:
        kind = p.PUBLIC_THREAD if thread_of is not None else p.TEXT
        parent = thread_of.id if thread_of is not None else None
        channel = p.Channel(p.snowflake(), guild.id, name, kind, parent, allow, deny)
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def dm_channel(self) -> p.Channel:
        channel = p.Channel(p.snowflake(), None, "dm", p.DM)
        self.channels[channel.id] = channel
        return channel

    def new_user(self, name: str = "creator") -> dict[str, Any]:
        return p.user(p.snowflake(), name)

    def general(self, guild: p.Guild) -> p.Channel:
        return next(iter(guild.channels.values()))

    def delete_channel(self, channel: p.Channel) -> None:
        self.channels.pop(channel.id, None)
        if channel.guild_id in self.guilds:
            self.guilds[channel.guild_id].channels.pop(channel.id, None)

    def script(
        self,
        channel_id: int,
        status: int,
        code: int = 0,
        *,
        times: int | None = 1,
        kinds: tuple[str, ...] = ("channel.message",),
        cloudflare: bool = False,
    ) -> None:
        """The next `times` requests of these kinds about this channel (or to this user, for
        "dm.open") fail with `status` and `code`: 403, 404, 429… A `cloudflare` 429 is the
        edge's (no `Via` header, a text body), which discord.py does not retry."""
        scripted = Scripted(status, code, times, kinds, cloudflare=cloudflare)
        self.scripts.setdefault(channel_id, []).append(scripted)

    def change_permissions(self, channel: p.Channel, *, allow: int = 0, deny: int = 0) -> None:
        """Change the bot's overwrite in `channel` without telling the gateway: the bot's
        permission cache is behind until `dispatch_channel_update`."""
        channel.allow, channel.deny = allow, deny

    def add_role(self, guild: p.Guild, name: str) -> int:
        """A role members can mention; GUILD_CREATE lists it."""
        role_id = p.snowflake()
        guild.roles[role_id] = name
        return role_id

    # --- what the bot sent --------------------------------------------------------------

    async def _record(self, request: Request) -> None:
        for hook in list(self.hooks):
            hook(request)
        async with self._changed:
            self.requests.append(request)
            self._changed.notify_all()

    async def wait_for(
        self, predicate: Callable[[Request], bool], *, count: int = 1, timeout: float = 20.0
    ) -> list[Request]:
        """The first `count` recorded requests matching `predicate`, waiting for them."""

        def found() -> list[Request]:
            return [r for r in self.requests if predicate(r)]

        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(found()) >= count)
        return found()[:count]

    async def wait_for_sessions(self, count: int = 1, timeout: float = 20.0) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.sessions) >= count)

    async def wait_for_identifies(self, count: int, timeout: float = 20.0) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.identifies) >= count)

    async def wait_for_resumes(self, count: int, timeout: float = 20.0) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: self.resumes >= count)

    def about(self, interaction: FakeInteraction) -> list[Request]:
        return [r for r in self.requests if r.interaction is interaction]

    def sent(self, kinds: tuple[str, ...] = ("channel.message",)) -> list[Request]:
        return [r for r in self.requests if r.kind in kinds]
