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

    private SparkLaunch() {
    }

    /** Ready when its metrics source is registered, that is when the query runs. */
    static ServiceSpec spec(PipelineSettings settings, RepoLayout repo, Map<String, String> endpoints,
                            ServiceAddresses addresses, PipelineProbe probe) {
        Map<String, String> env = new LinkedHashMap<>(endpoints);
        env.put(EnvVar.SPARK_CHECKPOINT_LOCATION.name(), settings.checkpoint().toString());
        env.put(EnvVar.CASSANDRA_REPLICATION_STRATEGY.name(), "SimpleStrategy");
        env.put(EnvVar.CASSANDRA_REPLICATION_FACTOR.name(), "1");
        env.put(EnvVar.CASSANDRA_CONSISTENCY_LEVEL.name(), "ONE");
        env.putAll(settings.sparkEnv());
        List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                "-Dspark.master=" + MASTER,
                "-Dspark.app.name=userstream-local",
                "-Dspark.driver.host=" + Ports.LOOPBACK,
                "-Dspark.driver.bindAddress=" + Ports.LOOPBACK,
                "-Dspark.ui.port=" + addresses.sparkUiPort(),
                "-Dspark.port.maxRetries=0",
                "-Dspark.sql.shuffle.partitions=2"));
        jvm.add("-Dlog4j2.configurationFile=" + repo.sparkLocalLogConfig().toUri());
        jvm.addAll(Arrays.stream(repo.sparkJvmFlags().split("\\s+")).filter(s -> !s.isBlank()).toList());
        return new ServiceSpec("Spark job", "spark-app", repo.sparkLocalClasspath(), jvm, MAIN, env,
                settings.logs().resolve("spark-app.log"),
                () -> Http.ok(addresses.sparkMetricsUrl()) && probe.sparkMetrics().keySet().stream().anyMatch(k -> k.contains("userstream")),
                60);
    }
}
