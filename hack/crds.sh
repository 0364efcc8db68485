#!/usr/bin/env bash
# Puts the operators' CRDs the chart tests validate against into .crds/ (gitignored).
#   hack/crds.sh [CRDS_DIR]
# With CRDS_DIR: copies the files from there. Without: downloads the pinned release files.
# Either way every file must match hack/crds.sha1, so the tests always see the pinned schemas.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUMS="${ROOT}/hack/crds.sha1"
DEST="${ROOT}/.crds"
SRC="${1:-${CRDS_DIR:-}}"

# shellcheck source=k8s/operators/versions.env
source "${ROOT}/k8s/operators/versions.env"
CASS_CRD=cassandra.datastax.com_cassandradatacenters.yaml

die() { echo "crds: $*" >&2; exit 1; }

files() { grep -v '^#' "${SUMS}" | awk 'NF == 2 { print $2 }'; }

expected_sum() { grep -v '^#' "${SUMS}" | awk -v f="$1" '$2 == f { print $1 }'; }

verify() { # file -> 0 when its sha1 is the pinned one
  [[ -f "${DEST}/$1" ]] && [[ "$(sha1sum "${DEST}/$1" | awk '{ print $1 }')" == "$(expected_sum "$1")" ]]
}

url_of() {
  case "$1" in
    strimzi-*) echo "https://raw.githubusercontent.com/strimzi/strimzi-kafka-operator/${STRIMZI_VERSION}/packaging/install/cluster-operator/${1#strimzi-}" ;;
    sparkoperator.k8s.io_*) echo "https://raw.githubusercontent.com/kubeflow/spark-operator/v${SPARK_OPERATOR_VERSION}/config/crd/bases/$1" ;;
    k8ssandra.io_*) echo "https://raw.githubusercontent.com/k8ssandra/k8ssandra-operator/v${K8SSANDRA_OPERATOR_VERSION}/config/crd/bases/$1" ;;
    monitoring.coreos.com_*) echo "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v${PROMETHEUS_OPERATOR_VERSION}/example/prometheus-operator-crd/$1" ;;
    *) return 1 ;;
  esac
}

mkdir -p "${DEST}"

# Idempotent: nothing to do when every file is already there and intact.
missing=()
for f in $(files); do verify "$f" || missing+=("$f"); done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "crds: ${DEST} is up to date"
  exit 0
fi

if [[ -n "${SRC}" ]]; then
  [[ -d "${SRC}" ]] || die "CRDS_DIR=${SRC} is not a directory"
  for f in "${missing[@]}"; do
    [[ -f "${SRC}/$f" ]] || die "${SRC}/$f is missing"
    cp "${SRC}/$f" "${DEST}/$f"
    chmod u+w "${DEST}/$f"
    verify "$f" || { rm -f "${DEST}/$f"; die "${SRC}/$f does not match the pinned checksum in hack/crds.sha1 (another operator version?)"; }
  done
  echo "crds: copied ${#missing[@]} file(s) from ${SRC} into ${DEST}"
  exit 0
fi

command -v curl >/dev/null || die "curl is needed to download the CRDs (or set CRDS_DIR to a directory holding them)"
for f in "${missing[@]}"; do
  if [[ "$f" == "${CASS_CRD}" ]]; then
    # Not a file of any release: cass-operator publishes config/crd as a kustomization whose
    # output (base + patches) is the CRD. kubectl can build it; the output must match the pin.
    if command -v kubectl >/dev/null; then
      kubectl kustomize "https://github.com/k8ssandra/cass-operator/config/crd?ref=${CASS_OPERATOR_VERSION}" >"${DEST}/$f.tmp"
      mv "${DEST}/$f.tmp" "${DEST}/$f"
      verify "$f" && continue
      rm -f "${DEST}/$f"
    fi
    # The chart renders no CassandraDatacenter (the K8ssandra operator makes it), so the tests can
    # run without this file; say so plainly instead of failing.
    echo "crds: WARNING: ${CASS_CRD} skipped: it is the output of 'kubectl kustomize' on" >&2
    echo "crds:   k8ssandra/cass-operator ${CASS_OPERATOR_VERSION} config/crd and could not be reproduced byte for byte here." >&2
    echo "crds:   The chart tests do not need it. For the full set, run: make crds CRDS_DIR=<dir with the 8 files>" >&2
    continue
  fi
  url="$(url_of "$f")"
  curl --fail --silent --show-error --location --retry 3 --output "${DEST}/$f.tmp" "${url}" \
    || die "download failed: ${url} (offline? set CRDS_DIR to a directory holding the CRDs)"
  mv "${DEST}/$f.tmp" "${DEST}/$f"
  verify "$f" || { rm -f "${DEST}/$f"; die "$f from ${url} does not match hack/crds.sha1"; }
  echo "crds: downloaded $f"
done
