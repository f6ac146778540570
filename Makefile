# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.PHONY: demo test test-fast install browser-tools lint check clean backup restore bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# axe-core for the accessibility tests (npm); skipped quietly where npm is not installed.
browser-tools:
	@if command -v npm >/dev/null 2>&1; then \
	  [ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: browser accessibility tests will be skipped"; fi

# Links in the demo's emails must point at the port it really serves on.
demo: export SITE_URL ?= http://127.0.0.1:$(PORT)
demo: install
	@mkdir -p var/celery-queue var/celery-processed var/celery-control
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo
	@echo "IAU Portal is running at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Emails are printed below by the background worker. Press Ctrl-C to stop everything."
	@echo
	@bash -c '$(BIN)/celery -A iau_portal worker --beat --pool solo --loglevel INFO \
	    --schedule var/celerybeat-schedule & worker=$$!; \
	  trap "kill $$worker 2>/dev/null; wait $$worker 2>/dev/null" EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)'

# On a developer's machine the test database is kept between runs (`--reuse-db`: only new migrations are
# applied); CI (CI=true) builds it afresh every time.
REUSE_DB := $(if $(CI),--create-db,--reuse-db)

test: install browser-tools
	$(BIN)/pytest $(REUSE_DB)

# The inner loop: everything but the browser tests and the tests that start a real worker or broker.
test-fast: install
	$(BIN)/pytest $(REUSE_DB) -m "not browser and not integration"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

# Backups (production: run where DATABASE_URL, MEDIA_ROOT and the private folders are set, e.g.
# `make backup MANAGE="python manage.py"` in the web container). Database (pg_dump custom format), media
# and private media into a new dated folder under BACKUP_DIR; restore one into a fresh database.
BACKUP_DIR ?= backups
backup:
	$(MANAGE) backup --to $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=$(BACKUP_DIR)/iau-portal-YYYY-MM-DD-HHMMSS"; exit 2; }
	$(MANAGE) restore $(BACKUP)

# The speed table at the large data set: a PostgreSQL database of its own (BENCH_DATABASE_URL, default
# iau_bench), production settings under gunicorn, wrk for the load. See benchmarks/bench.py and RESULTS.md.
bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) node_modules var db.sqlite3 staticfiles
