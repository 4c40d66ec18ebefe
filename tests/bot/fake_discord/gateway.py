"""The fake Discord's gateway (HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME,
RECONNECT, INVALID_SESSION) and the events a test makes users send through it."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from tests.bot.fake_discord import payloads as p
from tests.bot.fake_discord.records import (
    HEARTBEAT_MS,
    PRIVILEGED_INTENTS,
    FakeInteraction,
)


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


class GatewayMixin:
    """FakeDiscord's gateway half (state lives on FakeDiscord)."""

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
        if data.get("token") != self.token or self.gateway_refuses_token:
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
