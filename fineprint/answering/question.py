"""Understanding a question: which platforms, which date, and whether it asks about history.

"Could Twitter use my tweets for AI in mid-2023?" → platform x-twitter, as of 2023-07-01.
"When did SoundCloud first allow AI training?" → SoundCloud, every version (history intent).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from fineprint.catalog.regions import find_regions
from fineprint.catalog.registry import Registry
from fineprint.catalog.sources import Sources
from fineprint.retrieval.search import expand
from fineprint.text import tokens

MONTHS = (
    {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
    | {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

_HISTORY = re.compile(
    r"\b(used to|use to|when did|first (?:appear|added|introduc|allow|start|say|said|mention)\w*"
    r"|what changed|what has changed|how (?:has|have|did) .{0,40}chang\w*|changed?\b|still"
    r"|anymore|any more|no longer|previously|originally|over time|history|ever since|since when"
    r"|before they|earlier version|old(?:er)? (?:terms|version|policy))",
    re.IGNORECASE,
)
# "When did …" asks when something appeared (or changed): answered from its first version.
_FIRST = re.compile(
    r"\b(first|introduc\w*|start\w*|begin|began|since when|when did|when was|added)\b", re.I
)

Intent = Literal["as-of", "since-when", "what-changed", "still-true"]
"""What a question about time asks: the terms in force on a date; since when something is
said; what changed (between two dates, in an update); whether something is still said."""

_SINCE_WHEN = re.compile(
    r"\b(since when|since what|when did .{0,80}?\b(?:first|start|begin|began|add|introduc|"
    r"mention|say|allow|ban|requir|let|give|name|point|begin)\w*|when was .{0,60}?\b(?:added|"
    r"introduced|first)|first (?:appear|added|introduc|allow|start|say|said|mention)\w*|"
    r"how long (?:have|has) .{0,60}?\b(?:said|had|been))",
    re.IGNORECASE,
)
_WHAT_CHANGED = re.compile(
    r"\b(what (?:has |have )?changed|(?:how|when) (?:has|have|did|was|were) .{0,160}?\bchang\w*|"
    r"what (?:did|has|have) .{0,80}?\bchanged?\b|what(?:'s|’s| is) new in\b|"
    r"^(?!.*\bover (?:time|the years)\b)(?:did|has|have)\b.{0,80}?\bchanged?\b"
    r"(?! (?:my|your|our|his|her)\b)|"
    r"\bchang\w* (?:between|from) (?:the |its |their )?(?:\w+ )?\d{4}|"
    r"\bchanged\b.{0,80}?\b(?:update|version|terms|from|between|since|in \d{4})|"
    r"before (?:and|vs\.?|versus|&) after|\bbefore\b.{0,60}?\b(?:vs\.?|versus) after\b|"
    r"(?:before|after) the .{0,40}?\bupdate|"
    r"\bvs\.? (?:the )?(?:old|new|earlier|later|current|\d{4})|versus|compared (?:with|to)|"
    r"switch(?:ed)? to|moved? (?:its|their|the)|went (?:up|down)|(?:got|became) (?:stricter|"
    r"looser)|(?:add|drop|remov)(?:ed)? .{0,60}?\bin the (?:\w+ )?\d{4}|"
    # "X used to say …", not "my art used to train models" (a purpose, not the past)
    r"used to\b(?! (?:train|develop|improve|build|teach|fine[- ]?tune|feed|power|create|"
    r"generate|target|personali[sz]e)\b))",
    re.IGNORECASE,
)
_STILL_TRUE = re.compile(r"\b(still|anymore|any more|no longer)\b", re.IGNORECASE)


def find_intent(text: str, *, dated: bool, dates_named: int = 0) -> Intent | None:
    """The question's intent about time (None: a plain question about the terms in force).
    Since-when wins over what-changed ("when did X start …"), which wins over still-true.
    Two dates named ask for two versions side by side ("what did the 2013 terms say …, and
    what did the 2020 terms say instead?"): what changed between them."""
    if _SINCE_WHEN.search(text):
        return "since-when"
    still = _STILL_TRUE.search(text)
    changed = [m.group(0).lower() for m in _WHAT_CHANGED.finditer(text)]
    if changed and not (still and all(m == "used to" for m in changed)):
        return "what-changed"  # "X used to say Y — is that still so?" asks whether it still is
    if dates_named >= 2:
        return "what-changed"
    if still:
        return "still-true"
    return "as-of" if dated else None


# Platforms creators name that the corpus does not cover: named in a question, they must make
# Fineprint abstain instead of answering from some other platform's terms.
UNCOVERED_PLATFORMS = {
    "patreon": "Patreon",
    "onlyfans": "OnlyFans",
    "kick": "Kick",
    "etsy": "Etsy",
    "medium": "Medium",
    "bluesky": "Bluesky",
    "ko-fi": "Ko-fi",
    "kofi": "Ko-fi",
    "threads": "Threads",
    "mastodon": "Mastodon",
    "shopify": "Shopify",
    "gumroad": "Gumroad",
    "behance": "Behance",
    "flickr": "Flickr",
    "dribbble": "Dribbble",
    "wattpad": "Wattpad",
    "audiomack": "Audiomack",
    "tidal": "Tidal",
    "apple podcasts": "Apple Podcasts",
    "rumble": "Rumble",
    "dailymotion": "Dailymotion",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "steam": "Steam",
    "roblox": "Roblox",
    "unsplash": "Unsplash",
    "shutterstock": "Shutterstock",
    "getty": "Getty Images",
    "suno": "Suno",
    "udio": "Udio",
    "stability": "Stability AI",
    "cara": "Cara",
    "linktree": "Linktree",
    "ghost": "Ghost",
    "beehiiv": "beehiiv",
    "cdbaby": "CD Baby",
    "cd baby": "CD Baby",
    "tunecore": "TuneCore",
    "vevo": "Vevo",
    "clubhouse": "Clubhouse",
    "bereal": "BeReal",
    "pixiv": "pixiv",
    "itch.io": "itch.io",
    "fiverr": "Fiverr",
    "upwork": "Upwork",
}
_UNCOVERED = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in UNCOVERED_PLATFORMS) + r")(?:['’]s)?\b",
    re.IGNORECASE,
)
# Lower-case words that are also platform names only count when capitalised ("medium risk").
_CASE_SENSITIVE_UNCOVERED = {
    "kick",
    "medium",
    "threads",
    "ghost",
    "steam",
    "stability",
    "cara",
    "tidal",
    "getty",
    "telegram",
}


TERMS_DOCUMENTS = ("terms-of-service", "terms-of-use", "terms-and-conditions")

# A document named outright ("the privacy policy", "terms of service") narrows the search to
# it when the platform has one; looser words ("privacy", "rules") only prefer it in ranking.
NAMED_DOCUMENTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bprivacy (?:policy|notice|statement)\b", re.I), ("privacy-policy",)),
    (
        re.compile(
            r"\bterms of (?:service|use)\b|\btos\b|user agreement|terms and conditions|\bt&cs?\b",
            re.I,
        ),
        TERMS_DOCUMENTS,
    ),
    (re.compile(r"community guidelines|platform rules", re.I), ("community-guidelines",)),
    (
        re.compile(r"monetis|monetiz\w* polic|partner program (?:terms|polic)", re.I),
        ("content-monetisation-policy",),
    ),
    (re.compile(r"acceptable use|moderation policy", re.I), ("acceptable-use-policy",)),
)
DOCUMENT_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bprivacy\b|personal (?:data|information)", re.I), ("privacy-policy",)),
    (re.compile(r"\bguidelines\b|\brules\b", re.I), ("community-guidelines",)),
    (
        re.compile(r"monetis|monetiz|partner program|\bypp\b|ad revenue", re.I),
        ("content-monetisation-policy",),
    ),
)


def _matching(text: str, table: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]) -> list[str]:
    found: list[str] = []
    for pattern, documents in table:
        if pattern.search(text):
            found += [d for d in documents if d not in found]
    return found


def named_documents(text: str, held: frozenset[str] | None = None) -> list[str]:
    """Documents the question names outright. "Facebook's terms", "the terms say", with no
    other document named or hinted, name the terms of service: on the validation sets
    (../shared/eval/dev_questions.jsonl, bench/history_dev_questions.jsonl) all 27 such
    questions have their answer there. With the documents the asked platforms `held`, a hint
    at one they lack does not count ("the 2023 terms … heard they added monetize": Pinterest
    has no monetisation policy, so the terms are what is named)."""
    named = _matching(text, NAMED_DOCUMENTS)
    hinted = _matching(text, DOCUMENT_HINTS)
    if held is not None:
        hinted = [d for d in hinted if d in held]
    if named or not _TERMS_WORD.search(text) or hinted:
        return named
    return list(TERMS_DOCUMENTS)


_TERMS_WORD = re.compile(r"\bterms\b", re.IGNORECASE)


def document_hints(text: str) -> list[str]:
    """Documents the question points at, named or loosely."""
    named = named_documents(text)
    return named + [d for d in _matching(text, DOCUMENT_HINTS) if d not in named]


STRIP_PLATFORM_NAMES = True  # measured in bench/ask_bench.py (--strip-platforms)


@dataclass(frozen=True)
class ParsedQuestion:
    """What search needs to know about a question."""

    text: str
    platforms: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)  # named platforms we hold no terms of
    as_of: date | None = None
    history: bool = False
    first_appearance: bool = False
    search_text: str = ""  # the text ranked against clauses (platform names removed)
    documents: list[str] = field(default_factory=list)  # document kinds it points at
    named_documents: list[str] = field(default_factory=list)  # … and those it names outright
    regions: list[str] = field(default_factory=list)  # regions whose terms it asks about
    intent: Intent | None = None
    dates: tuple[date, ...] = ()  # every date the text names, in the order named
    # … the years among them named whole ("the 2020 and 2021 versions", "in 2025"), no month,
    # day or part of the year: a change asked of such a year is found anywhere in it
    whole_years: frozenset[int] = frozenset()

    @property
    def query(self) -> str:
        return self.search_text or self.text

    @cached_property
    def terms(self) -> tuple[str, ...]:
        """The query's BM25 terms (stemmed, stopwords out): computed once per question."""
        return tuple(tokens(self.query))

    @cached_property
    def expanded_terms(self) -> tuple[str, ...]:
        """`terms` plus the legal words for the creator words in them (`search.expand`)."""
        return tuple(expand(list(self.terms)))


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_ok(year: int) -> bool:
    return 1995 <= year <= 2100


def parse_date(text: str) -> date | None:
    """The date a question is about, or None for "now"."""
    found = _parse_date(text)
    return found if found is None or _year_ok(found.year) else None


def parse_dates(text: str) -> tuple[date, ...]:
    """Every date the text names, in order ("between the February 2024 terms and the May 2025
    update" → the end of February 2024, the end of May 2025): each date phrase read alone."""
    found = []
    for match in _DATE_PHRASE.finditer(text):
        when = parse_date(match.group(0)) or _bare_year(match.group(0), text[match.end() :])
        if when is not None and when not in found:
            found.append(when)
    return tuple(found)


# A date phrase narrower than its year: a month, a day, a part of the year, or a bound
_WITHIN_YEAR = re.compile(
    rf"\d{{4}}-\d{{2}}|\b(?:{_MONTH})\b|\b(?:early|mid|middle|late|end|start|beginning|"
    r"spring|summer|autumn|fall|before|until|prior|up to|q[1-4])\b|\bq[1-4]\s",
    re.IGNORECASE,
)


_PART_BEFORE = re.compile(
    r"\b(?:early|mid|middle|late|end|start|beginning)(?:[- ]of)?[- ]*$", re.IGNORECASE
)


def whole_years(text: str) -> frozenset[int]:
    """The years the text names whole ("between the 2020 and 2021 versions", "in 2025"), not
    a month, day or part of them ("April 2026", "end of 2025", "mid-2023")."""
    found = set()
    for match in _DATE_PHRASE.finditer(text):
        phrase = match.group(0)
        year = re.search(r"(\d{4})\s*$", phrase)
        before = text[max(0, match.start() - 16) : match.start()]
        part = _PART_BEFORE.search(before) is not None  # "end-of-2025", "mid 2023"
        if year and _year_ok(int(year[1])) and not _WITHIN_YEAR.search(phrase) and not part:
            found.add(int(year[1]))
    return frozenset(found)


_NAMED_VERSION = re.compile(
    r"\s*['’]?s?\s+(?:terms|tos|policy|privacy|agreement|version|rules|guidelines|edition|update)"
    r"\b",
    re.IGNORECASE,
)


# The other side of a comparison named as the terms of today: "… and the current ones",
# "compared with the latest version" (not "now" alone: "does it now cover AI?" names no side).
_CURRENT_VERSION = re.compile(
    r"\b(?:current|latest|newest|present|today['’]?s)\s+(?:ones?|terms|tos|version|"
    r"privacy policy|policy|rules|guidelines|agreement)\b",
    re.IGNORECASE,
)
NEWEST = date.max  # a date after every version: the one in force on it is the newest


def _bare_year(phrase: str, after: str) -> date | None:
    """A year named alone: "its 2013 terms" is the version that year ended with; "2013" alone,
    the middle of the year."""
    found = re.search(r"\b(\d{4})\s*$", phrase)
    if found is None or not _year_ok(int(found[1])) or re.search(r"\d{4}-|\d\s+\d{4}", phrase):
        return None
    year = int(found[1])
    return date(year, 12, 31) if _NAMED_VERSION.match(after) else date(year, 7, 1)


def _season_or_quarter(lowered: str) -> date | None:
    """ "summer 2022" (the northern seasons' middle months; "winter 2023" is left undated:
    which end of the year?), "Q3 2024": the last day of that month or quarter."""
    if m := re.search(r"\b(spring|summer|autumn|fall)(?: of)?[- ](\d{4})\b", lowered):
        return _last_day(int(m[2]), {"spring": 4, "summer": 7}.get(m[1], 10))
    if m := re.search(r"\b(?:q([1-4])|([1-4])q) (\d{4})\b", lowered):
        return _last_day(int(m[3]), int(m[1] or m[2]) * 3)
    return None


def _parse_date(text: str) -> date | None:
    lowered = text.lower()
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := re.search(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH})\.?,? (\d{{4}})\b", lowered
    ):
        return _safe_date(int(m[3]), MONTHS[m[2]], int(m[1]))
    if m := re.search(rf"\b({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", lowered):
        return _safe_date(int(m[3]), MONTHS[m[1]], int(m[2]))
    if m := re.search(rf"\b(before|until|prior to|up to)\s+({_MONTH})\.?,? (\d{{4}})\b", lowered):
        first = date(int(m[3]), MONTHS[m[2]], 1)
        return date.fromordinal(first.toordinal() - 1)
    if m := re.search(r"\b(before|until|prior to)\s+(\d{4})\b", lowered):
        return date(int(m[2]) - 1, 12, 31)
    if m := re.search(
        rf"\b(early|mid|late|end of|start of|beginning of)[- ]?({_MONTH})\.? (\d{{4}})\b", lowered
    ):
        day = {"early": 5, "start of": 1, "beginning of": 1, "mid": 15}.get(m[1])
        month = MONTHS[m[2]]
        return date(int(m[3]), month, day) if day else _last_day(int(m[3]), month)
    if m := re.search(rf"\b({_MONTH})\.?,? (\d{{4}})\b", lowered):
        return _last_day(int(m[2]), MONTHS[m[1]])
    if m := re.search(
        r"\b(early|mid|middle of|late|end of|start of|beginning of)[- ]?(\d{4})\b", lowered
    ):
        year = int(m[2])
        return {
            "early": date(year, 3, 31),
            "start of": date(year, 1, 31),
            "beginning of": date(year, 1, 31),
            "mid": date(year, 7, 1),
            "middle of": date(year, 7, 1),
        }.get(m[1], date(year, 12, 31))
    if found := _season_or_quarter(lowered):
        return found
    if m := re.search(
        r"\b(\d{4})['’]?s? (?:terms|tos|policy|privacy|agreement|user agreement|"
        r"version|rules|guidelines|edition)",
        lowered,
    ):
        return date(int(m[1]), 12, 31)  # "the 2023 terms": the version that year ended with
    if m := re.search(
        r"\b(?:in|during|of|as of|back in|around|circa|since|from) (\d{4})\b", lowered
    ):
        return date(int(m[1]), 7, 1)  # "in 2021": the middle of the year
    return None


_DATE_PHRASE = re.compile(
    r"(?:\b(?:back in|as of|prior to|up to|in|during|around|circa|since|from|on|before|until|"
    r"at|by)\s+)?(?:the\s+)?(?:\b(?:early|mid|middle of|late|end of|start of|beginning of|"
    r"(?:spring|summer|autumn|fall)(?: of)?)[- ]?)?"
    r"(?:\b\d{4}-\d{2}-\d{2}\b|(?:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"(?:\b(?:{_MONTH})\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*)?)?\b(?:q[1-4]\s+)?\d{{4}}\b)",
    re.IGNORECASE,
)


def _cut(pattern: re.Pattern[str], text: str) -> str:
    """`text` without `pattern`'s matches, spaces and stray punctuation tidied."""
    tidied = re.sub(r"\s+([?.!,])", r"\1", " ".join(pattern.sub(" ", text).split()))
    return tidied.lstrip(",;: ")


def strip_date_phrases(text: str) -> str:
    """The question without the phrase that names its date ("in mid-2024"): the date picks
    the versions searched, and as words it only blurs the question's meaning."""
    stripped = _cut(_DATE_PHRASE, text)
    return stripped if len(stripped.split()) >= 2 else text


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_uncovered(text: str) -> list[str]:
    names = []
    for match in _UNCOVERED.finditer(text):
        word = match.group(1)
        if word.lower() in _CASE_SENSITIVE_UNCOVERED and not word[0].isupper():
            continue
        name = UNCOVERED_PLATFORMS[word.lower()]
        if name not in names:
            names.append(name)
    return names


# Chat filler typed in Discord ("does insta own my pics lol"): no meaning for the terms, and
# it pulls the question's vector away from every clause alike (0.45 → 0.38 for that one).
_FILLER = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|ngl|tbh|imo|imho|idk|btw|pls|plz|bruh|bro|rn|smh|omg|yo)\b[.!?]*",
    re.IGNORECASE,
)


def strip_filler(text: str) -> str:
    stripped = _cut(_FILLER, text)
    return stripped if stripped.strip(" ?.!,") else text


# The words that ask about time ("what changed", "since when", "still", "the 2024 update"):
# they choose the versions compared, and as search words they match the terms' own clause on
# changing the terms.
_INTENT_WORDS = re.compile(
    r"\b(?:what (?:has |have )?changed(?: in| about| on)?|since when(?: (?:do|does|did|has|have|"
    r"is|are|can|will))?|when did|still|anymore|any more|no longer|before (?:and|vs\.?|versus|&) "
    r"after|vs\.?|versus|compared (?:with|to)|(?:in )?the (?:\w+ )?(?:update|version)s?|"
    # … but "separate terms", "additional terms" are other terms, a topic of the question
    r"(?:in |of )?(?:its |their |the )?(?<!separate )(?<!additional )(?<!supplemental )"
    r"(?<!other )(?<!specific )(?<!extra )(?:terms|tos)(?: of (?:service|use))?)\b",
    re.IGNORECASE,
)


_CHANGE_WORDS = re.compile(
    r"\b(?:change|changed)\b|\bhow (?:did|has|have|was|were)\b|"
    r"\b(?:between|from) (?:the )?(?:\w+ )?\d{4}(?: \w+)? (?:and|to) (?:the )?(?:\w+ )?\d{4}\b|"
    # the versions compared, once their dates are gone: "between the 2020 and 2021 versions"
    r"\bbetween (?:the )?(?:and|vs\.?|versus) (?:the )?(?:versions?|updates?|editions?)\b|"
    r"\b(?:the|its|their|this|that|after|before|in|since) (?:versions?|updates?|editions?)\b|"
    r"\b(?:versions?|editions?)(?=\W*$)",
    re.IGNORECASE,
)


def strip_intent_words(text: str, intent: Intent | None = None) -> str:
    """The question without the words asking about time; "change" too when it asks what
    changed ("changes to the terms", a topic, stays)."""
    stripped = _cut(_INTENT_WORDS, text)
    if intent == "what-changed":
        stripped = _cut(_CHANGE_WORDS, stripped)
    return stripped if len(stripped.split()) >= 2 else text


# "Instagram's terms … saying the Meta AI Terms apply": a platform named as the title of a
# document that another platform's terms point to is words to find there, not a platform
_DOCUMENT_REFERENCE = re.compile(
    r"\b(?:say\w*|said|mention\w*|refer\w*|point\w*|link\w*)\s+(?:that\s+|to\s+)?the\s+"
    r"(?P<title>[\w .&'’-]{2,40}?)\s+terms\b",
    re.IGNORECASE,
)


def referenced_platform(
    text: str, sources: Sources | None, platforms: list[str]
) -> tuple[str, tuple[int, int]] | None:
    """A platform the question names only as the title of a document another named platform's
    terms refer to ("the Meta AI Terms"), and where its name stands; None when there is none."""
    if sources is None or len(platforms) < 2:
        return None
    match = _DOCUMENT_REFERENCE.search(text)
    if match is None:
        return None
    named = sources.find_platforms_in(match.group("title"))
    if len(named) != 1 or named[0] not in platforms:
        return None
    elsewhere = text[: match.start("title")] + " " + text[match.end("title") :]
    if named[0] in sources.find_platforms_in(elsewhere):
        return None  # also named as a platform asked about
    return named[0], (match.start("title"), match.end())


def _search_text(
    text: str,
    sources: Sources | None,
    platforms: list[str],
    *,
    dated: bool,
    intent: Intent | None = None,
    kept: tuple[int, int] | None = None,
) -> str:
    """What is ranked against clauses: the question minus the platform names and the date
    phrase, which choose the versions searched rather than the clauses within them, minus the
    words asking about time (for those intents), and minus chat filler. A document title
    (`kept`) keeps its platform name: it is the wording sought."""
    title = ""
    if kept is not None:  # held aside from every cut below, put back at the end
        title = text[kept[0] : kept[1]]
        text = f"{text[: kept[0]]} {_TITLE_HELD} {text[kept[1] :]}"
    if STRIP_PLATFORM_NAMES and sources and platforms:
        text = sources.strip_platform_names(text)
    if dated:
        text = strip_date_phrases(text)
    if intent in ("since-when", "what-changed", "still-true"):
        text = strip_intent_words(text, intent)
    return strip_filler(text).replace(_TITLE_HELD, title)


_TITLE_HELD = "qqtitleqq"


def _held_documents(registry: Registry | None, platforms: list[str]) -> frozenset[str] | None:
    """The documents the asked platforms have in the store; None when that is not known."""
    if registry is None or not platforms:
        return None
    return frozenset(d for p in platforms for _, d in registry.documents(p))


def parse_question(
    text: str,
    sources: Sources | None,
    *,
    platform: str | None = None,
    as_of: date | None = None,
    registry: Registry | None = None,
) -> ParsedQuestion:
    """Platform(s), date and intent of a question; explicit options win over the text.

    With the store's `registry`, every ingested platform can be named (see
    `lookups.answerable_sources`), not only those of sources.toml."""
    if registry is not None:
        from fineprint.catalog.lookups import answerable_sources

        sources = answerable_sources(registry, sources)
    platforms: list[str] = []
    uncovered: list[str] = []
    if platform:
        resolved = sources.resolve_platform(platform) if sources else None
        if resolved is None:
            uncovered = [platform]
        else:
            platforms = [resolved]
    else:
        platforms = sources.find_platforms_in(text) if sources else []
        if not platforms:
            uncovered = find_uncovered(text)
    named_here = sources.find_platforms_in(text) if sources and platform else platforms
    reference = referenced_platform(text, sources, list(dict.fromkeys(platforms + named_here)))
    if reference is not None and reference[0] in platforms:
        if platform:  # asked about outright: its name is not a title
            reference = None
        else:
            platforms = [p for p in platforms if p != reference[0]]
    history = bool(_HISTORY.search(text))
    text_date = parse_date(text)
    intent = find_intent(
        text,
        dated=(as_of or text_date) is not None,
        dates_named=len(parse_dates(text)) if text_date is not None else 0,
    )
    # a change is found by the years it names, bare ones included ("after the 2023 update")
    named = text_date is not None or intent == "what-changed"
    dates = parse_dates(text) if named else ()
    if intent == "what-changed" and len(dates) == 1 and _CURRENT_VERSION.search(text):
        dates = (*dates, NEWEST)  # "between the August 2023 terms and the current ones"
    # A question about a change or a first appearance names dates to find the change by, not
    # the terms in force: every version is asked (answering.versions_asked).
    when = as_of or (None if intent in ("what-changed", "since-when") else text_date)
    return ParsedQuestion(
        text=text,
        platforms=platforms,
        uncovered=uncovered,
        as_of=when,
        history=history or intent in ("since-when", "what-changed", "still-true"),
        first_appearance=history and bool(_FIRST.search(text)),
        search_text=_search_text(
            text,
            sources,
            platforms,
            dated=text_date is not None,
            intent=intent,
            kept=reference[1] if reference else None,
        ),
        documents=document_hints(text),
        named_documents=named_documents(text, _held_documents(registry, platforms)),
        regions=find_regions(text),
        intent=intent,
        dates=dates if as_of is None else (as_of, *dates),
        whole_years=whole_years(text) if dates else frozenset(),
    )
