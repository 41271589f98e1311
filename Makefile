# Two commands do everything: `make run` (the site, a Celery worker and beat) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
export PORT HOST VENV

UV := $(VENV)/bin/uv
# uv installs exactly what uv.lock pins; the lock pins uv too, so pip is needed once, for that version.
UV_VERSION = $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never

.PHONY: install lock audit run web worker beat test lint format migrate clean bench css icons bootstrap-sources static

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(UV) --version 2>/dev/null | grep -qx "uv $(UV_VERSION)" \
		|| $(PY) -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --locked --extra dev --no-install-project --python $(PY) -q
	@touch $@

install: $(VENV)/.installed

# Versions move only here, on purpose, in a commit of their own: re-resolve every dependency to the newest
# release pyproject.toml allows. (After adding a dependency, `$(UV) lock` pins it and moves nothing else.)
lock:
	@test -x $(UV) || $(MAKE) install
	$(UV) lock --upgrade --python $(PY)

migrate: install
	@mkdir -p var/mail
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

# Static files as production serves them: hashed names (cached for ten years) with gzip and brotli copies.
static: install
	$(PY) manage.py collectstatic --noinput -v 0

# The embedded default: SQLite, an SQLite Celery broker and mail written to var/mail/, unless DATABASE_URL,
# REDIS_URL or EMAIL_URL say otherwise. Ctrl-C stops the web server, the worker and beat together. DEBUG is off
# (DJANGO_DEBUG=true turns it on), so pages and static files travel as they do in production; `make web` is the
# development server with DEBUG on.
run: export DJANGO_DEBUG ?= false
run: migrate static
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

# The suite spread over the machine's cores (pytest-xdist; worksteal keeps the slow tests that start processes from
# queueing behind one another). TEST_PROCESSES=0 runs it in this one process.
TEST_PROCESSES ?= auto
test: install
	$(VENV)/bin/pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

# Known vulnerabilities in what uv.lock pins (pip-audit); says so and passes when the service is out of reach.
audit: install
	$(PY) .ci/audit.py

# Ratios against baselines measured in the same run, on a PostgreSQL database of its own (BENCH_DATABASE_URL,
# created and dropped); needs wrk (apt-get install -y wrk) and Redis for the HTTP and worker figures. See bench/run.py.
bench: install
	$(PY) bench/run.py

# The site's stylesheet from its Sass sources (assets/scss, Bootstrap's in assets/vendor) with libsass, a locked dev
# dependency: no Node. The output, static/css/debrief.css, is committed; tests check it is what this makes.
css: install
	$(VENV)/bin/pysassc --style compressed -I assets/vendor/bootstrap-5.3.8 assets/scss/debrief.scss static/css/debrief.css

# The manifest's PNG icons from static/img/favicon.svg, drawn by Debian's Chromium. Committed.
icons: install
	$(PY) tools/render_icons.py

# Bootstrap's Sass sources at the version named here, from the npm registry (the only step that needs npm; run it
# to move to another version, then `make css`). No node_modules is left behind.
BOOTSTRAP_VERSION = 5.3.8
bootstrap-sources:
	rm -rf var/bootstrap && mkdir -p var/bootstrap
	cd var/bootstrap && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	rm -rf assets/vendor/bootstrap-$(BOOTSTRAP_VERSION) && mkdir -p assets/vendor/bootstrap-$(BOOTSTRAP_VERSION)
	cp -r var/bootstrap/package/scss var/bootstrap/package/LICENSE assets/vendor/bootstrap-$(BOOTSTRAP_VERSION)/
	rm -rf var/bootstrap

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var staticfiles
