# Ruqsat: `make run` serves the demo, `make test` runs everything CI runs. See README.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Written after a successful install; rebuilt only when a requirements file changes.
STAMP := $(VENV)/.installed-requirements
RUQSAT_PORT ?= 8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k demo -x"`.
PYTEST_ARGS ?=
# Parallel test processes (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= 2

# Commands that are not the dev server run with the test settings: they need no SECRET_KEY.
TOOL_ENV := DJANGO_SETTINGS_MODULE=config.settings_test
DEV_ENV := DEBUG=1

.PHONY: install dirs run test lint fmt migrate demo messages clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Ruqsat needs Python 3.11 or newer as $(PYTHON) (make PYTHON=python3.11 ...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $(STAMP)

dirs:
	mkdir -p var/mail var/media var/broker/queue var/broker/processed var/broker/control

# Compiles translation catalogues once there are any (the localization issue adds them).
messages: $(STAMP)
	@if find . -path ./$(VENV) -prune -o -name '*.po' -print | grep -q .; then \
		$(TOOL_ENV) $(PY) manage.py compilemessages --ignore $(VENV) --ignore var --verbosity 0; \
	fi

migrate: $(STAMP) dirs
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo messages
	@echo "Serving http://127.0.0.1:$(RUQSAT_PORT) with a Celery worker and beat; Ctrl-C stops all of them."
	$(DEV_ENV) RUQSAT_PORT=$(RUQSAT_PORT) $(BIN)/honcho --no-colour start -f Procfile.dev

test: $(STAMP) dirs messages
	$(BIN)/pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TOOL_ENV) DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Removes what can be rebuilt; keeps the database and uploaded documents under var/ (rm -rf var resets the demo).
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts var/broker var/staticfiles var/celerybeat-schedule*
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
