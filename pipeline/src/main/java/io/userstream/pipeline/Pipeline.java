package io.userstream.pipeline;

import io.userstream.contract.Topics;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.Ports;
import io.userstream.localstack.ServerNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.userstream.pipeline.StepFailedException.step;

/**
 * The whole pipeline on one machine, in order: Kafka and Cassandra (local-stack), then the ingest
 * service ({@link IngestLaunch}) and the Spark job ({@link SparkLaunch}) side by side; stopped in
 * the reverse order. `make run`, the end-to-end test and the benchmark all start it through this
 * class, so they run the same thing. {@link PipelineProbe} reads what it does.
 */
public final class Pipeline implements AutoCloseable {

    static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(180);

    private final PipelineSettings settings;
    private final RepoLayout repo;
    private LocalStack stack;
    private ServiceNode ingest;
    private ServiceNode spark;
    private int ingestPort;
    private int sparkUiPort;
    private PipelineProbe probe;
    private IngestCredentials credentials;

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
                StepFailedException.join(spark);
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
            if (settings.fresh()) {
                LocalStack.deleteRecursively(pipeline.checkpoint());
                LocalStack.deleteRecursively(pipeline.logs());
            }
            Files.createDirectories(pipeline.logs());
            pipeline.credentials = IngestCredentials.loadOrCreate(settings.dataDir().resolve("ingest-api"));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StepFailedException("prepare " + settings.dataDir(), new IllegalStateException(e));
        }
        return pipeline;
    }

    /** Step 1: Kafka and Cassandra, and the topics (as Strimzi's KafkaTopics do on Kubernetes). */
    public void startStack() {
        stack = step("local-stack (Kafka, Cassandra)", () -> LocalStack.builder()
                .dataDir(settings.dataDir().resolve("local-stack")).fresh(settings.fresh()).start());
        step("Kafka topics", () -> {
            createTopics();
            return null;
        });
        ingestPort = Ports.preferredOrFree(settings.ingestHttpPort(), -1);
        sparkUiPort = Ports.preferredOrFree(settings.sparkUiPort(), ingestPort);
        probe = new PipelineProbe(ingestUrl(), sparkUiUrl(), stack);
        Http.authorize(ingestUrl(), credentials.basicAuthorization(IngestCredentials.OPERATOR)); // every Java caller's requests
    }

    /** Step 2: the ingest service. */
    public void startIngest() {
        ingest = startService(IngestLaunch.spec(settings, repo, stack.endpoints(), ingestPort, sparkUiUrl(), logs(),
                credentials.usersFile()));
    }

    /** Step 3: the Spark job, from its checkpoint. */
    public void startSpark() {
        spark = startService(SparkLaunch.spec(settings, repo, stack.endpoints(), sparkUiPort, logs(), checkpoint(), probe));
    }

    private ServiceNode startService(ServiceSpec spec) {
        ServiceNode node = new ServiceNode(spec, settings.dataDir());
        return step(spec.name(), () -> {
            node.start(SERVICE_TIMEOUT);
            return node;
        });
    }

    /** Creates the contract's topics before anything produces (local-stack says why). */
    private void createTopics() {
        stack.kafka().createTopics(Topics.partitions());
    }

    private Path logs() {
        return settings.dataDir().resolve("logs");
    }

    /** The Spark job's checkpoint (offsets and commits of every micro-batch). */
    public Path checkpoint() {
        return settings.dataDir().resolve("spark-checkpoint");
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

    /** The ingest API's users and passwords (under the data dir's ingest-api/). */
    public IngestCredentials credentials() {
        return credentials;
    }

    public ServiceNode ingest() {
        return ingest;
    }

    public ServiceNode spark() {
        return spark;
    }

    public PipelineProbe probe() {
        return probe;
    }

    /** Every process of the pipeline, in start order: what a supervisor watches and a chaos test hits. */
    public List<ServerNode> processes() {
        return List.of(stack.node(LocalStack.Service.KAFKA), stack.node(LocalStack.Service.CASSANDRA), ingest, spark);
    }

    /** Stops the ingest service first (no new records), then the job (finishes its batch), then the servers. */
    @Override
    public synchronized void close() {
        stopIngest();
        stopSpark();
        if (stack != null) {
            Http.forget(ingestUrl());
            stack.close();
        }
    }

    public void stopIngest() {
        if (ingest != null) {
            ingest.stop();
            ingest = null;
        }
    }

    public void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
