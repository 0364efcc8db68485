package io.userstream.pipeline;

import io.userstream.contract.CassandraRoles;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.ServerNode;
import io.userstream.localstack.StackSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.userstream.pipeline.StepFailedException.step;

/**
 * The whole pipeline on one machine, in order: Kafka and Cassandra (local-stack), then the ingest
 * service ({@link IngestLaunch}) and the Spark job ({@link SparkLaunch}) side by side; stopped in
 * the reverse order. `make run`, the end-to-end test and the benchmark all start it through this
 * class, so they run the same thing. {@link PipelineProbe} reads what it does.
 */
public final class Pipeline implements AutoCloseable {

    /** Secure mode's Kafka users (SCRAM-SHA-512), as the chart's KafkaUsers name the clients. */
    public static final String KAFKA_INGEST_USER = "ingest";
    public static final String KAFKA_SPARK_USER = "spark";

    private final PipelineSettings settings;
    private final RepoLayout repo;
    /** Kafka with SCRAM and Cassandra with logins and per-application roles (see {@link #startSecure}). */
    private boolean secure;
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
        return startAll(prepare(settings, repo), false);
    }

    /**
     * {@link #start} in secure mode: Kafka's client listener requires SCRAM-SHA-512 (one user per
     * application), Cassandra requires a login and checks permissions; an admin step applies
     * schema.cql and contract's cassandra-roles.cql, and each application logs in with its own
     * least-privilege role. Passwords are drawn for the run and reach the applications as files.
     */
    public static Pipeline startSecure(PipelineSettings settings, RepoLayout repo) {
        return startAll(prepare(settings, repo), true);
    }

    private static Pipeline startAll(Pipeline pipeline, boolean secure) {
        pipeline.secure = secure;
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
        LocalStack.Builder builder = LocalStack.builder().dataDir(settings.localStack()).fresh(settings.fresh());
        if (secure) {
            builder.security(StackSecurity.withKafkaUsers(List.of(KAFKA_INGEST_USER, KAFKA_SPARK_USER)));
        }
        stack = step("local-stack (Kafka, Cassandra)", () -> builder.start());
        step("Kafka topics", () -> stack.kafka().createTopics(Topics.partitions()));
        if (secure) {
            step("Cassandra schema and roles (admin)", this::applySchemaAndRoles);
        }
        addresses = ServiceAddresses.pick(settings);
        probe = new PipelineProbe(addresses, stack);
        Http.authorize(addresses.ingestUrl(), credentials.basicAuthorization(IngestCredentials.OPERATOR)); // every Java caller's requests
    }

    /** Step 2: the ingest service. */
    public void startIngest() {
        ingest = ServiceNode.start(IngestLaunch.spec(settings, repo, endpointsFor(KAFKA_INGEST_USER, CassandraRoles.INGEST_ROLE),
                addresses, credentials.usersFile()), settings.dataDir());
    }

    /** Step 3: the Spark job, from its checkpoint. */
    public void startSpark() {
        spark = ServiceNode.start(SparkLaunch.spec(settings, repo,
                endpointsFor(KAFKA_SPARK_USER, CassandraRoles.SPARK_ROLE), addresses, probe), settings.dataDir());
    }

    /** The servers' addresses, and in secure mode one application's Kafka user and Cassandra role (passwords as files). */
    private Map<String, String> endpointsFor(String kafkaUser, String cassandraRole) {
        Map<String, String> env = new LinkedHashMap<>(stack.endpoints());
        if (secure) {
            env.putAll(stack.kafkaClientEnv(kafkaUser));
            env.putAll(stack.cassandraClientEnv(cassandraRole));
        }
        return env;
    }

    /**
     * Secure mode's admin step, the one-machine twin of the chart's cassandra-roles Job: the schema
     * first (so the job's role needs no CREATE), then the roles with passwords drawn for this run.
     */
    private void applySchemaAndRoles() {
        StackSecurity security = stack.security().orElseThrow();
        stack.cassandra().runAsAdmin(CassandraSchema.statements(CassandraSchema.simpleReplication(1)));
        stack.cassandra().runAsAdmin(CassandraRoles.statements(security.password("cassandra." + CassandraRoles.SPARK_ROLE),
                security.password("cassandra." + CassandraRoles.INGEST_ROLE)));
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
