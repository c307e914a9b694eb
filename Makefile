# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate bench check-content lint

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/workshop db upgrade

## Set everything up and run the server on all interfaces (prints the address to open).
run: migrate
	$(BIN)/workshop serve

## Set everything up and run the whole test suite (browser tests need /usr/bin/chromium).
test: $(STAMP)
	$(BIN)/workshop check-content
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.run

check-content: $(STAMP)
	$(BIN)/workshop check-content

lint: $(STAMP)
	$(BIN)/ruff check workshop tests bench
