#!/usr/bin/env bash
# Runs the job in Spark local mode with `java -cp` (no spark-submit): target/classes plus the
# compile- and provided-scope jars (Spark itself) of target/local.classpath. Configure it with the
# environment variables of README "Configuration", e.g.
#   KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 CASSANDRA_CONTACT_POINTS=127.0.0.1:9042 \
#   CASSANDRA_CONSISTENCY_LEVEL=ONE SPARK_CHECKPOINT_LOCATION=.run/spark-checkpoint spark-app/run-local.sh
# Extra Spark settings as -D system properties in JAVA_OPTS, e.g. JAVA_OPTS="-Dspark.master=local[2]".
# Ctrl-C (SIGTERM) lets the running batch finish, then stops.
set -o errexit -o nounset -o pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ "${SKIP_BUILD:-}" != "1" || ! -f "$here/target/local.classpath" ]]; then
  (cd "$here/.." && ${MVN:-mvn} -B -ntp -q -DskipTests install -pl spark-app -am)
fi
cd "$here"
# shellcheck disable=SC2046
exec java $(cat target/jvm.flags) -Xmx${SPARK_DRIVER_HEAP:-1g} \
  -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
  -Dlog4j2.configurationFile="$here/conf/log4j2-local.properties" ${JAVA_OPTS:-} \
  -cp "target/classes:$(cat target/local.classpath)" io.userstream.spark.UserStreamJob
