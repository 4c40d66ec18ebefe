# Fineprint's commands. `make demo` and `make test` each set everything up first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
QUESTION ?= Can SoundCloud train AI on my voice?

.PHONY: setup demo test lint typecheck unit bench bench-ingest bench-ask clean

# torch is installed first and pinned: an unpinned torch would pull a multi-GB CUDA build.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "torch==2.13.0"
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

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
