package io.userstream.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.WireMockResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.userstream.ingest.testing.IngestTestSupport.given;
import static io.userstream.ingest.testing.IngestTestSupport.ok;
import static io.userstream.ingest.testing.IngestTestSupport.stubAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The schedule (every 1 s in tests): paused at start, resumed and paused over HTTP; bad answers do not stop it. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class ScheduleTest {

    @AfterEach
    void pauseAgain() {
        given().post("/api/ingest/schedule/pause").then().statusCode(200);
    }

    @Test
    void resumeStartsTicksThatKeepGoingThroughBadResponsesAndPauseStopsThem() throws InterruptedException {
        stubAll("error-body.json");
        given().get("/api/ingest/schedule").then().statusCode(200).body("paused", equalTo(true));
        Instant resumedAt = Instant.now();

        given().post("/api/ingest/schedule/resume").then().statusCode(200).body("paused", equalTo(false));
        await().atMost(Duration.ofSeconds(20)).until(() -> scheduledRunsSince(resumedAt).size() >= 2);
        assertThat(scheduledRunsSince(resumedAt)).allSatisfy(run -> assertThat(run.get("rejected")).isEqualTo(1));

        // the API answers again: the next tick publishes
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).willReturn(ok("page-quirks.json")));
        await().atMost(Duration.ofSeconds(20)).until(() -> scheduledRunsSince(resumedAt).stream()
                .anyMatch(run -> Integer.valueOf(5).equals(run.get("published"))));

        given().post("/api/ingest/schedule/pause").then().statusCode(200).body("paused", equalTo(true));
        Instant pausedAt = Instant.now();
        Thread.sleep(3000); // three ticks' worth
        assertThat(scheduledRunsSince(pausedAt)).as("no run starts while paused").isEmpty();
    }

    @Test
    void manualRunIsListedWithItsCounts() {
        stubAll("page-two.json");
        String id = given().queryParam("count", 5).post("/api/ingest/runs").then().statusCode(200).extract().path("id");

        given().get("/api/ingest/runs").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.trigger", equalTo("manual"))
                .body("find { it.id == '" + id + "' }.status", equalTo("succeeded"))
                .body("find { it.id == '" + id + "' }.fetched", equalTo(5))
                .body("find { it.id == '" + id + "' }.published", equalTo(5))
                .body("find { it.id == '" + id + "' }.rejected", equalTo(0))
                .body("find { it.id == '" + id + "' }.failed", equalTo(0));
    }

    @Test
    void aSecondRunWhileOneIsGoingIsRefused() {
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).willReturn(ok("page-two.json").withFixedDelay(400)));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> given().queryParam("count", 15).post("/api/ingest/runs").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                given().get("/api/ingest/runs").then().extract().path("[0].status")));

        given().queryParam("count", 1).post("/api/ingest/runs").then().statusCode(409)
                .body("error", equalTo("another run is going; try again when it ends"));
        assertThat(first.join()).isEqualTo(200);
    }

    private static List<Map<String, Object>> scheduledRunsSince(Instant since) {
        JsonPath runs = given().queryParam("limit", 100).get("/api/ingest/runs").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = runs.getList("$");
        return all.stream().filter(r -> "schedule".equals(r.get("trigger")))
                .filter(r -> Instant.parse((String) r.get("startedAt")).isAfter(since)).toList();
    }
}
