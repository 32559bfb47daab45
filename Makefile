# cap_xblock — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV ?= .venv
# A Python 3.12 interpreter: PYTHON=... overrides; otherwise the first 3.12 found
# on PATH or in pyenv's versions.
PYTHON ?= $(shell for c in python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12 2>/dev/null) /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then echo $$c; break; fi; done)
PY := $(VENV)/bin/python
MANAGE := cd workbench && ../$(PY) manage.py
REQUIREMENTS := requirements/test.txt requirements/base.in setup.py
PYTEST_ARGS ?=

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: $(REQUIREMENTS)
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python 3.12 found. Install Python 3.12 (for example 'pyenv install 3.12' or your OS's python3.12 package)"; \
	  echo "and run again, or name it: make PYTHON=/path/to/python3.12 ..."; exit 1; fi
	@bash scripts/os-packages.sh build
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<26"
	$(PY) -m pip install --quiet -r requirements/test.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed ## create the virtualenv and install the package and its pinned requirements

migrate: install ## apply the database migrations of the demo
	$(MANAGE) migrate --noinput -v 0

demo: migrate ## load the demo course (three communities, staff, facilitators, 25 learners) into an empty database only
	$(MANAGE) load_cap_demo --if-empty

demo-reset: migrate ## erase what was done in the demo and load the demo course again
	$(MANAGE) load_cap_demo

run: demo ## run the demo on http://127.0.0.1:$(PORT) (PORT=... to change); keeps its data across restarts, stays in the foreground
	@echo "CAP demo: open http://127.0.0.1:$(PORT)/ and choose who you are. Ctrl+C stops it; 'make demo-reset' starts the demo afresh."
	$(MANAGE) runserver 127.0.0.1:$(PORT)

quality: install ## pylint (edx-lint's pylintrc, pylint-django), pycodestyle and isort on cap_xblock/: any message fails
	$(VENV)/bin/edx_lint check pylintrc
	$(PY) -m pylint --rcfile=pylintrc cap_xblock
	$(PY) -m pycodestyle cap_xblock
	$(PY) -m isort --check-only --diff cap_xblock

test-os-packages:
	bash scripts/os-packages.sh browser mariadb

test: install quality test-os-packages pii_check check_translations ## run them all: make quality, the PII and translation checks, the whole suite on SQLite, then unit, handler (through the LMS fake), privacy, database and load tests on MariaDB
	@status=0; \
	echo "== the whole suite on SQLite"; \
	$(PY) -m pytest --ignore=tests/load $(PYTEST_ARGS) || status=1; \
	echo "== unit, handler, privacy, database and load tests on MariaDB (a private server, started and stopped here)"; \
	CAP_HANDLER_RUNTIMES=lms bash scripts/mariadb.sh run $(PY) -m pytest tests/unit tests/handlers \
	  tests/security/test_privacy_matrix.py tests/db tests/load $(PYTEST_ARGS) || status=1; \
	exit $$status

matrix: ## unit, handler and platform tests on each XBlock x Django pair of requirements/matrix-*.txt (own venvs, SQLite)
	PYTHON="$(PYTHON)" bash scripts/matrix.sh

test-fast: install ## unit and handler tests only (no browser)
	$(PY) -m pytest tests/unit tests/handlers $(PYTEST_ARGS)

# The benchmark's own virtualenv: sees every package of $(VENV) and adds xblock-poll, so the tests never load it.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: requirements/bench.txt $(VENV)/.installed
	@[ -x $(BENCH_VENV)/bin/python ] || $(PY) -m venv $(BENCH_VENV)
	$(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" \
	  > "$$($(BENCH_VENV)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/cap_base_venv.pth"
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements/bench.txt
	@touch $@

bench: $(BENCH_VENV)/.installed ## benchmarks on MariaDB and gunicorn: print a table and keep it in docs/performance.md
	bash scripts/os-packages.sh mariadb
	bash scripts/mariadb.sh run $(PY) -m bench

mariadb-start: ## start the private MariaDB server of the tests (var/mariadb); `make mariadb-stop` stops it
	bash scripts/mariadb.sh start
	@bash scripts/mariadb.sh env

mariadb-stop: ## stop the private MariaDB server of the tests
	bash scripts/mariadb.sh stop

check-migrations: install ## fail when the models and the migrations disagree
	$(MANAGE) makemigrations cap_xblock --check --dry-run -v 1

# --- translations (OEP-58: cap_xblock/conf/locale/<lang>/LC_MESSAGES/django.po) -------------------
# The path of this package's catalogs in the translations repository (openedx-translations' convention:
# translations/<repository>/<module>/conf/locale), and atlas's options (repository, revision, languages).
ATLAS_SOURCE ?= translations/cap-xblock/cap_xblock/conf/locale
ATLAS_OPTIONS ?= --repository=openedx/openedx-translations --revision=main

translations: install ## extract strings into the catalogs and compile them (needs GNU gettext)
	$(PY) scripts/translations.py

extract_translations: install ## extract the strings of the code into the catalogs (English source, French merged)
	$(PY) scripts/translations.py --extract

compile_translations: install ## compile the catalogs (.po to .mo)
	$(PY) scripts/translations.py --compile

pull_translations: install ## pull the catalogs of the translations repository with openedx-atlas (ATLAS_OPTIONS=... e.g. --filter=fr,es), then compile
	cd cap_xblock/conf/locale && ../../../$(VENV)/bin/atlas pull $(ATLAS_OPTIONS) $(ATLAS_SOURCE):.
	$(PY) scripts/translations.py --compile

validate_translations: install ## i18n_tool validate (edx-i18n-tools): every catalog well formed and complete
	cd cap_xblock && ../$(VENV)/bin/i18n_tool validate --empty

check_translations: install validate_translations ## fail when the catalogs are not up to date with the code or not valid
	$(PY) scripts/translations.py --check

# --- PII annotations (OEP-30) ----------------------------------------------------------------------
pii_check: install ## every model of cap_xblock annotated (.. pii: / .. no_pii:), 100 % coverage
	DJANGO_SETTINGS_MODULE=cap_demo.settings_test PYTHONPATH=workbench:. $(VENV)/bin/code_annotations \
	  django_find_annotations --config_file .pii_annotations.yml --lint --report --coverage --app_name cap_xblock

# --- requirements (pip-tools) ---------------------------------------------------------------------
PIP_COMPILE = cd requirements && ../$(VENV)/bin/pip-compile --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras --quiet
MATRIX_INS := $(wildcard requirements/matrix-*.in)

requirements: install ## make the virtualenv hold exactly the pinned requirements (pip-sync), and the package
	$(VENV)/bin/pip-sync requirements/test.txt
	$(PY) -m pip install --quiet --no-deps -e .

upgrade: export CUSTOM_COMPILE_COMMAND=make upgrade
upgrade: install ## compile the .in files of requirements/ into their pinned .txt, upgrading every pin
	$(PIP_COMPILE) --upgrade -o base.txt base.in
	$(PIP_COMPILE) --upgrade -o quality.txt quality.in
	$(PIP_COMPILE) --upgrade -o test.txt test.in
	$(PIP_COMPILE) --upgrade -o bench.txt bench.in
	for f in $(notdir $(MATRIX_INS)); do ($(PIP_COMPILE) --upgrade -o $${f%.in}.txt $$f) || exit 1; done

clean: ## remove the virtualenv, the demo database and caches
	rm -rf $(VENV) $(BENCH_VENV) var .pytest_cache build *.egg-info pii_report

.PHONY: help install migrate demo demo-reset run quality test matrix test-fast bench mariadb-start mariadb-stop check-migrations \
	translations extract_translations compile_translations pull_translations validate_translations \
	check_translations pii_check requirements upgrade test-os-packages clean
