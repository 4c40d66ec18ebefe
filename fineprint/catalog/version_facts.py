"""What a version's own text says about itself, read once at ingest and kept on its registry
record: which part of the capture is the version (`editions`), the dates it prints
(`printed_dates`) and its regional variant (`variants`).

`read_version_facts(body, language)` is the one call; `VersionFacts` is stored whole in the
registry (`VersionRecord.facts`), so answers, change reports and front ends read the facts
without the body. The wording helpers here (`dates_note`, `variant_note`) are shared by every
surface: "captured 2025-09-01; the text says effective 2024-11-11", "EEA terms (Google Ireland
Limited)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from fineprint.catalog.editions import current_edition
from fineprint.catalog.printed_dates import (
    PrintedDate,
    PrintedDates,
    find_printed_dates,
    read_printed_dates,
)
from fineprint.catalog.variants import read_variant

_LAST = {
    "modif": "last modified",
    "revis": "last revised",
    "amend": "last amended",
    "mise à jour": "last updated",
    "updated": "last updated",
}


@dataclass(frozen=True, slots=True)
class VersionFacts:
    """The facts of one version. Text offsets are into the stored body; `edition_end` 0 means
    the whole body is the version. Dates are YYYY-MM-DD (YYYY-MM when printed as a month).

    - `effective_date`: the date the text says it applies from (`effective_words` says how it
      put it: "effective", "last updated", "last modified", …); "" when it prints none
    - `effective_until`: the text says it applies until then ("Effective until …")
    - `announced_date`: a change the text announces for later ("On June 1, 2021, we will
      update …"), which is not this text's own date
    - `superseded_until`, `dropped_chars`: the capture also held an older edition, left out of
      the version (`dropped_chars` of it), which said it applied until `superseded_until`
    - `variant`, `variant_label`, `variant_evidence`: the region code (`variants`), its label
      ("EEA terms (Google Ireland Limited)") and the sentence it was read from
    - `text_chars`: the length of the version's text (the edition, not the whole capture)
    - `collapsed_sections`: "More information" lines followed by the next heading: sections
      the capture left collapsed (TikTok's community guidelines of 2026-08-20 have 19)
    """

    effective_date: str = ""
    effective_words: str = ""
    effective_until: str = ""
    announced_date: str = ""
    edition_start: int = 0
    edition_end: int = 0
    dropped_chars: int = 0
    superseded_until: str = ""
    variant: str = ""
    variant_label: str = ""
    variant_evidence: str = ""
    text_chars: int = 0
    collapsed_sections: int = 0

    @classmethod
    def from_json(cls, data: object) -> VersionFacts:
        """Facts from a registry record; keys this code does not know are ignored (a store
        written by a newer Fineprint stays readable)."""
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def edition(self, body_length: int) -> tuple[int, int]:
        """`(start, end)` of the version's text in a body of `body_length` characters."""
        return self.edition_start, self.edition_end or body_length


def _words(printed: PrintedDate) -> str:
    if printed.kind != "updated":
        return "dated" if printed.kind == "dated" else "effective"  # "As of …": effective
    label = printed.label.lower()
    return next((words for key, words in _LAST.items() if key in label), "last updated")


def _effective(
    dates: PrintedDates, text: str, superseded_until: str
) -> tuple[PrintedDate | None, str]:
    """The date the version applies from, and how the text words it. An older edition left
    out of the capture says until when it applied: the version applies from then. A text kept
    whole that says "effective until D" is the edition before D: its date is the latest
    effective date it prints before D."""
    if superseded_until:
        return PrintedDate("effective", superseded_until, "Effective", 0), "effective"
    if (
        dates.until is not None
        and dates.effective is not None
        and dates.effective.day >= dates.until.day
    ):
        earlier = [
            d
            for d in find_printed_dates(text)
            if d.kind in ("effective", "updated") and d.day < dates.until.day
        ]
        chosen = max(earlier, key=lambda d: d.day, default=None)
        return chosen, _words(chosen) if chosen else ""
    return dates.effective, _words(dates.effective) if dates.effective else ""


# An expander's label followed by the next heading: its section was captured collapsed.
_COLLAPSED = re.compile(
    r"(?im)^[^\S\n]*(?:more information|show more|read more|see more)[^\S\n]*\n(?:[^\S\n]*\n){0,2}#"
)


def read_version_facts(body: str) -> VersionFacts:
    """Everything `VersionFacts` holds, read from a version's body."""
    edition = current_edition(body)
    text = body[edition.start : edition.end]
    dates = read_printed_dates(text)
    effective, words = _effective(dates, text, edition.superseded_until)
    variant = read_variant(text)
    return VersionFacts(
        effective_date=effective.day if effective else "",
        effective_words=words,
        effective_until=dates.until.day if dates.until else "",
        announced_date=dates.announced.day if dates.announced else "",
        edition_start=edition.start,
        edition_end=0 if edition.whole else edition.end,
        dropped_chars=edition.dropped,
        superseded_until=edition.superseded_until,
        variant=variant.region,
        variant_label=variant.label,
        variant_evidence=variant.evidence,
        text_chars=len(text),
        collapsed_sections=len(_COLLAPSED.findall(text)),
    )


def dates_note(version_date: str, facts: VersionFacts) -> str:
    """ "captured 2025-09-01; the text says effective 2024-11-11" — or "" when the text prints
    no date of its own, or prints the capture date."""
    return printed_dates_note(version_date, facts.effective_date, facts.effective_words)


def printed_dates_note(version_date: str, effective_date: str, effective_words: str) -> str:
    """`dates_note` from the two dates and the words the text says its date with."""
    if not effective_date or effective_date == version_date:
        return ""
    return (
        f"captured {version_date}; the text says {effective_words or 'effective'} {effective_date}"
    )


def variant_note(facts: VersionFacts) -> str:
    """ "EEA terms (Google Ireland Limited)", or "" when the text names no regional operator."""
    return facts.variant_label
