package io.userstream.spark;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.serving.ServingView;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static io.userstream.contract.CassandraSchema.KEYSPACE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

/**
 * The speed layer: per micro-batch, the change the batch makes to the aggregates (+1 per row it
 * writes, -1 per version of that row it replaces), written once under a sequence number the ledger
 * {@code stream_batches} keeps for the query's batch id. The order per micro-batch, and why a
 * replay changes nothing:
 * <ol>
 *   <li>ledger: the batch's seq (a new one, or the one a first attempt recorded);</li>
 *   <li>unless the ledger says {@code aggregated}: the replaced versions are the latest earlier one
 *       in user_versions, or, for a row the speed layer has never written, the row in created_users
 *       (recorded in user_versions as version 0 first); then the batch's own versions; then the
 *       speed rows; then {@code aggregated}. created_users is untouched until then, so a retry reads
 *       the same prior versions (versions of its own seq are ignored) and writes the same rows; after
 *       it, a replay keeps them;</li>
 *   <li>created_users (by the sink): plain upserts, the same on a replay;</li>
 *   <li>ledger: {@code complete}.</li>
 * </ol>
 * The batch job reads the ledger and user_versions after its scan: see {@link BatchJob}.
 */
final class SpeedLayer {

    /** The one partition of speed_aggregates (pruned by every batch run, so it stays small). */
    static final String STREAM = "users";
    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayer.class);
    private static final String CASSANDRA = "org.apache.spark.sql.cassandra";
    /** Spark sets it on the thread that runs a streaming query's batches (StreamExecution.QUERY_ID_KEY). */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    /** Writes in flight from the driver (versions, speed rows). */
    private static final int IN_FLIGHT = 128;

    private final SparkSession spark;
    private long lastSeq;

    SpeedLayer(SparkSession spark) {
        this.spark = spark;
    }

    /** One micro-batch's place in the ledger. */
    record Batch(String queryId, long batchId, long seq) {
    }

    /** Steps 1-2: call before writing {@code users} (created_users rows) to Cassandra. */
    Batch prepare(Dataset<org.apache.spark.sql.Row> users, long batchId) {
        String queryId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (queryId == null) {
            throw new IllegalStateException("not on a streaming query's thread: no " + QUERY_ID_PROPERTY);
        }
        try (CqlSession session = CassandraConnector.apply(spark.sparkContext()).openSession()) {
            Row ledger = session.execute(session.prepare("SELECT seq, aggregated FROM " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                    + " WHERE query_id = ? AND batch_id = ?").bind(queryId, batchId)).one();
            if (ledger != null && ledger.getBoolean("aggregated")) {
                Batch batch = new Batch(queryId, batchId, ledger.getLong("seq"));
                LOG.info("batch {}: replayed, keeping its speed aggregates (seq {})", batchId, batch.seq());
                return batch;
            }
            Batch batch = new Batch(queryId, batchId, ledger != null ? ledger.getLong("seq") : nextSeq());
            session.execute(session.prepare("INSERT INTO " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                    + " (query_id, batch_id, seq, aggregated, complete) VALUES (?, ?, ?, false, false)")
                    .bind(queryId, batchId, batch.seq()));
            aggregate(session, batch.seq(), users);
            session.execute(session.prepare("UPDATE " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                    + " SET aggregated = true WHERE query_id = ? AND batch_id = ?").bind(queryId, batchId));
            return batch;
        }
    }

    /** Step 4: after the users are written. */
    void complete(Batch batch) {
        try (CqlSession session = CassandraConnector.apply(spark.sparkContext()).openSession()) {
            session.execute(session.prepare("UPDATE " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                    + " SET complete = true WHERE query_id = ? AND batch_id = ?").bind(batch.queryId(), batch.batchId()));
        }
    }

    /**
     * Everything read here is materialized at once (local checkpoints, no lineage back to Cassandra):
     * the version-0 write below must not feed back into what was read before it.
     */
    private void aggregate(CqlSession session, long seq, Dataset<org.apache.spark.sql.Row> users) {
        Dataset<org.apache.spark.sql.Row> current = Aggregates.keys(users.dropDuplicates(Aggregates.ID)).localCheckpoint();
        List<org.apache.spark.sql.Row> currentRows = current.collectAsList();
        Dataset<org.apache.spark.sql.Row> ids = current.select(Aggregates.ID);
        // Joins on the partition key: with CassandraSparkExtensions the connector reads only these
        // ids (direct join), not the whole table.
        Dataset<org.apache.spark.sql.Row> earlier = ids.join(read(CassandraSchema.USER_VERSIONS_TABLE), Aggregates.ID)
                .where(col("seq").lt(seq)).localCheckpoint();
        Dataset<org.apache.spark.sql.Row> versionedIds = earlier.select(col(Aggregates.ID).as("versioned_id")).distinct();
        Dataset<org.apache.spark.sql.Row> neverVersioned = Aggregates.keys(ids
                .join(versionedIds, ids.col(Aggregates.ID).equalTo(versionedIds.col("versioned_id")), "left_anti")
                .join(read(CassandraSchema.USERS_TABLE), Aggregates.ID)).localCheckpoint();
        Dataset<org.apache.spark.sql.Row> replaced = earlier
                .withColumn("rank", row_number().over(Window.partitionBy(Aggregates.ID).orderBy(col("seq").desc())))
                .where(col("rank").equalTo(1)).drop("rank")
                .unionByName(neverVersioned.withColumn("seq", lit(0L)));
        // A micro-batch's keys are small (an id and five short keys per row): counted and written from
        // the driver, rather than as six grouping jobs and two connector writes (most of the fixed
        // cost of a micro-batch, measured 2026-12-03: about 3-6 s of a 4-8 s batch on 2 cores).
        List<org.apache.spark.sql.Row> neverVersionedRows = neverVersioned.collectAsList();
        List<ServingView.SpeedRow> rows = new ArrayList<>();
        for (ServingView.BatchRow r : Aggregates.countRows(currentRows)) {
            rows.add(new ServingView.SpeedRow(seq, r.dimension(), r.key(), ServingView.ADDED, r.users()));
        }
        Map<Long, List<ServingView.BatchRow>> removed = Aggregates.countRowsPerSeq(replaced.collectAsList());
        removed.forEach((priorSeq, counts) -> counts.forEach(r ->
                rows.add(new ServingView.SpeedRow(seq, r.dimension(), r.key(), priorSeq, -r.users()))));
        writeVersions(session, neverVersionedRows, 0);          // version 0 before the batch's own: BatchJob relies on the order
        writeVersions(session, currentRows, seq);
        writeSpeedRows(session, rows);
        LOG.info("speed layer: seq {} wrote {} aggregate rows, replacing versions of {} earlier micro-batches",
                seq, rows.size(), removed.size());
    }

    private Dataset<org.apache.spark.sql.Row> read(String table) {
        return spark.read().format(CASSANDRA).option("keyspace", KEYSPACE).option("table", table).load();
    }

    /**
     * Every version of {@code keyed} (id and {@link Aggregates#KEYS}) under {@code seq}, all
     * acknowledged before this returns (a failure fails the batch, which is then replayed), at the
     * consistency of the job's other writes.
     */
    private void writeVersions(CqlSession session, List<org.apache.spark.sql.Row> keyed, long seq) {
        PreparedStatement insert = session.prepare("INSERT INTO " + table(CassandraSchema.USER_VERSIONS_TABLE)
                + " (id, seq, " + String.join(", ", Aggregates.KEYS) + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
        List<BoundStatement> statements = new ArrayList<>(keyed.size());
        for (org.apache.spark.sql.Row r : keyed) {
            statements.add(insert.bind(UUID.fromString(r.getAs(Aggregates.ID)), seq, r.getAs(Aggregates.INGEST_DAY),
                    r.getAs(Aggregates.NATIONALITY), r.getAs(Aggregates.GENDER), r.getAs(Aggregates.BIRTH_DECADE),
                    r.getAs(Aggregates.REGISTERED_YEAR)).setConsistencyLevel(writeConsistency()));
        }
        executeAll(session, statements);
    }

    private void writeSpeedRows(CqlSession session, List<ServingView.SpeedRow> rows) {
        PreparedStatement insert = session.prepare("INSERT INTO " + table(CassandraSchema.SPEED_TABLE)
                + " (stream, seq, dimension, key, prior_seq, users) VALUES (?, ?, ?, ?, ?, ?)");
        List<BoundStatement> statements = new ArrayList<>(rows.size());
        for (ServingView.SpeedRow r : rows) {
            statements.add(insert.bind(STREAM, r.seq(), r.dimension(), r.key(), r.priorSeq(), r.users()));
        }
        executeAll(session, statements);
    }

    /** At most {@link #IN_FLIGHT} at a time; returns once all are acknowledged, throws if one failed. */
    private static void executeAll(CqlSession session, List<BoundStatement> statements) {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> writes = new ArrayList<>(statements.size());
        for (BoundStatement statement : statements) {
            permits.acquireUninterruptibly();
            CompletableFuture<?> write = session.executeAsync(statement).toCompletableFuture();
            write.whenComplete((r, e) -> permits.release());
            writes.add(write);
        }
        for (CompletableFuture<?> w : writes) {
            w.join();
        }
    }

    /** The consistency of the connector's writes ({@code CASSANDRA_CONSISTENCY_LEVEL}). */
    private ConsistencyLevel writeConsistency() {
        return DefaultConsistencyLevel.valueOf(spark.conf().get("spark.cassandra.output.consistency.level", "LOCAL_QUORUM"));
    }

    /** Time-ordered (microseconds) and increasing within this job: later micro-batches get larger numbers. */
    private synchronized long nextSeq() {
        lastSeq = Math.max(System.currentTimeMillis() * 1000, lastSeq + 1);
        return lastSeq;
    }

    static String table(String name) {
        return KEYSPACE + "." + name;
    }
}
