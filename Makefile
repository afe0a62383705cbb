# Two commands a new user needs: `make run` (set up and start the bot) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test venv check demo lint clean

$(BIN)/storywatch: pyproject.toml setup.py judge/_lookup.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/storywatch

venv: $(BIN)/storywatch

run: venv
	$(BIN)/storywatch run --config config.yaml

demo: venv
	$(BIN)/storywatch demo

check: venv
	$(BIN)/storywatch check --config config.yaml

lint: venv
	$(BIN)/ruff check bot judge watchers tests benchmarks
	$(BIN)/ruff format --check bot judge watchers tests benchmarks

test: venv
	$(BIN)/ruff check bot judge watchers tests benchmarks
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info judge/*.so
