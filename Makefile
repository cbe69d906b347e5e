# The two commands: `make run` serves the platform with demo data; `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run setup test lint typecheck pytest clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: install
	$(BIN)/zhifa migrate --noinput
	$(BIN)/zhifa createcachetable
	$(BIN)/zhifa demo load

# The task worker finishes uploads in the background; it stops when the server stops.
run: setup
	$(BIN)/zhifa db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/zhifa runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check src benchmarks tools
	$(BIN)/ruff format --check src benchmarks tools

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -n auto

test: lint typecheck pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
