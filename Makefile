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

.PHONY: help setup build typecheck lint format test run bench migrate clean

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
	npm run --silent typecheck

# The suite runs against a real Postgres where the machine has one: TEST_DATABASE_URL, or the local server when it
# answers (CI's machines have one at 127.0.0.1:5432, trust auth, database test); PGlite otherwise.
LOCAL_TEST_DATABASE := postgres://postgres@127.0.0.1:5432/test

# Biome: the formatter check, the linter, and the import directions (noRestrictedImports per folder, in biome.json).
lint: node_modules/.installed ## check formatting, lint rules and import directions (Biome); make format rewrites
	npx biome ci --colors=off .

format: node_modules/.installed ## apply the formatter and the linter's safe fixes
	npx biome check --write .

test: build typecheck lint ## run the whole test suite (ava); ends with "N passed, N failed, N skipped"
	@if [ -z "$${TEST_DATABASE_URL:-}" ] && node -e "const c = new (require('pg').Client)({ connectionString: '$(LOCAL_TEST_DATABASE)', connectionTimeoutMillis: 2000 }); c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1))" 2>/dev/null; then \
	  echo "TEST_DATABASE_URL: using the local PostgreSQL ($(LOCAL_TEST_DATABASE))"; export TEST_DATABASE_URL=$(LOCAL_TEST_DATABASE); \
	fi; npm run --silent test

run: build ## run the pipeline locally: ingest on WEBHOOK_PORT (8080), local broker, embedded defaults
	node dist/cli.js run

migrate: build ## apply database migrations to DATABASE_URL (or the embedded database under DATA_DIR)
	node dist/cli.js migrate

# The pg rows (recordOnce, pipeline latency, each function's memory) need a server: the local one, as for make test.
bench: build ## medians and ratios against baselines measured in the same run (cold start, throughput, memory, storm)
	@if [ -z "$${TEST_DATABASE_URL:-}" ] && node -e "const c = new (require('pg').Client)({ connectionString: '$(LOCAL_TEST_DATABASE)', connectionTimeoutMillis: 2000 }); c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1))" 2>/dev/null; then \
	  echo "TEST_DATABASE_URL: using the local PostgreSQL ($(LOCAL_TEST_DATABASE))" >&2; export TEST_DATABASE_URL=$(LOCAL_TEST_DATABASE); \
	fi; node dist/cli.js bench $(BENCH_ARGS)

clean: ## remove build output and installed tools
	rm -rf dist node_modules $(TOOLS)

# ---- Knative: make image / deploy / undeploy / url / send-test-alert / logs -------------------------------------
# These need a cluster with Knative Serving and Eventing, and the func, kubectl and kn CLIs (knative/README.md).
# Each stops with a message naming what is missing; `make test` runs them only against stand-ins for the CLIs.

# The manifests name this namespace (knative/namespace.yaml, the kustomizations, the RBAC subjects).
override NAMESPACE := alerts-slm
KNATIVE_FUNCTIONS := ingest analyze execute assess dead-letter mcp
# Where the image goes: set REGISTRY (your registry and user or project) or a full IMAGE reference.
REGISTRY ?=
# The commit, marked -dirty-<hash of the changes> when the tree differs from it: a rebuilt image of edited
# sources gets a new tag, so the Services roll out a new revision instead of keeping the old one. func.yaml is
# left out: func build writes the image into it, and make deploy must compute the tag make image pushed.
source_changes = git diff $(1) HEAD -- . ':(exclude)func.yaml'
IMAGE_TAG ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo latest)$(shell $(call source_changes,--quiet) 2>/dev/null || echo -dirty-$$($(call source_changes) | sha256sum | cut -c1-8))
IMAGE ?= $(if $(REGISTRY),$(REGISTRY)/alerts-slm:$(IMAGE_TAG))
# make send-test-alert ALERT=<file>: a captured Alertmanager notification.
ALERT ?= test/fixtures/alertmanager/0032-default-firing-3alerts.json
# make logs FUNCTION=<name>
FUNCTION ?= ingest
# The overlay make deploy writes: the manifests and the migration Job, with the image set.
KNATIVE_OVERLAY := .data/knative-deploy

# IMAGE split the way kustomize's images field wants it: a name, and a tag or a digest.
image_ref = $(firstword $(subst @, ,$(IMAGE)))
image_last = $(lastword $(subst /, ,$(image_ref)))
image_digest = $(word 2,$(subst @, ,$(IMAGE)))
image_tag = $(if $(findstring :,$(image_last)),$(lastword $(subst :, ,$(image_last))))
image_name = $(if $(image_tag),$(patsubst %:$(image_tag),%,$(image_ref)),$(image_ref))

# $(call need,<tool>,<where to get it>): stop with a clear message when a tool is missing (no commas in the hint).
need = command -v $(1) >/dev/null 2>&1 || { echo "make $@: '$(1)' is required but not on PATH: $(2)" >&2; exit 127; }
need_image = [ -n "$(IMAGE)" ] || { echo "make $@: no image: set REGISTRY=<registry>/<user> (the tag defaults to the commit) or IMAGE=<full reference>" >&2; exit 2; }
need_kubectl = $(call need,kubectl,install kubectl and point it at the cluster (kubectl config current-context))

# The pod make send-test-alert runs: the functions' own image, the webhook token mounted from the Secret, and, as
# in the Services, a read-only root filesystem with /tmp an emptyDir (the buildpack launcher writes there).
TEST_ALERT_OVERRIDES = {"spec":{"automountServiceAccountToken":false,"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"volumes":[{"name":"tmp","emptyDir":{}},{"name":"token","secret":{"secretName":"alerts-slm","items":[{"key":"webhook-token","path":"webhook-token"}]}}],"containers":[{"name":"alerts-slm-test-alert","volumeMounts":[{"name":"tmp","mountPath":"/tmp"},{"name":"token","mountPath":"/var/run/secrets/alerts-slm","readOnly":true}],"securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}}}]}}

.PHONY: image deploy undeploy url send-test-alert logs

image: ## build the functions' image with func (pack) and push it: make image REGISTRY=<registry>/<user>
	@$(call need,func,install the Knative func CLI (the version knative/README.md names))
	@$(need_image)
	func build --path $(CURDIR) --builder pack --image $(IMAGE) --push

# The migration Job is deleted and applied again on every deploy: a Job's pod template cannot change.
deploy: ## create or update everything in namespace alerts-slm, then migrate (idempotent): make deploy REGISTRY=...
	@$(need_kubectl)
	@$(need_image)
	kubectl apply -f knative/namespace.yaml
	@kubectl -n $(NAMESPACE) get secret alerts-slm >/dev/null 2>&1 || { \
	  echo "make deploy: Secret alerts-slm is missing in namespace $(NAMESPACE); create it first (knative/secret.example.yaml shows the keys)" >&2; exit 1; }
	@mkdir -p $(KNATIVE_OVERLAY)
	@printf '%s\n' 'apiVersion: kustomize.config.k8s.io/v1beta1' 'kind: Kustomization' 'resources:' \
	  '  - ../../knative' '  - ../../knative/migrate' 'images:' '  - name: alerts-slm' '    newName: $(image_name)' \
	  '    $(if $(image_digest),digest: $(image_digest),newTag: $(or $(image_tag),latest))' > $(KNATIVE_OVERLAY)/kustomization.yaml
	kubectl -n $(NAMESPACE) delete job alerts-slm-migrate --ignore-not-found
# The schema first: new revisions must not start on the old one. The Job reads the ConfigMap.
	kubectl -n $(NAMESPACE) apply -f knative/config.yaml
	kubectl apply -k $(KNATIVE_OVERLAY) -l app.kubernetes.io/component=migrate
	kubectl -n $(NAMESPACE) wait --for=condition=complete job/alerts-slm-migrate --timeout=300s || { \
	  kubectl -n $(NAMESPACE) logs job/alerts-slm-migrate --tail=50 >&2; echo "make deploy: the migration Job did not complete (its log is above)" >&2; exit 1; }
	kubectl apply -k $(KNATIVE_OVERLAY)
	kubectl -n $(NAMESPACE) wait --for=condition=Ready --timeout=300s ksvc --all
	kubectl -n $(NAMESPACE) wait --for=condition=Ready --timeout=120s broker/alerts-slm
	kubectl -n $(NAMESPACE) wait --for=condition=Ready --timeout=120s trigger --all
	@if command -v kn >/dev/null 2>&1; then kn service list -n $(NAMESPACE); kn trigger list -n $(NAMESPACE); fi
	@echo "Alertmanager webhook: $$(kubectl -n $(NAMESPACE) get ksvc alerts-slm-ingest -o jsonpath='{.status.url}')/ (make url; knative/alertmanager/ has the receiver)"

undeploy: ## delete what make deploy created; keeps the namespace, its Secret and the database
	@$(need_kubectl)
	kubectl delete -k knative --ignore-not-found
	kubectl delete -k knative/migrate --ignore-not-found
	kubectl -n $(NAMESPACE) delete pingsource alerts-slm-assess-tick --ignore-not-found
	@echo "kept namespace $(NAMESPACE) and its Secret alerts-slm (kubectl delete namespace $(NAMESPACE) removes them); the database is untouched"

url: ## print ingest's URL, the one Alertmanager posts to (cluster-local)
	@$(call need,kn,install the Knative CLI kn or run kubectl -n $(NAMESPACE) get ksvc alerts-slm-ingest -o jsonpath='{.status.url}')
	@echo "$$(kn service describe alerts-slm-ingest -n $(NAMESPACE) -o url)/"

send-test-alert: ## POST a captured Alertmanager notification (ALERT=file) to the deployed ingest, from a pod beside it
	@$(need_kubectl)
	@test -f $(ALERT) || { echo "make send-test-alert: ALERT=$(ALERT) is not a file" >&2; exit 2; }
	@image=$$(kubectl -n $(NAMESPACE) get ksvc alerts-slm-ingest -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || true); \
	url=$$(kubectl -n $(NAMESPACE) get ksvc alerts-slm-ingest -o jsonpath='{.status.url}' 2>/dev/null || true); \
	[ -n "$$image" ] && [ -n "$$url" ] || { echo "make send-test-alert: alerts-slm-ingest is not deployed (or not ready) in $(NAMESPACE): make deploy" >&2; exit 1; }; \
	echo "POST $(ALERT) to $$url/ (through the cluster's network, as Alertmanager would)"; \
	kubectl -n $(NAMESPACE) run alerts-slm-test-alert --rm -i --quiet --restart=Never --image="$$image" \
	  --labels=app.kubernetes.io/name=alerts-slm-test-alert --override-type=strategic --overrides='$(TEST_ALERT_OVERRIDES)' \
	  --command -- /cnb/lifecycle/launcher node dist/cli.js replay /dev/stdin --to "$$url/" \
	  --token-file /var/run/secrets/alerts-slm/webhook-token < $(ALERT)

logs: ## follow one function's logs: make logs FUNCTION=analyze (ingest, analyze, execute, assess, dead-letter, mcp)
	@$(need_kubectl)
	@case " $(KNATIVE_FUNCTIONS) " in *" $(FUNCTION) "*) ;; *) echo "make logs: FUNCTION must be one of: $(KNATIVE_FUNCTIONS)" >&2; exit 2;; esac
	@kubectl -n $(NAMESPACE) get pods -l serving.knative.dev/service=alerts-slm-$(FUNCTION) -o name | grep -q . || { \
	  echo "no alerts-slm-$(FUNCTION) pod is running (scaled to zero): it starts with its next request; run this again then"; exit 0; }
	kubectl -n $(NAMESPACE) logs -f --tail=100 --prefix --max-log-requests=10 -c user-container -l serving.knative.dev/service=alerts-slm-$(FUNCTION)
