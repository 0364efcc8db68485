package io.userstream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.serving.ServingView;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.userstream.contract.CassandraSchema.KEYSPACE;
import static io.userstream.spark.SpeedLayer.table;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * The batch layer: the second entry point of the job's jar ({@code --class io.userstream.spark.BatchJob};
 * a ScheduledSparkApplication on Kubernetes, {@code make batch} on one machine). One run:
 * <ol>
 *   <li>scans all of created_users (kept for the run);</li>
 *   <li>then reads {@code covers}, the highest seq of a micro-batch whose versions are all in
 *       user_versions (ledger: {@code aggregated}), then user_versions;</li>
 *   <li>the view is the state right after micro-batch {@code covers}: per user the latest version
 *       with {@code seq <= covers}; a row of created_users that has no version at all is counted as
 *       scanned (the stream never wrote it; had it rewritten it after the scan, it would have
 *       recorded the row as version 0 first, and we would have read that). A micro-batch running
 *       during the scan therefore changes nothing: its rows are either in the view (seq <= covers)
 *       or in its speed rows (seq > covers), never both, never neither;</li>
 *   <li>overwrites the aggregate tables and deletes the keys that are gone (a re-run gives the same
 *       tables), records the run in batch_runs, then deletes what the run covers: speed rows with
 *       {@code seq <= covers}, superseded versions, old ledger entries (explicit deletes, not a TTL:
 *       a TTL would drop speed rows no run has covered yet when the nightly run fails or is late,
 *       and the serving view would lose them).</li>
 * </ol>
 */
public final class BatchJob {

    /** batch_runs' partition for this job. */
    static final String JOB = "users";
    static final String TOTAL_SCOPE = "all";
    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);
    private static final String CASSANDRA = "org.apache.spark.sql.cassandra";

    private BatchJob() {
    }

    /** What one run did: the last micro-batch it covers, the rows it scanned, the users its view counts. */
    public record Result(Instant asOf, long coversSeq, long rowsRead, long users) {
    }

    public static void main(String[] args) {
        BatchSettings settings = BatchSettings.fromEnvironment();
        LOG.info("Batch run with {}", settings);
        SparkSession spark = SparkSession.builder().config(sparkConf(settings)).getOrCreate();
        try {
            Result result = run(spark, settings.replication());
            LOG.info("Batch run done: {}", result);
        } finally {
            spark.stop();
        }
    }

    public static SparkConf sparkConf(BatchSettings settings) {
        SparkConf conf = new SparkConf()
                .setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "userstream-batch")
                .setIfMissing("spark.sql.shuffle.partitions", "4");
        settings.cassandraSparkConf().forEach(conf::set);
        return conf;
    }

    public static Result run(SparkSession spark, String replication) {
        Instant asOf = Instant.now();
        CassandraSetup.applySchema(spark, replication);
        CassandraConnector connector = CassandraConnector.apply(spark.sparkContext());
        // Each read is materialized when it happens (local checkpoints, no lineage back to
        // Cassandra): the order scan -> ledger -> versions is what makes the view exact.
        Dataset<org.apache.spark.sql.Row> scanned = Aggregates.keys(read(spark, CassandraSchema.USERS_TABLE))
                .localCheckpoint();
        Dataset<org.apache.spark.sql.Row> versions = null;
        Dataset<org.apache.spark.sql.Row> view = null;
        try {
            long rowsRead = scanned.count();                                        // 1. the scan, first
            long covers;
            try (CqlSession session = connector.openSession()) {
                covers = coveredSeq(session);                                       // 2. then the ledger
            }
            versions = read(spark, CassandraSchema.USER_VERSIONS_TABLE)             // 3. then the versions
                    .localCheckpoint();
            Dataset<org.apache.spark.sql.Row> covered = versions.where(col("seq").leq(covers))
                    .withColumn("latest", row_number().over(Window.partitionBy(Aggregates.ID).orderBy(col("seq").desc())));
            Dataset<org.apache.spark.sql.Row> versionedIds = versions.select(col(Aggregates.ID).as("versioned_id")).distinct();
            List<String> keyColumns = new ArrayList<>(List.of(Aggregates.ID));
            keyColumns.addAll(Aggregates.KEYS);
            Column[] keys = keyColumns.stream().map(functions::col).toArray(Column[]::new);
            view = covered.where(col("latest").equalTo(1)).select(keys)
                    .unionByName(scanned.join(versionedIds, scanned.col(Aggregates.ID).equalTo(versionedIds.col("versioned_id")),
                            "left_anti").select(keys))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long users = view.count();
            List<ServingView.BatchRow> rows = Aggregates.count(view);
            List<org.apache.spark.sql.Row> superseded = covered.where(col("latest").gt(1)).select(Aggregates.ID, "seq").collectAsList();
            try (CqlSession session = connector.openSession()) {
                writeView(session, rows, users);
                session.execute(session.prepare("INSERT INTO " + table(CassandraSchema.BATCH_RUNS_TABLE)
                        + " (job, as_of, covers_seq, rows_read, users) VALUES (?, ?, ?, ?, ?)")
                        .bind(JOB, asOf, covers, rowsRead, users));
                prune(session, covers, superseded);
            }
            Result result = new Result(asOf, covers, rowsRead, users);
            LOG.info("batch view as of {}: {} users ({} rows scanned), covers micro-batch seq {}; pruned {} superseded versions",
                    asOf, users, rowsRead, covers, superseded.size());
            return result;
        } finally {
            scanned.unpersist();
            if (versions != null) {
                versions.unpersist();
            }
            if (view != null) {
                view.unpersist();
            }
        }
    }

    /** The highest seq of a micro-batch whose versions are all written (aggregated), or 0 when there is none. */
    static long coveredSeq(CqlSession session) {
        long covers = 0;
        for (Row r : session.execute("SELECT seq, aggregated FROM " + table(CassandraSchema.STREAM_BATCHES_TABLE))) {
            if (r.getBoolean("aggregated")) {
                covers = Math.max(covers, r.getLong("seq"));
            }
        }
        return covers;
    }

    private static Dataset<org.apache.spark.sql.Row> read(SparkSession spark, String table) {
        return spark.read().format(CASSANDRA).option("keyspace", KEYSPACE).option("table", table).load();
    }

    /** One aggregate table: its key columns and the dimension of {@link ServingView} it holds. */
    private record View(String table, List<String> keyColumns, String dimension) {
    }

    private static final List<View> VIEWS = List.of(
            new View(CassandraSchema.BY_DAY_TABLE, List.of("ingest_day", "nationality", "gender"), ServingView.DAY),
            new View(CassandraSchema.BY_BIRTH_DECADE_TABLE, List.of("nationality", "birth_decade"), ServingView.BIRTH_DECADE),
            new View(CassandraSchema.BY_REGISTRATION_YEAR_TABLE, List.of("registered_year"), ServingView.REGISTRATION_YEAR));

    private static void writeView(CqlSession session, List<ServingView.BatchRow> rows, long total) {
        for (View view : VIEWS) {
            Map<String, Long> fresh = new HashMap<>();
            rows.stream().filter(r -> r.dimension().equals(view.dimension())).forEach(r -> fresh.put(r.key(), r.users()));
            String keys = String.join(", ", view.keyColumns());
            PreparedStatement upsert = session.prepare("INSERT INTO " + table(view.table()) + " (" + keys + ", users) VALUES ("
                    + "?, ".repeat(view.keyColumns().size()) + "?)");
            PreparedStatement delete = session.prepare("DELETE FROM " + table(view.table()) + " WHERE "
                    + String.join(" AND ", view.keyColumns().stream().map(c -> c + " = ?").toList()));
            Set<String> stale = new HashSet<>();
            for (Row r : session.execute("SELECT " + keys + " FROM " + table(view.table()))) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < view.keyColumns().size(); i++) {
                    parts.add(r.getString(i));
                }
                String key = String.join(ServingView.SEPARATOR, parts);
                if (!fresh.containsKey(key)) {
                    stale.add(key);
                }
            }
            for (Map.Entry<String, Long> e : fresh.entrySet()) {
                List<Object> values = new ArrayList<>(ServingView.keyParts(e.getKey()));
                values.add(e.getValue());
                session.execute(upsert.bind(values.toArray()));
            }
            for (String key : stale) {
                session.execute(delete.bind(ServingView.keyParts(key).toArray()));
            }
        }
        session.execute(session.prepare("INSERT INTO " + table(CassandraSchema.TOTALS_TABLE) + " (scope, users) VALUES (?, ?)")
                .bind(TOTAL_SCOPE, total));
    }

    /**
     * Deletes the speed rows the run covers, the versions superseded by a covered one, and the ledger
     * entries the run covers but each query's latest (a replay of that micro-batch must find it).
     */
    private static void prune(CqlSession session, long covers, List<org.apache.spark.sql.Row> superseded) {
        session.execute(session.prepare("DELETE FROM " + table(CassandraSchema.SPEED_TABLE)
                + " WHERE stream = ? AND seq <= ?").bind(SpeedLayer.STREAM, covers));
        PreparedStatement deleteVersion = session.prepare("DELETE FROM " + table(CassandraSchema.USER_VERSIONS_TABLE)
                + " WHERE id = ? AND seq = ?");
        for (org.apache.spark.sql.Row v : superseded) {
            session.execute(deleteVersion.bind(java.util.UUID.fromString(v.getString(0)), v.getLong(1)));
        }
        Map<String, Long> latest = new HashMap<>();
        List<Row> ledger = session.execute("SELECT query_id, batch_id, seq FROM " + table(CassandraSchema.STREAM_BATCHES_TABLE)).all();
        ledger.forEach(r -> latest.merge(r.getString("query_id"), r.getLong("batch_id"), Math::max));
        PreparedStatement delete = session.prepare("DELETE FROM " + table(CassandraSchema.STREAM_BATCHES_TABLE)
                + " WHERE query_id = ? AND batch_id = ?");
        for (Row r : ledger) {
            if (r.getLong("seq") <= covers && r.getLong("batch_id") < latest.get(r.getString("query_id"))) {
                session.execute(delete.bind(r.getString("query_id"), r.getLong("batch_id")));
            }
        }
    }
}
