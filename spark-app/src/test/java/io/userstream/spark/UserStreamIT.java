package io.userstream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.localstack.CassandraNode;
import io.userstream.localstack.KafkaNode;
import io.userstream.localstack.junit.LocalStackTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.userstream.spark.StreamTestSupport.awaitProcessed;
import static io.userstream.spark.StreamTestSupport.createTopic;
import static io.userstream.spark.StreamTestSupport.send;
import static io.userstream.spark.TestUsers.json;
import static io.userstream.spark.TestUsers.sub;
import static io.userstream.spark.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

/** The job in local mode against real Kafka and Cassandra (local-stack). */
@LocalStackTest
class UserStreamIT {

    static final Duration WAIT = Duration.ofMinutes(2);
    static final Duration STOP_WAIT = Duration.ofSeconds(30);
    static final String[][] NAMES = {
            {"Mia", "Krüger"}, {"ریحانه", "کامروا"}, {"Ярослав", "Кравченко"}, {"Hélène", "Lefèvre"}, {"Oliver", "Smith"}};

    static SparkSession spark;
    static CassandraConnector cassandraConnector;
    static String bootstrap;
    static String contactPoint;

    @BeforeAll
    static void startSpark(KafkaNode kafka, CassandraNode cassandra) {
        bootstrap = kafka.bootstrapServers();
        contactPoint = cassandra.contactPoint();
        spark = TestSpark.jobSession("user-stream-it", UserStreamJob.sparkConf(settings("unused", Path.of("unused"), Map.of())));
        cassandraConnector = CassandraConnector.apply(spark.sparkContext());
    }

    @AfterAll
    static void stopSpark() {
        TestSpark.stop(spark);
    }

    static JobSettings settings(String topic, Path checkpoint, Map<String, String> more) {
        Map<String, String> env = TestSpark.itEnv(bootstrap, contactPoint, topic, checkpoint);
        env.putAll(more);
        return JobSettings.fromEnv(env);
    }

    static List<Map.Entry<String, String>> validUsers(int n, List<UUID> ids) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            String[] name = NAMES[i % NAMES.length];
            Map<String, Object> u = user(id, name[0], name[1]);
            if (i % 2 == 1) {
                sub(u, "location").put("postcode", "FK7 " + i + "JQ");
            }
            records.add(Map.entry(id.toString(), json(u)));
        }
        return records;
    }

    static <T> T cql(Function<CqlSession, T> f) {
        return cassandraConnector.withSessionDo(f::apply);
    }

    static Set<UUID> storedIds() {
        return cql(s -> s.execute("SELECT id FROM spark_streams.created_users").all().stream()
                .map(r -> r.getUuid("id")).collect(Collectors.toSet()));
    }

    static long countOf(Set<UUID> stored, List<UUID> ids) {
        return ids.stream().filter(stored::contains).count();
    }

    @Test
    void writesEveryValidRecordOnceWithItsValuesAndRejectsTheRestWithReasons(@TempDir Path checkpoint) throws Exception {
        String topic = "it_users_values";
        createTopic(bootstrap, topic, 3);
        List<UUID> ids = new ArrayList<>();
        List<Map.Entry<String, String>> records = validUsers(60, ids);
        Map<String, Object> noUuid = user(UUID.randomUUID(), "No", "Uuid");
        sub(noUuid, "login").remove("uuid");
        Map<String, Object> badUuid = user(UUID.randomUUID(), "Bad", "Uuid");
        sub(badUuid, "login").put("uuid", "12345");
        Map<String, Object> noFirst = user(UUID.randomUUID(), "x", "NoFirst");
        sub(noFirst, "name").remove("first");
        Map<String, Object> emailArray = user(UUID.randomUUID(), "Email", "Array");
        emailArray.put("email", List.of("email.array@example.com"));
        Map<String, Object> nameString = user(UUID.randomUUID(), "Name", "String");
        nameString.put("name", "Name String");
        Map<String, Object> uuidNumber = user(UUID.randomUUID(), "Uuid", "Number");
        sub(uuidNumber, "login").put("uuid", 12345);
        Map<String, String> reasonByValue = Map.of(
                "<html>503 Service Unavailable</html>", "not JSON",
                json(noUuid), "schema: /login/uuid: required property missing",
                json(badUuid), "schema: /login/uuid: does not match pattern "
                        + "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                json(noFirst), "schema: /name/first: required property missing",
                json(emailArray), "schema: /email: expected string, got array",
                json(nameString), "schema: /name: expected object, got string",
                json(uuidNumber), "schema: /login/uuid: expected string, got integer");
        List<UUID> wrongTyped = List.of(UUID.fromString(sub(emailArray, "login").get("uuid").toString()),
                UUID.fromString(sub(nameString, "login").get("uuid").toString()));
        reasonByValue.keySet().forEach(v -> records.add(Map.entry("bad", v)));
        List<RecordMetadata> acks = send(bootstrap, topic, records);

        UserStream stream = UserStream.start(spark, settings(topic, checkpoint, Map.of()));
        awaitProcessed(stream.query(), records.size(), WAIT);
        stream.stopGracefully(STOP_WAIT);

        assertThat(countOf(storedIds(), ids)).isEqualTo(60);
        assertThat(countOf(storedIds(), wrongTyped)).as("a wrong-typed field never becomes a row").isZero();
        assertThat(stream.metrics().rowsWritten()).isEqualTo(60);
        assertThat(stream.metrics().rowsRejected()).isEqualTo(7);
        assertThat(stream.metrics().lagTotal()).isZero();
        assertThat(stream.metrics().lagByPartition()).containsOnlyKeys(topic + ".0", topic + ".1", topic + ".2");
        // Every written row is in the event-to-row latency histogram; a fresh checkpoint had no run before.
        assertThat(stream.metrics().latencyCount()).isEqualTo(60);
        assertThat(stream.metrics().restarts()).isZero();

        // One row in full: Persian names, postcode as string.
        UUID persian = ids.get(1);
        Row row = cql(s -> s.execute("SELECT * FROM spark_streams.created_users WHERE id = ?", persian).one());
        assertThat(row.getString("first_name")).isEqualTo("ریحانه");
        assertThat(row.getString("last_name")).isEqualTo("کامروا");
        assertThat(row.getString("gender")).isEqualTo("female");
        assertThat(row.getString("address")).isEqualTo("4512 Lindenstraße, Wolfenbüttel, Niedersachsen, Germany");
        assertThat(row.getString("post_code")).isEqualTo("FK7 1JQ");
        assertThat(row.getString("email")).isEqualTo("ریحانه.کامروا@example.com");
        assertThat(row.getString("username")).isEqualTo("user" + persian.toString().substring(0, 8));
        assertThat(row.getInstant("dob")).isEqualTo(Instant.parse("1993-07-20T09:44:18.674Z"));
        assertThat(row.getInstant("registered_date")).isEqualTo(Instant.parse("2015-05-27T06:04:40.219Z"));
        assertThat(row.getString("phone")).isEqualTo("0581-1234567");
        assertThat(row.getString("picture")).isEqualTo("https://randomuser.me/api/portraits/women/1.jpg");
        assertThat(row.getString("nationality")).isEqualTo("DE");
        assertThat(row.getInstant("ingested_at").toEpochMilli()).isEqualTo(acks.get(1).timestamp());
        Row numeric = cql(s -> s.execute("SELECT post_code FROM spark_streams.created_users WHERE id = ?", ids.get(0)).one());
        assertThat(numeric.getString("post_code")).isEqualTo("38302");

        // The rejects, each at its Kafka position with its raw value and reason.
        List<Row> rejected = cql(s -> s.execute(
                "SELECT * FROM spark_streams.rejected_users WHERE topic = ? AND partition IN (0, 1, 2)", topic).all());
        assertThat(rejected).hasSize(7);
        for (int i = 60; i < records.size(); i++) {
            RecordMetadata ack = acks.get(i);
            Row r = rejected.stream().filter(x -> x.getInt("partition") == ack.partition()
                    && x.getLong("offset") == ack.offset()).findFirst().orElseThrow();
            String value = records.get(i).getValue();
            assertThat(r.getString("raw_value")).isEqualTo(value);
            assertThat(r.getString("reason")).isEqualTo(reasonByValue.get(value));
            assertThat(r.getString("kafka_key")).isEqualTo("bad");
            assertThat(r.getInstant("kafka_timestamp").toEpochMilli()).isEqualTo(ack.timestamp());
            assertThat(r.getInstant("rejected_at")).isNotNull();
        }
    }

    @Test
    void stoppedMidStreamAndRestartedFromTheCheckpointNothingIsMissingOrRepeated(@TempDir Path checkpoint) throws Exception {
        String topic = "it_users_restart";
        createTopic(bootstrap, topic, 3);
        List<UUID> ids = new ArrayList<>();
        send(bootstrap, topic, validUsers(400, ids));
        JobSettings settings = settings(topic, checkpoint, Map.of("USERSTREAM_MAX_OFFSETS_PER_TRIGGER", "40"));

        UserStream first = UserStream.start(spark, settings);
        awaitProcessed(first.query(), 80, WAIT);
        first.stopGracefully(STOP_WAIT);
        List<StreamingQueryProgress> firstRun = withData(first.query().recentProgress());
        StreamingQueryProgress lastCommitted = firstRun.get(firstRun.size() - 1);
        assertThat(StreamTestSupport.processedOffsets(lastCommitted)).isLessThan(400);

        send(bootstrap, topic, validUsers(200, ids));
        UserStream second = UserStream.start(spark, settings);
        awaitProcessed(second.query(), 600, WAIT);
        second.stopGracefully(STOP_WAIT);
        List<StreamingQueryProgress> secondRun = withData(second.query().recentProgress());

        // The restart resumed exactly where the last committed batch ended...
        assertThat(ProgressLogger.offsets(secondRun.get(0).sources()[0].startOffset()))
                .isEqualTo(ProgressLogger.offsets(lastCommitted.sources()[0].endOffset()));
        // ...so the two runs together read every record once, and every record is a row.
        long read = firstRun.stream().mapToLong(StreamingQueryProgress::numInputRows).sum()
                + secondRun.stream().mapToLong(StreamingQueryProgress::numInputRows).sum();
        assertThat(read).isEqualTo(600);
        assertThat(countOf(storedIds(), ids)).isEqualTo(600);
        assertThat(first.metrics().rowsWritten() + second.metrics().rowsWritten()).isEqualTo(600);
        assertThat(second.metrics().restarts()).as("runs on this checkpoint before the second").isEqualTo(1);
    }

    @Test
    void rereadingTheTopicFromTheStartChangesNoRowCount(@TempDir Path checkpoint1, @TempDir Path checkpoint2)
            throws Exception {
        String topic = "it_users_replay";
        createTopic(bootstrap, topic, 3);
        List<UUID> ids = new ArrayList<>();
        List<Map.Entry<String, String>> records = validUsers(30, ids);
        records.add(Map.entry("bad", "not json at all"));
        send(bootstrap, topic, records);

        UserStream first = UserStream.start(spark, settings(topic, checkpoint1, Map.of()));
        awaitProcessed(first.query(), 31, WAIT);
        first.stopGracefully(STOP_WAIT);
        long rowsBefore = count("created_users");
        long rejectedBefore = count("rejected_users");

        UserStream replay = UserStream.start(spark, settings(topic, checkpoint2, Map.of("USERSTREAM_STARTING_OFFSETS", "earliest")));
        awaitProcessed(replay.query(), 31, WAIT);
        replay.stopGracefully(STOP_WAIT);

        assertThat(replay.metrics().rowsWritten()).isEqualTo(30);
        assertThat(countOf(storedIds(), ids)).isEqualTo(30);
        assertThat(count("created_users")).isEqualTo(rowsBefore);
        assertThat(count("rejected_users")).isEqualTo(rejectedBefore);
    }

    static long count(String table) {
        Long n = cql(s -> s.execute("SELECT count(*) FROM spark_streams." + table).one().getLong(0));
        return n;
    }

    static List<StreamingQueryProgress> withData(StreamingQueryProgress[] progress) {
        return Arrays.stream(progress).filter(p -> p.numInputRows() > 0).toList();
    }

    /** Calls on a new sink, made on this thread as foreachBatch makes them. */
    interface SinkCalls {
        void run(CassandraSink sink) throws Exception;
    }

    /**
     * The schema applied, then {@code calls} on a new sink as foreachBatch makes them: with a query id
     * on the thread, by which the speed layer keys its rows.
     */
    static void asForeachBatch(SinkCalls calls) throws Exception {
        CassandraSetup.applySchema(spark, settings("unused", Path.of("unused"), Map.of()));
        CassandraSink sink = new CassandraSink(new UserStreamMetrics(), new SpeedLayer(spark));
        spark.sparkContext().setLocalProperty("sql.streaming.queryId", UUID.randomUUID().toString());
        try {
            calls.run(sink);
        } finally {
            spark.sparkContext().setLocalProperty("sql.streaming.queryId", null);
        }
    }

    @Test
    void aReplayedOlderRecordNeverOverwritesTheRowANewerOneWrote() throws Exception {
        UUID id = UUID.randomUUID();
        java.sql.Timestamp older = java.sql.Timestamp.from(Instant.parse("2026-11-21T06:00:00Z"));
        java.sql.Timestamp newer = java.sql.Timestamp.from(Instant.parse("2026-11-21T06:00:05Z"));

        asForeachBatch(sink -> {
            sink.call(kafkaRow(id, "Newer", 11L, newer), 1L);
            sink.call(kafkaRow(id, "Older", 10L, older), 2L);   // a batch replayed after a crash, say
        });

        Row row = cql(s -> s.execute("SELECT first_name, writetime(first_name) AS wt FROM spark_streams.created_users WHERE id = ?",
                id).one());
        assertThat(row.getString("first_name")).isEqualTo("Newer");
        assertThat(row.getLong("wt")).isEqualTo(newer.getTime() * 1000 + 11);
    }

    @Test
    void anIdTwiceInOneBatchIsOneRowHoldingItsNewestRecordAndOneSpeedLayerVersion() throws Exception {
        UUID id = UUID.randomUUID();
        java.sql.Timestamp at = java.sql.Timestamp.from(Instant.parse("2026-11-21T06:00:00Z"));
        // Three records of one id in one batch, the newest first, one task each: written in any order.
        asForeachBatch(sink -> sink.call(kafkaRow(id, "Newest", 22L, at).union(kafkaRow(id, "Oldest", 20L, at))
                .union(kafkaRow(id, "Middle", 21L, at)).repartition(3), 1L));

        List<Row> rows = cql(s -> s.execute("SELECT first_name, writetime(first_name) AS wt FROM spark_streams.created_users"
                + " WHERE id = ?", id).all());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("first_name")).isEqualTo("Newest");
        assertThat(rows.get(0).getLong("wt")).isEqualTo(at.getTime() * 1000 + 22);
        Long versions = cql(s -> s.execute("SELECT count(*) FROM spark_streams.user_versions WHERE id = ?", id).one().getLong(0));
        assertThat(versions).as("one version of the id for the batch").isEqualTo(1L);
    }

    @Test
    void aKeyspaceWithAnotherReplicationThanConfiguredFailsTheStartNamingTheSettings() {
        CassandraSetup.applySchema(spark, settings("unused", Path.of("unused"), Map.of()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CassandraSetup.applySchema(spark,
                        settings("unused", Path.of("unused"), Map.of("CASSANDRA_REPLICATION_FACTOR", "3"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CASSANDRA_REPLICATION_FACTOR")
                .hasMessageContaining("'replication_factor': 3")
                .hasMessageContaining("replication_factor=1");
    }

    private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> kafkaRow(UUID id, String first, long offset,
                                                                                   java.sql.Timestamp at) {
        return spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
                id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                json(id, first, "Replay").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "users_created", 0, offset, at, 0)), UserRecordsTest.KAFKA_SCHEMA);
    }
}
