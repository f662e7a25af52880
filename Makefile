# comune.istanze — the two commands: `make start` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PORT ?= 8080
HOST ?= 0.0.0.0
INSTANCE := instance
SITE_ID ?= Plone
export zope_i18n_compile_mo_files := true

.PHONY: help install sysdeps instance site start serve test test-fast bench worker sandbox constraints clean

help:
	@echo "make start   - installa, crea il sito demo 'Comune di Esempio', avvia simulatori e server"
	@echo "make test    - installa e lancia tutta la suite (test browser inclusi)"
	@echo "make bench   - lancia i benchmark (benchmarks/README.md)"
	@echo "make worker  - avvia il worker della coda di invio (outbox)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check uv

$(VENV)/.installed: $(UV) setup.py constraints.txt
	$(UV) pip install -q -p $(BIN)/python -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Debian packages: Chromium for the browser tests, libmagic for content
# sniffing, Pango for WeasyPrint. Installed only when missing.
sysdeps:
	@missing=""; \
	for p in chromium libmagic1 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installo i pacchetti Debian mancanti:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(INSTANCE)/etc/zope.conf: | install
	$(BIN)/python scripts/make_instance.py --dir $(INSTANCE) --port $(PORT) --host $(HOST)

instance: $(INSTANCE)/etc/zope.conf

site: instance sysdeps
	$(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/create_site.py --site-id $(SITE_ID) --port $(PORT)

start: install sysdeps instance site
	$(BIN)/python scripts/serve.py --instance $(INSTANCE) --port $(PORT) --site-id $(SITE_ID)

test: install sysdeps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

bench: install sysdeps
	$(BIN)/python benchmarks/run.py

worker: install instance
	$(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/worker.py --site-id $(SITE_ID)

# Regenerate the pinned constraints from what is installed now.
constraints:
	$(UV) pip freeze -p $(BIN)/python | grep -v -i '^-e\|^comune' > constraints.txt

clean:
	rm -rf $(VENV) $(INSTANCE) var
