"""Compare two `bench/snapshot_answers.sh` snapshots: which files are byte-identical, and for
the answers, whether their data is (keys named with --ignore dropped from citations first).

    python bench/snapshot_compare.py BEFORE AFTER [--ignore language clause]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def without(answer: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    for citation in answer.get("citations", []):
        for key in keys:
            citation.pop(key, None)
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", nargs="*", default=[])
    args = parser.parse_args()
    for path in sorted(args.before.iterdir()):
        other = args.after / path.name
        same = other.exists() and path.read_bytes() == other.read_bytes()
        print(("same " if same else "DIFF ") + path.name)
    lines = [
        [without(json.loads(line), args.ignore) for line in (folder / "answers.jsonl").open()]
        for folder in (args.before, args.after)
    ]
    for answers in lines:
        for answer in answers:
            answer.pop("answer", None)  # the rendered text, compared byte for byte above
    differing = sum(a != b for a, b in zip(*lines, strict=True))
    print(f"answers whose data differs: {differing} of {len(lines[0])}")


if __name__ == "__main__":
    main()
