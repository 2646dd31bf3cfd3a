# One entry point for set-up, the service and the checks. `make run` and `make test` install
# everything they need on a fresh machine (Python packages into .venv; Chromium for the browser
# tests through apt when it is missing). `make run` installs the service alone; the test tools
# (pytest, mypy, ruff, schemathesis, playwright, …) come with `make test` and the checks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICE := $(VENV)/.installed-service
STAMP := $(VENV)/.installed
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run test check lint types imports pytest bench browser services clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What `jifen serve` needs, and nothing else.
$(SERVICE): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	touch $(SERVICE)

# The service and the test tools.
$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	touch $(STAMP) $(SERVICE)

run: $(SERVICE)
	$(BIN)/jifen serve

test: $(STAMP) browser services check pytest

check: lint types imports

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench

# Debian's Chromium for the page tests in a real browser (playwright drives it; no browser
# download of its own), and a CJK font so the screenshots it keeps are readable.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 && dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; }

# The store tests also run on the machine's PostgreSQL; start it if it has stopped.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  { command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start || true; }

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
