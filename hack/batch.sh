#!/usr/bin/env bash
# `make batch`: the batch job (io.userstream.spark.BatchJob) once, in local mode, against the
# Cassandra of a running `make run` (or, when none runs, Cassandra alone on the same .run data).
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn_cmd="${MVN:-mvn}"
if [[ ! -f pipeline/target/runtime.classpath || ! -f spark-app/target/local.classpath ]]; then
  echo "userstream: building the pipeline (${mvn_cmd} -DskipTests install -pl pipeline -am)..."
  if ! ${mvn_cmd} -B -ntp -q -DskipTests install -pl pipeline -am > .run-build.log 2>&1; then
    echo "userstream: step 'build' failed; last lines of .run-build.log:" >&2
    tail -n 40 .run-build.log >&2
    exit 1
  fi
  rm -f .run-build.log
fi
exec java -cp "pipeline/target/classes:$(cat pipeline/target/runtime.classpath)" io.userstream.pipeline.BatchMain
