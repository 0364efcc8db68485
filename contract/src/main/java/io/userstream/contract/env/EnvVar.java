package io.userstream.contract.env;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.userstream.contract.env.EnvVar.Reader.INGEST;
import static io.userstream.contract.env.EnvVar.Reader.SPARK;

/**
 * Every environment variable the applications read, with who reads it: the one list. The Helm
 * chart sets these names (its tests check it sets no other), local-stack and the one-machine
 * pipeline pass them, and each application has a test that it reads exactly the ones marked for it.
 * A {@linkplain #secret() secret} may come from a mounted file instead: {@code X_FILE} (see {@link Secrets}).
 */
public enum EnvVar {

    // Kafka client: both services
    KAFKA_BOOTSTRAP_SERVERS(INGEST, SPARK),
    KAFKA_SECURITY_PROTOCOL(INGEST, SPARK),
    KAFKA_SASL_MECHANISM(INGEST, SPARK),
    KAFKA_SASL_USERNAME(INGEST, SPARK),
    KAFKA_SASL_PASSWORD(true, INGEST, SPARK),
    KAFKA_SSL_TRUSTSTORE_FILE(INGEST, SPARK),
    USERSTREAM_TOPIC(INGEST, SPARK),

    // Cassandra client: both services
    CASSANDRA_CONTACT_POINTS(INGEST, SPARK),
    CASSANDRA_LOCAL_DATACENTER(INGEST, SPARK),
    CASSANDRA_USERNAME(true, INGEST, SPARK),
    CASSANDRA_PASSWORD(true, INGEST, SPARK),
    /** Client-to-node TLS on (K8ssandra's client_encryption_options); read through {@link CassandraClientTls}. */
    CASSANDRA_SSL_ENABLED(INGEST, SPARK),
    /** JKS or PKCS12 truststore (the cluster CA), a mounted file; unset: the JVM's default trust. */
    CASSANDRA_SSL_TRUSTSTORE_FILE(INGEST, SPARK),
    CASSANDRA_SSL_TRUSTSTORE_PASSWORD(true, INGEST, SPARK),

    // ingest-service: source, schedule, publishing
    USERSTREAM_SOURCE(INGEST),
    USERSTREAM_DLQ_TOPIC(INGEST),
    USERSTREAM_SCHEDULE_ENABLED(INGEST),
    USERSTREAM_SCHEDULE_EVERY(INGEST),
    USERSTREAM_SCHEDULE_INITIAL_DELAY(INGEST),
    USERSTREAM_SCHEDULE_BATCH_SIZE(INGEST),
    USERSTREAM_MAX_RUN_SIZE(INGEST),
    RANDOMUSER_BASE_URL(INGEST),
    RANDOMUSER_PAGE_SIZE(INGEST),
    USERSTREAM_SYNTHETIC_SEED(INGEST),
    USERSTREAM_PUBLISH_MAX_IN_FLIGHT(INGEST),
    USERSTREAM_PUBLISH_RETRY_BACKOFF(INGEST),
    /** Apicurio Registry's base URL; unset: no registry (the contract is still enforced). */
    USERSTREAM_REGISTRY_URL(INGEST),
    // ingest-service: the dashboard (the Spark job driver's metrics endpoint; rows its analytics read at most)
    USERSTREAM_DASHBOARD_SPARK_METRICS_URL(INGEST),
    USERSTREAM_DASHBOARD_SAMPLE_ROWS(INGEST),
    /**
     * The ingest API's users: one {@code name:bcrypt-hash:role,role} per line (ingest-service's
     * security/ApiUsers). A secret: on Kubernetes always the mounted file {@code USERSTREAM_API_USERS_FILE}.
     */
    USERSTREAM_API_USERS(true, INGEST),

    // spark-app: stream and sink
    USERSTREAM_STARTING_OFFSETS(SPARK),
    USERSTREAM_MAX_OFFSETS_PER_TRIGGER(SPARK),
    USERSTREAM_TRIGGER_INTERVAL(SPARK),
    USERSTREAM_FAIL_ON_DATA_LOSS(SPARK),
    SPARK_CHECKPOINT_LOCATION(SPARK),
    CASSANDRA_REPLICATION_STRATEGY(SPARK),
    CASSANDRA_REPLICATION_FACTOR(SPARK),
    CASSANDRA_CONSISTENCY_LEVEL(SPARK),
    CASSANDRA_CONCURRENT_WRITES(SPARK),
    CASSANDRA_BATCH_SIZE_ROWS(SPARK);

    /** The applications that read environment variables. */
    public enum Reader { INGEST, SPARK }

    /** Suffix of the variable that names a file holding a secret's value. */
    public static final String FILE_SUFFIX = "_FILE";

    private final boolean secret;
    private final Set<Reader> readers;

    EnvVar(Reader first, Reader... rest) {
        this(false, first, rest);
    }

    EnvVar(boolean secret, Reader first, Reader... rest) {
        this.secret = secret;
        this.readers = EnumSet.of(first, rest);
    }

    /** A secret: also accepted as {@link #fileVariable()}, the path of a mounted file holding it. */
    public boolean secret() {
        return secret;
    }

    /** {@code X_FILE} for a secret {@code X}. */
    public String fileVariable() {
        if (!secret) {
            throw new IllegalStateException(name() + " is not a secret and has no " + FILE_SUFFIX + " variable");
        }
        return name() + FILE_SUFFIX;
    }

    public boolean isReadBy(Reader reader) {
        return readers.contains(reader);
    }

    /** The variables one application reads. */
    public static Set<EnvVar> readBy(Reader reader) {
        return Arrays.stream(values()).filter(v -> v.isReadBy(reader))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EnvVar.class)));
    }

    /** The names one application reads: its variables, and {@code X_FILE} for each of its secrets. */
    public static Set<String> namesReadBy(Reader reader) {
        return readBy(reader).stream()
                .flatMap(v -> v.secret ? Stream.of(v.name(), v.fileVariable()) : Stream.of(v.name()))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
