"""A capture that holds two editions of its terms, and which one is the version.

Some pages print the coming terms and the ones they replace on one page: X's capture of
2024-10-21 holds the terms effective November 15, 2024, then "Effective until November 15,
2024" and the terms of September 2023; its capture of 2015-04-18 holds the terms of September
2014 and then those effective May 18, 2015. Searched whole, such a capture answers with two
contradicting texts under one date, and its diffs with its neighbours report the older
edition's clauses as changes.

The version is the newest edition on the page (the one with the latest effective date): the
text the platform publishes as its terms from then on. The older edition stays in the stored
body (quotes are still slices of it) but is not split into clauses, so it is neither searched
nor compared. The newest edition is kept even when the capture predates its effective date;
its citation then says so ("captured 2024-10-21; the text says effective 2024-11-15") and
"as of" picks the previous version until that date (see `fineprint.catalog.in_force`).

Editions are told apart by dates printed on lines of their own, never in a sentence:

1. a line "Effective until DATE" (X 2024-10-21, 2025-12-17; X's privacy policy 2023-04-18)
   starts the superseded edition, which runs to the end (with the heading just above it);
2. otherwise, lines "Effective: DATE" with different dates: consecutive lines with the same
   date belong to one edition (X prints it once per regional part), and an edition ends with
   its date line when the dates are footers (X 2015-04-18, 2021-07-20) or starts with it when
   they are headers. Parts that address different regions ("If you live in the European
   Union …" in one, "If you live outside …" in the other) are one page's regional terms, not
   editions.

Each edition must hold at least `MIN_SHARE` of the text: two dates on neighbouring lines
("Effective Date outside EEA & UK: March 13, 2024 / … in EEA & UK: April 30, 2024") are one
edition with two dates, not two editions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from fineprint.catalog.printed_dates import PrintedDate, labelled_dates

MIN_SHARE = 0.25  # of the text, for each of two editions
HEADER_SHARE = 0.15  # a first date line this close to the top is a header, not a footer
# A heading addressed to a region: the whole line is short ("##### If you live in the EU …").
_REGION_LINE = re.compile(
    r"(?m)^[\W_]*(if you (?:live|reside|are located)[^\n,*]{0,80})[^\n]{0,80}$", re.IGNORECASE
)
_HEADING_ABOVE = re.compile(r"\n(?:#+[^\n]*|[^\n]{1,80}\n[-=]{3,})\s*$")


@dataclass(frozen=True, slots=True)
class Edition:
    """The part of a capture that is its version: `body[start:end]`. `dropped` is how much of
    the body was left out (0 = the whole capture is the version) and `superseded_until` the
    date the left-out edition says it applied until ("" when it prints none)."""

    start: int
    end: int
    dropped: int = 0
    superseded_until: str = ""

    @property
    def whole(self) -> bool:
        return self.dropped == 0


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _before_heading(text: str, offset: int) -> int:
    """`offset` moved up over a heading that introduces it ("Current Privacy Policy / ---")."""
    line = text.rfind("\n", 0, offset) + 1
    found = _HEADING_ABOVE.search(text, max(0, line - 200), line)
    return found.start() + 1 if found else line


def _regions_addressed(text: str, start: int, end: int) -> tuple[str, ...]:
    """The "If you live in …" lines of a part, in order: editions repeat them, while the
    regional parts of one page (X 2026-04-11: the US terms effective April 10, 2026, the EU
    terms January 15, 2026) address different regions."""
    return tuple(
        " ".join(match.group(1).lower().split())
        for match in _REGION_LINE.finditer(text, start, end)
    )


def _by_until(text: str, dates: list[PrintedDate]) -> Edition | None:
    until = next((d for d in dates if d.kind == "until" and d.line_initial), None)
    if until is None:
        return None
    cut = _before_heading(text, until.offset)
    if min(cut, len(text) - cut) < MIN_SHARE * len(text):
        return None
    return Edition(0, cut, dropped=len(text) - cut, superseded_until=until.day)


def _by_effective_lines(text: str, dates: list[PrintedDate]) -> Edition | None:
    lines = [d for d in dates if d.kind == "effective" and d.line_initial]
    groups = [list(group) for _, group in groupby(lines, key=lambda d: d.day)]
    if len(groups) < 2:
        return None
    header = lines[0].offset < HEADER_SHARE * len(text)
    cuts = (
        [text.rfind("\n", 0, group[0].offset) + 1 for group in groups[1:]]
        if header
        else [_line_end(text, group[-1].offset) for group in groups[:-1]]
    )
    bounds = [0, *cuts, len(text)]
    parts = [
        (start, end, group[0].day)
        for start, end, group in zip(bounds[:-1], bounds[1:], groups, strict=True)
        if end - start >= MIN_SHARE * len(text)
    ]
    if len(parts) < 2 or len({_regions_addressed(text, a, b) for a, b, _ in parts}) > 1:
        return None
    start, end, _ = max(parts, key=lambda part: part[2])
    return Edition(start, end, dropped=len(text) - (end - start))


def current_edition(text: str) -> Edition:
    """The newest edition a capture holds, or the whole text when it holds one."""
    dates = labelled_dates(text)
    found = _by_until(text, dates) or _by_effective_lines(text, dates)
    return found or Edition(0, len(text))
