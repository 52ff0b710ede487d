# Two commands matter: `make run` and `make test`. Both set everything up when needed.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.chudan-installed

.PHONY: run test test-fast bench setup lint clean-venv translations installer

$(STAMP): requirements.lock pyproject.toml scripts/install_system_deps.sh
	PYTHON=$(PYTHON) bash scripts/install_system_deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip "setuptools>=68" wheel
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	@$(PY) -m cli.launcher --run-or-demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest --durations=15 $(PYTEST_ARGS)

# No GUI, no servers or processes, no PostgreSQL, nothing slow: under a minute (tests/conftest.py).
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not gui and not slow and not live and not pg" $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks $(BENCH_ARGS)

LINT_PATHS := app cli ui local_db sync hq tests benchmarks scripts

# lint-imports finds the packages by importing them: PYTHONPATH makes that this checkout.
lint: $(STAMP)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

installer: $(STAMP)
	$(PY) -m pip install -q "pyinstaller>=6.10"
	$(VENV)/bin/pyinstaller build_installer.spec --noconfirm

translations: $(STAMP)
	$(PY) scripts/update_translations.py

clean-venv:
	rm -rf $(VENV)
