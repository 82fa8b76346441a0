# Everything a newcomer needs: `make serve` and `make test` set up first.
# Python 3.11; Debian's chromium (PDFs, browser tests), webkit2gtk-driver with xvfb, and firefox-esr (browser tests).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system-deps serve check-sources build release check test check-external clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

## Debian packages the build and tests need (scripts/install-system-deps.sh: Chromium for PDFs and the
## browser tests, WebKit and Firefox ESR for the browser tests, Java for make check-html).
system-deps:
	@bash scripts/install-system-deps.sh

setup: $(STAMP) system-deps

## Serve the site at http://127.0.0.1:8000, rebuilding on every change (after check-sources).
serve: $(STAMP) check-sources
	BSW_SERVE=1 DISABLE_MKDOCS_2_WARNING=true NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

## Before the engine starts: no !!python tag in mkdocs.yml, no link under docs/ or overrides/ leading
## outside the project (the data check of `make build` and `make check` refuses them too).
check-sources: $(STAMP)
	@$(BIN)/python -m scripts.check_sources

## Build the complete site into site/ (replaced only if the whole build succeeds). While
## site_url in mkdocs.yml is a placeholder it is a preview: every page and PDF says so.
build: setup
	$(BIN)/python -m scripts.build

## Build the site for publication: refuses (and keeps the last good site/) while anything on
## the README's release checklist is open, listing every problem with its fix.
release: setup
	$(BIN)/python -m scripts.release_check
	$(BIN)/python -m scripts.build

## Check the data files alone (fast; for content editors).
check: $(STAMP)
	$(BIN)/python -m scripts.check_data

## Run every test (offline).
test: setup
	$(BIN)/python -m pytest

## Check every external address in docs/_data/links.yml over the internet (never part of `make test`):
## writes reports/external-links.md and .json; fails when an address is dead.
check-external: $(STAMP)
	$(BIN)/python -m scripts.check_external

## Check every page of the built site with the W3C Nu HTML Checker (vnu.jar from bench/, needs Java;
## never part of `make test`): it never builds, so run `make build` first (or SITE_DIR=other/folder).
## Lists each error of our own (page, line, message, extract); the theme's known ones are counted
## apart. Fails when there is an error of our own.
.PHONY: check-html
check-html: $(STAMP)
	@[ -d bench/node_modules/vnu-jar ] || (cd bench && npm ci)
	$(BIN)/python -m scripts.check_html $(if $(SITE_DIR),--site-dir $(SITE_DIR))

clean:
	rm -rf site .site-build-* .pytest_cache
