package io.userstream.ingest.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Secrets mounted as files (Strimzi KafkaUser, K8ssandra superuser): {@code X_FILE} supplies
 * {@code X} unless {@code X} itself is set. Derives the Kafka client's SASL and TLS settings from
 * {@code KAFKA_SECURITY_PROTOCOL}, so PLAINTEXT needs nothing and SCRAM/TLS need only the env vars.
 */
public class SecretFilesConfigSource implements ConfigSource {

    static final Set<String> FILE_BACKED = Set.of("KAFKA_SASL_PASSWORD", "CASSANDRA_USERNAME", "CASSANDRA_PASSWORD");

    private final Map<String, String> values;

    public SecretFilesConfigSource() {
        this(System.getenv());
    }

    SecretFilesConfigSource(Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        for (String key : FILE_BACKED) {
            String file = env.get(key + "_FILE");
            if (env.get(key) == null && file != null && !file.isBlank()) {
                v.put(key, readSecret(key + "_FILE", file));
            }
        }
        KafkaSecurity.settings(env, v).forEach(v::put);
        this.values = Map.copyOf(v);
    }

    static String readSecret(String key, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(key + "=" + file + ": cannot read the secret file", e);
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "userstream-secret-files";
    }

    @Override
    public int getOrdinal() {
        return 255; // below environment variables (300), above application.properties (250)
    }
}
