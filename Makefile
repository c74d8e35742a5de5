# Quick start: `make run` (demo), `make test` (all tests). Python 3.11+ is required.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo

.PHONY: run test bench lint system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/inpublic demo $(DEMO_DIR)

system-deps:
	@scripts/system-deps

test: system-deps $(VENV)/.installed-test
	$(BIN)/python -m pytest

$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

.bench/node_modules/.bin/write-good:
	npm install --silent --no-audit --no-fund --prefix .bench write-good@1.0.8

bench: $(VENV)/.installed-bench .bench/node_modules/.bin/write-good
	@# Byte-compile inpublic as pip does for a regular install (an editable one is not).
	$(BIN)/python -m compileall -q src
	@for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .hypothesis .ruff_cache
