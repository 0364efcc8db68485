package io.userstream.spark;

import com.datastax.spark.connector.cql.CassandraConnector;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Small local-mode Spark sessions for tests: loopback only, no UI, few shuffle partitions. */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession session(String name) {
        return session(name, Map.of());
    }

    public static SparkSession session(String name, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder()
                .appName(name)
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC");
        conf.forEach(b::config);
        return b.getOrCreate();
    }

    /**
     * A session with the job's own configuration ({@link UserStreamJob#sparkConf}), in local mode on
     * loopback without UI: what the job's integration tests run their streams and batches in.
     */
    public static SparkSession jobSession(String name, SparkConf jobConf) {
        return SparkSession.builder()
                .config(jobConf)
                .master("local[2]")
                .appName(name)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /**
     * The job's environment in the integration tests: this Kafka and Cassandra (an unreachable
     * address while they are not known yet, so that {@link UserStreamJob#sparkConf} can be built
     * first), consistency ONE for one node, a 200 ms trigger, this topic and checkpoint. Mutable:
     * a test adds its own keys.
     */
    public static Map<String, String> itEnv(String bootstrap, String contactPoint, String topic, Path checkpoint) {
        return new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap == null ? "127.0.0.1:1" : bootstrap,
                "CASSANDRA_CONTACT_POINTS", contactPoint == null ? "127.0.0.1:1" : contactPoint,
                "CASSANDRA_CONSISTENCY_LEVEL", "ONE",
                "USERSTREAM_TOPIC", topic,
                "USERSTREAM_TRIGGER_INTERVAL", "200ms",
                "SPARK_CHECKPOINT_LOCATION", checkpoint.toString()));
    }

    public static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        CassandraConnector.evictCache();
    }
}
