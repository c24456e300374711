# The index of what a person runs. `make build` and `make test` set everything up on a fresh
# machine (a virtual environment in .venv); `make ci-deps` installs the system packages the
# rendering and validator tests need (LibreOffice, Persian fonts, poppler, pandoc, node validator).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build validate check test lint format typecheck bench ci-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

build: $(STAMP)  ## the main job: the commission's documents from this repository's workspace
	$(BIN)/gdcpos build

validate: $(STAMP)
	$(BIN)/gdcpos validate

test: $(STAMP)  ## the whole test suite, in parallel
	$(BIN)/python -m pytest -n auto -q

lint: $(STAMP)  ## ruff and mypy, as CI runs them
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests tools
	$(BIN)/ruff check --fix src tests tools

bench: $(STAMP)  ## gdcpos beside PyYAML+docxtpl and pandoc on synthetic workspaces
	$(BIN)/python -m bench.run

ci-deps:  ## system packages for the rendering and validator tests (root, Debian)
	bash tools/install-system-deps.sh

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
