package io.userstream.contract.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The one Kafka-client security builder both services use, and the one secret-file rule. */
class KafkaClientSecurityTest {

    @Test
    void plaintextByDefault() {
        KafkaClientSecurity s = KafkaClientSecurity.fromEnv(Map.of());
        assertThat(s.protocol()).isEqualTo(KafkaClientSecurity.Protocol.PLAINTEXT);
        assertThat(s.clientProperties("kafka.")).containsExactly(entry("kafka.security.protocol", "PLAINTEXT"));
    }

    @Test
    void scramOverTlsFromMountedFiles(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr\"et\n");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        KafkaClientSecurity s = KafkaClientSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
                "KAFKA_SASL_USERNAME", "ingest", "KAFKA_SASL_PASSWORD_FILE", password.toString(),
                "KAFKA_SSL_TRUSTSTORE_FILE", ca.toString()));
        assertThat(s.clientProperties()).containsExactly(
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.mechanism", "SCRAM-SHA-512"),
                entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"ingest\" password=\"s3cr\\\"et\";"),
                entry("ssl.truststore.type", "PEM"),
                entry("ssl.truststore.location", ca.toString()));
        assertThat(s.toString()).doesNotContain("s3cr");
    }

    @Test
    void plainMechanismUsesThePlainLoginModule() {
        KafkaClientSecurity s = KafkaClientSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"));
        assertThat(s.clientProperties().get("sasl.jaas.config")).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(s.clientProperties()).doesNotContainKey("ssl.truststore.location");
    }

    @Test
    void eachBadOrMissingValueNamesItsVariable() {
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
                .hasMessageStartingWith("KAFKA_SECURITY_PROTOCOL: ");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of("KAFKA_SASL_MECHANISM", "GSSAPI")))
                .hasMessageStartingWith("KAFKA_SASL_MECHANISM: ");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
                .hasMessageStartingWith("KAFKA_SASL_USERNAME: ");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "u")))
                .hasMessageStartingWith("KAFKA_SASL_PASSWORD: ");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of("KAFKA_SSL_TRUSTSTORE_FILE", "/does/not/exist.crt")))
                .hasMessageStartingWith("KAFKA_SSL_TRUSTSTORE_FILE: ");
    }

    @Test
    void aSecretGivenInlineAndAsAFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-file");
        Map<String, String> both = Map.of("CASSANDRA_PASSWORD", "inline", "CASSANDRA_PASSWORD_FILE", file.toString());
        assertThatThrownBy(() -> Secrets.read(both, EnvVar.CASSANDRA_PASSWORD))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("CASSANDRA_PASSWORD: set either CASSANDRA_PASSWORD or CASSANDRA_PASSWORD_FILE, not both");
        assertThat(Secrets.read(Map.of("CASSANDRA_PASSWORD_FILE", file.toString()), EnvVar.CASSANDRA_PASSWORD)).contains("from-file");
        assertThat(Secrets.read(Map.of("CASSANDRA_PASSWORD", " inline "), EnvVar.CASSANDRA_PASSWORD)).contains("inline");
        assertThat(Secrets.read(Map.of("CASSANDRA_PASSWORD", " "), EnvVar.CASSANDRA_PASSWORD)).isEmpty();
        assertThatThrownBy(() -> Secrets.read(Map.of("CASSANDRA_PASSWORD_FILE", "/does/not/exist"), EnvVar.CASSANDRA_PASSWORD))
                .hasMessageStartingWith("CASSANDRA_PASSWORD_FILE: ");
    }

    @Test
    void namesReadByEachApplicationIncludeTheFileVariablesOfItsSecrets() {
        assertThat(EnvVar.namesReadBy(EnvVar.Reader.INGEST)).contains("KAFKA_SASL_PASSWORD", "KAFKA_SASL_PASSWORD_FILE",
                "CASSANDRA_USERNAME_FILE", "USERSTREAM_SOURCE").doesNotContain("SPARK_CHECKPOINT_LOCATION", "KAFKA_BOOTSTRAP_SERVERS_FILE");
        assertThat(EnvVar.namesReadBy(EnvVar.Reader.SPARK)).contains("SPARK_CHECKPOINT_LOCATION", "CASSANDRA_PASSWORD_FILE")
                .doesNotContain("USERSTREAM_SOURCE");
        assertThatThrownBy(EnvVar.KAFKA_BOOTSTRAP_SERVERS::fileVariable).isInstanceOf(IllegalStateException.class);
    }
}
