#!/usr/bin/env bash
# `make chaos`: build, then inject faults into the whole pipeline for CHAOS_SECONDS (default 900) and
# check that nothing was lost or doubled (see README, Reliability). CHAOS_SEED replays a run;
# CHAOS_PAUSE_SECONDS (default 35) is how long a paused server stays frozen.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn_cmd="${MVN:-mvn}"
echo "chaos: building (${mvn_cmd} -DskipTests install -pl pipeline -am)..."
${mvn_cmd} -B -ntp -q -DskipTests install -pl pipeline -am
exec java -Xmx1g -cp "pipeline/target/classes:$(cat pipeline/target/runtime.classpath)" \
  io.userstream.pipeline.chaos.ChaosMain "${CHAOS_SECONDS:-900}" "${CHAOS_SEED:-}" "${CHAOS_PAUSE_SECONDS:-35}"
