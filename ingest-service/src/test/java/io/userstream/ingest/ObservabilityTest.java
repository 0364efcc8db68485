package io.userstream.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.WireMockResource;
import org.junit.jupiter.api.Test;

import static io.userstream.ingest.testing.IngestTestSupport.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

/** OpenAPI, Swagger UI, health and Prometheus endpoints answer with the service's own content. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class ObservabilityTest {

    @Test
    void openApiDocumentsTheApiAndSwaggerUiIsServed() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/ingest/runs"), containsString("/api/ingest/schedule/pause"),
                        containsString("/api/users/{id}"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void healthChecksCoverKafkaCassandraPublisherAndCircuit() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("kafka", "kafka-publisher", "randomuser-circuit"))
                .body(containsString("Cassandra"));
    }

    @Test
    void prometheusMetricsIncludeTheServiceCounters() {
        given().queryParam("count", 5).queryParam("source", "synthetic").post("/api/ingest/runs").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("userstream_users_fetched_total"), containsString("userstream_users_published_total"),
                        containsString("userstream_publish_latency_seconds"), containsString("userstream_source_circuit_state"));
    }
}
