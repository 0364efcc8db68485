package io.userstream.ingest.config;

import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.KafkaClientSecurity;
import io.userstream.contract.env.Secrets;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment contract's two derived parts, for Quarkus: every secret {@code X} this service reads
 * resolved by contract's one rule ({@code X} or the mounted file {@code X_FILE}, not both), and the
 * Kafka client's {@code kafka.*} security settings built by contract's {@link KafkaClientSecurity}, so
 * PLAINTEXT needs nothing and SCRAM/TLS need only the variables the chart sets. A bad value stops
 * start-up naming its variable.
 */
public class SecretFilesConfigSource implements ConfigSource {

    private final Map<String, String> values;

    public SecretFilesConfigSource() {
        this(System.getenv());
    }

    SecretFilesConfigSource(Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        for (EnvVar variable : EnvVar.readBy(EnvVar.Reader.INGEST)) {
            if (variable.secret()) {
                Secrets.read(env, variable).ifPresent(value -> v.put(variable.name(), value));
            }
        }
        v.putAll(KafkaClientSecurity.fromEnv(env).clientProperties("kafka."));
        this.values = Map.copyOf(v);
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
