# Two commands do everything: `make run` (the site, a Celery worker and beat) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
export PORT HOST VENV

.PHONY: install run web worker beat test lint format migrate clean bench

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var/mail
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

# The embedded default: SQLite, an SQLite Celery broker and mail written to var/mail/, unless DATABASE_URL,
# REDIS_URL or EMAIL_URL say otherwise. Ctrl-C stops the web server, the worker and beat together.
run: migrate
	@echo ""
	@echo "Demo accounts:"
	@$(PY) manage.py seed_demo
	@echo ""
	@echo "Debrief is starting at http://$(HOST):$(PORT)/  (emails go to var/mail/ ; Ctrl-C stops everything)"
	@echo ""
	$(PY) -m honcho -f Procfile.dev start

web: migrate
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) -m celery -A config worker --loglevel=INFO --concurrency=2

beat: install
	@mkdir -p var
	$(PY) -m celery -A config beat --loglevel=INFO

test: install
	$(VENV)/bin/pytest

# Ratios against baselines measured in the same run, on a PostgreSQL database of its own (BENCH_DATABASE_URL,
# created and dropped); needs wrk (apt-get install -y wrk) and Redis for the HTTP and worker figures. See bench/run.py.
bench: install
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var staticfiles
