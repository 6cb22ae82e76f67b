# The commands people type. `make run` and `make test` set everything up on a fresh machine.
PYTHON_VERSION ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install translations migrate demo run test lint format messages bench bench-certificates bench-hr worker reminders digests check-deploy clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON_VERSION) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

translations: install
	$(MANAGE) compile_translations

# update_translation_fields copies values written before the translation columns existed
# (the catalogue page made by a migration) into the English columns; it changes nothing else.
migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) update_translation_fields

# Certificates' QR codes and verification links carry the address `make run` serves.
DEMO_URL := $(or $(PUBLIC_BASE_URL),http://$(HOST):$(PORT))

demo: migrate translations
	PUBLIC_BASE_URL=$(DEMO_URL) $(MANAGE) load_initial_data

# Serve the demo on SQLite (db.sqlite3) at http://$(HOST):$(PORT)
run: demo
	PUBLIC_BASE_URL=$(DEMO_URL) $(MANAGE) runserver $(HOST):$(PORT)

# The whole suite; DATABASE_URL=postgres://... runs it on PostgreSQL (CI does).
test: translations
	DJANGO_SETTINGS_MODULE=elearning.settings.test $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract new strings into locale/*/django.po (needs GNU gettext), then compile.
messages: install
	$(MANAGE) makemessages --locale km --locale lo --ignore ".venv/*" --ignore "tests/*" --no-location
	$(MANAGE) compile_translations

# Background task worker (certificates, imports, e-mail) for production settings.
worker: install
	$(MANAGE) db_worker

# Every learner page (9- and 200-lesson courses, quiz question, attendance sheet) against a bare
# logged-in Django page, in one run (gunicorn + wrk if installed), printed as a table of ratios.
# SQLite by default; DATABASE_URL=postgres://... for PostgreSQL, REDIS_URL=redis://... for Redis.
bench: install translations
	$(PY) -m benchmarks.run

# 100 certificates issued as one background action, rendered by the real database worker.
bench-certificates: install translations
	$(PY) -m benchmarks.certificates_bench

# HR dashboard with 20,000 staff and 1,000,000 progress records (needs DATABASE_URL=postgres://...).
bench-hr: install translations
	$(PY) -m benchmarks.competencies_bench

# Meeting reminders by e-mail; run hourly from cron or a scheduler in production.
reminders: install
	$(MANAGE) send_meeting_reminders

# The daily digest of notifications for people who chose it; run once a day from cron.
digests: install
	$(MANAGE) send_notification_digests

check-deploy: install
	DJANGO_SETTINGS_MODULE=elearning.settings.production SECRET_KEY=$$(python3 -c 'import secrets;print(secrets.token_urlsafe(60))') \
	  ALLOWED_HOSTS=learning.example.org PUBLIC_BASE_URL=https://learning.example.org $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .test-media
