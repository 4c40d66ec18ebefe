"""The dates a terms text prints about itself: "Effective Date: November 11, 2024", "Last
Modified: 2026-01-16", "Date of Last Revision: June 8, 2012", "Dernière mise à jour : …",
"(Effective until August 19, 2021)", "On June 1, 2021, we will update …".

An archive records a version when it notices the page changed, which can be months after the
platform made it effective (Bandcamp's capture of 2025-09-01 prints "Effective Date: November
11, 2024") or weeks before (a page that shows next month's terms). Fineprint keeps both: the
capture date names the version, the printed date says when the text claims to apply.

Only the head and the tail of a text are read (where pages print their dates): a date in a
clause ("effective as of the date you accept") is not the text's own. Three kinds are told
apart: *effective* (effective, in force, applies from), *updated* (last updated, modified,
revised, amended: the text changed then and applies from then unless it says otherwise), and an
*announced* change (future tense, "will be updated effective …", "preview the new version"),
which is about another text and never the version's own date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

Kind = Literal["effective", "updated", "until", "announced", "as_of", "dated"]

HEAD_CHARS = 6000
TAIL_CHARS = 4000

_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12,
}  # fmt: skip
_MONTH = r"(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
_DATE = (
    rf"(?:{_YEAR.format('iy')}-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    rf"|(?P<um>[01]?\d)/(?P<ud>[0-3]?\d)/{_YEAR.format('uy')}"
    rf"|{_MONTH.format('am')}\s+{_DAY.format('ad')},?\s+{_YEAR.format('ay')}"
    rf"|{_DAY.format('bd')}\s+{_MONTH.format('bm')},?\s+{_YEAR.format('by')}"
    rf"|{_MONTH.format('cm')}\s+{_YEAR.format('cy')})"
)
_B = r"(?<![^\W_])"  # a word starts here (an underscore is markup: "_Effective")
_GAP = r"[\s:*_#|()\[\]]{0,16}"  # markup and punctuation between a label and its date
_QUALIFIER = r"(?:[^\S\n]+(?:outside|in|for)[^:\n\d]{1,30})?"  # "Effective Date outside EEA"
_EFFECTIVE = (
    _B
    + r"(?:version\s+)?effective(?:\s+date)?"
    + _QUALIFIER
    + r"(?:\s+(?:as\s+(?:of|from)|from|on))?"
    r"|" + _B + r"these\s+terms\s+(?:are\s+effective|apply|take\s+effect)\s+(?:on|from|as\s+of)"
    r"|" + _B + r"this\s+version[^.\n]{0,60}?(?:go(?:es)?\s+into|takes?)\s+effect\s+on"
    r"|"
    + _B
    + r"date\s+d['’]entrée\s+en\s+vigueur|"
    + _B
    + r"en\s+vigueur\s+(?:le|à\s+compter\s+du|depuis\s+le)"
)
_UPDATED = (
    _B + r"(?:last\s+)?(?:updated|modified|revised|amended)(?:\s+on)?"
    r"|" + _B + r"date\s+of\s+last\s+revision"
    r"|"
    + _B
    + r"derni[èe]re\s+(?:mise\s+à\s+jour|modification)(?:\s+le)?|"
    + _B
    + r"mis\s+à\s+jour\s+le"
)
_UNTIL = _B + r"effective\s+until|" + _B + r"en\s+vigueur\s+jusqu['’]au"
_AS_OF = _B + r"as\s+of(?=[^\S\n]+[A-Z0-9])"  # "Terms of Service As of Oct 8th, 2020"
_LABELLED = re.compile(
    rf"(?P<label>{_UNTIL}|{_EFFECTIVE}|{_UPDATED}|{_AS_OF}){_GAP}{_DATE}(?![\d/-])",
    re.IGNORECASE,
)
TITLE_CHARS = 400  # a bare date line this close to the top dates the text
_BARE_DATE = re.compile(rf"(?m)^[^\S\n]*[*_]*{_DATE}[*_]*[^\S\n]*$", re.IGNORECASE)
_MARKUP_ONLY = re.compile(r"[\s*_#>(|\[\\-]{0,12}")
# A change announced for later: about another text than this one.
_ANNOUNCED = re.compile(
    _B + r"will\s+(?:be\s+(?:updated\s+)?effective|go\s+into\s+effect|take\s+effect|come\s+into"
    r"\s+(?:effect|force)|become\s+effective|update)|"
    + _B
    + r"preview\b|"
    + _B
    + r"updated\s+(?:terms|privacy)"
    r"|" + _B + r"please\s+read\s+our\s+updated",
    re.IGNORECASE,
)
_KEYWORDS = (
    "effective", "updated", "modified", "revised", "amended", "revision", "vigueur",
    "mise à jour", "modification", "as of", "this version", "these terms",
)  # fmt: skip
_THIS_VERSION = re.compile(_B + r"this\s+version\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|\n\s*\n|^)(?=\S)")
_ON_DATE_WE_WILL = re.compile(
    rf"\b(?:on|from|starting)\s+{_DATE},?\s+we\s+will\s+(?:update|change|revise)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class PrintedDate:
    """One date the text prints about itself, with the words that label it."""

    kind: Kind
    day: str  # YYYY-MM-DD, or YYYY-MM when the text gives only a month
    label: str  # the label as printed, e.g. "Effective Date", "Last Modified"
    offset: int  # where the label starts in the text
    line_initial: bool = False  # the label starts its line (a date line, not a sentence)

    @property
    def first_day(self) -> date:
        """The date itself, or the first of its month ("Last updated: July 2020")."""
        return date.fromisoformat(self.day if len(self.day) == 10 else f"{self.day}-01")


@dataclass(frozen=True, slots=True)
class PrintedDates:
    """What a text says about its own dates: the date it applies from (`effective`, whose
    `kind` says whether it was printed as an effective or an updated date), the date it says it
    stops applying (`until`), and a change it announces for later (`announced`)."""

    effective: PrintedDate | None = None
    until: PrintedDate | None = None
    announced: PrintedDate | None = None


def parse_date(match: re.Match[str]) -> str | None:
    """The ISO form of a `_DATE` match (YYYY-MM for a month and year); None if impossible."""
    groups = match.groupdict()
    if groups.get("iy"):
        parts = (groups["iy"], groups["im"], groups["id"])
    elif groups.get("uy"):  # 04/02/2025: the American order, as the pages using it print it
        parts = (groups["uy"], groups["um"], groups["ud"])
    else:
        for key in "abc":
            if groups.get(f"{key}y"):
                month = _MONTHS[groups[f"{key}m"].lower()]
                day = groups.get(f"{key}d")
                parts = (groups[f"{key}y"], str(month), day or "")
                break
        else:
            return None
    year, month, day = (int(part) if part else 0 for part in parts)
    try:
        return date(year, month, day).isoformat() if day else date(year, month, 1).isoformat()[:7]
    except ValueError:
        return None


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def is_line_initial(text: str, offset: int) -> bool:
    """Whether only markup ("**", "#", "(", "_") stands before `offset` on its line."""
    return _MARKUP_ONLY.fullmatch(text[_line_start(text, offset) : offset]) is not None


def _sentence_before(text: str, offset: int) -> str:
    """The sentence the label at `offset` belongs to, up to the label (within its line)."""
    floor = max(_line_start(text, offset), offset - 400)
    starts = [m.end() for m in _SENTENCE_START.finditer(text, floor, offset)]
    return text[starts[-1] if starts else floor : offset]


def _kind(text: str, match: re.Match[str]) -> Kind:
    label = match.group("label")
    sentence = _sentence_before(text, match.start()) + match.group(0)
    if re.match(_UNTIL, label, re.IGNORECASE):
        return "until"
    if re.match(r"as\s+of", label, re.IGNORECASE):
        return "as_of"
    if _ANNOUNCED.search(sentence) and not _THIS_VERSION.search(sentence):
        return "announced"
    if re.match(_UPDATED, label, re.IGNORECASE):
        return "updated"
    return "effective"


def _zones(text: str) -> list[tuple[int, int]]:
    head = (0, min(len(text), max(HEAD_CHARS, len(text) // 12)))
    tail = (max(head[1], len(text) - max(TAIL_CHARS, len(text) // 6)), len(text))
    return [head, tail] if tail[0] < tail[1] else [head]


def keyword_offsets(
    text: str, keywords: tuple[str, ...], start: int = 0, end: int = -1
) -> list[int]:
    """Where any of `keywords` (lower case) occurs in `text[start:end]`, case ignored, found
    with `str.find`: a regex alternation tried at every character of a 200,000-character
    privacy policy costs a second; this costs milliseconds."""
    end = len(text) if end < 0 else end
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: offsets would drift
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found = []
    for keyword in keywords:
        at = lower.find(keyword, start, end)
        while at >= 0:
            found.append(at)
            at = lower.find(keyword, at + 1, end)
    return sorted(found)


def _label_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_LABELLED` matches in `text[start:end]`, looked for only around its keywords."""
    seen: set[int] = set()
    for hit in keyword_offsets(text, _KEYWORDS, start, end):
        window = (max(start, hit - 40), min(end, hit + 120))
        for match in _LABELLED.finditer(text, *window):
            if match.start() not in seen and match.start() <= hit:
                seen.add(match.start())
                yield match


def labelled_dates(text: str, start: int = 0, end: int | None = None) -> list[PrintedDate]:
    """Every labelled date in `text[start:end]`, in reading order."""
    end = len(text) if end is None else end
    found: list[PrintedDate] = []
    for match in _label_matches(text, start, end):
        day = parse_date(match)
        if day is None:
            continue
        label = " ".join(match.group("label").split())
        initial = is_line_initial(text, match.start())
        found.append(PrintedDate(_kind(text, match), day, label, match.start(), initial))
    for match in _ON_DATE_WE_WILL.finditer(text, start, end):
        day = parse_date(match)
        if day is not None:
            found.append(PrintedDate("announced", day, "announced", match.start()))
    return sorted(found, key=lambda item: item.offset)


def find_printed_dates(text: str) -> list[PrintedDate]:
    """Every labelled date in the head and the tail of `text`, then a date standing alone
    under the title ("LinkedIn Service Terms / August 6, 2026"), in reading order."""
    found = [item for zone in _zones(text) for item in labelled_dates(text, *zone)]
    bare = _BARE_DATE.search(text, 0, min(len(text), TITLE_CHARS))
    if bare is not None and (day := parse_date(bare)) is not None:
        found.append(PrintedDate("dated", day, "dated", bare.start(), True))
    return sorted(found, key=lambda item: item.offset)


# Which printed date a version applies from, best first: a date line saying effective, one
# saying last updated (modified, revised, amended), then the same in a sentence, then "As of
# DATE" and a date alone under the title.
_RANKS: tuple[tuple[str, bool | None], ...] = (
    ("effective", True),
    ("updated", True),
    ("effective", False),
    ("updated", False),
    ("as_of", None),
    ("dated", None),
)


def read_printed_dates(text: str) -> PrintedDates:
    """The dates `text` prints about itself. The effective date is the best ranked (`_RANKS`),
    the first in reading order (head before tail) among equals; a date inside an announcement
    of a later change is never the effective date; an "effective until" counts on a line of
    its own only (in a sentence it names another text: "for the version effective until …,
    click here")."""
    found = find_printed_dates(text)
    effective = None
    for kind, initial in _RANKS:
        effective = next(
            (d for d in found if d.kind == kind and initial in (None, d.line_initial)), None
        )
        if effective is not None:
            break
    return PrintedDates(
        effective=effective,
        until=next((d for d in found if d.kind == "until" and d.line_initial), None),
        announced=next((d for d in found if d.kind == "announced"), None),
    )


DATE_LINE_WORDS = 4  # words beside the label and date that a line dating the text may hold
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def dates_the_text(span: str) -> bool:
    """Is `span` a line that only dates the text ("Last Updated: July 9, 2025", "Effective 5
    January 2022 | Archived versions")? It reads otherwise in every version, and is no change
    of the terms: a what-changed answer must not quote it as one."""
    flat = _LINK_TARGET.sub("]", span).strip()
    rest, dated = _LABELLED.subn(" ", flat)
    if not dated:
        rest, dated = _BARE_DATE.subn(" ", flat)
    return bool(dated) and len(re.findall(r"[^\W_]+", rest)) <= DATE_LINE_WORDS
