"""How well Fineprint answers questions about time, by intent, on the frozen history set.

    .venv/bin/python -m bench.history_bench              # table on stdout
    .venv/bin/python -m bench.history_bench --misses     # and each question it gets wrong
    .venv/bin/python -m bench.history_bench --wave4      # the set written after wave 3's tuning

Questions: bench/history_questions_wave3.jsonl (88, written blind and frozen: bench/FROZEN.md),
each with an `intent`. Every figure uses the hit rule of ../shared/eval/README.md
(`bench.scoring.is_hit`: right platform, document and version, overlapping text):

- since-when: the answer must cite the *first* version that answers (the gold's version) —
  scored on quote [1] (what the answer leads with) and on the first five quotes;
- what-changed: both sides cited, the old wording and the new one, each from its version,
  within the first five quotes;
- still-true and as-of: quote [1] (and the first five) hits the gold of the version in force.

Also printed: the median latency of these answers beside the same answerer's latency on the
plain questions of bench/questions_wave3.jsonl (issue 20's "≤ 2× a plain one").
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.ask_bench import build_fineprint, load_questions
from bench.scoring import is_hit

BENCH = Path(__file__).resolve().parent
HISTORY_QUESTIONS = BENCH / "history_questions_wave3.jsonl"
DEV_QUESTIONS = BENCH / "history_dev_questions.jsonl"  # the validation split: tune on this
# … and a second one, written blind for the cases the first lacks (a general mention before the
# specific rule, rules gone from the newest version): bench/HISTORY_DEV.md
DEV2_QUESTIONS = BENCH / "history_dev2_questions.jsonl"
# written blind after the eighth session's changes, which looked at wave 3's misses: the
# held-out figure for since-when and what-changed (bench/FROZEN.md, wave 4)
WAVE4_QUESTIONS = BENCH / "history_questions_wave4.jsonl"
PLAIN_QUESTIONS = BENCH / "questions_wave3.jsonl"
TOP = 5


def _hits(citations: list[dict[str, Any]], golds: list[dict[str, Any]]) -> bool:
    return any(is_hit(c, g) for c in citations for g in golds)


CORPUS = BENCH.parent / "corpus"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _body(platform: str, document: str, day: str) -> str:
    text = (CORPUS / platform / document / f"{day}.md").read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[-1]
    return _flat(text)


def false_no_clause_lines(question: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    """The question-level history check: each "no clause" line of the answer ("the terms had
    no clause on this", "no clause answering this was found in …") whose versions hold a gold
    text of the question — a clause that answers it, written down blind — is false."""
    cited = (answer.get("citations") or [None])[0]
    if cited is None:
        return []
    folder = CORPUS / cited["platform"] / cited["document"]
    days = sorted(path.stem for path in folder.glob("*.md"))
    false = []
    for entry in answer.get("history") or []:
        if entry["kind"] not in ("no_clause", "unanswered"):
            continue
        covered = [d for d in days if entry["first"] <= d <= entry["last"]]
        for gold in question.get("gold") or []:
            if (gold["platform"], gold["document"]) != (cited["platform"], cited["document"]):
                continue
            holding = [
                d
                for d in covered
                if _flat(gold["text"]) in _body(gold["platform"], gold["document"], d)
            ]
            if holding:
                false.append(f"{question['id']}: {entry['kind']} {covered} — gold in {holding}")
    return false


def judge(question: dict[str, Any], answer: dict[str, Any]) -> dict[str, bool]:
    """{'first': …, 'top5': …} for one question (both False when it abstained)."""
    citations = [] if answer.get("abstained") else list(answer.get("citations") or [])
    golds = list(question.get("gold") or [])
    if question.get("intent") == "what-changed":
        old = [g for g in golds if g.get("side") == "old"]
        new = [g for g in golds if g.get("side") == "new"]
        both = _hits(citations[:TOP], old) and _hits(citations[:TOP], new)
        lead = _hits(citations[:2], old) and _hits(citations[:2], new)
        return {"first": lead, "top5": both}
    return {"first": _hits(citations[:1], golds), "top5": _hits(citations[:TOP], golds)}


@dataclass
class Run:
    """One pass over a question set: verdicts by intent, latencies, misses, and the false
    "no clause" lines the question-level check found."""

    by_intent: dict[str, list[dict[str, bool]]] = field(default_factory=lambda: defaultdict(list))
    latencies: list[float] = field(default_factory=list)
    misses: list[Any] = field(default_factory=list)
    false_lines: list[str] = field(default_factory=list)
    # still-true questions that say whether the rule is still there: (id, right?) for the
    # answer's verdict (`time.still`; an abstention says nothing, so it is not right)
    still_verdicts: list[tuple[str, bool]] = field(default_factory=list)
    # since-when questions: (id, right?) for the first version the answer names
    # (`time.first_version`, what its lead says), whichever sentence it quotes
    since_versions: list[tuple[str, bool]] = field(default_factory=list)


def run(answer: Any, questions: list[dict[str, Any]]) -> Run:
    found = Run()
    for question in questions:
        started = time.perf_counter()
        result = answer(question)
        found.latencies.append((time.perf_counter() - started) * 1000)
        found.false_lines.extend(false_no_clause_lines(question, result))
        verdict = judge(question, result)
        found.by_intent[question["intent"]].append(verdict)
        if question["intent"] == "still-true" and "still" in question:
            said = (result.get("time") or {}).get("still")
            found.still_verdicts.append((question["id"], said is question["still"]))
        if question["intent"] == "since-when":
            named = (result.get("time") or {}).get("first_version")
            days = {day for gold in question["gold"] for day in gold["version_dates"]}
            found.since_versions.append((question["id"], named in days))
        if not verdict["top5"] or not verdict["first"]:
            found.misses.append((question, result, verdict))
    return found


def table(by_intent: dict[str, list[dict[str, bool]]]) -> str:
    lines = [f"{'intent':<14}{'n':>4}{'[1] (both in [1-2])':>22}{'top 5 (both)':>15}"]
    every = [r for rows in by_intent.values() for r in rows]
    for intent in ("since-when", "what-changed", "still-true", "as-of", "all"):
        rows = every if intent == "all" else by_intent.get(intent, [])
        if not rows:
            continue
        first = sum(r["first"] for r in rows) / len(rows)
        top = sum(r["top5"] for r in rows) / len(rows)
        lines.append(f"{intent:<14}{len(rows):>4}{first:>22.3f}{top:>15.3f}")
    return "\n".join(lines)


def since_grid(answer: Any, questions: list[dict[str, Any]]) -> None:
    """answering.time_path.SINCE_SPAN_MARGIN, then SINCE_WORD_IDF (the other at its shipped
    value; 99 = no word required), over a grid, on the given set (since-when only)."""
    from fineprint.answering import time_path

    asked = [q for q in questions if q["intent"] == "since-when"]
    shipped = time_path.SINCE_SPAN_MARGIN, time_path.SINCE_WORD_IDF

    def row(name: str, value: float) -> None:
        verdicts = run(answer, asked).by_intent["since-when"]
        first = sum(v["first"] for v in verdicts) / len(verdicts)
        top5 = sum(v["top5"] for v in verdicts) / len(verdicts)
        print(f"{name:>9}{value:>7.2f}{first:>11.3f}{top5:>8.3f}")

    print(f"{'constant':>9}{'value':>7}{'since [1]':>11}{'top 5':>8}")
    for margin in (0.0, 0.02, 0.05, 0.08, 0.10, 0.15, 0.20, 1.0):
        time_path.SINCE_SPAN_MARGIN = margin
        row("margin", margin)
    time_path.SINCE_SPAN_MARGIN = shipped[0]
    for idf in (2.5, 3.0, 4.0, 5.0, 6.0, 99.0):
        time_path.SINCE_WORD_IDF = idf
        row("word idf", idf)
    time_path.SINCE_SPAN_MARGIN, time_path.SINCE_WORD_IDF = shipped


def still_grid(answer: Any, questions: list[dict[str, Any]]) -> None:
    """answering.time_path.STILL_WORD_IDF over a grid (99 = no word required), on the given set
    (still-true only): [1], top 5, and whether the answer's still / no longer is right."""
    from fineprint.answering import time_path

    asked = [q for q in questions if q["intent"] == "still-true"]
    shipped = time_path.STILL_WORD_IDF
    print(f"{'word idf':>9}{'still [1]':>11}{'top 5':>8}{'verdict':>9}")
    for idf in (2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 99.0):
        time_path.STILL_WORD_IDF = idf
        found = run(answer, asked)
        verdicts = found.by_intent["still-true"]
        first = sum(v["first"] for v in verdicts) / len(verdicts)
        top5 = sum(v["top5"] for v in verdicts) / len(verdicts)
        right = sum(ok for _, ok in found.still_verdicts) / max(len(found.still_verdicts), 1)
        print(f"{idf:>9.2f}{first:>11.3f}{top5:>8.3f}{right:>9.3f}")
    time_path.STILL_WORD_IDF = shipped


def grid(answer: Any, questions: list[dict[str, Any]]) -> None:
    """The bar's two constants (answering.versions_asked) over a grid, on the given set."""
    from fineprint.answering import versions_asked

    print(f"{'margin':>7}{'share':>7}{'since [1]':>11}{'changed [1-2]':>15}{'still [1]':>11}")
    for margin in (0.05, 0.10, 0.15, 0.20, 1.0):
        for share in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8):
            versions_asked.VERSION_MARGIN, versions_asked.FUSED_SHARE = margin, share
            by_intent = run(answer, questions).by_intent
            cells = [
                sum(r["first"] for r in by_intent.get(i, [])) / max(len(by_intent.get(i, [])), 1)
                for i in ("since-when", "what-changed", "still-true")
            ]
            print(f"{margin:>7.2f}{share:>7.2f}" + "".join(f"{c:>13.3f}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="print each question missed")
    parser.add_argument("--rerank", choices=["on", "off"], default=None)
    parser.add_argument(
        "--dev", action="store_true", help="the validation split (bench/history_dev_questions)"
    )
    parser.add_argument(
        "--dev2", action="store_true", help="the second validation split (history_dev2_questions)"
    )
    parser.add_argument(
        "--wave4", action="store_true", help="the wave-4 set (since-when and what-changed)"
    )
    parser.add_argument("--grid", action="store_true", help="tune the bar (use with --dev)")
    parser.add_argument(
        "--since-grid",
        action="store_true",
        help="tune SINCE_SPAN_MARGIN and SINCE_WORD_IDF (use with --dev)",
    )
    parser.add_argument(
        "--still-grid", action="store_true", help="tune STILL_WORD_IDF (use with --dev)"
    )
    args = parser.parse_args()
    overrides = {} if args.rerank is None else {"rerank": args.rerank}
    answer = build_fineprint(overrides)
    chosen = (
        DEV_QUESTIONS
        if args.dev
        else DEV2_QUESTIONS
        if args.dev2
        else WAVE4_QUESTIONS
        if args.wave4
        else HISTORY_QUESTIONS
    )
    questions = load_questions([chosen])
    if args.since_grid:
        since_grid(answer, questions)
        return
    if args.still_grid:
        still_grid(answer, questions)
        return
    if args.grid:
        grid(answer, questions)
        return
    plain = load_questions([PLAIN_QUESTIONS])
    answer(plain[0])  # warm-up
    plain_ms = run(answer, [{**q, "intent": "plain"} for q in plain]).latencies
    asked = run(answer, questions)
    by_intent, history_ms, misses = asked.by_intent, asked.latencies, asked.misses
    print(table(by_intent))
    print(f"false 'no clause' lines (question-level check): {len(asked.false_lines)}")
    if asked.still_verdicts:
        wrong = [qid for qid, right in asked.still_verdicts if not right]
        right = len(asked.still_verdicts) - len(wrong)
        print(f"still-true verdicts right: {right} of {len(asked.still_verdicts)} {wrong or ''}")
    if asked.since_versions:
        wrong = [qid for qid, right in asked.since_versions if not right]
        right = len(asked.since_versions) - len(wrong)
        print(
            f"since-when first version named right: {right} of {len(asked.since_versions)}",
            wrong or "",
        )
    for line in asked.false_lines:
        print("  ", line)
    print(
        f"latency p50: history {statistics.median(history_ms):.0f} ms, "
        f"plain {statistics.median(plain_ms):.0f} ms "
        f"(ratio {statistics.median(history_ms) / statistics.median(plain_ms):.2f})"
    )
    if args.misses:
        for question, result, verdict in misses:
            print(f"\n{question['id']} [{question['intent']}] {verdict} {question['question']}")
            print("  gold:", [(g["version_dates"], g.get("side")) for g in question["gold"]])
            for c in (result.get("citations") or [])[:TOP]:
                quote = " ".join(c["quote"].split())[:110]
                print(f"  - {c['document']} {c['version_date']}: {quote}")


if __name__ == "__main__":
    main()
