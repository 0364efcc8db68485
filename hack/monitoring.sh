#!/usr/bin/env bash
# Installs the monitoring stack on the kind cluster, at pinned versions, and waits until it runs:
#   1. kube-prometheus-stack (k8s/operators/kube-prometheus-stack.values.yaml) in namespace
#      `monitoring`: Prometheus Operator + CRDs, Prometheus, Alertmanager, Grafana with its dashboard
#      sidecar and Strimzi's dashboards (from Strimzi's repository at STRIMZI_VERSION);
#   2. K8ssandra's Cassandra dashboards, as K8ssandra publishes them (ConfigMaps labelled for the
#      sidecar), from k8ssandra-operator's repository at K8SSANDRA_OPERATOR_VERSION.
# Run it before `make deploy`: the chart's kind profile then renders its ServiceMonitor, PodMonitors,
# PrometheusRule and dashboard ConfigMap, which this Prometheus and Grafana pick up by themselves.
# Idempotent: `helm upgrade --install` and `kubectl apply`.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require helm kubectl curl
require_cluster

MONITORING_NAMESPACE="${MONITORING_NAMESPACE:-monitoring}"
HELM=(helm --kube-context "${KUBE_CONTEXT}")
K8SSANDRA_DASHBOARDS="https://raw.githubusercontent.com/k8ssandra/k8ssandra-operator/v${K8SSANDRA_OPERATOR_VERSION}/docs/content/en/tasks/monitor/prometheus-grafana/grafana-dashboards-new.yaml"

log "kube-prometheus-stack ${KUBE_PROMETHEUS_STACK_VERSION} in namespace ${MONITORING_NAMESPACE}"
"${HELM[@]}" repo add prometheus-community https://prometheus-community.github.io/helm-charts --force-update >/dev/null
"${HELM[@]}" repo update prometheus-community >/dev/null
"${HELM[@]}" upgrade --install monitoring prometheus-community/kube-prometheus-stack \
  --version "${KUBE_PROMETHEUS_STACK_VERSION}" --namespace "${MONITORING_NAMESPACE}" --create-namespace \
  --values "${ROOT}/k8s/operators/kube-prometheus-stack.values.yaml" --wait --timeout 10m

for crd in servicemonitors podmonitors prometheusrules; do
  kc wait --for=condition=Established "crd/${crd}.monitoring.coreos.com" --timeout=2m
done

log "K8ssandra dashboards (k8ssandra-operator v${K8SSANDRA_OPERATOR_VERSION})"
kc -n "${MONITORING_NAMESPACE}" apply -f "${K8SSANDRA_DASHBOARDS}"
kc -n "${MONITORING_NAMESPACE}" annotate --overwrite configmap \
  k8ssandra-cassandra-condensed-dashboard k8ssandra-cassandra-overview-dashboard grafana-folder=K8ssandra >/dev/null 2>&1 || true

kc -n "${MONITORING_NAMESPACE}" rollout status deployment/monitoring-grafana --timeout=5m
kc -n "${MONITORING_NAMESPACE}" rollout status deployment/monitoring-operator --timeout=5m
log "monitoring ready. Next: 'make deploy' (alerts and dashboards come with the chart), then 'make port-forward':"
log "  Grafana http://localhost:3000 (user admin; password: kubectl -n ${MONITORING_NAMESPACE} get secret monitoring-grafana -o jsonpath='{.data.admin-password}' | base64 -d)"
log "  Prometheus http://localhost:9090 (alerts: /alerts)"
