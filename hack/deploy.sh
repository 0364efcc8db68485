#!/usr/bin/env bash
# Installs or upgrades the userstream chart with the kind profile and waits for the pipeline:
# Kafka ready, Cassandra initialised, the ingest service rolled out, the Spark job running.
#   hack/deploy.sh [extra helm args, e.g. --set ingest.source=synthetic]
# Idempotent: `helm upgrade --install`.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require helm kubectl
require_cluster

CHART="${ROOT}/helm/userstream"
VALUES="${VALUES:-${CHART}/values-kind.yaml}"

ensure_namespace
# The kind profile renders ServiceMonitors, PodMonitors and a PrometheusRule: without the
# monitoring.coreos.com CRDs (`make monitoring`) the API server would refuse the whole release.
if ! kc get crd servicemonitors.monitoring.coreos.com >/dev/null 2>&1; then
  log "no Prometheus Operator CRDs (run 'make monitoring' first for dashboards and alerts): deploying without monitoring objects"
  set -- --set monitoring.enabled=false --set ingest.serviceMonitor.enabled=false \
    --set kafka.metrics.podMonitor.enabled=false --set cassandra.metrics.enabled=false "$@"
fi
# --timeout: the cassandra-roles hook Job waits for CQL, minutes on a first install.
log "helm upgrade --install ${RELEASE} in ${NAMESPACE} (values: ${VALUES#"${ROOT}"/})"
helm --kube-context "${KUBE_CONTEXT}" upgrade --install "${RELEASE}" "${CHART}" \
  --namespace "${NAMESPACE}" --values "${VALUES}" --timeout 20m "$@"

# The operators do the rest; wait in the order the data flows.
log "waiting for Kafka"
kc -n "${NAMESPACE}" wait "kafka/$(kafka_name)" --for=condition=Ready --timeout=10m
log "waiting for Cassandra (first start: several minutes)"
kc -n "${NAMESPACE}" wait "k8ssandracluster/$(cassandra_name)" --for=condition=CassandraInitialized --timeout=15m
log "waiting for the ingest service"
kc -n "${NAMESPACE}" rollout status "deployment/$(ingest_name)" --timeout=5m
log "waiting for the Spark job"
kc -n "${NAMESPACE}" wait "sparkapplication/$(spark_app_name)" \
  --for=jsonpath='{.status.applicationState.state}'=RUNNING --timeout=10m
log "userstream is running; 'make port-forward' opens the UIs"
