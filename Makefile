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
REQUIREMENTS := requirements/base.txt requirements/quality.txt requirements/test.txt setup.py
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

test: install quality ## make quality, then the whole suite on SQLite, then unit, handler (through the LMS fake), privacy, database and load tests on MariaDB
	bash scripts/os-packages.sh browser mariadb
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

translations: install ## extract strings into the catalogs and compile them (needs GNU gettext)
	$(PY) scripts/translations.py

clean: ## remove the virtualenv, the demo database and caches
	rm -rf $(VENV) $(BENCH_VENV) var .pytest_cache build *.egg-info

.PHONY: help install migrate demo demo-reset run quality test matrix test-fast bench mariadb-start mariadb-stop check-migrations translations clean
