#!/usr/bin/env bash
# `make bench`: build, then measure (a)-(e) in one run on this machine (see README, Performance).
# Optional: BENCH_RECORDS (default 200000) records per step, BENCH_PHASE_SECONDS (default 60) per load phase.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn_cmd="${MVN:-mvn}"
echo "bench: building (${mvn_cmd} -DskipTests install -pl pipeline -am)..."
${mvn_cmd} -B -ntp -q -DskipTests install -pl pipeline -am
exec java -Xmx1g -cp "pipeline/target/classes:$(cat pipeline/target/runtime.classpath)" \
  io.userstream.pipeline.bench.BenchMain "${BENCH_RECORDS:-200000}" "${BENCH_PHASE_SECONDS:-60}"
