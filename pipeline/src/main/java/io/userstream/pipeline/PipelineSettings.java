package io.userstream.pipeline;

import io.userstream.localstack.LocalStack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the one-machine pipeline is started. Defaults are `make run`'s; the end-to-end test and the
 * benchmark change a few.
 *
 * @param dataDir         everything the run keeps: local-stack data, the Spark checkpoint, logs
 * @param fresh           start from empty data (`make run FRESH=1`)
 * @param source          the ingest service's source: randomuser or synthetic
 * @param scheduled       whether the ingest service fetches on its schedule (off: only manual runs)
 * @param ingestHttpPort  preferred HTTP port of the ingest service (0, or taken: any free one)
 * @param sparkUiPort     preferred Spark UI port (0, or taken: any free one)
 * @param ingestEnv       extra environment for the ingest service
 * @param sparkEnv        extra environment for the Spark job
 * @param sparkConf       Spark configuration of the job over {@link SparkLaunch}'s ({@code spark.master} replaces
 *                        its local[2,4]): none for `make run` and the tests, the benchmark's tuning runs only
 */
public record PipelineSettings(Path dataDir, boolean fresh, String source, boolean scheduled, int ingestHttpPort,
                               int sparkUiPort, Map<String, String> ingestEnv, Map<String, String> sparkEnv,
                               Map<String, String> sparkConf) {

    public static final String SOURCE_RANDOMUSER = "randomuser";
    public static final String SOURCE_SYNTHETIC = "synthetic";

    public PipelineSettings {
        if (!SOURCE_RANDOMUSER.equals(source) && !SOURCE_SYNTHETIC.equals(source)) {
            throw new IllegalArgumentException("SOURCE must be randomuser or synthetic, got '" + source + "'");
        }
        ingestEnv = Map.copyOf(ingestEnv);
        sparkEnv = Map.copyOf(sparkEnv);
        sparkConf = Map.copyOf(sparkConf);
    }

    /** Without Spark configuration of its own: SparkLaunch's. */
    public PipelineSettings(Path dataDir, boolean fresh, String source, boolean scheduled, int ingestHttpPort,
                            int sparkUiPort, Map<String, String> ingestEnv, Map<String, String> sparkEnv) {
        this(dataDir, fresh, source, scheduled, ingestHttpPort, sparkUiPort, ingestEnv, sparkEnv, Map.of());
    }

    /** `make run`'s defaults: data in .run/, the real API, on its schedule, ports 8080 and 4040. */
    public static PipelineSettings makeRun(Path repoRoot) {
        return new PipelineSettings(repoRoot.resolve(".run"), false, SOURCE_RANDOMUSER, true, 8080, 4040, Map.of(), Map.of());
    }

    /** Kafka's heap in the one-machine pipeline (measured with make bench, 2026-12-03: see the README's Performance). */
    static final int KAFKA_HEAP_MB = 160;
    /** Cassandra's heap in the one-machine pipeline (likewise). */
    static final int CASSANDRA_HEAP_MB = 320;

    /**
     * local-stack as the pipeline runs it: this data dir, and the pipeline's sizes (the whole stack
     * within the README's 2 GB goal), smaller than local-stack's defaults; a user's local-stack heap
     * settings still win.
     */
    public LocalStack.Builder localStackBuilder() {
        return LocalStack.builder().dataDir(localStack()).fresh(fresh)
                .defaultKafkaHeapMb(KAFKA_HEAP_MB).defaultCassandraHeapMb(CASSANDRA_HEAP_MB);
    }

    /** Kafka's and Cassandra's data, logs and state files (local-stack's). */
    public Path localStack() {
        return dataDir.resolve("local-stack");
    }

    /** The services' logs. */
    public Path logs() {
        return dataDir.resolve("logs");
    }

    /** The Spark job's checkpoint (offsets and commits of every micro-batch). */
    public Path checkpoint() {
        return dataDir.resolve("spark-checkpoint");
    }

    public PipelineSettings withFresh(boolean value) {
        return new PipelineSettings(dataDir, value, source, scheduled, ingestHttpPort, sparkUiPort, ingestEnv, sparkEnv, sparkConf);
    }

    public PipelineSettings withSource(String value) {
        return new PipelineSettings(dataDir, fresh, value, scheduled, ingestHttpPort, sparkUiPort, ingestEnv, sparkEnv, sparkConf);
    }

    public PipelineSettings withScheduled(boolean value) {
        return new PipelineSettings(dataDir, fresh, source, value, ingestHttpPort, sparkUiPort, ingestEnv, sparkEnv, sparkConf);
    }

    public PipelineSettings withIngestEnv(String key, String value) {
        Map<String, String> env = new LinkedHashMap<>(ingestEnv);
        env.put(key, value);
        return new PipelineSettings(dataDir, fresh, source, scheduled, ingestHttpPort, sparkUiPort, env, sparkEnv, sparkConf);
    }

    public PipelineSettings withSparkEnv(String key, String value) {
        Map<String, String> env = new LinkedHashMap<>(sparkEnv);
        env.put(key, value);
        return new PipelineSettings(dataDir, fresh, source, scheduled, ingestHttpPort, sparkUiPort, ingestEnv, env, sparkConf);
    }
}
