# studybot: `make run` starts the bot, `make test` runs the whole suite. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test lint bench wheel-test image-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/studybot run

lint: $(TSTAMP)
	$(BIN)/ruff check bot tests bench migrations
	$(BIN)/ruff format --check bot tests bench migrations
	$(BIN)/mypy

# The quiz audit fails the build on any question that gives its answer away or is wrong.
test: lint
	$(BIN)/studybot quiz audit
	$(BIN)/pytest

bench: $(TSTAMP)
	$(BIN)/python -m bench

# Build the wheel, install it in a fresh venv outside the checkout, run kb check, ask, db upgrade.
wheel-test: | $(BIN)/python
	PYTHON=$(abspath $(BIN)/python) bash scripts/wheel-test.sh

# Build the container image and run `studybot ask` and `doctor --quick` inside it as its user
# (root; installs podman and debootstrap when missing). See docs/operations.md.
image-test:
	bash scripts/image-test.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
