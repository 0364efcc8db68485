package io.userstream.pipeline;

import io.userstream.contract.Topics;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.ServerNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static io.userstream.pipeline.StepFailedException.step;

/**
 * The whole pipeline on one machine, in order: Kafka and Cassandra (local-stack), then the ingest
 * service ({@link IngestLaunch}) and the Spark job ({@link SparkLaunch}) side by side; stopped in
 * the reverse order. `make run`, the end-to-end test and the benchmark all start it through this
 * class, so they run the same thing. {@link PipelineProbe} reads what it does.
 */
public final class Pipeline implements AutoCloseable {

    private final PipelineSettings settings;
    private final RepoLayout repo;
    private SecureMode secure = new SecureMode(false);
    private LocalStack stack;
    private ServiceNode ingest;
    private ServiceNode spark;
    private ServiceAddresses addresses;
    private PipelineProbe probe;
    private IngestCredentials credentials;

    private Pipeline(PipelineSettings settings, RepoLayout repo) {
        this.settings = settings;
        this.repo = repo;
    }

    /** Starts everything; on any failure stops what already runs and throws {@link StepFailedException}. */
    public static Pipeline start(PipelineSettings settings, RepoLayout repo) {
        return startAll(prepare(settings, repo), false, stack -> { });
    }

    /**
     * {@link #start}, running {@code afterStack} once Kafka and Cassandra are up and the topics exist,
     * before the services first read them (the benchmark raises users_created's partitions there).
     */
    public static Pipeline start(PipelineSettings settings, RepoLayout repo, Consumer<LocalStack> afterStack) {
        return startAll(prepare(settings, repo), false, afterStack);
    }

    /** {@link #start} in {@link SecureMode}: SCRAM on Kafka; TLS, logins and least-privilege roles on Cassandra. */
    public static Pipeline startSecure(PipelineSettings settings, RepoLayout repo) {
        return startAll(prepare(settings, repo), true, stack -> { });
    }

    private static Pipeline startAll(Pipeline pipeline, boolean secure, Consumer<LocalStack> afterStack) {
        pipeline.secure = new SecureMode(secure);
        try {
            pipeline.startStack();
            afterStack.accept(pipeline.stack);
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
                LocalStack.deleteRecursively(settings.checkpoint());
                LocalStack.deleteRecursively(settings.logs());
            }
            Files.createDirectories(settings.logs());
            pipeline.credentials = IngestCredentials.loadOrCreate(settings.dataDir().resolve("ingest-api"));
        } catch (IOException | UncheckedIOException e) {
            throw new StepFailedException("prepare " + settings.dataDir(), new IllegalStateException(e));
        }
        return pipeline;
    }

    /** Step 1: Kafka and Cassandra, and the contract's topics before anything produces (local-stack says why). */
    public void startStack() {
        LocalStack.Builder builder = secure.configure(settings.localStackBuilder());
        stack = step("local-stack (Kafka, Cassandra)", () -> builder.start());
        step("Kafka topics", () -> stack.kafka().createTopics(Topics.partitions()));
        step("Cassandra schema and roles (admin, secure mode)", () -> secure.applySchemaAndRoles(stack));
        addresses = ServiceAddresses.pick(settings);
        probe = new PipelineProbe(addresses, stack);
        Http.authorize(addresses.ingestUrl(), credentials.basicAuthorization(IngestCredentials.OPERATOR)); // every Java caller's requests
    }

    /** Step 2: the ingest service. */
    public void startIngest() {
        ingest = ServiceNode.start(IngestLaunch.spec(settings, repo, secure.ingestEnv(stack),
                addresses, credentials.usersFile()), settings.dataDir());
    }

    /** Step 3: the Spark job, from its checkpoint. */
    public void startSpark() {
        spark = ServiceNode.start(SparkLaunch.spec(settings, repo,
                secure.sparkEnv(stack), addresses, probe), settings.dataDir());
    }

    public Path checkpoint() {
        return settings.checkpoint();
    }

    public LocalStack stack() {
        return stack;
    }

    public String ingestUrl() {
        return addresses.ingestUrl();
    }

    public String sparkUiUrl() {
        return addresses.sparkUiUrl();
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
