#!/usr/bin/env bash
# Benchmark of the job (see README "Benchmark"): builds spark-app with its test classes, then runs
# io.userstream.spark.StreamBenchmark with local-stack's Kafka and Cassandra on 127.0.0.1.
# Knobs: BENCH_RECORDS, BENCH_PARTITIONS, BENCH_LATENCY_SAMPLES, BENCH_CEILING_IN_FLIGHT, BENCH_MASTER,
# and the job's own variables (USERSTREAM_MAX_OFFSETS_PER_TRIGGER, CASSANDRA_CONCURRENT_WRITES, ...).
set -o errexit -o nounset -o pipefail
# The tuning the README's figures were measured with (override any of them from the environment).
export CASSANDRA_CONCURRENT_WRITES="${CASSANDRA_CONCURRENT_WRITES:-128}"
export CASSANDRA_BATCH_SIZE_ROWS="${CASSANDRA_BATCH_SIZE_ROWS:-32}"
export USERSTREAM_MAX_OFFSETS_PER_TRIGGER="${USERSTREAM_MAX_OFFSETS_PER_TRIGGER:-100000}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ${MVN:-mvn} -B -ntp -q -DskipTests install -pl spark-app -am
fi
cd "$here"
# shellcheck disable=SC2046
exec java $(cat target/jvm.flags) -Xmx${BENCH_HEAP:-2g} \
  -Dlog4j2.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.userstream.spark.StreamBenchmark
