package io.userstream.contract.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The one Cassandra client TLS reader both services use. */
class CassandraClientTlsTest {

    @Test
    void plainByDefault() {
        CassandraClientTls t = CassandraClientTls.fromEnv(Map.of());
        assertThat(t.enabled()).isFalse();
        assertThat(t.driverSettings()).isEmpty();
        assertThat(t.connectorSettings()).containsExactly(entry("spark.cassandra.connection.ssl.enabled", "false"));
    }

    @Test
    void offIgnoresTheTruststore() {
        CassandraClientTls t = CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "false",
                "CASSANDRA_SSL_TRUSTSTORE_FILE", "/nonexistent/truststore.jks"));
        assertThat(t).isEqualTo(CassandraClientTls.OFF);
    }

    @Test
    void truststoreAndPasswordFromMountedFiles(@TempDir Path dir) throws Exception {
        Path store = Files.write(dir.resolve("truststore.jks"), new byte[] {1, 2, 3});
        Path password = Files.writeString(dir.resolve("truststore-password"), "s3cret\n");
        CassandraClientTls t = CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "TRUE",
                "CASSANDRA_SSL_TRUSTSTORE_FILE", store.toString(),
                "CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE", password.toString()));
        String p = CassandraClientTls.DRIVER_PREFIX;
        assertThat(t.driverSettings()).containsExactly(entry(p + "class", "DefaultSslEngineFactory"),
                entry(p + "hostname-validation", "false"), entry(p + "truststore-path", store.toString()),
                entry(p + "truststore-password", "s3cret"));
        assertThat(t.connectorSettings()).containsExactly(entry("spark.cassandra.connection.ssl.enabled", "true"),
                entry("spark.cassandra.connection.ssl.trustStore.path", store.toString()),
                entry("spark.cassandra.connection.ssl.trustStore.type", "JKS"),
                entry("spark.cassandra.connection.ssl.trustStore.password", "s3cret"));
        assertThat(t.toString()).doesNotContain("s3cret");
    }

    @Test
    void tlsWithoutTruststoreUsesTheDefaultTrust() {
        CassandraClientTls t = CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "true"));
        assertThat(t.driverSettings()).containsOnlyKeys(CassandraClientTls.DRIVER_PREFIX + "class",
                CassandraClientTls.DRIVER_PREFIX + "hostname-validation");
        assertThat(t.connectorSettings()).containsExactly(entry("spark.cassandra.connection.ssl.enabled", "true"));
    }

    @Test
    void pkcs12ByExtension() {
        assertThat(CassandraClientTls.type("/etc/cassandra-tls/truststore.p12")).isEqualTo("PKCS12");
        assertThat(CassandraClientTls.type("/etc/cassandra-tls/truststore.jks")).isEqualTo("JKS");
    }

    @Test
    void badValuesNameTheirVariable(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "yes")))
                .hasMessageContaining("CASSANDRA_SSL_ENABLED");
        assertThatThrownBy(() -> CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "true",
                "CASSANDRA_SSL_TRUSTSTORE_FILE", "/nonexistent/truststore.jks")))
                .hasMessageContaining("CASSANDRA_SSL_TRUSTSTORE_FILE");
        Path store = Files.write(dir.resolve("truststore.jks"), new byte[] {1});
        assertThatThrownBy(() -> CassandraClientTls.fromEnv(Map.of("CASSANDRA_SSL_ENABLED", "true",
                "CASSANDRA_SSL_TRUSTSTORE_FILE", store.toString())))
                .hasMessageContaining("CASSANDRA_SSL_TRUSTSTORE_PASSWORD");
    }
}
