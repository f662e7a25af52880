# comune.istanze — the two commands: `make start` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PORT ?= 8080
# Only this computer by default; `make start HOST=0.0.0.0` exposes it (change
# the admin password first: ADMIN_PASSWORD=... on the first start).
HOST ?= 127.0.0.1
INSTANCE ?= instance
# the data folder of the instance (database, blobs, logs); a restored copy lives elsewhere
VAR ?= var
# where `make backup` writes (default: $(VAR)/backups)
BACKUP_DIR ?= $(VAR)/backups
SITE_ID ?= Plone
# RelStorage on PostgreSQL instead of ZEO + FileStorage, e.g.
# make start RELSTORAGE_DSN="dbname=plone user=plone host=127.0.0.1 password=..."
RELSTORAGE_DSN ?=
# make cluster: Zope processes behind HAProxy (scripts/cluster.py)
CLUSTER_ZOPE ?= 2
CLUSTER_DIR ?= $(VAR)/cluster
# Protocol adapter of the demo site: soap (our WSDL) or agid (AgID AOO-to-AOO),
# e.g. make start PROTOCOLLO=agid
PROTOCOLLO ?= soap
comma := ,
# relstorage always: the suite runs its RelStorage tests on its own PostgreSQL
EXTRAS := test$(comma)relstorage
export zope_i18n_compile_mo_files := true

.PHONY: backup restore cluster help install theme sysdeps instance site start serve test test-fast bench worker sandbox constraints i18n clean

help:
	@echo "make start   - installa, crea il sito demo 'Comune di Esempio', avvia simulatori e server"
	@echo "              (solo su 127.0.0.1; in rete: make start HOST=0.0.0.0 ADMIN_PASSWORD=...)"
	@echo "              protocollo AgID tra AOO invece del WSDL SOAP: make start PROTOCOLLO=agid"
	@echo "make cluster - il sito demo su PostgreSQL (RelStorage), $(CLUSTER_ZOPE) processi Zope e il worker"
	@echo "              dietro HAProxy su PORT, processi sorvegliati (CLUSTER_ZOPE=N processi)"
	@echo "make test    - installa e lancia tutta la suite (test browser inclusi)"
	@echo "make bench   - lancia i benchmark (benchmarks/README.md)"
	@echo "make worker  - avvia il worker della coda di invio (outbox)"
	@echo "make backup  - backup del database (repozo) e dei blob in $(BACKUP_DIR), anche a sito avviato"
	@echo "make restore BACKUP=$(BACKUP_DIR)/<data> INSTANCE=nuova/istanza VAR=nuova/var"
	@echo "              - ripristina un backup in una nuova istanza (mai sopra un database esistente)"
	@echo "make i18n    - estrae i messaggi e aggiorna i cataloghi it/en"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv goes into the venv (with the venv's pip, or a uv already on the PATH).
$(UV): $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check uv 2>/dev/null \
	  || uv pip install -q -p $(BIN)/python uv

$(VENV)/.installed: $(UV) setup.py constraints.txt
	$(UV) pip install -q -p $(BIN)/python -c constraints.txt -e ".[$(EXTRAS)]"
	touch $@

# Bootstrap Italia for the optional theme profile: the npm package pinned in
# the theme's package-lock.json, copied into its static resources (not in git).
THEME := src/comune/istanze/theme
BI_STATIC := $(THEME)/static/bootstrap-italia
BI_DIST := $(THEME)/node_modules/bootstrap-italia/dist
$(BI_STATIC)/.copied: $(THEME)/package.json $(THEME)/package-lock.json
	cd $(THEME) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(BI_STATIC) && mkdir -p $(BI_STATIC)/css $(BI_STATIC)/fonts $(BI_STATIC)/svg
	cp $(BI_DIST)/css/bootstrap-italia.min.css $(BI_STATIC)/css/
	cp $(BI_DIST)/fonts/Titillium_Web/*.woff2 $(BI_STATIC)/fonts/
	cp $(BI_DIST)/svg/sprites.svg $(BI_STATIC)/svg/
	cp $(BI_DIST)/../LICENSE $(BI_STATIC)/ 2>/dev/null || true
	touch $@

theme: $(BI_STATIC)/.copied

install: $(VENV)/.installed theme

# Debian packages: Chromium for the browser tests, libmagic for content
# sniffing, Pango for WeasyPrint. Installed only when missing.
sysdeps:
	@missing=""; \
	for p in chromium libmagic1 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core clamav-daemon postgresql haproxy; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installo i pacchetti Debian mancanti:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Rewritten on every run (port, storage); the data in var/ is never touched.
instance: install
	$(BIN)/python scripts/make_instance.py --dir $(INSTANCE) --var $(VAR) --port $(PORT) --host $(HOST) --relstorage "$(RELSTORAGE_DSN)"

site: instance
	$(BIN)/python scripts/serve.py --instance $(INSTANCE) --port $(PORT) --site-id $(SITE_ID) --protocollo $(PROTOCOLLO) --setup-only

start: install sysdeps instance
	$(BIN)/python scripts/serve.py --instance $(INSTANCE) --port $(PORT) --site-id $(SITE_ID) --protocollo $(PROTOCOLLO)

# PostgreSQL (var/cluster/postgresql, PORT+30), N Zope (PORT+20..), the worker,
# the simulators and HAProxy on PORT; restarts what dies; Ctrl-C stops it all
cluster: install sysdeps
	$(BIN)/python scripts/cluster.py --home $(CLUSTER_DIR) --port $(PORT) --zopes $(CLUSTER_ZOPE) --host $(HOST) --site-id $(SITE_ID) --protocollo $(PROTOCOLLO)

test: install sysdeps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

# P1 (deadline rush, real HTTP), P2 (inbox), P3 (ranking), P4 (statistics):
# each prints its ratio against a baseline measured in the same run.
bench: install sysdeps
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/p1_browser.py --clients 32 --count 256
	$(BIN)/python -m benchmarks.p2_inbox
	$(BIN)/python -m benchmarks.p3_ranking
	$(BIN)/python -m benchmarks.p4_statistics

worker: install instance
	$(BIN)/python scripts/serve.py --instance $(INSTANCE) --port $(PORT) --site-id $(SITE_ID) --worker-only

# repozo (Data.fs, incremental after the first) + the new blob files, with a
# manifest; safe while the site runs (scripts/backups.py says why)
backup:
	$(BIN)/python scripts/backups.py backup --instance $(INSTANCE) --dest $(BACKUP_DIR) $(if $(FULL),--full)

restore:
	@test -n "$(BACKUP)" || { echo "Indica il backup: make restore BACKUP=$(BACKUP_DIR)/AAAA-MM-GG-hh-mm-ss INSTANCE=... VAR=..."; exit 2; }
	$(BIN)/python scripts/backups.py restore --backup $(BACKUP) --instance $(INSTANCE) --var $(VAR) --port $(PORT) --host $(HOST)

i18n: install
	$(BIN)/python scripts/i18n.py

versions.cfg: constraints.txt
	$(BIN)/python scripts/versions_cfg.py

# Regenerate the pinned constraints from what is installed now.
constraints:
	$(UV) pip freeze -p $(BIN)/python | grep -v -i '^-e\|^comune' > constraints.txt
	$(BIN)/python scripts/versions_cfg.py

clean:
	rm -rf $(VENV) $(INSTANCE) var
