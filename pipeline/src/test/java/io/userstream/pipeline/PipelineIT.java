package io.userstream.pipeline;

import io.userstream.pipeline.chaos.RandomUserStub;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.RecordHeaders;
import io.userstream.contract.Topics;
import io.userstream.contract.env.EnvVar;
import io.userstream.localstack.ServerNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.userstream.pipeline.chaos.ChaosRun;
import io.userstream.pipeline.chaos.ExactlyOnceCheck;
import io.userstream.pipeline.chaos.Fault;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, started exactly as `make run` starts it (schedule off), randomuser.me replaced by a
 * stub serving the API's format with its quirks: 5,000 users through the manual-run endpoint, then
 * every published user is a row with the right values, the broken ones are in the dead-letter places
 * with reasons, and the user API serves what the job wrote.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final int USERS = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RandomUserStub api;
    private static Pipeline pipeline;
    private static CqlSession cql;

    @BeforeAll
    static void startPipeline() throws Exception {
        api = new RandomUserStub();
        RepoLayout repo = RepoLayout.find();
        PipelineSettings settings = new PipelineSettings(repo.root().resolve("pipeline/target/e2e"), true,
                PipelineSettings.SOURCE_RANDOMUSER, false, 0, 0, Map.of(EnvVar.RANDOMUSER_BASE_URL.name(), api.baseUrl()), Map.of());
        pipeline = Pipeline.start(settings, repo);
        cql = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(pipeline.stack().cassandra().host(), pipeline.stack().cassandra().port()))
                .withLocalDatacenter(pipeline.stack().cassandra().localDatacenter())
                .build();
    }

    @AfterAll
    static void stopPipeline() {
        if (cql != null) {
            cql.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void usersFlowFromTheApiShapeToCassandraAndBackOutOfTheUserApi() throws Exception {
        JsonNode run = manualRun(USERS);
        assertThat(run.path("fetched").asInt()).isEqualTo(USERS);
        int published = run.path("published").asInt();
        int rejected = run.path("rejected").asInt();
        assertThat(rejected).as("results without login.uuid").isEqualTo(RandomUserStub.missingUuids(USERS));
        assertThat(published).isEqualTo(USERS - rejected);

        Map<String, JsonNode> sent = readTopic(Topics.USERS_CREATED);
        assertThat(sent).hasSize(published);

        List<ConsumerRecord<String, String>> dead = readRecords(Topics.USERS_CREATED_DLQ);
        assertThat(dead).hasSize(rejected);
        assertThat(dead).allSatisfy(r -> assertThat(header(r, RecordHeaders.DLQ_REASON)).isNotBlank());

        // Records no ingest service would send, straight into the topic: the job must park them, not stop.
        List<String> broken = List.of("this is not json", "{\"name\":{\"first\":\"No\",\"last\":\"Uuid\"}}",
                "{\"login\":{\"uuid\":\"not-a-uuid\"}}");
        produce(broken);

        awaitAtLeast(() -> count(CassandraSchema.USERS_TABLE), published, "rows in created_users");
        awaitAtLeast(() -> count(CassandraSchema.REJECTED_TABLE), broken.size(), "rows in rejected_users");

        Map<UUID, Row> rows = new HashMap<>();
        for (Row row : cql.execute("SELECT * FROM " + CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE)) {
            rows.put(row.getUuid("id"), row);
        }
        assertThat(rows).hasSize(published);
        for (Map.Entry<String, JsonNode> e : sent.entrySet()) {
            Row row = rows.get(UUID.fromString(e.getKey()));
            JsonNode user = e.getValue();
            assertThat(row).as("row for %s", e.getKey()).isNotNull();
            assertThat(row.getString("first_name")).isEqualTo(user.path("name").path("first").asText());
            assertThat(row.getString("last_name")).isEqualTo(user.path("name").path("last").asText());
            assertThat(row.getString("email")).isEqualTo(user.path("email").asText());
            assertThat(row.getString("username")).isEqualTo(user.path("login").path("username").asText());
            assertThat(row.getString("post_code")).isEqualTo(user.path("location").path("postcode").asText());
            assertThat(row.getString("picture")).isEqualTo(user.path("picture").path("large").asText());
            assertThat(row.getString("nationality")).isEqualTo(user.path("nat").asText());
        }

        List<Row> parked = cql.execute("SELECT reason, raw_value FROM " + CassandraSchema.KEYSPACE + "."
                + CassandraSchema.REJECTED_TABLE).all();
        assertThat(parked).extracting(r -> r.getString("raw_value")).containsAll(broken);
        assertThat(parked).allSatisfy(r -> assertThat(r.getString("reason")).isNotBlank());

        String someId = sent.keySet().iterator().next();
        HttpResponse<String> user = Http.get(pipeline.ingestUrl() + "/api/users/" + someId);
        assertThat(user.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(user.body());
        assertThat(body.toString()).contains(someId)
                .contains(sent.get(someId).path("name").path("first").asText());

        statsEqualADirectCountAcrossABatchRun(published);
    }

    /**
     * The batch layer end to end: the batch job (as `make batch` runs it) over what is there, more
     * users through the stream, then GET /api/stats is the batch run's part plus the stream's part and
     * equals a count over created_users (BatchLayerIT covers replays and runs during the stream).
     */
    private static void statsEqualADirectCountAcrossABatchRun(int before) throws Exception {
        String summary = BatchRunner.runOnce(RepoLayout.find(), pipeline.stack().cassandra().contactPoint(),
                pipeline.stack().dataDir().resolveSibling("logs").resolve("batch.log"), Duration.ofMinutes(5));
        assertThat(summary).contains(BatchRunner.DONE_MARKER);
        int more = manualRun(300).path("published").asInt();
        awaitAtLeast(() -> count(CassandraSchema.USERS_TABLE), before + more, "rows in created_users after the batch run");

        JsonNode stats = JSON.readTree(Http.get(pipeline.ingestUrl() + "/api/stats").body());
        assertThat(stats.path("batchAsOf").isTextual()).as(stats.toString()).isTrue();
        assertThat(stats.path("total").path("batch").asLong()).isEqualTo(before);
        assertThat(stats.path("total").path("speed").asLong()).isEqualTo(more);
        Map<String, Long> served = new java.util.TreeMap<>();
        served.put("total", stats.path("total").path("total").asLong());
        stats.path("byNationality").fields().forEachRemaining(e -> served.put("nat:" + e.getKey(), e.getValue().path("total").asLong()));
        stats.path("byGender").fields().forEachRemaining(e -> served.put("gender:" + e.getKey(), e.getValue().path("total").asLong()));
        Map<String, Long> direct = new java.util.TreeMap<>();
        for (Row row : cql.execute("SELECT nationality, gender FROM " + CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE)) {
            direct.merge("total", 1L, Long::sum);
            direct.merge("nat:" + row.getString(0), 1L, Long::sum);
            direct.merge("gender:" + row.getString(1), 1L, Long::sum);
        }
        assertThat(served).isEqualTo(direct);
    }

    /**
     * The bounded chaos run of `make test` on this pipeline (`make chaos` runs the same harness for
     * 15 minutes): kill -9 of the job, Kafka, Cassandra and the ingest service, pauses of Kafka and
     * Cassandra longer than their clients' timeouts, a graceful restart of the ingest service, each
     * once, in an order drawn from a fixed seed, each while a manual run flows (synthetic users, and
     * every other run from the API's stub, which interleaves 5xx, 429 with Retry-After, error bodies
     * and a timeout with its good pages), each healed as Kubernetes would. The load is a fixed number of users (2 runs of 2,500 between
     * faults: 40,000), so a slow machine makes it longer, never larger. Then, once the job has
     * committed the topic's end: nothing lost or doubled, every row the newest record of its user,
     * the rejects exactly the invalid records (checked with Kafka's and Cassandra's own clients).
     */
    @Test
    @Order(2)
    void underKillsPausesAndRestartsNothingIsLostOrDoubled() throws Exception {
        long seed = Long.getLong("chaos.seed", 20261203L);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        ChaosRun.Report report = ChaosRun.run(new ChaosRun.Settings(seed, Duration.ZERO, 2_500, 2, Duration.ofSeconds(8),
                Duration.ofMinutes(3), Duration.ofMinutes(8), null, Fault.values().length), pipeline, api, line -> {
                    log.add(line);
                    System.out.println("chaos: " + line);
                });
        System.out.println(report.table());

        assertThat(report.injected()).as("every kind of fault once").hasSize(Fault.values().length)
                .allSatisfy((fault, times) -> assertThat(times).isOne());
        assertThat(report.caughtUp()).as("the job caught up before the check: " + report.catchUp()).isTrue();
        // Every other run came from the API's stub, its faults interleaved with good pages.
        assertThat(report.apiFaults()).as(report.table()).hasSize(RandomUserStub.ApiFault.values().length)
                .allSatisfy((fault, times) -> assertThat(times).as(fault.label).isPositive());
        assertThat(report.apiPages()).as(report.table()).isPositive();
        assertThat(report.usersRequested()).as("a fixed number of users").isEqualTo(2_500L * 2 * (Fault.values().length + 1));
        assertThat(report.check().lost()).as(report.table()).isZero();
        assertThat(report.check().duplicatedRows()).as(report.table()).isZero();
        assertThat(report.check().phantomRows()).as(report.table()).isZero();
        assertThat(report.check().staleRows()).as(report.table()).isZero();
        assertThat(report.check().misfiledRejects()).as(report.table()).isZero();
        assertThat(report.check().invalidRecords()).as("broken records were produced during the faults").isPositive();
        assertThat(report.check().changedIds()).as("users sent in versions of different values: the newest one must win").isPositive();
        assertThat(report.overBound().values()).as(report.table()).allMatch(n -> n == 0);
        assertThat(report.reportedPublished()).as("users reported published").isPositive()
                .as("every user reported published is in users_created").isLessThanOrEqualTo(report.check().validRecords());
        // make run's Supervisor (RunMain ticks the same class over the same four processes) brought back each one killed.
        for (ServerNode node : pipeline.processes()) {
            assertThat(log).as("the supervisor restarted %s after kill -9", node.name())
                    .anyMatch(l -> l.startsWith(node.name() + " restarted ("));
        }
        // The Cassandra client runs on its own I/O threads: no deadlock warning on a 2-core machine.
        assertThat(java.nio.file.Files.readString(pipeline.ingest().logFile()))
                .doesNotContain("event loop pool size is too small");
    }

    private static JsonNode manualRun(int count) throws Exception {
        HttpResponse<String> response = Http.post(pipeline.ingestUrl() + "/api/ingest/runs?count=" + count, Duration.ofSeconds(120));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        JsonNode run = JSON.readTree(response.body());
        String id = run.path("id").asText();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!finished(run) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            for (JsonNode r : JSON.readTree(Http.get(pipeline.ingestUrl() + "/api/ingest/runs").body())) {
                if (id.equals(r.path("id").asText())) {
                    run = r;
                }
            }
        }
        assertThat(finished(run)).as("run %s finished: %s", id, run).isTrue();
        return run;
    }

    private static boolean finished(JsonNode run) {
        String status = run.path("status").asText("").toUpperCase();
        return status.equals("SUCCEEDED") || status.equals("COMPLETED") || status.equals("FAILED") || status.equals("DONE")
                || status.equals("FINISHED") || status.equals("PARTIAL");
    }

    private static Map<String, JsonNode> readTopic(String topic) throws Exception {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : readRecords(topic)) {
            byKey.put(r.key(), JSON.readTree(r.value()));
        }
        return byKey;
    }

    /** The topic up to its end offsets: everything the run published, duplicates included (counted by the callers). */
    private static List<ConsumerRecord<String, String>> readRecords(String topic) {
        return ExactlyOnceCheck.readAll(pipeline.stack().kafka().bootstrapServers(), topic);
    }

    private static void produce(List<String> values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.stack().kafka().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(Topics.USERS_CREATED, "broken", v)).get();
            }
        }
    }

    private static long count(String table) {
        try {
            return cql.execute("SELECT COUNT(*) FROM " + CassandraSchema.KEYSPACE + "." + table).one().getLong(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void awaitAtLeast(LongSupplier actual, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen = actual.getAsLong();
        while (seen < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            seen = actual.getAsLong();
        }
        assertThat(seen).as(what + " (Spark log: " + pipeline.spark().logFile() + ")").isGreaterThanOrEqualTo(expected);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
