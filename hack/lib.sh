#!/usr/bin/env bash
# Shared helpers of the hack scripts (sourced, not run).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIND_CLUSTER="${KIND_CLUSTER:-userstream}"
NAMESPACE="${NAMESPACE:-userstream}"
RELEASE="${RELEASE:-userstream}"
KUBE_CONTEXT="kind-${KIND_CLUSTER}"

log() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31merror: %s\033[0m\n' "$*" >&2; exit 1; }

# require <tool>...: stops with what to install when a tool is missing.
require() {
  local tool
  for tool in "$@"; do
    command -v "${tool}" >/dev/null 2>&1 && continue
    case "${tool}" in
      docker)  die "docker is not installed (or not on PATH): install Docker Engine or Docker Desktop, https://docs.docker.com/get-docker/" ;;
      kind)    die "kind is not installed: 'go install sigs.k8s.io/kind@v0.29.0' or see https://kind.sigs.k8s.io/docs/user/quick-start/#installation" ;;
      helm)    die "helm is not installed: Helm 3.14 or newer, https://helm.sh/docs/intro/install/" ;;
      kubectl) die "kubectl is not installed: https://kubernetes.io/docs/tasks/tools/#kubectl" ;;
      mvn)     die "mvn is not installed: Maven 3.8.7+ with a JDK 17 (apt-get install maven openjdk-17-jdk-headless, or https://maven.apache.org/install.html)" ;;
      curl)    die "curl is not installed: apt-get install curl (or your system's package manager)" ;;
      *)       die "${tool} is not installed" ;;
    esac
  done
  if [[ " $* " == *" docker "* ]] && ! docker info >/dev/null 2>&1; then
    die "docker is installed but the daemon is not reachable: start Docker (or add your user to the docker group)"
  fi
}

# cluster_exists: the kind cluster is there. (No `kind | grep -q` pipe: under pipefail an early
# grep exit can fail the pipeline with SIGPIPE.)
cluster_exists() {
  local clusters
  clusters="$(kind get clusters 2>/dev/null)" || return 1
  grep -qx "${KIND_CLUSTER}" <<<"${clusters}"
}

# require_cluster: the kind cluster exists and kubectl talks to it.
require_cluster() {
  require kind kubectl
  cluster_exists || die "kind cluster '${KIND_CLUSTER}' does not exist: run 'make kind-up' first"
}

kc() { kubectl --context "${KUBE_CONTEXT}" "$@"; }

# Names the chart gives its resources for RELEASE (helm's fullname rule: the release name alone when
# it contains the chart's name, else `<release>-userstream`). OtherNamesTest checks these functions
# against a rendering with other names.
fullname() { if [[ "${RELEASE}" == *userstream* ]]; then echo "${RELEASE}"; else echo "${RELEASE}-userstream"; fi; }
kafka_name() { fullname; }
cassandra_name() { fullname; }
ingest_name() { echo "$(fullname)-ingest"; }
spark_app_name() { echo "$(fullname)-spark"; }
kafka_ui_name() { echo "$(fullname)-kafka-ui"; }

# datacenter: the K8ssandraCluster's first datacenter as deployed (values may rename `dc1`).
datacenter() {
  kc -n "${NAMESPACE}" get "k8ssandracluster/$(cassandra_name)" -o jsonpath='{.spec.cassandra.datacenters[0].metadata.name}'
}

# ensure_namespace: NAMESPACE exists (k8s/manifests holds the default one for Argo CD), with the
# Pod Security labels of that one: enforce, warn and audit `restricted` (the chart's pods,
# Strimzi's with its restricted provider and the Cassandra pods through the K8ssandraCluster's
# security contexts meet it; SecurityPolicyTest checks it offline). POD_SECURITY=baseline enforces
# `baseline` instead (warn and audit stay `restricted`), e.g. for an operator version not checked.
ensure_namespace() {
  kc create namespace "${NAMESPACE}" --dry-run=client -o yaml | kc apply -f - >/dev/null
  kc label --overwrite namespace "${NAMESPACE}" \
    "pod-security.kubernetes.io/enforce=${POD_SECURITY:-restricted}" \
    pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/audit=restricted >/dev/null
}

# shellcheck disable=SC1091
source "${ROOT}/k8s/operators/versions.env"

# build_pipeline <who>: `mvn -DskipTests install -pl pipeline -am` with MVN (fast when nothing
# changed); the output goes to .run-build.log, kept and its tail shown only when the build fails.
build_pipeline() {
  local mvn_cmd="${MVN:-mvn}"
  echo "$1: building the pipeline (${mvn_cmd} -DskipTests install -pl pipeline -am; fast when nothing changed)..."
  if ! ${mvn_cmd} -B -ntp -q -DskipTests install -pl pipeline -am > "${ROOT}/.run-build.log" 2>&1; then
    echo "$1: step 'build' failed; last lines of .run-build.log:" >&2
    tail -n 40 "${ROOT}/.run-build.log" >&2
    exit 1
  fi
  rm -f "${ROOT}/.run-build.log"
}

# pipeline_java <java options and main class> [args]: replaces the shell with a JVM on the pipeline
# module's build output and its recorded runtime classpath.
pipeline_java() {
  exec java -cp "${ROOT}/pipeline/target/classes:$(cat "${ROOT}/pipeline/target/runtime.classpath")" "$@"
}
