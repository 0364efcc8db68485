package io.userstream.ingest;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.userstream.ingest.source.RandomUserApi;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.WireMockResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.userstream.ingest.testing.IngestTestSupport.given;
import static io.userstream.ingest.testing.IngestTestSupport.ok;
import static io.userstream.ingest.testing.IngestTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** 5xx and timeouts retried, the circuit opening and closing again, and 429 Retry-After honoured. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class FaultToleranceTest {

    private static final String API = "/api/?";

    @Inject
    CircuitBreakerMaintenance circuits;

    @BeforeEach
    void reset() {
        circuits.reset(RandomUserApi.CIRCUIT);
        WireMockResource.server().resetAll();
    }

    @Test
    void serverErrorsAreRetriedUntilAnAnswerComes() {
        inSequence(aResponse().withStatus(503), aResponse().withStatus(500), ok("page-quirks.json"));

        run(5).statusCode(200).body("status", equalTo("succeeded")).body("published", equalTo(5));

        WireMockResource.server().verify(3, getRequestedFor(urlPathMatching(API)));
    }

    @Test
    void aTimeoutIsRetried() {
        inSequence(ok("page-quirks.json").withFixedDelay(2000), ok("page-quirks.json"));

        run(5).statusCode(200).body("status", equalTo("succeeded")).body("published", equalTo(5));

        WireMockResource.server().verify(2, getRequestedFor(urlPathMatching(API)));
    }

    @Test
    void circuitOpensOnRepeatedFailuresThenClosesWhenTheApiIsBack() {
        WireMockResource.server().stubFor(get(urlPathMatching(API)).willReturn(aResponse().withStatus(500)));

        run(5).statusCode(200).body("status", equalTo("failed")).body("failed", equalTo(5))
                .body("error", containsString("randomuser.me answered 500"));
        int attempts = WireMockResource.server().findAll(getRequestedFor(urlPathMatching(API))).size();
        assertThat(attempts).isEqualTo(4); // the call and three retries, then the circuit is open
        assertThat(circuits.currentState(RandomUserApi.CIRCUIT)).isEqualTo(CircuitBreakerState.OPEN);
        given().get("/q/health/ready").then().statusCode(503).body("checks.name", hasItem("randomuser-circuit"));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.not(containsString("userstream_source_circuit_state 0.0")));

        // open: fails fast, the API is not called
        run(5).statusCode(200).body("status", equalTo("failed")).body("error", containsString("CircuitBreakerOpenException"));
        WireMockResource.server().verify(attempts, getRequestedFor(urlPathMatching(API)));

        // the API is back: after the circuit's delay a trial call goes through and closes it
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching(API)).willReturn(ok("page-quirks.json")));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> "succeeded".equals(run(5).extract().path("status")));
        assertThat(circuits.currentState(RandomUserApi.CIRCUIT)).isEqualTo(CircuitBreakerState.CLOSED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void rateLimitIsAnsweredByWaitingForRetryAfter() {
        inSequence(aResponse().withStatus(429).withHeader("Retry-After", "1"), ok("page-quirks.json"));

        run(5).statusCode(200).body("status", equalTo("succeeded")).body("published", equalTo(5));

        List<LoggedRequest> requests = WireMockResource.server().findAll(getRequestedFor(urlPathMatching(API)));
        assertThat(requests).hasSize(2);
        long gapMillis = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(gapMillis).as("second request waited for Retry-After: 1").isGreaterThanOrEqualTo(1000);
        assertThat(circuits.currentState(RandomUserApi.CIRCUIT)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    /** Each request gets the next answer; the last one repeats. */
    private static void inSequence(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "step-" + (i + 1);
            WireMockResource.server().stubFor(get(urlPathMatching(API)).inScenario("sequence")
                    .whenScenarioStateIs(state).willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }
}
