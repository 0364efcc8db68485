package io.userstream.ingest;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.userstream.contract.CassandraSchema;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.SparkMetricsResource;
import io.userstream.ingest.testing.WireMockResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.userstream.ingest.testing.IngestTestSupport.given;
import static io.userstream.ingest.testing.IngestTestSupport.run;
import static io.userstream.ingest.testing.IngestTestSupport.stubAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The dashboard's JSON against real Kafka and Cassandra: rates from the service's own counters,
 * analytics and latest users from created_users, dead letters from the Kafka topic and
 * rejected_users, the job's figures from its Prometheus endpoint (here a small HTTP server
 * answering the servlet's format, as spark-app's README shows it; the browser test reads the real job's).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(SparkMetricsResource.class)
class DashboardApiTest {

    static final String SPARK_METRICS = """
            metrics_userstream_driver_userstream_rowsWritten_Count{type="counters"} 1234
            metrics_userstream_driver_userstream_rowsRejected_Count{type="counters"} 5
            metrics_userstream_driver_userstream_lag_total_Value{type="gauges"} 42
            metrics_userstream_driver_userstream_lag_users_created_0_Value{type="gauges"} 40
            metrics_userstream_driver_userstream_lastBatchDurationMs_Value{type="gauges"} 850
            metrics_userstream_driver_userstream_lastBatchInputRows_Value{type="gauges"} 300
            metrics_userstream_driver_userstream_lastBatchEndedAtMs_Value{type="gauges"} 1764748800000
            metrics_userstream_driver_spark_streaming_users_created_to_cassandra_processingRate_total_Value{type="gauges"} 1.04
            """;
    static final String INSERT = "INSERT INTO spark_streams.created_users (id, first_name, last_name, gender, dob, registered_date, "
            + "picture, nationality, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?";

    @Inject
    QuarkusCqlSession session;

    @BeforeEach
    void emptyTables() {
        CassandraSchema.statements(CassandraSchema.simpleReplication(1)).forEach(session::execute);
        session.execute("TRUNCATE spark_streams.created_users");
        session.execute("TRUNCATE spark_streams.rejected_users");
    }

    @Test
    void pageRedirectsToItsStaticFileAndItsAssetsAreServedByTheService() {
        given().redirects().follow(false).get("/dashboard").then().statusCode(303)
                .header("Location", equalTo("dashboard/"));
        given().get("/dashboard").then().statusCode(200).body(containsString("<title>userstream dashboard</title>"));
        String html = given().get("/dashboard/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(html).doesNotContain("@uplot.version@").doesNotContain("//cdn").doesNotContain("https://");
        for (String asset : List.of("dashboard.js", "dashboard.css")) {
            given().get("/dashboard/" + asset).then().statusCode(200);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.\\./(webjars/[^\"]+)\"").matcher(html);
        int webjars = 0;
        while (m.find()) {
            given().get("/" + m.group(1)).then().statusCode(200);
            webjars++;
        }
        assertThat(webjars).as("uPlot's script and stylesheet").isEqualTo(2);
    }

    @Test
    void ratesFollowTheServicesCountersAfterARun() {
        stubAll("page-two.json");
        double before = given().get("/api/dashboard/rates").then().statusCode(200).extract().jsonPath().getDouble("publishedTotal");
        Instant ranAt = Instant.now();
        run(5).statusCode(200).body("published", equalTo(5));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonPath rates = given().get("/api/dashboard/rates").then().statusCode(200).extract().jsonPath();
            assertThat(rates.getInt("intervalSeconds")).isEqualTo(2);
            assertThat(rates.getDouble("publishedTotal")).isEqualTo(before + 5);
            List<Map<String, Object>> points = rates.getList("points");
            assertThat(points).as("a sample since the run shows the publishing")
                    .anyMatch(p -> Instant.parse((String) p.get("at")).isAfter(ranAt) && ((Number) p.get("published")).doubleValue() > 0);
        });
    }

    @Test
    void pipelineShowsScheduleCircuitLastRunAndTheJobsFigures() {
        stubAll("page-two.json");
        SparkMetricsResource.serve(SPARK_METRICS);
        String id = run(5).statusCode(200).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/dashboard/pipeline").then().statusCode(200)
                .body("job.reachable", equalTo(true))
                .body("job.lag", equalTo(42))
                .body("job.rowsWritten", equalTo(1234))
                .body("job.rowsRejected", equalTo(5))
                .body("job.lastBatchDurationMs", equalTo(850))
                .body("job.lastBatchInputRows", equalTo(300))
                .body("job.lastBatchEndedAt", equalTo("2025-12-03T08:00:00Z")));
        given().get("/api/dashboard/pipeline").then()
                .body("schedule.paused", equalTo(true))
                .body("circuit", equalTo("closed"))
                .body("lastRun.id", equalTo(id))
                .body("lastRun.published", equalTo(5))
                .body("maxRunSize", equalTo(100000))
                .body("serving", nullValue()); // the page reads GET /api/stats for that (StatsApiTest)

        // the job gone: said so, with the reason
        SparkMetricsResource.serve(null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/dashboard/pipeline").then()
                .body("job.configured", equalTo(true))
                .body("job.reachable", equalTo(false))
                .body("job.error", equalTo("HTTP 404"))
                .body("job.lag", nullValue()));
    }

    @Test
    void usersAreCountedByNationalityGenderAgeAndTheLatestComeFirst() {
        Instant now = Instant.now();
        int year = LocalDate.now(ZoneOffset.UTC).getYear();
        insert("Ana", "Silva", "female", year - 25, 2010, "BR", now.minusSeconds(30), 400);
        insert("Jörg", "Müller", "male", year - 45, 2015, "DE", now.minusSeconds(20), 1500);
        insert("Zoé", "Lefèvre", "female", year - 45, 2015, "FR", now.minusSeconds(10), 3000);
        UUID newest = insert("Émile", "Martin", "male", year - 75, 2015, "FR", now.minusSeconds(5), 70_000);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/dashboard/users").then().statusCode(200)
                .body("rows", equalTo(4))
                .body("complete", equalTo(true)));
        JsonPath users = given().get("/api/dashboard/users").then().extract().jsonPath();
        assertThat(counts(users, "nationality")).containsExactly(Map.entry("FR", 2L), Map.entry("BR", 1L), Map.entry("DE", 1L));
        assertThat(counts(users, "gender")).containsExactly(Map.entry("female", 2L), Map.entry("male", 2L));
        assertThat(counts(users, "ageBuckets")).containsEntry("20–29", 1L).containsEntry("40–49", 2L).containsEntry("70+", 1L)
                .containsEntry("under 20", 0L);
        assertThat(counts(users, "registrationYears")).containsExactly(Map.entry("2010", 1L), Map.entry("2015", 3L));
        assertThat(counts(users, "delay")).containsEntry("< 0.5 s", 1L).containsEntry("1 s–2 s", 1L).containsEntry("2 s–5 s", 1L)
                .containsEntry("≥ 60 s", 1L);
        assertThat(users.getLong("delayP50Ms")).isEqualTo(1500);
        assertThat(users.getLong("delayP95Ms")).isEqualTo(70_000);
        assertThat(users.getList("rowsPerMinute")).hasSize(30);
        assertThat(users.getList("rowsPerMinute.count", Integer.class).stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        assertThat(users.getList("latest.name", String.class)).containsExactly("Émile Martin", "Zoé Lefèvre", "Jörg Müller", "Ana Silva");
        assertThat(users.getString("latest[0].id")).isEqualTo(newest.toString());
        assertThat(users.getString("latest[0].nationality")).isEqualTo("FR");
    }

    @Test
    void pictureIsServedByTheServiceOrInitialsWhenItsHostCannotBeReached() {
        UUID id = insert("Zoé", "Lefèvre", "female", 1990, 2015, "FR", Instant.now(), 10);
        // the stored URL points at randomuser.me, which this machine cannot reach
        given().get("/api/dashboard/users/" + id + "/picture").then().statusCode(200)
                .contentType("image/svg+xml").body(containsString(">ZL</text>"));
        given().get("/api/dashboard/users/" + UUID.randomUUID() + "/picture").then().statusCode(404)
                .body("error", containsString("no user with id"));
        given().get("/api/dashboard/users/nope/picture").then().statusCode(400);
    }

    @Test
    void deadLettersOfBothStagesWithTheirReasons() {
        stubAll("error-body.json");
        run(5).statusCode(200).body("rejected", equalTo(1));
        session.execute(session.prepare("INSERT INTO spark_streams.rejected_users (topic, partition, offset, reason, raw_value, "
                        + "kafka_key, kafka_timestamp, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind("users_created", 2, 17L, "value_not_json", "{not json", "k-17", Instant.now(), Instant.now()));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/dashboard/dead-letters").then().statusCode(200)
                .body("ingestTopic", equalTo("users_created_dlq"))
                .body("ingest[0].stage", equalTo("ingest-service"))
                .body("ingest[0].reason", containsString("api_error"))
                .body("job[0].stage", equalTo("spark-job"))
                .body("job[0].reason", equalTo("value_not_json"))
                .body("job[0].partition", equalTo(2))
                .body("job[0].offset", equalTo(17))
                .body("job[0].value", equalTo("{not json"))
                .body("errors.size()", equalTo(0)));
    }

    private UUID insert(String first, String last, String gender, int bornYear, int registeredYear, String nat, Instant ingestedAt,
                        long writtenAfterMs) {
        UUID id = UUID.randomUUID();
        long writeMicros = (ingestedAt.toEpochMilli() + writtenAfterMs) * 1000;
        session.execute(session.prepare(INSERT).bind(id, first, last, gender,
                LocalDate.of(bornYear, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                LocalDate.of(registeredYear, 6, 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                "https://randomuser.me/api/portraits/women/1.jpg", nat, ingestedAt, writeMicros));
        return id;
    }

    private static Map<String, Long> counts(JsonPath json, String path) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> list = json.getList(path);
        list.forEach(c -> out.put((String) c.get("label"), ((Number) c.get("count")).longValue()));
        return out;
    }
}
