package io.userstream.spark;

import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;
import io.userstream.contract.env.CassandraClientTls;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.InvalidSettingException;
import io.userstream.contract.env.KafkaClientSecurity;
import io.userstream.contract.env.Secrets;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the job, typed, built from a map of environment variables (the Helm chart's
 * SparkApplication sets exactly these; contract's {@link EnvVar} lists them). One line per setting
 * below: variable, parser, default. Kafka security and secrets follow contract's rules, shared with
 * the ingest service. A bad value fails fast with an {@link IllegalArgumentException} naming the variable.
 */
public record JobSettings(
        String kafkaBootstrapServers, KafkaClientSecurity kafkaSecurity, String topic, String startingOffsets,
        long maxOffsetsPerTrigger, Duration triggerInterval, boolean failOnDataLoss, String checkpointLocation,
        String cassandraContactPoints, String cassandraLocalDatacenter, Optional<String> cassandraUsername,
        Optional<String> cassandraPassword, CassandraClientTls cassandraTls, ReplicationStrategy cassandraReplicationStrategy,
        int cassandraReplicationFactor, String cassandraConsistencyLevel, int cassandraConcurrentWrites,
        long cassandraBatchSizeBytes) {

    static final Setting<String> BOOTSTRAP = Setting.of(EnvVar.KAFKA_BOOTSTRAP_SERVERS, Parsers::hostPortList, "127.0.0.1:9092");
    static final Setting<String> TOPIC = Setting.of(EnvVar.USERSTREAM_TOPIC, Parsers::topicName, Topics.USERS_CREATED);
    static final Setting<String> STARTING_OFFSETS = Setting.of(EnvVar.USERSTREAM_STARTING_OFFSETS, Parsers::startingOffsets, "earliest");
    static final Setting<Long> MAX_OFFSETS = Setting.of(EnvVar.USERSTREAM_MAX_OFFSETS_PER_TRIGGER, Parsers::positiveLong, 100_000L);
    static final Setting<Duration> TRIGGER = Setting.of(EnvVar.USERSTREAM_TRIGGER_INTERVAL, Parsers::duration, Duration.ofSeconds(1));
    static final Setting<Boolean> FAIL_ON_DATA_LOSS = Setting.of(EnvVar.USERSTREAM_FAIL_ON_DATA_LOSS, Parsers::bool, true);
    static final Setting<String> CHECKPOINT = Setting.of(EnvVar.SPARK_CHECKPOINT_LOCATION, Parsers::text, "/tmp/userstream/checkpoint");
    static final Setting<String> CONTACT_POINTS = Setting.of(EnvVar.CASSANDRA_CONTACT_POINTS, Parsers::hostPortList, "127.0.0.1:9042");
    static final Setting<String> LOCAL_DC = Setting.of(EnvVar.CASSANDRA_LOCAL_DATACENTER, Parsers::text, "datacenter1");
    static final Setting<ReplicationStrategy> STRATEGY =
            Setting.of(EnvVar.CASSANDRA_REPLICATION_STRATEGY, ReplicationStrategy::valueOf, ReplicationStrategy.SimpleStrategy);
    static final Setting<Integer> REPLICATION_FACTOR = Setting.of(EnvVar.CASSANDRA_REPLICATION_FACTOR, Parsers::positiveInt, 1);
    static final Setting<String> CONSISTENCY = Setting.of(EnvVar.CASSANDRA_CONSISTENCY_LEVEL, Parsers::consistencyLevel, "LOCAL_QUORUM");
    static final Setting<Integer> CONCURRENT_WRITES = Setting.of(EnvVar.CASSANDRA_CONCURRENT_WRITES, Parsers::positiveInt, 128);
    static final Setting<Long> BATCH_SIZE_ROWS = Setting.of(EnvVar.CASSANDRA_BATCH_SIZE_ROWS, Parsers::batchSizeRows, Parsers.ROW_BYTES);

    /** Every plain setting above; with the secrets, Kafka security and Cassandra TLS, what the job reads (a test checks it against contract). */
    static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP, TOPIC, STARTING_OFFSETS, MAX_OFFSETS, TRIGGER,
            FAIL_ON_DATA_LOSS, CHECKPOINT, CONTACT_POINTS, LOCAL_DC, STRATEGY, REPLICATION_FACTOR, CONSISTENCY,
            CONCURRENT_WRITES, BATCH_SIZE_ROWS);

    public enum ReplicationStrategy { SimpleStrategy, NetworkTopologyStrategy }

    /** The settings from this process's environment. */
    public static JobSettings fromEnvironment() {
        return fromEnv(System.getenv());
    }

    /** The settings from a map of environment variables; absent or blank keys take their default. */
    public static JobSettings fromEnv(Map<String, String> env) {
        KafkaClientSecurity security = KafkaClientSecurity.fromEnv(env);
        Optional<String> cassandraUser = Secrets.read(env, EnvVar.CASSANDRA_USERNAME);
        Optional<String> cassandraPassword = Secrets.read(env, EnvVar.CASSANDRA_PASSWORD);
        if (cassandraUser.isPresent() != cassandraPassword.isPresent()) {
            throw new InvalidSettingException(cassandraUser.isPresent() ? EnvVar.CASSANDRA_PASSWORD.name()
                    : EnvVar.CASSANDRA_USERNAME.name(), "Cassandra credentials need both a user name and a password");
        }
        return new JobSettings(BOOTSTRAP.read(env), security, TOPIC.read(env), STARTING_OFFSETS.read(env),
                MAX_OFFSETS.read(env), TRIGGER.read(env), FAIL_ON_DATA_LOSS.read(env), CHECKPOINT.read(env),
                CONTACT_POINTS.read(env), LOCAL_DC.read(env), cassandraUser, cassandraPassword, CassandraClientTls.fromEnv(env),
                STRATEGY.read(env), REPLICATION_FACTOR.read(env), CONSISTENCY.read(env), CONCURRENT_WRITES.read(env),
                BATCH_SIZE_ROWS.read(env));
    }

    /** Client-to-node TLS on (the details: {@link #cassandraTls()}). */
    public boolean cassandraSslEnabled() {
        return cassandraTls.enabled();
    }

    public KafkaClientSecurity.Protocol kafkaSecurityProtocol() {
        return kafkaSecurity.protocol();
    }

    public String kafkaSaslMechanism() {
        return kafkaSecurity.saslMechanism();
    }

    public Optional<String> kafkaSaslUsername() {
        return kafkaSecurity.saslUsername();
    }

    public Optional<String> kafkaSaslPassword() {
        return kafkaSecurity.saslPassword();
    }

    public Optional<String> kafkaSslTruststoreFile() {
        return kafkaSecurity.truststoreFile();
    }

    /** Options of Spark's Kafka source: {@code spark.readStream().format("kafka").options(...)}. */
    public Map<String, String> kafkaSourceOptions() {
        return KafkaSourceOptions.of(this);
    }

    /** Spark configuration of the Cassandra connector (connection, credentials, TLS, write tuning). */
    public Map<String, String> cassandraSparkConf() {
        return CassandraConnectorConf.of(this);
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
        return "JobSettings{kafka=" + kafkaBootstrapServers + " (" + kafkaSecurity + "), topic=" + topic
                + ", startingOffsets=" + startingOffsets + ", maxOffsetsPerTrigger=" + maxOffsetsPerTrigger
                + ", trigger=" + triggerInterval + ", failOnDataLoss=" + failOnDataLoss + ", checkpoint=" + checkpointLocation
                + ", cassandra=" + cassandraContactPoints + " dc " + cassandraLocalDatacenter
                + cassandraUsername.map(u -> " user " + u).orElse("") + ", " + cassandraTls
                + ", replication=" + replication() + ", consistency=" + cassandraConsistencyLevel
                + ", concurrentWrites=" + cassandraConcurrentWrites + ", batchSizeBytes=" + cassandraBatchSizeBytes + "}";
    }
}
