"""Regions a question asks about, and the regions a regional document applies to.

Some bundled documents are one region's terms (TikTok's Terms of Service for the EEA,
Switzerland and the UK; Spotify's for the United States). A question about another region's
terms must not be answered with them: `sources.toml` names a document's regions
(`regions = ["eea", "uk", "ch"]`) and the answer abstains with what Fineprint does hold.
"""

from __future__ import annotations

import re

REGION_NAMES: dict[str, str] = {
    "us": "the United States",
    "eea": "the EEA",
    "uk": "the UK",
    "ch": "Switzerland",
    "ca": "Canada",
    "in": "India",
    "au": "Australia",
    "br": "Brazil",
    "jp": "Japan",
    "kr": "South Korea",
    "cn": "China",
}

# Case-sensitive where a short form is also an English word ("US" vs "us", "IN" vs "in").
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("us", re.compile(r"\b(?:US|U\.S\.(?:A\.)?|USA)\b|\b(?:United States|America|American)\b")),
    (
        "eea",
        re.compile(
            r"\b(?:EU|EEA)\b|\b(?:european union|europe|european|germany|german|france|french|"
            r"spain|spanish|italy|italian|ireland|irish|netherlands|dutch|poland|polish|sweden|"
            r"austria|belgium|portugal|denmark|finland|greece|norway)\b",
            re.IGNORECASE,
        ),
    ),
    ("uk", re.compile(r"\bUK\b|\b(?:united kingdom|britain|british|england)\b", re.IGNORECASE)),
    ("ch", re.compile(r"\b(?:switzerland|swiss)\b", re.IGNORECASE)),
    ("ca", re.compile(r"\b(?:canada|canadian)\b", re.IGNORECASE)),
    ("in", re.compile(r"\b(?:india|indian)\b", re.IGNORECASE)),
    ("au", re.compile(r"\b(?:australia|australian)\b", re.IGNORECASE)),
    ("br", re.compile(r"\b(?:brazil|brazilian)\b", re.IGNORECASE)),
    ("jp", re.compile(r"\b(?:japan|japanese)\b", re.IGNORECASE)),
    ("kr", re.compile(r"\b(?:south korea|korean)\b", re.IGNORECASE)),
    ("cn", re.compile(r"\b(?:china|chinese)\b", re.IGNORECASE)),
)


def find_regions(text: str) -> list[str]:
    """Region codes the question names, in a fixed order."""
    return [code for code, pattern in _PATTERNS if pattern.search(text)]


def describe(codes: list[str] | tuple[str, ...]) -> str:
    names = [REGION_NAMES.get(code, code) for code in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
