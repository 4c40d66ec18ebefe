"""Pass 2: heading stack -> sections.

First the items are corrected in place: plain title lines and list items written as headings
are promoted; tables of contents, menu labels and widgets become furniture. Then a stack of
headings and numbered paragraphs gives every block its section path and its section instance
(`group`), which clauses never cross.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.furniture import is_furniture
from ingest.splitting.blocks import Block, Heading, Item
from ingest.splitting.headings import bold_only, is_bold_sentence, title_like
from ingest.splitting.labels import clean, continues_letters, paragraph_label, parse_number, shorten
from ingest.splitting.patterns import (
    BOX_REPEATS,
    BULLET,
    DATELINE,
    DOCUMENT_TITLE,
    EMPTY_ANCHORS,
    LEAF_RANK,
    LETTER_RANK,
    MARKER,
    MONTH_YEAR,
    NAV_LABEL,
    NUMBERED_RANKS,
    ORDERED,
    PLAIN_CHARS,
    PLAIN_WORDS,
    ROMAN_RANK,
    TABLE_ROW,
    TOC_RUN,
    TOC_SHARE,
    TOC_SUMMARY,
    WEAK_RANKS,
    WIDGET_TEXT,
)


def _push(stack: list[Heading], entry: Heading) -> None:
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
    if len(text) > PLAIN_CHARS * 2 or "\n" in text or "](" in text or "|" in text:
        return None
    if BULLET.match(text) or ORDERED.match(text) or TABLE_ROW.match(text):
        return None
    label = clean(text)
    words = label.split()
    if not 1 <= len(words) <= PLAIN_WORDS or len(label) > PLAIN_CHARS:
        return None
    if not label[:1].isupper() or label.endswith((".", ",", ";", ":", "!", "”", '"')):
        return None
    if DATELINE.match(label) or sum(c.isalpha() for c in label) < 3:
        return None
    if sum(c.isdigit() for c in label) >= 3 or MONTH_YEAR.search(label):
        return None
    return label


def promote_plain_headings(body: str, items: list[Item]) -> None:
    """One-line title-like paragraphs followed by text become headings, ranked below the
    styled ones because nothing but their shape says so. Three or more such lines in a row
    (an address, a list of countries) stay text."""
    run: list[tuple[Item, str]] = []
    for item in items:
        if item.furniture:
            continue
        label = _plain_heading(body[item.start : item.end]) if item.block else None
        if label is not None and not is_furniture(label):
            run.append((item, label))
            continue
        if run and item.heading is not None:
            for line, text in run:  # "Privacy Policy" right above its first heading
                if DOCUMENT_TITLE.search(text):
                    line.heading, line.block = Heading(shorten(text), 10, None), None
        elif run and len(run) <= 2 and item.block is not None and _no_digits_or_alone(run):
            for line, text in run:
                heading = Heading(shorten(text), 0, None, style="plain")
                if DOCUMENT_TITLE.search(text):
                    heading.rank, heading.style = 10, ""  # "Snap Inc. Terms of Service"
                line.heading, line.block = heading, None
        run = []


def _indent(body: str, offset: int) -> int:
    """Column of ``offset`` in its line."""
    return offset - (body.rfind("\n", 0, offset) + 1)


def promote_item_headings(body: str, items: list[Item]) -> None:
    """A one-line list item whose body follows, indented, as its own paragraphs is a heading
    written as a list (Meta's AI terms: "*   **Your Commitments**", "    *   Eligibility")."""
    for index, item in enumerate(items[:-1]):
        if item.block is None:
            continue
        text = body[item.start : item.end]
        marker = MARKER.match(text)
        if "\n" in text or marker is None or not BULLET.match(text):
            continue
        nxt = next((i for i in items[index + 1 :] if not i.furniture), None)
        if (
            nxt is None
            or nxt.block is None
            or _indent(body, nxt.start) <= _indent(body, item.start)
        ):
            continue
        title = text[marker.end() :]
        bold = bold_only(title)
        if (
            bold is not None
            and not is_bold_sentence(bold[0])
            and title_like(clean(bold[0]), numbered=False)
        ):
            item.heading = Heading(shorten(clean(bold[0])), 0, None, style="bold")
        elif (label := _plain_heading(title)) is not None:
            item.heading = Heading(shorten(label), 0, None, style="plain")
        else:
            continue
        item.block = None


def _no_digits_or_alone(run: list[tuple[Item, str]]) -> bool:
    """Two title-like lines in a row with digits are an address, not a heading and its child."""
    return len(run) == 1 or not any(re.search(r"\d", text) for _, text in run)


def drop_plain_tocs(body: str, items: list[Item]) -> None:
    """A list whose items open with the document's own headings is a table of contents, even
    without links (SoundCloud's tosback captures). The list may be loose: one block an item."""
    labels = {item.heading.label.casefold() for item in items if item.heading}
    prefixes = tuple(label for label in labels if len(label) >= 4)
    if not prefixes:
        return
    run: list[Item] = []
    for item in [*items, Item(0, 0)]:
        if item.furniture:
            continue
        first = body[item.start : item.end].split("\n", 1)[0] if item.block else ""
        if item.block is not None and (BULLET.match(first) or ORDERED.match(first)):
            run.append(item)
            continue
        _drop_toc_run(body, run, prefixes)
        run = []


def _drop_toc_run(body: str, run: list[Item], prefixes: tuple[str, ...]) -> None:
    """Mark a run of list blocks as furniture when most entries name a heading."""
    lines = [
        line
        for item in run
        for line in body[item.start : item.end].split("\n")
        if BULLET.match(line) or ORDERED.match(line)
    ]
    if len(lines) < TOC_RUN:
        return
    entries = [clean(MARKER.sub("", line)[:120]).casefold() for line in lines]
    if sum(entry.startswith(prefixes) for entry in entries) >= TOC_SHARE * len(entries):
        for item in run:
            item.furniture, item.nav, item.block = True, True, None


def drop_toc_headings(items: list[Item]) -> None:
    """YouTube's index: runs of headings that link into the page, each followed by at most a
    short summary. Mark them and their summaries as furniture."""
    anchors = [i for i, item in enumerate(items) if item.heading and item.heading.anchor]
    runs: list[list[tuple[int, int]]] = []
    for index in anchors:
        end = index + 1
        while end < len(items) and items[end].heading is None:
            end += 1
        summary = sum(item.end - item.start for item in items[index + 1 : end] if item.block)
        if summary > TOC_SUMMARY:
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


def drop_heading_tocs(items: list[Item]) -> None:
    """Three or more headings in a row, with no text between them, whose labels come back
    later as headings are a table of contents written as headings (Apple's "A. TERMS OF
    SALE" … "D. APPLE MUSIC" list)."""
    last_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.heading is not None:
            last_seen[item.heading.label.casefold()] = index
    run: list[int] = []
    for index, item in enumerate([*items, Item(0, 0)]):
        if item.furniture:
            continue
        if item.heading is not None:
            run.append(index)
            continue
        if len(run) >= TOC_RUN:
            for at in run:
                heading = items[at].heading
                if heading is not None and last_seen[heading.label.casefold()] > at:
                    items[at].furniture, items[at].nav, items[at].heading = True, True, None
        run = []


def drop_nav_labels(body: str, items: list[Item]) -> None:
    """Short unpunctuated lines next to navigation blocks ("By audience", "Enterprise", an
    Instagram question menu) are menu labels, not clauses."""

    def is_label(item: Item) -> bool:
        if item.block is None or item.end - item.start > NAV_LABEL:
            return False
        text = body[item.start : item.end]
        return "\n" not in text and not text.rstrip("*_ ").endswith((".", ";", ":", ",", "!"))

    def is_nav(item: Item | None) -> bool:
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


def _repeated_labels(items: list[Item]) -> set[str]:
    """Labels of unnumbered weak headings that keep coming back ("More simply put")."""
    counts = Counter(
        item.heading.label.casefold()
        for item in items
        if item.heading is not None and item.heading.style
    )
    return {label for label, count in counts.items() if count >= BOX_REPEATS}


def _resolve_letter(heading: Heading, stack: list[Heading]) -> None:
    """Headings were numbered without context: "**i. Waiver**" after "**h. …**" is a letter."""
    if heading.kind is None or heading.kind[1] != "roman" or heading.value is None:
        return
    style = heading.kind[0]
    if continues_letters(heading.value, style, stack):
        heading.kind = (style, "lower")
        if heading.rank == ROMAN_RANK:
            heading.rank = LETTER_RANK


def _resolve_rank(
    heading: Heading, styles: dict[str, float], numbered: list[float], repeated: set[str]
) -> None:
    """Rank bold, caps and plain headings by where they first show up: before any numbered
    heading they sit above the numbering ("**Section I**" over "**1. Availability**"), after
    it they nest under the deepest numbering seen ("**[Note: …]**" inside "1.6"). A weak
    heading that keeps coming back is a box inside sections, so it ranks below everything."""
    if heading.style and heading.label.casefold() in repeated:
        heading.rank, heading.style = LEAF_RANK, ""  # Pinterest's "More simply put" boxes
    elif heading.style:
        if heading.style not in styles:
            base = max(numbered) + 0.5 if numbered else WEAK_RANKS[heading.style]
            styles[heading.style] = base
        heading.rank += styles[heading.style]
        heading.style = ""
    elif heading.kind is not None and heading.rank >= NUMBERED_RANKS:
        numbered.append(heading.rank)


def _drop_widget(body: str, items: list[Item], index: int) -> None:
    """Short blocks under a furniture heading belong to the same widget; stop at the first
    real paragraph so no terms text is lost."""
    for item in items[index + 1 :]:
        if item.heading is not None:
            return
        if item.block is not None:
            if item.end - item.start > WIDGET_TEXT:
                return
            item.furniture, item.nav, item.block = True, True, None


def assign_sections(body: str, items: list[Item], max_chars: int) -> list[Block]:
    """Walk headings and numbered paragraphs with a stack; give every block its path."""
    stack: list[Heading] = []
    styles: dict[str, float] = {}
    numbered: list[float] = []
    repeated = _repeated_labels(items)
    group = 0
    blocks: list[Block] = []
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
        block.is_list = bool(BULLET.match(first_line) or ORDERED.match(first_line))
        block.lead_in = _ends_with_colon(text)
        number = None
        if index > glue_until and not block.is_list and not TABLE_ROW.match(first_line):
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


def _paragraph_number(first_line: str, stack: list[Heading]) -> Heading | None:
    """The numbering that opens a paragraph, labelled with its title if it has one."""
    parsed = parse_number(first_line, stack)
    if parsed is None:
        return None
    number, match = parsed
    number.label = paragraph_label(EMPTY_ANCHORS.sub("", first_line), number, match)
    return number


def _ends_with_colon(text: str) -> bool:
    return text.rstrip(" \t\u00a0*_").endswith((":", "："))


def _glue_items(
    body: str,
    items: list[Item],
    index: int,
    blocks: list[Block],
    number: Heading,
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
            parsed = parse_number(first, [])
            style = parsed[0].kind[0] if parsed and parsed[0].kind else None
            if style != number.kind[0] and not BULLET.match(first):
                break  # neither a sibling item nor a bullet under one
            last = follow
        follow += 1
    if items[last].end - lead.start > max_chars:
        return -1
    return last
