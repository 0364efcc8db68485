package io.userstream.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TestUsers;
import io.userstream.ingest.testing.WireMockResource;
import org.junit.jupiter.api.Test;

import static io.userstream.ingest.testing.IngestTestSupport.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The control endpoints' rate limit over HTTP, with the defaults (120 per user and endpoint per
 * minute): the 121st pause in a row is refused with 429, Retry-After and a reason, while other users
 * and other endpoints go on. Its own user ({@code limited}), so no other test meets the limit.
 */
@QuarkusTest
@QuarkusTestResource(TestUsers.class)
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class RateLimitTest {

    static final int LIMIT = 120;

    @Test
    void overTheLimitAUserGets429WithRetryAfterAndOthersGoOn() {
        for (int i = 0; i < LIMIT; i++) {
            limited().post("/api/ingest/schedule/pause").then().statusCode(200);
        }
        Response refused = limited().post("/api/ingest/schedule/pause");
        refused.then().statusCode(429).body("error", containsString("too many requests to pause"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);

        limited().post("/api/ingest/schedule/resume").then().statusCode(200);   // another endpoint: its own budget
        limited().get("/api/ingest/schedule").then().statusCode(200);          // reading is not limited
        given().post("/api/ingest/schedule/pause").then().statusCode(200);      // another user: its own budget (and paused again)
    }

    private static RequestSpecification limited() {
        return RestAssured.given().auth().preemptive().basic(TestUsers.LIMITED, TestUsers.LIMITED_PASSWORD);
    }
}
