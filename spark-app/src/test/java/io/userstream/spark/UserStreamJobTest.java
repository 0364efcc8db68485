package io.userstream.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserStreamJobTest {

    @Test
    void sparkConfDefaults() {
        SparkConf conf = UserStreamJob.sparkConf(JobSettings.fromEnv(Map.of()));
        assertThat(conf.get("spark.master")).isEqualTo("local[*]");
        assertThat(conf.get("spark.app.name")).isEqualTo("userstream");
        assertThat(conf.get("spark.ui.prometheus.enabled")).isEqualTo("true");
        assertThat(conf.get("spark.metrics.namespace")).isEqualTo("userstream");
        assertThat(conf.get("spark.sql.streaming.metricsEnabled")).isEqualTo("true");
        assertThat(conf.get("spark.metrics.conf.*.sink.prometheusServlet.class"))
                .isEqualTo("org.apache.spark.metrics.sink.PrometheusServlet");
        assertThat(conf.get("spark.metrics.conf.*.sink.prometheusServlet.path")).isEqualTo("/metrics/prometheus");
        assertThat(conf.get("spark.cassandra.output.batch.grouping.key")).isEqualTo("replica_set");
        assertThat(conf.get("spark.cassandra.connection.host")).isEqualTo("127.0.0.1:9042");
        assertThat(conf.get("spark.cassandra.output.consistency.level")).isEqualTo("LOCAL_QUORUM");
    }

    @Test
    void theMetricsFileHoldsTheSwitchOnAndEveryOtherKeyIsApplied() {
        java.util.Properties file = UserStreamJob.metricsConf();
        assertThat(file.getProperty(UserStreamJob.METRICS_ENABLED)).isEqualTo("true");
        assertThat(file.stringPropertyNames()).filteredOn(k -> k.startsWith("spark.userstream."))
                .containsExactly(UserStreamJob.METRICS_ENABLED);
        SparkConf conf = UserStreamJob.sparkConf(JobSettings.fromEnv(Map.of()));
        file.stringPropertyNames().forEach(k -> assertThat(conf.get(k)).as(k).isEqualTo(file.getProperty(k)));
    }

    @Test
    void metricsOffMeansNoPrometheusEndpoints() {
        System.setProperty(UserStreamJob.METRICS_ENABLED, "false");
        try {
            SparkConf conf = UserStreamJob.sparkConf(JobSettings.fromEnv(Map.of()));
            assertThat(conf.contains("spark.metrics.conf.*.sink.prometheusServlet.class")).isFalse();
            assertThat(conf.contains("spark.ui.prometheus.enabled")).isFalse();
            assertThat(conf.contains("spark.sql.streaming.metricsEnabled")).isFalse();
            assertThat(conf.get("spark.cassandra.connection.host")).isEqualTo("127.0.0.1:9042");
        } finally {
            System.clearProperty(UserStreamJob.METRICS_ENABLED);
        }
    }

    @Test
    void submittedConfWinsOverDefaultsButNotOverTheEnvironment() {
        System.setProperty("spark.master", "k8s://https://kubernetes.default.svc");
        System.setProperty("spark.cassandra.output.concurrent.writes", "7");
        try {
            SparkConf conf = UserStreamJob.sparkConf(JobSettings.fromEnv(Map.of("CASSANDRA_CONCURRENT_WRITES", "64")));
            assertThat(conf.get("spark.master")).isEqualTo("k8s://https://kubernetes.default.svc");
            assertThat(conf.get("spark.cassandra.output.concurrent.writes")).isEqualTo("64");
        } finally {
            System.clearProperty("spark.master");
            System.clearProperty("spark.cassandra.output.concurrent.writes");
        }
    }

    @Test
    void offsetsOfAProgressParse() {
        assertThat(ProgressLogger.offsets("{\"users_created\":{\"0\":12,\"2\":7}}"))
                .containsExactly(Map.entry("users_created.0", 12L), Map.entry("users_created.2", 7L));
        assertThat(ProgressLogger.offsets(null)).isEmpty();
        assertThat(ProgressLogger.offsets("garbage")).isEmpty();
    }

    /** A spark.stop() that hangs (seen after kill -9 of Cassandra) must not keep a dead job's JVM alive. */
    @Test
    void aStopThatHangsHaltsTheJvmAfterItsBound() throws Exception {
        java.util.concurrent.CountDownLatch halted = new java.util.concurrent.CountDownLatch(1);
        Thread watchdog = UserStreamJob.haltIfStopHangs(java.time.Duration.ofMillis(200), halted::countDown);
        assertThat(watchdog.isDaemon()).as("a stop that finishes ends the JVM at once").isTrue();
        assertThat(halted.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("halted").isTrue();
    }
}
