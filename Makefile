# The index of what a person runs. `make build` and `make test` set everything up on a fresh
# machine: a virtual environment in .venv, and (as root on Debian) the system packages the
# rendering and validator tests need: LibreOffice, Persian fonts, poppler, pandoc, the Open XML
# SDK validator from npm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps

.PHONY: build validate check status test lint format typecheck bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	# An editable install is not byte-compiled as a wheel install is; without this, every
	# command compiles gdcpos again where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

$(SYSTEM_STAMP): tools/install-system-deps.sh tools/ooxml/package-lock.json | $(STAMP)
	bash tools/install-system-deps.sh
	touch $(SYSTEM_STAMP)

system-deps: $(SYSTEM_STAMP)  ## LibreOffice, fonts, poppler, pandoc, the OOXML validator

build: $(STAMP)  ## the main job: the commission's documents from this workspace, in build/
	$(BIN)/gdcpos build

validate: $(STAMP)
	$(BIN)/gdcpos validate

check: $(STAMP)  ## what CI checks: every duty has an owner and a contribution
	$(BIN)/gdcpos check

status: $(STAMP)
	$(BIN)/gdcpos status

test: $(STAMP) $(SYSTEM_STAMP)  ## the whole test suite, in parallel (rendering tests included)
	$(BIN)/python -m pytest -n auto -q

lint: $(STAMP)  ## ruff and mypy, as CI runs them
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests tools bench
	$(BIN)/ruff check --fix src tests tools bench

bench: $(STAMP) $(SYSTEM_STAMP)  ## gdcpos beside PyYAML+docxtpl and pandoc (see bench/README.md)
	$(BIN)/python -m bench.run

clean:
	rm -rf build bench/out .pytest_cache .mypy_cache .ruff_cache
