package io.userstream.spark;

import io.userstream.contract.CassandraSchema;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Writes one micro-batch: valid rows to created_users (the newest record per id, written with its
 * Kafka record's time as the cell timestamp: see {@link UserRecords#usersToWrite}), rejected ones to
 * rejected_users. Both writes are upserts keyed by the record (login.uuid) or its Kafka position, so
 * a batch replayed after a crash writes the same rows again and never overwrites newer ones: with
 * Spark's checkpointed offsets, exactly-once in effect.
 *
 * <p>Kafka is read and every record checked and parsed once per batch: the parsed rows are cached
 * for the batch. The speed layer ({@link SpeedLayer}) reads them first, then the users write, which
 * also counts valid and rejected rows (an {@link Observation}); only a batch with rejects reads them
 * a third time, from the cache, to write those. (Until 2026-12-03 the Kafka rows were cached and each
 * reader parsed them again: the JSON check and parse, most of the job's CPU, ran twice per batch.)
 */
final class CassandraSink implements VoidFunction2<Dataset<Row>, Long> {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraSink.class);
    private static final String CASSANDRA = "org.apache.spark.sql.cassandra";
    /** Observed metrics arrive through Spark's listener bus right after the write; this is a safety net. */
    private static final long OBSERVATION_TIMEOUT_SECONDS = 20;
    private static final ExecutorService OBSERVATION_WAITER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "userstream-observation");
        t.setDaemon(true);
        return t;
    });

    private static final String LATENCY_MS = "userstream_latency_ms";
    /** Wall-clock milliseconds, evaluated per row (see {@link #observedCounts()}). */
    private static final UserDefinedFunction NOW_MS =
            udf((UDF0<Long>) System::currentTimeMillis, DataTypes.LongType).asNondeterministic();

    private final UserStreamMetrics metrics;
    private final SpeedLayer speed;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch parked = new CountDownLatch(1);

    CassandraSink(UserStreamMetrics metrics, SpeedLayer speed) {
        this.metrics = metrics;
        this.speed = speed;
    }

    /**
     * From now on a batch that reaches the sink writes nothing: it waits to be interrupted by
     * {@code query.stop()}. It is not committed, so a restart runs it again from its planned offsets.
     */
    void requestStop() {
        stopRequested.set(true);
    }

    /** True once a batch waits at the sink's entry after {@link #requestStop()}: every earlier batch is committed. */
    boolean parked() {
        return parked.getCount() == 0;
    }

    @Override
    public void call(Dataset<Row> kafkaRows, Long batchId) throws Exception {
        // Running: a batch was planned and reached the sink. Readiness must not wait for the batch to
        // finish: after a restart with a backlog the first batch may take minutes.
        metrics.triggerDone();
        if (stopRequested.get()) {
            parked.countDown();
            Thread.sleep(Long.MAX_VALUE);
        }
        // The speed layer and the users write both read the batch: parsed once into a cache, so Kafka
        // is read once (and the query's numInputRows counts each record once) and each record's JSON
        // is checked and parsed once.
        Dataset<Row> parsed = UserRecords.parse(kafkaRows).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            writeBatch(parsed, batchId);
        } finally {
            parsed.unpersist();
        }
    }

    private void writeBatch(Dataset<Row> parsed, long batchId) throws InterruptedException {
        long started = System.nanoTime();
        Observation counts = new Observation("userstream_batch_" + batchId);
        Column[] observed = observedCounts();
        Dataset<Row> observedRows = parsed
                .withColumn(LATENCY_MS, greatest(NOW_MS.apply().minus(expr("unix_millis(kafka_timestamp)")), lit(0L)))
                .observe(counts, observed[0], java.util.Arrays.copyOfRange(observed, 1, observed.length));
        // The speed layer reads the batch's rows first, unobserved (its read fills the cache): the
        // counts above come from the users write alone.
        SpeedLayer.Batch speedBatch = speed.prepare(UserRecords.usersToWrite(parsed), batchId);
        long speedDone = System.nanoTime();
        write(UserRecords.usersToWrite(observedRows).write().option("writetime", UserRecords.WRITE_TIME), CassandraSchema.USERS_TABLE);
        long usersDone = System.nanoTime();
        speed.complete(speedBatch);
        Map<String, Object> result = await(counts, batchId);
        long rejected = result == null ? -1 : ((Number) result.get("rejected")).longValue();
        if (rejected != 0) {
            write(UserRecords.rejected(parsed).write(), CassandraSchema.REJECTED_TABLE);
        }
        metrics.sinkTimings(batchId, (speedDone - started) / 1_000_000, (usersDone - speedDone) / 1_000_000,
                (System.nanoTime() - usersDone) / 1_000_000);
        if (result != null) {
            metrics.batchWritten(batchId, ((Number) result.get("valid")).longValue(), rejected);
            long[] cumulative = new long[UserStreamMetrics.LATENCY_BUCKETS_MS.length + 1];
            for (int i = 0; i < UserStreamMetrics.LATENCY_BUCKETS_MS.length; i++) {
                cumulative[i] = ((Number) result.get("le_" + UserStreamMetrics.LATENCY_BUCKETS_MS[i])).longValue();
            }
            cumulative[cumulative.length - 1] = ((Number) result.get("valid")).longValue();
            Object sumMs = result.get("latency_sum_ms");   // null when the batch had no valid row
            metrics.latencies(cumulative, sumMs == null ? 0 : ((Number) sumMs).longValue());
        }
    }

    /**
     * Valid and rejected rows, and the event-to-row latency of the valid ones: the wall clock when
     * the row passes on to the Cassandra writer minus its Kafka timestamp (the ingest service's
     * producer time), as counts per bucket of {@link UserStreamMetrics#LATENCY_BUCKETS_MS} and a sum.
     * The clock is a non-deterministic UDF so that Spark evaluates it per row, during the write
     * (current_timestamp() would be one constant fixed when the batch is planned). It is a column of
     * its own ({@link #LATENCY_MS}, left out of the written rows): Spark 3.5 refuses observed metrics
     * with a non-deterministic expression inside, even within an aggregate.
     */
    private static Column[] observedCounts() {
        Column valid = col(UserRecords.REASON).isNull();
        Column latencyMs = col(LATENCY_MS);
        List<Column> columns = new ArrayList<>(List.of(
                count(when(valid, 1)).as("valid"),
                count(when(col(UserRecords.REASON).isNotNull(), 1)).as("rejected"),
                sum(when(valid, latencyMs)).as("latency_sum_ms")));
        for (long bound : UserStreamMetrics.LATENCY_BUCKETS_MS) {
            columns.add(count(when(valid.and(latencyMs.leq(bound)), 1)).as("le_" + bound));
        }
        return columns.toArray(Column[]::new);
    }

    /** The observed counts, or null (then the rejects are written anyway and the counts are not known). */
    private static Map<String, Object> await(Observation observation, long batchId) throws InterruptedException {
        Future<Map<String, Object>> result = OBSERVATION_WAITER.submit(observation::getAsJava);
        try {
            return result.get(OBSERVATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            result.cancel(true);
            LOG.warn("batch {}: row counts not observed ({}); writing rejects without counting", batchId, e.toString());
            return null;
        }
    }

    private static void write(DataFrameWriter<Row> rows, String table) {
        rows.format(CASSANDRA)
                .option("keyspace", CassandraSchema.KEYSPACE)
                .option("table", table)
                .mode(SaveMode.Append)
                .save();
    }
}
