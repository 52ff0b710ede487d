# Two commands matter: `make run` and `make test`. Both set everything up when needed.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.chudan-installed

.PHONY: run test test-fast bench setup native lint clean-venv translations installer installer-check deb installer-bullseye

$(STAMP): requirements.lock pyproject.toml scripts/install_system_deps.sh
	PYTHON=$(PYTHON) bash scripts/install_system_deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip "setuptools>=68" wheel
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

# The premium engine compiled with mypyc (app/core/compiled.py): rebuilt when a source changes;
# without a C compiler it stays Python and says so.
NATIVE := build/native/sources.json
$(NATIVE): $(STAMP) scripts/build_native.py $(wildcard app/core/*.py app/rating/*.py app/underwriting/*.py)
	$(PY) scripts/build_native.py

native: $(NATIVE)

run: $(STAMP) $(NATIVE)
	@$(PY) -m cli.launcher --run-or-demo

# Everything but the window on every core, then the window's tests one at a time (offscreen Qt
# windows and the clerk's timed clicks share one display and must not race each other).
test: $(STAMP) $(NATIVE)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto -m "not gui" --durations=15 $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m gui --durations=10 $(PYTEST_ARGS)

# No GUI, no servers or processes, no PostgreSQL, nothing slow: under a minute (tests/conftest.py).
test-fast: $(STAMP) $(NATIVE)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto -m "not gui and not slow and not live and not pg" $(PYTEST_ARGS)

bench: $(STAMP) $(NATIVE)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks $(BENCH_ARGS)

LINT_PATHS := app cli ui local_db sync hq yard tests benchmarks scripts shipping

# lint-imports finds the packages by importing them: PYTHONPATH makes that this checkout.
lint: $(STAMP)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# dist/chudan (release) and dist/chudan-dev from a clean runtime-only venv (build/runtime-venv).
installer:
	PYTHON=$(PYTHON) bash scripts/install_system_deps.sh
	PYTHON=$(PYTHON) bash scripts/build_bundle.sh

# Runs the frozen bundles from another directory under `env -i` (shipping/installer_check.py);
# builds them first only if they are missing.
installer-check:
	test -x dist/chudan/chudan -a -x dist/chudan-dev/chudan || $(MAKE) installer
	build/runtime-venv/bin/python -m shipping.installer_check

# The Debian package of the release bundle: dist/chudan_<version>_amd64.deb.
deb:
	test -x dist/chudan/chudan || $(MAKE) installer
	bash scripts/build_deb.sh dist/chudan dist

# The Linux bundle for glibc 2.31 (Debian 11, Ubuntu 20.04, UOS, Kylin): built and checked in a
# Debian 11 root (as root; about 20 minutes the first time, see docs/install.md).
installer-bullseye:
	bash scripts/bullseye_root.sh all

translations: $(STAMP)
	$(PY) scripts/update_translations.py

clean-venv:
	rm -rf $(VENV)
