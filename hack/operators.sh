#!/usr/bin/env bash
# Installs the operators the chart needs, in dependency order, at pinned versions
# (k8s/operators/versions.env) with the values files next to it, and waits until each runs:
#   1. cert-manager          (the k8ssandra-operator's webhooks need its certificates)
#   2. Strimzi               (Kafka, KafkaNodePool, KafkaTopic, KafkaUser)
#   3. spark-operator        (SparkApplication; watches NAMESPACE, userstream by default)
#   4. k8ssandra-operator    (K8ssandraCluster, with cass-operator)
# Idempotent: `helm upgrade --install` converges to the same state on every run.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require helm kubectl
require_cluster

VALUES="${ROOT}/k8s/operators"
HELM=(helm --kube-context "${KUBE_CONTEXT}")

log "helm repositories"
"${HELM[@]}" repo add jetstack https://charts.jetstack.io --force-update >/dev/null
"${HELM[@]}" repo add spark-operator https://kubeflow.github.io/spark-operator --force-update >/dev/null
"${HELM[@]}" repo add k8ssandra https://helm.k8ssandra.io/stable --force-update >/dev/null
"${HELM[@]}" repo update jetstack spark-operator k8ssandra >/dev/null

# The namespace the operators watch must exist before they install their RoleBindings into it.
ensure_namespace

install() { # release chart version namespace values-file [extra helm args]
  log "$1 $3 in namespace $4"
  "${HELM[@]}" upgrade --install "$1" "$2" --version "$3" \
    --namespace "$4" --create-namespace --values "$5" "${@:6}" --wait --timeout 10m
}

install cert-manager jetstack/cert-manager "${CERT_MANAGER_VERSION}" cert-manager "${VALUES}/cert-manager.values.yaml"
kc -n cert-manager rollout status deployment/cert-manager-webhook --timeout=5m

# Strimzi's OCI chart (the strimzi.io/charts repository is deprecated); watches NAMESPACE.
install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator "${STRIMZI_VERSION}" strimzi \
  "${VALUES}/strimzi.values.yaml" --set "watchNamespaces={${NAMESPACE}}"
kc -n strimzi rollout status deployment/strimzi-cluster-operator --timeout=5m

install spark-operator spark-operator/spark-operator "${SPARK_OPERATOR_VERSION}" spark-operator \
  "${VALUES}/spark-operator.values.yaml" --set "spark.jobNamespaces={${NAMESPACE}}"
kc -n spark-operator rollout status deployment/spark-operator-controller --timeout=5m
kc -n spark-operator rollout status deployment/spark-operator-webhook --timeout=5m

install k8ssandra-operator k8ssandra/k8ssandra-operator "${K8SSANDRA_OPERATOR_VERSION}" k8ssandra-operator "${VALUES}/k8ssandra-operator.values.yaml"
kc -n k8ssandra-operator rollout status deployment/k8ssandra-operator --timeout=5m
kc -n k8ssandra-operator rollout status deployment/k8ssandra-operator-cass-operator --timeout=5m

# Every CRD the chart uses is served before the chart is installed.
for crd in kafkas.kafka.strimzi.io kafkanodepools.kafka.strimzi.io kafkatopics.kafka.strimzi.io \
           kafkausers.kafka.strimzi.io sparkapplications.sparkoperator.k8s.io \
           k8ssandraclusters.k8ssandra.io cassandradatacenters.cassandra.datastax.com; do
  kc wait --for=condition=Established "crd/${crd}" --timeout=2m
done
log "operators ready"
