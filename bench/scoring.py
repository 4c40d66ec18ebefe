"""Score cited answers against gold clauses, as /work/shared/eval/README.md specifies.

A citation counts only if it comes from the right platform, document and version and its
passage overlaps the gold clause enough that a reader would find the governing words in it.
The overlap rule is deliberately lenient about chunking: a passage that contains at least half
of the gold's words (in order) is a hit, and so is a short passage that lies mostly inside a
long gold clause.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

KIND_ORDER = ("current", "history", "version-sensitive", "not-in-corpus", "off-topic")
NOT_IN_CORPUS = "not-in-corpus"
OFF_TOPIC = "off-topic"  # nonsense, small talk, general knowledge: nothing to quote
ABSTAIN_KINDS = (NOT_IN_CORPUS, OFF_TOPIC)  # the right answer is to abstain
ANSWERABLE = "answerable"  # aggregate row over every kind except not-in-corpus
GOLD_SHARE = 0.5  # share of the gold's words that must be matched inside the passage
PASSAGE_SHARE = 0.8  # or: share of the passage's words that must be matched inside the gold
MRR_CUTOFF = 10
ANSWERABLE_METRICS = (
    "n",
    "recall@1",
    "recall@5",
    "mrr@10",
    "false_abstention_rate",
    "first_quote_chars",
    "gold_in_first_quote",
)
ABSTENTION_METRICS = ("n", "abstention_rate")

# [text](target) and ![alt](target): keep the visible text, drop the target. Targets may hold
# one level of balanced parentheses, as Wikipedia-style URLs do.
_LINK_TARGET_RE = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_WORD_RE = re.compile(r"[^\W_]+")


def normalise_slug(value: str | None) -> str:
    """Compare names, not spellings: "Terms of Use" and "terms-of-use" are the same document."""
    return re.sub(r"[^a-z0-9]", "", (value or "").lower())


def drop_link_targets(text: str) -> str:
    """Remove Markdown link targets so URLs neither help nor hurt the word overlap."""
    return _LINK_TARGET_RE.sub("]", text)


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words (Unicode-aware, so French captures score fairly)."""
    return _WORD_RE.findall(drop_link_targets(text).lower())


def matched_words(gold_words: Sequence[str], passage_words: Sequence[str]) -> int:
    """Words matched in order; autojunk is off so frequent words like "the" still count."""
    matcher = difflib.SequenceMatcher(None, gold_words, passage_words, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def texts_overlap(gold_text: str, passage_text: str) -> bool:
    """Enough of the gold is in the passage, or the passage lies mostly within the gold."""
    gold_words, passage_words = words(gold_text), words(passage_text)
    if not gold_words or not passage_words:
        return False
    matched = matched_words(gold_words, passage_words)
    return matched >= GOLD_SHARE * len(gold_words) or matched >= PASSAGE_SHARE * len(passage_words)


def passage_text(citation: dict) -> str:
    """The cited passage: answers put it in "quote"; the README's shape calls it "text"."""
    value = citation.get("quote")
    if value is None:
        value = citation.get("text")
    return value or ""


def is_hit(citation: dict, gold: dict) -> bool:
    """True when a citation is from the gold's platform, document and version and overlaps it."""
    if normalise_slug(citation.get("platform")) != normalise_slug(gold.get("platform")):
        return False
    if normalise_slug(citation.get("document")) != normalise_slug(gold.get("document")):
        return False
    if citation.get("version_date") not in gold.get("version_dates", []):
        return False
    return texts_overlap(gold.get("text", ""), passage_text(citation))


def first_hit_rank(citations: list[dict], golds: list[dict]) -> int | None:
    """1-based rank of the first citation that hits any gold item, or None if none does."""
    for rank, citation in enumerate(citations, start=1):
        if any(is_hit(citation, gold) for gold in golds):
            return rank
    return None


def answer_rank(question: dict, answer: dict) -> int | None:
    """Rank for one answered question; an abstention on an answerable question is a miss."""
    if answer.get("abstained"):
        return None
    return first_hit_rank(list(answer.get("citations") or []), list(question.get("gold") or []))


def first_quote_holds_gold(question: dict, answer: dict) -> bool:
    """Does quote [1] carry the governing words itself (at least GOLD_SHARE of a gold item's
    words, from the right document and version) — what a reader who stops at [1] needs?"""
    citations = list(answer.get("citations") or [])
    if answer.get("abstained") or not citations:
        return False
    first = citations[0]
    for gold in question.get("gold") or []:
        if not is_hit(first, gold):
            continue
        gold_words = words(gold.get("text", ""))
        matched = matched_words(gold_words, words(passage_text(first)))
        if gold_words and matched >= GOLD_SHARE * len(gold_words):
            return True
    return False


def first_quote_chars(answer: dict) -> int | None:
    citations = list(answer.get("citations") or [])
    return None if answer.get("abstained") or not citations else len(passage_text(citations[0]))


def _median(values: list[int]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(
        ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    )


def _answerable_metrics(
    ranks: list[int | None],
    abstained: list[bool],
    lengths: list[int | None] | None = None,
    gold_first: list[bool] | None = None,
) -> dict[str, float]:
    n = len(ranks)
    if n == 0:
        return {"n": 0}
    extra: dict[str, float] = {}
    median = _median([length for length in lengths or [] if length is not None])
    if median is not None:
        extra["first_quote_chars"] = median
    if gold_first:
        extra["gold_in_first_quote"] = sum(gold_first) / n
    return extra | {
        "n": n,
        "recall@1": sum(r is not None and r <= 1 for r in ranks) / n,
        "recall@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "mrr@10": sum(1 / r for r in ranks if r is not None and r <= MRR_CUTOFF) / n,
        "false_abstention_rate": sum(abstained) / n,
    }


def _kind_order(kinds: Iterable[str]) -> list[str]:
    known = [k for k in KIND_ORDER if k in kinds]
    return known + sorted(set(kinds) - set(KIND_ORDER))


def score(results: list[tuple[dict, dict]]) -> dict[str, dict[str, float]]:
    """Per-kind metrics for (question, answer) pairs.

    Answerable kinds get n, recall@1, recall@5, mrr@10 and false_abstention_rate; the
    "answerable" row pools them all; not-in-corpus gets n and abstention_rate. Rates are
    fractions in [0, 1].
    """
    ranks: dict[str, list[int | None]] = {}
    abstentions: dict[str, list[bool]] = {}
    lengths: dict[str, list[int | None]] = {}
    gold_first: dict[str, list[bool]] = {}
    for question, answer in results:
        kind = question.get("kind", "unknown")
        abstentions.setdefault(kind, []).append(bool(answer.get("abstained")))
        if kind not in ABSTAIN_KINDS:
            ranks.setdefault(kind, []).append(answer_rank(question, answer))
            lengths.setdefault(kind, []).append(first_quote_chars(answer))
            gold_first.setdefault(kind, []).append(first_quote_holds_gold(question, answer))

    scores: dict[str, dict[str, float]] = {}
    for kind in _kind_order(abstentions):
        if kind in ABSTAIN_KINDS:
            n = len(abstentions[kind])
            scores[kind] = {"n": n, "abstention_rate": sum(abstentions[kind]) / n}
        else:
            scores[kind] = _answerable_metrics(
                ranks[kind], abstentions[kind], lengths[kind], gold_first[kind]
            )
    scores[ANSWERABLE] = _answerable_metrics(
        [r for k in ranks for r in ranks[k]],
        [a for k in ranks for a in abstentions[k]],
        [length for k in ranks for length in lengths[k]],
        [g for k in ranks for g in gold_first[k]],
    )
    return scores


def _cell(value: Any, metric: str) -> str:
    if value is None:
        return "–"
    if metric in ("n", "first_quote_chars"):
        return str(int(value))
    return f"{value:.3f}"


def format_table(scores: dict[str, dict[str, dict[str, float]]], systems: list[str]) -> str:
    """Markdown table comparing systems: one row per kind × metric, one column per system.

    `scores` maps a system name to the output of score(); systems fixes the column order.
    """
    kinds: list[str] = []
    for system in systems:
        for kind in scores.get(system, {}):
            if kind not in kinds:
                kinds.append(kind)
    rows_kinds = [k for k in _kind_order(set(kinds) - {ANSWERABLE}) if k not in ABSTAIN_KINDS]
    if ANSWERABLE in kinds:
        rows_kinds.append(ANSWERABLE)
    rows_kinds += [k for k in ABSTAIN_KINDS if k in kinds]

    lines = [
        "| kind | metric | " + " | ".join(systems) + " |",
        "|---|---|" + "---:|" * len(systems),
    ]
    for kind in rows_kinds:
        metrics = ABSTENTION_METRICS if kind in ABSTAIN_KINDS else ANSWERABLE_METRICS
        for metric in metrics:
            cells = [_cell(scores.get(s, {}).get(kind, {}).get(metric), metric) for s in systems]
            lines.append(f"| {kind} | {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
