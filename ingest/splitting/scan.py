"""Pass 1: lines -> headings, blocks and furniture.

Cuts a body at blank lines, ATX and setext headings and rules, then splits each run of lines
where a heading line opens it (or a bold-only line interrupts it: some pages have no blank
lines at all). Page furniture is marked here, never dropped, so offsets stay verbatim.
"""

from __future__ import annotations

from ingest.furniture import is_furniture, strip_links
from ingest.splitting.blocks import Block, Item, is_blank, line_spans, trim
from ingest.splitting.headings import atx_heading, line_heading
from ingest.splitting.labels import clean, shorten
from ingest.splitting.patterns import ATX, BULLET, DATELINE, LABEL_MAX, RULE, SETEXT, WORD


def scan(body: str) -> list[Item]:
    """Cut the body into headings and blank-line separated blocks."""
    items: list[Item] = []
    run: list[tuple[int, int]] = []
    for start, end in line_spans(body):
        text = body[start:end]
        if is_blank(text):
            _flush(body, run, items)
            run = []
            continue
        atx = ATX.match(text)
        if atx and not text.lstrip().startswith("#" * 7):
            _flush(body, run, items)
            run = []
            label_text = atx.group(2) or ""
            s, e = trim(body, start, end)
            if DATELINE.match(clean(label_text)):
                items.append(Item(s, e, block=Block(s, e)))  # "#### Last Updated: …" is text
            elif clean(label_text):
                heading = atx_heading(label_text, len(atx.group(1)), [])
                items.append(Item(s, e, heading=heading))
            else:
                items.append(Item(s, e, furniture=True, nav=True))  # an empty "###"
            continue
        setext = SETEXT.match(text)
        if setext and run and not BULLET.match(body[run[-1][0] : run[-1][1]]):
            title = run.pop()
            _flush(body, run, items)
            run = []
            title_text = body[title[0] : title[1]]
            level = 1 if setext.group(1)[0] == "=" else 2
            heading = atx_heading(title_text, level, [])
            s, _ = trim(body, *title)
            items.append(Item(s, trim(body, start, end)[1], heading=heading))
            continue
        if RULE.match(text):
            _flush(body, run, items)
            run = []
            s, e = trim(body, start, end)
            items.append(Item(s, e, furniture=True))
            continue
        run.append((start, end))
    _flush(body, run, items)
    return items


def _flush(body: str, run: list[tuple[int, int]], items: list[Item]) -> None:
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
            found = line_heading(text, [], alone=len(run) - position == 1)
        elif text.lstrip().startswith(("**", "[**")):
            found = line_heading(text, [], alone=False)
            if found is not None and found[0].style != "bold" and found[0].kind is None:
                found = None
        if found is None:
            segment.append((start, end))
            continue
        _add_block(body, segment, items, skip_bold)
        segment = []
        heading, skip_bold = found
        s, e = trim(body, start, end)
        if skip_bold and position + 1 < len(run) and _closes_bold(body, *run[position + 1]):
            e = trim(body, s, run[position + 1][1])[1]  # "**We collect some data  \nabout you**"
            heading.label = shorten(clean(body[s:e]))
            skip_bold, absorbed = False, position + 1
        items.append(Item(s, e, heading=heading))
    _add_block(body, segment, items, skip_bold)


def _closes_bold(body: str, start: int, end: int) -> bool:
    """The line ends a bold run opened on the line before, with nothing after it."""
    head, marker, tail = body[start:end].partition("**")
    return bool(marker) and not tail.strip(" .:") and len(head) <= LABEL_MAX


def _add_block(body: str, lines: list[tuple[int, int]], items: list[Item], skip_bold: bool) -> None:
    """Add the lines as one content block, or as furniture."""
    if not lines:
        return
    start, end = trim(body, lines[0][0], lines[-1][1])
    if skip_bold and body.startswith("**", start):
        start, end = trim(body, start + 2, end)  # "**Heading  \n**Text": the closing marker
    if start >= end:
        return
    text = body[start:end]
    if is_furniture(text):
        nav = bool(WORD.search(strip_links(text)))  # an image used as a bullet is not a menu
        items.append(Item(start, end, furniture=True, nav=nav, menu=nav))
        return
    items.append(Item(start, end, block=Block(start, end)))
