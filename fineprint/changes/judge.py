"""Is a change material? The judge: what moved in meaning, weighed by a small learnt model.

`fineprint.changes.meaning.compare` says *what* moved between a clause's before and after
(sentences whose meaning is new or gone once form, names and re-cuts are set aside; rule words,
negations and numbers that changed). This module turns that, the topic vocabulary of
`fineprint.changes.materiality` and a few facts about the version pair into a fixed list of
numbers (`evidence`, named by `FEATURES`), and a logistic regression fitted on hand-labelled
changes (`bench/MATERIALITY_LABELS.md`: the dev split and the training sample, never the final
split) turns those into a probability (`Judge.probability`). A change is material when its
score reaches the model's threshold, chosen by cross-validation grouped by version pair.

The model is data (`fineprint/models/materiality-judge/judge.json`: feature names, means,
scales, coefficients, threshold), refitted by `make judge` (`python -m training.fit_judge`);
its model card sits beside it. Two rules stand beside the model (`Judge.score`): a change whose
meaning did not move at all (`Delta.same`) is never material, and a small edit of a rule word
("may" → "will", "30" → "14" days, a "not") in a clause on a creator's topic always is.

>>> from fineprint.changes.meaning import compare
>>> delta = compare("We may remove your videos.", "We will remove your videos.")
>>> round(evidence(Facts("modified", "We may remove your videos.", delta))["modal_strong"], 1)
1.0
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fineprint.changes.materiality import TOPICS, tag
from fineprint.changes.meaning import Delta

__all__ = ["FEATURES", "MODEL_PATH", "Facts", "Judge", "evidence", "load_judge"]

SMALL_EDIT = 6  # content words new or gone: up to this, an edit is small

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "materiality-judge" / "judge.json"

_RULE = re.compile(
    r"\b(?:we|you|they|users?|creators?|[A-Z][\w&-]+)\s+(?:may|will|shall|must|can|cannot|"
    r"won't|agree|reserve|are (?:not )?(?:allowed|permitted|required)|"
    r"(?:may|will|must|shall|can|do|does) not|have the right)\b"
    r"|\b(?:don't|do not|never|not allowed|prohibited|you agree|at (?:our|its) (?:sole )?"
    r"discretion|without (?:notice|your consent)|eligible|ineligible)\b",
    re.IGNORECASE,
)
_OBJECT = re.compile(
    r"\b(?:your (?:content|account|data|information|videos?|music|channel|uploads?|posts?)|"
    r"accounts?|content|personal (?:data|information)|data|payments?|payouts?|earnings?|"
    r"revenue|ads?|advertis\w+|age|minors?|children|scrap\w*|crawl\w*|automated|liab\w+|"
    r"responsib\w+|warrant\w*|indemn\w+|claims?|consent|rights?)\b",
    re.IGNORECASE,
)
_EXPLAINING = re.compile(
    r"\b(?:summary|for example|e\.g\.|such as|learn more|for instance|statistics?|"
    r"we want|this section|this page|click|visit|see (?:our|the)|here|help cent(?:er|re)|"
    r"examples?|including)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b(?:street|str\.|strasse|avenue|ave\.?|road|suite|floor|registered|registration number|"
    r"impressum|tel(?:ephone)?|fax|p\.?o\.? box|zip|postal|inc\.|ltd\.?|limited|llc|gmbh|"
    r"s\.a\.r?\.?l?\.?|b\.v\.)\b|\b\d{5}\b",
    re.IGNORECASE,
)
# How a platform texts you (one-time codes by SMS, carriers' "message and data rates", "reply
# STOP"): contact mechanics, like an address; not what it may do with a creator's work or account.
_MESSAGING = re.compile(
    r"\b(?:sms|mms|one-time (?:pass(?:words?|codes?)|codes?)|(?:verification|authentication) "
    r"codes?|message (?:and|&) data rates|message frequency|reply stop|text (?:help|stop))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STRONG_MODALS = frozenset(
    {"may", "will", "must", "shall", "can", "cannot", "not", "never", "no", "only", "unless"}
)
_YOU = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_WE = re.compile(r"\b(?:we|us|our)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_DOCUMENT_KINDS = {
    "privacy": re.compile(r"privacy|data|cookie"),
    "guidelines": re.compile(r"guideline|polic(?:y|ies)|standards|rules"),
}


@dataclass(frozen=True, slots=True)
class Facts:
    """What the judge reads about one change: its kind, the sentences that really changed
    (`new_text`, both sides), what moved in meaning, and the clause and pair around it."""

    kind: str  # added, removed, modified
    new_text: str
    delta: Delta
    before: str = ""
    after: str = ""
    section: str = ""
    document: str = ""
    substantive: bool = True  # more than numbers or dates changed (`diff._substantive`)
    similarity: float = 0.0  # the aligned clauses' similarity (modified)
    pair_changed: float = 0.0  # share of the pair's clauses that changed
    length_ratio: float = 1.0  # newer version's text / older's


def _log(n: float) -> float:
    return math.log1p(max(n, 0.0))


def _topic_features(moved: str, context: str) -> dict[str, float]:
    primary = tag(moved)
    around = tag(context)
    out = {f"topic_{t}": min(float(primary.get(t, 0)), 3.0) for t in TOPICS}
    out.update({f"context_{t}": 1.0 if t in around and t not in primary else 0.0 for t in TOPICS})
    out["topics_any"] = 1.0 if primary else 0.0
    return out


def _shape_features(moved: str) -> dict[str, float]:
    words = _WORD.findall(moved)
    count = max(len(words), 1)
    capitalised = sum(1 for w in words[1:] if w[0].isupper()) / count
    digits = len(re.findall(r"\d", moved)) / max(len(moved), 1)
    return {
        "rules": float(min(len(_RULE.findall(moved)), 4)),
        "objects": float(min(len({m.lower() for m in _OBJECT.findall(moved)}), 4)),
        "explaining": float(min(len(_EXPLAINING.findall(moved)), 3)),
        "address": float(min(len(_ADDRESS.findall(moved)), 3)),
        "you": float(min(len(_YOU.findall(moved)), 6)) / 6.0,
        "we": float(min(len(_WE.findall(moved)), 6)) / 6.0,
        "capitalised": capitalised,
        "digits": min(digits * 10.0, 1.0),
        "question": 1.0 if "?" in moved else 0.0,
    }


def _delta_features(delta: Delta) -> dict[str, float]:
    numbers = len(delta.number_shift)
    return {
        "same": 1.0 if delta.same else 0.0,
        "size": _log(delta.size),
        "words_in": _log(len(delta.words_in)),
        "words_out": _log(len(delta.words_out)),
        "sentences_added": _log(len(delta.added)),
        "sentences_removed": _log(len(delta.removed)),
        "recut": _log(delta.recut),
        "modal_shift": float(min(len(delta.modal_shift), 3)),
        "modal_strong": 1.0 if _STRONG_MODALS & set(delta.modal_shift) else 0.0,
        "negation": 1.0 if delta.negation_shift else 0.0,
        "numbers": 1.0 if 0 < numbers <= 3 else 0.0,
        "many_numbers": 1.0 if numbers > 3 else 0.0,
    }


def _messaging_only(moved: str) -> bool:
    """Every sentence that moved tells how the platform texts you (codes by SMS, carriers'
    notices), so no rule about a creator's work, money or account moved."""
    parts = [part for part in _SENTENCE_END.split(moved) if _WORD.search(part)]
    return bool(parts) and all(_MESSAGING.search(p) for p in parts)


def evidence(facts: Facts) -> dict[str, float]:
    """The judge's features of one change, by name (`FEATURES` is their order)."""
    moved = " ".join(facts.delta.removed + facts.delta.added) or facts.new_text
    context = " ".join((facts.section, facts.before, facts.after))
    clause_words = len(_WORD.findall(facts.after or facts.before))
    moved_words = len(_WORD.findall(moved))
    out: dict[str, float] = {
        "added": 1.0 if facts.kind == "added" else 0.0,
        "removed": 1.0 if facts.kind == "removed" else 0.0,
        "modified": 1.0 if facts.kind == "modified" else 0.0,
        "substantive": 1.0 if facts.substantive else 0.0,
        "similarity": facts.similarity if facts.kind == "modified" else 0.0,
        "clause_words": _log(clause_words),
        "moved_words": _log(moved_words),
        "moved_share": min(moved_words / max(clause_words, 1), 1.0),
        "pair_changed": facts.pair_changed,
        "length_ratio": _log(facts.length_ratio),
        "heading_only": 1.0 if moved_words <= 6 and "." not in moved.strip()[:-1] else 0.0,
        "messaging_only": 1.0 if _messaging_only(moved) else 0.0,
    }
    for kind, pattern in _DOCUMENT_KINDS.items():
        out[f"document_{kind}"] = 1.0 if pattern.search(facts.document) else 0.0
    out.update(_delta_features(facts.delta))
    out.update(_topic_features(moved, context))
    out.update(_shape_features(moved))
    # A one-word edit of a rule ("may" → "will", "30" → "14" days, "not" added) moves the
    # rule however small it is: the interaction a linear model cannot form by itself.
    rule_word = out["modal_strong"] or out["negation"] or out["numbers"]
    small = not facts.delta.same and facts.delta.size <= SMALL_EDIT
    on_topic = out["topics_any"] or any(out[f"context_{t}"] for t in TOPICS)
    out["rule_edit"] = 1.0 if rule_word and small else 0.0
    out["rule_edit_on_topic"] = 1.0 if rule_word and small and on_topic else 0.0
    return out


FEATURES: tuple[str, ...] = tuple(
    evidence(Facts("added", "", Delta((), (), (), (), (), False, (), 0))).keys()
)


@dataclass(frozen=True)
class Judge:
    """A logistic regression over `FEATURES` (standardised), and its threshold."""

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Judge:
        def floats(key: str) -> tuple[float, ...]:
            values = data[key]
            assert isinstance(values, list)
            return tuple(float(v) for v in values)

        names = data["features"]
        assert isinstance(names, list)
        bias, threshold = data["bias"], data["threshold"]
        assert isinstance(bias, float | int) and isinstance(threshold, float | int)
        judge = cls(
            tuple(str(n) for n in names),
            floats("means"),
            floats("scales"),
            floats("weights"),
            float(bias),
            float(threshold),
        )
        if judge.features != FEATURES:
            raise ValueError("the judge's model was fitted on other features: run `make judge`")
        return judge

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "means": [round(v, 6) for v in self.means],
            "scales": [round(v, 6) for v in self.scales],
            "weights": [round(v, 6) for v in self.weights],
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
        }

    def probability(self, values: Mapping[str, float]) -> float:
        """How likely the change is material, 0 … 1."""
        z = self.bias
        for name, mean, scale, weight in zip(
            self.features, self.means, self.scales, self.weights, strict=True
        ):
            z += weight * (values[name] - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def score(self, values: Mapping[str, float]) -> float:
        """The judge's verdict as a number, compared with `threshold`: 0 when the meaning did
        not move or only how the platform texts you did; 1 for a small edit of a rule word on a
        creator's topic (the rule moved, however few words did); else the model's probability."""
        if values["same"] or values["messaging_only"]:
            return 0.0
        if values["rule_edit_on_topic"]:
            return 1.0
        return self.probability(values)

    def material(self, values: Mapping[str, float]) -> tuple[bool, float]:
        """Whether the change is material, and the judge's score."""
        score = self.score(values)
        return score >= self.threshold, score


@cache
def load_judge(path: Path = MODEL_PATH) -> Judge:
    """The shipped judge (read once per path: every diff asks for it, and a topic-less "what
    changed" question diffs at question time)."""
    return Judge.from_json(json.loads(path.read_text(encoding="utf-8")))
