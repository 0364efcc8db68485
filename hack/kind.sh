#!/usr/bin/env bash
# Creates or deletes the local kind cluster described by kind-config.yaml.
#   hack/kind.sh up | down
# Idempotent: `up` on an existing cluster and `down` on a missing one do nothing.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  up)
    require docker kind kubectl
    if cluster_exists; then
      log "kind cluster '${KIND_CLUSTER}' already exists"
    else
      log "creating kind cluster '${KIND_CLUSTER}' (1 control plane, 2 workers)"
      kind create cluster --name "${KIND_CLUSTER}" --config "${ROOT}/kind-config.yaml" \
        --image "${KIND_NODE_IMAGE}" --wait 5m
    fi
    kc wait --for=condition=Ready nodes --all --timeout=5m
    # The namespace comes first: operators create RoleBindings in the namespaces they watch.
    ensure_namespace
    ;;
  down)
    require kind
    if cluster_exists; then
      log "deleting kind cluster '${KIND_CLUSTER}'"
      kind delete cluster --name "${KIND_CLUSTER}"
    else
      log "kind cluster '${KIND_CLUSTER}' does not exist"
    fi
    ;;
  *)
    die "usage: $0 up|down"
    ;;
esac
