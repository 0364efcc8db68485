#!/usr/bin/env bash
# End to end on a throw-away kind cluster: cluster, operators, images, chart; then one ingest run
# of 100 users through the REST API, and a wait until they are rows in Cassandra.
#   hack/e2e-kind.sh
# Env: E2E_COUNT (100), E2E_SOURCE (synthetic: no dependency on randomuser.me's availability;
# `randomuser` tests the real API), E2E_TIMEOUT seconds to wait for the rows (600),
# KEEP_CLUSTER=1 to leave the cluster up for inspection.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

E2E_COUNT="${E2E_COUNT:-100}"
E2E_SOURCE="${E2E_SOURCE:-synthetic}"
E2E_TIMEOUT="${E2E_TIMEOUT:-600}"
LOCAL_PORT="${LOCAL_PORT:-18080}"

require docker kind helm kubectl curl

forward_pid=""
teardown() {
  local status=$?
  [[ -z "${forward_pid}" ]] || kill "${forward_pid}" 2>/dev/null || true
  if [[ ${status} -ne 0 ]] && cluster_exists; then
    log "FAILED: state of namespace ${NAMESPACE}"
    kc -n "${NAMESPACE}" get pods,kafka,kafkatopics,kafkausers,k8ssandracluster,sparkapplication -o wide || true
    kc -n "${NAMESPACE}" describe "sparkapplication/${RELEASE}-spark" || true
    kc -n "${NAMESPACE}" logs "deployment/${RELEASE}-ingest" --tail=100 || true
    kc -n "${NAMESPACE}" logs "${RELEASE}-spark-driver" --tail=200 || true
  fi
  if [[ "${KEEP_CLUSTER:-0}" == "1" ]]; then
    log "KEEP_CLUSTER=1: cluster '${KIND_CLUSTER}' left running ('make kind-down' removes it)"
  else
    "${ROOT}/hack/kind.sh" down || true
  fi
  exit "${status}"
}
trap teardown EXIT

"${ROOT}/hack/kind.sh" up
"${ROOT}/hack/operators.sh"
"${ROOT}/hack/images.sh"
# Scheduled runs off: the only records are the ones this test asks for.
"${ROOT}/hack/deploy.sh" --set "ingest.source=${E2E_SOURCE}" --set ingest.schedule.enabled=false

log "port-forward to the ingest service on localhost:${LOCAL_PORT}"
kc -n "${NAMESPACE}" port-forward "svc/${RELEASE}-ingest" "${LOCAL_PORT}:8080" >/dev/null &
forward_pid=$!
for _ in $(seq 1 30); do
  curl --silent --fail "http://localhost:${LOCAL_PORT}/q/health/ready" >/dev/null && break
  sleep 2
done
curl --silent --fail "http://localhost:${LOCAL_PORT}/q/health/ready" >/dev/null || die "ingest service not ready"

log "POST /api/ingest/runs?count=${E2E_COUNT}"
curl --silent --show-error --fail -X POST "http://localhost:${LOCAL_PORT}/api/ingest/runs?count=${E2E_COUNT}"
echo

SECRET="${RELEASE}-superuser"
CQL_USER="$(kc -n "${NAMESPACE}" get secret "${SECRET}" -o jsonpath='{.data.username}' | base64 -d)"
CQL_PASSWORD="$(kc -n "${NAMESPACE}" get secret "${SECRET}" -o jsonpath='{.data.password}' | base64 -d)"
CASSANDRA_POD="${RELEASE}-dc1-default-sts-0"

count_rows() {
  local out
  out="$(kc -n "${NAMESPACE}" exec "${CASSANDRA_POD}" -c cassandra -- \
    cqlsh -u "${CQL_USER}" -p "${CQL_PASSWORD}" -e "SELECT COUNT(*) FROM spark_streams.created_users;" 2>/dev/null)" || true
  # cqlsh prints a header, a rule, the number and "(1 rows)"; take the number alone.
  awk '/^ *[0-9]+ *$/ { print $1; exit }' <<<"${out}"
}

log "waiting up to ${E2E_TIMEOUT}s for ${E2E_COUNT} rows in spark_streams.created_users"
deadline=$((SECONDS + E2E_TIMEOUT))
rows=0
while (( SECONDS < deadline )); do
  rows="$(count_rows)"
  rows="${rows:-0}"
  (( rows >= E2E_COUNT )) && break
  sleep 10
done
log "rows in spark_streams.created_users: ${rows}"
(( rows >= E2E_COUNT )) || die "expected at least ${E2E_COUNT} rows, found ${rows}"
log "e2e passed"
