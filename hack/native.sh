#!/usr/bin/env bash
# `make native`: the ingest service as a native executable (ingest-service/target/*-runner).
# Uses a local GraalVM/Mandrel `native-image` when there is one, else builds inside a container
# (Quarkus' builder image) with docker or podman. Neither: stop and say what to install.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn_cmd="${MVN:-mvn}"
flags=(-B -ntp -Pnative -DskipTests -pl ingest-service -am package)
if command -v native-image >/dev/null 2>&1; then
  echo "native: building with $(command -v native-image)"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "native: no native-image on PATH; building in a container with docker"
  flags+=(-Dquarkus.native.container-build=true -Dquarkus.native.container-runtime=docker)
elif command -v podman >/dev/null 2>&1; then
  echo "native: no native-image on PATH; building in a container with podman"
  flags+=(-Dquarkus.native.container-build=true -Dquarkus.native.container-runtime=podman)
else
  echo "native: needs GraalVM or Mandrel (native-image on PATH) or a running container engine (docker or podman); none found." >&2
  echo "        Install one of them, or use the JVM build: make build (ingest-service/target/quarkus-app)." >&2
  exit 2
fi
${mvn_cmd} "${flags[@]}"
ls -l ingest-service/target/*-runner
