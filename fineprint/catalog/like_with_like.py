"""Whether two versions of a document can be compared as a change of terms.

Two consecutive captures can differ for reasons that are not a change of the terms:

- they are two *variants*: different regions' pages (YouTube's EEA page of 2023-01-19, run by
  Google Ireland, and its US page of 2026-07-15, run by Google LLC) or languages (Deezer's
  French page of 2022-02-08, then the English one); see `variants`;
- the newer is a *partial* capture: much shorter than the older (`PARTIAL_RATIO`), and either
  what it holds is nearly all found in the older (`PARTIAL_MATCHED`) or its sections were
  captured collapsed ("More information" followed by the next heading: TikTok's community
  guidelines of 2026-08-20 leave out 19 such sections, whose rules would show as removed).
  An older version shorter than the newer is not judged partial: terms that grew show as
  added clauses, which is what they are. Measured on the corpus's 147 consecutive pairs, a
  newer version at most 63 % of the older's length happens 7 times; apple-itunes 2015→2020
  (rewritten: 75 % of it continues the old) and X's privacy policy 2021→2023 (70 %) stay
  compared, the thresholds were set so.

`compare(before, after, shorter_matched=…)` says which, with the one line a change report
prints instead of listing the differences as changes. The line names both sides, so a reader
can look at either. The variant of each side is on its record (`VersionRecord.facts`), for
history lines ("(EEA terms)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from fineprint.catalog.variants import REGION_LABELS, same_variant

if TYPE_CHECKING:
    from fineprint.catalog.registry import VersionRecord

# A newer capture is partial when it holds at most this share of the older one's text …
PARTIAL_RATIO = 0.63
# … and at least this share of its clauses (by characters) continue the other's: what it
# holds is the same text, the rest is missing (a rewrite that shortens the terms adds text) …
PARTIAL_MATCHED = 0.9
# … or when it shows this many collapsed sections (`VersionFacts.collapsed_sections`).
PARTIAL_COLLAPSED = 3

LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian"}

Verdict = Literal["comparable", "variant_switch", "partial"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """`verdict` and, when the two are not comparable, the one line that says why."""

    verdict: Verdict
    line: str = ""

    @property
    def comparable(self) -> bool:
        return self.verdict == "comparable"


def side_label(record: VersionRecord) -> str:
    """How a side is named in the line: "the EEA page (Google Ireland Limited)", "the French
    page", "the page for several regions (X Corp., Twitter International …)"."""
    facts = record.facts
    language = LANGUAGE_NAMES.get(record.language, record.language)
    operators = facts.variant_label.partition(" (")[2].rstrip(")")
    if not facts.variant:
        return f"the {language} page"
    region = REGION_LABELS.get(facts.variant, facts.variant)
    where = "page for several regions" if facts.variant == "multi" else f"{region} page"
    prefix = f"the {language} " if record.language != "en" else "the "
    return f"{prefix}{where} ({operators})" if operators else f"{prefix}{where}"


def _variant_line(before: VersionRecord, after: VersionRecord) -> str:
    return (
        f"{before.version_date} is {side_label(before)}; {after.version_date} "
        f"{side_label(after)}: not compared as a change of terms."
    )


def _partial_line(before: VersionRecord, after: VersionRecord) -> str:
    share = after.facts.text_chars / max(1, before.facts.text_chars)
    collapsed = after.facts.collapsed_sections
    why = (
        f"{collapsed} sections captured collapsed"
        if collapsed >= PARTIAL_COLLAPSED
        else "what it holds is found there"
    )
    return (
        f"The capture of {after.version_date} looks partial: {share:.0%} of the length of "
        f"{before.version_date}, {why}; what it leaves out is not reported as removed."
    )


def compare(
    before: VersionRecord, after: VersionRecord, *, shorter_matched: float | None = None
) -> Comparison:
    """Whether `before` and `after` compare as a change of terms. `shorter_matched` is the
    share (by characters) of the shorter version's clauses that continue a clause of the
    other (from the clause alignment; None when not computed: only collapsed sections then
    make a capture partial)."""
    if not same_variant(before.facts.variant, before.language, after.facts.variant, after.language):
        return Comparison("variant_switch", _variant_line(before, after))
    old, new = before.facts.text_chars, after.facts.text_chars
    shrunk = 0 < new <= PARTIAL_RATIO * old
    contained = shorter_matched is not None and shorter_matched >= PARTIAL_MATCHED
    if shrunk and (contained or after.facts.collapsed_sections >= PARTIAL_COLLAPSED):
        return Comparison("partial", _partial_line(before, after))
    return Comparison("comparable")


def variant_tag(record: VersionRecord) -> str:
    """ "EEA terms", "US terms", "several regions' terms", or "" (no variant told): what a
    history line adds in brackets after a version's date."""
    region = record.facts.variant
    return f"{REGION_LABELS.get(region, region)} terms" if region else ""
