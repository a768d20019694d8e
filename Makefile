# Flaskgram: `make run` serves the app on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app flaskgram
PYTEST_ARGS ?=

.PHONY: run demo test lint format migrate lock bench clean

# Two layers, each reinstalled when its pins change: what the app needs to run
# (requirements.lock), and the test and lint tools on top (requirements-dev.lock).
APP_INSTALLED := $(VENV)/.installed-app
DEV_INSTALLED := $(VENV)/.installed-dev

$(APP_INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(DEV_INSTALLED): $(APP_INSTALLED) requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

migrate: $(APP_INSTALLED)
	$(FLASK) db upgrade

# Listens on FLASKGRAM_HOST:FLASKGRAM_PORT (default 127.0.0.1:5000), plain http.
run: migrate
	$(BIN)/python app.py

demo: migrate
	$(FLASK) seed-demo
	$(BIN)/python app.py

test: $(DEV_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(DEV_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(DEV_INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin every dependency after editing pyproject.toml.
lock: $(DEV_INSTALLED)
	$(BIN)/uv pip compile --quiet pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Feed speed at scale. On MariaDB: make bench BENCH_ARGS="--database-url mysql+pymysql://..."
BENCH_ARGS ?=
bench: $(APP_INSTALLED)
	$(BIN)/python bench/feed.py $(BENCH_ARGS)
