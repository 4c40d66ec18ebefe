"""Which regional variant of its terms a version is, read from its own text.

Platforms publish one page per region, and an archive may capture whichever one it was served:
YouTube's terms are Google LLC's in 2020, Google Ireland's ("The entity providing the Service
in the European Economic Area, and Switzerland is Google Ireland Limited") in 2021 and 2023,
Google LLC's again in 2026; Facebook alternates between Meta Platforms, Inc. and Meta Platforms
Ireland Limited. Two such versions differ because they are two regions' pages, not because the
terms changed, and a minimum age of 15 in one and 13 in the next is no change of rule.

The variant is read from the sentences that name who the user contracts with (the operator):
"provided to you by X", "an agreement between you and X", "the entity providing the Service is
X", "the data controller … is X", "when we speak of 'Google' … we mean X". An operator is one
of the companies in `OPERATORS`, each with the region its page serves. One operator named in
such sentences makes the version that operator's variant; two or more (X's page holds the US
and the EU terms; Facebook's 2012 statement says "If you are a resident of … the US or Canada,
… Facebook, Inc. Otherwise, … Facebook Ireland Limited") make it a page for several regions.
A page naming no operator has no variant ("" — one text for everyone, as far as it says).

A page in another language than the rest of its document's versions is a variant too (Deezer's
French page of 2022-02-08, then the English one): `same_variant` compares language as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fineprint.catalog.printed_dates import keyword_offsets

MULTI = "multi"  # a page holding several regions' terms


@dataclass(frozen=True, slots=True)
class Operator:
    """A company that publishes one region's terms: `names` as texts print them."""

    key: str
    name: str
    region: str  # a code below (REGION_LABELS)
    names: tuple[str, ...]


REGION_LABELS: dict[str, str] = {
    "us": "US",
    "eea": "EEA",
    "eu-uk": "EU, EFTA and UK",
    "non-us": "non-US",
    "sg": "Asia-Pacific",
    "uk": "UK",
    MULTI: "several regions'",
}

OPERATORS: tuple[Operator, ...] = (
    Operator("google-ie", "Google Ireland Limited", "eea", ("Google Ireland Limited",)),
    Operator("google-llc", "Google LLC", "us", ("Google LLC",)),
    Operator(
        "meta-ie",
        "Meta Platforms Ireland Limited",
        "eea",
        (
            "Meta Platforms Ireland Limited",
            "Meta Platforms Ireland Ltd",
            "Facebook Ireland Limited",
            "Facebook Ireland Ltd",
        ),
    ),
    Operator(
        "meta-us",
        "Meta Platforms, Inc.",
        "us",
        ("Meta Platforms, Inc.", "Meta Platforms Inc.", "Facebook, Inc.", "Facebook Inc."),
    ),
    Operator(
        "snap-sg", "Snap Group Limited Singapore Branch", "sg", ("Snap Group Limited Singapore",)
    ),
    Operator("snap-gl", "Snap Group Limited", "non-us", ("Snap Group Limited",)),
    Operator("snap-inc", "Snap Inc.", "us", ("Snap Inc.",)),
    Operator(
        "twitter-intl",
        "Twitter International Unlimited Company",
        "eu-uk",
        (
            "Twitter International Unlimited Company",
            "Twitter International Company",
            "X Internet Unlimited Company",
        ),
    ),
    Operator("x-corp", "X Corp.", "us", ("X Corp.", "Twitter, Inc.", "Twitter Inc.")),
    Operator("tiktok-ie", "TikTok Technology Limited", "eea", ("TikTok Technology Limited",)),
    Operator(
        "tiktok-uk",
        "TikTok Information Technologies UK Limited",
        "uk",
        ("TikTok Information Technologies UK Limited",),
    ),
    Operator("tiktok-us", "TikTok Inc.", "us", ("TikTok Inc.",)),
    Operator("tiktok-sg", "TikTok Pte. Ltd.", "sg", ("TikTok Pte. Ltd.",)),
    Operator(
        "pinterest-eu",
        "Pinterest Europe Limited",
        "eea",
        ("Pinterest Europe Limited", "Pinterest Europe Ltd"),
    ),
    Operator("pinterest-us", "Pinterest, Inc.", "us", ("Pinterest, Inc.", "Pinterest Inc.")),
    Operator(
        "openai-ie",
        "OpenAI Ireland Limited",
        "eea",
        ("OpenAI Ireland Limited", "OpenAI Ireland Ltd"),
    ),
    Operator(
        "openai-us", "OpenAI, L.L.C.", "us", ("OpenAI, L.L.C.", "OpenAI OpCo, LLC", "OpenAI, LLC")
    ),
    Operator(
        "linkedin-ie",
        "LinkedIn Ireland Unlimited Company",
        "eea",
        ("LinkedIn Ireland Unlimited Company",),
    ),
    Operator("linkedin-us", "LinkedIn Corporation", "us", ("LinkedIn Corporation",)),
    Operator("spotify-us", "Spotify USA Inc.", "us", ("Spotify USA Inc.",)),
)

_NAMES = sorted(
    ((name, operator) for operator in OPERATORS for name in operator.names),
    key=lambda item: len(item[0]),
    reverse=True,
)
_BY_NAME = {name.lower(): operator for name, operator in _NAMES}
_NAME = "|".join(re.escape(name) for name, _ in _NAMES)
_LEAD = (
    r"provided\s+(?:to\s+you\s+)?by|offered\s+to\s+you\s+by|operated\s+and\s+provided\s+by"
    r"|(?:agreement|contract)\s+between\s+you\s+and|agreement\s+is\s+with|contract(?:ing)?\s+with"
    r"|service\s+provider\s+is(?:\s+now)?|provides\s+you\s+the\s+services"
    r"|(?:entity|company)\s+(?:providing|responsible\s+for)\s+the\s+services?[^.\n]{0,120}?\s+is"
    r"(?:\s+called)?"
    r"|data\s+controller[^.\n]{0,80}?\s+is|we\s+mean|you(?:['’]re|\s+are)\s+contracting\s+with"
)
# "… provided to you by Meta Platforms Ireland Limited", "The entity providing the Service in
# the European Economic Area, and Switzerland is Google Ireland Limited", "… contracting
# with:\n\nGoogle Ireland Limited".
_LOWER_NAMES = tuple(dict.fromkeys(name.lower() for name, _ in _NAMES))
_LONGEST = max(len(name) for name in _LOWER_NAMES)
_LEAD_REACH = 220  # characters of lead-in before an operator's name
_STATEMENT = re.compile(rf"(?:{_LEAD})[\s:*_]{{0,12}}(?P<name>{_NAME})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Variant:
    """A version's regional variant: `region` is a code of `REGION_LABELS` ("" = none told,
    `MULTI` = several regions on one page), `operators` the companies its text contracts
    through, `evidence` the first sentence that says so (verbatim, for a reader to check)."""

    region: str = ""
    operators: tuple[str, ...] = ()
    evidence: str = ""

    @property
    def label(self) -> str:
        """ "EEA terms (Google Ireland Limited)", "several regions' terms (X Corp., Twitter
        International Unlimited Company)"; "" when no variant was told."""
        if not self.region:
            return ""
        return f"{REGION_LABELS.get(self.region, self.region)} terms ({', '.join(self.operators)})"

    @property
    def short_label(self) -> str:
        """ "EEA terms", "US terms": for history lines."""
        return f"{REGION_LABELS.get(self.region, self.region)} terms" if self.region else ""


def operator_statements(text: str) -> list[tuple[Operator, str, int]]:
    """Every operator named as the one the user contracts with: the operator, its name as
    printed ("Twitter, Inc." in 2015, "X Corp." since 2023), and where. Only the text just
    before each operator name is matched (most pages name none)."""
    found: dict[int, tuple[Operator, str, int]] = {}
    for at in keyword_offsets(text, _LOWER_NAMES):
        for match in _STATEMENT.finditer(text, max(0, at - _LEAD_REACH), at + _LONGEST):
            if match.start("name") == at:
                printed = match.group("name")
                found[match.start()] = (_BY_NAME[printed.lower()], printed, match.start())
    return [found[offset] for offset in sorted(found)]


def _sentence_at(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1, 0)
    end_candidates = [i for i in (text.find(". ", offset), text.find("\n", offset)) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return " ".join(text[start:end].split())[:300]


def read_variant(text: str) -> Variant:
    """The variant `text` is, from the operators it contracts through (see the module)."""
    found = operator_statements(text)
    if not found:
        return Variant()
    printed: dict[str, str] = {}
    for operator, name, _ in found:
        printed.setdefault(operator.key, name)
    evidence = _sentence_at(text, found[0][2])
    if len(printed) == 1:
        return Variant(found[0][0].region, tuple(printed.values()), evidence)
    return Variant(MULTI, tuple(printed.values()), evidence)


def same_variant(region_a: str, language_a: str, region_b: str, language_b: str) -> bool:
    """Whether two versions are the same variant: same language, and the same region unless
    one of them tells none (a page that names no operator is compared with any)."""
    if language_a != language_b:
        return False
    return not region_a or not region_b or region_a == region_b
