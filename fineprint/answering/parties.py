"""Clauses that name a company and where it is: the answer to "who runs this?", "where do I
send a notice?", and to nothing else.

Search always finds a nearest clause, and for a question with no terms meaning that is often a
contracting-entity paragraph: measured outside the team, "What is the capital of France?" was
answered with Google Cloud France's address, a question about the London weather with
Discord's London office, "asdf qwerty banana?" with Apple's company addresses. Such a clause
is short, names a company ("Inc.", "Limited", "G.K.") and a place ("located at", a street,
"organized under the laws of"), and sets no rule. It is only cited for a question that asks
about the parties: who, which company, where, the contract, contact, notice, law or courts.
"""

from __future__ import annotations

import re

from fineprint.answering.question import ParsedQuestion
from fineprint.retrieval.search import Hit

PARTY_CLAUSE_CHARS = 700  # longer clauses carry rules beside the address

_COMPANY = re.compile(
    r"\b(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|G\.K|K\.K|S\.A|S\.A\.S|SARL|S\.à r\.l|B\.V|AB|KG|"
    r"Corporation|Corp|Pte|PLC|ULC|Unlimited Company)\b"
)
_PLACE = re.compile(
    r"\b(?:located (?:at|in)|registered (?:office|address|in)|principal (?:place|office)|"
    r"place of business|organi[sz]ed under the laws|incorporated (?:in|under)|"
    r"with (?:its )?(?:offices?|address) at)\b"
    r"|\b\d{1,5}[-–]?\d*\s+(?:[A-Z][\w.'’-]*\s+){0,4}(?:Street|St\.|Str\.|Strasse|Straße|Road|"
    r"Rd\.|Avenue|Ave\.?|Boulevard|Blvd|Way|Place|Drive|Lane|Quay|Dock|Square|Floor|Suite)\b",
    re.IGNORECASE,
)
_RULE = re.compile(
    r"\b(?:arbitrat\w*|agree to|must|shall not|may not|will not|prohibit\w*|licen[sc]e\w*)\b",
    re.IGNORECASE,
)
_ASKS_ABOUT_PARTIES = re.compile(
    r"\b(?:who|whom|whose|compan\w*|entit\w*|operat\w*|contract\w*|agreement|address\w*|"
    r"locat\w*|based|headquarter\w*|offices?|contact\w*|send|mail\w*|notice\w*|write|reach|"
    r"controller|representative|jurisdiction|laws?|courts?|countr\w*|incorporat\w*|"
    r"register\w*|where|provid\w*|offer\w*|legal|owns?|owned|behind|runs?)\b",
    re.IGNORECASE,
)


def names_a_party(text: str) -> bool:
    """Is this clause a company's name and place, with no rule in it?"""
    return (
        len(text) <= PARTY_CLAUSE_CHARS
        and _COMPANY.search(text) is not None
        and _PLACE.search(text) is not None
        and _RULE.search(text) is None
    )


def asks_about_parties(question: str) -> bool:
    """Does the question ask who a platform's company is, where it is, or how to reach it?"""
    return _ASKS_ABOUT_PARTIES.search(question) is not None


def for_the_question(hits: list[Hit], question: ParsedQuestion) -> list[Hit]:
    """The hits less the company-and-address clauses, unless the question asks about the
    parties: "what time is it in tokyo" is not answered by Google's Tokyo office."""
    if asks_about_parties(question.text):
        return hits
    return [hit for hit in hits if not names_a_party(hit.clause.text)]
