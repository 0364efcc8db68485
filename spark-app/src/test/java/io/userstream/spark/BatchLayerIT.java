package io.userstream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.serving.ServingView;
import io.userstream.localstack.CassandraNode;
import io.userstream.localstack.KafkaNode;
import io.userstream.localstack.junit.LocalStackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;

import static io.userstream.spark.ServingTables.directCount;
import static io.userstream.spark.ServingTables.served;
import static io.userstream.spark.ServingTables.totals;
import static io.userstream.spark.SpeedLayer.table;
import static io.userstream.spark.StreamTestSupport.awaitProcessed;
import static io.userstream.spark.StreamTestSupport.createTopic;
import static io.userstream.spark.TestUsers.json;
import static io.userstream.spark.TestUsers.map;
import static io.userstream.spark.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

/** The batch job and the speed layer, against real Kafka and Cassandra, with the job in local mode. */
@LocalStackTest
class BatchLayerIT {

    static final Duration WAIT = Duration.ofMinutes(2);
    static final Duration STOP_WAIT = Duration.ofSeconds(30);
    static final String REPLICATION = CassandraSchema.simpleReplication(1);
    static final String[] NATS = {"DE", "FR", "BR", "IR"};

    static SparkSession spark;
    static CassandraConnector connector;
    static String bootstrap;
    static String contactPoint;

    @BeforeAll
    static void startSpark(KafkaNode kafka, CassandraNode cassandra) {
        bootstrap = kafka.bootstrapServers();
        contactPoint = cassandra.contactPoint();
        spark = TestSpark.jobSession("batch-layer-it", UserStreamJob.sparkConf(settings("unused", Path.of("unused"))));
        connector = CassandraConnector.apply(spark.sparkContext());
        CassandraSetup.applySchema(spark, REPLICATION);
    }

    @AfterAll
    static void stopSpark() {
        TestSpark.stop(spark);
    }

    /** Each test starts from empty users and layers (the other ITs of this module keep no expectations across classes). */
    @BeforeEach
    void emptyTables() {
        cql(s -> {
            for (String t : List.of(CassandraSchema.USERS_TABLE, CassandraSchema.BY_DAY_TABLE, CassandraSchema.BY_BIRTH_DECADE_TABLE,
                    CassandraSchema.BY_REGISTRATION_YEAR_TABLE, CassandraSchema.TOTALS_TABLE, CassandraSchema.BATCH_RUNS_TABLE,
                    CassandraSchema.SPEED_TABLE, CassandraSchema.STREAM_BATCHES_TABLE, CassandraSchema.USER_VERSIONS_TABLE)) {
                s.execute("TRUNCATE " + table(t));
            }
            return null;
        });
    }

    static JobSettings settings(String topic, Path checkpoint) {
        Map<String, String> env = TestSpark.itEnv(bootstrap, contactPoint, topic, checkpoint);
        env.put("USERSTREAM_MAX_OFFSETS_PER_TRIGGER", "25");
        return JobSettings.fromEnv(env);
    }

    static <T> T cql(Function<CqlSession, T> f) {
        return connector.withSessionDo(f::apply);
    }

    // ---- the batch job alone, on known rows ----

    @Test
    void batchJobGivesExactAggregatesAndARerunTheSameTables() {
        insertUser("DE", "female", "1993-07-20T09:44:18Z", "2015-05-27T06:04:40Z", "2026-12-01T23:59:59Z");
        insertUser("DE", "male", "1989-12-31T23:30:00Z", "2015-01-01T00:00:00Z", "2026-12-02T00:00:00Z");
        insertUser("FR", "female", "1975-01-01T00:00:00Z", "2010-03-03T00:00:00Z", "2026-12-02T10:00:00Z");
        insertUser("FR", "female", "1979-06-01T00:00:00Z", "2010-04-04T00:00:00Z", "2026-12-02T11:00:00Z");
        UUID unknown = insertUser(null, null, null, null, "2026-12-02T12:00:00Z");

        BatchJob.Result first = BatchJob.run(spark, REPLICATION);

        assertThat(first.rowsRead()).isEqualTo(5);
        assertThat(first.coversSeq()).isZero();
        assertThat(rows(CassandraSchema.BY_DAY_TABLE)).containsExactlyInAnyOrder(
                "2026-12-01|DE|female=1", "2026-12-02|DE|male=1", "2026-12-02|FR|female=2", "2026-12-02|unknown|unknown=1");
        assertThat(rows(CassandraSchema.BY_BIRTH_DECADE_TABLE)).containsExactlyInAnyOrder(
                "DE|1990s=1", "DE|1980s=1", "FR|1970s=2", "unknown|unknown=1");
        assertThat(rows(CassandraSchema.BY_REGISTRATION_YEAR_TABLE)).containsExactlyInAnyOrder(
                "2015=2", "2010=2", "unknown=1");
        assertThat(rows(CassandraSchema.TOTALS_TABLE)).containsExactly("all=5");
        Map<String, List<String>> tablesAfterFirst = allViews();

        BatchJob.Result second = BatchJob.run(spark, REPLICATION);

        assertThat(allViews()).isEqualTo(tablesAfterFirst);
        assertThat(second.rowsRead()).isEqualTo(5);
        List<Row> runs = cql(s -> s.execute("SELECT as_of, rows_read, covers_seq FROM " + table(CassandraSchema.BATCH_RUNS_TABLE)
                + " WHERE job = 'users'").all());
        assertThat(runs).hasSize(2).allSatisfy(r -> assertThat(r.getLong("rows_read")).isEqualTo(5));
        assertThat(served(cqlSession()).batchRun().orElseThrow().asOf()).isEqualTo(second.asOf().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        // A key with no users left disappears on the next run instead of keeping its old count.
        cql(s -> s.execute("DELETE FROM " + table(CassandraSchema.USERS_TABLE) + " WHERE id = ?", unknown));
        BatchJob.run(spark, REPLICATION);
        assertThat(rows(CassandraSchema.BY_DAY_TABLE)).doesNotContain("2026-12-02|unknown|unknown=1").hasSize(3);
        assertThat(rows(CassandraSchema.BY_REGISTRATION_YEAR_TABLE)).containsExactlyInAnyOrder("2015=2", "2010=2");
        assertThat(rows(CassandraSchema.TOTALS_TABLE)).containsExactly("all=4");
        assertThat(totals(served(cqlSession()))).isEqualTo(directCount(cqlSession()));
    }

    // ---- stream and batch together ----

    @Test
    void servingViewEqualsADirectCountThroughRunsBatchesResendsAndAReplayedMicroBatch(@TempDir Path checkpoint)
            throws Exception {
        String topic = "it_batch_layer";
        createTopic(bootstrap, topic, 2);
        JobSettings settings = settings(topic, checkpoint);
        Instant dayOne = Instant.parse("2026-11-30T08:00:00Z");
        Instant dayTwo = Instant.parse("2026-12-01T08:00:00Z");
        List<Map<String, Object>> firstUsers = users(40, 0);
        send(topic, firstUsers, dayOne);

        UserStream stream = UserStream.start(spark, settings);
        long sent = 40;
        awaitProcessed(stream.query(), sent, WAIT);
        assertServedEqualsDirectCount(40);                                // speed layer alone
        BatchJob.Result run1 = BatchJob.run(spark, REPLICATION);          // stream idle: covers everything
        assertThat(run1.rowsRead()).isEqualTo(40);
        assertThat(served(cqlSession()).total()).isEqualTo(new ServingView.Split(40, 0));
        assertThat(speedRowCount()).isZero();                             // pruned: the run covers them

        // New users, and ten of the first re-sent a day later (their ingestion day moves), some with
        // another gender; the batch job runs while the stream works through them.
        List<Map<String, Object>> resent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> again = new java.util.LinkedHashMap<>(firstUsers.get(i * 3));
            if (i % 2 == 0) {
                again.put("gender", "female".equals(again.get("gender")) ? "male" : "female");
            }
            resent.add(again);
        }
        List<Map<String, Object>> secondBatch = new ArrayList<>(users(30, 100));
        secondBatch.addAll(resent);
        send(topic, secondBatch, dayTwo);
        sent += secondBatch.size();
        BatchJob.Result during = BatchJob.run(spark, REPLICATION);
        awaitProcessed(stream.query(), sent, WAIT);
        assertServedEqualsDirectCount(70);
        assertThat(during.rowsRead()).isBetween(40L, 70L);

        BatchJob.run(spark, REPLICATION);
        assertThat(served(cqlSession()).total()).isEqualTo(new ServingView.Split(70, 0));

        // More after the run: the speed part moves, the sum still matches.
        List<Map<String, Object>> third = new ArrayList<>(users(5, 200));
        third.add(firstUsers.get(1));
        third.add(secondBatch.get(0));
        send(topic, third, dayTwo.plusSeconds(3600));
        sent += third.size();
        awaitProcessed(stream.query(), sent, WAIT);
        ServingView.Stats beforeReplay = assertServedEqualsDirectCount(75);
        assertThat(beforeReplay.total().speed()).isEqualTo(5);
        stream.stopGracefully(STOP_WAIT);

        // The job killed after its last write and before its commit: the commit is gone, so the
        // restart runs that micro-batch again (same batch id, same offsets). Numbers do not move.
        long lastBatch = lastBatchWithData(stream.query().recentProgress());
        Path commit = checkpoint.resolve("commits").resolve(Long.toString(lastBatch));
        assertThat(commit).exists();
        Files.delete(commit);
        Files.deleteIfExists(checkpoint.resolve("commits").resolve("." + lastBatch + ".crc"));
        UserStream restarted = UserStream.start(spark, settings);
        awaitProcessed(restarted.query(), sent, WAIT);
        restarted.stopGracefully(STOP_WAIT);
        assertThat(java.util.Arrays.stream(restarted.query().recentProgress())
                .filter(p -> p.batchId() == lastBatch && p.numInputRows() > 0)).as("micro-batch %d replayed", lastBatch).isNotEmpty();
        ServingView.Stats afterReplay = assertServedEqualsDirectCount(75);
        assertThat(afterReplay).isEqualTo(beforeReplay);
    }

    // ---- helpers ----

    ServingView.Stats assertServedEqualsDirectCount(long expectedUsers) {
        CqlSession s = cqlSession();
        ServingView.Stats stats = served(s);
        Map<String, Long> direct = directCount(s);
        assertThat(direct.get("total")).isEqualTo(expectedUsers);
        assertThat(totals(stats)).isEqualTo(direct);
        return stats;
    }

    static CqlSession cqlSession() {
        return cql(s -> s);
    }

    static long speedRowCount() {
        return cql(s -> s.execute("SELECT count(*) FROM " + table(CassandraSchema.SPEED_TABLE)).one().getLong(0));
    }

    static long lastBatchWithData(StreamingQueryProgress[] progress) {
        return java.util.Arrays.stream(progress).filter(p -> p.numInputRows() > 0)
                .mapToLong(StreamingQueryProgress::batchId).max().orElseThrow();
    }

    /** n users with nationality, gender, birth and registration years spread over a few values. */
    static List<Map<String, Object>> users(int n, int salt) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i + salt;
            Map<String, Object> u = user(UUID.randomUUID(), "First" + k, "Last" + k);
            u.put("nat", NATS[k % NATS.length]);
            u.put("gender", k % 3 == 0 ? "male" : "female");
            u.put("dob", map("date", (1950 + (k * 7) % 50) + "-06-15T12:00:00Z", "age", 40));
            u.put("registered", map("date", (2005 + k % 15) + "-03-01T00:00:00Z", "age", 10));
            out.add(u);
        }
        return out;
    }

    /** Sends users keyed by their uuid with the given Kafka timestamp (= ingested_at). */
    static void send(String topic, List<Map<String, Object>> users, Instant timestamp) throws Exception {
        try (KafkaProducer<String, String> producer = StreamTestSupport.producer(bootstrap)) {
            List<Future<?>> acks = new ArrayList<>();
            for (Map<String, Object> u : users) {
                String id = (String) TestUsers.sub(u, "login").get("uuid");
                acks.add(producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), id, json(u))));
            }
            for (Future<?> a : acks) {
                a.get();
            }
        }
    }

    static UUID insertUser(String nationality, String gender, String dob, String registered, String ingested) {
        UUID id = UUID.randomUUID();
        cql(s -> s.execute("INSERT INTO " + table(CassandraSchema.USERS_TABLE)
                        + " (id, first_name, nationality, gender, dob, registered_date, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, "x", nationality, gender, instant(dob), instant(registered), instant(ingested)));
        return id;
    }

    static Instant instant(String t) {
        return t == null ? null : Instant.parse(t);
    }

    /** A view table as "key|key=users" lines. */
    static List<String> rows(String table) {
        return cql(s -> {
            List<String> out = new ArrayList<>();
            for (Row r : s.execute("SELECT * FROM " + table(table))) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < r.getColumnDefinitions().size(); i++) {
                    String name = r.getColumnDefinitions().get(i).getName().asInternal();
                    if (!name.equals("users")) {
                        keys.add(r.getString(i));
                    }
                }
                out.add(String.join("|", keys) + "=" + r.getLong("users"));
            }
            return out;
        });
    }

    static Map<String, List<String>> allViews() {
        Map<String, List<String>> m = new HashMap<>();
        for (String t : List.of(CassandraSchema.BY_DAY_TABLE, CassandraSchema.BY_BIRTH_DECADE_TABLE,
                CassandraSchema.BY_REGISTRATION_YEAR_TABLE, CassandraSchema.TOTALS_TABLE)) {
            m.put(t, rows(t).stream().sorted().toList());
        }
        return m;
    }
}
