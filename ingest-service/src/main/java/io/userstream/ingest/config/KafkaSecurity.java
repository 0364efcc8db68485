package io.userstream.ingest.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Kafka client settings for the security protocols Strimzi listeners offer. */
final class KafkaSecurity {

    static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    private KafkaSecurity() {
    }

    /** {@code kafka.*} keys for the protocol in {@code KAFKA_SECURITY_PROTOCOL}; a bad value names its key. */
    static Map<String, String> settings(Map<String, String> env, Map<String, String> secrets) {
        String protocol = env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").trim().toUpperCase();
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL=" + protocol + " is not one of " + PROTOCOLS);
        }
        Map<String, String> kafka = new LinkedHashMap<>();
        kafka.put("kafka.security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            kafka.putAll(sasl(env, secrets));
        }
        String truststore = env.get("KAFKA_SSL_TRUSTSTORE_FILE");
        if (protocol.endsWith("SSL") && truststore != null && !truststore.isBlank()) {
            kafka.put("kafka.ssl.truststore.type", "PEM");
            kafka.put("kafka.ssl.truststore.location", truststore);
        }
        return kafka;
    }

    private static Map<String, String> sasl(Map<String, String> env, Map<String, String> secrets) {
        String mechanism = env.getOrDefault("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512").trim().toUpperCase();
        if (!MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException("KAFKA_SASL_MECHANISM=" + mechanism + " is not one of " + MECHANISMS);
        }
        String user = require(env, "KAFKA_SASL_USERNAME", env.get("KAFKA_SASL_USERNAME"));
        String password = require(env, "KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)",
                env.getOrDefault("KAFKA_SASL_PASSWORD", secrets.get("KAFKA_SASL_PASSWORD")));
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return Map.of("kafka.sasl.mechanism", mechanism,
                "kafka.sasl.jaas.config", module + " required username=\"" + quote(user) + "\" password=\"" + quote(password) + "\";");
    }

    private static String require(Map<String, String> env, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set when KAFKA_SECURITY_PROTOCOL is SASL_*");
        }
        return value;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
