package io.userstream.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

/**
 * The job: Kafka topic users_created -> {@link UserRecords} -> Cassandra spark_streams.created_users
 * (and rejected_users). Settings come from the environment ({@link JobSettings}); on Kubernetes
 * spark-submit sets the master, in local mode ({@code java -cp}, run-local.sh) it defaults to local[*].
 */
public final class UserStreamJob {

    /** How long SIGTERM waits for the running micro-batch before stopping the query anyway. */
    static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(25);

    private UserStreamJob() {
    }

    public static void main(String[] args) throws Exception {
        JobSettings settings = JobSettings.fromEnvironment();                   // environment -> typed settings
        SparkSession spark = SparkSession.builder().config(sparkConf(settings)).getOrCreate();
        try {
            UserStream stream = UserStream.start(spark, settings);              // schema, then Kafka -> transform -> Cassandra
            GracefulStop.onShutdown(stream, GRACEFUL_STOP_TIMEOUT);             // SIGTERM: finish the batch, then stop
            stream.awaitTermination();                                          // until stopped, or throws when failed
        } finally {
            haltIfStopHangs(STOP_BOUND);                                        // a stop that hangs must not keep a dead job alive
            spark.stop();                                                       // a failed query ends the JVM too
        }
    }

    /**
     * Longest time spark.stop() may take once the query ended; then the JVM halts. A stop takes 1-3 s
     * here; the query has already committed or failed, so halting loses nothing (the next start
     * resumes from the checkpoint), and every second of it is a second the job is down: at 60 s it
     * was most of the 99 s recovery from kill -9 of Cassandra in the chaos run.
     */
    static final Duration STOP_BOUND = Duration.ofSeconds(15);

    /**
     * Once the query has ended (stopped or failed), the JVM must end too, or no supervisor sees the
     * job die: with Cassandra killed, spark.stop() was seen waiting for ever on the listener bus,
     * whose thread was stuck in the connector's schema refresh against the dead node. A daemon
     * thread halts the JVM (exit code 1) if it is still alive after {@code bound}.
     */
    static void haltIfStopHangs(Duration bound) {
        haltIfStopHangs(bound, () -> Runtime.getRuntime().halt(1));
    }

    /** The watchdog, with the halt given (a test's cannot end its JVM); returns its (daemon) thread. */
    static Thread haltIfStopHangs(Duration bound, Runnable halt) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
                System.err.println("userstream: spark.stop() did not finish in " + bound + "; halting");
                halt.run();
            } catch (InterruptedException ignored) {
                // the JVM is exiting anyway
            }
        }, "userstream-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    /** Set to {@code false} (a {@code --conf}, as the chart does when its metrics are off) to expose no metrics. */
    static final String METRICS_ENABLED = "spark.userstream.metrics.enabled";
    /** The metrics configuration, beside this class: its one owner (the chart's tests read it too). */
    static final String METRICS_CONF = "spark-metrics.properties";

    /**
     * Spark configuration of the job: the connector's settings from {@code settings} (they win), and
     * defaults for the rest that spark-submit's {@code --conf} may override: local mode when no master
     * is given, and the metrics of {@link #METRICS_CONF} (Prometheus endpoints on the driver UI) unless
     * {@link #METRICS_ENABLED} is false. The chart only passes that switch.
     */
    public static SparkConf sparkConf(JobSettings settings) {
        SparkConf conf = new SparkConf()
                .setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "userstream")
                .setIfMissing("spark.sql.shuffle.partitions", "4")
                // Rows of different partition keys may share an unlogged batch when they go to the
                // same replicas: what CASSANDRA_BATCH_SIZE_ROWS batches (the default, "partition",
                // never batches our one-row partitions).
                .setIfMissing("spark.cassandra.output.batch.grouping.key", "replica_set")
                // The speed layer joins each micro-batch with user_versions on its partition key: the
                // connector's extensions turn that join into one read per id instead of a table scan.
                .setIfMissing("spark.sql.extensions", "com.datastax.spark.connector.CassandraSparkExtensions");
        Properties metrics = metricsConf();
        if (conf.getBoolean(METRICS_ENABLED, Boolean.parseBoolean(metrics.getProperty(METRICS_ENABLED)))) {
            metrics.stringPropertyNames().forEach(key -> conf.setIfMissing(key, metrics.getProperty(key)));
        }
        settings.cassandraSparkConf().forEach(conf::set);
        return conf;
    }

    static Properties metricsConf() {
        Properties metrics = new Properties();
        try (InputStream in = UserStreamJob.class.getResourceAsStream(METRICS_CONF)) {
            if (in == null) {
                throw new IllegalStateException(METRICS_CONF + " missing beside " + UserStreamJob.class.getName());
            }
            metrics.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return metrics;
    }
}
