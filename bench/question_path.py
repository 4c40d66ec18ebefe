"""The path of one question through the code, walked and counted (CONTRIBUTING states it).

    .venv/bin/python -m bench.question_path ["QUESTION"]

Answers the question once to warm the caches, then again under cProfile, rendered as the
terminal renders it, and prints which of Fineprint's own modules were entered and how many
of their functions ran — the path CONTRIBUTING describes, measured rather than remembered.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("cli", "bot", "ingest", "fineprint")


def own_functions(stats: pstats.Stats) -> dict[str, set[str]]:
    """Module path → the functions of it that ran."""
    found: dict[str, set[str]] = defaultdict(set)
    for filename, _, name in stats.stats:  # type: ignore[attr-defined]
        path = Path(filename)
        try:
            relative = path.resolve().relative_to(REPO)
        except ValueError:
            continue
        if relative.parts and relative.parts[0] in PACKAGES:
            found[str(relative)].add(name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default="Can SoundCloud train AI on my voice?")
    args = parser.parse_args()

    from cli.render_text import answer_text
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.service import Fineprint
    from fineprint.settings import load_settings

    configure_offline_environment()
    service = Fineprint(load_settings())
    answer_text(service.ask("warm up the caches"))
    profile = cProfile.Profile()
    profile.enable()
    answer_text(service.ask(args.question))
    profile.disable()
    found = own_functions(pstats.Stats(profile))
    for module in sorted(found, key=lambda m: (m.split("/")[0] != "cli", m)):
        print(f"{module}: {len(found[module])} functions")
    total = sum(len(names) for names in found.values())
    print(f"{len(found)} modules, {total} functions for {args.question!r}")


if __name__ == "__main__":
    main()
