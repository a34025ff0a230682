# Micrositio de Gobierno Abierto — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= ogp_site.settings.dev

.PHONY: run install migrate seed users serve test test-fast lint format check bench bench-search bench-throughput loadtest clean messages \
	wheel adopt-check

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_plan

users: migrate
	$(PY) manage.py create_demo_users
	$(PY) manage.py create_demo_consultation

serve:
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

## make run: a fresh machine to a served site (installs, migrates, seeds, demo users).
run: install migrate seed users serve

## make test: the whole suite (browser tests need /usr/bin/chromium; CI=true requires them), in
## two runs: the site's (seeded, ogp_site.settings.test), then the extension's own
## (tests/cms_blocks on its minimal test site, tests.cms_blocks.testsite.settings).
EXTENSION_SETTINGS := tests.cms_blocks.testsite.settings
test: install
	DJANGO_SETTINGS_MODULE=ogp_site.settings.test $(PY) -m pytest -n 2 --dist loadfile -p no:cacheprovider \
		--ignore=tests/cms_blocks
	DJANGO_SETTINGS_MODULE=$(EXTENSION_SETTINGS) $(PY) -m pytest -n 2 --dist loadfile -p no:cacheprovider \
		--ds=$(EXTENSION_SETTINGS) tests/cms_blocks

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## make messages: re-extracts the English catalogues, the site's (locale/en) and the extension's
## (inside cms_blocks/, cms_blocks/locale/en), keeping their translations, then compiles them and
## the Spanish overrides (locale/es) with msgfmt --check (scripts/messages.py; needs gettext).
## Translate what it reports untranslated or fuzzy, then run it again to compile.
messages: install
	$(PY) scripts/messages.py

## make wheel: the wheel of the extension cms_blocks (packages/cms-blocks) in build/dist/.
wheel: install
	$(PY) -m pip wheel --no-deps --no-build-isolation --wheel-dir build/dist packages/cms-blocks

## make adopt-check: a new `wagtail start` project installs that wheel and serves its pages
## (tests/packaging/adopt_check.py; about a minute).
adopt-check: install
	env -u DJANGO_SETTINGS_MODULE $(PY) tests/packaging/adopt_check.py

## make bench: both benchmarks. bench-search: p50/p95 of /buscar/ on 10,000 generated pages.
## bench-throughput: req/s of every public page type under gunicorn (2 workers), production
## settings and the local Redis, against a bare Wagtail page and a static file (a few minutes;
## benchmarks/README.md).
bench: bench-search bench-throughput

bench-search: install
	DJANGO_SETTINGS_MODULE=ogp_site.settings.test $(PY) -m benchmarks.search_bench

bench-throughput: install
	$(PY) -m benchmarks.throughput

## make loadtest: 2,000 requests at concurrency 20 (pages, search, datasets) on gunicorn with
## production settings, a scratch PostgreSQL database and the local Redis, then the same while
## PostgreSQL and Redis are cut mid-run through a fault proxy (about 2 minutes; benchmarks/README.md).
loadtest: install
	$(PY) -m benchmarks.loadtest

## make lighthouse: Lighthouse (npx lighthouse@12, Node 20, /usr/bin/chromium) scores of every
## public page type, served by gunicorn with production settings on a scratch seeded database
## (a measurement, not a test; a few minutes; benchmarks/README.md).
.PHONY: lighthouse
lighthouse: install
	$(PY) -m benchmarks.lighthouse

clean:
	rm -rf $(VENV) db.sqlite3 static

## make backup BACKUP_DIR=…: database (pg_dump -Fc), media and private media (docs/deploy.md).
## make restore BACKUP_DIR=…: into an empty database (createdb first) and empty media folders.
BACKUP_DIR ?=
.PHONY: backup restore
backup: install
	@test -n "$(BACKUP_DIR)" || { echo "Indique BACKUP_DIR=<carpeta nueva, fuera del repositorio>"; exit 2; }
	$(PY) manage.py backup "$(BACKUP_DIR)"

restore: install
	@test -n "$(BACKUP_DIR)" || { echo "Indique BACKUP_DIR=<carpeta de la copia>"; exit 2; }
	$(PY) manage.py restore "$(BACKUP_DIR)"
