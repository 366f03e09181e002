# thinktank: make install | run | test | bench
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000

.PHONY: install lock run test bench lint format clean screenshots fonts messages

install: $(VENV)/.installed

# requirements.lock pins every package (from pyproject.toml, `make lock`);
# uv installs it exactly, and fast. The bootstrap takes uv's version from the lock.
$(VENV)/.installed: requirements.lock
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check \
		"$$(grep -E '^uv==' requirements.lock)"
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	@touch $@

# After changing dependencies in pyproject.toml: re-pin, then commit requirements.lock.
lock: install
	$(UV) pip compile --quiet --python-version 3.11 --extra test --upgrade-package uv \
		pyproject.toml -o requirements.lock
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	@touch $(VENV)/.installed

run: install
	@bin/system-deps run
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(PY) manage.py load_demo
	@# A site made before search existed gets its index once; then this is a no-op.
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(PY) manage.py rebuild_search_index --missing -v0
	@# bin/run-procfile ends every process when make ends, however it is stopped.
	DEBUG=$${DEBUG:-1} WEB_PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
		PATH=$(CURDIR)/$(VENV)/bin:$$PATH exec $(PY) bin/run-procfile Procfile.dev

# The browser tests' checkers (axe-core, the Nu HTML checker) and the font
# sources come from npm, pinned by package-lock.json, into node_modules/.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

test: install
	@bin/system-deps test
	@$(MAKE) --no-print-directory node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY=$${SECRET_KEY:-insecure-test-only} bin/with-services $(VENV)/bin/pytest $(PYTEST_ARGS)

# Home, an article in each language and the mail dialog, at 1280 and 390 CSS pixels,
# into var/screenshots/ for a reviewer to look at.
screenshots: install
	@bin/system-deps test
	@$(MAKE) --no-print-directory node_modules/.installed
	SECRET_KEY=$${SECRET_KEY:-insecure-test-only} SCREENSHOTS_DIR=$(CURDIR)/var/screenshots \
		bin/with-services $(VENV)/bin/pytest -q tests/e2e/test_screenshots.py
	@echo "Screenshots in var/screenshots/"

# Re-subset the self-hosted Pretendard (static/fonts/, committed) from the npm package.
fonts: install
	@$(MAKE) --no-print-directory node_modules/.installed
	$(PY) bin/build-fonts

bench: install
	@bin/system-deps bench
	SECRET_KEY=$${SECRET_KEY:-insecure-bench-only} bin/with-services $(PY) bench/run.py

# After changing interface text: collect it into locale/ko/LC_MESSAGES/django.po,
# translate what is new there, then run this again to compile django.mo.
messages: install
	SECRET_KEY=$${SECRET_KEY:-messages} $(PY) manage.py makemessages -l ko --no-location \
		--ignore=.venv --ignore=var --ignore=node_modules --ignore=tests --ignore=bench
	SECRET_KEY=$${SECRET_KEY:-messages} $(PY) manage.py compilemessages --ignore=.venv

lint:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var/ .pytest_cache .ruff_cache node_modules/
