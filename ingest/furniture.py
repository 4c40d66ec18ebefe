"""Recognise page furniture in captured terms pages.

The corpus is copied byte for byte from terms-tracking archives, so some captures still carry
the web page around the legal text: navigation menus, tables of contents, "JavaScript is
disabled" notices, language pickers, "Back to top" links. None of that may ever be quoted as a
clause or used as a section heading, so the splitter asks :func:`is_furniture` about every block.

>>> is_furniture("[Return to top](#)")
True
>>> is_furniture("You retain ownership rights in your Content.")
False
"""

from __future__ import annotations

import re

__all__ = ["is_furniture", "strip_links"]

# [text](url) or [text](url "title"); the text may hold one level of nested brackets (images).
_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)]*\)")
_LIST_MARKER = re.compile(r"^\s*(?:[*+•·-]|\\-|\d{1,3}[.)]|\d{1,3}\\\.)\s+")
_BULLET_OR_HASHES = re.compile(r"^\s*(?:[*+•·-]|\\-|#{1,6})\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")
_LINK_TAIL = re.compile(r"^\]\([^)\s]*\)$")
_CSS_RULE = re.compile(r"\{[^{}:]*:[^{}]*\}")
_ALNUM = re.compile(r"[^\W_]")
# What may sit between the links of a navigation line: separators, list bullets, "and".
_NAV_GLUE = re.compile(r"^(?:[\s|·•,/:>›»–—-]|\band\b|\bor\b)*$", re.IGNORECASE)

# Short blocks that are page chrome whatever the site (checked on the cleaned text).
_PHRASES = re.compile(
    r"""^(?:
        skip\ to\b.*
      | skip\ navigation
      | (?:back|return|scroll)\ to\ (?:the\ )?top.*
      | top\ of\ (?:the\ )?page.*
      | table\ of\ contents | contents
      | table\ des\ mati[eè]res | sommaire
      | on\ this\ page | in\ this\ (?:article|section|page)
      | jump\ to(?:\ section)?
      | (?:select|choose|change)\ (?:a|your)\ (?:language|region|country).*
      | languages?
      | print(?:\ this\ page)? | share(?:\ this(?:\ page)?)? | copy\ link | email
      | download\ (?:the\ )?pdf | (?:view\ )?printable\ version
      | was\ (?:this|it)\ (?:page\ |article\ )?helpful\??
      | yes\ ?no | yes | no | submit | cancel | thanks | other | close | menu | breadcrumbs?
      | related\ (?:articles|links|pages|topics) | other\ ways\ to\ get\ help
      | how\ could\ it\ be\ better\? | what\ went\ wrong\? | can\ you\ say\ more\?
      | the\ information\ is\ confusing | the\ solution\ doesn.t\ work
      | i\ don.t\ like\ the\ product\ or\ policy
      | accept\ all | reject\ all | manage\ (?:data|cookie|privacy)\ settings
    )\s*[:.]?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture that may come with a little more text around it, still in a short block.
_SHORT_PATTERNS = re.compile(
    r"""
      javascript\ is\ (?:disabled|required|turned\ off|not\ (?:enabled|available))
    | (?:need\ to|please)\ enable\ javascript | enable\ javascript\ to
    | (?:in|into)\ (?:other|another|different)\ languages?
    | (?:accept|allow|reject|decline|manage)\ (?:all\ |our\ |optional\ )?cookies
    | cookies?\ (?:banner|consent\ (?:banner|manager)|preferences\ centre)
    | (?:this|our)\ (?:site|website)\ uses\ cookies
    | show\ me\ how\ to\ enable\ it
    | this\ form\ is\ for\ feedback\ only | your\ feedback\ helps\ improve
    | review\ your\ cookie\ controls
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SHORT = 300  # characters: phrase rules never fire on longer blocks
_PHRASE_MAX = 120  # raw characters: no whole-block phrase is longer, links included
_KEYWORDS = re.compile(r"javascript|languages?\b|cookie|feedback|enable\ it", re.IGNORECASE)
_TOC_SHARE = 0.6  # share of items that open with an in-page link for a list to be a TOC


def strip_links(text: str) -> str:
    """Replace Markdown links by their text and drop images; why: headings and labels are
    read by people, who never want the URL."""
    text = _IMAGE.sub("", text)
    previous = None
    while previous != text:  # link-wrapped images: [![alt](src)](href)
        previous = text
        text = _LINK.sub(lambda m: m.group(1), text)
    return text


def _plain(text: str) -> str:
    """Cleaned, single-spaced text of a block: no links, emphasis, escapes or list bullets."""
    text = strip_links(text)
    text = _EMPHASIS.sub("", text).replace("\\", "")
    text = _BULLET_OR_HASHES.sub("", text)  # "9. Other" keeps its number: it is a heading
    return " ".join(text.split())


def _items(block: str) -> list[str]:
    """The block cut into list items (or lines when it is not a list); nested lines of an item
    stay with it."""
    items: list[str] = []
    for line in block.splitlines():
        if not line.strip():
            continue
        if items and line[:1].isspace() and not _LIST_MARKER.match(line):
            items[-1] += " " + line.strip()
        else:
            items.append(line.strip())
    return items


def _is_link_only(item: str) -> bool:
    """An item made of links (and separators) only, like a menu entry or a language picker."""
    stripped = _LIST_MARKER.sub("", item)
    if not _LINK.search(stripped):
        return False
    rest = _LINK.sub(" ", stripped)
    rest = _EMPHASIS.sub("", rest)
    return bool(_NAV_GLUE.match(rest))


def _is_anchor(url: str) -> bool:
    """A link into the same page (a table-of-contents entry), absolute or relative."""
    return url.startswith("#") or ("#" in url and not url.startswith("mailto:"))


def _opens_with_anchor(item: str) -> bool:
    """An item that starts with an in-page link, maybe followed by a short summary."""
    stripped = _EMPHASIS.sub("", _LIST_MARKER.sub("", item)).lstrip()
    match = _LINK.match(stripped)
    return match is not None and _is_anchor(match.group(2))


def _is_toc(items: list[str]) -> bool:
    """A table of contents: most items open with an in-page anchor link."""
    if len(items) < 2:
        return False
    anchored = sum(_opens_with_anchor(item) for item in items)
    return anchored >= 2 and anchored >= _TOC_SHARE * len(items)


def is_furniture(block: str) -> bool:
    """True when ``block`` (one paragraph, list or heading text of a capture) is page chrome
    rather than terms text; why: furniture must never be quoted nor head a section."""
    if not _ALNUM.search(block):
        return True  # rules, stray brackets, zero-width characters
    if _LINK_TAIL.match(block.strip()):
        return True  # "](https://…)": the end of a link whose text was cut into blocks
    if block.count("{") >= 2 and len(_CSS_RULE.findall(block)) >= 2:
        return True  # stray CSS from the page template
    if "](" in block and _links_only_or_toc(block):
        return True
    if len(block) > (_SHORT * 4 if "](" in block else _SHORT):
        return False  # too long for a banner or a menu label, even with link targets
    if len(block) > _PHRASE_MAX and not _KEYWORDS.search(block):
        return False  # only the keyword rules can fire on a block this long
    plain = _plain(block)
    if not plain:
        return True
    return len(plain) <= _SHORT and bool(_PHRASES.match(plain) or _SHORT_PATTERNS.search(plain))


def _links_only_or_toc(block: str) -> bool:
    """Menus, language pickers, "[Return to top](#)" and tables of contents."""
    items = _items(block)
    if not items:
        return True
    if all(_is_link_only(item) or not _ALNUM.search(strip_links(item)) for item in items):
        return True  # image-only blocks count too
    return _is_toc(items)
