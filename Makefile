# Two commands matter: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out
SYSTEM_PACKAGES := poppler-utils libreoffice-writer-nogui libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium chromium-driver

.PHONY: demo test quick lint samples golden readme bench system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Installs what the tests and sample images need, only when it is missing.
system-deps:
	@if ! command -v pdftoppm >/dev/null || ! command -v soffice >/dev/null \
	    || ! ldconfig -p | grep -q libpangoft2 || ! ldconfig -p | grep -q libharfbuzz-subset \
	    || ! command -v chromium >/dev/null || ! test -x /usr/bin/chromedriver; then \
	  echo "Installing system packages: $(SYSTEM_PACKAGES)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

demo: $(VENV)/.installed
	@if ! ldconfig -p | grep -q libpangoft2 || ! ldconfig -p | grep -q libharfbuzz-subset; then $(MAKE) system-deps; fi
	$(BIN)/kap-consent render --practice examples/practice.yaml \
	  --client examples/clients.yaml --out $(OUT) --force
	@echo "Packets are in $(OUT)/ (one folder per client; packet.pdf is the print copy)."

test: $(VENV)/.installed system-deps
	$(BIN)/ruff check kap_consent tests tools
	$(BIN)/ruff format --check kap_consent tests tools
	$(BIN)/mypy
	$(BIN)/pytest

# For developers between commits: the linters and every test but the slow ones.
quick: lint system-deps
	$(BIN)/pytest -m "not slow"

lint: $(VENV)/.installed
	$(BIN)/ruff check kap_consent tests tools
	$(BIN)/ruff format --check kap_consent tests tools
	$(BIN)/mypy

samples: $(VENV)/.installed system-deps
	$(BIN)/python tools/samples.py $(OUT)/samples

golden: $(VENV)/.installed
	$(BIN)/python -m tests.golden

readme: $(VENV)/.installed
	$(BIN)/python -m tests.readme_fields

bench: $(VENV)/.installed
	$(BIN)/python tools/bench_render.py

clean:
	rm -rf $(VENV) $(OUT) dist build .pytest_cache .mypy_cache .ruff_cache
