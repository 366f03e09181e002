# thinktank: make install | run | test | bench
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run test bench lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

run: install
	@bin/system-deps run
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(PY) manage.py load_demo
	@# honcho gives each process its own PORT; the site's port and URL are set here.
	DEBUG=$${DEBUG:-1} WEB_PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
		PATH=$(CURDIR)/$(VENV)/bin:$$PATH exec $(VENV)/bin/honcho -f Procfile.dev start

test: install
	@bin/system-deps test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY=$${SECRET_KEY:-insecure-test-only} bin/with-services $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	@bin/system-deps bench
	SECRET_KEY=$${SECRET_KEY:-insecure-bench-only} bin/with-services $(PY) bench/run.py

lint:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var/ .pytest_cache .ruff_cache
