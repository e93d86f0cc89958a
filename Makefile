# Two commands set up everything on a fresh machine:
#   make run    create .venv, install govkg, build the graph of the bundled corpus into out/
#   make test   also install the test tools (and, as root, Debian's Chromium), run the tests
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test system-deps bench clean

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: $(RUN_STAMP)
	$(VENV)/bin/govkg build --out out

system-deps:
	bash scripts/install-system-deps.sh

test: $(DEV_STAMP) system-deps
	$(PY) -m pytest -q

bench: $(DEV_STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf out .pytest_cache
