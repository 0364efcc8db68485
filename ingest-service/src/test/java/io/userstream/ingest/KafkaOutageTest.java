package io.userstream.ingest;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.userstream.contract.Topics;
import io.userstream.ingest.testing.Fixtures;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TestStack;
import io.userstream.ingest.testing.TopicReader;
import io.userstream.ingest.testing.WireMockResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.userstream.ingest.run.IngestRunner;
import io.userstream.ingest.run.RunView;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.userstream.ingest.testing.IngestTestSupport.given;
import static io.userstream.ingest.testing.IngestTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * Kafka stopped during a run: the service stops fetching, reports not ready, holds the fetched page,
 * and when the broker is back publishes everything; nothing is lost.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class KafkaOutageTest {

    @AfterEach
    void kafkaRunsAgain() {
        TestStack.restartKafka();
    }

    @Test
    void runWaitsForKafkaThenPublishesEverything() {
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).withQueryParam("page", WireMock.equalTo("1"))
                .willReturn(ok("page-quirks.json")));
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).withQueryParam("page", WireMock.equalTo("2"))
                .willReturn(ok("page-two.json")));
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).withQueryParam("page", WireMock.equalTo("3"))
                .willReturn(ok("page-two.json").withBody(Fixtures.body("page-two.json").replace("-555555555", "-666666666"))));
        given().get("/q/health/ready").then().statusCode(200);
        String bootstrap = TestStack.get().kafka().bootstrapServers();

        TestStack.get().kafka().stop();
        CompletableFuture<Response> run = CompletableFuture.supplyAsync(
                () -> given().queryParam("count", 15).post("/api/ingest/runs").thenReturn());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.name", hasItem("kafka-publisher")));
        // page 1 is held, page 2 was fetched ahead (at most one page ahead), page 3 waits for Kafka
        WireMockResource.server().verify(2, getRequestedFor(urlPathMatching("/api/?")));
        assertThat(run).isNotDone();
        given().get("/api/ingest/runs").then().body("[0].status", org.hamcrest.Matchers.equalTo("running"))
                .body("[0].published", org.hamcrest.Matchers.equalTo(0));

        TestStack.restartKafka();
        assertThat(TestStack.get().kafka().bootstrapServers()).as("Kafka came back on the same port").isEqualTo(bootstrap);

        Response done = run.orTimeout(90, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.jsonPath().getString("status")).isEqualTo("succeeded");
        assertThat(done.jsonPath().getInt("published")).isEqualTo(15);
        String runId = done.jsonPath().getString("id");

        Set<String> keys = TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 15, Duration.ofSeconds(30)).stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(15).contains("7a0eed16-9430-4d68-901f-c0d4c1c3bf00", "11111111-2222-4333-8444-555555555505",
                "11111111-2222-4333-8444-666666666505");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aRunAskedForWhileKafkaIsDownIsAcceptedWithALocationToPoll() {
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).willReturn(ok("page-two.json")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestStack.get().kafka().stop();

        Response accepted = given().queryParam("count", 5).queryParam("wait", 1).post("/api/ingest/runs").thenReturn();
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("running");
        String location = accepted.header("Location");
        assertThat(location).endsWith("/api/ingest/runs/" + accepted.jsonPath().getString("id"));
        given().get(location).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("running"));

        TestStack.restartKafka();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get(location).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("succeeded")).body("published", org.hamcrest.Matchers.equalTo(5)));
        given().get("/api/ingest/runs/no-such-run").then().statusCode(404);
    }

    @Inject
    IngestRunner runner;

    @Test
    void aShutdownDuringARunRecordsItAsInterruptedWithItsCountsNeverRunning() {
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).willReturn(ok("page-two.json")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestStack.get().kafka().stop();
        Response accepted = given().queryParam("count", 15).queryParam("wait", 1).post("/api/ingest/runs").thenReturn();
        assertThat(accepted.statusCode()).isEqualTo(202);

        RunView drained = runner.drain(Duration.ofSeconds(2)).orElseThrow();

        assertThat(drained.status()).isEqualTo("interrupted");
        assertThat(drained.fetched()).as("the page in hand").isEqualTo(5);
        assertThat(drained.published()).isZero();
        assertThat(drained.error()).contains("not acknowledged by Kafka within PT2S");
        given().get("/api/ingest/runs/" + drained.id()).then().body("status", org.hamcrest.Matchers.equalTo("interrupted"));
        WireMockResource.server().verify(2, getRequestedFor(urlPathMatching("/api/?")));   // no page fetched after the drain began

        TestStack.restartKafka();
        await().atMost(Duration.ofSeconds(60)).until(() -> !runner.running());
        given().get("/api/ingest/runs/" + drained.id()).then().body("status", org.hamcrest.Matchers.equalTo("interrupted"))
                .body("published", org.hamcrest.Matchers.equalTo(5));   // the page in hand, once Kafka was back
        WireMockResource.server().verify(2, getRequestedFor(urlPathMatching("/api/?")));
    }
}
