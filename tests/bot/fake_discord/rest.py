"""The fake Discord's REST half: the routes the bot calls, judged by Discord's rules."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import BodyPartReader, web

from tests.bot.fake_discord import payloads as p
from tests.bot.fake_discord import rules
from tests.bot.fake_discord.records import (
    ACK_SECONDS,
    EPHEMERAL,
    TOKEN_SECONDS,
    FakeInteraction,
    Request,
)
from tests.bot.fake_discord.rules import Refusal


class RestMixin:
    """FakeDiscord's REST half (state lives on FakeDiscord)."""

    # --- REST -----------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        record = Request(request.method, path, "?", None, self.clock.now())
        try:
            record.body, record.files = await _read_body(request)
            status, result = await self._route(request, path, record.body, record)
        except Refusal as refusal:
            record.status, record.code, record.response = (
                refusal.status,
                refusal.code,
                refusal.body(),
            )
            await self._record(record)
            if refusal.cloudflare:  # Cloudflare's edge answers, not Discord: no `Via`, no JSON
                return web.Response(text="error code: 1015", status=429)
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
            raise Refusal(
                item.status,
                item.code,
                text,
                retry_after=item.retry_after,
                cloudflare=item.cloudflare,
            )

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
        _check_callback(kind, data)
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
            self._scripted(interaction.channel.id, record.kind)
            rules.check_message(body, new=True)
            first = not _followed_up(self, interaction)
            if (
                interaction.response_type == 5
                and first
                and interaction.original_id in self.messages
            ):
                # Discord turns the first follow-up into the deferred "thinking" message,
                # which stays as public or private as the defer made it, whatever the flags
                message = self.messages[interaction.original_id or 0]
                message.update({k: v for k, v in body.items() if k in _EDITABLE and k != "flags"})
                message.update(_with_attachments(message, body, record.files))
                record.shown_flags = int(message.get("flags") or 0)
                return 200, message
            return 200, self._store(
                interaction.channel, body, interaction_of=interaction, files=record.files
            )
        target = rest[1]
        message_id = interaction.original_id if target == "@original" else int(target)
        if message_id not in self.messages:
            record.kind = "original.missing"
            raise rules.unknown_message()
        message = self.messages[message_id]
        name = "original" if target == "@original" else "followup"
        if name == "followup" and not _reachable(interaction, message):
            record.kind = "followup.foreign"
            raise rules.unknown_message()
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
            if record.files:
                needed |= p.ATTACH_FILES
            channel = self._channel_access(channel_id, needed, record.kind)
            rules.check_message(body, new=True)
            return 200, self._store(channel, body, files=record.files)
        if len(rest) == 2 and rest[0] == "messages" and method == "PATCH":
            record.kind = "channel.edit"
            needed = p.EMBED_LINKS if body.get("embeds") else 0
            self._channel_access(channel_id, needed, record.kind)
            message = self.messages.get(int(rest[1]))
            if message is None or int(message.get("flags") or 0) & EPHEMERAL:
                raise rules.unknown_message()  # an ephemeral message only exists for its token
            if message["author"]["id"] != self.bot_user["id"]:
                raise rules.not_the_author()
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
        files: dict[int, tuple[str, bytes]] | None = None,
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
        message.update(_with_attachments(message, body, files or {}))
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
CDN = "https://cdn.fake-discord.test/attachments"


async def _read_body(
    request: web.Request,
) -> tuple[dict[str, Any] | None, dict[int, tuple[str, bytes]]]:
    """The JSON body, or a multipart one's JSON and files."""
    if not request.can_read_body:
        return None, {}
    if request.content_type == "multipart/form-data":
        return await _multipart(request)
    text = await request.text()
    return (json.loads(text) if text else None), {}


async def _multipart(request: web.Request) -> tuple[dict[str, Any], dict[int, tuple[str, bytes]]]:
    """A message sent with files, as discord.py sends it: a `payload_json` part and one
    `files[n]` part per file. Discord's checks: the JSON is there and parses, each file is
    within the upload limit (413 40005), and every entry of `attachments` names a file part."""
    payload: dict[str, Any] | None = None
    files: dict[int, tuple[str, bytes]] = {}
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise rules.invalid_form(["nested multipart"])
        data = await part.read(decode=False)
        if part.name == "payload_json":
            payload = json.loads(data.decode())
        elif part.name and part.name.startswith("files[") and part.filename:
            if len(data) > rules.UPLOAD_LIMIT:
                raise rules.too_large()
            files[int(part.name[6:-1])] = (part.filename, bytes(data))
    if payload is None:
        raise rules.invalid_form(["multipart without payload_json"])
    named = {int(item["id"]) for item in payload.get("attachments") or [] if "id" in item}
    if named - set(files):
        raise rules.invalid_form([f"attachments name files {sorted(named - set(files))}"])
    return payload, files


def _with_attachments(
    message: dict[str, Any], body: dict[str, Any], files: dict[int, tuple[str, bytes]]
) -> dict[str, Any]:
    """The uploaded files as the message's attachments (CDN urls), and the embeds'
    `attachment://name` urls resolved to them, as Discord does."""
    if not files:
        return {}
    attachments = [
        {
            "id": str(p.snowflake()),
            "filename": filename,
            "size": len(data),
            "url": f"{CDN}/{message['channel_id']}/{message['id']}/{filename}",
            "proxy_url": f"{CDN}/{message['channel_id']}/{message['id']}/{filename}",
            "content_type": _content_type(filename),
        }
        for _, (filename, data) in sorted(files.items())
    ]
    urls = {f"attachment://{a['filename']}": a["url"] for a in attachments}
    embeds = []
    for embed in body.get("embeds") or message.get("embeds") or []:
        image = embed.get("image") or {}
        if image.get("url") in urls:
            embed = embed | {"image": image | {"url": urls[image["url"]]}}
        embeds.append(embed)
    return {"attachments": attachments, "embeds": embeds}


def _reachable(interaction: FakeInteraction, message: dict[str, Any]) -> bool:
    """Whether an interaction's token may name this message by id: one it sent (its response
    or a follow-up), or the one its button is on."""
    sent_by = (message.get("interaction_metadata") or {}).get("id")
    pressed_on = (interaction.payload.get("message") or {}).get("id")
    return sent_by == str(interaction.id) or pressed_on == message["id"]


def _followed_up(fake: Any, interaction: FakeInteraction) -> bool:
    return any(r.kind == "followup" and r.ok for r in fake.about(interaction))


def _check_callback(kind: int, data: dict[str, Any]) -> None:
    """Discord's checks of an interaction response's body, by response type."""
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


def _content_type(filename: str) -> str:
    return "image/png" if filename.endswith(".png") else "application/octet-stream"
