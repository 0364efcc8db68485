package io.userstream.ingest.config;

import io.userstream.contract.env.CassandraClientTls;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.KafkaClientSecurity;
import io.userstream.contract.env.Secrets;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The environment contract's two derived parts, for Quarkus: every secret {@code X} this service reads
 * resolved by contract's one rule ({@code X} or the mounted file {@code X_FILE}, not both), and the
 * Kafka client's {@code kafka.*} security settings built by contract's {@link KafkaClientSecurity}, so
 * PLAINTEXT needs nothing and SCRAM/TLS need only the variables the chart sets. A bad value stops
 * start-up naming its variable.
 * <p>
 * Also the Cassandra client's TLS (contract's {@link CassandraClientTls}): the Quarkus Cassandra client
 * builds its DataStax driver configuration from {@code application.conf} under the JVM's system
 * properties, never from MicroProfile Config, so the driver's {@code advanced.ssl-engine-factory.*}
 * settings are installed as {@code datastax-java-driver.*} system properties here, the first code of
 * the service to run (config sources are built before any bean, the session included), and removed
 * when TLS is off.
 */
public class SecretFilesConfigSource implements ConfigSource {

    private final Map<String, String> values;

    public SecretFilesConfigSource() {
        this(System.getenv(), System.getProperties());
    }

    SecretFilesConfigSource(Map<String, String> env) {
        this(env, new Properties());
    }

    /** {@code driverProperties}: where the DataStax driver's TLS settings go (the system properties at run time). */
    SecretFilesConfigSource(Map<String, String> env, Properties driverProperties) {
        Map<String, String> v = new HashMap<>();
        for (EnvVar variable : EnvVar.readBy(EnvVar.Reader.INGEST)) {
            if (variable.secret()) {
                Secrets.read(env, variable).ifPresent(value -> v.put(variable.name(), value));
            }
        }
        v.putAll(KafkaClientSecurity.fromEnv(env).clientProperties("kafka."));
        this.values = Map.copyOf(v);
        installDriverTls(CassandraClientTls.fromEnv(env), driverProperties);
    }

    /** Sets the driver's TLS settings, or removes any (TLS off: no ssl-engine-factory, plain CQL). */
    static void installDriverTls(CassandraClientTls tls, Properties driverProperties) {
        for (String key : java.util.List.of("class", "hostname-validation", "truststore-path", "truststore-password")) {
            driverProperties.remove(CassandraClientTls.DRIVER_PREFIX + key);
        }
        tls.driverSettings().forEach(driverProperties::setProperty);
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
