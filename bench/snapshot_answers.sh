#!/usr/bin/env bash
# Snapshot what a checkout shows users, to prove a refactor changed nothing:
#   bench/snapshot_answers.sh CHECKOUT OUTDIR
# writes `--help` of every command, the JSON of `ask --jsonl` on bench/questions.jsonl (61 real
# questions), one `ask --json`, one text answer, `changes soundcloud --json`, `platforms --json`
# and one `clause`, from CHECKOUT's code on the store at FINEPRINT_DATA_DIR (default ./data of
# this clone). Compare two snapshots with `python bench/snapshot_compare.py BEFORE AFTER`.
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$1"; out="$2"; mkdir -p "$out"
export TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 COLUMNS=100
export FINEPRINT_DATA_DIR="${FINEPRINT_DATA_DIR:-$here/data}" PYTHONPATH="$1"
py="$here/.venv/bin/python"
run() { "$py" -c "import sys; sys.argv[0]='fineprint'; from cli.main import main; main()" "$@"; }
run --help > "$out/help-main.txt" 2>&1
for c in ingest platforms clause ask changes watch bot; do run "$c" --help > "$out/help-$c.txt" 2>&1; done
"$py" -c "
import json, sys
for line in open('$here/bench/questions.jsonl'):
    q = json.loads(line)
    print(json.dumps({k: q.get(k) for k in ('id', 'question', 'platform', 'as_of')}))
" > "$out/questions.jsonl"
run ask --jsonl "$out/questions.jsonl" > "$out/answers.jsonl" 2> "$out/answers.err"
run ask --json "Do I keep the copyright in videos I upload to YouTube?" > "$out/ask-yt.json" 2>&1
run ask "since when can soundcloud train ai on my music?" > "$out/ask-sc.txt" 2>&1
run changes soundcloud --json > "$out/changes-sc.json" 2>&1
run platforms --json > "$out/platforms.json" 2>&1
run clause youtube terms 2 > "$out/clause.txt" 2>&1
wc -l "$out/answers.jsonl"
