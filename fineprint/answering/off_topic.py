"""Questions with no terms meaning: greetings, keyboard mash, general knowledge, chit-chat.

Search always finds a nearest clause, and for "asdf qwerty banana?" or "what is the capital of
France?" that is a company address or a bland paragraph at a similarity (0.3-0.45) that real
questions also reach against long clauses. Two tests together tell them apart:

- the question must carry a word the terms actually use: one of its words (or the legal words
  the creator vocabulary expands them to) occurs in enough clauses of the store to have an
  inverse document frequency of at most `MEANINGFUL_IDF` (about 45 of 18,000 clauses) — a
  typo, a name in an address or a word of another subject does not;
- its closest clause must be at least `QUESTION_FLOORS[model]` similar, a floor above the one
  under which no single clause is cited (`encoder_model.RELEVANCE_FLOORS`).

Both constants were chosen on a validation split, never on bench questions: held-out services'
ToS;DR titles and PolicyQA questions and the dev questions (false abstention) against the 50
off-topic questions of `training/offtopic_validation.jsonl`
(`python -m training.calibrate_off_topic`; the table is in bench/EXPERIMENTS.md).
"""

from __future__ import annotations

from collections.abc import Iterable

MEANINGFUL_IDF = 6.0
# The best clause's similarity under which a question is taken as off-topic, per encoder:
# minilm-terms: 0.36, where held-out false abstention is 0.6 % pooled (2.3 % of ToS;DR titles)
# and 76 % of the off-topic validation questions abstain; 0.40 turns away 86 % with the same
# validation false abstention, but also the README's own "Can SoundCloud train AI on my voice
# in mid-2024?" (best similarity 0.372 against the long 2024 licence paragraph). The stock
# model was not calibrated for this: it keeps its relevance floor.
QUESTION_FLOORS: dict[str, float] = {"minilm-terms": 0.36, "stock": 0.30}


def carries_terms_meaning(terms: Iterable[str], idf: dict[str, float]) -> bool:
    """Does any of the question's (stemmed, expanded) words occur in enough clauses?"""
    return any(idf.get(term, float("inf")) <= MEANINGFUL_IDF for term in terms)


def off_topic(
    expanded: Iterable[str], best_similarity: float, idf: dict[str, float], floor: float
) -> bool:
    """Nothing in the terms speaks to this question: none of its words (`expanded`: with the
    legal words of the creator vocabulary) is one the terms use, or no clause is close enough."""
    return best_similarity < floor or not carries_terms_meaning(expanded, idf)
