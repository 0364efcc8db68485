package io.userstream.pipeline;

import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;
import io.userstream.contract.env.EnvVar;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.Ports;
import io.userstream.localstack.probe.CqlClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole pipeline on one machine: Kafka and Cassandra (local-stack), then the ingest service
 * (JVM mode) and the Spark job (local mode) side by side. `make run`, the end-to-end test and the
 * benchmark all start it through this class, so they run the same thing.
 */
public final class Pipeline implements AutoCloseable {

    /** The step that failed, so the runner can say which and show its log tail. */
    public static final class StepFailedException extends RuntimeException {
        StepFailedException(String step, RuntimeException cause) {
            super("step '" + step + "' failed: " + cause.getMessage(), cause);
        }
    }

    static final String INGEST_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    static final String SPARK_MAIN = "io.userstream.spark.UserStreamJob";
    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(180);

    private final PipelineSettings settings;
    private final RepoLayout repo;
    private LocalStack stack;
    private ManagedService ingest;
    private ManagedService spark;
    private int ingestPort;
    private int sparkUiPort;

    private Pipeline(PipelineSettings settings, RepoLayout repo) {
        this.settings = settings;
        this.repo = repo;
    }

    /** Starts everything; on any failure stops what already runs and throws {@link StepFailedException}. */
    public static Pipeline start(PipelineSettings settings, RepoLayout repo) {
        Pipeline pipeline = prepare(settings, repo);
        try {
            pipeline.startStack();
            CompletableFuture<Void> spark = CompletableFuture.runAsync(pipeline::startSpark);
            try {
                pipeline.startIngest();
            } finally {
                joinStep(spark);
            }
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /**
     * A pipeline with nothing started, for callers that start the steps themselves (the benchmark
     * fills the topic before the job starts). The caller must close it.
     */
    public static Pipeline prepare(PipelineSettings settings, RepoLayout repo) {
        Pipeline pipeline = new Pipeline(settings, repo);
        try {
            Files.createDirectories(pipeline.logs());
            if (settings.fresh()) {
                LocalStack.deleteRecursively(pipeline.checkpoint());
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StepFailedException("prepare " + settings.dataDir(), new IllegalStateException(e));
        }
        return pipeline;
    }

    /** Step 1: Kafka and Cassandra, and the topics (as Strimzi's KafkaTopics do on Kubernetes). */
    public void startStack() {
        stack = step("local-stack (Kafka, Cassandra)", () -> LocalStack.builder()
                .dataDir(settings.dataDir().resolve("local-stack"))
                .fresh(settings.fresh())
                .start());
        step("Kafka topics", () -> {
            createTopics();
            return null;
        });
        ingestPort = preferredOrFree(settings.ingestHttpPort(), -1);
        sparkUiPort = preferredOrFree(settings.sparkUiPort(), ingestPort);
    }

    /** Step 2: the ingest service, ready when its readiness check (Kafka, Cassandra, source) passes. */
    public void startIngest() {
        ingest = step("ingest service", () -> startIngest(logs()));
    }

    /** Step 3: the Spark job, ready when its metrics source is registered (the query runs). */
    public void startSpark() {
        spark = step("Spark job", () -> startSpark(logs(), checkpoint()));
    }

    /** Creates the contract's topics before anything produces (local-stack says why). */
    private void createTopics() {
        stack.kafka().createTopics(Topics.partitions());
    }

    /** The preferred port when it is set (> 0) and free, else any free one; never {@code taken}. */
    private static int preferredOrFree(int preferred, int taken) {
        if (preferred > 0 && preferred != taken && Ports.isFree(preferred)) {
            return preferred;
        }
        int[] two = Ports.pickFree(2);
        return two[0] != taken ? two[0] : two[1];
    }

    private static void joinStep(CompletableFuture<Void> step) {
        try {
            step.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private Path logs() {
        return settings.dataDir().resolve("logs");
    }

    private Path checkpoint() {
        return settings.dataDir().resolve("spark-checkpoint");
    }

    private ManagedService startIngest(Path logs) {
        Map<String, String> env = new LinkedHashMap<>(stack.endpoints());
        env.put(EnvVar.USERSTREAM_SOURCE.name(), settings.source());
        env.put(EnvVar.USERSTREAM_SCHEDULE_ENABLED.name(), String.valueOf(settings.scheduled()));
        // The first tick as soon as the service is up: the first row is what `make run` users wait for.
        env.put(EnvVar.USERSTREAM_SCHEDULE_INITIAL_DELAY.name(), "1s");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ingestPort));
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.put(EnvVar.USERSTREAM_DASHBOARD_SPARK_METRICS_URL.name(), sparkUiUrl() + "/metrics/prometheus/"); // the dashboard's job panel
        env.putAll(settings.ingestEnv());
        return ManagedService.start("ingest service", repo.ingestRunJar().toString(),
                List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                INGEST_MAIN, List.of(), env, settings.dataDir(), logs.resolve("ingest-service.log"),
                () -> Http.ok(ingestUrl() + "/q/health/ready"), SERVICE_TIMEOUT, 30);
    }

    private ManagedService startSpark(Path logs, Path checkpoint) {
        Map<String, String> env = new LinkedHashMap<>(stack.endpoints());
        env.put(EnvVar.SPARK_CHECKPOINT_LOCATION.name(), checkpoint.toString());
        env.put(EnvVar.CASSANDRA_REPLICATION_STRATEGY.name(), "SimpleStrategy");
        env.put(EnvVar.CASSANDRA_REPLICATION_FACTOR.name(), "1");
        env.put(EnvVar.CASSANDRA_CONSISTENCY_LEVEL.name(), "ONE");
        env.putAll(settings.sparkEnv());
        List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                "-Dspark.master=local[2]",
                "-Dspark.app.name=userstream-local",
                "-Dspark.driver.host=" + Ports.LOOPBACK,
                "-Dspark.driver.bindAddress=" + Ports.LOOPBACK,
                "-Dspark.ui.port=" + sparkUiPort,
                "-Dspark.port.maxRetries=0",
                "-Dspark.sql.shuffle.partitions=2"));
        jvm.add("-Dlog4j2.configurationFile=" + repo.sparkLocalLogConfig().toUri());
        jvm.addAll(Arrays.stream(repo.sparkJvmFlags().split("\\s+")).filter(s -> !s.isBlank()).toList());
        return ManagedService.start("Spark job", repo.sparkLocalClasspath(), jvm, SPARK_MAIN, List.of(), env,
                settings.dataDir(), logs.resolve("spark-app.log"),
                () -> Http.ok(sparkUiUrl() + "/metrics/prometheus/") && sparkMetrics().keySet().stream()
                        .anyMatch(k -> k.contains("userstream")), SERVICE_TIMEOUT, 60);
    }

    private static <T> T step(String name, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (StepFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StepFailedException(name, e);
        }
    }

    public LocalStack stack() {
        return stack;
    }

    public String ingestUrl() {
        return "http://" + Ports.LOOPBACK + ":" + ingestPort;
    }

    public String sparkUiUrl() {
        return "http://" + Ports.LOOPBACK + ":" + sparkUiPort;
    }

    public ManagedService ingest() {
        return ingest;
    }

    public ManagedService spark() {
        return spark;
    }

    /** The ingest service's Prometheus metrics, summed over labels (empty when it does not answer). */
    public Map<String, Double> ingestMetrics() {
        return scrape(ingestUrl() + "/q/metrics");
    }

    /** The Spark driver's Prometheus metrics (empty when it does not answer). */
    public Map<String, Double> sparkMetrics() {
        return scrape(sparkUiUrl() + "/metrics/prometheus/");
    }

    /**
     * One of the job's own metrics (source {@code userstream}: rowsWritten, rowsRejected, lag.total...)
     * by the name's Prometheus form, whatever prefix Spark's servlet gives it; -1 when absent.
     */
    public double sparkMetric(String name) {
        return metric(sparkMetrics(), name);
    }

    /** A metric of the job's {@code userstream} source in scraped metrics, by name; -1 when absent. */
    static double metric(Map<String, Double> sparkMetrics, String name) {
        return sparkMetrics.entrySet().stream()
                .filter(e -> e.getKey().contains("userstream_" + name))
                .mapToDouble(Map.Entry::getValue).findFirst().orElse(-1);
    }

    /** Rows in created_users and rejected_users (-1 while the tables do not exist yet). */
    public long[] rowCounts() {
        try (CqlClient cql = new CqlClient(Ports.LOOPBACK, stack.cassandra().port(), 10_000)) {
            return new long[] {count(cql, CassandraSchema.USERS_TABLE), count(cql, CassandraSchema.REJECTED_TABLE)};
        } catch (IOException e) {
            return new long[] {-1, -1};
        }
    }

    private static long count(CqlClient cql, String table) {
        try {
            return (Long) cql.query("SELECT COUNT(*) FROM " + CassandraSchema.KEYSPACE + "." + table).get(0).get(0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Double> scrape(String url) {
        try {
            var response = Http.get(url);
            return response.statusCode() == 200 ? Http.prometheus(response.body()) : Map.of();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** Stops the ingest service first (no new records), then the job (finishes its batch), then the servers. */
    @Override
    public void close() {
        stopIngest();
        stopSpark();
        if (stack != null) {
            stack.close();
        }
    }

    public void stopIngest() {
        if (ingest != null) {
            ingest.close();
            ingest = null;
        }
    }

    public void stopSpark() {
        if (spark != null) {
            spark.close();
            spark = null;
        }
    }
}
