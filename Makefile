# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CM := $(VENV)/bin/conflictmap
export CONFLICTMAP_DATA_DIR ?= $(CURDIR)/.data
SEEDS := $(wildcard ../shared/seeds/*.txt)
SAMPLES := $(wildcard mapapp/samples/*.txt mapapp/samples/*.html)

.PHONY: setup system-deps index sample run test bench lint clean

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

system-deps:
	@scripts/system-deps.sh

# The gazetteer index is compiled once and rebuilt only when a source changes.
index: setup
	$(CM) gazetteer build

sample: index
	$(CM) ingest $(SAMPLES) $(SEEDS)

run: sample
	$(CM) serve

test: setup system-deps index
	$(PY) -m pytest -q

bench: index
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache
