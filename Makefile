# userstream: the whole pipeline's entry points. `make` (or `make help`) lists every target.
# The Makefile stays thin: longer logic lives in hack/*.sh.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -o errexit -o nounset -o pipefail -c
.DEFAULT_GOAL := help

MVN ?= mvn
MVN_FLAGS ?= -B -ntp
# Where `make crds` takes the operators' CRDs from (CI: ../shared/crds); empty = download pinned releases.
CRDS_DIR ?=
# make run: SOURCE=randomuser|synthetic, FRESH=1 to start from empty data, BATCH_EVERY=2m (0: off) for the batch job,
# MONITORING=1 adds a local Prometheus.
SOURCE ?= randomuser
FRESH ?=
BATCH_EVERY ?= 2m
MONITORING ?=
KIND_CLUSTER ?= userstream
NAMESPACE ?= userstream
RELEASE ?= userstream
# Operator, kind, kubectl and Helm versions: their one owner, also read by hack/*.sh and the workflow.
include k8s/operators/versions.env
K8S_ENV = KIND_CLUSTER="$(KIND_CLUSTER)" NAMESPACE="$(NAMESPACE)" RELEASE="$(RELEASE)"

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "\nUsage:\n  make \033[36m<target>\033[0m\n"} /^[a-zA-Z0-9_-]+:.*?##/ { printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) } ' $(MAKEFILE_LIST)

##@ Development

.PHONY: run
run: ## Build, then run the whole pipeline on this machine until Ctrl-C (SOURCE=synthetic offline, FRESH=1 empty data, MONITORING=1 Prometheus).
	SOURCE="$(SOURCE)" FRESH="$(FRESH)" BATCH_EVERY="$(BATCH_EVERY)" MONITORING="$(MONITORING)" MVN="$(MVN)" hack/run.sh

.PHONY: batch
batch: ## Run the batch job (aggregates for GET /api/stats) once against make run's Cassandra, or start Cassandra for it.
	MVN="$(MVN)" hack/batch.sh

.PHONY: build
build: ## Compile and package every module (no tests).
	$(MVN) $(MVN_FLAGS) -DskipTests install

.PHONY: test
test: crds ## Run every unit and integration test against real Kafka, Cassandra and Spark.
	$(MVN) $(MVN_FLAGS) install

.PHONY: clean
clean: ## Remove build output and local data.
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf .run

.PHONY: bench
bench: ## Measure Kafka, Cassandra, ingest, Spark and the latency/throughput curve (~9 min); tables and chart in target/bench/.
	MVN="$(MVN)" hack/bench.sh

.PHONY: chaos
chaos: ## Kill, pause and restart every part while users flow (CHAOS_SECONDS=900), then check nothing was lost or doubled.
	MVN="$(MVN)" hack/chaos.sh

.PHONY: native
native: ## Build the ingest service as a native executable (needs GraalVM/Mandrel or docker/podman).
	MVN="$(MVN)" hack/native.sh

.PHONY: local-stack
local-stack: ## Start only Kafka and Cassandra on 127.0.0.1 until Ctrl-C.
	@test -f local-stack/core/target/runtime.classpath || $(MVN) $(MVN_FLAGS) -q -DskipTests install -pl local-stack/core -am
	local-stack/bin/local-stack up --data-dir .run/local-stack

.PHONY: crds
crds: ## Copy the operators' CRDs from CRDS_DIR (or download the pinned ones) for the chart tests.
	hack/crds.sh "$(CRDS_DIR)"

##@ Kubernetes (needs docker, kind, helm, kubectl; not run by CI here)

.PHONY: kind-up
kind-up: ## Create the kind cluster of kind-config.yaml (1 control plane, 2 workers) and the namespace.
	$(K8S_ENV) hack/kind.sh up

.PHONY: operators
operators: ## Install cert-manager, Strimzi, spark-operator and k8ssandra-operator (pinned, in order).
	$(K8S_ENV) hack/operators.sh

.PHONY: monitoring
monitoring: ## Install kube-prometheus-stack (Prometheus, Alertmanager, Grafana) and the Strimzi/K8ssandra dashboards, pinned.
	$(K8S_ENV) hack/monitoring.sh

.PHONY: images
images: ## Build the ingest native image and the spark-app image, load both into kind.
	$(K8S_ENV) hack/images.sh

.PHONY: deploy
deploy: ## helm upgrade --install the chart with values-kind.yaml and wait for the pipeline.
	$(K8S_ENV) hack/deploy.sh

.PHONY: port-forward
port-forward: ## Forward ingest (8080), Spark UI (4040), Kafka UI (8081), CQL (9042), Grafana (3000), Prometheus (9090) until Ctrl-C.
	$(K8S_ENV) hack/port-forward.sh

.PHONY: e2e-kind
e2e-kind: ## Cluster (if none), operators, images, chart, then `helm test`; deletes only a cluster it created.
	$(K8S_ENV) hack/e2e-kind.sh

.PHONY: kind-down
kind-down: ## Delete the kind cluster.
	$(K8S_ENV) hack/kind.sh down
