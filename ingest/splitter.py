"""Split a terms document body into clauses that know their section.

A clause is the unit Fineprint retrieves and quotes, so each one must be a verbatim slice of the
version file (quotes are checked against it) and must carry the heading path that a citation
names ("7. Your Content › 7.3 Licence"). The captures are messy Markdown from several archives,
so headings come in many styles: ATX (``#``), setext (``===``/``---``), bold-only lines
(``**Your Content**``, ``[**Heading**](url)``), ALL-CAPS lines and short numbered lines. Clause
numbering ("1.", "1.2", "(a)", "i.") opens a new clause and joins the section path too.

Pure function, no I/O:

>>> body = "# Terms\\n\\n## 1. Your Content\\n\\nYou keep your rights.\\n"
>>> [(span.section, body[span.start:span.end]) for span in split_clauses(body)]
[(('Terms', '1. Your Content'), 'You keep your rights.')]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.furniture import is_furniture, strip_links

__all__ = ["ClauseSpan", "split_clauses"]


@dataclass(frozen=True, slots=True)
class ClauseSpan:
    """One clause: ``body[start:end]`` is its verbatim text, ``section`` its heading path."""

    section: tuple[str, ...]
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# Characters and patterns

_WORD = re.compile(r"[^\W_]")
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_DROP_INVISIBLE = {ord(c): None for c in _INVISIBLE}
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape
_SHELTER = 0xE000  # escaped characters wait in the private use area while emphasis goes
_UNSHELTER = {_SHELTER + code: code for code in range(33, 127)}
_LABEL_MAX = 80  # heading labels are cut at a word boundary past this length
_CAPS_MAX = 120  # an ALL-CAPS heading line may run longer than other headings
_HEADING_LINE_MAX = 400  # raw characters (links included) a heading line may take
_TITLE_WORDS = 12  # words after the number in a numbered heading line
_DOTTED_TITLE_WORDS = 6  # "f. Limitation de responsabilité." ends with a dot yet is a title
_PLAIN_WORDS = 10  # a plain one-line heading has at most this many words…
_PLAIN_CHARS = 70  # …and characters
_BOLD_OPENERS = ("**", "__", "[**", "[__", "[](")
_WEAK_RANKS = {"bold": 70.0, "caps": 70.0, "plain": 70.5}  # ATX/setext levels rank 10-60
_NUMBERED_RANKS = 65  # "A." is 65, "1." 71, "1.2" 72, "(a)" 76, "i." 77
_LETTER_RANK = 76
_LEAF_RANK = 90  # below any numbering
_BOX_REPEATS = 5  # a weak heading seen this often labels boxes, not sections
_ROMAN_RANK = 77
_SHORT_SENTENCE = 40  # characters: a shorter "sentence" is a lead-in title, not a break
_WIDGET_TEXT = 150  # characters: longer text under a furniture heading is kept
_NAV_LABEL = 60  # characters: longer lines are never taken for menu labels
_TOC_RUN = 3  # headings (or list entries) in a row before they may be a table of contents
_TOC_SHARE = 0.6  # share of list entries naming a heading for the list to be a TOC
_TOC_SUMMARY = 600  # characters of summary a table-of-contents heading may carry

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"^[ \t\u00a0]*(?:[*+•·]|-|\\-|–)[ \t\u00a0]+\S")
_ORDERED = re.compile(r"^[ \t\u00a0]*\d{1,3}[.)][ \t\u00a0]+\S")  # markdown ordered list item
_MARKER = re.compile(r"^[ \t\u00a0]*(?:[*+•·–-]|\\-|\d{1,3}[.)])[ \t\u00a0]+")
_TABLE_ROW = re.compile(r"^\s*\|")
_EMPTY_ANCHORS = re.compile(r"^(?:\s*\[\]\([^)]*\))+")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_DATELINE = re.compile(
    r"^(?:last\s+)?(?:updated|modified|revised|amended|effective|published|dated|version"
    r"|as\s+of|released|derni[eè]re\s+mise\s+[aà]\s+jour|en\s+vigueur)",
    re.IGNORECASE,
)

# "Snap Group Limited Terms of Service", "Privacy Policy": a brand, then the document's name
_DOCUMENT_TITLE = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){0,4}(?:[Tt]erms\s+of\s+(?:[Ss]ervice|[Uu]se)"
    r"|[Pp]rivacy\s+(?:[Pp]olicy|[Nn]otice)|[Tt]erms\s+and\s+[Cc]onditions"
    r"|[Cc]ommunity\s+[Gg]uidelines|[Uu]ser\s+[Aa]greement|[Cc]onditions\s+g[ée]n[ée]rales.*"
    r"|[Pp]olitique\s+de\s+confidentialit[ée])(?:\s*\([^)]*\))?$"
)
_MONTH_YEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}",
    re.IGNORECASE,
)

# Clause numbering at the start of a paragraph or heading, after optional bold markers.
_NUMBER = re.compile(
    r"""^(?P<open>\*\*\s*)?(?P<label>
        (?P<dec>\d{1,2}(?:\\?\.\d{1,3}){0,3})(?P<dot>\\?\.)?(?=[\s*\u00a0])
      | \((?P<paren>[a-zA-Z]{1,5}|\d{1,2})\)
      | (?P<item>[a-zA-Z]{1,5}|\d{1,2})(?P<sep>\\?\.|\))(?=[\s*\u00a0])
    )""",
    re.VERBOSE,
)
_ROMAN = re.compile(r"^(?=[ivxlc])m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})$")
# A short title right after an unbolded number: "c. Termination. The licence …"
_LEAD_TITLE = re.compile(r"^([A-Z][^.:;,!?()\n]{0,58}?)[.:][ \t\u00a0]+(?=[\"“'‘(A-Z])")
_CUTTERS = (
    # a new list item, numbered item or table row starts on the next line
    re.compile(
        r"\n(?=[ \t\u00a0>]*(?:(?:[*+•·–-]|\\-|\d{1,3}(?:\\?\.|\))|\((?:[a-zA-Z]{1,5}|\d{1,2})\)"
        r"|[a-z]{1,4}[.)])[ \t\u00a0]|\|))"
    ),
    re.compile(r"\n"),  # any other line break
    re.compile(r"(?:<br\s*/?>\s*)+", re.IGNORECASE),  # HTML line breaks inside a cell or item
    re.compile(r"(?<=\S)[ \t]+\|[ \t]+(?=\S)"),  # table cells
)
_SENTENCE_END = re.compile(r"[.!?…](?:[\"”’'»)\]*_]*)(?=\s+\S)|[.!?…](?:[\"”’'»)\]*_]*)$")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc inc ltd co corp llc no nos vs v mr mrs ms dr st art sec para cf al approx "
    "fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.u p.o s.a s.a.s gmbh kg "
    "resp incl min max dept est ca pp op seq cit id".split()
)


# ---------------------------------------------------------------------------------------------
# Blocks


@dataclass(slots=True)
class _Heading:
    """A heading line: ``rank`` orders heading styles, ``kind`` names its numbering scheme."""

    label: str
    rank: float
    kind: tuple[str, str] | None
    value: str | None = None
    anchor: bool = False  # the whole heading is a link into the page (a TOC entry)
    style: str = ""  # "bold", "caps" or "plain": ranked by where it first shows up


@dataclass(slots=True)
class _Block:
    """A paragraph, list or table: the unit clauses are built from."""

    start: int
    end: int
    is_list: bool = False
    lead_in: bool = False  # ends with ":" and so introduces what follows
    section: tuple[str, ...] = ()
    group: int = 0  # index of the section instance it belongs to
    glued: bool = False  # a list item kept with the lead-in before it


@dataclass(slots=True)
class _Item:
    """A heading, a content block or a piece of furniture, in body order."""

    start: int
    end: int
    heading: _Heading | None = None
    block: _Block | None = None
    furniture: bool = False
    nav: bool = False  # furniture with words in it (a menu, a TOC): clauses never span it
    menu: bool = False  # a menu or picker block, which makes short lines next to it suspect


def _lines(body: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without the newline and a CR before it."""
    spans = []
    pos = 0
    size = len(body)
    while pos <= size:
        nl = body.find("\n", pos)
        end = size if nl < 0 else nl
        stop = end - 1 if end > pos and body[end - 1] == "\r" else end
        spans.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return spans


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past whitespace and invisible characters at both ends."""
    while start < end and (body[start].isspace() or body[start] in _INVISIBLE):
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in _INVISIBLE):
        end -= 1
    return start, end


def _is_blank(text: str) -> bool:
    return not text.strip().strip(_INVISIBLE).strip()


# ---------------------------------------------------------------------------------------------
# Labels


def _clean(text: str) -> str:
    """Markdown heading text as a person reads it: no links, emphasis, escapes or anchors."""
    text = _EMPTY_ANCHORS.sub("", text)
    text = strip_links(text)
    text = _ESCAPED.sub(lambda m: chr(_SHELTER + ord(m.group(1))), text)  # "\\_" is no emphasis
    text = _EMPHASIS.sub("", text)
    text = " ".join(text.translate(_DROP_INVISIBLE).split()).strip(" *_#|")
    return text.translate(_UNSHELTER)


def _shorten(label: str, limit: int = _LABEL_MAX) -> str:
    """Cut a label at a word boundary so section paths stay readable."""
    label = label.rstrip(" :;,")
    if label.endswith(".") and not re.fullmatch(r"\(?\w{1,5}\)?\.", label):
        label = label[:-1].rstrip()
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return (cut or label[:limit]) + "…"


def _number_kind(match: re.Match[str], stack: list[_Heading]) -> tuple[tuple[str, str], float]:
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
    if _ROMAN.match(value) and not _continues_letters(value, style, stack):
        return (style, "roman"), _ROMAN_RANK
    return (style, "lower"), _LETTER_RANK


def _continues_letters(value: str, style: str, stack: list[_Heading]) -> bool:
    """True when a roman-looking "(i)" or "v." is really the letter after "(h)" or "u."."""
    if len(value) != 1:
        return False
    for entry in reversed(stack):
        if entry.kind == (style, "lower") and entry.value:
            return ord(entry.value) == ord(value) - 1
    return False


def _numbered(
    text: str, stack: list[_Heading], rank: float | None = None
) -> tuple[_Heading, re.Match[str]] | None:
    """Parse clause numbering at the start of ``text`` (raw Markdown)."""
    text = _EMPTY_ANCHORS.sub("", text).lstrip(" \t\u00a0")
    match = _NUMBER.match(text)
    if not match:
        return None
    kind, number_rank = _number_kind(match, stack)
    value = match.group("paren") or match.group("item") or match.group("dec")
    label = match.group("label").replace("\\", "")
    heading = _Heading(label, number_rank if rank is None else rank, kind, value.replace("\\", ""))
    return heading, match


def _paragraph_label(text: str, number: _Heading, match: re.Match[str]) -> str:
    """Label of a numbered paragraph: its number plus the bold or short title after it."""
    rest = text[match.end() :]
    title = ""
    if match.group("open"):  # "**1.2 Amazon Music Unlimited**. …" or "**(c)** **Audiobooks**"
        title, _, rest = rest.partition("**")
    if not _clean(title):
        stripped = rest.lstrip(" \t\u00a0")
        if stripped.startswith("**") and "**" in stripped[2:]:
            title = stripped[2:].split("**", 1)[0]  # "1.1 **Choice of Law. If you …**"
    title = _clean(title)
    if title:
        title = re.split(r"(?<=[.!?:])\s+(?=[A-Z\"“(])", title, maxsplit=1)[0]
    else:
        lead = _LEAD_TITLE.match(_clean(rest))
        if lead and len(lead.group(1).split()) <= 8:
            title = lead.group(1)
    return _shorten(f"{number.label} {title}".strip())


# ---------------------------------------------------------------------------------------------
# Heading recognition


def _bold_only(text: str) -> tuple[str, bool] | None:
    """Text of a line that is nothing but bold runs (maybe link-wrapped, maybe with a trailing
    "." or an unclosed "**" continued on the next line); the flag says the bold is unclosed."""
    line = _EMPTY_ANCHORS.sub("", text).strip().rstrip("\\").strip()
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


def _is_bold_sentence(inside: str) -> bool:
    """ "**READ THIS SECTION CAREFULLY.**": a bold sentence, which is emphasis, not a title."""
    return _clean(inside).endswith(".")


def _is_caps(label: str) -> bool:
    """An ALL-CAPS title such as "PAYMENTS, TAXES, AND REFUNDS" (Apple)."""
    letters = [c for c in label if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 3 and upper >= 0.9 * len(letters) and len(label.split()) <= 20


def _title_like(label: str, *, numbered: bool) -> bool:
    """Short enough and not a sentence or a date line, so it reads as a heading."""
    if not label or len(label) > 100 or _DATELINE.match(label):
        return False
    if re.search(r"[.!?]\s+[A-Z\"“]", label) and not numbered:
        return False  # two sentences: an emphasised paragraph, not a heading
    return numbered or not label.endswith(":")  # "You must not:" leads in to a list


def _line_heading(text: str, stack: list[_Heading], *, alone: bool) -> tuple[_Heading, bool] | None:
    """A heading written as an ordinary line: bold-only, ALL CAPS or short numbered. The flag
    says a bold run is left open on the next line."""
    if len(text) > _HEADING_LINE_MAX or _BULLET.match(text) or _TABLE_ROW.match(text):
        return None
    if text.lstrip().startswith(_BOLD_OPENERS):
        bold = _bold_only(text)
        return None if bold is None else _bold_heading(text, bold, stack)
    if len(text) > _CAPS_MAX + 10 or "](" in text:
        return None  # too long for a heading, or a link: a menu entry at best
    heading = _numbered_line_heading(text, stack, alone=alone) or _caps_heading(text, stack)
    return None if heading is None else (heading, False)


def _bold_heading(
    text: str, bold: tuple[str, bool], stack: list[_Heading]
) -> tuple[_Heading, bool] | None:
    """``**Your Content**``, ``**1\\. THE SERVICES**.``, ``[**Welcome!**](…)``."""
    inside, unclosed = bold
    label = _clean(inside)
    if not label:
        return None
    parsed = _numbered(_clean_number_source(inside), stack)
    if parsed and _title_like(label, numbered=True):
        number, _ = parsed
        return _Heading(_shorten(label), number.rank, number.kind, number.value), unclosed
    if _title_like(label, numbered=False) and not _is_bold_sentence(inside):
        return _Heading(_shorten(label), 0, None, anchor=_anchor_only(text), style="bold"), unclosed
    return None


def _numbered_line_heading(text: str, stack: list[_Heading], *, alone: bool) -> _Heading | None:
    """A short numbered title alone on its line: "1\\. Data controller", "1.2 Licence",
    "f. Limitation de responsabilité."."""
    if not alone or _is_ordered_list_item(text):
        return None
    parsed = _numbered(text, stack)
    if parsed is None:
        return None
    number, match = parsed
    label = _clean(text)
    title = _clean(_EMPTY_ANCHORS.sub("", text).lstrip(" \t\u00a0")[match.end() :])
    words = len(title.split())
    if not title[:1].isupper() or words > _TITLE_WORDS or len(label) > _CAPS_MAX:
        return None
    if label.endswith((",", ";", ":")) or _DATELINE.match(title):
        return None
    if re.search(r"[.!?]\s+[A-Z]", title):
        return None  # two sentences: a numbered paragraph
    if label.endswith(".") and words > _DOTTED_TITLE_WORDS:
        return None  # a short numbered sentence, not a title
    return _Heading(_shorten(label), number.rank, number.kind, number.value)


def _caps_heading(text: str, stack: list[_Heading]) -> _Heading | None:
    """An ALL-CAPS title such as "PAYMENTS, TAXES, AND REFUNDS" or "A. TERMS OF SALE"."""
    label = _clean(text)
    if not label or len(label) > _CAPS_MAX or label.endswith((".", ",", ";", ":")):
        return None
    if _DATELINE.match(label) or not _is_caps(label):
        return None
    parsed = _numbered(text, stack)
    if parsed is None:
        return _Heading(_shorten(label), 0, None, style="caps")
    if _is_ordered_list_item(text):
        return None
    number, _ = parsed
    return _Heading(_shorten(label), number.rank, number.kind, number.value)


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


def _atx_heading(text: str, level: int, stack: list[_Heading]) -> _Heading:
    label = _clean(text)
    parsed = _numbered(_clean_number_source(text), stack, rank=level * 10)
    kind = parsed[0].kind if parsed else None
    value = parsed[0].value if parsed else None
    return _Heading(_shorten(label), level * 10, kind, value, anchor=_anchor_only(text))


# ---------------------------------------------------------------------------------------------
# Pass 1: lines -> headings, blocks, furniture


def _scan(body: str) -> list[_Item]:
    """Cut the body into headings and blank-line separated blocks."""
    items: list[_Item] = []
    run: list[tuple[int, int]] = []
    for start, end in _lines(body):
        text = body[start:end]
        if _is_blank(text):
            _flush(body, run, items)
            run = []
            continue
        atx = _ATX.match(text)
        if atx and not text.lstrip().startswith("#" * 7):
            _flush(body, run, items)
            run = []
            label_text = atx.group(2) or ""
            s, e = _trim(body, start, end)
            if _DATELINE.match(_clean(label_text)):
                items.append(_Item(s, e, block=_Block(s, e)))  # "#### Last Updated: …" is text
            elif _clean(label_text):
                heading = _atx_heading(label_text, len(atx.group(1)), [])
                items.append(_Item(s, e, heading=heading))
            else:
                items.append(_Item(s, e, furniture=True, nav=True))  # an empty "###"
            continue
        setext = _SETEXT.match(text)
        if setext and run and not _BULLET.match(body[run[-1][0] : run[-1][1]]):
            title = run.pop()
            _flush(body, run, items)
            run = []
            title_text = body[title[0] : title[1]]
            level = 1 if setext.group(1)[0] == "=" else 2
            heading = _atx_heading(title_text, level, [])
            s, _ = _trim(body, *title)
            items.append(_Item(s, _trim(body, start, end)[1], heading=heading))
            continue
        if _RULE.match(text):
            _flush(body, run, items)
            run = []
            s, e = _trim(body, start, end)
            items.append(_Item(s, e, furniture=True))
            continue
        run.append((start, end))
    _flush(body, run, items)
    return items


def _flush(body: str, run: list[tuple[int, int]], items: list[_Item]) -> None:
    """Turn a run of non-blank lines into heading lines and blocks. Any heading style may open
    the run; further down only a bold-only line splits it (DistroKid writes its whole page
    without a blank line)."""
    segment: list[tuple[int, int]] = []
    skip_bold = False
    absorbed = -1
    for position, (start, end) in enumerate(run):
        if position == absorbed:
            continue
        text = body[start:end]
        found = None
        if not segment:
            found = _line_heading(text, [], alone=len(run) - position == 1)
        elif text.lstrip().startswith(("**", "[**")):
            found = _line_heading(text, [], alone=False)
            if found is not None and found[0].style != "bold" and found[0].kind is None:
                found = None
        if found is None:
            segment.append((start, end))
            continue
        _add_block(body, segment, items, skip_bold)
        segment = []
        heading, skip_bold = found
        s, e = _trim(body, start, end)
        if skip_bold and position + 1 < len(run) and _closes_bold(body, *run[position + 1]):
            e = _trim(body, s, run[position + 1][1])[1]  # "**We collect some data  \nabout you**"
            heading.label = _shorten(_clean(body[s:e]))
            skip_bold, absorbed = False, position + 1
        items.append(_Item(s, e, heading=heading))
    _add_block(body, segment, items, skip_bold)


def _closes_bold(body: str, start: int, end: int) -> bool:
    """The line ends a bold run opened on the line before, with nothing after it."""
    head, marker, tail = body[start:end].partition("**")
    return bool(marker) and not tail.strip(" .:") and len(head) <= _LABEL_MAX


def _add_block(
    body: str, lines: list[tuple[int, int]], items: list[_Item], skip_bold: bool
) -> None:
    """Add the lines as one content block, or as furniture."""
    if not lines:
        return
    start, end = _trim(body, lines[0][0], lines[-1][1])
    if skip_bold and body.startswith("**", start):
        start, end = _trim(body, start + 2, end)  # "**Heading  \n**Text": the closing marker
    if start >= end:
        return
    text = body[start:end]
    if is_furniture(text):
        nav = bool(_WORD.search(strip_links(text)))  # an image used as a bullet is not a menu
        items.append(_Item(start, end, furniture=True, nav=nav, menu=nav))
        return
    items.append(_Item(start, end, block=_Block(start, end)))


# ---------------------------------------------------------------------------------------------
# Pass 2: heading stack -> sections


def _push(stack: list[_Heading], entry: _Heading) -> None:
    """Put a heading on the stack: a numbered sibling replaces its predecessor and everything
    under it; otherwise every entry of the same or a deeper rank goes."""
    if entry.kind is not None:
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].kind == entry.kind:
                del stack[index:]
                stack.append(entry)
                return
    while stack and stack[-1].rank >= entry.rank:
        stack.pop()
    stack.append(entry)


def _plain_heading(text: str) -> str | None:
    """Label of a one-line paragraph that reads like a title ("Grant of license"), as the
    tosback captures write every heading."""
    if len(text) > _PLAIN_CHARS * 2 or "\n" in text or "](" in text or "|" in text:
        return None
    if _BULLET.match(text) or _ORDERED.match(text) or _TABLE_ROW.match(text):
        return None
    label = _clean(text)
    words = label.split()
    if not 1 <= len(words) <= _PLAIN_WORDS or len(label) > _PLAIN_CHARS:
        return None
    if not label[:1].isupper() or label.endswith((".", ",", ";", ":", "!", "”", '"')):
        return None
    if _DATELINE.match(label) or sum(c.isalpha() for c in label) < 3:
        return None
    if sum(c.isdigit() for c in label) >= 3 or _MONTH_YEAR.search(label):
        return None
    return label


def _promote_plain_headings(body: str, items: list[_Item]) -> None:
    """One-line title-like paragraphs followed by text become headings, ranked below the
    styled ones because nothing but their shape says so. Three or more such lines in a row
    (an address, a list of countries) stay text."""
    run: list[tuple[_Item, str]] = []
    for item in items:
        if item.furniture:
            continue
        label = _plain_heading(body[item.start : item.end]) if item.block else None
        if label is not None and not is_furniture(label):
            run.append((item, label))
            continue
        if run and item.heading is not None:
            for line, text in run:  # "Privacy Policy" right above its first heading
                if _DOCUMENT_TITLE.search(text):
                    line.heading, line.block = _Heading(_shorten(text), 10, None), None
        elif run and len(run) <= 2 and item.block is not None and _no_digits_or_alone(run):
            for line, text in run:
                heading = _Heading(_shorten(text), 0, None, style="plain")
                if _DOCUMENT_TITLE.search(text):
                    heading.rank, heading.style = 10, ""  # "Snap Inc. Terms of Service"
                line.heading, line.block = heading, None
        run = []


def _indent(body: str, offset: int) -> int:
    """Column of ``offset`` in its line."""
    return offset - (body.rfind("\n", 0, offset) + 1)


def _promote_item_headings(body: str, items: list[_Item]) -> None:
    """A one-line list item whose body follows, indented, as its own paragraphs is a heading
    written as a list (Meta's AI terms: "*   **Your Commitments**", "    *   Eligibility")."""
    for index, item in enumerate(items[:-1]):
        if item.block is None:
            continue
        text = body[item.start : item.end]
        marker = _MARKER.match(text)
        if "\n" in text or marker is None or not _BULLET.match(text):
            continue
        nxt = next((i for i in items[index + 1 :] if not i.furniture), None)
        if (
            nxt is None
            or nxt.block is None
            or _indent(body, nxt.start) <= _indent(body, item.start)
        ):
            continue
        title = text[marker.end() :]
        bold = _bold_only(title)
        if (
            bold is not None
            and not _is_bold_sentence(bold[0])
            and _title_like(_clean(bold[0]), numbered=False)
        ):
            item.heading = _Heading(_shorten(_clean(bold[0])), 0, None, style="bold")
        elif (label := _plain_heading(title)) is not None:
            item.heading = _Heading(_shorten(label), 0, None, style="plain")
        else:
            continue
        item.block = None


def _no_digits_or_alone(run: list[tuple[_Item, str]]) -> bool:
    """Two title-like lines in a row with digits are an address, not a heading and its child."""
    return len(run) == 1 or not any(re.search(r"\d", text) for _, text in run)


def _drop_plain_tocs(body: str, items: list[_Item]) -> None:
    """A list whose items open with the document's own headings is a table of contents, even
    without links (SoundCloud's tosback captures). The list may be loose: one block an item."""
    labels = {item.heading.label.casefold() for item in items if item.heading}
    prefixes = tuple(label for label in labels if len(label) >= 4)
    if not prefixes:
        return
    run: list[_Item] = []
    for item in [*items, _Item(0, 0)]:
        if item.furniture:
            continue
        first = body[item.start : item.end].split("\n", 1)[0] if item.block else ""
        if item.block is not None and (_BULLET.match(first) or _ORDERED.match(first)):
            run.append(item)
            continue
        _drop_toc_run(body, run, prefixes)
        run = []


def _drop_toc_run(body: str, run: list[_Item], prefixes: tuple[str, ...]) -> None:
    """Mark a run of list blocks as furniture when most entries name a heading."""
    lines = [
        line
        for item in run
        for line in body[item.start : item.end].split("\n")
        if _BULLET.match(line) or _ORDERED.match(line)
    ]
    if len(lines) < _TOC_RUN:
        return
    entries = [_clean(_MARKER.sub("", line)[:120]).casefold() for line in lines]
    if sum(entry.startswith(prefixes) for entry in entries) >= _TOC_SHARE * len(entries):
        for item in run:
            item.furniture, item.nav, item.block = True, True, None


def _drop_toc_headings(items: list[_Item]) -> None:
    """YouTube's index: runs of headings that link into the page, each followed by at most a
    short summary. Mark them and their summaries as furniture."""
    anchors = [i for i, item in enumerate(items) if item.heading and item.heading.anchor]
    runs: list[list[tuple[int, int]]] = []
    for index in anchors:
        end = index + 1
        while end < len(items) and items[end].heading is None:
            end += 1
        summary = sum(item.end - item.start for item in items[index + 1 : end] if item.block)
        if summary > _TOC_SUMMARY:
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1][1] == index:
            runs[-1].append((index, end))
        else:
            runs.append([(index, end)])
    for run in runs:
        if len(run) < 3:
            continue
        for heading_at, end in run:
            for item in items[heading_at:end]:
                item.furniture, item.nav, item.heading, item.block = True, True, None, None


def _drop_heading_tocs(items: list[_Item]) -> None:
    """Three or more headings in a row, with no text between them, whose labels come back
    later as headings are a table of contents written as headings (Apple's "A. TERMS OF
    SALE" … "D. APPLE MUSIC" list)."""
    last_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.heading is not None:
            last_seen[item.heading.label.casefold()] = index
    run: list[int] = []
    for index, item in enumerate([*items, _Item(0, 0)]):
        if item.furniture:
            continue
        if item.heading is not None:
            run.append(index)
            continue
        if len(run) >= _TOC_RUN:
            for at in run:
                heading = items[at].heading
                if heading is not None and last_seen[heading.label.casefold()] > at:
                    items[at].furniture, items[at].nav, items[at].heading = True, True, None
        run = []


def _drop_nav_labels(body: str, items: list[_Item]) -> None:
    """Short unpunctuated lines next to navigation blocks ("By audience", "Enterprise", an
    Instagram question menu) are menu labels, not clauses."""

    def is_label(item: _Item) -> bool:
        if item.block is None or item.end - item.start > _NAV_LABEL:
            return False
        text = body[item.start : item.end]
        return "\n" not in text and not text.rstrip("*_ ").endswith((".", ";", ":", ",", "!"))

    def is_nav(item: _Item | None) -> bool:
        return item is not None and item.menu

    changed = True
    while changed:
        changed = False
        for index, item in enumerate(items):
            before = items[index - 1] if index else None
            after = items[index + 1] if index + 1 < len(items) else None
            if is_label(item) and (is_nav(before) or is_nav(after)):
                item.furniture, item.nav, item.menu, item.block = True, True, True, None
                changed = True


def _repeated_labels(items: list[_Item]) -> set[str]:
    """Labels of unnumbered weak headings that keep coming back ("More simply put")."""
    counts = Counter(
        item.heading.label.casefold()
        for item in items
        if item.heading is not None and item.heading.style
    )
    return {label for label, count in counts.items() if count >= _BOX_REPEATS}


def _resolve_letter(heading: _Heading, stack: list[_Heading]) -> None:
    """Headings were numbered without context: "**i. Waiver**" after "**h. …**" is a letter."""
    if heading.kind is None or heading.kind[1] != "roman" or heading.value is None:
        return
    style = heading.kind[0]
    if _continues_letters(heading.value, style, stack):
        heading.kind = (style, "lower")
        if heading.rank == _ROMAN_RANK:
            heading.rank = _LETTER_RANK


def _resolve_rank(
    heading: _Heading, styles: dict[str, float], numbered: list[float], repeated: set[str]
) -> None:
    """Rank bold, caps and plain headings by where they first show up: before any numbered
    heading they sit above the numbering ("**Section I**" over "**1. Availability**"), after
    it they nest under the deepest numbering seen ("**[Note: …]**" inside "1.6"). A weak
    heading that keeps coming back is a box inside sections, so it ranks below everything."""
    if heading.style and heading.label.casefold() in repeated:
        heading.rank, heading.style = _LEAF_RANK, ""  # Pinterest's "More simply put" boxes
    elif heading.style:
        if heading.style not in styles:
            base = max(numbered) + 0.5 if numbered else _WEAK_RANKS[heading.style]
            styles[heading.style] = base
        heading.rank += styles[heading.style]
        heading.style = ""
    elif heading.kind is not None and heading.rank >= _NUMBERED_RANKS:
        numbered.append(heading.rank)


def _drop_widget(body: str, items: list[_Item], index: int) -> None:
    """Short blocks under a furniture heading belong to the same widget; stop at the first
    real paragraph so no terms text is lost."""
    for item in items[index + 1 :]:
        if item.heading is not None:
            return
        if item.block is not None:
            if item.end - item.start > _WIDGET_TEXT:
                return
            item.furniture, item.nav, item.block = True, True, None


def _assign_sections(body: str, items: list[_Item], max_chars: int) -> list[_Block]:
    """Walk headings and numbered paragraphs with a stack; give every block its path."""
    stack: list[_Heading] = []
    styles: dict[str, float] = {}
    numbered: list[float] = []
    repeated = _repeated_labels(items)
    group = 0
    blocks: list[_Block] = []
    glue_until = -1
    for index, item in enumerate(items):
        if item.furniture:
            group += item.nav  # a clause never spans a menu or an image, only a rule
            continue
        if item.heading is not None:
            if item.heading.kind is None and is_furniture(item.heading.label):
                _drop_widget(body, items, index)  # "Was it helpful?" then "Yes", "No"
                group += 1
                continue  # "9. Other" is a real heading, numbered ones never furniture
            _resolve_letter(item.heading, stack)
            _resolve_rank(item.heading, styles, numbered, repeated)
            _push(stack, item.heading)
            group += 1
            continue
        block = item.block
        assert block is not None
        text = body[block.start : block.end]
        first_line = text.split("\n", 1)[0]
        block.is_list = bool(_BULLET.match(first_line) or _ORDERED.match(first_line))
        block.lead_in = _ends_with_colon(text)
        number = None
        if index > glue_until and not block.is_list and not _TABLE_ROW.match(first_line):
            number = _paragraph_number(first_line, stack)
        if index <= glue_until:
            block.glued = True
        elif number is not None:
            glue_until = _glue_items(body, items, index, blocks, number, group, max_chars)
            if glue_until >= index:
                block.glued = True  # an item of the list its lead-in introduces
            else:
                _push(stack, number)
                group += 1
        block.section = tuple(entry.label for entry in stack)
        block.group = group
        blocks.append(block)
    return blocks


def _paragraph_number(first_line: str, stack: list[_Heading]) -> _Heading | None:
    """The numbering that opens a paragraph, labelled with its title if it has one."""
    parsed = _numbered(first_line, stack)
    if parsed is None:
        return None
    number, match = parsed
    number.label = _paragraph_label(_EMPTY_ANCHORS.sub("", first_line), number, match)
    return number


def _ends_with_colon(text: str) -> bool:
    return text.rstrip(" \t\u00a0*_").endswith((":", "："))


def _glue_items(
    body: str,
    items: list[_Item],
    index: int,
    blocks: list[_Block],
    number: _Heading,
    group: int,
    max_chars: int,
) -> int:
    """Numbered items right after a lead-in ("… a licence to:" then "(i) …", "(ii) …") stay
    with it, unnumbered, when the whole list fits in one clause. Returns the last glued item
    index, or -1."""
    if not blocks or not blocks[-1].lead_in or blocks[-1].group != group:
        return -1
    if number.kind is None or number.kind[0] == "dec":
        return -1
    lead = blocks[-1]
    last = index
    follow = index + 1
    while follow < len(items):
        item = items[follow]
        if item.heading is not None:
            break
        if item.block is not None:
            first = body[item.start : item.end].split("\n", 1)[0]
            parsed = _numbered(first, [])
            style = parsed[0].kind[0] if parsed and parsed[0].kind else None
            if style != number.kind[0] and not _BULLET.match(first):
                break  # neither a sibling item nor a bullet under one
            last = follow
        follow += 1
    if items[last].end - lead.start > max_chars:
        return -1
    return last


# ---------------------------------------------------------------------------------------------
# Pass 3: blocks -> clauses


def _sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``body[start:end]``; why: oversized paragraphs are cut only where a
    sentence ends, so no quote starts or stops mid-sentence."""
    text = body[start:end]
    spans = []
    cursor = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.end()
        if stop >= len(text):
            break
        if not _real_sentence_end(text, match.start()):
            continue
        nxt = text[stop:].lstrip()
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"“‘'(*[_¿¡«"):
            continue
        s, e = _trim(body, start + cursor, start + stop)
        if e - s < _SHORT_SENTENCE:
            continue  # "**17.1 Definition**." or "No." stays with the sentence after it
        spans.append((s, e))
        cursor = stop
    s, e = _trim(body, start + cursor, end)
    if s < e:
        spans.append((s, e))
    return spans


def _real_sentence_end(text: str, dot: int) -> bool:
    """False for abbreviations ("e.g.", "Inc.", "U.S.") and numbers ("1.2", "section 3.")."""
    if text[dot] != ".":
        return True
    begin = dot
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "."):
        begin -= 1
    token = text[begin:dot].lower().rstrip(".")
    if not token:
        return True
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    return not (token.isdigit() and len(token) <= 3)


def _pack(pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Join consecutive pieces into balanced chunks of at most ``max_chars`` (a single piece
    longer than that stays whole)."""
    if not pieces:
        return []
    total = pieces[-1][1] - pieces[0][0]
    count = max(1, math.ceil(total / max_chars))
    target = total / count
    chunks: list[tuple[int, int]] = []
    start, end = pieces[0]
    for piece_start, piece_end in pieces[1:]:
        size = end - start
        grown = piece_end - start
        if grown <= max_chars and (size < target and abs(grown - target) <= abs(size - target)):
            end = piece_end
            continue
        chunks.append((start, end))
        start, end = piece_start, piece_end
    chunks.append((start, end))
    return chunks


def _cut(body: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Cut a span where ``pattern`` matches; the separators fall between the pieces."""
    pieces = []
    cursor = start
    for match in pattern.finditer(body, start, end):
        pieces.append(_trim(body, cursor, match.start()))
        cursor = match.end()
    pieces.append(_trim(body, cursor, end))
    return [(s, e) for s, e in pieces if s < e]


def _atoms(
    body: str, start: int, end: int, max_chars: int, level: int = 0
) -> list[tuple[int, int]]:
    """The pieces an oversized span may be cut into: list items and table rows first, then
    other line breaks, ``<br>`` breaks, table cells and last sentences. A piece that still
    exceeds ``max_chars`` is a single long sentence and stays whole."""
    if end - start <= max_chars or level > len(_CUTTERS):
        return [(start, end)]
    if level == len(_CUTTERS):
        pieces = _sentences(body, start, end)
    else:
        pieces = _cut(body, start, end, _CUTTERS[level])
    if pieces == [(start, end)]:
        return _atoms(body, start, end, max_chars, level + 1)
    atoms: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        atoms.extend(_atoms(body, piece_start, piece_end, max_chars, level + 1))
    return atoms


def _list_end(blocks: list[_Block], index: int, max_chars: int) -> int:
    """End (exclusive) of the list items kept with the lead-in at ``index``: as many as fit in
    one clause, but never a nested lead-in without its own first item."""
    start = blocks[index].start
    end = index + 1
    while end < len(blocks) and (blocks[end].is_list or blocks[end].glued):
        if blocks[end].end - start > max_chars:
            break
        end += 1
    if end > index + 2 and blocks[end - 1].lead_in and end < len(blocks):
        end -= 1  # a nested lead-in ("1. Any loss arising from:") goes with its own items
    return end


def _units(blocks: list[_Block], max_chars: int) -> list[list[_Block]]:
    """Paragraphs of one section, a lead-in kept together with the list it introduces."""
    units: list[list[_Block]] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        unit = [block]
        if block.lead_in:
            unit = blocks[index : _list_end(blocks, index, max_chars)]
        units.append(unit)
        index += len(unit)
    return units


def _merge_tiny(chunks: list[tuple[int, int]], min_chars: int, max_chars: int) -> None:
    """Merge chunks under ``min_chars`` into a neighbour, the following one first."""
    index = 0
    while index < len(chunks):
        start, end = chunks[index]
        if end - start >= min_chars or len(chunks) == 1:
            index += 1
            continue
        if index + 1 < len(chunks) and chunks[index + 1][1] - start <= max_chars:
            chunks[index : index + 2] = [(start, chunks[index + 1][1])]
            continue
        if index > 0 and end - chunks[index - 1][0] <= max_chars:
            chunks[index - 1 : index + 1] = [(chunks[index - 1][0], end)]
            index -= 1
            continue
        index += 1


def _section_chunks(
    body: str,
    blocks: list[_Block],
    max_chars: int,
    min_chars: int,
) -> list[tuple[int, int]]:
    """Clauses of one section instance: whole if it fits, else by paragraph and sentence."""
    if blocks[-1].end - blocks[0].start <= max_chars:
        return [(blocks[0].start, blocks[-1].end)]
    chunks: list[tuple[int, int]] = []
    for unit in _units(blocks, max_chars):
        if len(unit) > 1 or unit[0].end - unit[0].start <= max_chars:
            chunks.append((unit[0].start, unit[-1].end))
        else:
            chunks.extend(_pack(_atoms(body, unit[0].start, unit[0].end, max_chars), max_chars))
    _merge_tiny(chunks, min_chars, max_chars)
    return chunks


def _groups(blocks: list[_Block]) -> Iterator[list[_Block]]:
    """Consecutive blocks of the same section instance."""
    current: list[_Block] = []
    for block in blocks:
        if current and current[-1].group != block.group:
            yield current
            current = []
        current.append(block)
    if current:
        yield current


def split_clauses(body: str, *, max_chars: int = 1200, min_chars: int = 200) -> list[ClauseSpan]:
    """Split a document body into clauses with their section paths.

    Headings are never part of a clause, furniture is never a clause, and ``body[start:end]``
    of every span is verbatim, stripped and non-empty; spans are in order and disjoint.
    """
    items = _scan(body)
    _drop_toc_headings(items)
    _drop_nav_labels(body, items)
    _promote_plain_headings(body, items)
    _promote_item_headings(body, items)
    _drop_plain_tocs(body, items)
    _drop_heading_tocs(items)
    blocks = _assign_sections(body, items, max_chars)
    spans: list[ClauseSpan] = []
    for group in _groups(blocks):
        for start, end in _section_chunks(body, group, max_chars, min_chars):
            start, end = _trim(body, start, end)
            if start < end:
                spans.append(ClauseSpan(group[0].section, start, end))
    return spans
