"""Questions with no terms meaning: greetings, keyboard mash, general knowledge, chit-chat.

Search always finds a nearest clause, and for "asdf qwerty banana?" or "what is the capital of
France?" that is a company address or a bland paragraph at a similarity (0.3-0.45) that real
questions also reach against long clauses. Two tests together tell them apart:

- the question must carry a word the terms actually use: one of its words (or the legal words
  the creator vocabulary expands them to) occurs in enough clauses of the store to have an
  inverse document frequency of at most `MEANINGFUL_IDF` (about 45 of 18,000 clauses) — a
  typo, a name in an address or a word of another subject does not;
- its closest clause must be at least `QUESTION_FLOORS[model]` similar, a floor above the one
  under which no single clause is cited (`encoder_model.RELEVANCE_FLOORS`), or hold
  one of the clauses found must hold `ECHOED_WORDS` of its distinctive words (a long paragraph
  can answer at a low similarity). A question about how the terms changed ("when did … first",
  "still") is about the terms by its form: only the first test applies to it.

Both constants were chosen on a validation split, never on bench questions: held-out services'
ToS;DR titles and PolicyQA questions and the dev questions (false abstention) against the 50
off-topic questions of `training/offtopic_validation.jsonl`
(`python -m training.calibrate_off_topic`; the table is in bench/EXPERIMENTS.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from fineprint.text import tokens

MEANINGFUL_IDF = 6.0
DISTINCTIVE_IDF = 2.5  # as answer.DISTINCTIVE_IDF: "train", "artificial"; not "use", "content"
# A question whose closest clause is under the floor still has an answer when one of the
# clauses found holds this many of its distinctive words (its own or their legal expansions):
# "Could SoundCloud use my tracks to train AI in 2024?" is 0.31 similar to the long 2024
# licence paragraph, which holds five of them.
ECHOED_WORDS = 4
# The best clause's similarity under which a question is taken as off-topic (unless a clause
# found echoes it), per encoder. minilm-terms: 0.38, where held-out false abstention is 0.6 %
# pooled (2.3 % of ToS;DR titles: "very broad", "This service does not track you", as from
# 0.36) and 82 % of the off-topic validation questions abstain. Higher floors turn away more
# (0.42: 90 %) but also short creator questions such as "can distrokid change its prices"
# (0.394) and "when did youtube first mention AI" (0.382). The stock model was not calibrated
# for this: it keeps its relevance floor.
QUESTION_FLOORS: dict[str, float] = {"minilm-terms": 0.38, "stock": 0.30}


def carries_terms_meaning(terms: Iterable[str], idf: dict[str, float]) -> bool:
    """Does any of the question's (stemmed, expanded) words occur in enough clauses?"""
    return any(idf.get(term, float("inf")) <= MEANINGFUL_IDF for term in terms)


def echoed(expanded: Iterable[str], clause_texts: Iterable[str], idf: dict[str, float]) -> int:
    """The most of the question's distinctive words (rarer than `DISTINCTIVE_IDF`, common
    enough to be terms words) that one of the clauses found holds."""
    distinctive = {
        term
        for term in expanded
        if DISTINCTIVE_IDF <= idf.get(term, float("inf")) <= MEANINGFUL_IDF
    }
    return max((len(distinctive & set(tokens(text))) for text in clause_texts), default=0)


def off_topic(
    expanded: Iterable[str],
    best_similarity: float,
    idf: dict[str, float],
    floor: float,
    found: Iterable[str] = (),
    echo: int = ECHOED_WORDS,
) -> bool:
    """Nothing in the terms speaks to this question: none of its words (`expanded`: with the
    legal words of the creator vocabulary) is one the terms use; or its closest clause is under
    the floor and none of the clauses `found` holds `echo` of its distinctive words."""
    expanded = list(expanded)
    if not carries_terms_meaning(expanded, idf):
        return True
    return best_similarity < floor and echoed(expanded, found, idf) < echo
