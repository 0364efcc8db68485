#!/usr/bin/env bash
# `make run`: build what is needed, then start the whole pipeline on this machine until Ctrl-C.
# SOURCE=randomuser|synthetic picks the ingest source; FRESH=1 starts from empty data;
# MONITORING=1 also starts a local Prometheus (LocalPrometheus) with the chart's scrapes and alerts.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source_name="${SOURCE:-randomuser}"
fresh="${FRESH:-}"
mvn_cmd="${MVN:-mvn}"

echo "userstream: building the pipeline (${mvn_cmd} -DskipTests install -pl pipeline -am; fast when nothing changed)..."
if ! ${mvn_cmd} -B -ntp -q -DskipTests install -pl pipeline -am > .run-build.log 2>&1; then
  echo "userstream: step 'build' failed; last lines of .run-build.log:" >&2
  tail -n 40 .run-build.log >&2
  exit 1
fi
rm -f .run-build.log

args=(--source "$source_name")
if [[ -n "$fresh" && "$fresh" != "0" ]]; then
  args+=(--fresh)
fi
if [[ -n "${MONITORING:-}" && "${MONITORING}" != "0" ]]; then
  args+=(--monitoring)
fi
exec java ${USERSTREAM_RUN_JAVA_OPTS:-} -cp "pipeline/target/classes:$(cat pipeline/target/runtime.classpath)" \
  io.userstream.pipeline.RunMain "${args[@]}"
