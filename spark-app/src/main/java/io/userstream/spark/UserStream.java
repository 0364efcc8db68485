package io.userstream.spark;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** One running query of the job, with its listener and metrics; stoppable gracefully. */
public final class UserStream {

    public static final String QUERY_NAME = "users_created_to_cassandra";
    private static final Logger LOG = LoggerFactory.getLogger(UserStream.class);

    private final SparkSession spark;
    private final StreamingQuery query;
    private final ProgressLogger listener;
    private final UserStreamMetrics metrics;
    private final CassandraSink sink;

    private UserStream(SparkSession spark, StreamingQuery query, ProgressLogger listener, UserStreamMetrics metrics,
                       CassandraSink sink) {
        this.sink = sink;
        this.spark = spark;
        this.query = query;
        this.listener = listener;
        this.metrics = metrics;
    }

    /** Applies the schema, then starts the query; returns once it runs. */
    public static UserStream start(SparkSession spark, JobSettings settings) throws TimeoutException {
        LOG.info("Starting with {}", settings);
        // The warm-up (Spark only) runs beside the schema (Cassandra only): on a fresh Cassandra both take
        // seconds, and the first row waited for their sum.
        long warmStart = System.nanoTime();
        java.util.concurrent.CompletableFuture<Void> warmup = java.util.concurrent.CompletableFuture.runAsync(() -> {
            Warmup.run(spark);
            LOG.info("Warm-up (the transformation once, in memory) took {} ms", (System.nanoTime() - warmStart) / 1_000_000);
        });
        CassandraSetup.applySchema(spark, settings);
        LOG.info("Schema applied in {} ms", (System.nanoTime() - warmStart) / 1_000_000);
        warmup.join();
        UserStreamMetrics metrics = UserStreamMetrics.register(spark);
        metrics.started(settings.triggerInterval().toMillis(), RunCounter.previousRuns(settings.checkpointLocation()));
        CassandraSink sink = new CassandraSink(metrics, new SpeedLayer(spark));
        ProgressLogger listener = new ProgressLogger(metrics);
        spark.streams().addListener(listener);
        StreamingQuery query = spark.readStream().format("kafka").options(settings.kafkaSourceOptions())
                .option("minPartitions", minPartitions(spark))
                .load()
                .writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", settings.checkpointLocation())
                .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) sink)
                .start();
        return new UserStream(spark, query, listener, metrics, sink);
    }

    /**
     * Twice the cores Spark has (local[n]: n; Kubernetes: executors x cores), so that a big batch is
     * cut into evenly sized tasks even when the topic has fewer (or an odd number of) partitions; the
     * Kafka source splits the larger offset ranges. {@code spark.userstream.minPartitions} overrides it.
     */
    static String minPartitions(SparkSession spark) {
        return spark.conf().get("spark.userstream.minPartitions",
                Integer.toString(2 * spark.sparkContext().defaultParallelism()));
    }

    public StreamingQuery query() {
        return query;
    }

    public UserStreamMetrics metrics() {
        return metrics;
    }

    public void awaitTermination() throws StreamingQueryException {
        query.awaitTermination();
    }

    /**
     * Lets the running micro-batch finish (written and committed), then stops the query, so a
     * restart resumes exactly after the last committed batch. Spark has no such stop for Structured
     * Streaming ({@code spark.streaming.stopGracefullyOnShutdown} is for DStreams only), so: the
     * sink is told to start no new write (a batch that reaches it waits, uncommitted, to be
     * interrupted and is replayed on restart); this waits, up to {@code timeout}, until no trigger is
     * active or the next batch waits at the sink, then calls {@code stop()}. Past the timeout a
     * write is interrupted half done; its batch is replayed on restart, and the idempotent writes
     * make that harmless.
     */
    public void stopGracefully(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        sink.requestStop();
        try {
            while (query.isActive() && query.status().isTriggerActive() && !sink.parked()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            LOG.info("Stopping query {} after batch {}", query.name(), lastBatchId());
            query.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("Query did not stop in time", e);
        } finally {
            removeListener();
        }
    }

    /** The main thread may stop the session as soon as the query stops: then there is nothing to remove. */
    private void removeListener() {
        try {
            if (!spark.sparkContext().isStopped()) {
                spark.streams().removeListener(listener);
            }
        } catch (IllegalStateException stoppedMeanwhile) {
            LOG.debug("Session stopped before its listener was removed");
        }
    }

    private long lastBatchId() {
        return query.lastProgress() == null ? -1 : query.lastProgress().batchId();
    }
}
