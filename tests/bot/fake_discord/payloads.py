"""The JSON Discord sends: users, guilds, channels, messages and interactions, as the real API
shapes them (only the fields discord.py reads, plus the ones it requires)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

# permission bits (https://discord.com/developers/docs/topics/permissions)
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38

MEMBER_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
ALL = (1 << 50) - 1

TEXT, DM, PUBLIC_THREAD = 0, 1, 11
TIMESTAMP = "2026-01-01T00:00:00.000000+00:00"
_ids = itertools.count()
DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake() -> int:
    """A fresh id that, like Discord's, encodes the (real) time it was made."""
    now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (now_ms << 22) | (next(_ids) % (1 << 22))


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "public_flags": 0,
    }
    if bot:
        data["bot"] = True
    return data


@dataclass
class Channel:
    id: int
    guild_id: int | None
    name: str
    type: int = TEXT
    parent_id: int | None = None
    allow: int = 0  # the bot's role overwrite in this channel
    deny: int = 0

    def payload(self, bot_role: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"id": str(self.id), "type": self.type, "name": self.name}
        if self.guild_id is None:
            return data | {"recipients": [], "last_message_id": None}
        overwrites = []
        if bot_role is not None and (self.allow or self.deny):
            overwrites.append(
                {"id": str(bot_role), "type": 0, "allow": str(self.allow), "deny": str(self.deny)}
            )
        data |= {
            "guild_id": str(self.guild_id),
            "position": 0,
            "permission_overwrites": overwrites,
            "nsfw": False,
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if self.type == PUBLIC_THREAD:
            data |= {
                "owner_id": "1",
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": TIMESTAMP,
                    "locked": False,
                },
                "message_count": 0,
                "member_count": 1,
            }
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    bot_role: int
    everyone: int = MEMBER_DEFAULT  # @everyone's permissions
    bot_role_permissions: int = 0
    channels: dict[int, Channel] = field(default_factory=dict)
    bot_present: bool = True
    roles: dict[int, str] = field(default_factory=dict)  # other roles, by id: their names

    def bot_permissions(self, channel: Channel) -> int:
        """The bot's permissions in `channel`, as Discord computes them (role overwrite only)."""
        base = self.everyone | self.bot_role_permissions
        if base & ADMINISTRATOR:
            return ALL
        if channel.type == PUBLIC_THREAD and channel.parent_id in self.channels:
            channel = self.channels[channel.parent_id]
        return (base & ~channel.deny) | channel.allow

    def payload(self, bot_user: dict[str, Any]) -> dict[str, Any]:
        """GUILD_CREATE's data: roles, channels, threads, and the bot's own member."""
        roles = [
            _role(self.id, "@everyone", self.everyone),
            _role(self.bot_role, bot_user["username"], self.bot_role_permissions, bot_user["id"]),
            *(_role(role_id, name, 0) for role_id, name in self.roles.items()),
        ]
        channels = [c for c in self.channels.values() if c.type != PUBLIC_THREAD]
        threads = [c for c in self.channels.values() if c.type == PUBLIC_THREAD]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "unavailable": False,
            "large": False,
            "member_count": 3,
            "features": [],
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "channels": [c.payload(self.bot_role) for c in channels],
            "threads": [c.payload(self.bot_role) for c in threads],
            "members": [member(bot_user, [self.bot_role])],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": TIMESTAMP,
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
        }


def _role(role_id: int, name: str, permissions: int, bot_id: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": 0 if bot_id is None else 1,
        "permissions": str(permissions),
        "managed": bot_id is not None,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": bot_id}
    return data


def member(
    user_data: dict[str, Any], roles: list[int], permissions: int | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user": user_data,
        "roles": [str(r) for r in roles],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "avatar": None,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def message(
    message_id: int,
    channel: Channel,
    author: dict[str, Any],
    content: str = "",
    *,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    flags: int = 0,
    mentions: list[dict[str, Any]] | None = None,
    mention_roles: list[int] | None = None,
    reference: dict[str, Any] | None = None,
    author_member: dict[str, Any] | None = None,
    webhook_id: int | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel.id),
        "type": 19 if reference else 0,
        "content": content,
        "author": author,
        "embeds": embeds or [],
        "components": components or [],
        "attachments": [],
        "mentions": mentions or [],
        "mention_roles": [str(r) for r in mention_roles or []],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "flags": flags,
    }
    if channel.guild_id is not None:
        data["guild_id"] = str(channel.guild_id)
        if author_member is not None:
            data["member"] = author_member
    if reference is not None:
        data["message_reference"] = reference
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    return data
