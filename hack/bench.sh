#!/usr/bin/env bash
# `make bench`: build, then measure (a)-(e) and the latency/throughput curve in one run on this machine
# (see README, Performance). Output: target/bench/{bench,curve}.{md,json} and target/bench/curve.svg.
# Optional: BENCH_RECORDS (default 20000) records per repetition of (a)-(d), BENCH_REPS (default 3),
# BENCH_STEP_SECONDS (default 15) measured per curve step, BENCH_STEPS (default 10,25,50,50,50,75,100,120,120:
# percentages of the measured Cassandra ceiling; a repeated value is a repetition), BENCH_SPARK_ENV ("K=V,K=V": extra
# environment of the Spark job, for tuning runs, e.g. CASSANDRA_BATCH_SIZE_ROWS=16), BENCH_SPARK_CONF ("k=v,k=v": the job's
# Spark configuration, e.g. spark.userstream.minPartitions=6), BENCH_SPARK_MASTER (default local[2,4], e.g. local[1,4]),
# BENCH_PARTITIONS (users_created's partitions, raised before the job starts; default the contract's 3), BENCH_CEILING
# (rows/s taken as the curve's 100 % instead of this run's (b), so that tuning runs offer the same loads). Unset, the
# job runs as `make run` runs it.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn_cmd="${MVN:-mvn}"
echo "bench: building (${mvn_cmd} -DskipTests install -pl pipeline -am)..."
${mvn_cmd} -B -ntp -q -DskipTests install -pl pipeline -am
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "pipeline/target/classes:$(cat pipeline/target/runtime.classpath)" \
  io.userstream.pipeline.bench.BenchMain "${BENCH_RECORDS:-20000}" "${BENCH_REPS:-3}" "${BENCH_STEP_SECONDS:-15}" \
  "${BENCH_STEPS:-}"
