#!/usr/bin/env bash
# Builds the two application images and loads them into the kind cluster (no registry involved):
#   userstream/ingest-service:<version>  Quarkus native executable (multi-stage build, Docker only)
#   userstream/spark-app:<version>       Spark 3.5 (Scala 2.13 jars) + the job's jar, built with Maven first
# The tag is the chart's appVersion, so `make deploy` finds exactly these images.
# Idempotent: Docker reuses its layer cache; `kind load` replaces the image on the nodes.
set -o errexit -o nounset -o pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require docker kind mvn
require_cluster

VERSION="$(awk -F'"' '/^appVersion:/ { print $2 }' "${ROOT}/helm/userstream/Chart.yaml")"
[[ -n "${VERSION}" ]] || die "no appVersion in helm/userstream/Chart.yaml"

INGEST_IMAGE="userstream/ingest-service:${VERSION}"
SPARK_IMAGE="userstream/spark-app:${VERSION}"
INGEST_DOCKERFILE="${ROOT}/ingest-service/src/main/docker/Dockerfile.native-micro"
SPARK_DOCKERFILE="${ROOT}/spark-app/Dockerfile"

[[ -f "${INGEST_DOCKERFILE}" ]] || die "${INGEST_DOCKERFILE} is missing"
[[ -f "${SPARK_DOCKERFILE}" ]] || die "${SPARK_DOCKERFILE} is missing"

# ingest-service: a multi-stage Dockerfile that compiles the native executable inside Docker (only
# Docker needed). Its context defaults to the repository root (it needs the root pom and the
# contract module); override INGEST_BUILD_CONTEXT if the Dockerfile expects ingest-service/.
INGEST_BUILD_CONTEXT="${INGEST_BUILD_CONTEXT:-${ROOT}}"
log "building ${INGEST_IMAGE} (native image: takes several minutes and ~6 GiB of memory)"
docker build --file "${INGEST_DOCKERFILE}" --tag "${INGEST_IMAGE}" "${INGEST_BUILD_CONTEXT}"

# spark-app: the Dockerfile copies target/spark-app.jar into the official Spark image, so the jar
# is built on the host first (JDK 17 + Maven), then the image with spark-app/ as context.
log "packaging spark-app (mvn -pl spark-app -am package, tests skipped: make test runs them)"
(cd "${ROOT}" && mvn -B -ntp -q -pl spark-app -am -DskipTests package)
[[ -f "${ROOT}/spark-app/target/spark-app.jar" ]] || die "spark-app/target/spark-app.jar was not built"
log "building ${SPARK_IMAGE}"
docker build --file "${SPARK_DOCKERFILE}" --tag "${SPARK_IMAGE}" "${ROOT}/spark-app"

for image in "${INGEST_IMAGE}" "${SPARK_IMAGE}"; do
  log "loading ${image} into kind cluster '${KIND_CLUSTER}'"
  kind load docker-image "${image}" --name "${KIND_CLUSTER}"
done
