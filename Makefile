# Ruqsat: `make run` serves the demo, `make test` runs everything CI runs. See README.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Written after a successful install; rebuilt only when a requirements file changes.
STAMP := $(VENV)/.installed-requirements
# Written after `npm ci`; rebuilt only when package-lock.json changes. The browser tests inject the
# pinned axe-core from node_modules/ into each page (tests/e2e/test_accessibility.py).
NODE_STAMP := node_modules/.installed-lock
RUQSAT_PORT ?= 8000
# Links in mail, the calendar address and banners point at the port the server listens on.
SITE_URL ?= http://127.0.0.1:$(RUQSAT_PORT)
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k demo -x"`.
PYTEST_ARGS ?=
# Parallel test processes (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= 2

# Commands that are not the dev server run with the test settings: they need no SECRET_KEY.
TOOL_ENV := DJANGO_SETTINGS_MODULE=config.settings_test
DEV_ENV := DEBUG=1

.PHONY: install node-install lock dirs run test lint fmt migrate demo messages messages-check clean bench

install: $(STAMP)

# Installs exactly what the lock names, each file checked against its hash (make lock refreshes it).
$(STAMP): requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Ruqsat needs Python 3.11 or newer as $(PYTHON) (make PYTHON=python3.11 ...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# After changing requirements.txt or requirements-dev.txt: every transitive version, with hashes,
# into requirements.lock (production) and requirements-dev.lock (make install). tests/config checks
# that the locks hold every pin of the two files.
UV_COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11
lock: $(STAMP)
	$(UV_COMPILE) --output-file requirements.lock requirements.txt
	$(UV_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

node-install: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	@command -v npm >/dev/null || { echo "The accessibility tests need axe-core from npm: install Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

dirs:
	mkdir -p var/mail var/media var/broker/queue var/broker/processed var/broker/control

MAKEMESSAGES := $(TOOL_ENV) $(PY) manage.py makemessages -l ru -l kk --no-wrap --no-obsolete --ignore=.venv --ignore=var \
	--ignore=tests --ignore=bench --ignore=test-artifacts --ignore=node_modules --ignore=locale_vendor --verbosity 0

# Re-extracts every marked string and fails when Russian or Kazakh has an untranslated or fuzzy entry.
# A developer's target: extracting needs GNU gettext's xgettext (apt-get install gettext); the count
# is done in Python (config/catalogues.py), so msgattrib is not needed.
messages-check: $(STAMP)
	@command -v xgettext >/dev/null || { echo "messages-check extracts strings with xgettext: install GNU gettext (apt-get install gettext, brew install gettext)"; exit 1; }
	$(MAKEMESSAGES)
	$(PY) -m config.catalogues check

# Compiles the translation catalogues: with msgfmt when GNU gettext is installed, otherwise in Python
# (polib, config/catalogues.py), so `make run` needs Python and make only (README).
messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then \
		$(TOOL_ENV) $(PY) manage.py compilemessages --ignore $(VENV) --ignore var --verbosity 0; \
	else \
		$(PY) -m config.catalogues compile; \
	fi

migrate: $(STAMP) dirs
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo messages
	@echo "Serving http://127.0.0.1:$(RUQSAT_PORT) with a Celery worker and beat; Ctrl-C stops all of them."
	$(DEV_ENV) RUQSAT_PORT=$(RUQSAT_PORT) SITE_URL=$(SITE_URL) $(BIN)/honcho --no-colour start -f Procfile.dev

test: $(STAMP) $(NODE_STAMP) dirs messages-check messages
	$(BIN)/pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(TOOL_ENV) DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run

# The benchmark (README.md, "Performance"): PostgreSQL at BENCH_DATABASE_URL (default
# postgres://postgres@127.0.0.1:5432/ruqsat_bench, created and dropped by the run); prints a table and
# writes var/bench.json. `make bench BENCH_ARGS=--readme` also puts the table in README.md. `make test`
# runs the same code at a tiny scale (tests/bench/).
BENCH_ARGS ?=
bench: $(STAMP) dirs
	$(PY) -m bench.run $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Removes what can be rebuilt; keeps the database and uploaded documents under var/ (rm -rf var resets the demo).
clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis test-artifacts var/broker var/staticfiles var/celerybeat-schedule*
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
