package io.userstream.ingest.config;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import io.userstream.contract.env.CassandraClientTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strimzi/K8ssandra secrets from environment or mounted files, and Kafka security derived from them. */
class SecretFilesConfigSourceTest {

    @Test
    void plaintextByDefault() {
        SecretFilesConfigSource source = new SecretFilesConfigSource(Map.of());

        assertThat(source.getValue("kafka.security.protocol")).isEqualTo("PLAINTEXT");
        assertThat(source.getValue("kafka.sasl.jaas.config")).isNull();
    }

    @Test
    void scramOverTlsWithPasswordAndCaFromMountedFiles(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr\"et\n");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        SecretFilesConfigSource source = new SecretFilesConfigSource(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "ingest",
                "KAFKA_SASL_PASSWORD_FILE", password.toString(), "KAFKA_SSL_TRUSTSTORE_FILE", ca.toString()));

        assertThat(source.getValue("kafka.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(source.getValue("kafka.sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" password=\"s3cr\\\"et\";");
        assertThat(source.getValue("kafka.ssl.truststore.type")).isEqualTo("PEM");
        assertThat(source.getValue("kafka.ssl.truststore.location")).isEqualTo(ca.toString());
    }

    @Test
    void cassandraTlsBecomesTheDriversSslEngineSettings(@TempDir Path dir) throws Exception {
        Path store = Files.write(dir.resolve("truststore.jks"), new byte[] {1});
        Path password = Files.writeString(dir.resolve("truststore-password"), "tspw\n");
        Properties driver = new Properties();
        driver.setProperty("unrelated", "kept");
        new SecretFilesConfigSource(Map.of("CASSANDRA_SSL_ENABLED", "true", "CASSANDRA_SSL_TRUSTSTORE_FILE", store.toString(),
                "CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE", password.toString()), driver);

        String p = "datastax-java-driver.advanced.ssl-engine-factory.";
        assertThat(driver).containsEntry(p + "class", "DefaultSslEngineFactory")
                .containsEntry(p + "hostname-validation", "false")
                .containsEntry(p + "truststore-path", store.toString())
                .containsEntry(p + "truststore-password", "tspw")
                .containsEntry("unrelated", "kept");

        new SecretFilesConfigSource(Map.of(), driver); // TLS off: no ssl-engine-factory left behind
        assertThat(driver.stringPropertyNames()).containsExactly("unrelated");
    }

    /**
     * The DataStax driver takes them from the system properties: its programmatic loader (the one the
     * Quarkus client builds, with quarkus.cassandra.* set on it) falls back to them before application.conf.
     */
    @Test
    void theDriverReadsTheTlsSettingsFromTheSystemProperties(@TempDir Path dir) throws Exception {
        Path store = Files.write(dir.resolve("truststore.jks"), new byte[] {1});
        try {
            SecretFilesConfigSource.installDriverTls(CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "true",
                    "CASSANDRA_SSL_TRUSTSTORE_FILE", store.toString(), "CASSANDRA_SSL_TRUSTSTORE_PASSWORD", "tspw")),
                    System.getProperties());
            DriverExecutionProfile on = profile();
            assertThat(on.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).isEqualTo("DefaultSslEngineFactory");
            assertThat(on.getString(DefaultDriverOption.SSL_TRUSTSTORE_PATH)).isEqualTo(store.toString());
            assertThat(on.getString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD)).isEqualTo("tspw");
            assertThat(on.getBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION)).isFalse();
        } finally {
            SecretFilesConfigSource.installDriverTls(CassandraClientTls.OFF, System.getProperties());
        }
        assertThat(profile().isDefined(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).as("off: plain CQL").isFalse();
    }

    private static DriverExecutionProfile profile() {
        try (DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder().build()) {
            return loader.getInitialConfig().getDefaultProfile();
        }
    }

    @Test
    void cassandraCredentialsFromFiles(@TempDir Path dir) throws Exception {
        Path user = Files.writeString(dir.resolve("username"), "demo-superuser");
        Path password = Files.writeString(dir.resolve("password"), "pw\n");
        SecretFilesConfigSource source = new SecretFilesConfigSource(Map.of(
                "CASSANDRA_USERNAME_FILE", user.toString(), "CASSANDRA_PASSWORD_FILE", password.toString()));

        assertThat(source.getValue("CASSANDRA_USERNAME")).isEqualTo("demo-superuser");
        assertThat(source.getValue("CASSANDRA_PASSWORD")).isEqualTo("pw");
    }

    /** The one rule of both services (contract's Secrets): two sources that could disagree are refused, not ranked. */
    @Test
    void aSecretSetInlineAndAsAFileIsRefused(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "pw");
        assertThatThrownBy(() -> new SecretFilesConfigSource(Map.of(
                "CASSANDRA_PASSWORD_FILE", password.toString(), "CASSANDRA_PASSWORD", "from-env")))
                .hasMessage("CASSANDRA_PASSWORD: set either CASSANDRA_PASSWORD or CASSANDRA_PASSWORD_FILE, not both");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> new SecretFilesConfigSource(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> new SecretFilesConfigSource(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "u")))
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> new SecretFilesConfigSource(Map.of("CASSANDRA_PASSWORD_FILE", "/nonexistent/password")))
                .hasMessageContaining("CASSANDRA_PASSWORD_FILE");
    }
}
