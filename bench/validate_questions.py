"""Check benchmark question files against the corpus.

Usage: python bench/validate_questions.py FILE.jsonl [FILE.jsonl ...] [--corpus DIR]

A question set is only useful if every gold clause really is in the corpus, byte for byte,
in the versions it lists; otherwise a correct system is scored as wrong. This script checks
each line of each file (fields, kinds, unique ids, that folders and version files exist, that
each gold text is a substring of each listed version's body, and the version_dates rules of
the eval README), prints every problem with its file and line, and exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("current", "history", "version-sensitive", "not-in-corpus")
QUESTION_FIELDS = {"id", "question", "platform", "as_of", "gold", "kind"}
GOLD_FIELDS = {"platform", "document", "version_dates", "text"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def read_body(path: Path) -> str:
    """Return the text after the front matter's closing '---' line, byte for byte.

    newline="" keeps any carriage returns, so substring checks see exactly what is on disk.
    """
    with path.open(encoding="utf-8", newline="") as f:
        text = f.read()
    if not text.startswith("---\n"):
        raise ValueError(f"{path}: no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError(f"{path}: front matter is not closed")
    return text[end + len("\n---\n") :]


def slug(value: str) -> str:
    """Normalise a name the way the scorer does, to spot near-duplicates of corpus platforms."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


@dataclass
class Corpus:
    """Lazy view of corpus/<platform>/<document>/<date>.md, caching bodies as they are read."""

    root: Path
    _bodies: dict[Path, str] = field(default_factory=dict)

    def platforms(self) -> set[str]:
        return {p.name for p in self.root.iterdir() if p.is_dir()}

    def versions(self, platform: str, document: str) -> list[str]:
        """Version dates of a document, oldest first."""
        folder = self.root / platform / document
        return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []

    def body(self, platform: str, document: str, date: str) -> str:
        path = self.root / platform / document / f"{date}.md"
        if path not in self._bodies:
            self._bodies[path] = read_body(path)
        return self._bodies[path]


def parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def in_force(versions: list[str], as_of: str) -> str | None:
    """Newest version dated on or before as_of (ISO dates sort as strings)."""
    eligible = [v for v in versions if v <= as_of]
    return eligible[-1] if eligible else None


def first_appearance(corpus: Corpus, platform: str, document: str, text: str) -> str | None:
    """Oldest version whose body contains text."""
    for version in corpus.versions(platform, document):
        if text in corpus.body(platform, document, version):
            return version
    return None


def check_gold(gold: object, question: dict, corpus: Corpus, where: str) -> list[str]:
    """Problems with one gold item; empty when it is sound."""
    if not isinstance(gold, dict):
        return [f"{where}: gold item is not an object"]
    if set(gold) != GOLD_FIELDS:
        return [f"{where}: gold fields {sorted(gold)} != {sorted(GOLD_FIELDS)}"]
    platform, document, dates, text = (
        gold[k] for k in ("platform", "document", "version_dates", "text")
    )
    if not isinstance(platform, str) or not isinstance(document, str):
        return [f"{where}: gold platform and document must be strings"]
    if not isinstance(text, str) or not text.strip():
        return [f"{where}: empty gold text"]
    if not isinstance(dates, list) or not dates:
        return [f"{where}: version_dates must be a non-empty list"]
    if len(set(dates)) != len(dates) or any(parse_date(d) is None for d in dates):
        return [f"{where}: version_dates {dates} must be distinct YYYY-MM-DD dates"]
    versions = corpus.versions(platform, document)
    if not versions:
        return [f"{where}: no corpus folder {platform}/{document}"]
    errors = []
    for date in dates:
        if date not in versions:
            errors.append(f"{where}: no version {platform}/{document}/{date}.md")
        elif text not in corpus.body(platform, document, date):
            errors.append(f"{where}: text not in body of {platform}/{document}/{date}.md")
    if errors:
        return errors

    kind, as_of = question["kind"], question["as_of"]
    newest = versions[-1]
    if kind == "current" and dates != [newest]:
        errors.append(f"{where}: current question must cite only the newest version {newest}")
    elif kind == "version-sensitive":
        expected = in_force(versions, as_of)
        if dates != [expected]:
            errors.append(f"{where}: version in force on {as_of} is {expected}, not {dates}")
    elif kind == "history":
        allowed = []
        if as_of is not None:
            allowed.append(in_force(versions, as_of))
        allowed.append(first_appearance(corpus, platform, document, text))
        if dates not in ([a] for a in allowed if a):
            errors.append(
                f"{where}: history gold must be the version in force on as_of or the first "
                f"version containing the text ({sorted(set(filter(None, allowed)))}), not {dates}"
            )
    return errors


def check_question(q: object, corpus: Corpus, where: str) -> list[str]:
    """Problems with one question line; empty when it is sound."""
    if not isinstance(q, dict):
        return [f"{where}: line is not a JSON object"]
    if set(q) != QUESTION_FIELDS:
        return [f"{where}: fields {sorted(q)} != {sorted(QUESTION_FIELDS)}"]
    errors = []
    if q["kind"] not in KINDS:
        return [f"{where}: kind {q['kind']!r} not one of {KINDS}"]
    if not isinstance(q["id"], str) or not q["id"].strip():
        errors.append(f"{where}: id must be a non-empty string")
    if not isinstance(q["question"], str) or not q["question"].strip():
        errors.append(f"{where}: question must be a non-empty string")
    platform = q["platform"]
    if platform is not None and (not isinstance(platform, str) or not SLUG_RE.match(platform)):
        errors.append(f"{where}: platform {platform!r} must be null or a lowercase slug")
    as_of = q["as_of"]
    if as_of is not None and parse_date(as_of) is None:
        errors.append(f"{where}: as_of {as_of!r} must be null or YYYY-MM-DD")
    if q["kind"] == "version-sensitive" and as_of is None:
        errors.append(f"{where}: version-sensitive questions need as_of")
    if q["kind"] == "current" and as_of is not None:
        errors.append(f"{where}: current questions must have as_of null")
    if not isinstance(q["gold"], list):
        return [*errors, f"{where}: gold must be a list"]
    if errors:
        return errors

    corpus_platforms = corpus.platforms()
    if q["kind"] == "not-in-corpus":
        if q["gold"]:
            errors.append(f"{where}: not-in-corpus questions must have empty gold")
        if platform is None:
            errors.append(f"{where}: not-in-corpus questions must name their platform")
        # A covered platform is fine when what is asked is not held: another region's terms,
        # a year before the first version, or a topic the terms are silent on.
        return errors

    if not q["gold"]:
        return [f"{where}: answerable question without gold"]
    if platform is not None:
        if platform not in corpus_platforms:
            errors.append(f"{where}: platform {platform} is not a corpus folder")
        elif not any(isinstance(g, dict) and g.get("platform") == platform for g in q["gold"]):
            errors.append(f"{where}: no gold item from the named platform {platform}")
    for i, gold in enumerate(q["gold"]):
        errors.extend(check_gold(gold, q, corpus, f"{where} gold[{i}]"))
    return errors


def validate(paths: list[Path], corpus: Corpus) -> tuple[list[str], list[dict]]:
    """Check every line of every file; ids must be unique across all of them."""
    errors: list[str] = []
    questions: list[dict] = []
    seen: dict[str, str] = {}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{path}:{n}"
            if not line.strip():
                errors.append(f"{where}: blank line")
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc})")
                continue
            problems = check_question(q, corpus, where)
            errors.extend(problems)
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                if q["id"] in seen:
                    errors.append(f"{where}: duplicate id {q['id']} (first at {seen[q['id']]})")
                seen.setdefault(q["id"], where)
            if not problems:
                questions.append(q)
    return errors, questions


def summary(questions: list[dict]) -> str:
    """One-paragraph overview so a passing run still shows what the set covers."""
    kinds = Counter(q["kind"] for q in questions)
    gold_platforms = {g["platform"] for q in questions for g in q["gold"]}
    named = Counter(q["platform"] for q in questions)
    documents = Counter(g["document"] for q in questions for g in q["gold"])
    return "\n".join(
        [
            f"{len(questions)} valid questions: "
            + ", ".join(f"{k}={kinds.get(k, 0)}" for k in KINDS),
            f"{len(gold_platforms)} gold platforms: {', '.join(sorted(gold_platforms))}",
            f"platform null in {named.get(None, 0)} questions",
            "gold documents: " + ", ".join(f"{d}={n}" for d, n in documents.most_common()),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    errors, questions = validate(args.files, Corpus(args.corpus))
    for error in errors:
        print(error, file=sys.stderr)
    print(summary(questions))
    print("FAIL" if errors else "OK", f"({len(errors)} problems)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
