"""Section labels as a citation prints them, and clause numbering.

A label is heading text cleaned of Markdown (links, emphasis, escapes, anchors) and cut at a
word boundary; a number ("1.", "1.2", "(a)", "i.", "A.") gets a scheme and a rank, which is how
a later number knows whether it is a sibling, a child or a new branch.
"""

from __future__ import annotations

import re

from ingest.furniture import strip_links
from ingest.splitting.blocks import Heading
from ingest.splitting.patterns import (
    DROP_INVISIBLE,
    EMPHASIS,
    EMPTY_ANCHORS,
    ESCAPED,
    LABEL_MAX,
    LEAD_TITLE,
    LETTER_RANK,
    NUMBER,
    ROMAN,
    ROMAN_RANK,
    SHELTER,
    UNSHELTER,
)


def clean(text: str) -> str:
    """Markdown heading text as a person reads it: no links, emphasis, escapes or anchors."""
    text = EMPTY_ANCHORS.sub("", text)
    text = strip_links(text)
    text = ESCAPED.sub(lambda m: chr(SHELTER + ord(m.group(1))), text)  # "\\_" is no emphasis
    text = EMPHASIS.sub("", text)
    text = " ".join(text.translate(DROP_INVISIBLE).split()).strip(" *_#|")
    return text.translate(UNSHELTER)


def shorten(label: str, limit: int = LABEL_MAX) -> str:
    """Cut a label at a word boundary so section paths stay readable."""
    label = label.rstrip(" :;,")
    if label.endswith(".") and not re.fullmatch(r"\(?\w{1,5}\)?\.", label):
        label = label[:-1].rstrip()
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return (cut or label[:limit]) + "…"


def _number_kind(match: re.Match[str], stack: list[Heading]) -> tuple[tuple[str, str], float]:
    """Numbering scheme and rank of a clause number: 1 < 1.2 < (a) < i. < (A) < (1)."""
    if match.group("dec") is not None:
        depth = match.group("dec").replace("\\", "").count(".") + 1
        return ("dec", str(depth)), 70 + depth
    style = "paren" if match.group("paren") is not None else match.group("sep").replace("\\", "")
    value = match.group("paren") or match.group("item")
    if value.isdigit():
        return (style, "digit"), 79
    if value.isupper():
        if style != "paren" and len(value) == 1:
            return (style, "upper"), 65  # "A. INTRODUCTION": above caps headings
        return (style, "UPPER"), 78
    if ROMAN.match(value) and not continues_letters(value, style, stack):
        return (style, "roman"), ROMAN_RANK
    return (style, "lower"), LETTER_RANK


def continues_letters(value: str, style: str, stack: list[Heading]) -> bool:
    """True when a roman-looking "(i)" or "v." is really the letter after "(h)" or "u."."""
    if len(value) != 1:
        return False
    for entry in reversed(stack):
        if entry.kind == (style, "lower") and entry.value:
            return ord(entry.value) == ord(value) - 1
    return False


def parse_number(
    text: str, stack: list[Heading], rank: float | None = None
) -> tuple[Heading, re.Match[str]] | None:
    """Parse clause numbering at the start of ``text`` (raw Markdown)."""
    text = EMPTY_ANCHORS.sub("", text).lstrip(" \t\u00a0")
    match = NUMBER.match(text)
    if not match:
        return None
    kind, number_rank = _number_kind(match, stack)
    value = match.group("paren") or match.group("item") or match.group("dec")
    label = match.group("label").replace("\\", "")
    heading = Heading(label, number_rank if rank is None else rank, kind, value.replace("\\", ""))
    return heading, match


def paragraph_label(text: str, number: Heading, match: re.Match[str]) -> str:
    """Label of a numbered paragraph: its number plus the bold or short title after it."""
    rest = text[match.end() :]
    title = ""
    if match.group("open"):  # "**1.2 Amazon Music Unlimited**. …" or "**(c)** **Audiobooks**"
        title, _, rest = rest.partition("**")
    if not clean(title):
        stripped = rest.lstrip(" \t\u00a0")
        if stripped.startswith("**") and "**" in stripped[2:]:
            title = stripped[2:].split("**", 1)[0]  # "1.1 **Choice of Law. If you …**"
    title = clean(title)
    if title:
        title = re.split(r"(?<=[.!?:])\s+(?=[A-Z\"“(])", title, maxsplit=1)[0]
    else:
        lead = LEAD_TITLE.match(clean(rest))
        if lead and len(lead.group(1).split()) <= 8:
            title = lead.group(1)
    return shorten(f"{number.label} {title}".strip())
