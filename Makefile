# Quick start: `make site` builds the briefing into output/, `make test` runs every test.
# Both create .venv and install the pinned packages from pyproject.toml first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site test tools lint golden docs bench clean-venv

site: $(STAMP)
	$(PY) build.py build

test: $(STAMP) tools
	$(PY) -m ruff check .
	$(PY) -m pytest

# Chromium, Java and the npm test tools (W3C Nu validator, axe-core, Lighthouse).
tools:
	bash .ci/install-tools

lint: $(STAMP)
	$(PY) -m ruff check .

# Rewrite tests/golden/ from tests/fixtures/tiny after a deliberate output change.
golden: $(STAMP)
	$(PY) -m tests.regen_golden

# Measure build and rebuild times against Hugo; rewrites bench/README.md's results.
bench: $(STAMP)
	$(PY) bench/run.py

# Rewrite the README's content format reference from briefing/schema.py.
docs: $(STAMP)
	$(PY) -m briefing.schema_doc README.md

# The dependencies only: build.py imports briefing/ from the project folder, and an
# editable install would add an import hook to every start.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	print('\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $@

clean-venv:
	rm -rf $(VENV)
