package io.userstream.spark;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.serving.ServingView;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static io.userstream.contract.CassandraSchema.KEYSPACE;

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
    /** Ids per read request (IN list): small enough for any coordinator, large enough to amortize a request. */
    private static final int READ_GROUP = 50;
    /**
     * Rows per write request (an unlogged batch): a small write's cost in Cassandra is mostly the
     * handling of its request, so 10 rows in one request cost it far less than 10 requests. 10, not
     * more: Cassandra warns about an unlogged batch over more partitions than
     * {@code unlogged_batch_across_partitions_warn_threshold} (10 by default), and the driver logs
     * each such warning with the query (16 rows filled the job's log with thousands of them). A
     * version or speed row is ~0.1 KB, well under the 5 KiB batch size warning. Unlogged: each row
     * is an idempotent upsert, and a failed batch fails the micro-batch, which is replayed whole, so
     * the batch log's atomicity would buy nothing.
     */
    static final int WRITE_GROUP = 10;

    private final SparkSession spark;
    private long lastSeq;

    SpeedLayer(SparkSession spark) {
        this.spark = spark;
    }

    /** One micro-batch's place in the ledger. */
    record Batch(String queryId, long batchId, long seq) {
    }

    /**
     * Steps 1-2: call before writing {@code users} (created_users rows) to Cassandra. Returns null
     * for a batch without a valid row: it changes no aggregate, so it takes no seq and no ledger entry
     * (a replay of it, from the same offsets, is empty too); then skip {@link #complete}.
     */
    Batch prepare(Dataset<org.apache.spark.sql.Row> users, long batchId) {
        String queryId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (queryId == null) {
            throw new IllegalStateException("not on a streaming query's thread: no " + QUERY_ID_PROPERTY);
        }
        // The batch's keys, on the driver (one Spark job; it also fills the batch's cache).
        long started = System.nanoTime();
        List<Keyed> current = currentKeys(users);
        long keysMs = (System.nanoTime() - started) / 1_000_000;
        if (current.isEmpty()) {
            return null;
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
            aggregate(session, batch.seq(), current, keysMs);
            session.execute(session.prepare("UPDATE " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                    + " SET aggregated = true WHERE query_id = ? AND batch_id = ?").bind(queryId, batchId));
            return batch;
        }
    }

    /** Step 4: after the users are written; nothing for a batch {@link #prepare} returned null for. */
    void complete(Batch batch) {
        if (batch == null) {
            return;
        }
        try (CqlSession session = CassandraConnector.apply(spark.sparkContext()).openSession()) {
            session.execute(session.prepare("UPDATE " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                    + " SET complete = true WHERE query_id = ? AND batch_id = ?").bind(batch.queryId(), batch.batchId()));
        }
    }

    /** A user's aggregate keys under a seq (a row of user_versions). */
    record Keyed(UUID id, long seq, String ingestDay, String nationality, String gender, String birthDecade,
                 String registeredYear) {

        static Keyed of(org.apache.spark.sql.Row r, long seq) {
            return new Keyed(UUID.fromString(r.getAs(Aggregates.ID)), seq, r.getAs(Aggregates.INGEST_DAY),
                    r.getAs(Aggregates.NATIONALITY), r.getAs(Aggregates.GENDER), r.getAs(Aggregates.BIRTH_DECADE),
                    r.getAs(Aggregates.REGISTERED_YEAR));
        }

        static Keyed of(Row r, UUID id) {
            return new Keyed(id, r.getLong("seq"), r.getString(Aggregates.INGEST_DAY), r.getString(Aggregates.NATIONALITY),
                    r.getString(Aggregates.GENDER), r.getString(Aggregates.BIRTH_DECADE), r.getString(Aggregates.REGISTERED_YEAR));
        }

        Keyed withSeq(long newSeq) {
            return new Keyed(id, newSeq, ingestDay, nationality, gender, birthDecade, registeredYear);
        }
    }

    /**
     * The keys of the batch's users, one per id: those of the row Cassandra keeps, the one of the
     * highest {@link UserRecords#WRITE_TIME} (a batch may hold an id twice; on a tie, only possible
     * for an id in two partitions, the first seen).
     */
    private static List<Keyed> currentKeys(Dataset<org.apache.spark.sql.Row> users) {
        Map<UUID, Keyed> byId = new LinkedHashMap<>();
        Map<UUID, Long> writeTimes = new HashMap<>();
        for (org.apache.spark.sql.Row r : Aggregates.keys(users, UserRecords.WRITE_TIME).collectAsList()) {
            Keyed k = Keyed.of(r, 0L);
            long writeTime = r.<Long>getAs(UserRecords.WRITE_TIME);
            Long seen = writeTimes.get(k.id());
            if (seen == null || writeTime > seen) {
                byId.put(k.id(), k);
                writeTimes.put(k.id(), writeTime);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Everything read here is read before anything is written, by partition key from the driver (measured 2026-12-03: the Spark joins, local checkpoints and collects that did this
     * before were most of the ~1.1 s fixed cost of a micro-batch): the version-0 write below must not
     * feed back into what was read before it.
     */
    private void aggregate(CqlSession session, long seq, List<Keyed> current, long keysMs) {
        long readsStarted = System.nanoTime();
        ConsistencyLevel read = readConsistency();
        List<UUID> ids = current.stream().map(Keyed::id).toList();
        PreparedStatement versionsOf = session.prepare("SELECT id, seq, " + String.join(", ", Aggregates.KEYS) + " FROM "
                + table(CassandraSchema.USER_VERSIONS_TABLE) + " WHERE id IN ? AND seq < ?");
        // The latest earlier version of each id.
        Map<UUID, Keyed> latest = new LinkedHashMap<>();
        for (Row r : readByIds(session, ids, group -> versionsOf.bind(group, seq).setConsistencyLevel(read))) {
            Keyed v = Keyed.of(r, r.getUuid("id"));
            latest.merge(v.id(), v, (x, y) -> x.seq() >= y.seq() ? x : y);
        }
        List<Keyed> replaced = new ArrayList<>(latest.values());
        List<UUID> unversioned = ids.stream().filter(id -> !latest.containsKey(id)).toList();
        // A row the speed layer never wrote a version of, already in created_users: its keys are
        // derived there exactly as for the batch (Aggregates.keys), by Spark, for those ids only (rare:
        // rows written before the speed layer existed).
        PreparedStatement usersOf = session.prepare("SELECT id FROM " + table(CassandraSchema.USERS_TABLE) + " WHERE id IN ?");
        List<String> existing = new ArrayList<>();
        for (Row r : readByIds(session, unversioned, group -> usersOf.bind(group).setConsistencyLevel(read))) {
            existing.add(r.getUuid("id").toString());
        }
        List<Keyed> neverVersioned = new ArrayList<>();
        if (!existing.isEmpty()) {
            Dataset<org.apache.spark.sql.Row> existingIds = spark.createDataset(existing, Encoders.STRING()).toDF(Aggregates.ID);
            for (org.apache.spark.sql.Row r : Aggregates.keys(existingIds.join(read(CassandraSchema.USERS_TABLE), Aggregates.ID)).collectAsList()) {
                neverVersioned.add(Keyed.of(r, 0L));
            }
        }
        replaced.addAll(neverVersioned);
        long readsDone = System.nanoTime();
        List<ServingView.SpeedRow> rows = new ArrayList<>();
        for (ServingView.BatchRow r : Aggregates.countKeyed(current).getOrDefault(0L, List.of())) {
            rows.add(new ServingView.SpeedRow(seq, r.dimension(), r.key(), ServingView.ADDED, r.users()));
        }
        Map<Long, List<ServingView.BatchRow>> removed = Aggregates.countKeyed(replaced);
        removed.forEach((priorSeq, counts) -> counts.forEach(r ->
                rows.add(new ServingView.SpeedRow(seq, r.dimension(), r.key(), priorSeq, -r.users()))));
        writeVersions(session, neverVersioned);                 // version 0 before the batch's own: BatchJob relies on the order
        writeVersions(session, current.stream().map(k -> k.withSeq(seq)).toList());
        writeSpeedRows(session, rows);
        LOG.info("speed layer: seq {} wrote {} aggregate rows, replacing versions of {} earlier micro-batches"
                        + " (keys {} ms: the Spark job that reads and parses the batch; reads {} ms, writes {} ms)",
                seq, rows.size(), removed.size(), keysMs, (readsDone - readsStarted) / 1_000_000, (System.nanoTime() - readsDone) / 1_000_000);
    }

    /**
     * The rows {@code statement} (with {@code id IN ?}) reads for all {@code ids}, {@link #READ_GROUP}
     * ids per request and at most {@link #IN_FLIGHT} requests at a time (fewer requests than one per
     * id: each costs Cassandra and the driver their request handling).
     */
    private static List<Row> readByIds(CqlSession session, List<UUID> ids,
                                       java.util.function.Function<List<UUID>, BoundStatement> statement) {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += READ_GROUP) {
            permits.acquireUninterruptibly();
            CompletableFuture<AsyncResultSet> r = session.executeAsync(
                    statement.apply(new ArrayList<>(ids.subList(i, Math.min(ids.size(), i + READ_GROUP))))).toCompletableFuture();
            r.whenComplete((x, e) -> permits.release());
            reads.add(r);
        }
        List<Row> rows = new ArrayList<>();
        for (CompletableFuture<AsyncResultSet> r : reads) {
            AsyncResultSet page = r.join();
            page.currentPage().forEach(rows::add);
            while (page.hasMorePages()) {
                page = page.fetchNextPage().toCompletableFuture().join();
                page.currentPage().forEach(rows::add);
            }
        }
        return rows;
    }

    private Dataset<org.apache.spark.sql.Row> read(String table) {
        return spark.read().format(CASSANDRA).option("keyspace", KEYSPACE).option("table", table).load();
    }

    /**
     * Every version of {@code keyed} (id and {@link Aggregates#KEYS}) under {@code seq}, all
     * acknowledged before this returns (a failure fails the batch, which is then replayed), at the
     * consistency of the job's other writes.
     */
    private void writeVersions(CqlSession session, List<Keyed> keyed) {
        PreparedStatement insert = session.prepare("INSERT INTO " + table(CassandraSchema.USER_VERSIONS_TABLE)
                + " (id, seq, " + String.join(", ", Aggregates.KEYS) + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
        List<BoundStatement> statements = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            statements.add(insert.bind(k.id(), k.seq(), k.ingestDay(), k.nationality(), k.gender(), k.birthDecade(),
                    k.registeredYear()));
        }
        executeAll(session, statements, writeConsistency());
    }

    private void writeSpeedRows(CqlSession session, List<ServingView.SpeedRow> rows) {
        PreparedStatement insert = session.prepare("INSERT INTO " + table(CassandraSchema.SPEED_TABLE)
                + " (stream, seq, dimension, key, prior_seq, users) VALUES (?, ?, ?, ?, ?, ?)");
        List<BoundStatement> statements = new ArrayList<>(rows.size());
        for (ServingView.SpeedRow r : rows) {
            statements.add(insert.bind(STREAM, r.seq(), r.dimension(), r.key(), r.priorSeq(), r.users()));
        }
        executeAll(session, statements, null);
    }

    /**
     * In requests of {@link #WRITE_GROUP} rows, at most {@link #IN_FLIGHT} requests at a time, each at
     * {@code consistency} (null: the session's default); returns once all are acknowledged, throws if
     * one failed.
     */
    private static void executeAll(CqlSession session, List<BoundStatement> statements, ConsistencyLevel consistency) {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (Statement<?> statement : grouped(statements, consistency)) {
            permits.acquireUninterruptibly();
            CompletableFuture<?> write = session.executeAsync(statement).toCompletableFuture();
            write.whenComplete((r, e) -> permits.release());
            writes.add(write);
        }
        for (CompletableFuture<?> w : writes) {
            w.join();
        }
    }

    /** The statements as requests of at most {@link #WRITE_GROUP} rows: an unlogged batch, or the statement alone. */
    static List<Statement<?>> grouped(List<BoundStatement> statements, ConsistencyLevel consistency) {
        List<Statement<?>> requests = new ArrayList<>();
        for (int i = 0; i < statements.size(); i += WRITE_GROUP) {
            List<BoundStatement> group = statements.subList(i, Math.min(statements.size(), i + WRITE_GROUP));
            Statement<?> request = group.size() == 1 ? group.get(0)
                    : BatchStatement.newInstance(DefaultBatchType.UNLOGGED, group.toArray(BatchableStatement<?>[]::new));
            requests.add(consistency == null ? request : request.setConsistencyLevel(consistency));
        }
        return requests;
    }

    /** The consistency of the connector's writes ({@code CASSANDRA_CONSISTENCY_LEVEL}). */
    private ConsistencyLevel writeConsistency() {
        return DefaultConsistencyLevel.valueOf(spark.conf().get("spark.cassandra.output.consistency.level", "LOCAL_QUORUM"));
    }

    /** The consistency of the connector's reads ({@code spark.cassandra.input.consistency.level}), as the joins used. */
    private ConsistencyLevel readConsistency() {
        return DefaultConsistencyLevel.valueOf(spark.conf().get("spark.cassandra.input.consistency.level", "LOCAL_ONE"));
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
