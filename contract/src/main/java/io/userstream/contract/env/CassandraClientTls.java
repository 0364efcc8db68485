package io.userstream.contract.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a Cassandra client of either service encrypts (client-to-node TLS, K8ssandra's
 * {@code client_encryption_options}), from the environment the chart sets: on or off, and the
 * truststore (JKS or PKCS12, e.g. cert-manager's {@code truststore.jks}) with its password, a secret
 * (inline or {@code _FILE}). The one reader: the ingest service turns it into DataStax driver
 * settings ({@link #driverSettings()}), the Spark job into connector settings ({@link #connectorSettings()}).
 * No truststore: the JVM's default trust (a public CA). A bad or missing value names its variable.
 */
public record CassandraClientTls(boolean enabled, Optional<String> truststoreFile, Optional<String> truststorePassword) {

    /** The variables {@link #fromEnv} reads (the password's {@code _FILE} included through {@link Secrets}). */
    public static final List<EnvVar> VARIABLES = List.of(EnvVar.CASSANDRA_SSL_ENABLED,
            EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE, EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD);
    /** Prefix of the DataStax driver's settings ({@code datastax-java-driver.advanced.ssl-engine-factory.*}). */
    public static final String DRIVER_PREFIX = "datastax-java-driver.advanced.ssl-engine-factory.";

    public static final CassandraClientTls OFF = new CassandraClientTls(false, Optional.empty(), Optional.empty());

    /** Reads CASSANDRA_SSL_ENABLED (default false), CASSANDRA_SSL_TRUSTSTORE_FILE and its password; blank means unset. */
    public static CassandraClientTls fromEnv(Map<String, String> env) {
        boolean enabled = Secrets.nonBlank(env.get(EnvVar.CASSANDRA_SSL_ENABLED.name()))
                .map(v -> bool(EnvVar.CASSANDRA_SSL_ENABLED, v)).orElse(false);
        Optional<String> truststore = Secrets.nonBlank(env.get(EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE.name()));
        Optional<String> password = Secrets.read(env, EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD);
        if (!enabled) {
            return OFF; // the chart sets the truststore only with TLS on; off means off whatever else is set
        }
        truststore.ifPresent(file -> {
            if (!Files.isReadable(Path.of(file))) {
                throw new InvalidSettingException(EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE.name(), "cannot read file " + file);
            }
        });
        if (truststore.isPresent() && password.isEmpty()) {
            throw new InvalidSettingException(EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD.name(),
                    "(or " + EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD.fileVariable() + ") required with "
                            + EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE);
        }
        return new CassandraClientTls(true, truststore, password);
    }

    /**
     * The DataStax Java driver's settings (the ingest service's Quarkus client), keys with
     * {@link #DRIVER_PREFIX}; empty when off (no {@code ssl-engine-factory}: plain CQL). Hostname
     * validation is off: the chain is checked against the truststore (the cluster's own CA), the node's
     * address is not (pod IPs are not in the certificate).
     */
    public Map<String, String> driverSettings() {
        Map<String, String> p = new LinkedHashMap<>();
        if (!enabled) {
            return p;
        }
        p.put(DRIVER_PREFIX + "class", "DefaultSslEngineFactory");
        p.put(DRIVER_PREFIX + "hostname-validation", "false");
        truststoreFile.ifPresent(f -> p.put(DRIVER_PREFIX + "truststore-path", f));
        truststorePassword.ifPresent(pw -> p.put(DRIVER_PREFIX + "truststore-password", pw));
        return p;
    }

    /** The Spark Cassandra Connector's {@code spark.cassandra.connection.ssl.*} settings. */
    public Map<String, String> connectorSettings() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.cassandra.connection.ssl.enabled", Boolean.toString(enabled));
        if (enabled) {
            truststoreFile.ifPresent(f -> {
                c.put("spark.cassandra.connection.ssl.trustStore.path", f);
                c.put("spark.cassandra.connection.ssl.trustStore.type", type(f));
            });
            truststorePassword.ifPresent(pw -> c.put("spark.cassandra.connection.ssl.trustStore.password", pw));
        }
        return c;
    }

    /** PKCS12 for {@code .p12}/{@code .pfx}/{@code .pkcs12}, else JKS (cert-manager names them truststore.p12 / truststore.jks). */
    static String type(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".p12") || f.endsWith(".pfx") || f.endsWith(".pkcs12") ? "PKCS12" : "JKS";
    }

    private static boolean bool(EnvVar key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key.name(), "invalid value '" + v + "': expected true or false");
        };
    }

    /** {@code ssl=true truststore <file>} or {@code ssl=false}; never the password. */
    @Override
    public String toString() {
        return "ssl=" + enabled + (enabled ? truststoreFile.map(f -> " truststore " + f).orElse(" (JVM trust)") : "");
    }
}
