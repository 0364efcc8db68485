#!/usr/bin/env bash
# `make batch`: the batch job (io.userstream.spark.BatchJob) once, in local mode, against the
# Cassandra of a running `make run` (or, when none runs, Cassandra alone on the same .run data).
# It builds only when nothing is built yet: while `make run` runs, its build is the one to use.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

if [[ ! -f pipeline/target/runtime.classpath || ! -f spark-app/target/local.classpath ]]; then
  build_pipeline userstream
fi
pipeline_java io.userstream.pipeline.BatchMain
