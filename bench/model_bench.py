"""Stock vs tuned encoder, with and without long-clause windows, on both measures, one table.

    .venv/bin/python -m bench.model_bench --stock-data DIR --tuned-data DIR

(a) held-out-service validation of the training pairs (never seen in training; from
    `fineprint/models/minilm-terms/training.json`, written by `make train`): each held-out
    service's passages ranked for each of its queries;
(b) the bench: ../shared/eval/dev_questions.jsonl, bench/questions.jsonl and the frozen
    bench/questions_wave2.jsonl, scored as ../shared/eval/README.md says.

The stock store is one ingested with FINEPRINT_MODEL=stock (before windows existed, or with
them), the tuned one with the default model. Constants are never tuned on (b).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.ask_bench import (
    DEV_QUESTIONS,
    OWN_QUESTIONS,
    WAVE2_QUESTIONS,
    build_fineprint,
    load_questions,
    run_system,
)
from bench.scoring import score

BENCH = Path(__file__).resolve().parent
TRAINING_RECORD = BENCH.parent / "fineprint" / "models" / "minilm-terms" / "training.json"
KINDS = ("current", "history", "version-sensitive", "answerable")
START, END = "<!-- model_bench: start -->", "<!-- model_bench: end -->"


def answer_function(data_dir: Path, model: str, windows: bool) -> Any:
    from fineprint.answering.build import SearchOptions

    return build_fineprint({"data_dir": data_dir, "model": model}, SearchOptions(windows=windows))


def bench_rows(name: str, scores: dict[str, dict[str, float]]) -> list[str]:
    cells = []
    for kind in KINDS:
        item = scores.get(kind, {})
        cells.append(
            f"{item.get('recall@1', 0):.3f} / {item.get('recall@5', 0):.3f} / "
            f"{item.get('mrr@10', 0):.3f}"
        )
    answerable = scores.get("answerable", {})
    nic = scores.get("not-in-corpus", {})
    cells.append(f"{answerable.get('false_abstention_rate', 0):.1%}")
    cells.append(f"{nic.get('abstention_rate', 0):.0%} of {int(nic.get('n', 0))}")
    return [f"| {name} | " + " | ".join(cells) + " |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stock-data", type=Path, required=True)
    parser.add_argument("--tuned-data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()

    record = json.loads(TRAINING_RECORD.read_text())
    validation = record["validation"]
    lines = [
        START,
        "## Stock vs tuned encoder, windows, on both measures",
        "",
        f"Produced by `.venv/bin/python -m bench.model_bench` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (2-core machine, one run).",
        "",
        "## (a) Held-out-service validation (R@1 / R@5 / MRR@10, ranking a service's passages)",
        "",
        "| model | ToS;DR titles → quotes | PolicyQA questions → paragraphs |",
        "|---|---|---|",
    ]
    for name in ("stock", "tuned"):
        cells = []
        for source in ("tosdr", "policyqa"):
            item = validation[name][source]
            cells.append(
                f"{item['recall@1']:.3f} / {item['recall@5']:.3f} / {item['mrr@10']:.3f}"
                f" (n={item['queries']})"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append(
        f"\nHeld out: {record['held_out_pairs']} pairs of {record['held_out_services']} services "
        f"and sites; windows do not apply (passages are short).\n"
    )
    sets = {
        "dev + own (81, as before)": load_questions([DEV_QUESTIONS, OWN_QUESTIONS]),
        "wave 2 (67, frozen, new)": load_questions([WAVE2_QUESTIONS]),
    }
    configs = [
        ("stock", args.stock_data, "stock", False),
        ("tuned", args.tuned_data, "minilm-terms", False),
        ("tuned + windows", args.tuned_data, "minilm-terms", True),
    ]
    lines.append(
        "Windows: long clauses score by their best window, on the dense and the BM25 signal. "
        "Every row ranks the question without its platform names, date phrase and chat "
        "filler. A cross-encoder reranker was not built: `python -m bench.reranker_cost` shows "
        "its cost alone is far over the warm p50 budget of 50 ms.\n"
    )
    header = (
        "| system | current R@1/R@5/MRR | history | version-sensitive | answerable | "
        "false abstention | not-in-corpus abstained |"
    )
    for set_name, questions in sets.items():
        lines += [f"## (b) Bench: {set_name}", "", header, "|---|---|---|---|---|---|---|"]
        for name, data_dir, model, windows in configs:
            results, _ = run_system(answer_function(data_dir, model, windows), questions)
            lines += bench_rows(name, score(results))
            print(lines[-1], flush=True)
        lines.append("")
    lines.append(END)
    report = "\n".join(lines)
    print(report)
    write_section(args.out, report)


def write_section(path: Path, section: str) -> None:
    """Put the section between its markers in `path` (after the title when it has none yet),
    leaving the rest of the results file as it was."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Ask benchmark\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{section}\n{rest}"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
