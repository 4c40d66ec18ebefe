"""What Discord refuses, with the status and JSON error code it answers.

Limits from https://discord.com/developers/docs/resources/message and …/components: a
message Discord rejects is an answer the user never sees, so the fake checks every one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Refusal(Exception):
    status: int
    code: int
    message: str
    errors: tuple[str, ...] = ()
    retry_after: float = 0.05  # for a 429
    cloudflare: bool = False  # a 429 from the edge (error 1015): plain text, no `Via` header

    def body(self) -> dict[str, Any]:
        if self.status == 429:
            return {"message": self.message, "retry_after": self.retry_after, "global": False}
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            data["errors"] = {"_errors": [{"code": "BASE_TYPE", "message": e} for e in self.errors]}
        return data


def unknown_interaction() -> Refusal:
    return Refusal(404, 10062, "Unknown interaction")


def already_acknowledged() -> Refusal:
    return Refusal(400, 40060, "Interaction has already been acknowledged.")


def invalid_webhook_token() -> Refusal:
    return Refusal(401, 50027, "Invalid Webhook Token")


def unknown_channel() -> Refusal:
    return Refusal(404, 10003, "Unknown Channel")


def unknown_message() -> Refusal:
    return Refusal(404, 10008, "Unknown Message")


def unknown_webhook() -> Refusal:
    return Refusal(404, 10015, "Unknown Webhook")


def not_the_author() -> Refusal:
    return Refusal(403, 50005, "Cannot edit a message authored by another user")


def missing_access() -> Refusal:
    return Refusal(403, 50001, "Missing Access")


def missing_permissions() -> Refusal:
    return Refusal(403, 50013, "Missing Permissions")


UPLOAD_LIMIT = 8_388_608  # bytes per file (the READY payload's attachment_size_limit)


def too_large() -> Refusal:
    return Refusal(413, 40005, "Request entity too large")


def invalid_form(errors: list[str]) -> Refusal:
    return Refusal(400, 50035, "Invalid Form Body", tuple(errors))


def embed_problems(embed: dict[str, Any]) -> list[str]:
    problems = []
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    fields = embed.get("fields") or []
    if len(title) > 256:
        problems.append(f"embed title {len(title)} > 256")
    if len(description) > 4096:
        problems.append(f"embed description {len(description)} > 4096")
    if len(fields) > 25:
        problems.append(f"{len(fields)} fields > 25")
    total = len(title) + len(description) + len(footer) + len(author)
    for n, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        if not 1 <= len(name) <= 256:
            problems.append(f"field {n} name length {len(name)} not in 1..256")
        if not 1 <= len(value) <= 1024:
            problems.append(f"field {n} value length {len(value)} not in 1..1024")
        total += len(name) + len(value)
    if len(footer) > 2048:
        problems.append(f"footer {len(footer)} > 2048")
    if total > 6000:
        problems.append(f"embed total {total} > 6000")
    return problems


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows > 5")
    seen: set[str] = set()
    for row in rows:
        children = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(children) <= 5:
            problems.append("an action row holds 1..5 components")
        for item in children:
            custom_id = item.get("custom_id")
            label = item.get("label") or ""
            if item.get("type") == 2 and item.get("style") != 5:
                if not custom_id or len(custom_id) > 100:
                    problems.append(f"custom_id {custom_id!r} not 1..100 characters")
                elif custom_id in seen:
                    problems.append(f"duplicate custom_id {custom_id}")
                seen.add(custom_id or "")
            if len(label) > 80:
                problems.append(f"button label {len(label)} > 80")
            if item.get("type") == 2 and not label and not item.get("emoji"):
                problems.append("a button needs a label or an emoji")
    return problems


def message_problems(data: dict[str, Any], *, new: bool) -> list[str]:
    """What a message body breaks; `new` messages must carry something to show."""
    content = data.get("content") or ""
    embeds = data.get("embeds") or []
    problems = []
    if len(content) > 2000:
        problems.append(f"content {len(content)} > 2000")
    if len(embeds) > 10:
        problems.append(f"{len(embeds)} embeds > 10")
    for embed in embeds:
        problems += embed_problems(embed)
    if sum(len(str(e.get("description") or "")) for e in embeds) > 6000:
        problems.append("embeds together > 6000")
    problems += component_problems(data.get("components") or [])
    if new and not content and not embeds and not data.get("components"):
        problems.append("Cannot send an empty message")
    return problems


def check_message(data: dict[str, Any], *, new: bool) -> None:
    problems = message_problems(data, new=new)
    if problems:
        raise invalid_form(problems)
