"""A fake Discord on 127.0.0.1: the REST routes the bot uses and a gateway, with Discord's rules.

The real discord.py client connects to it unchanged once `discord.http.Route.BASE` and
`DiscordWebSocket.DEFAULT_GATEWAY` point here (see `connect_discord_py`). Every request is
recorded (`requests`) and judged as Discord judges it: an interaction acknowledged after 3 s
is unknown (10062), twice is 40060, its token dies after 15 minutes (50027), messages and
components over a limit are 50035, channel messages need the bot's permissions there, and a
test can script a 403/404/429 for a channel. Time is a `FakeClock` tests can move forward.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.bot.fake_discord import payloads as p
from tests.bot.fake_discord import rules
from tests.bot.fake_discord.rules import Refusal

ACK_SECONDS = 3.0
TOKEN_SECONDS = 15 * 60.0
EPHEMERAL = 1 << 6
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
HEARTBEAT_MS = 41_250
TOKEN = "fake-bot-token.abc.def"


class FakeClock:
    """Real monotonic time plus whatever a test skipped ahead."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Request:
    """One call the bot made, what the fake answered, and when (on the fake clock)."""

    method: str
    path: str
    kind: str  # "callback", "followup", "original.edit", "channel.message", …
    body: dict[str, Any] | None
    at: float
    status: int = 200
    code: int | None = None
    response: Any = None
    interaction: FakeInteraction | None = None
    channel_id: int | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def data(self) -> dict[str, Any]:
        """The message part of the body (a callback nests it under "data")."""
        body = self.body or {}
        if self.kind == "callback":
            return dict(body.get("data") or {})
        return dict(body)

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)


@dataclass
class FakeInteraction:
    id: int
    token: str
    type: int
    created: float
    channel: p.Channel
    user: dict[str, Any]
    payload: dict[str, Any]
    response_type: int | None = None  # the callback type, once acknowledged
    original_id: int | None = None  # the message the response made (or the pressed one)


@dataclass
class Session:
    ws: web.WebSocketResponse
    shard: tuple[int, int]
    identify: dict[str, Any]
    session_id: str
    seq: int = 0

    def takes(self, guild_id: int | None) -> bool:
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0  # DMs arrive on shard 0
        return (guild_id >> 22) % count == shard_id

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        await self.ws.send_str(json.dumps({"op": 0, "t": event, "s": self.seq, "d": data}))


@dataclass
class Scripted:
    status: int
    code: int
    times: int | None  # None: every time
    kinds: tuple[str, ...]
    retry_after: float = 0.05


@dataclass
class FakeDiscord:
    clock: FakeClock = field(default_factory=FakeClock)
    token: str = TOKEN
    privileged_allowed: int = 0  # which privileged intents the portal has switched on
    shards_recommended: int = 1
    latency: float = 0.0  # seconds every REST answer waits: a simulated round trip
    refusals_expected: bool = False  # else the test fails on any 10062/40060/50027/50035

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
        app = web.Application()
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
    ) -> None:
        """The next `times` requests of these kinds about this channel (or to this user, for
        "dm.open") fail with `status` and `code`: 403, 404, 429…"""
        self.scripts.setdefault(channel_id, []).append(Scripted(status, code, times, kinds))

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

    # --- events ---------------------------------------------------------------------------

    async def _dispatch(self, event: str, data: dict[str, Any], guild_id: int | None) -> int:
        delivered = 0
        for session in list(self.sessions):
            if session.takes(guild_id) and not session.ws.closed:
                await session.dispatch(event, data)
                delivered += 1
        return delivered

    async def send_message(
        self,
        channel: p.Channel,
        author: dict[str, Any],
        content: str,
        *,
        mentions: list[dict[str, Any]] | None = None,
        mention_roles: list[int] | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """A user's message: MESSAGE_CREATE to whichever sessions take its guild."""
        guild = self.guilds.get(channel.guild_id or 0)
        member = p.member(author, []) if guild else None
        mentioned = [u | ({"member": p.member(u, [])} if guild else {}) for u in (mentions or [])]
        reference = None
        if reply_to is not None:
            reference = {"message_id": str(reply_to), "channel_id": str(channel.id)}
            if guild:
                reference["guild_id"] = str(guild.id)
        data = p.message(
            p.snowflake(),
            channel,
            author,
            content,
            mentions=mentioned,
            mention_roles=mention_roles,
            reference=reference,
            author_member={k: v for k, v in member.items() if k != "user"} if member else None,
        )
        if reply_to is not None and reply_to in self.messages:
            data["referenced_message"] = self.messages[reply_to]
        self.messages[int(data["id"])] = data
        await self._dispatch("MESSAGE_CREATE", data, channel.guild_id)
        return data

    async def mention(
        self, channel: p.Channel, author: dict[str, Any], text: str, **options: Any
    ) -> dict[str, Any]:
        """`@Fineprint text`, picked from the @ menu (the bot user, not its role)."""
        return await self.send_message(
            channel, author, f"<@{self.application_id}> {text}", mentions=[self.bot_user], **options
        )

    def _interaction(
        self,
        kind: int,
        channel: p.Channel,
        user: dict[str, Any],
        data: dict[str, Any],
        *,
        permissions: int = p.MEMBER_DEFAULT,
        message: dict[str, Any] | None = None,
    ) -> FakeInteraction:
        interaction_id = p.snowflake()
        token = f"interaction-{interaction_id}-token"
        guild = self.guilds.get(channel.guild_id or 0)
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(channel.id),
            "channel": channel.payload(guild.bot_role if guild else None),
            "locale": "en-US",
            "attachment_size_limit": 8_388_608,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)} if guild else {"1": user["id"]},
            "context": 0 if guild else 1,
        }
        if guild is not None:
            payload["guild_id"] = str(guild.id)
            payload["guild_locale"] = "en-US"
            payload["member"] = p.member(user, [], permissions)
            payload["app_permissions"] = str(guild.bot_permissions(channel))
        else:
            payload["user"] = user
            payload["app_permissions"] = str(p.MEMBER_DEFAULT)
        if message is not None:
            payload["message"] = message
        interaction = FakeInteraction(
            interaction_id, token, kind, self.clock.now(), channel, user, payload
        )
        if message is not None:
            interaction.original_id = int(message["id"])
        self.interactions[interaction_id] = interaction
        self.by_token[token] = interaction
        return interaction

    async def slash(
        self,
        name: str,
        channel: p.Channel,
        user: dict[str, Any],
        /,
        *,
        permissions: int = p.MEMBER_DEFAULT,
        **options: Any,
    ) -> FakeInteraction:
        """A slash command, as INTERACTION_CREATE; `options` by name (channels as Channel)."""
        data: dict[str, Any] = {"id": str(p.snowflake()), "name": name, "type": 1}
        opts, resolved = [], {}
        for key, value in options.items():
            if isinstance(value, p.Channel):
                guild = self.guilds.get(value.guild_id or 0)
                opts.append({"name": key, "type": 7, "value": str(value.id)})
                resolved[str(value.id)] = value.payload(guild.bot_role if guild else None) | {
                    "permissions": str(guild.bot_permissions(value) if guild else 0)
                }
            else:
                kind = 5 if isinstance(value, bool) else 3
                opts.append({"name": key, "type": kind, "value": value})
        data["options"] = opts
        if resolved:
            data["resolved"] = {"channels": resolved}
        interaction = self._interaction(2, channel, user, data, permissions=permissions)
        await self._dispatch("INTERACTION_CREATE", interaction.payload, channel.guild_id)
        return interaction

    async def autocomplete(
        self,
        name: str,
        channel: p.Channel,
        user: dict[str, Any],
        focused: str,
        /,
        *,
        permissions: int = p.MEMBER_DEFAULT,
        **options: str,
    ) -> FakeInteraction:
        opts = [
            {"name": key, "type": 3, "value": value} | ({"focused": True} if key == focused else {})
            for key, value in options.items()
        ]
        data = {"id": str(p.snowflake()), "name": name, "type": 1, "options": opts}
        interaction = self._interaction(4, channel, user, data, permissions=permissions)
        await self._dispatch("INTERACTION_CREATE", interaction.payload, channel.guild_id)
        return interaction

    async def press(
        self, message: dict[str, Any], custom_id: str, user: dict[str, Any]
    ) -> FakeInteraction:
        """A button under `message` pressed: a component INTERACTION_CREATE."""
        channel = self.channels[int(message["channel_id"])]
        data = {"custom_id": custom_id, "component_type": 2}
        interaction = self._interaction(3, channel, user, data, message=message)
        await self._dispatch("INTERACTION_CREATE", interaction.payload, channel.guild_id)
        return interaction

    async def dispatch_channel_create(self, channel: p.Channel) -> None:
        await self._channel_event("CHANNEL_CREATE", channel)

    async def dispatch_channel_update(self, channel: p.Channel) -> None:
        """After a test changed the channel's overwrites: the bot's cache follows."""
        await self._channel_event("CHANNEL_UPDATE", channel)

    async def _channel_event(self, event: str, channel: p.Channel) -> None:
        guild = self.guilds[channel.guild_id or 0]
        await self._dispatch(event, channel.payload(guild.bot_role), guild.id)

    async def reconnect(self, *, invalid: bool = False) -> None:
        """Ask every session to reconnect (RECONNECT), or end them (INVALID_SESSION false)."""
        for session in list(self.sessions):
            frame = {"op": 9, "d": False} if invalid else {"op": 7, "d": None}
            with contextlib.suppress(Exception):
                await session.ws.send_str(json.dumps(frame))

    async def remove_bot(self, guild: p.Guild) -> None:
        guild.bot_present = False

    # --- the gateway ----------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
        session: Session | None = None
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            op, data = message.get("op"), message.get("d")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                session = await self._identify(ws, data)
                if session is None:
                    break
            elif op == 6:
                session = await self._resume(ws, data)
        if session is not None and session in self.sessions:
            async with self._changed:
                self.sessions.remove(session)
                self._changed.notify_all()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> Session | None:
        async with self._changed:
            self.identifies.append(data)
            self._changed.notify_all()
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        if int(data.get("intents", 0)) & PRIVILEGED_INTENTS & ~self.privileged_allowed:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        shard = tuple(data.get("shard") or (0, 1))
        session = Session(ws, (int(shard[0]), int(shard[1])), data, f"s{next(self._sessions_ids)}")
        guilds = [g for g in self.guilds.values() if g.bot_present and session.takes(g.id)]
        await session.dispatch(
            "READY",
            {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "resume_gateway_url": self.gateway_url,
                "shard": list(session.shard),
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        for guild in guilds:
            await session.dispatch("GUILD_CREATE", guild.payload(self.bot_user))
        async with self._changed:
            self.sessions.append(session)
            self.known_sessions[session.session_id] = session
            self._changed.notify_all()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> Session | None:
        old = self.known_sessions.get(str(data.get("session_id")))
        if old is None or data.get("token") != self.token:
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return None
        session = Session(ws, old.shard, old.identify, old.session_id, old.seq)
        await session.dispatch("RESUMED", {})
        async with self._changed:
            if old in self.sessions:
                self.sessions.remove(old)
            self.sessions.append(session)
            self.known_sessions[session.session_id] = session
            self.resumes += 1
            self._changed.notify_all()
        return session

    # --- REST -----------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: dict[str, Any] | None = None
        if request.can_read_body:
            text = await request.text()
            if request.content_type == "multipart/form-data":
                body = {"unparsed_multipart": text}
            elif text:
                body = json.loads(text)
        record = Request(request.method, path, "?", body, self.clock.now())
        try:
            status, result = await self._route(request, path, body, record)
        except Refusal as refusal:
            record.status, record.code, record.response = (
                refusal.status,
                refusal.code,
                refusal.body(),
            )
            await self._record(record)
            headers = {}
            if refusal.status == 429:
                headers = {"Via": "1.1 google", "X-RateLimit-Scope": "user"}
            return _json(refusal.body(), refusal.status, headers)
        record.status, record.response = status, result
        await self._record(record)
        if self.latency:
            await asyncio.sleep(self.latency)
        if status == 204:
            return web.Response(status=204)
        return _json(result, status)

    def _auth(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise Refusal(401, 0, "401: Unauthorized")

    def _scripted(self, channel_id: int | None, kind: str) -> None:
        for item in list(self.scripts.get(channel_id or 0, [])):
            if kind not in item.kinds:
                continue
            if item.times is not None:
                item.times -= 1
                if item.times <= 0:
                    self.scripts[channel_id or 0].remove(item)
            text = "You are being rate limited." if item.status == 429 else "scripted"
            raise Refusal(item.status, item.code, text, retry_after=item.retry_after)

    async def _route(
        self, request: web.Request, path: str, body: dict[str, Any] | None, record: Request
    ) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        method = request.method
        if parts[0] == "interactions" and parts[-1] == "callback":
            record.kind = "callback"
            return self._callback(int(parts[1]), parts[2], body or {}, record)
        if parts[0] == "webhooks":
            return self._webhook(method, parts[2], parts[3:], body or {}, record)
        self._auth(request)
        if path == "/users/@me":
            record.kind = "login"
            return 200, self.bot_user
        if path == "/oauth2/applications/@me":
            record.kind = "application"
            return 200, self._application()
        if path in ("/gateway/bot", "/gateway"):
            record.kind = "gateway"
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            return 200, {
                "url": self.gateway_url,
                "shards": self.shards_recommended,
                "session_start_limit": limit,
            }
        if parts[0] == "applications" and parts[-1] == "commands":
            record.kind = "commands"
            guild_id = int(parts[3]) if len(parts) == 5 else None
            self._scripted(guild_id or 0, "commands")  # script(guild_id or 0, …, kinds=…)
            if method == "PUT":
                made = [c | {"id": str(p.snowflake())} for c in (body or [])]  # type: ignore[union-attr]
                made = [
                    c | {"application_id": str(self.application_id), "version": "1"} for c in made
                ]
                self.commands[guild_id] = made
            return 200, self.commands.get(guild_id, [])
        if path == "/users/@me/channels":
            record.kind = "dm.open"
            recipient = int((body or {}).get("recipient_id", 0))
            self._scripted(recipient, "dm.open")  # closed DMs: script(user_id, 403, 50007, …)
            channel = self.dm_channels.get(recipient) or self.dm_channel()
            self.dm_channels[recipient] = channel
            return 200, channel.payload() | {
                "recipients": [
                    {"id": str(recipient), "username": "u", "discriminator": "0", "avatar": None}
                ]
            }
        if parts[0] == "channels":
            return self._channel(method, int(parts[1]), parts[2:], body or {}, record)
        record.kind = "unhandled"
        raise Refusal(404, 0, f"404: Not Found ({method} {path})")

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": "Fineprint",
            "icon": None,
            "description": "",
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": self.owner,
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
        }

    # interactions ------------------------------------------------------------------------

    def _callback(
        self, interaction_id: int, token: str, body: dict[str, Any], record: Request
    ) -> tuple[int, Any]:
        interaction = self.interactions.get(interaction_id)
        if interaction is None or interaction.token != token:
            raise rules.unknown_interaction()
        record.interaction = interaction
        record.channel_id = interaction.channel.id
        if interaction.response_type is not None:
            raise rules.already_acknowledged()
        if self.clock.now() - interaction.created > ACK_SECONDS:
            raise rules.unknown_interaction()
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        if kind == 4:  # CHANNEL_MESSAGE_WITH_SOURCE
            rules.check_message(data, new=True)
        elif kind == 7:  # UPDATE_MESSAGE
            rules.check_message(data, new=False)
        elif kind == 8:  # AUTOCOMPLETE_RESULT
            choices = data.get("choices") or []
            problems = [f"{len(choices)} choices > 25"] if len(choices) > 25 else []
            problems += [
                f"choice {c.get('name')!r} over 100 characters"
                for c in choices
                if not 1 <= len(str(c.get("name"))) <= 100 or len(str(c.get("value"))) > 100
            ]
            if problems:
                raise rules.invalid_form(problems)
        interaction.response_type = kind
        response: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.type,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            }
        }
        if kind in (4, 5):
            message = self._store(
                interaction.channel, data, interaction_of=interaction, loading=kind == 5
            )
            interaction.original_id = int(message["id"])
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"] = {"type": kind, "message": message}
        elif kind in (6, 7) and interaction.original_id in self.messages:
            message = self.messages[interaction.original_id]
            if kind == 7:
                message.update({k: v for k, v in data.items() if k in _EDITABLE})
            response["resource"] = {"type": kind, "message": message}
        return 200, response

    def _webhook(
        self, method: str, token: str, rest: list[str], body: dict[str, Any], record: Request
    ) -> tuple[int, Any]:
        interaction = self.by_token.get(token)
        if interaction is None:
            raise rules.unknown_webhook()
        record.interaction = interaction
        record.channel_id = interaction.channel.id
        if self.clock.now() - interaction.created > TOKEN_SECONDS:
            raise rules.invalid_webhook_token()
        if interaction.response_type is None:
            raise rules.unknown_webhook()
        if not rest:  # POST /webhooks/{app}/{token}: a follow-up
            record.kind = "followup"
            rules.check_message(body, new=True)
            if interaction.response_type == 5 and not _followed_up(self, interaction):
                # Discord turns the first follow-up into the deferred "thinking" message
                message = self.messages[interaction.original_id or 0]
                message.update({k: v for k, v in body.items() if k in _EDITABLE})
                return 200, message
            return 200, self._store(interaction.channel, body, interaction_of=interaction)
        target = rest[1]
        message_id = interaction.original_id if target == "@original" else int(target)
        if message_id not in self.messages:
            record.kind = "original.missing"
            raise rules.unknown_message()
        message = self.messages[message_id]
        name = "original" if target == "@original" else "followup"
        if method == "PATCH":
            record.kind = f"{name}.edit"
            rules.check_message(body, new=False)
            message.update({k: v for k, v in body.items() if k in _EDITABLE})
            return 200, message
        if method == "DELETE":
            record.kind = f"{name}.delete"
            self.messages.pop(message_id, None)
            return 204, None
        record.kind = f"{name}.get"
        return 200, message

    # channels ----------------------------------------------------------------------------

    def _channel_access(self, channel_id: int, needed: int, kind: str) -> p.Channel:
        self._scripted(channel_id, kind)
        channel = self.channels.get(channel_id)
        if channel is None:
            raise rules.unknown_channel()
        guild = self.guilds.get(channel.guild_id or 0)
        if guild is None:
            return channel
        if not guild.bot_present:
            raise rules.missing_access()
        allowed = guild.bot_permissions(channel)
        if not allowed & p.VIEW_CHANNEL:
            raise rules.missing_access()
        if needed & ~allowed:
            raise rules.missing_permissions()
        return channel

    def _channel(
        self, method: str, channel_id: int, rest: list[str], body: dict[str, Any], record: Request
    ) -> tuple[int, Any]:
        record.channel_id = channel_id
        if not rest:
            record.kind = "channel.get"
            channel = self._channel_access(channel_id, 0, record.kind)
            guild = self.guilds.get(channel.guild_id or 0)
            return 200, channel.payload(guild.bot_role if guild else None)
        if rest == ["typing"]:
            record.kind = "typing"
            self._channel_access(channel_id, p.SEND_MESSAGES, record.kind)
            return 204, None
        if rest == ["messages"] and method == "POST":
            record.kind = "channel.message"
            channel = self.channels.get(channel_id)
            thread = channel is not None and channel.type == p.PUBLIC_THREAD
            needed = p.SEND_MESSAGES_IN_THREADS if thread else p.SEND_MESSAGES
            if body.get("embeds"):
                needed |= p.EMBED_LINKS
            if body.get("message_reference"):
                needed |= p.READ_MESSAGE_HISTORY
            channel = self._channel_access(channel_id, needed, record.kind)
            rules.check_message(body, new=True)
            return 200, self._store(channel, body)
        if len(rest) == 2 and rest[0] == "messages" and method == "PATCH":
            record.kind = "channel.edit"
            needed = p.EMBED_LINKS if body.get("embeds") else 0
            self._channel_access(channel_id, needed, record.kind)
            message = self.messages.get(int(rest[1]))
            if message is None:
                raise rules.unknown_message()
            rules.check_message(body, new=False)
            message.update({k: v for k, v in body.items() if k in _EDITABLE})
            return 200, message
        record.kind = "unhandled"
        raise Refusal(404, 0, "404: Not Found")

    def _store(
        self,
        channel: p.Channel,
        body: dict[str, Any],
        *,
        interaction_of: FakeInteraction | None = None,
        loading: bool = False,
    ) -> dict[str, Any]:
        flags = int(body.get("flags") or 0) | ((1 << 7) if loading else 0)
        message = p.message(
            p.snowflake(),
            channel,
            self.bot_user,
            body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            flags=flags,
            reference=body.get("message_reference"),
            webhook_id=self.application_id if interaction_of else None,
        )
        if interaction_of is not None:
            message["interaction_metadata"] = {
                "id": str(interaction_of.id),
                "type": interaction_of.type,
                "user": interaction_of.user,
                "authorizing_integration_owners": {},
            }
        self.messages[int(message["id"])] = message
        return message


def _json(data: Any, status: int, headers: dict[str, str] | None = None) -> web.Response:
    """discord.py parses a body only when the content type is exactly application/json
    (aiohttp's `json_response` adds a charset)."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json"} | (headers or {}),
    )


_EDITABLE = ("content", "embeds", "components", "flags")


def _followed_up(fake: FakeDiscord, interaction: FakeInteraction) -> bool:
    return any(r.kind == "followup" and r.ok for r in fake.about(interaction))
