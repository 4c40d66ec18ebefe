"""Clause-level diff between two versions of one document.

Which older clause each newer clause continues is `fineprint.catalog.alignment.align` (same
key, same text once formatting is ignored, similar words, a shared sentence); this module turns
that alignment into changes: unchanged, *moved*, *modified* (with a word-level diff), and what is
left *removed* (before only) or *added* (after only). Sentences of a change that
appear word for word elsewhere in the other version (a paragraph split differently, a sentence
moved to the next paragraph) are not new text, so they neither count nor make it material.
Whether what is left is material is the judge's (`fineprint.changes.judge`, reading what the
changed sentences say before and after, `meaning.compare`); topics are the vocabulary's
(`materiality`); the order is topic priority scaled by the judge's score.

Before/after quotes are the clauses' verbatim texts, so they can be cited as they stand.

Like with like (`fineprint.catalog.like_with_like`): when the two versions are different
regional or language variants, or one is a partial capture, the report says so in one line
(`DocumentDiff.comparison`) and lists no changes; the differences it set aside stay in
`DocumentDiff.set_aside` for whoever wants them. Each side's variant and printed dates are on
the report (`before_facts`, `after_facts`; `version_lines` words them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from fineprint.catalog.alignment import WORDS, align, comparable
from fineprint.catalog.clauses import SECTION_SEPARATOR, Clause
from fineprint.catalog.like_with_like import Comparison, compare
from fineprint.catalog.version_facts import VersionFacts, dates_note
from fineprint.catalog.word_ops import WordOp, tokens_and_keys, word_diff
from fineprint.changes.judge import Facts, Judge, evidence, load_judge
from fineprint.changes.materiality import assess
from fineprint.changes.meaning import compare as compare_meaning
from fineprint.changes.meaning import version_sentences
from fineprint.text import sentence_spans

if TYPE_CHECKING:
    from fineprint.catalog.closeness import Sentences
    from fineprint.catalog.registry import Registry, VersionRecord
    from fineprint.store import ClauseStore

__all__ = [
    "Change",
    "DocumentDiff",
    "WordOp",
    "diff_clauses",
    "diff_versions",
    "word_diff",
]

Kind = Literal["added", "removed", "modified", "moved", "unchanged"]

_TOKEN = re.compile(r"\S+")
_TRIVIAL_WORD = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$"
)


@dataclass(frozen=True)
class Change:
    """One clause's fate between two versions."""

    kind: Kind
    before: Clause | None
    after: Clause | None
    similarity: float = 1.0
    words: tuple[WordOp, ...] = ()
    new_text: str = ""  # the sentences that really changed (both sides), for topic tagging
    topics: tuple[str, ...] = ()
    material: bool = False
    score: float = 0.0
    likelihood: float = 0.0  # the judge's score (`Judge.score`): material at its threshold
    evidence: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def section(self) -> str:
        clause = self.after or self.before
        return clause.section_label if clause else ""

    @property
    def before_text(self) -> str | None:
        return self.before.text if self.before else None

    @property
    def after_text(self) -> str | None:
        return self.after.text if self.after else None

    def marked(self, context: int = 6) -> str:
        """Compact word diff, "… kept [-old-] {+new+} kept …", long kept runs shortened."""
        parts = []
        for n, item in enumerate(self.words):
            if item.op == "-":
                parts.append(f"[-{item.text}-]")
            elif item.op == "+":
                parts.append(f"{{+{item.text}+}}")
            else:
                words = item.text.split()
                if len(words) > 2 * context + 1:
                    head = words[:context] if n > 0 else []
                    tail = words[-context:] if n < len(self.words) - 1 else []
                    words = [*head, "…", *tail]
                parts.append(" ".join(words))
        return " ".join(part for part in parts if part)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "material": self.material,
            "topics": list(self.topics),
            "section": self.section,
            "before": self.before_text,
            "after": self.after_text,
        }


@dataclass(frozen=True)
class DocumentDiff:
    """The changes between two versions, most material first; unchanged clauses counted."""

    platform: str
    document: str
    before: str  # version dates, YYYY-MM-DD
    after: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    comparison: Comparison = field(default_factory=lambda: Comparison("comparable"))
    set_aside: list[Change] = field(default_factory=list)  # not like with like: not listed
    before_facts: VersionFacts = field(default_factory=VersionFacts)
    after_facts: VersionFacts = field(default_factory=VersionFacts)

    @property
    def material(self) -> list[Change]:
        return [change for change in self.changes if change.material]

    def version_lines(self) -> list[str]:
        """What each side's text says about itself, when it says anything: "from 2023-01-19:
        captured 2023-01-19; the text says effective 2022-01-05 · EEA terms (Google Ireland
        Limited)"; then the like-with-like line when the two are not compared."""
        lines = []
        for side, day, facts in (
            ("from", self.before, self.before_facts),
            ("to", self.after, self.after_facts),
        ):
            notes = [note for note in (dates_note(day, facts), facts.variant_label) if note]
            if notes:
                lines.append(f"{side} {day}: {' · '.join(notes)}")
        if self.comparison.line:
            lines.append(self.comparison.line)
        return lines

    def to_json(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "document": self.document,
            "from": self.before,
            "to": self.after,
            "comparison": self.comparison.verdict,
            "note": self.comparison.line or None,
            "versions": {
                "from": _version_json(self.before_facts),
                "to": _version_json(self.after_facts),
            },
            "changes": [change.to_json() for change in self.changes],
        }


def _version_json(facts: VersionFacts) -> dict[str, object]:
    return {
        "effective_date": facts.effective_date or None,
        "variant": facts.variant or None,
        "variant_label": facts.variant_label or None,
    }


# --- word-level diff -----------------------------------------------------------------------


def _substantive(ops: Sequence[WordOp]) -> bool:
    """More changed than punctuation, word order within a run, numbers or dates."""
    deleted = Counter(w for op in ops if op.op == "-" for w in WORDS.findall(op.text.lower()))
    inserted = Counter(w for op in ops if op.op == "+" for w in WORDS.findall(op.text.lower()))
    changed = (deleted - inserted) + (inserted - deleted)
    return any(not _TRIVIAL_WORD.match(word) for word in changed)


# --- classification -----------------------------------------------------------------------


def _novel_sentences(clause: Clause, other_full: str, only: set[int] | None = None) -> list[str]:
    """Sentences of `clause` (those overlapping token indexes `only`, if given) whose wording
    does not appear anywhere in the other version."""
    found = []
    for start, end in sentence_spans(clause.text):
        sentence = clause.text[start:end]
        if only is not None:
            first = len(tokens_and_keys(clause.text[:start])[0])
            count = len(tokens_and_keys(sentence)[0])
            if not any(first <= index < first + count for index in only):
                continue
        key = comparable(sentence)
        if key and key not in other_full:
            found.append(sentence)
    return found


def _changed_token_indexes(ops: Sequence[WordOp], side: Literal["-", "+"]) -> set[int]:
    """Token positions, on one side, of the words a diff deleted ("-") or inserted ("+")."""
    indexes: set[int] = set()
    position = 0
    for op in ops:
        count = len(op.text.split())
        if op.op == side:
            indexes.update(range(position, position + count))
        if op.op in ("=", side):
            position += count
    return indexes


@dataclass(frozen=True, slots=True)
class _Pair:
    """What the judge reads about the two versions as a whole."""

    versions: tuple[Sentences, Sentences]  # every sentence of each, folded (re-cuts)
    before_full: str
    after_full: str
    changed: float  # share of clauses added, removed or modified
    length_ratio: float  # newer text / older text


def _novel(change: Change, pair: _Pair) -> tuple[list[str], bool]:
    """The sentences of a change whose wording appears nowhere in the other version, and
    whether more than numbers or dates changed."""
    if change.kind == "added" and change.after is not None:
        return _novel_sentences(change.after, pair.before_full), True
    if change.kind == "removed" and change.before is not None:
        return _novel_sentences(change.before, pair.after_full), True
    if change.before is not None and change.after is not None:
        sentences = _novel_sentences(
            change.before, pair.after_full, _changed_token_indexes(change.words, "-")
        ) + _novel_sentences(
            change.after, pair.before_full, _changed_token_indexes(change.words, "+")
        )
        return sentences, _substantive(change.words)
    return [], True


def _judge(change: Change, pair: _Pair, judge: Judge) -> Change:
    """Attach the really-new text, topics, materiality and score to a change.

    Topics come from the vocabulary of the sentences that changed (`materiality.assess`);
    whether the change is material from what those sentences say before and after
    (`meaning.compare`) weighed by the judge (`judge.Judge`); the rank from both: topic
    priority (AI, licence, ownership first) scaled by the judge's probability."""
    if change.kind in ("unchanged", "moved"):
        return change
    sentences, substantive = _novel(change, pair)
    if not sentences:  # its wording survives elsewhere: re-split or moved, not rewritten
        kind: Kind = "moved" if change.kind in ("added", "removed") else change.kind
        return replace(change, kind=kind, material=False, topics=(), score=0.0)
    new_text = " ".join(sentences)
    section = change.section.replace(SECTION_SEPARATOR, " ")
    context = " ".join([section, change.before_text or "", change.after_text or ""])
    topical = assess(new_text, context, substantive=substantive)
    clause = change.after or change.before
    facts = Facts(
        kind=change.kind,
        new_text=new_text,
        delta=compare_meaning(change.before_text, change.after_text, *pair.versions),
        before=change.before_text or "",
        after=change.after_text or "",
        section=section,
        document=clause.document if clause else "",
        substantive=substantive,
        similarity=change.similarity,
        pair_changed=pair.changed,
        length_ratio=pair.length_ratio,
    )
    values = evidence(facts)
    material, likelihood = judge.material(values)
    return replace(
        change,
        new_text=new_text,
        topics=topical.topics,
        material=material,
        score=round(topical.score * (0.5 + likelihood) + 10.0 * likelihood, 3),
        likelihood=round(likelihood, 4),
        evidence=values,
    )


def diff_clauses(
    before: Sequence[Clause], after: Sequence[Clause], *, judge: Judge | None = None
) -> list[Change]:
    """Every clause of both versions as a change (including "unchanged"), in reading order of
    the newer version, removed clauses placed where they used to be; each judged material or
    not by `judge` (by default the shipped one, `judge.load_judge`)."""
    old, new = list(before), list(after)
    pairs = align(old, new)
    free_old = set(range(len(old))) - {i for i, _, _ in pairs.values()}
    old_text = [comparable(c.text) for c in old]
    new_text = [comparable(c.text) for c in new]

    changes: list[tuple[float, Change]] = []
    for j, clause in enumerate(new):
        if j in pairs:
            i, kind, sim = pairs[j]
            ops = word_diff(old[i].text, clause.text) if kind == "modified" else ()
            changes.append((j, Change(kind, old[i], clause, sim, ops)))
        else:
            changes.append((j, Change("added", None, clause, 0.0)))
    position = {i: j for j, (i, _, _) in pairs.items()}
    for i in sorted(free_old):
        # Just after the newer clause that follows the nearest earlier surviving clause.
        earlier = [position[k] for k in range(i) if k in position]
        changes.append(
            ((max(earlier) if earlier else -1) + 0.5, Change("removed", old[i], None, 0.0))
        )
    changes.sort(key=lambda item: item[0])

    old_chars = sum(len(c.text) for c in old)
    pair = _Pair(
        versions=(version_sentences(c.text for c in old), version_sentences(c.text for c in new)),
        before_full=" ".join(old_text),
        after_full=" ".join(new_text),
        changed=sum(1 for _, c in changes if c.kind != "unchanged") / max(len(changes), 1),
        length_ratio=sum(len(c.text) for c in new) / max(old_chars, 1),
    )
    chosen = judge or load_judge()
    return [_judge(change, pair, chosen) for _, change in changes]


def rank(changes: Sequence[Change]) -> list[Change]:
    """Changed clauses only, most material first (AI, licence, ownership lead), then in
    reading order."""
    real = [change for change in changes if change.kind != "unchanged"]
    return sorted(real, key=lambda change: (not change.material, -change.score))


# --- from the store ------------------------------------------------------------------------


def diff_versions(
    store: ClauseStore, before: VersionRecord, after: VersionRecord, *, judge: Judge | None = None
) -> DocumentDiff:
    """Diff two stored versions of one document (`judge`: as `diff_clauses`)."""
    stored, _ = store.read_clauses([before, after])
    old = [item.clause for item in stored if item.clause.version_id == before.version_id]
    new = [item.clause for item in stored if item.clause.version_id == after.version_id]
    changes = diff_clauses(old, new, judge=judge)
    comparison = compare(before, after, shorter_matched=shorter_matched(changes))
    ranked = rank(changes)
    return DocumentDiff(
        platform=after.platform,
        document=after.document,
        before=before.version_date,
        after=after.version_date,
        changes=ranked if comparison.comparable else [],
        unchanged=sum(1 for change in changes if change.kind == "unchanged"),
        comparison=comparison,
        set_aside=[] if comparison.comparable else ranked,
        before_facts=before.facts,
        after_facts=after.facts,
    )


def shorter_matched(changes: Sequence[Change]) -> float:
    """The share (by characters) of the shorter version's clauses that continue a clause of
    the other version: near 1 when the shorter holds only text the longer has too (a partial
    capture), lower when it brings its own (a rewrite)."""
    sides = {
        "before": [(c.before, c.kind != "removed") for c in changes if c.before is not None],
        "after": [(c.after, c.kind != "added") for c in changes if c.after is not None],
    }
    totals = {side: sum(len(clause.text) for clause, _ in items) for side, items in sides.items()}
    short = min(totals, key=lambda side: totals[side])
    if not totals[short]:
        return 0.0
    return sum(len(clause.text) for clause, kept in sides[short] if kept) / totals[short]


def pick_pair(
    registry: Registry,
    platform: str,
    document: str,
    since: str | None = None,
    until: str | None = None,
) -> tuple[VersionRecord, VersionRecord]:
    """The versions to compare: in force on `since` and `until` (dates), by default the two
    newest; with only `until`, the version before it. ValueError when there is no pair."""
    from datetime import date

    history = registry.history(platform, document)
    if len(history) < 2:
        raise ValueError(f"{platform} {document} has {len(history)} version(s); nothing to compare")
    after = (
        history[-1]
        if until is None
        else registry.in_force(platform, document, date.fromisoformat(until))
    )
    if after is None:
        raise ValueError(f"{platform} {document} has no version on or before {until}")
    if since is None:
        earlier = [record for record in history if record.version_date < after.version_date]
        if not earlier:
            raise ValueError(f"{after.version_id} is the first version; nothing before it")
        return earlier[-1], after
    before = registry.in_force(platform, document, date.fromisoformat(since))
    if before is None:
        raise ValueError(
            f"{platform} {document} has no version on or before {since} "
            f"(the first is {history[0].version_date})"
        )
    if before.version_date >= after.version_date:
        raise ValueError(f"--from {before.version_date} is not before --to {after.version_date}")
    return before, after
