"""Which language a text is in, from its commonest short words.

Open Terms Archive records the page a declaration fetches; some pages switch language (a
server's locale: Telegram's terms in German from 2023-10-19). A switch is recorded as the
version's `language` (`ingest.ota`), which answers show ("in German"), rather than read as a
rewrite. A few dozen function words per language tell full documents apart reliably; text too
short to tell keeps English, the datasets' language. A page in another language can still hold
English passages (Deezer's French terms of 2022-02-08 carry the developer terms in English), so
a quote is told its own language (`clause_language`).
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+")
MIN_HITS = 20  # function words needed before a verdict
_STOPWORDS = {
    "en": "the and of to you your we our in or for is that this with are by be any not as on",
    "de": "der die das und zu den von mit nicht sie ist des sich auf für dem ein eine wir "
    "ihre du deine oder werden",
    "fr": "le la les et des du de vous votre nous est pour une dans que qui sur pas par ou "
    "au aux vos",
    "es": "el la los las y de que en del para con por una su sus usted nosotros es se no al o como",
    "it": "il la le di che e per con non una del della dei sono ai al gli si tuoi nostro",
    "pt": "o a os as e de que do da em para com por uma seu sua não dos das você nós",
    "nl": "de het een en van je jij uw wij ons niet is voor met op te dat die",
    "pl": "i w z na nie się że do jest lub oraz przez od dla jak twoje",
    "tr": "ve bir bu ile için da de olarak veya sizin bizim olan gibi",
}
_LOOKUP = {word: code for code, words in _STOPWORDS.items() for word in words.split()}
# words shared by two lists count for neither
_SHARED = {w for w in _LOOKUP if sum(w in ws.split() for ws in _STOPWORDS.values()) > 1}


CLAUSE_MIN_HITS = 6  # a clause is short: fewer function words decide it


def detect_language(text: str, default: str = "en", min_hits: int = MIN_HITS) -> str:
    """ISO 639-1 code of the language most of `text`'s function words belong to."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        code = _LOOKUP.get(word)
        if code is not None and word not in _SHARED:
            counts[code] += 1
    if sum(counts.values()) < min_hits:
        return default
    code, _ = counts.most_common(1)[0]
    return code


def clause_language(text: str, version_language: str) -> str:
    """The language of one clause of a version: the version's, unless the version is not in
    English and the clause's own words say it is another (an English passage of a French page)."""
    if version_language == "en":
        return "en"
    return detect_language(text, version_language, CLAUSE_MIN_HITS)
