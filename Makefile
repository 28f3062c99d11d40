# The two commands a newcomer needs: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt | cksum | cut -d' ' -f1)
ASSETS := hub/static/build/main.css
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1

.PHONY: run test setup assets migrate demo lint format bench ci clean

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "Serving the demo partnership at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in one process per core (pytest-xdist); `make test TEST_WORKERS=0` runs it in one.
TEST_WORKERS ?= auto

test: setup
	$(DEV_ENV) $(PY) manage.py check --fail-level WARNING
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

setup: $(INSTALLED) $(ASSETS)

$(INSTALLED): requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/scss/*.scss)
	npm run --silent build

assets: $(ASSETS)

migrate: setup
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: setup
	$(DEV_ENV) $(PY) manage.py load_demo

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	$(PY) bench/run.py
	$(PY) bench/website.py
	$(PY) bench/training.py
	$(PY) bench/scorecards.py
	$(PY) bench/learning.py
	$(PY) bench/restraint.py
	$(PY) bench/reports.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules hub/static/build var/static
