#!/usr/bin/env bash
# Builds the two application images and loads them into the kind cluster (no registry involved):
#   userstream/ingest-service:<version>  Quarkus native executable on the ubi-micro base
#                                        (INGEST_FLAVOR=jvm: the JVM image, quicker to build)
#   userstream/spark-app:<version>       Spark 3.5 (Scala 2.13 jars) + the job's jar
# Both are packaged with Maven on the host first (JDK 17 + Maven; the native executable is compiled
# in a Mandrel container, so no GraalVM either). The tag is the chart's appVersion and the names the
# chart's default image repositories (RepositoryConsistencyTest checks both), so `make deploy` finds
# exactly these images. Idempotent: Docker reuses its layer cache; `kind load` replaces the image.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require docker kind mvn
require_cluster

VERSION="$(awk -F'"' '/^appVersion:/ { print $2 }' "${ROOT}/helm/userstream/Chart.yaml")"
[[ -n "${VERSION}" ]] || die "no appVersion in helm/userstream/Chart.yaml"

INGEST_IMAGE="userstream/ingest-service:${VERSION}"
SPARK_IMAGE="userstream/spark-app:${VERSION}"
SPARK_DOCKERFILE="${ROOT}/spark-app/Dockerfile"

# ingest-service: Quarkus' Dockerfiles in src/main/docker copy what Maven built, with ingest-service/
# as context: Dockerfile.native-micro the native executable (target/*-runner), Dockerfile.jvm the
# fast-jar (target/quarkus-app/). A self-contained multi-stage Dockerfile (no COPY from target/ but
# its own build stage) is built as is, from INGEST_BUILD_CONTEXT (default: the repository root, for
# the root pom and the contract module).
INGEST_FLAVOR="${INGEST_FLAVOR:-native}"
case "${INGEST_FLAVOR}" in
  native)
    INGEST_DOCKERFILE="${ROOT}/ingest-service/src/main/docker/Dockerfile.native-micro"
    INGEST_MVN_ARGS=(-Pnative -Dquarkus.native.container-build=true)
    INGEST_ARTIFACT_GLOB="${ROOT}/ingest-service/target/*-runner"
    ;;
  jvm)
    INGEST_DOCKERFILE="${ROOT}/ingest-service/src/main/docker/Dockerfile.jvm"
    INGEST_MVN_ARGS=()
    INGEST_ARTIFACT_GLOB="${ROOT}/ingest-service/target/quarkus-app/quarkus-run.jar"
    ;;
  *) die "INGEST_FLAVOR must be native or jvm, not '${INGEST_FLAVOR}'" ;;
esac

[[ -f "${INGEST_DOCKERFILE}" ]] || die "${INGEST_DOCKERFILE} is missing"
[[ -f "${SPARK_DOCKERFILE}" ]] || die "${SPARK_DOCKERFILE} is missing"

# copies_from_target <Dockerfile>: it COPYs a Maven output from the context (not from a stage).
copies_from_target() {
  awk '/^[[:space:]]*(COPY|ADD)[[:space:]]/ && !/--from=/ && /target\// { found = 1 } END { exit !found }' "$1"
}

if copies_from_target "${INGEST_DOCKERFILE}"; then
  if [[ "${INGEST_FLAVOR}" == native ]]; then
    log "packaging ingest-service as a native executable (in a Mandrel container: several minutes, ~6 GiB of memory)"
  else
    log "packaging ingest-service (JVM fast-jar)"
  fi
  (cd "${ROOT}" && mvn -B -ntp -q -pl ingest-service -am -DskipTests ${INGEST_MVN_ARGS[@]+"${INGEST_MVN_ARGS[@]}"} package)
  compgen -G "${INGEST_ARTIFACT_GLOB}" >/dev/null || die "${INGEST_ARTIFACT_GLOB} was not built"
  INGEST_BUILD_CONTEXT="${ROOT}/ingest-service"
else
  INGEST_BUILD_CONTEXT="${INGEST_BUILD_CONTEXT:-${ROOT}}"
fi
log "building ${INGEST_IMAGE} from ${INGEST_DOCKERFILE#"${ROOT}"/} (context ${INGEST_BUILD_CONTEXT#"${ROOT}"/})"
docker build --file "${INGEST_DOCKERFILE}" --tag "${INGEST_IMAGE}" "${INGEST_BUILD_CONTEXT}"

# spark-app: the Dockerfile copies target/spark-app.jar into the official Spark image, so the jar
# is built on the host first (JDK 17 + Maven), then the image with spark-app/ as context.
log "packaging spark-app (mvn -pl spark-app -am package, tests skipped: make test runs them)"
(cd "${ROOT}" && mvn -B -ntp -q -pl spark-app -am -DskipTests package)
[[ -f "${ROOT}/spark-app/target/spark-app.jar" ]] || die "spark-app/target/spark-app.jar was not built"
log "building ${SPARK_IMAGE}"
docker build --file "${SPARK_DOCKERFILE}" --tag "${SPARK_IMAGE}" "${ROOT}/spark-app"

# Workers only: the control plane keeps its NoSchedule taint, so a copy there (1 GB for Spark) is waste.
WORKERS="$(kubectl --context "${KUBE_CONTEXT}" get nodes -l '!node-role.kubernetes.io/control-plane' \
  -o jsonpath='{range .items[*]}{.metadata.name}{","}{end}')"
WORKERS="${WORKERS%,}"
[[ -n "${WORKERS}" ]] || die "no worker nodes in kind cluster '${KIND_CLUSTER}'"
for image in "${INGEST_IMAGE}" "${SPARK_IMAGE}"; do
  log "loading ${image} into kind cluster '${KIND_CLUSTER}' (nodes ${WORKERS})"
  kind load docker-image "${image}" --name "${KIND_CLUSTER}" --nodes "${WORKERS}"
done
