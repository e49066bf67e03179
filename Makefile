# Registre IA Santé — the README's commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
DSFR_STAMP := node_modules/@gouvfr/dsfr/package.json
PY_STAMP := $(VENV)/.installed

.PHONY: help install assets translations db demo run test test-pg e2e lint check bench load weight clean messages

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(PY_STAMP) ## Create .venv and install the Python packages

$(DSFR_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Every file the pages load, content-named and pre-compressed (assets/build.mjs): rebuilt when
# a source, a template (the icons used) or a pinned package changes.
ASSETS_MANIFEST := build/manifest.json
ASSET_SOURCES := assets/build.mjs assets/config.json $(wildcard registry/static/*) \
	$(wildcard templates/*.html templates/*/*.html)

$(ASSETS_MANIFEST): $(DSFR_STAMP) $(ASSET_SOURCES)
	node assets/build.mjs

# The Marianne faces of the PDFs, unpacked from DSFR's web fonts (registry/pdf/fonts.py).
PDF_FONTS := build/fonts/Marianne-Regular.ttf

$(PDF_FONTS): $(DSFR_STAMP) $(PY_STAMP) registry/pdf/fonts.py
	$(BIN)/python -m registry.pdf.fonts

assets: $(ASSETS_MANIFEST) $(PDF_FONTS) ## Build the static files from the pinned npm packages (DSFR, plotly.js, esbuild) and the PDF fonts

translations: $(PY_STAMP) ## Compile the FR/EN message catalogues
	$(BIN)/pybabel compile -d registry/translations

db: install translations ## Apply the migrations (SQLite file by default)
	$(FLASK) db upgrade

demo: db ## Load the fictional demo data (idempotent) and print the logins
	$(FLASK) demo load

run: assets demo ## Install everything, migrate, load the demo and serve http://127.0.0.1:5000
	@echo "Serving http://$(HOST):$(PORT) — Ctrl+C to stop."
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install assets translations ## The whole suite on SQLite (browser tests excluded: make e2e)
	$(BIN)/python -m pytest -m "not e2e" --cov --cov-report=term

test-pg: install assets translations ## The same suite on PostgreSQL (REGISTRY_TEST_DATABASE_URL)
	@test -n "$$REGISTRY_TEST_DATABASE_URL" || { echo "Set REGISTRY_TEST_DATABASE_URL"; exit 2; }
	$(BIN)/python -m pytest -m "not e2e"

e2e: install assets translations ## Browser journeys in Chromium (/usr/bin/chromium)
	$(BIN)/python -m pytest -m e2e tests/e2e

lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: test lint e2e ## Everything CI runs on SQLite

BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/instance/bench.sqlite3
BENCH_SYSTEMS ?= 10000
BENCH_EVIDENCE ?= 100000
BENCH_ARGS ?=

bench: install translations ## Seed a synthetic registry if empty, time the main pages (instance/bench/results.json)
	@mkdir -p instance/bench
	@case "$(BENCH_DATABASE_URL)" in postgres*) \
	  admin=$$(echo "$(BENCH_DATABASE_URL)" | sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#; s#/[^/?]+(\?.*)?$$#/postgres#'); \
	  name=$$(echo "$(BENCH_DATABASE_URL)" | sed -E 's#^.*/([^/?]+)(\?.*)?$$#\1#'); \
	  psql "$$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$$name'" | grep -q 1 \
	    || psql "$$admin" -qc "CREATE DATABASE \"$$name\"" && echo "PostgreSQL database $$name ready.";; \
	esac
	REGISTRY_DATABASE_URL="$(BENCH_DATABASE_URL)" $(FLASK) db upgrade
	REGISTRY_DATABASE_URL="$(BENCH_DATABASE_URL)" $(FLASK) bench seed --if-empty --systems $(BENCH_SYSTEMS) --evidence $(BENCH_EVIDENCE)
	$(BIN)/python scripts/bench.py --database-url "$(BENCH_DATABASE_URL)" $(BENCH_ARGS)
	$(BIN)/python scripts/bench_imports.py --database-url "$(BENCH_DATABASE_URL)"

LOAD_DURATION ?= 30
LOAD_CLIENTS ?= 4

load: install translations ## gunicorn -w 2 on PostgreSQL (registry_load), LOAD_DURATION s of traffic: p50/p95/max, errors
	$(BIN)/python scripts/load.py --duration $(LOAD_DURATION) --clients $(LOAD_CLIENTS)

WEIGHT_ARGS ?=

weight: install assets translations ## Production server on the demo data: per page transfer (cold, warm), requests, Lighthouse scores
	$(BIN)/python scripts/weight.py $(WEIGHT_ARGS)

clean: ## Remove the virtualenv, node_modules, the built static files and the local database
	rm -rf $(VENV) node_modules build instance/registry.sqlite3 test-artifacts

messages: install ## Extract the messages and update the FR/EN catalogues
	$(BIN)/pybabel extract --ignore-dirs='.* node_modules' -F babel.cfg -k _l -k lazy_gettext -o registry/translations/messages.pot --no-location --sort-output --no-wrap .
	$(BIN)/pybabel update -i registry/translations/messages.pot -d registry/translations --no-fuzzy-matching --no-wrap
