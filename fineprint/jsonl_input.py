"""Checking one `ask --jsonl` line before it is answered.

Why: a line is untrusted JSON. A number where a date belongs, a list where a question belongs,
or a lone surrogate ("\\ud800", valid JSON but not encodable text) used to raise deep inside
answering and lose the line (and print a traceback). Each problem is now that line's error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

MAX_QUESTION_CHARS = 2000


class LineError(ValueError):
    """What is wrong with one line; `id` is the line's id when it has a usable one."""

    def __init__(self, message: str, id: str | int | None) -> None:
        super().__init__(message)
        self.id = id


@dataclass(frozen=True)
class Line:
    id: str | int | None
    question: str
    platform: str | None
    as_of: date | None


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _line_id(item: dict[str, Any]) -> str | int | None:
    value = item.get("id")
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return value if _encodable(value) else value.encode("utf-8", "replace").decode()
    return None


def _text(item: dict[str, Any], key: str, id: str | int | None) -> str | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise LineError(f"'{key}' must be a string, not {type(value).__name__}", id)
    if not _encodable(value):
        raise LineError(f"'{key}' holds an invalid character (a lone surrogate)", id)
    return value


def checked_line(item: Any) -> Line:
    """The line's fields, checked; LineError (with the id, if any) otherwise."""
    if not isinstance(item, dict):
        raise LineError(f"a line must be a JSON object, not {type(item).__name__}", None)
    id = _line_id(item)
    question = (_text(item, "question", id) or "").strip()
    if not question:
        raise LineError("missing 'question'", id)
    if len(question) > MAX_QUESTION_CHARS:
        raise LineError(f"'question' is longer than {MAX_QUESTION_CHARS} characters", id)
    as_of = _text(item, "as_of", id)
    try:
        when = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise LineError(f"as_of {as_of!r} is not a date (YYYY-MM-DD)", id) from None
    return Line(id, question, _text(item, "platform", id), when)
