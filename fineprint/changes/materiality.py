"""Which changed clauses matter to creators, and in what order to show them.

A terms change reaches creators only if it touches what they care about: AI training, the
licence they grant over their work, who owns it, how they get paid, losing their account or
uploads, how disputes are settled, their data, and how the terms themselves may change.
Topics are found by vocabulary — transparent and testable, with no model to drift — in the
sentences that actually changed; the clause around them only adds a weaker context signal
(the rewrite of an AI sentence inside a "Grant of license" section is about the licence too).

>>> sorted(tag("Your Content may be used to train artificial intelligence"))
['ai']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["TOPICS", "TOPIC_LABELS", "Assessment", "assess", "tag"]

# Priority order: the first three are what the SoundCloud episode was about.
TOPICS: tuple[str, ...] = (
    "ai",
    "licence",
    "ownership",
    "monetisation",
    "termination",
    "disputes",
    "privacy",
    "terms-changes",
)
TOPIC_LABELS = {
    "ai": "AI and machine learning",
    "licence": "licence to your content",
    "ownership": "ownership and copyright",
    "monetisation": "monetisation and payouts",
    "termination": "account termination and content removal",
    "disputes": "disputes and arbitration",
    "privacy": "privacy and data sharing",
    "terms-changes": "changes to the terms",
}
WEIGHTS = {
    "ai": 100.0,
    "licence": 40.0,
    "ownership": 30.0,
    "monetisation": 12.0,
    "termination": 10.0,
    "disputes": 8.0,
    "privacy": 7.0,
    "terms-changes": 5.0,
}
CONTEXT_FACTOR = 0.25  # a topic seen only in the unchanged rest of the clause
HIGH_PRIORITY = frozenset({"ai", "licence", "ownership"})
CREATOR_FACTOR = 1.25  # the change speaks of the creator's own content or consent
_CREATOR = re.compile(
    r"\byour (?:own )?(?:content|voice|music|likeness|works?|uploads?|recordings?)\b"
    r"|\byou (?:hereby |explicitly |expressly )?(?:grant|agree|consent|authori[sz]e)",
    re.IGNORECASE,
)

_VOCABULARY: dict[str, tuple[str, ...]] = {
    "ai": (
        r"artificial intelligence",
        r"machine (?:learning|intelligence)",
        r"(?:generative )?a\.?i\.?(?![\w.])",
        r"gen ?ai",
        r"(?:large )?language models?",
        r"(?:ai|ml|generative|foundation|neural) (?:models?|networks?|systems?|tools?)",
        r"neural networks?",
        r"train(?:s|ed|ing)?(?! (?:staff|employees|personnel))",
        r"inform, train",
        r"synthe(?:sis|si[sz]e[sd]?|tic (?:media|content|voices?))",
        r"deep ?fakes?",
        r"data mining",
        r"text and data mining",
        r"scrap(?:e|ing) (?:content|data)",
    ),
    "licence": (
        r"licen[cs](?:e|es|ed|ing|ors?|ees?)",
        r"sub-?licen[cs]\w*",
        r"royalty[- ]free",
        r"worldwide",
        r"perpetual",
        r"irrevocabl[ey]",
        r"(?:non-)?transferable",
        r"derivative works?",
        r"(?:use|copy|reproduce|modify|adapt|distribute|exploit|publish) (?:of )?your content",
        r"your content (?:may|will|can|shall|could) be used",
        r"(?:use|train on) your (?:voice|music|likeness|works?|uploads?)",
        r"grant(?:s|ed|ing)? (?:to )?(?:us|soundcloud|\w+) (?:a|an|the|such)",
    ),
    "ownership": (
        r"own(?:s|ed|er|ers|ership)?(?! (?:risk|expense|cost))",
        r"copyrights?",
        r"intellectual property",
        r"moral rights",
        r"right, title and interest",
        r"proprietary rights",
        r"retain(?:s)? (?:all )?(?:your )?rights",
    ),
    "monetisation": (
        r"moneti[sz]\w*",
        r"pay(?:s|ment|ments|out|outs|able|ing)?",
        r"paid(?! up)",
        r"royalt(?:y|ies)(?![- ]free)",
        r"revenues?",
        r"earn(?:s|ed|ings?)?",
        r"fees?",
        r"refunds?",
        r"compensat\w+",
        r"pricing|prices?",
        r"subscriptions?",
    ),
    "termination": (
        r"terminat\w+",
        r"suspen(?:d|ds|ded|sion)",
        r"(?:remove|removal|removes|removed|delete|deletion|deleted|disable|disabled)",
        r"(?:close|closing|closed) (?:your )?accounts?",
        r"repeat infringers?",
        r"take ?down",
    ),
    "disputes": (
        r"arbitrat\w+",
        r"class[- ]action",
        r"disputes?",
        r"(?:governing|applicable) law",
        r"jurisdictions?",
        r"courts?",
        r"jury",
        r"waive[sd]?|waiver",
        r"indemni\w+",
    ),
    "privacy": (
        r"personal (?:data|information)",
        r"privacy",
        r"data protection",
        r"cookies?",
        r"biometric\w*",
        r"(?:share|sharing|disclose|sell|selling) (?:your |such |the )?(?:personal )?"
        r"(?:data|information)",
        r"(?:your|user) data",
    ),
    "terms-changes": (
        r"(?:change|changes|modify|modifies|amend|amends|update|updates|revise)"
        r"(?:d|s)? (?:to )?(?:these|this|the|our) (?:terms|agreement)",
        r"(?:terms|agreement) (?:may|will) be (?:changed|modified|amended|updated)",
        r"notice of (?:any )?(?:such )?changes",
        r"continued use",
    ),
}
_PATTERNS = {
    topic: re.compile(r"(?<![\w-])(?:" + "|".join(terms) + r")(?![\w-])", re.IGNORECASE)
    for topic, terms in _VOCABULARY.items()
}


def tag(text: str) -> Counter[str]:
    """Topic → number of vocabulary hits in `text`."""
    hits: Counter[str] = Counter()
    for topic in TOPICS:
        found = len(_PATTERNS[topic].findall(text))
        if found:
            hits[topic] = found
    return hits


@dataclass(frozen=True, slots=True)
class Assessment:
    """Topics (priority order), whether the change is material, and its ranking score."""

    topics: tuple[str, ...]
    material: bool
    score: float


def assess(changed_text: str, context_text: str, *, substantive: bool = True) -> Assessment:
    """Judge one change from the sentences that changed and the clause around them.

    `substantive` is False when only numbers or dates changed ("Last amended: …"): such a change
    is tagged but never material, so a date bump alerts nobody.
    """
    primary = tag(changed_text)
    context = tag(context_text)
    score = 0.0
    for topic, hits in primary.items():
        score += WEIGHTS[topic] * (1.0 + 0.1 * min(hits - 1, 5))
    context_only = [t for t in context if t not in primary]
    score += CONTEXT_FACTOR * sum(WEIGHTS[t] for t in context_only)
    material = substantive and bool(primary)
    topics = [t for t in TOPICS if t in primary]
    # A substantive edit inside an AI / licence / ownership clause matters even when the
    # changed words alone carry no topic vocabulary ("30 days" → "90 days" of a licence).
    if substantive and not material and HIGH_PRIORITY & set(context_only):
        material = True
        topics = [t for t in TOPICS if t in context_only and t in HIGH_PRIORITY]
    if _CREATOR.search(changed_text):
        score *= CREATOR_FACTOR
    if not substantive:
        score *= 0.01
    return Assessment(tuple(topics), material, round(score, 3))
