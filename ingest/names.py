"""Display names from untrusted files, made safe to echo (answers, Discord, terminals).

Platform and document names are display text that Fineprint repeats in every answer, so they
are cleaned once, at ingest: no chat mention syntax (`@everyone`, `<@123>`), no control or
invisible format characters, single spaces, and a bounded length. Bodies keep their wording
(quotes must be verbatim) but lose terminal control characters, which no terms text needs.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 80

# <@123>, <@!123>, <@&123>, <#123>, <:emoji:123>, <a:emoji:123>, </command:123>
_DISCORD_TOKEN = re.compile(r"</?[@#:!&a-zA-Z0-9_ ]*:?\d{5,}>|<[@#][!&]?\d+>")
_MENTION_SIGNS = re.compile(r"[@＠﹫]")
_SPACE = re.compile(r"\s+")
# C0 and C1 controls except tab, newline, carriage return and form feed (PDF page breaks).
_BODY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def clean_name(raw: str) -> str:
    """A name fit for display: see the module docstring. May return "" (caller refuses)."""
    text = unicodedata.normalize("NFKC", raw)
    text = _DISCORD_TOKEN.sub(" ", text)
    text = _MENTION_SIGNS.sub("", text)
    text = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char for char in text
    )
    text = _SPACE.sub(" ", text).strip()
    if len(text) > MAX_NAME_CHARS:
        cut = text[:MAX_NAME_CHARS]
        text = (cut.rsplit(" ", 1)[0] if " " in cut[MAX_NAME_CHARS // 2 :] else cut).strip()
    return text


def clean_body(body: str) -> str:
    """The body without terminal control characters (escape sequences, bells, backspaces)."""
    return _BODY_CONTROLS.sub("", body)
