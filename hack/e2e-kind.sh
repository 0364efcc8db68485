#!/usr/bin/env bash
# End to end on kind: cluster (when missing), operators, images, chart; then the chart's `helm test`
# (a small manual run whose ids must all become rows in Cassandra) and a row count before and after.
#   hack/e2e-kind.sh
# Env: E2E_SOURCE (synthetic: no dependency on randomuser.me's availability; `randomuser` tests the
# real API for the scheduled runs), E2E_TIMEOUT seconds for `helm test` (600), KEEP_CLUSTER=1 to
# leave up a cluster this script created (one it did not create is always left).
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

E2E_SOURCE="${E2E_SOURCE:-synthetic}"
E2E_TIMEOUT="${E2E_TIMEOUT:-600}"

require docker kind helm kubectl

# Only a cluster this script creates is deleted at the end: one `make kind-up` made stays.
created_cluster=0
cluster_exists || created_cluster=1

teardown() {
  local status=$?
  if [[ ${status} -ne 0 ]] && cluster_exists; then
    log "FAILED: state of namespace ${NAMESPACE}"
    kc -n "${NAMESPACE}" get pods,kafka,kafkatopics,kafkausers,k8ssandracluster,sparkapplication -o wide || true
    kc -n "${NAMESPACE}" describe "sparkapplication/$(spark_app_name)" || true
    kc -n "${NAMESPACE}" logs "deployment/$(ingest_name)" --tail=100 || true
    kc -n "${NAMESPACE}" logs "$(spark_app_name)-driver" --tail=200 || true
  fi
  if [[ ${created_cluster} -eq 1 && "${KEEP_CLUSTER:-0}" != "1" ]]; then
    "${ROOT}/hack/kind.sh" down || true
  elif cluster_exists; then
    log "cluster '${KIND_CLUSTER}' left running ('make kind-down' removes it)"
  fi
  exit "${status}"
}
trap teardown EXIT

"${ROOT}/hack/kind.sh" up
"${ROOT}/hack/operators.sh"
"${ROOT}/hack/images.sh"
# Scheduled runs off: the rows that appear are the test's own.
"${ROOT}/hack/deploy.sh" --set "ingest.source=${E2E_SOURCE}" --set ingest.schedule.enabled=false

CQL_SECRET="$(cassandra_name)-superuser"
CQL_USER="$(kc -n "${NAMESPACE}" get secret "${CQL_SECRET}" -o jsonpath='{.data.username}' | base64 -d)"
CQL_PASSWORD="$(kc -n "${NAMESPACE}" get secret "${CQL_SECRET}" -o jsonpath='{.data.password}' | base64 -d)"
CASSANDRA_POD="$(cassandra_name)-$(datacenter)-default-sts-0"

count_rows() {
  local out
  out="$(kc -n "${NAMESPACE}" exec "${CASSANDRA_POD}" -c cassandra -- \
    cqlsh -u "${CQL_USER}" -p "${CQL_PASSWORD}" -e "SELECT COUNT(*) FROM spark_streams.created_users;" 2>/dev/null)" || true
  # cqlsh prints a header, a rule, the number and "(1 rows)"; take the number alone.
  awk '/^ *[0-9]+ *$/ { print $1; exit }' <<<"${out}"
}

before="$(count_rows)"; before="${before:-0}"
log "rows in spark_streams.created_users before the test: ${before}"

# The chart's own test pod (templates/tests/): a manual run, its ids read back from Kafka, each
# waited for in created_users. Exits non-zero otherwise; --logs prints what it saw.
log "helm test $(fullname) (timeout ${E2E_TIMEOUT}s)"
helm --kube-context "${KUBE_CONTEXT}" test "${RELEASE}" --namespace "${NAMESPACE}" \
  --timeout "${E2E_TIMEOUT}s" --logs

after="$(count_rows)"; after="${after:-0}"
log "rows in spark_streams.created_users after the test: ${after}"
(( after > before )) || die "the test run added no rows (${before} before, ${after} after)"
log "e2e passed"
