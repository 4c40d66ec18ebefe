# Fineprint's commands. `make demo` and `make test` each set everything up first.
#
# Python: the first of python3.11, python3.12, python3.13 on PATH (or PYTHON=/path/to/python).
# torch: the CPU build from PyTorch's CPU index (~200 MB download, .venv ~2.1 GB in all); where
# that index cannot be reached, the default index (on Linux that is the CUDA build, several GB).
PYTHON ?= $(shell for candidate in python3.11 python3.12 python3.13; do \
            $$candidate -c "" >/dev/null 2>&1 && { echo $$candidate; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
TORCH  := torch==2.13.0
TORCH_CPU_INDEX ?= https://download.pytorch.org/whl/cpu
QUESTION ?= Can SoundCloud train AI on my voice?

.PHONY: setup demo test lint typecheck unit bench bench-ingest bench-ask train train-encoder \
        train-rerank judge bench-materiality vectors check-python clean

check-python:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c "" >/dev/null 2>&1; then \
	  echo "Fineprint needs Python 3.11, 3.12 or 3.13: none of python3.11, python3.12, python3.13"; \
	  echo "runs here (or PYTHON=$(PYTHON) does not run). Install one, or name it:"; \
	  echo "  make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; exit 2; fi
	@$(PYTHON) -c 'import sys; ok = (3, 11) <= sys.version_info[:2] <= (3, 13); \
	  ok or print("Fineprint needs Python 3.11-3.13; $(PYTHON) is", sys.version.split()[0]); \
	  sys.exit(0 if ok else 2)'

# torch is installed first and pinned, from the CPU index: an unpinned torch from the default
# index would pull a multi-GB CUDA build. `--retries 0` makes an unreachable index fail fast.
$(BIN)/.installed: pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --retries 0 --timeout 20 --index-url $(TORCH_CPU_INDEX) "$(TORCH)" \
	  || { echo "PyTorch's CPU index is unreachable: installing $(TORCH) from the default index"; \
	       $(BIN)/pip install --quiet "$(TORCH)"; }
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup: $(BIN)/.installed

# Ingest the bundled corpus (idempotent: seconds once done) and answer a real question.
demo: setup
	$(BIN)/fineprint ingest
	$(BIN)/fineprint ask "$(QUESTION)"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest -q

test: lint typecheck unit

bench-ingest: setup
	$(BIN)/python -m bench.ingest_bench

bench-ask: setup
	$(BIN)/python -m bench.ask_bench

bench: bench-ingest bench-ask

# The shipped models, from ../shared/training/: the encoder (fineprint/models/minilm-terms/),
# then the rerank cross-encoder built on it (fineprint/models/rerank-terms/). Each resumes
# from its last checkpoint when run again (~/.cache/fineprint-training/).
train: train-encoder train-rerank

train-encoder: setup
	$(BIN)/pip install --quiet -e ".[train]"
	$(BIN)/python -m training.train_encoder

train-rerank: setup
	$(BIN)/python -m training.train_reranker

# The materiality judge (fineprint/models/materiality-judge/judge.json) refitted from the hand
# labels in bench/ (dev split + training sample; never the final split), reading each change
# from the fully ingested store at FINEPRINT_DATA_DIR. Deterministic: same labels, same store,
# same file. `bench-materiality` prints its figures (add ARGS=--final for the held-out split).
judge: setup
	$(BIN)/python -m training.fit_judge

bench-materiality: setup
	$(BIN)/python -m bench.materiality_bench $(ARGS)

# The vectors shipped beside the bundled corpus (corpus/vectors/), which a fresh clone's first
# ingest reads instead of embedding ~20,000 texts. Rebuild them after changing the corpus, the
# splitting or the model: from the embedding cache of the store at FINEPRINT_DATA_DIR where it
# holds them (seconds after an ingest), else embedded (minutes).
vectors: setup
	$(BIN)/python -m ingest.make_vectors

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
