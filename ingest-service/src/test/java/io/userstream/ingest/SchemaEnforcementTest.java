package io.userstream.ingest;

import io.userstream.contract.ContractExamples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.contract.RecordHeaders;
import io.userstream.contract.Topics;
import io.userstream.ingest.testing.ContractCases;
import io.userstream.ingest.testing.Fixtures;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TopicReader;
import io.userstream.ingest.testing.WireMockResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.userstream.ingest.testing.IngestTestSupport.given;
import static io.userstream.ingest.testing.IngestTestSupport.ok;
import static io.userstream.ingest.testing.IngestTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The users_created contract enforced before publishing, against a real Kafka: each kind of
 * violation the API was seen to send is dead-lettered with the path and rule, never published;
 * duplicates within a page; a body cut short fetched again, and what is kept when it stays broken.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class SchemaEnforcementTest {

    private static final String API = "/api/?";
    private static final String KEPT = "7a0eed16-9430-4d68-901f-c0d4c1c3bf00";

    @BeforeEach
    void reset() {
        WireMockResource.server().resetAll();
    }

    @Test
    void eachViolationIsDeadLetteredWithItsPathAndRuleAndNeverPublished() {
        JsonNode valid = ContractExamples.exampleWithUuid(KEPT);
        JsonNode emailArray = ContractExamples.exampleWithUuid("11111111-1111-4111-8111-111111111111");
        ((ObjectNode) emailArray).putArray("email").add("x@example.com");
        JsonNode nameString = ContractExamples.exampleWithUuid("22222222-2222-4222-8222-222222222222");
        ((ObjectNode) nameString).put("name", "Jennie Nichols");
        JsonNode uuidNumber = ContractExamples.example();
        ((ObjectNode) uuidNumber.get("login")).put("uuid", 12345);
        JsonNode duplicate = ContractExamples.exampleWithUuid(KEPT);
        ((ObjectNode) duplicate).put("email", "someone.else@example.com");
        stub(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(ContractCases.page(List.of(valid, emailArray, nameString, uuidNumber, duplicate))));

        String runId = run(5).statusCode(200).body("status", equalTo("succeeded")).body("fetched", equalTo(5))
                .body("published", equalTo(1)).body("rejected", equalTo(4)).extract().path("id");

        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 1, Duration.ofSeconds(20))).singleElement()
                .satisfies(r -> {
                    assertThat(r.key()).isEqualTo(KEPT);
                    assertThat(r.value()).isEqualTo(valid.toString());
                });
        Map<String, String> reasons = TopicReader.recordsOfRun(Topics.USERS_CREATED_DLQ, runId, 4, Duration.ofSeconds(20)).stream()
                .collect(Collectors.toMap(ConsumerRecord::value, r -> TopicReader.header(r, RecordHeaders.DLQ_REASON)));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                emailArray.toString(), "schema: /email: expected string, got array",
                nameString.toString(), "schema: /name: expected object, got string",
                uuidNumber.toString(), "schema: /login/uuid: expected string, got integer",
                duplicate.toString(), "duplicate_login_uuid: result 5 of the page has the login.uuid of result 1 (different content);"
                        + " the first is kept"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("userstream_users_rejected_total{reason=\"schema\"}"))
                .body(containsString("userstream_users_rejected_total{reason=\"duplicate_login_uuid\"}"));
    }

    @Test
    void aBodyCutShortIsFetchedAgainAndTheWholePagePublished() {
        String body = Fixtures.body("page-quirks.json");
        inSequence(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.substring(0, body.length() / 2)), ok("page-quirks.json"));

        String runId = run(5).statusCode(200).body("status", equalTo("succeeded")).body("published", equalTo(5))
                .body("rejected", equalTo(0)).extract().path("id");

        WireMockResource.server().verify(2, getRequestedFor(urlPathMatching(API)));
        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 5, Duration.ofSeconds(20))).hasSize(5);
        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED_DLQ, runId, 0, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void aBodyCutShortEveryTimeKeepsItsCompleteResultsAndDeadLettersTheRest() {
        String body = Fixtures.body("page-quirks.json");
        int cut = body.indexOf("\"نازنین زهرا\"");
        stub(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.substring(0, cut)));

        String runId = run(5).statusCode(200).body("status", equalTo("succeeded")).body("fetched", equalTo(2))
                .body("published", equalTo(2)).body("rejected", equalTo(1)).extract().path("id");

        WireMockResource.server().verify(4, getRequestedFor(urlPathMatching(API)));
        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 2, Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(KEPT, "0f3c6e2b-2d1a-4c55-9a0e-6b7f5f1d2c31");
        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED_DLQ, runId, 1, Duration.ofSeconds(20))).singleElement()
                .satisfies(r -> {
                    assertThat(TopicReader.header(r, RecordHeaders.DLQ_REASON)).startsWith("response_not_json: Unexpected end-of-input")
                            .endsWith("; 2 complete results before it)");
                    assertThat(r.key()).isNull();
                    assertThat(r.value()).startsWith(",{\"gender\":\"female\",\"name\":{\"title\":\"Miss\",\"first\":");
                });
    }

    private static void stub(ResponseDefinitionBuilder answer) {
        WireMockResource.server().stubFor(get(urlPathMatching(API)).willReturn(answer));
    }

    /** Each request gets the next answer; the last one repeats. */
    private static void inSequence(ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "step-" + (i + 1);
            WireMockResource.server().stubFor(get(urlPathMatching(API)).inScenario("sequence")
                    .whenScenarioStateIs(state).willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }
}
