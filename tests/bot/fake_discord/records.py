"""What the fake Discord keeps: its clock, every request, and the interactions it sent."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from tests.bot.fake_discord import payloads as p

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
    shown_flags: int | None = None  # the flags the user sees, when not the request's own
    files: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # n: (filename, bytes)

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
        """Whether only the user sees it (a deferred reply keeps the defer's visibility)."""
        flags = self.shown_flags if self.shown_flags is not None else self.data.get("flags")
        return bool(int(flags or 0) & EPHEMERAL)


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
class Scripted:
    status: int
    code: int
    times: int | None  # None: every time
    kinds: tuple[str, ...]
    retry_after: float = 0.05
    cloudflare: bool = False  # a 429 from Cloudflare's edge: no `Via` header, not JSON
