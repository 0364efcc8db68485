package io.userstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.contract.RecordHeaders;
import io.userstream.contract.Topics;
import io.userstream.ingest.testing.Fixtures;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TopicReader;
import io.userstream.ingest.testing.WireMockResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.userstream.ingest.testing.IngestTestSupport.given;
import static io.userstream.ingest.testing.IngestTestSupport.ok;
import static io.userstream.ingest.testing.IngestTestSupport.run;
import static io.userstream.ingest.testing.IngestTestSupport.stubAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** randomuser.me (stubbed with real responses) -> users_created / users_created_dlq, through a manual run. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class RandomUserIngestTest {

    @Test
    void publishesEachUserAsReceivedWithKeyAndHeadersAndDeadLettersTheOneWithoutUuid() throws Exception {
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?"))
                .withQueryParam("results", WireMock.equalTo("5")).willReturn(ok("page-quirks.json")));
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?"))
                .withQueryParam("results", WireMock.equalTo("1")).willReturn(ok("page-missing-uuid.json")));

        String runId = run(6).statusCode(200)
                .body("status", equalTo("succeeded")).body("fetched", equalTo(6)).body("published", equalTo(5))
                .body("rejected", equalTo(1)).body("failed", equalTo(0)).body("trigger", equalTo("manual"))
                .extract().path("id");

        // two pages (page size 5 in tests), with page numbers because a seed is configured
        WireMockResource.server().verify(1, getRequestedFor(urlPathMatching("/api/?"))
                .withQueryParam("results", WireMock.equalTo("5"))
                .withQueryParam("page", WireMock.equalTo("1")));
        WireMockResource.server().verify(1, getRequestedFor(urlPathMatching("/api/?"))
                .withQueryParam("results", WireMock.equalTo("1"))
                .withQueryParam("page", WireMock.equalTo("2")));

        List<ConsumerRecord<String, String>> records = TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 5, Duration.ofSeconds(20));
        Map<String, JsonNode> expected = Fixtures.results("page-quirks.json").stream()
                .collect(Collectors.toMap(n -> n.path("login").path("uuid").asText(), Function.identity()));
        assertThat(records).hasSize(5);
        for (ConsumerRecord<String, String> r : records) {
            assertThat(expected).containsKey(r.key());
            assertThat(Fixtures.JSON.readTree(r.value())).isEqualTo(expected.get(r.key()));
            assertThat(TopicReader.header(r, RecordHeaders.SOURCE)).isEqualTo("randomuser");
            assertThat(TopicReader.header(r, RecordHeaders.API_SEED)).isEqualTo("56d27f4a53bd5441");
            assertThat(TopicReader.header(r, RecordHeaders.API_VERSION)).isEqualTo("1.4");
            assertThat(TopicReader.header(r, RecordHeaders.SCHEMA_VERSION)).isEqualTo(RecordHeaders.CURRENT_SCHEMA_VERSION);
            assertThat(Instant.parse(TopicReader.header(r, RecordHeaders.FETCHED_AT))).isBefore(Instant.now());
        }
        Map<String, String> byKey = records.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
        // quirks kept as received: numeric and string postcodes, null id.value, Persian / Cyrillic / accented names
        assertThat(byKey.get("7a0eed16-9430-4d68-901f-c0d4c1c3bf00")).contains("\"postcode\":63104");
        assertThat(byKey.get("0f3c6e2b-2d1a-4c55-9a0e-6b7f5f1d2c31")).contains("\"postcode\":\"N5 2HE\"");
        assertThat(byKey.get("c4168eac-84b8-46ea-b735-c9da9bfb97fd")).contains("\"first\":\"نازنین زهرا\"", "\"value\":null");
        assertThat(byKey.get("5e1d3b7a-9c2f-4e8d-a6b4-1f0e2d3c4b5a")).contains("\"last\":\"Шевченко\"");
        assertThat(byKey.get("e7c2a9f1-3b4d-4a6c-8e0f-9a1b2c3d4e5f")).contains("\"first\":\"Begoña\"", "\"last\":\"Muñoz\"");

        List<ConsumerRecord<String, String>> dead = TopicReader.recordsOfRun(Topics.USERS_CREATED_DLQ, runId, 1, Duration.ofSeconds(20));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(TopicReader.header(r, RecordHeaders.DLQ_REASON)).isEqualTo("schema: /login/uuid: required property missing");
            assertThat(r.value()).contains("\"first\":\"Loïc\"");
        });

        given().get("/api/ingest/runs").then().statusCode(200).body("id", hasItem(runId));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("userstream_users_rejected_total{reason=\"schema\"}"));
    }

    @Test
    void errorBodyIsDeadLetteredWithItsReason() {
        stubAll("error-body.json");
        String runId = run(3).statusCode(200)
                .body("status", equalTo("succeeded")).body("fetched", equalTo(0)).body("published", equalTo(0))
                .body("rejected", equalTo(1)).body("failed", equalTo(3)).extract().path("id");

        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED_DLQ, runId, 1, Duration.ofSeconds(20))).singleElement()
                .satisfies(r -> {
                    assertThat(TopicReader.header(r, RecordHeaders.DLQ_REASON)).startsWith("api_error: Uh oh, something has gone wrong");
                    assertThat(r.value()).contains("\"error\"");
                });
        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 0, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void bodyThatIsNotJsonIsFetchedAgainThenDeadLettered() {
        stubAll("not-json.html");
        String runId = run(2).statusCode(200).body("rejected", equalTo(1)).body("published", equalTo(0)).extract().path("id");

        // the first attempt and 3 retries (max-malformed-retries), then the body is dead-lettered whole
        WireMockResource.server().verify(4, getRequestedFor(urlPathMatching("/api/?")));
        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED_DLQ, runId, 1, Duration.ofSeconds(20))).singleElement()
                .satisfies(r -> {
                    assertThat(TopicReader.header(r, RecordHeaders.DLQ_REASON)).startsWith("response_not_json: Unexpected character ('<'")
                            .endsWith("(at char 0 of 142; 0 complete results before it)");
                    assertThat(r.value()).startsWith("<html>");
                });
    }

    @Test
    void runSizeIsValidated() {
        given().queryParam("count", 0).post("/api/ingest/runs").then().statusCode(400);
        given().queryParam("count", 100_001).post("/api/ingest/runs").then().statusCode(400)
                .body("error", startsWith("count must be at most"));
    }

    @Test
    void aBodyOverTheLimitFailsTheRunClearlyWithoutRetrying() {
        String huge = Fixtures.body("page-quirks.json").replaceFirst("\\{", "{" + " ".repeat(100_000));
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).willReturn(ok("page-quirks.json").withBody(huge)));

        run(5).statusCode(200).body("status", equalTo("failed")).body("published", equalTo(0))
                .body("error", org.hamcrest.Matchers.containsString("over the limit of 65536 bytes"));
        WireMockResource.server().verify(1, getRequestedFor(urlPathMatching("/api/?")));
    }
}
