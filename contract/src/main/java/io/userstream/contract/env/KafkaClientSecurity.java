package io.userstream.contract.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a Kafka client of either service authenticates and encrypts, from the environment the chart
 * sets (the protocols Strimzi's listeners offer), turned into Kafka client properties. The one
 * builder: the ingest service prefixes them with {@code kafka.} for SmallRye, the Spark job with
 * {@code kafka.} for its Kafka source; a bad or missing value names its variable.
 */
public record KafkaClientSecurity(Protocol protocol, String saslMechanism, Optional<String> saslUsername,
                                  Optional<String> saslPassword, Optional<String> truststoreFile) {

    public static final Protocol DEFAULT_PROTOCOL = Protocol.PLAINTEXT;
    public static final String DEFAULT_SASL_MECHANISM = "SCRAM-SHA-512";
    /** The variables {@link #fromEnv} reads (a secret's {@code X_FILE} included through {@link Secrets}). */
    public static final List<EnvVar> VARIABLES = List.of(EnvVar.KAFKA_SECURITY_PROTOCOL, EnvVar.KAFKA_SASL_MECHANISM,
            EnvVar.KAFKA_SASL_USERNAME, EnvVar.KAFKA_SASL_PASSWORD, EnvVar.KAFKA_SSL_TRUSTSTORE_FILE);
    static final List<String> SASL_MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    /** The security protocols of a Kafka listener. */
    public enum Protocol { PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, SSL;

        public boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        public boolean tls() {
            return this == SSL || this == SASL_SSL;
        }
    }

    /** Reads KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_TRUSTSTORE_FILE; blank means unset. */
    public static KafkaClientSecurity fromEnv(Map<String, String> env) {
        Protocol protocol = Secrets.nonBlank(env.get(EnvVar.KAFKA_SECURITY_PROTOCOL.name()))
                .map(v -> parse(EnvVar.KAFKA_SECURITY_PROTOCOL, v, Protocol.class)).orElse(DEFAULT_PROTOCOL);
        String mechanism = Secrets.nonBlank(env.get(EnvVar.KAFKA_SASL_MECHANISM.name())).map(v -> v.toUpperCase(Locale.ROOT))
                .orElse(DEFAULT_SASL_MECHANISM);
        if (!SASL_MECHANISMS.contains(mechanism)) {
            throw new InvalidSettingException(EnvVar.KAFKA_SASL_MECHANISM.name(),
                    "invalid value '" + mechanism + "': expected one of " + SASL_MECHANISMS);
        }
        Optional<String> user = Secrets.nonBlank(env.get(EnvVar.KAFKA_SASL_USERNAME.name()));
        Optional<String> password = Secrets.read(env, EnvVar.KAFKA_SASL_PASSWORD);
        if (protocol.sasl()) {
            user.orElseThrow(() -> new InvalidSettingException(EnvVar.KAFKA_SASL_USERNAME.name(),
                    "required when " + EnvVar.KAFKA_SECURITY_PROTOCOL + " is " + protocol));
            password.orElseThrow(() -> new InvalidSettingException(EnvVar.KAFKA_SASL_PASSWORD.name(),
                    "(or " + EnvVar.KAFKA_SASL_PASSWORD.fileVariable() + ") required when "
                            + EnvVar.KAFKA_SECURITY_PROTOCOL + " is " + protocol));
        }
        Optional<String> truststore = Secrets.nonBlank(env.get(EnvVar.KAFKA_SSL_TRUSTSTORE_FILE.name()));
        truststore.ifPresent(file -> Secrets.readFile(EnvVar.KAFKA_SSL_TRUSTSTORE_FILE.name(), file));
        return new KafkaClientSecurity(protocol, mechanism, user, password, truststore);
    }

    /** Kafka client properties without prefix: security.protocol, and sasl.* / ssl.truststore.* where they apply. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol.name());
        if (protocol.sasl()) {
            String module = saslMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.mechanism", saslMechanism);
            p.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(saslUsername.orElseThrow())
                    + "\" password=\"" + jaasEscape(saslPassword.orElseThrow()) + "\";");
        }
        if (protocol.tls() && truststoreFile.isPresent()) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", truststoreFile.get());
        }
        return p;
    }

    /** The same properties with a prefix ({@code kafka.} for both services' configuration). */
    public Map<String, String> clientProperties(String prefix) {
        Map<String, String> p = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> p.put(prefix + k, v));
        return p;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return protocol + (protocol.sasl() ? " " + saslMechanism + " user " + saslUsername.orElse("") : "");
    }

    private static <E extends Enum<E>> E parse(EnvVar key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key.name(), "invalid value '" + value + "': expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
