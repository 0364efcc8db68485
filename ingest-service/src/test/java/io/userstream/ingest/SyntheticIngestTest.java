package io.userstream.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.contract.RecordHeaders;
import io.userstream.contract.Topics;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TopicReader;
import io.userstream.ingest.testing.WireMockResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.userstream.ingest.testing.IngestTestSupport.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A manual run from the built-in synthetic source: every user reaches the topic, keyed by its uuid. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class SyntheticIngestTest {

    @Test
    void syntheticRunPublishesEveryGeneratedUser() throws Exception {
        var run = given().queryParam("count", 2000).queryParam("source", "synthetic").post("/api/ingest/runs").then()
                .statusCode(200).body("source", equalTo("synthetic")).body("status", equalTo("succeeded"))
                .body("fetched", equalTo(2000)).extract().jsonPath();
        int published = run.getInt("published");
        assertThat(published).isEqualTo(2000 - run.getInt("rejected"));

        List<ConsumerRecord<String, String>> records = TopicReader.recordsOfRun(Topics.USERS_CREATED, run.getString("id"),
                published, Duration.ofSeconds(30));
        assertThat(records).hasSize(published);
        for (ConsumerRecord<String, String> r : records) {
            assertThat(TopicReader.header(r, RecordHeaders.SOURCE)).isEqualTo("synthetic");
            assertThat(r.value()).contains("\"uuid\":\"" + r.key() + "\"");
        }
    }

    @Test
    void unknownSourceIs400() {
        given().queryParam("count", 1).queryParam("source", "csv").post("/api/ingest/runs").then().statusCode(400)
                .body("error", equalTo("source must be randomuser or synthetic, got 'csv'"));
    }
}
