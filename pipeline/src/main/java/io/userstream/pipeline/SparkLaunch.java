package io.userstream.pipeline;

import io.userstream.contract.env.EnvVar;
import io.userstream.localstack.Ports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the one-machine pipeline launches the Spark job: local mode, one node's replication, the UI on a known port. */
final class SparkLaunch {

    static final String MAIN = "io.userstream.spark.UserStreamJob";
    /**
     * local[cores,maxFailures]: a failed task is retried up to 4 times, as executors retry it on
     * Kubernetes ({@code spark.task.maxFailures}); plain local[n] fails the batch on the first error.
     */
    static final String MASTER = "local[2,4]";
    static final String MASTER_KEY = "spark.master";

    /** One Cassandra node: replication 1, consistency ONE (the job's defaults are a cluster's). */
    static final Map<String, String> ONE_NODE_CASSANDRA = Map.of(
            EnvVar.CASSANDRA_REPLICATION_STRATEGY.name(), "SimpleStrategy",
            EnvVar.CASSANDRA_REPLICATION_FACTOR.name(), "1",
            EnvVar.CASSANDRA_CONSISTENCY_LEVEL.name(), "ONE");

    private SparkLaunch() {
    }

    /**
     * Ready when the job's own metrics source reports {@code ready} = 1: after its warm-up, the
     * query has run its first trigger or its first batch has reached the sink, so it runs warm. (Not
     * any key with "userstream" in it: the metrics namespace is userstream too, so Spark's own driver
     * metrics match that as soon as the UI is up, before the schema exists.)
     */
    static ServiceSpec spec(PipelineSettings settings, RepoLayout repo, Map<String, String> endpoints,
                            ServiceAddresses addresses, PipelineProbe probe) {
        Map<String, String> env = new LinkedHashMap<>(endpoints);
        env.put(EnvVar.SPARK_CHECKPOINT_LOCATION.name(), settings.checkpoint().toString());
        env.putAll(ONE_NODE_CASSANDRA);
        env.putAll(settings.sparkEnv());
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dspark.ui.port=" + addresses.sparkUiPort(), "-Dspark.port.maxRetries=0"));
        jvm.addAll(localMode(repo, settings.sparkConf().getOrDefault(MASTER_KEY, MASTER), "userstream-local"));
        jvm.addAll(tuning(settings.sparkConf()));
        return new ServiceSpec("Spark job", "spark-app", repo.sparkLocalClasspath(), jvm, MAIN, env,
                settings.logs().resolve("spark-app.log"),
                () -> jobReady(probe.sparkMetrics()),
                60);
    }

    /**
     * The JVM arguments of spark-app in local mode on 127.0.0.1, for the streaming job and the batch
     * job ({@link BatchRunner}) alike: master, name, driver address, small shuffles, the local log
     * configuration and the JDK 17 flags spark-app's build records.
     */
    static List<String> localMode(RepoLayout repo, String master, String appName) {
        List<String> jvm = new ArrayList<>(List.of(
                "-Dspark.master=" + master,
                "-Dspark.app.name=" + appName,
                "-Dspark.driver.host=" + Ports.LOOPBACK,
                "-Dspark.driver.bindAddress=" + Ports.LOOPBACK,
                "-Dspark.sql.shuffle.partitions=2",
                "-Dlog4j2.configurationFile=" + repo.sparkLocalLogConfig().toUri()));
        jvm.addAll(Arrays.stream(repo.sparkJvmFlags().split("\\s+")).filter(s -> !s.isBlank()).toList());
        return jvm;
    }

    /**
     * {@link PipelineSettings#sparkConf} as system properties after {@link #localMode}'s (the JVM keeps
     * the last of a repeated -D); {@code spark.master} goes into localMode instead, never twice.
     */
    static List<String> tuning(Map<String, String> sparkConf) {
        return sparkConf.entrySet().stream().filter(e -> !e.getKey().equals(MASTER_KEY))
                .map(e -> "-D" + e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    /** The job's {@code ready} gauge is 1 (see {@link #spec}); false while the endpoint or the gauge is missing. */
    static boolean jobReady(Map<String, Double> sparkMetrics) {
        return PipelineProbe.metric(sparkMetrics, "ready") == 1;
    }
}
