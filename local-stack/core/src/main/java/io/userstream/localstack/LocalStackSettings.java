package io.userstream.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of a local-stack, each with a default that a system property or an environment variable
 * may replace (property first). Bad values fail with the name of the key.
 *
 * <table>
 * <tr><th>property</th><th>environment</th><th>default</th></tr>
 * <tr><td>localstack.data.dir</td><td>LOCALSTACK_DATA_DIR</td><td>target/local-stack</td></tr>
 * <tr><td>localstack.kafka.heap.mb</td><td>LOCALSTACK_KAFKA_HEAP_MB</td><td>384</td></tr>
 * <tr><td>localstack.cassandra.heap.mb</td><td>LOCALSTACK_CASSANDRA_HEAP_MB</td><td>512</td></tr>
 * <tr><td>localstack.start.timeout.seconds</td><td>LOCALSTACK_START_TIMEOUT_SECONDS</td><td>180</td></tr>
 * </table>
 */
record LocalStackSettings(Path dataDir, boolean fresh, int kafkaHeapMb, int cassandraHeapMb, Integer kafkaPort,
                          Integer cassandraPort, Map<String, String> kafkaOverrides,
                          Map<String, String> cassandraOverrides, Duration startTimeout) {

    static final int DEFAULT_KAFKA_HEAP_MB = 384;
    static final int DEFAULT_CASSANDRA_HEAP_MB = 512;
    /** Generous: on 2 busy cores Cassandra has been seen to need 30 s and more. */
    static final int DEFAULT_START_TIMEOUT_SECONDS = 180;

    static Mutable defaults() {
        Mutable m = new Mutable();
        m.dataDir = Path.of(setting("localstack.data.dir", "LOCALSTACK_DATA_DIR", "target/local-stack")).toAbsolutePath();
        m.kafkaHeapMb = intSetting("localstack.kafka.heap.mb", "LOCALSTACK_KAFKA_HEAP_MB", DEFAULT_KAFKA_HEAP_MB);
        m.kafkaHeapSetByUser = isSet("localstack.kafka.heap.mb", "LOCALSTACK_KAFKA_HEAP_MB");
        m.cassandraHeapMb = intSetting("localstack.cassandra.heap.mb", "LOCALSTACK_CASSANDRA_HEAP_MB", DEFAULT_CASSANDRA_HEAP_MB);
        m.cassandraHeapSetByUser = isSet("localstack.cassandra.heap.mb", "LOCALSTACK_CASSANDRA_HEAP_MB");
        m.startTimeout = Duration.ofSeconds(intSetting("localstack.start.timeout.seconds",
                "LOCALSTACK_START_TIMEOUT_SECONDS", DEFAULT_START_TIMEOUT_SECONDS));
        return m;
    }

    static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Whether the user set this key (property or environment), so that a program's own default must not replace it. */
    static boolean isSet(String property, String env) {
        return !setting(property, env, "").isEmpty();
    }

    static int intSetting(String property, String env, int fallback) {
        String value = setting(property, env, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new NumberFormatException("not positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("local-stack: " + property + " / " + env + " must be a positive whole number, got '"
                    + value + "'");
        }
    }

    /** The builder's working copy. */
    static final class Mutable {
        Path dataDir;
        boolean fresh;
        int kafkaHeapMb;
        int cassandraHeapMb;
        boolean kafkaHeapSetByUser;
        boolean cassandraHeapSetByUser;
        Integer kafkaPort;
        Integer cassandraPort;
        final Map<String, String> kafkaOverrides = new LinkedHashMap<>();
        final Map<String, String> cassandraOverrides = new LinkedHashMap<>();
        Duration startTimeout;

        /** A program's default heap for Kafka: replaces local-stack's, not the user's property or variable. */
        void programKafkaHeapMb(int mb) {
            if (!kafkaHeapSetByUser) {
                kafkaHeapMb = mb;
            }
        }

        /** Likewise for Cassandra. */
        void programCassandraHeapMb(int mb) {
            if (!cassandraHeapSetByUser) {
                cassandraHeapMb = mb;
            }
        }

        LocalStackSettings freeze() {
            return new LocalStackSettings(dataDir, fresh, kafkaHeapMb, cassandraHeapMb, kafkaPort, cassandraPort,
                    Map.copyOf(kafkaOverrides), Map.copyOf(cassandraOverrides), startTimeout);
        }
    }
}
