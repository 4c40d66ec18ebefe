"""Which lines are headings: bold-only lines, ALL-CAPS lines, short numbered lines and ATX
headings; and the shape tests (a bold sentence, a title-like label) pass 2 reuses when it
promotes plain lines and list items.
"""

from __future__ import annotations

import re

from ingest.furniture import strip_links
from ingest.splitting.blocks import Heading
from ingest.splitting.labels import clean, parse_number, shorten
from ingest.splitting.patterns import (
    BOLD_OPENERS,
    BULLET,
    CAPS_MAX,
    DATELINE,
    DOTTED_TITLE_WORDS,
    EMPTY_ANCHORS,
    HEADING_LINE_MAX,
    TABLE_ROW,
    TITLE_WORDS,
)


def bold_only(text: str) -> tuple[str, bool] | None:
    """Text of a line that is nothing but bold runs (maybe link-wrapped, maybe with a trailing
    "." or an unclosed "**" continued on the next line); the flag says the bold is unclosed."""
    line = EMPTY_ANCHORS.sub("", text).strip().rstrip("\\").strip()
    unwrapped = strip_links(line).strip()
    if not unwrapped.startswith("**") and not unwrapped.startswith("__"):
        return None
    marker = unwrapped[:2]
    parts = unwrapped.split(marker)
    outside = "".join(parts[0::2]) if len(parts) % 2 == 1 else "".join(parts[0:-1:2])
    if outside.strip(" \t\u00a0.:"):
        return None
    inside = unwrapped.replace(marker, "").strip(" \t\u00a0")
    if inside.endswith((".", ":")) and outside.strip(" \t\u00a0"):
        inside = inside[:-1]  # "**1\. THE SERVICES**."
    return inside, len(parts) % 2 == 0


def is_bold_sentence(inside: str) -> bool:
    """ "**READ THIS SECTION CAREFULLY.**": a bold sentence, which is emphasis, not a title."""
    return clean(inside).endswith(".")


def _is_caps(label: str) -> bool:
    """An ALL-CAPS title such as "PAYMENTS, TAXES, AND REFUNDS" (Apple)."""
    letters = [c for c in label if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 3 and upper >= 0.9 * len(letters) and len(label.split()) <= 20


def title_like(label: str, *, numbered: bool) -> bool:
    """Short enough and not a sentence or a date line, so it reads as a heading."""
    if not label or len(label) > 100 or DATELINE.match(label):
        return False
    if re.search(r"[.!?]\s+[A-Z\"“]", label) and not numbered:
        return False  # two sentences: an emphasised paragraph, not a heading
    return numbered or not label.endswith(":")  # "You must not:" leads in to a list


def line_heading(text: str, stack: list[Heading], *, alone: bool) -> tuple[Heading, bool] | None:
    """A heading written as an ordinary line: bold-only, ALL CAPS or short numbered. The flag
    says a bold run is left open on the next line."""
    if len(text) > HEADING_LINE_MAX or BULLET.match(text) or TABLE_ROW.match(text):
        return None
    if text.lstrip().startswith(BOLD_OPENERS):
        bold = bold_only(text)
        return None if bold is None else _bold_heading(text, bold, stack)
    if len(text) > CAPS_MAX + 10 or "](" in text:
        return None  # too long for a heading, or a link: a menu entry at best
    heading = _numbered_line_heading(text, stack, alone=alone) or _caps_heading(text, stack)
    return None if heading is None else (heading, False)


def _bold_heading(
    text: str, bold: tuple[str, bool], stack: list[Heading]
) -> tuple[Heading, bool] | None:
    """``**Your Content**``, ``**1\\. THE SERVICES**.``, ``[**Welcome!**](…)``."""
    inside, unclosed = bold
    label = clean(inside)
    if not label:
        return None
    parsed = parse_number(_clean_number_source(inside), stack)
    if parsed and title_like(label, numbered=True):
        number, _ = parsed
        return Heading(shorten(label), number.rank, number.kind, number.value), unclosed
    if title_like(label, numbered=False) and not is_bold_sentence(inside):
        return Heading(shorten(label), 0, None, anchor=_anchor_only(text), style="bold"), unclosed
    return None


def _numbered_line_heading(text: str, stack: list[Heading], *, alone: bool) -> Heading | None:
    """A short numbered title alone on its line: "1\\. Data controller", "1.2 Licence",
    "f. Limitation de responsabilité."."""
    if not alone or _is_ordered_list_item(text):
        return None
    parsed = parse_number(text, stack)
    if parsed is None:
        return None
    number, match = parsed
    label = clean(text)
    title = clean(EMPTY_ANCHORS.sub("", text).lstrip(" \t\u00a0")[match.end() :])
    words = len(title.split())
    if not title[:1].isupper() or words > TITLE_WORDS or len(label) > CAPS_MAX:
        return None
    if label.endswith((",", ";", ":")) or DATELINE.match(title):
        return None
    if re.search(r"[.!?]\s+[A-Z]", title):
        return None  # two sentences: a numbered paragraph
    if label.endswith(".") and words > DOTTED_TITLE_WORDS:
        return None  # a short numbered sentence, not a title
    return Heading(shorten(label), number.rank, number.kind, number.value)


def _caps_heading(text: str, stack: list[Heading]) -> Heading | None:
    """An ALL-CAPS title such as "PAYMENTS, TAXES, AND REFUNDS" or "A. TERMS OF SALE"."""
    label = clean(text)
    if not label or len(label) > CAPS_MAX or label.endswith((".", ",", ";", ":")):
        return None
    if DATELINE.match(label) or not _is_caps(label):
        return None
    parsed = parse_number(text, stack)
    if parsed is None:
        return Heading(shorten(label), 0, None, style="caps")
    if _is_ordered_list_item(text):
        return None
    number, _ = parsed
    return Heading(shorten(label), number.rank, number.kind, number.value)


def _is_ordered_list_item(text: str) -> bool:
    """A Markdown ordered list item ("1.  text"), which converters emit for real lists."""
    return bool(re.match(r"^\d{1,3}\.[ \t]{2,}", text))


def _clean_number_source(text: str) -> str:
    """Bold heading text with its markers gone, for number parsing."""
    return strip_links(text).replace("**", "").strip()


def _anchor_only(text: str) -> bool:
    """The heading is one link into the page: ``[**Who May Use the Service?**](…#eb887a967c)``."""
    match = re.fullmatch(r"\s*\[(.+)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)\s*\\?\s*", text)
    return match is not None and "#" in match.group(2)


def atx_heading(text: str, level: int, stack: list[Heading]) -> Heading:
    """An ATX (``##``) or setext heading, ranked by its level (10-60): above every other style."""
    label = clean(text)
    parsed = parse_number(_clean_number_source(text), stack, rank=level * 10)
    kind = parsed[0].kind if parsed else None
    value = parsed[0].value if parsed else None
    return Heading(shorten(label), level * 10, kind, value, anchor=_anchor_only(text))
