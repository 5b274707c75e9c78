# The two commands of the README: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
# `make run PORT=8001` serves on another port.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The outside checkers the tests run (Nu HTML checker, axe-core), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium

# A local machine without Java, npm, Chromium or redis-server deselects the
# checks that need them and says so; CI (CI=true) installs them in .ci/run and
# never deselects.
ifeq ($(CI),)
MISSING_MARKS := $(if $(shell command -v java),,needs_java) \
                 $(if $(wildcard $(CHROMIUM)),,needs_chromium) \
                 $(if $(filter PONG,$(shell redis-cli ping 2>/dev/null)),,needs_redis) \
                 $(if $(shell command -v redis-server),,needs_redis_server)
ifeq ($(shell command -v npm),)
MISSING_MARKS += needs_java needs_chromium
endif
endif
MISSING_MARKS := $(sort $(strip $(MISSING_MARKS)))
empty :=
space := $(empty) $(empty)
MARK_ARGS := $(if $(MISSING_MARKS),-m "not $(subst $(space), and not ,$(MISSING_MARKS))")
NODE_DEPS := $(if $(shell command -v npm),$(NODE_STAMP))

.PHONY: run test lint format install

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# --ignore-scripts: vnu-jar ships its jar; its install script would fetch a Java.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_DEPS)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) $(NODE_DEPS)
	$(if $(MISSING_MARKS),@echo "Deselected as their tools are missing: $(MISSING_MARKS)")
	$(PY) -m pytest $(MARK_ARGS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
