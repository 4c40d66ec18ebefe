"""Are the history lines of Fineprint's answers true? One command, any store:

    FINEPRINT_DATA_DIR=/path/to/full/store .venv/bin/python -m bench.history_check
    … --write        # also replace the "History check" section of bench/RESULTS.md
    … --calibrate    # also print the measurements behind fineprint.catalog.closeness / history

Asks every question of bench/questions.jsonl, ../shared/eval/dev_questions.jsonl and
bench/history_questions.jsonl (creator questions written for this check, many about
platforms whose terms were rewritten), then checks each history line of each answer (worded as
the terminal shows it, `cli/render_text.py`, from the answer's history entries) against
the versions' text as stored from the corpus — with its own word matching, not Fineprint's:

- "From A to B the terms had no clause on this" (or "Since A … have no clause"), and "No clause
  answering this was found in the versions of A to B" (every version asked): contradicted
  when a version dated in [A, B) holds a sentence with >= 70 % of the words of a sentence
  (>= 5 words) of the cited quote (for "no clause answering": of the quote's sentence holding
  the most of the question's words), matched in order — the measure that found the false
  absences of issue 11;
- "From A to B the terms said: “Q”": contradicted unless Q is verbatim in the text of the
  period's last version (the one quoted) and, formatting aside, in every version of the period.
  The line shows the quote as `fineprint.quote_display` renders it ("…" where it starts or
  stops mid-sentence, table pipes and <br> as plain reading), so the line's words are checked
  display aside, and the quote the line was rendered from (`Answer.periods`) byte for byte;
- "From A to B no clause answered this as before; the closest the terms said: “Q”": both
  claims above — Q as a "said" quote, the earlier answer as a "no clause answering" line;
- "The quoted wording first appears in the version of D": contradicted unless the cited
  wording is in D's text and in no earlier version's (formatting aside).

"Fineprint found no matching clause in …" lines are not claims about the terms: they are
counted, not checked. It also prints the alignment coverage of the whole corpus: how many
clauses of each newer version find a predecessor in the version before, with the diff's first
three passes only (before issue 11) and with the shared-sentence pass (after).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path
from typing import Any

from fineprint.catalog.clauses import version_id

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
QUESTION_FILES = (
    BENCH / "questions.jsonl",
    REPO.parent / "shared" / "eval" / "dev_questions.jsonl",
    BENCH / "history_questions.jsonl",
)
RESULTS = BENCH / "RESULTS.md"
SECTION = "## History check"

CLOSE = 0.7  # the measure of "the same sentence"
MIN_WORDS = 5


_WORD = re.compile(r"[a-z0-9]+")
_LINK = re.compile(r"\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)]|\([a-z0-9]+\))\s)")
_MARKUP = re.compile(r"[*_`#>|\[\]]+")  # link brackets are formatting too
_BREAK = re.compile(r"<br\s*/?>|\|(?:\s*:?-{2,}:?\s*\|)*", re.IGNORECASE)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# --- the check's own text handling (deliberately independent of fineprint.catalog.closeness) ---


def flat(text: str) -> str:
    """Formatting aside: link targets, markup, quote and dash styles, spacing, case."""
    text = _MARKUP.sub(" ", _LINK.sub("]", text).translate(_QUOTES))
    return re.sub(r"\s*([^\w\s])\s*", r"\1", re.sub(r"\s+", " ", text)).strip().lower()


def squash(text: str) -> str:
    """Display aside: table pipes, separator rows and <br> gone, all spacing one space."""
    return re.sub(r"\s+", " ", _BREAK.sub(" ", text)).strip()


def sentence_words(text: str) -> list[list[str]]:
    parts = [_WORD.findall(_LINK.sub("]", part).lower()) for part in _SENTENCE.split(text)]
    return [part for part in parts if len(part) >= MIN_WORDS]


def share(needle: list[str], hay: list[str]) -> float:
    matcher = SequenceMatcher(None, needle, hay, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(needle), 1)


def close_sentence(quote: str, body: str) -> tuple[float, str]:
    """The best share any sentence of `body` holds of any sentence of `quote`, and which."""
    best, which = 0.0, ""
    hays = [(set(hay), hay) for hay in sentence_words(body)]
    for needle in sentence_words(quote):
        for words, hay in hays:
            if sum(1 for w in needle if w in words) < CLOSE * len(needle):
                continue
            found = share(needle, hay)
            if found > best:
                best, which = found, " ".join(hay)
    return best, which


def answering_sentence(quote: str, question: str) -> str:
    """The sentence of `quote` holding the most of the question's words (of 4+ letters); of
    those holding as many, the longest ("You and Twitch further agree:" is a lead-in, too
    generic to be looked for in other versions)."""
    asked = {word for word in re.findall(r"[a-z]+", question.lower()) if len(word) >= 4}
    sentences = [s for s in re.split(r"(?<=[.;:!?])\s+", quote) if s.strip()] or [quote]
    return max(
        sentences,
        key=lambda s: (len(asked & set(re.findall(r"[a-z]+", s.lower()))), len(s.split())),
    )


# --- checking -------------------------------------------------------------------------------


@dataclass
class Tally:
    made: int = 0
    verified: int = 0
    contradicted: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, ok: bool, example: str) -> None:
        self.made += 1
        if ok:
            self.verified += 1
        else:
            self.contradicted += 1
            self.examples.append(example)


@dataclass
class Report:
    asked: int = 0
    answered: int = 0
    with_history: int = 0
    absence: Tally = field(default_factory=Tally)
    said: Tally = field(default_factory=Tally)
    first: Tally = field(default_factory=Tally)
    undecided: int = 0
    unparsed: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Checker:
    def __init__(self, store: Any, registry: Any) -> None:
        self.store, self.registry = store, registry
        self._bodies: dict[str, str] = {}

    def body(self, version: Any) -> str:
        if version.version_id not in self._bodies:
            self._bodies[version.version_id] = self.store.body(version.version_id) or ""
        return self._bodies[version.version_id]

    def period(self, platform: str, document: str, groups: tuple[str | None, ...]) -> list[Any]:
        start, end, since = groups
        history = self.registry.history(platform, document)
        if since is not None:
            return [v for v in history if v.version_date >= since]
        return [v for v in history if start <= v.version_date < end]

    def check(self, answer: Any, report: Report) -> None:
        """Each history entry of the answer (its data, not its rendered words) against the
        versions' text."""
        from fineprint.answering.wording import history_line

        cited = getattr(answer, "history_of", None) or answer.citations[0]
        where = f"{answer.question!r} [{cited.platform}/{cited.document}]"
        for entry in answer.history:
            line = history_line(entry)  # for the report only
            groups = (
                (None, None, entry.first)
                if entry.until is None
                else (entry.first, entry.until, None)
            )
            if entry.kind == "not_found":
                report.undecided += 1
            elif entry.kind in ("no_clause", "unanswered"):
                versions = self.period(cited.platform, cited.document, groups)
                # "no clause answering this": the quote's sentence that answers (the one with
                # the most of the question's words) must be absent, not every sentence of it
                wanted = (
                    answering_sentence(cited.quote, answer.question)
                    if entry.kind == "unanswered"
                    else cited.quote
                )
                hits = [(v, *close_sentence(wanted, self.body(v))) for v in versions]
                bad = [(v.version_date, round(s, 2), text) for v, s, text in hits if s >= CLOSE]
                report.absence.add(bool(versions) and not bad, f"{where}: {line} — {bad[:1]}")
            elif entry.kind in ("said", "said_instead"):
                versions = self.period(cited.platform, cited.document, groups)
                if entry.kind == "said_instead":  # also: the earlier answer is gone there
                    wanted = answering_sentence(cited.quote, answer.question)
                    hits = [(v, *close_sentence(wanted, self.body(v))) for v in versions]
                    bad = [(v.version_date, round(s, 2), t) for v, s, t in hits if s >= CLOSE]
                    report.absence.add(bool(versions) and not bad, f"{where}: {line} — {bad[:1]}")
                report.said.add(
                    bool(versions) and self.said_ok(answer, entry, versions),
                    f"{where}: {line[:300]}",
                )
            elif entry.kind == "first_appears":
                report.first.add(*self.first_ok(cited, entry.first, where, line))
            else:
                report.unparsed.append(f"{where}: {line}")

    def first_ok(self, cited: Any, day: str, where: str, line: str) -> tuple[bool, str]:
        """The quote is in the version where it is said to first appear, and in none before."""
        history = self.registry.history(cited.platform, cited.document)
        wanted = flat(cited.quote)
        there = [v for v in history if v.version_date == day]
        earlier = [v.version_date for v in history if v.version_date < day]
        ok = bool(there) and wanted in flat(self.body(there[0]))
        holding = [d for d in earlier if wanted in flat(self.body(self._version(d, cited)))]
        return ok and not holding, f"{where}: {line} (also in {holding})"

    def said_ok(self, answer: Any, entry: Any, versions: list[Any]) -> bool:
        """The entry's quote is verbatim in the last version of its period and, formatting
        aside, in every version of the period; the period it was built from says the same."""
        words = entry.quote or ""
        last = self.body(versions[-1])
        if not words or words not in last:
            return False
        if not all(flat(squash(words)) in flat(squash(self.body(v))) for v in versions):
            return False
        periods = [p for p in getattr(answer, "periods", []) if p.first.version_date == entry.first]
        return all(p.quote is not None and p.quote in last for p in periods)

    def _version(self, day: str, cited: Any) -> Any:
        return self.registry.versions[version_id(cited.platform, cited.document, day)]


def load_questions(paths: list[Path]) -> list[dict[str, Any]]:
    questions = []
    for path in paths:
        if not path.exists():
            print(f"note: {path} not found; skipped", file=sys.stderr)
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                questions.append(json.loads(line))
            except json.JSONDecodeError as error:
                print(f"{path}:{number}: not JSON ({error}); skipped", file=sys.stderr)
    return questions


def run_check(answerer: Any, checker: Checker, questions: list[dict[str, Any]]) -> Report:
    report = Report()
    started = time.perf_counter()
    for question in questions:
        as_of = date.fromisoformat(question["as_of"]) if question.get("as_of") else None
        answer = answerer.ask(question["question"], platform=question.get("platform"), as_of=as_of)
        report.asked += 1
        if answer.abstained:
            continue
        report.answered += 1
        if answer.history:
            report.with_history += 1
            checker.check(answer, report)
    report.seconds = time.perf_counter() - started
    return report


# --- alignment coverage ----------------------------------------------------------------------


@dataclass
class Coverage:
    newer: int = 0
    before: int = 0
    after: int = 0
    pairs: int = 0
    gains: list[tuple[int, str]] = field(default_factory=list)


def coverage(index: Any) -> Coverage:
    """Clauses of each newer version that continue a clause of the version before it."""
    from fineprint.catalog.alignment import align

    result = Coverage()
    for platform, document in index.registry.documents():
        history = index.registry.history(platform, document)
        for older, newer in pairwise(history):
            old = [index.clauses[int(r)] for r in index.rows_by_version.get(older.version_id, [])]
            new = [index.clauses[int(r)] for r in index.rows_by_version.get(newer.version_id, [])]
            before = len(align(old, new, rewrites=False))
            after = len(align(old, new))
            result.pairs += 1
            result.newer += len(new)
            result.before += before
            result.after += after
            name = f"{platform}/{document} {older.version_date} → {newer.version_date}"
            result.gains.append((after - before, f"{name}: {before} → {after} of {len(new)}"))
    result.gains.sort(key=lambda item: -item[0])
    return result


# --- calibration -------------------------------------------------------------------------------


def calibrate(index: Any, sample: int = 400, seed: int = 11) -> list[str]:
    """The figures behind CLOSE / LOOSE / DENSE_*: how much of a sentence its counterpart in
    the same clause edited holds, against the best sentence of another platform's terms."""
    import numpy as np

    from fineprint.catalog.alignment import align
    from fineprint.catalog.closeness import Sentences, sentences

    rng = random.Random(seed)
    same_share: list[float] = []
    same_dense: list[float] = []
    documents = index.registry.documents()
    for platform, document in documents:
        history = index.registry.history(platform, document)
        for older, newer in pairwise(history):
            old_rows = list(index.rows_by_version.get(older.version_id, []))
            new_rows = list(index.rows_by_version.get(newer.version_id, []))
            old = [index.clauses[int(r)] for r in old_rows]
            new = [index.clauses[int(r)] for r in new_rows]
            for j, (i, kind, _) in align(old, new, rewrites=False).items():
                if kind != "modified":
                    continue
                theirs = Sentences(sentences(old[i].text))
                same_share += [theirs.best(s, 0.0).share for s in sentences(new[j].text)]
                same_dense.append(float(index.vectors[new_rows[j]] @ index.vectors[old_rows[i]]))
    other_share: list[float] = []
    other_dense: list[float] = []
    rows = list(range(len(index.clauses)))
    for row in rng.sample(rows, min(sample, len(rows))):
        clause = index.clauses[row]
        others = [
            r
            for r in index.registry.versions.values()
            if r.platform != clause.platform and r.document == clause.document
        ] or [r for r in index.registry.versions.values() if r.platform != clause.platform]
        version = rng.choice(others)
        their_rows = index.rows_by_version.get(version.version_id)
        if their_rows is None or not len(their_rows):
            continue
        theirs = Sentences([s for r in their_rows for s in sentences(index.clauses[int(r)].text)])
        other_share += [theirs.best(s, 0.0).share for s in sentences(clause.text)]
        other_dense.append(float(np.max(index.vectors[their_rows] @ index.vectors[row])))

    def line(name: str, values: list[float]) -> str:
        if not values:
            return f"| {name} | 0 | | | | | | |"
        ordered = sorted(values)
        pick = [ordered[min(len(ordered) - 1, int(q * len(ordered)))] for q in (0.05, 0.25, 0.5)]
        above = {t: sum(v >= t for v in values) / len(values) for t in (0.5, 0.7)}
        return (
            f"| {name} | {len(values)} | {pick[0]:.2f} | {pick[1]:.2f} | {pick[2]:.2f} "
            f"| {above[0.5]:.1%} | {above[0.7]:.1%} |"
        )

    dense_lines = []
    for threshold in (0.7, 0.75, 0.8, 0.85, 0.9):
        same = sum(v >= threshold for v in same_dense) / max(len(same_dense), 1)
        other = sum(v >= threshold for v in other_dense) / max(len(other_dense), 1)
        dense_lines.append(f"| cosine >= {threshold} | {same:.1%} | {other:.1%} |")
    return [
        "| sentences | n | p5 | p25 | median | >= 0.5 | >= 0.7 |",
        "|---|---|---|---|---|---|---|",
        line("same clause, edited (diff pass 3): best share in its partner", same_share),
        line("another platform's same document: best share in it", other_share),
        "",
        "| stored clause vectors | same clause, edited | best clause of another platform |",
        "|---|---|---|",
        *dense_lines,
    ]


# --- output ----------------------------------------------------------------------------------


def render(report: Report, cover: Coverage, questions: int, store_note: str) -> list[str]:
    total = Tally(
        report.absence.made + report.said.made + report.first.made,
        report.absence.verified + report.said.verified + report.first.verified,
        report.absence.contradicted + report.said.contradicted + report.first.contradicted,
    )
    rows = [
        ("“the terms had no clause on this”", report.absence),
        ("“the terms said …” (quote verbatim)", report.said),
        ("“first appears in the version of …”", report.first),
        ("all history claims", total),
    ]

    def pct(part: int, whole: int) -> str:
        return f"{part / whole:.1%}" if whole else "–"

    lines = [
        f"Store: {store_note}. Questions asked: {report.asked} ({questions} loaded); answered "
        f"{report.answered}; with history lines {report.with_history}; "
        f"{report.seconds:.0f} s.",
        "",
        "| claim | made | verified | contradicted |",
        "|---|---|---|---|",
        *[f"| {name} | {t.made} | {t.verified} | {t.contradicted} |" for name, t in rows],
        "",
        f"“Fineprint found no matching clause in …” lines (no claim): {report.undecided}. "
        f"Lines the check could not read: {len(report.unparsed)}.",
        "",
        f"Alignment coverage over {cover.pairs} consecutive version pairs: of {cover.newer} "
        f"clauses of newer versions, {cover.before} ({pct(cover.before, cover.newer)}) find a "
        f"predecessor with the diff's first three passes (before), {cover.after} "
        f"({pct(cover.after, cover.newer)}) with the shared-sentence pass (after).",
        "",
        "Largest gains: " + "; ".join(text for gain, text in cover.gains[:5] if gain > 0) + ".",
    ]
    return lines


BEFORE = (
    "Before issue 11 (main at 54a5279, the same store and questions, this check run with "
    "`--no-coverage`): 86 “no clause on this” claims, 34 contradicted (40 %); 152 “the terms "
    "said” quotes, 0 contradicted; 111 “first appears”, 5 contradicted; 349 claims, 39 "
    "contradicted."
)


def write_results(lines: list[str]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    command = "FINEPRINT_DATA_DIR=… .venv/bin/python -m bench.history_check --write"
    section = [
        SECTION,
        "",
        f"`{command}` (see bench/history_check.py for the rules).",
        "",
        *lines,
        "",
        BEFORE,
    ]
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        tail = rest.split("\n## ", 1)
        after = "\n## " + tail[1] if len(tail) > 1 else ""
        text = head + "\n".join(section) + "\n" + after
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, nargs="*", default=list(QUESTION_FILES))
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--calibrate", action="store_true", help="print the measurements")
    parser.add_argument("--examples", type=int, default=5, help="contradictions to print")
    parser.add_argument(
        "--no-coverage", action="store_true", help="skip the alignment coverage (older code)"
    )
    args = parser.parse_args(argv)

    from fineprint.answering.build import build_answerer
    from fineprint.catalog.sources import load_sources
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.settings import load_settings
    from fineprint.store import ClauseStore

    configure_offline_environment()
    settings = load_settings()
    store = ClauseStore.open(settings)
    registry = store.load_registry()
    if registry.is_empty:
        print(f"the store at {settings.data_dir} is empty: run `fineprint ingest` first")
        return 2
    answerer = build_answerer(settings, store, registry, load_sources(settings.sources_path))
    index = answerer.index
    questions = load_questions(args.questions)
    report = run_check(answerer, Checker(store, registry), questions)
    cover = Coverage() if args.no_coverage else coverage(index)
    note = (
        f"{len(registry.versions)} versions, {len(index.clauses)} clauses, model {settings.model}"
    )
    lines = render(report, cover, len(questions), note)
    print("\n".join(lines))
    for name, tally in (
        ("absence", report.absence),
        ("said", report.said),
        ("first", report.first),
    ):
        for example in tally.examples[: args.examples]:
            print(f"CONTRADICTED {name}: {example}")
    for line in report.unparsed[: args.examples]:
        print(f"UNREAD: {line}")
    if args.calibrate:
        calibration = calibrate(index)
        print("\n".join(["", *calibration]))
        lines += ["", "Calibration (`--calibrate`):", "", *calibration]
    if args.write:
        write_results(lines)
    kinds = Counter(q.get("kind", "history-check") for q in questions)
    print(f"questions by kind: {dict(kinds)}", file=sys.stderr)
    contradicted = (
        report.absence.contradicted + report.said.contradicted + report.first.contradicted
    )
    return 1 if contradicted else 0


if __name__ == "__main__":
    raise SystemExit(main())
