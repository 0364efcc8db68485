#!/usr/bin/env bash
# Forwards the pipeline's UIs to localhost until Ctrl-C:
#   http://localhost:8080/dashboard      the dashboard (ingest service; user operator or reader, password: see `helm status <release>`)
#   http://localhost:8080/q/swagger-ui   ingest API and Swagger UI (same users; "Authorize")
#   http://localhost:4040                Spark UI (driver)
#   http://localhost:8081                Kafka UI
#   localhost:9042                       Cassandra CQL (password: see `helm status <release>`)
#   http://localhost:3000                Grafana (after `make monitoring`; dashboards "userstream pipeline", Strimzi, K8ssandra)
#   http://localhost:9090                Prometheus (alerts at /alerts)
# Idempotent: kills only the forwards it started, on exit.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require kubectl
require_cluster

pids=()
cleanup() { [[ ${#pids[@]} -eq 0 ]] || kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

forward() { # service local:remote [namespace]
  local ns="${3:-${NAMESPACE}}"
  if kc -n "${ns}" get "svc/$1" >/dev/null 2>&1; then
    kc -n "${ns}" port-forward "svc/$1" "$2" >/dev/null &
    pids+=("$!")
    log "svc/$1 -> localhost:${2%%:*}"
  else
    log "svc/$1 not found in namespace ${ns} (component disabled or not started yet): skipped"
  fi
}

forward "$(ingest_name)" 8080:8080
forward "$(spark_app_name)-ui-svc" 4040:4040
forward "$(kafka_ui_name)" 8081:8080
forward "$(cassandra_name)-$(datacenter)-service" 9042:9042
# The monitoring stack of `make monitoring` (hack/monitoring.sh).
forward monitoring-grafana 3000:80 "${MONITORING_NAMESPACE:-monitoring}"
forward monitoring-prometheus 9090:9090 "${MONITORING_NAMESPACE:-monitoring}"

[[ ${#pids[@]} -gt 0 ]] || die "nothing to forward: run 'make deploy' first"
log "Ctrl-C to stop"
wait
