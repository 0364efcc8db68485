package io.userstream.spark;

import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of the job, typed, built from a map of environment variables (the Helm chart's
 * SparkApplication sets exactly these). Every key has a default; a bad value fails fast with an
 * {@link IllegalArgumentException} that names the key.
 */
public record JobSettings(
        String kafkaBootstrapServers,
        KafkaSecurityProtocol kafkaSecurityProtocol,
        String kafkaSaslMechanism,
        Optional<String> kafkaSaslUsername,
        Optional<String> kafkaSaslPassword,
        Optional<String> kafkaSslTruststoreFile,
        String topic,
        String startingOffsets,
        long maxOffsetsPerTrigger,
        Duration triggerInterval,
        boolean failOnDataLoss,
        String checkpointLocation,
        String cassandraContactPoints,
        String cassandraLocalDatacenter,
        Optional<String> cassandraUsername,
        Optional<String> cassandraPassword,
        boolean cassandraSslEnabled,
        ReplicationStrategy cassandraReplicationStrategy,
        int cassandraReplicationFactor,
        String cassandraConsistencyLevel,
        int cassandraConcurrentWrites,
        String cassandraBatchSizeRows) {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String KAFKA_SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    public static final String KAFKA_SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    public static final String KAFKA_SASL_USERNAME = "KAFKA_SASL_USERNAME";
    public static final String KAFKA_SASL_PASSWORD = "KAFKA_SASL_PASSWORD";
    public static final String KAFKA_SASL_PASSWORD_FILE = "KAFKA_SASL_PASSWORD_FILE";
    public static final String KAFKA_SSL_TRUSTSTORE_FILE = "KAFKA_SSL_TRUSTSTORE_FILE";
    public static final String USERSTREAM_TOPIC = "USERSTREAM_TOPIC";
    public static final String USERSTREAM_STARTING_OFFSETS = "USERSTREAM_STARTING_OFFSETS";
    public static final String USERSTREAM_MAX_OFFSETS_PER_TRIGGER = "USERSTREAM_MAX_OFFSETS_PER_TRIGGER";
    public static final String USERSTREAM_TRIGGER_INTERVAL = "USERSTREAM_TRIGGER_INTERVAL";
    public static final String USERSTREAM_FAIL_ON_DATA_LOSS = "USERSTREAM_FAIL_ON_DATA_LOSS";
    public static final String SPARK_CHECKPOINT_LOCATION = "SPARK_CHECKPOINT_LOCATION";
    public static final String CASSANDRA_CONTACT_POINTS = "CASSANDRA_CONTACT_POINTS";
    public static final String CASSANDRA_LOCAL_DATACENTER = "CASSANDRA_LOCAL_DATACENTER";
    public static final String CASSANDRA_USERNAME = "CASSANDRA_USERNAME";
    public static final String CASSANDRA_USERNAME_FILE = "CASSANDRA_USERNAME_FILE";
    public static final String CASSANDRA_PASSWORD = "CASSANDRA_PASSWORD";
    public static final String CASSANDRA_PASSWORD_FILE = "CASSANDRA_PASSWORD_FILE";
    public static final String CASSANDRA_SSL_ENABLED = "CASSANDRA_SSL_ENABLED";
    public static final String CASSANDRA_REPLICATION_STRATEGY = "CASSANDRA_REPLICATION_STRATEGY";
    public static final String CASSANDRA_REPLICATION_FACTOR = "CASSANDRA_REPLICATION_FACTOR";
    public static final String CASSANDRA_CONSISTENCY_LEVEL = "CASSANDRA_CONSISTENCY_LEVEL";
    public static final String CASSANDRA_CONCURRENT_WRITES = "CASSANDRA_CONCURRENT_WRITES";
    public static final String CASSANDRA_BATCH_SIZE_ROWS = "CASSANDRA_BATCH_SIZE_ROWS";

    public static final String DEFAULT_KAFKA_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final KafkaSecurityProtocol DEFAULT_KAFKA_SECURITY_PROTOCOL = KafkaSecurityProtocol.PLAINTEXT;
    public static final String DEFAULT_KAFKA_SASL_MECHANISM = "SCRAM-SHA-512";
    public static final String DEFAULT_TOPIC = Topics.USERS_CREATED;
    public static final String DEFAULT_STARTING_OFFSETS = "earliest";
    public static final long DEFAULT_MAX_OFFSETS_PER_TRIGGER = 100_000L;
    public static final Duration DEFAULT_TRIGGER_INTERVAL = Duration.ofSeconds(1);
    public static final boolean DEFAULT_FAIL_ON_DATA_LOSS = true;
    public static final String DEFAULT_CHECKPOINT_LOCATION = "/tmp/userstream/checkpoint";
    public static final String DEFAULT_CASSANDRA_CONTACT_POINTS = "127.0.0.1:9042";
    public static final String DEFAULT_CASSANDRA_LOCAL_DATACENTER = "datacenter1";
    public static final boolean DEFAULT_CASSANDRA_SSL_ENABLED = false;
    public static final ReplicationStrategy DEFAULT_REPLICATION_STRATEGY = ReplicationStrategy.SimpleStrategy;
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final String DEFAULT_CONSISTENCY_LEVEL = "LOCAL_QUORUM";
    public static final int DEFAULT_CONCURRENT_WRITES = 128;
    public static final String DEFAULT_BATCH_SIZE_ROWS = "auto";

    /** The consistency levels a write may use (the driver's names). */
    static final List<String> CONSISTENCY_LEVELS = List.of(
            "ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_ONE", "LOCAL_QUORUM", "EACH_QUORUM");

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    public enum KafkaSecurityProtocol { PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, SSL;

        boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        boolean tls() {
            return this == SSL || this == SASL_SSL;
        }
    }

    public enum ReplicationStrategy { SimpleStrategy, NetworkTopologyStrategy }

    /** The settings from this process's environment. */
    public static JobSettings fromEnvironment() {
        return fromEnv(System.getenv());
    }

    /** The settings from a map of environment variables; absent or blank keys take their default. */
    public static JobSettings fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        KafkaSecurityProtocol protocol = e.get(KAFKA_SECURITY_PROTOCOL, DEFAULT_KAFKA_SECURITY_PROTOCOL,
                v -> KafkaSecurityProtocol.valueOf(v.toUpperCase(Locale.ROOT)));
        Optional<String> saslUser = e.optional(KAFKA_SASL_USERNAME);
        Optional<String> saslPassword = e.secret(KAFKA_SASL_PASSWORD, KAFKA_SASL_PASSWORD_FILE);
        if (protocol.sasl()) {
            saslUser.orElseThrow(() -> e.error(KAFKA_SASL_USERNAME, "required when " + KAFKA_SECURITY_PROTOCOL + " is " + protocol));
            saslPassword.orElseThrow(() -> e.error(KAFKA_SASL_PASSWORD, "(or " + KAFKA_SASL_PASSWORD_FILE
                    + ") required when " + KAFKA_SECURITY_PROTOCOL + " is " + protocol));
        }
        Optional<String> truststore = e.optional(KAFKA_SSL_TRUSTSTORE_FILE);
        truststore.ifPresent(f -> e.readable(KAFKA_SSL_TRUSTSTORE_FILE, f));
        Optional<String> cassandraUser = e.secret(CASSANDRA_USERNAME, CASSANDRA_USERNAME_FILE);
        Optional<String> cassandraPassword = e.secret(CASSANDRA_PASSWORD, CASSANDRA_PASSWORD_FILE);
        if (cassandraUser.isPresent() != cassandraPassword.isPresent()) {
            throw e.error(cassandraUser.isPresent() ? CASSANDRA_PASSWORD : CASSANDRA_USERNAME,
                    "Cassandra credentials need both a user name and a password");
        }
        return new JobSettings(
                e.get(KAFKA_BOOTSTRAP_SERVERS, DEFAULT_KAFKA_BOOTSTRAP_SERVERS, JobSettings::hostPortList),
                protocol,
                e.get(KAFKA_SASL_MECHANISM, DEFAULT_KAFKA_SASL_MECHANISM, JobSettings::saslMechanism),
                saslUser,
                saslPassword,
                truststore,
                e.get(USERSTREAM_TOPIC, DEFAULT_TOPIC, JobSettings::topicName),
                e.get(USERSTREAM_STARTING_OFFSETS, DEFAULT_STARTING_OFFSETS, JobSettings::startingOffsets),
                e.get(USERSTREAM_MAX_OFFSETS_PER_TRIGGER, DEFAULT_MAX_OFFSETS_PER_TRIGGER, v -> positiveLong(v)),
                e.get(USERSTREAM_TRIGGER_INTERVAL, DEFAULT_TRIGGER_INTERVAL, JobSettings::duration),
                e.get(USERSTREAM_FAIL_ON_DATA_LOSS, DEFAULT_FAIL_ON_DATA_LOSS, JobSettings::bool),
                e.get(SPARK_CHECKPOINT_LOCATION, DEFAULT_CHECKPOINT_LOCATION, Function.identity()),
                e.get(CASSANDRA_CONTACT_POINTS, DEFAULT_CASSANDRA_CONTACT_POINTS, JobSettings::hostPortList),
                e.get(CASSANDRA_LOCAL_DATACENTER, DEFAULT_CASSANDRA_LOCAL_DATACENTER, Function.identity()),
                cassandraUser,
                cassandraPassword,
                e.get(CASSANDRA_SSL_ENABLED, DEFAULT_CASSANDRA_SSL_ENABLED, JobSettings::bool),
                e.get(CASSANDRA_REPLICATION_STRATEGY, DEFAULT_REPLICATION_STRATEGY, ReplicationStrategy::valueOf),
                e.get(CASSANDRA_REPLICATION_FACTOR, DEFAULT_REPLICATION_FACTOR, v -> (int) positiveLong(v)),
                e.get(CASSANDRA_CONSISTENCY_LEVEL, DEFAULT_CONSISTENCY_LEVEL, JobSettings::consistencyLevel),
                e.get(CASSANDRA_CONCURRENT_WRITES, DEFAULT_CONCURRENT_WRITES, v -> (int) positiveLong(v)),
                e.get(CASSANDRA_BATCH_SIZE_ROWS, DEFAULT_BATCH_SIZE_ROWS, JobSettings::batchSizeRows));
    }

    /** Options of Spark's Kafka source: {@code spark.readStream().format("kafka").options(...)}. */
    public Map<String, String> kafkaSourceOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        o.put("subscribe", topic);
        o.put("startingOffsets", startingOffsets);
        o.put("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
        o.put("failOnDataLoss", Boolean.toString(failOnDataLoss));
        o.put("kafka.security.protocol", kafkaSecurityProtocol.name());
        if (kafkaSecurityProtocol.sasl()) {
            o.put("kafka.sasl.mechanism", kafkaSaslMechanism);
            String module = kafkaSaslMechanism.equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            o.put("kafka.sasl.jaas.config", module + " required username=\"" + jaasEscape(kafkaSaslUsername.orElseThrow())
                    + "\" password=\"" + jaasEscape(kafkaSaslPassword.orElseThrow()) + "\";");
        }
        if (kafkaSecurityProtocol.tls() && kafkaSslTruststoreFile.isPresent()) {
            o.put("kafka.ssl.truststore.type", "PEM");
            o.put("kafka.ssl.truststore.location", kafkaSslTruststoreFile.get());
        }
        return o;
    }

    /** Spark configuration of the Cassandra connector (connection, credentials, TLS, write tuning). */
    public Map<String, String> cassandraSparkConf() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.cassandra.connection.host", cassandraContactPoints);
        c.put("spark.cassandra.connection.localDC", cassandraLocalDatacenter);
        c.put("spark.cassandra.connection.ssl.enabled", Boolean.toString(cassandraSslEnabled));
        cassandraUsername.ifPresent(u -> c.put("spark.cassandra.auth.username", u));
        cassandraPassword.ifPresent(p -> c.put("spark.cassandra.auth.password", p));
        c.put("spark.cassandra.output.consistency.level", cassandraConsistencyLevel);
        c.put("spark.cassandra.output.concurrent.writes", Integer.toString(cassandraConcurrentWrites));
        c.put("spark.cassandra.output.batch.size.rows", cassandraBatchSizeRows);
        return c;
    }

    /** The keyspace's replication map for {@link CassandraSchema#statements(String)}. */
    public String replication() {
        return cassandraReplicationStrategy == ReplicationStrategy.SimpleStrategy
                ? CassandraSchema.simpleReplication(cassandraReplicationFactor)
                : CassandraSchema.networkTopologyReplication(cassandraLocalDatacenter, cassandraReplicationFactor);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "JobSettings{kafka=" + kafkaBootstrapServers + " (" + kafkaSecurityProtocol
                + (kafkaSecurityProtocol.sasl() ? " " + kafkaSaslMechanism + " user " + kafkaSaslUsername.orElse("") : "")
                + "), topic=" + topic + ", startingOffsets=" + startingOffsets
                + ", maxOffsetsPerTrigger=" + maxOffsetsPerTrigger + ", trigger=" + triggerInterval
                + ", failOnDataLoss=" + failOnDataLoss + ", checkpoint=" + checkpointLocation
                + ", cassandra=" + cassandraContactPoints + " dc " + cassandraLocalDatacenter
                + (cassandraUsername.isPresent() ? " user " + cassandraUsername.get() : "")
                + ", ssl=" + cassandraSslEnabled + ", replication=" + replication()
                + ", consistency=" + cassandraConsistencyLevel + ", concurrentWrites=" + cassandraConcurrentWrites
                + ", batchSizeRows=" + cassandraBatchSizeRows + "}";
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String hostPortList(String v) {
        for (String hp : v.split(",")) {
            if (!hp.trim().matches("[A-Za-z0-9._\\-\\[\\]:]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("expected host:port[,host:port...]");
            }
        }
        return v.replace(" ", "");
    }

    static String saslMechanism(String v) {
        if (!List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN").contains(v)) {
            throw new IllegalArgumentException("expected SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN");
        }
        return v;
    }

    static String topicName(String v) {
        if (!v.matches("[A-Za-z0-9._\\-]{1,249}")) {
            throw new IllegalArgumentException("not a Kafka topic name");
        }
        return v;
    }

    static String startingOffsets(String v) {
        if (!v.equals("earliest") && !v.equals("latest") && !v.startsWith("{")) {
            throw new IllegalArgumentException("expected earliest, latest or a JSON offsets map");
        }
        return v;
    }

    static long positiveLong(String v) {
        long n = Long.parseLong(v);
        if (n <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return n;
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** {@code 500ms}, {@code 1s}, {@code 2m}, {@code 1h}, or an ISO-8601 duration ({@code PT1S}); 0 = back to back. */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        Duration d = Duration.parse(v);
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return d;
    }

    static String consistencyLevel(String v) {
        String upper = v.toUpperCase(Locale.ROOT);
        if (!CONSISTENCY_LEVELS.contains(upper)) {
            throw new IllegalArgumentException("expected one of " + CONSISTENCY_LEVELS);
        }
        return upper;
    }

    static String batchSizeRows(String v) {
        return v.equals("auto") ? v : Long.toString(positiveLong(v));
    }

    /** Reads keys of an environment map, turning every parse failure into an error naming the key. */
    private record Env(Map<String, String> env) {

        Optional<String> optional(String key) {
            return Optional.ofNullable(env.get(key)).map(String::trim).filter(s -> !s.isEmpty());
        }

        <T> T get(String key, T defaultValue, Function<String, T> parse) {
            Optional<String> raw = optional(key);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                return parse.apply(raw.get());
            } catch (RuntimeException ex) {
                throw error(key, "invalid value '" + raw.get() + "': " + ex.getMessage());
            }
        }

        /** A secret given inline or as a mounted file (not both). */
        Optional<String> secret(String key, String fileKey) {
            Optional<String> inline = optional(key);
            Optional<String> file = optional(fileKey);
            if (inline.isPresent() && file.isPresent()) {
                throw error(key, "set either " + key + " or " + fileKey + ", not both");
            }
            return file.map(f -> readable(fileKey, f)).or(() -> inline);
        }

        String readable(String key, String file) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            } catch (IOException | UncheckedIOException ex) {
                throw error(key, "cannot read file " + file + ": " + ex);
            }
        }

        IllegalArgumentException error(String key, String message) {
            return new IllegalArgumentException(key + ": " + message);
        }
    }
}
