# Flaskgram: `make run` serves the app on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app flaskgram
PYTEST_ARGS ?=

.PHONY: run demo serve test lint format migrate lock bench clean client client-check

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

# The React client in frontend/, served at /app/. It is built when Node.js 20.19+ is here;
# the HTML site works without it.
CLIENT := frontend
NODE_OK := $(shell node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' >/dev/null 2>&1 && echo yes)
NO_NODE := The React app at /app/ needs Node.js 20.19 or newer (https://nodejs.org/en/download); the HTML site works without it.
CLIENT_SOURCES := $(shell find $(CLIENT)/src $(CLIENT)/index.html $(CLIENT)/vite.config.ts $(CLIENT)/tsconfig.json -type f 2>/dev/null)

$(CLIENT)/node_modules/.installed: $(CLIENT)/package-lock.json
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The client's API types come from the server's OpenAPI document: an API change that breaks
# the client fails its type check.
$(CLIENT)/openapi.json: $(APP_INSTALLED) $(shell find flaskgram -name '*.py')
	$(FLASK) openapi write $@

$(CLIENT)/src/api/schema.d.ts: $(CLIENT)/openapi.json $(CLIENT)/node_modules/.installed
	cd $(CLIENT) && npm run --silent api-types

$(CLIENT)/dist/index.html: $(CLIENT)/src/api/schema.d.ts $(CLIENT_SOURCES)
	cd $(CLIENT) && npm run --silent build

client:
ifeq ($(NODE_OK),yes)
	@$(MAKE) --no-print-directory $(CLIENT)/dist/index.html
else
	@echo "$(NO_NODE)"
endif

# Lint, type check and unit tests of the client, then its build for the browser tests.
client-check:
ifeq ($(NODE_OK),yes)
	@$(MAKE) --no-print-directory $(CLIENT)/src/api/schema.d.ts
	cd $(CLIENT) && npm run --silent lint && npm run --silent typecheck && npm test --silent
	@$(MAKE) --no-print-directory $(CLIENT)/dist/index.html
else
	@echo "$(NO_NODE) Skipping its checks and browser tests."
endif

migrate: $(APP_INSTALLED)
	$(FLASK) db upgrade

# Listens on FLASKGRAM_HOST:FLASKGRAM_PORT (default 127.0.0.1:5000), plain http.
run: migrate client
	$(BIN)/python app.py

demo: migrate client
	$(FLASK) seed-demo
	$(BIN)/python app.py

# Production: gunicorn with gunicorn.conf.py (FLASKGRAM_BIND, default 127.0.0.1:8000),
# behind nginx (docs/nginx.conf). HTTPS is assumed: Secure cookies, http -> https.
serve: migrate client
	$(BIN)/gunicorn

test: $(DEV_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@$(MAKE) --no-print-directory client-check
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
	rm -rf $(VENV) .pytest_cache .ruff_cache $(CLIENT)/node_modules $(CLIENT)/dist

# Pages at scale under gunicorn, driven by wrk (apt-get install wrk); see bench/README.md.
# make bench BENCH_ARGS="--database mariadb --size small"
BENCH_ARGS ?=
bench: $(DEV_INSTALLED)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
