# Flaskgram: `make run` serves the app on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app flaskgram
PYTEST_ARGS ?=

.PHONY: run demo test lint format migrate lock bench clean

# The virtual environment is rebuilt when the pinned requirements change.
$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

run: migrate
	$(BIN)/python app.py

demo: migrate
	$(FLASK) seed-demo
	$(BIN)/python app.py

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin every dependency after editing pyproject.toml.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile --quiet pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Feed speed at scale. On MariaDB: make bench BENCH_ARGS="--database-url mysql+pymysql://..."
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python bench/feed.py $(BENCH_ARGS)
