package io.userstream.spark;

import io.userstream.contract.env.CassandraClientTls;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.KafkaClientSecurity;
import io.userstream.contract.env.KafkaClientSecurity.Protocol;
import io.userstream.spark.JobSettings.ReplicationStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class JobSettingsTest {

    @Test
    void everyDefault() {
        JobSettings s = JobSettings.fromEnv(Map.of());
        assertThat(s.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.kafkaSecurityProtocol()).isEqualTo(Protocol.PLAINTEXT);
        assertThat(s.kafkaSaslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(s.kafkaSaslUsername()).isEmpty();
        assertThat(s.kafkaSaslPassword()).isEmpty();
        assertThat(s.kafkaSslTruststoreFile()).isEmpty();
        assertThat(s.topic()).isEqualTo("users_created");
        assertThat(s.startingOffsets()).isEqualTo("earliest");
        assertThat(s.maxOffsetsPerTrigger()).isEqualTo(100_000L);
        assertThat(s.triggerInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.failOnDataLoss()).isTrue();
        assertThat(s.checkpointLocation()).isEqualTo("/tmp/userstream/checkpoint");
        assertThat(s.cassandraContactPoints()).isEqualTo("127.0.0.1:9042");
        assertThat(s.cassandraLocalDatacenter()).isEqualTo("datacenter1");
        assertThat(s.cassandraUsername()).isEmpty();
        assertThat(s.cassandraPassword()).isEmpty();
        assertThat(s.cassandraSslEnabled()).isFalse();
        assertThat(s.cassandraReplicationStrategy()).isEqualTo(ReplicationStrategy.SimpleStrategy);
        assertThat(s.cassandraReplicationFactor()).isEqualTo(1);
        assertThat(s.cassandraConsistencyLevel()).isEqualTo("LOCAL_QUORUM");
        assertThat(s.cassandraConcurrentWrites()).isEqualTo(128);
        assertThat(s.cassandraBatchSizeBytes()).isEqualTo(1024);
        assertThat(s.replication()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    @Test
    void defaultSourceOptionsAndConnectorConf() {
        JobSettings s = JobSettings.fromEnv(Map.of());
        assertThat(s.kafkaSourceOptions()).containsExactly(
                entry("kafka.bootstrap.servers", "127.0.0.1:9092"),
                entry("subscribe", "users_created"),
                entry("startingOffsets", "earliest"),
                entry("maxOffsetsPerTrigger", "100000"),
                entry("failOnDataLoss", "true"),
                entry("kafka.security.protocol", "PLAINTEXT"));
        assertThat(s.cassandraSparkConf()).containsExactly(
                entry("spark.cassandra.connection.host", "127.0.0.1:9042"),
                entry("spark.cassandra.connection.localDC", "datacenter1"),
                entry("spark.cassandra.connection.ssl.enabled", "false"),
                entry("spark.cassandra.output.consistency.level", "LOCAL_QUORUM"),
                entry("spark.cassandra.output.concurrent.writes", "128"),
                entry("spark.cassandra.output.batch.size.rows", "auto"),
                entry("spark.cassandra.output.batch.size.bytes", "1024"));
    }

    @Test
    void everyKeySet(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path pw = Files.writeString(dir.resolve("password"), "s3cr\"t\n");
        Path cu = Files.writeString(dir.resolve("cuser"), "k8ssandra-superuser\n");
        Path cp = Files.writeString(dir.resolve("cpass"), "cpw\n");
        Path ts = Files.write(dir.resolve("truststore.p12"), new byte[] {1});
        Path tsp = Files.writeString(dir.resolve("truststore-password"), "tspw\n");
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap.kafka:9093, other:9093");
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_USERNAME", "userstream-spark");
        env.put("KAFKA_SASL_PASSWORD_FILE", pw.toString());
        env.put("KAFKA_SSL_TRUSTSTORE_FILE", ca.toString());
        env.put("USERSTREAM_TOPIC", "users_other");
        env.put("USERSTREAM_STARTING_OFFSETS", "latest");
        env.put("USERSTREAM_MAX_OFFSETS_PER_TRIGGER", "5000");
        env.put("USERSTREAM_TRIGGER_INTERVAL", "500ms");
        env.put("USERSTREAM_FAIL_ON_DATA_LOSS", "false");
        env.put("SPARK_CHECKPOINT_LOCATION", "/checkpoint/userstream");
        env.put("CASSANDRA_CONTACT_POINTS", "demo-dc1-service.k8ssandra:9042");
        env.put("CASSANDRA_LOCAL_DATACENTER", "dc1");
        env.put("CASSANDRA_USERNAME_FILE", cu.toString());
        env.put("CASSANDRA_PASSWORD_FILE", cp.toString());
        env.put("CASSANDRA_SSL_ENABLED", "true");
        env.put("CASSANDRA_SSL_TRUSTSTORE_FILE", ts.toString());
        env.put("CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE", tsp.toString());
        env.put("CASSANDRA_REPLICATION_STRATEGY", "NetworkTopologyStrategy");
        env.put("CASSANDRA_REPLICATION_FACTOR", "3");
        env.put("CASSANDRA_CONSISTENCY_LEVEL", "one");
        env.put("CASSANDRA_CONCURRENT_WRITES", "64");
        env.put("CASSANDRA_BATCH_SIZE_ROWS", "10");
        JobSettings s = JobSettings.fromEnv(env);

        assertThat(s.kafkaSourceOptions()).containsExactly(
                entry("kafka.bootstrap.servers", "kafka-bootstrap.kafka:9093,other:9093"),
                entry("subscribe", "users_other"),
                entry("startingOffsets", "latest"),
                entry("maxOffsetsPerTrigger", "5000"),
                entry("failOnDataLoss", "false"),
                entry("kafka.security.protocol", "SASL_SSL"),
                entry("kafka.sasl.mechanism", "SCRAM-SHA-512"),
                entry("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"userstream-spark\" password=\"s3cr\\\"t\";"),
                entry("kafka.ssl.truststore.type", "PEM"),
                entry("kafka.ssl.truststore.location", ca.toString()));
        assertThat(s.triggerInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.checkpointLocation()).isEqualTo("/checkpoint/userstream");
        assertThat(s.cassandraSparkConf()).containsExactly(
                entry("spark.cassandra.connection.host", "demo-dc1-service.k8ssandra:9042"),
                entry("spark.cassandra.connection.localDC", "dc1"),
                entry("spark.cassandra.connection.ssl.enabled", "true"),
                entry("spark.cassandra.connection.ssl.trustStore.path", ts.toString()),
                entry("spark.cassandra.connection.ssl.trustStore.type", "PKCS12"),
                entry("spark.cassandra.connection.ssl.trustStore.password", "tspw"),
                entry("spark.cassandra.auth.username", "k8ssandra-superuser"),
                entry("spark.cassandra.auth.password", "cpw"),
                entry("spark.cassandra.output.consistency.level", "ONE"),
                entry("spark.cassandra.output.concurrent.writes", "64"),
                entry("spark.cassandra.output.batch.size.rows", "auto"),
                entry("spark.cassandra.output.batch.size.bytes", "10240"));
        assertThat(s.replication()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3}");
        assertThat(s.toString()).doesNotContain("s3cr").doesNotContain("cpw").doesNotContain("tspw");
    }

    @Test
    void aNumberOfRowsBoundsBatchesByBytesCappedUnderCassandrasFailThreshold() {
        assertThat(JobSettings.fromEnv(Map.of("CASSANDRA_BATCH_SIZE_ROWS", "auto")).cassandraBatchSizeBytes()).isEqualTo(1024);
        assertThat(JobSettings.fromEnv(Map.of("CASSANDRA_BATCH_SIZE_ROWS", "1")).cassandraBatchSizeBytes()).isEqualTo(1024);
        assertThat(JobSettings.fromEnv(Map.of("CASSANDRA_BATCH_SIZE_ROWS", "24")).cassandraBatchSizeBytes()).isEqualTo(24 * 1024);
        assertThat(JobSettings.fromEnv(Map.of("CASSANDRA_BATCH_SIZE_ROWS", "32")).cassandraBatchSizeBytes()).isEqualTo(24 * 1024);
        assertThat(JobSettings.fromEnv(Map.of("CASSANDRA_BATCH_SIZE_ROWS", "64")).cassandraSparkConf())
                .containsEntry("spark.cassandra.output.batch.size.rows", "auto")
                .containsEntry("spark.cassandra.output.batch.size.bytes", Long.toString(24 * 1024));
        assertThat(JobSettings.fromEnv(Map.of("CASSANDRA_BATCH_SIZE_ROWS", Long.toString(Long.MAX_VALUE)))
                .cassandraBatchSizeBytes()).isEqualTo(24 * 1024);
    }

    @Test
    void inlineSecrets() {
        JobSettings s = JobSettings.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p",
                "CASSANDRA_USERNAME", "cu", "CASSANDRA_PASSWORD", "cp"));
        assertThat(s.kafkaSaslPassword()).isEqualTo(Optional.of("p"));
        assertThat(s.cassandraUsername()).isEqualTo(Optional.of("cu"));
        assertThat(s.kafkaSourceOptions()).doesNotContainKey("kafka.ssl.truststore.location");
    }

    @ParameterizedTest
    @CsvSource({"0ms, PT0S", "2s, PT2S", "1m, PT1M", "1h, PT1H", "PT0.25S, PT0.25S"})
    void triggerIntervals(String value, Duration expected) {
        assertThat(JobSettings.fromEnv(Map.of("USERSTREAM_TRIGGER_INTERVAL", value)).triggerInterval()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "KAFKA_BOOTSTRAP_SERVERS|kafka 9092",
            "KAFKA_SECURITY_PROTOCOL|TLS",
            "KAFKA_SASL_MECHANISM|GSSAPI",
            "KAFKA_SSL_TRUSTSTORE_FILE|/does/not/exist.crt",
            "USERSTREAM_TOPIC|users created",
            "USERSTREAM_STARTING_OFFSETS|beginning",
            "USERSTREAM_MAX_OFFSETS_PER_TRIGGER|0",
            "USERSTREAM_MAX_OFFSETS_PER_TRIGGER|many",
            "USERSTREAM_TRIGGER_INTERVAL|soon",
            "USERSTREAM_TRIGGER_INTERVAL|-PT1S",
            "USERSTREAM_FAIL_ON_DATA_LOSS|yes",
            "CASSANDRA_CONTACT_POINTS|a:b:c d",
            "CASSANDRA_SSL_ENABLED|1",
            "CASSANDRA_REPLICATION_STRATEGY|LocalStrategy",
            "CASSANDRA_REPLICATION_FACTOR|-1",
            "CASSANDRA_CONSISTENCY_LEVEL|SOME",
            "CASSANDRA_CONCURRENT_WRITES|0",
            "CASSANDRA_BATCH_SIZE_ROWS|lots",
            "KAFKA_SASL_PASSWORD_FILE|/does/not/exist",
            "CASSANDRA_PASSWORD_FILE|/does/not/exist"})
    void badValueFailsNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> JobSettings.fromEnv(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ");
    }

    @Test
    void saslNeedsUserAndPassword() {
        assertThatThrownBy(() -> JobSettings.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
                .hasMessageStartingWith("KAFKA_SASL_USERNAME: ");
        assertThatThrownBy(() -> JobSettings.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_USERNAME", "u"))).hasMessageStartingWith("KAFKA_SASL_PASSWORD: ");
    }

    @Test
    void secretInlineAndFileTogetherIsAnError() {
        assertThatThrownBy(() -> JobSettings.fromEnv(Map.of("CASSANDRA_PASSWORD", "a", "CASSANDRA_PASSWORD_FILE", "/x",
                "CASSANDRA_USERNAME", "u"))).hasMessageStartingWith("CASSANDRA_PASSWORD: ");
    }

    @Test
    void cassandraUserWithoutPasswordIsAnError() {
        assertThatThrownBy(() -> JobSettings.fromEnv(Map.of("CASSANDRA_USERNAME", "u")))
                .hasMessageStartingWith("CASSANDRA_PASSWORD: ");
    }

    /** The job reads exactly the variables contract's EnvVar marks for it; the chart's test checks its side against the same list. */
    @Test
    void readsExactlyItsVariablesOfTheContract() {
        Set<String> read = new TreeSet<>();
        JobSettings.SETTINGS.forEach(setting -> read.add(setting.variable().name()));
        for (EnvVar secret : List.of(EnvVar.CASSANDRA_USERNAME, EnvVar.CASSANDRA_PASSWORD, EnvVar.KAFKA_SASL_PASSWORD,
                EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD)) {
            read.add(secret.name());
            read.add(secret.fileVariable());
        }
        KafkaClientSecurity.VARIABLES.forEach(v -> read.add(v.name()));
        CassandraClientTls.VARIABLES.forEach(v -> read.add(v.name()));
        assertThat(read).isEqualTo(EnvVar.namesReadBy(EnvVar.Reader.SPARK));
    }

    /** Absent or blank, every setting takes a default: none is required. */
    @Test
    void everySettingHasADefault() {
        assertThat(JobSettings.SETTINGS).allSatisfy(setting -> assertThat(setting.defaultValue()).isNotNull());
    }

    @Test
    void blankValuesTakeTheDefault() {
        assertThat(JobSettings.fromEnv(Map.of("USERSTREAM_TOPIC", " ")).topic()).isEqualTo("users_created");
    }
}
