# Quick start: `make site` builds the briefing into output/, `make test` runs every test.
# `make site` installs what a build needs into .venv (search's Pagefind where it has a build
# for the machine); `make test` adds the test tools.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BUILD_STAMP := $(VENV)/.installed-build
TEST_STAMP  := $(VENV)/.installed-test

.PHONY: site test tools lint golden docs bench clean-venv

site: $(BUILD_STAMP)
	$(PY) build.py build

test: $(TEST_STAMP) tools
	$(PY) -m ruff check .
	$(PY) -m pytest

# Chromium, Java and the npm test tools (W3C Nu validator, axe-core, Lighthouse).
tools:
	bash .ci/install-tools

lint: $(TEST_STAMP)
	$(PY) -m ruff check .

# Rewrite tests/golden/ from tests/fixtures/tiny after a deliberate output change.
golden: $(BUILD_STAMP)
	$(PY) -m tests.regen_golden

# Measure build and rebuild times against Hugo; rewrites bench/README.md's results.
bench: $(BUILD_STAMP)
	$(PY) bench/run.py

# Rewrite the README's content format reference from briefing/schema.py.
docs: $(BUILD_STAMP)
	$(PY) -m briefing.schema_doc README.md

# The pinned dependencies only: build.py imports briefing/ from the project folder, and
# an editable install would add an import hook to every start. (`pip install .` gives
# the `briefing` command instead, for briefings kept elsewhere.)
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(BUILD_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	print('\n'.join(p['dependencies']))" > $(VENV)/requirements-build.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements-build.txt
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	print('\n'.join(p['optional-dependencies']['search']))" > $(VENV)/requirements-search.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements-search.txt \
	  || echo "Pagefind has no build for this machine: briefings build, without search."
	touch $@

$(TEST_STAMP): $(BUILD_STAMP)
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	print('\n'.join(p['optional-dependencies']['test']))" > $(VENV)/requirements-test.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements-test.txt
	touch $@

clean-venv:
	rm -rf $(VENV)
