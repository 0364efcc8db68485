#!/usr/bin/env bash
# Publish benchmark: Kafka's ProducerPerformance vs. the ingest service's publisher (synthetic source)
# on one local-stack Kafka, plus the synthetic generator alone. Loopback only; a few minutes at most.
#   ingest-service/bench.sh                 # 200,000 records each
#   BENCH_RECORDS=500000 ingest-service/bench.sh
set -o errexit -o nounset -o pipefail

cd "$(dirname "$0")/.."
MVN=${MVN:-mvn}
RECORDS=${BENCH_RECORDS:-200000}

"$MVN" -B -ntp -q -DskipTests install -pl ingest-service -am
"$MVN" -B -ntp -q -pl ingest-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd ingest-service
exec java -Xmx1g -Dbench.records="$RECORDS" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.userstream.ingest.bench.PublishBenchmark
