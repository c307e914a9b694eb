# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate bench costs check-content lint lock

# constraints.txt pins the exact versions the tests passed with, so a fresh machine next year
# installs the same; `make lock` writes it again from pyproject.toml.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/workshop db upgrade

## Set everything up and run the server on all interfaces (prints the address to open).
run: migrate
	$(BIN)/workshop serve

## Set everything up and run the whole test suite (browser tests need /usr/bin/chromium).
# Test workers: the browser and server tests wait on each other a little, so four keep two cores busy.
TEST_WORKERS ?= 4
# The code is compiled once first, as a non-editable pip install leaves a package: the four workers and
# the thirty-odd servers the tests start read it (where PYTHONDONTWRITEBYTECODE is set, each compiled
# all of it again).

test: $(STAMP)
	$(BIN)/ruff check workshop tests bench
	$(BIN)/ruff format --check workshop tests bench
	$(BIN)/workshop check-content
	$(BIN)/python -m compileall -q workshop tests bench
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.run

## SQL statements and CPU time per save, post and step, in this process (see bench/costs.py).
costs: $(STAMP)
	$(BIN)/python -m bench.costs

check-content: $(STAMP)
	$(BIN)/workshop check-content

lint: $(STAMP)
	$(BIN)/ruff check workshop tests bench
	$(BIN)/ruff format --check workshop tests bench

## After a dependency changes in pyproject.toml: pin what it resolves to in constraints.txt (pins
## that still fit are kept; `make lock UPGRADE=1` takes the newest allowed), then run `make test`.
lock: $(STAMP)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) -o constraints.txt pyproject.toml
