# The README's two commands: `make run` and `make test`. Both are idempotent; a second run
# only checks stamps and starts. Run as root on Debian 12 (system packages come from apt).
SHELL := /bin/bash
VENV := .venv
# Debian's CPython is built with PGO and LTO: about 30% faster on this app's pure-Python work
# than an interpreter compiled without them (pyenv's default). Any python3 serves otherwise.
PYTHON := $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app run
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-croscore \
	fonts-liberation2 poppler-utils chromium libreoffice-calc-nogui python3-venv \
	valgrind softhsm2 libreoffice-writer-nogui
REQ_STAMP := $(VENV)/.requirements-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: run test system venv translations translations-update db demo lint bench bench-failover migration

run: system venv translations db demo
	@echo "Xếp loại: http://127.0.0.1:5000  (Ctrl+C để dừng)"
	$(VENV)/bin/gunicorn --workers 2 --bind 127.0.0.1:5000 --access-logfile - run:app

test: system venv translations
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Cài gói hệ thống: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing; \
	fi

venv: $(REQ_STAMP)

$(REQ_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.requirements-* && touch $@

translations: venv
	@$(VENV)/bin/pybabel compile -d evaluation/translations --statistics

# Re-extract the strings from the code and merge them into the English catalogue.
translations-update: venv
	PYBABEL=$(VENV)/bin/pybabel scripts/translations.sh

db: venv
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo --if-empty

lint: venv
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: venv
	$(PY) bench/scoring.py && $(PY) bench/exports.py

# Two hosts behind HAProxy, one killed mid-surge (bench/failover.py) on its own PostgreSQL database.
FAILOVER_DB := postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_failover
bench-failover: venv
	@dpkg-query -W -f='$${Status}\n' haproxy 2>/dev/null | grep -q "install ok installed" || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends haproxy)
	@psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw xeploai_failover || \
		createdb -h 127.0.0.1 -U postgres xeploai_failover
	DATABASE_URL=$(FAILOVER_DB) $(FLASK) db upgrade
	DATABASE_URL=$(FAILOVER_DB) $(FLASK) demo --province 300 --open-year --if-empty
	DATABASE_URL=$(FAILOVER_DB) $(PY) bench/failover.py $(FAILOVER_ARGS)

migration: venv
	scripts/regen-migration.sh
