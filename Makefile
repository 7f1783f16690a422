# Ledgerly sample academy and the Academy package: the two commands a new user runs.
#   make build   set up .venv, install, build every audience into site/
#   make test    set up what tests need (Chromium included), run lint and the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test lint serve check docs bench bench-quick lighthouse browser clean

$(VENV)/.installed: pyproject.toml
	@echo "==> Creating $(VENV) and installing Academy with its pinned dependencies"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "==> Installing test tools (pytest, Playwright, ruff)"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

build: $(VENV)/.installed
	@echo "==> Checking and building every audience into site/"
	$(BIN)/academy build

check: $(VENV)/.installed
	$(BIN)/academy check

serve: $(VENV)/.installed
	$(BIN)/academy serve --audience $(or $(AUDIENCE),customers)

browser:
	@scripts/ensure-chromium

docs: $(VENV)/.installed
	@echo "==> Building the documentation site into docs-site/"
	$(BIN)/mkdocs build --strict -f mkdocs.docs.yml

lint: $(VENV)/.installed-test
	@echo "==> Lint"
	$(BIN)/ruff check plugins tests bench scripts
	$(BIN)/ruff format --check plugins tests bench scripts

test: $(VENV)/.installed-test browser lint
	@echo "==> Test suite (unit, config, tiny sites, sample academy, real Chromium)"
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	@echo "==> Installing Zensical for the side-by-side benchmark"
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	@echo "==> Benchmark: every shape at 500 and 2,000 lessons, default also at 8,000, audience scan (results in bench/results/)"
	$(BIN)/python -m bench.run

bench-quick: $(VENV)/.installed
	@echo "==> Quick benchmark: every shape at 150 lessons, one run (results in bench/scratch/quick-results/)"
	$(BIN)/python -m bench.run --quick --out bench/scratch/quick-results

lighthouse:
	@echo "==> Lighthouse, mobile: home, catalog and a lesson of $(or $(AUDIENCE),customers) (needs make build, Node.js, npm)"
	scripts/lighthouse --audience $(or $(AUDIENCE),customers)

clean:
	rm -rf site docs-site .cache .pytest_cache
