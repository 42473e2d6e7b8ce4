# Prometheus Alerts SLM. Every target runs on Node >= 22: when the system Node is older (these machines ship
# Node 20, end of life), Node 24 is installed from the npm registry into .tools/ and put first on PATH.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

NODE_VERSION := 24.21.0
TOOLS := $(CURDIR)/.tools
SYSTEM_NODE_MAJOR := $(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
ifeq ($(shell [ "$(SYSTEM_NODE_MAJOR)" -lt 22 ] && echo old),old)
NODE_BIN := $(TOOLS)/node_modules/.bin/node
export PATH := $(TOOLS)/node_modules/.bin:$(PATH)
endif

SOURCES := $(shell find functions lib -name '*.ts' -o -name '*.sql' 2>/dev/null) package.json

.PHONY: help setup build typecheck test run bench migrate clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 20

$(TOOLS)/node_modules/.bin/node:
	npm install --prefix $(TOOLS) --no-save --no-audit --no-fund --loglevel=error node@$(NODE_VERSION)

node_modules/.installed: package-lock.json $(NODE_BIN)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: node_modules/.installed ## install Node 24 (when needed) and the dependencies

dist/.built: node_modules/.installed $(SOURCES)
	npm run --silent build
	@touch $@

build: dist/.built ## bundle each function, the image entry and the CLI into dist/ (esbuild)

typecheck: node_modules/.installed ## type-check everything (tsc, strict)
	npx tsc -p .

test: build typecheck ## run the whole test suite (ava); ends with "N passed, N failed, N skipped"
	npm run --silent test

run: build ## run the pipeline locally: ingest on WEBHOOK_PORT (8080), local broker, embedded defaults
	node dist/cli.js run

migrate: build ## apply database migrations to DATABASE_URL (or the embedded database under DATA_DIR)
	node dist/cli.js migrate

bench: build ## medians and ratios against baselines measured in the same run (cold start, throughput)
	node dist/cli.js bench

clean: ## remove build output and installed tools
	rm -rf dist node_modules $(TOOLS)
