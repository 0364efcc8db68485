package io.userstream.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TestUsers;
import io.userstream.ingest.testing.WireMockResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords never leave: after logins that pass and fail (security logged at DEBUG in the test
 * profile), neither a password, nor a wrong one tried, nor the Basic header that carries them
 * (Base64) appears in the service's log file or in any HTTP response (headers and bodies). (User
 * names are not secret: at DEBUG Quarkus logs them, so a password typed as a user name would be
 * logged; production logs at INFO.) The
 * metrics, which stay open, carry counts and no personal data (no e-mail address, no user's name).
 */
@QuarkusTest
@QuarkusTestResource(TestUsers.class)
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class PasswordLeakTest {

    static final Path LOG = Path.of("target", "ingest-test.log");
    static final String TRIED = "tried-Kx93hQmW2vZ7pLd";

    @Test
    void noPasswordInLogsOrResponses() throws Exception {
        List<Response> responses = new ArrayList<>();
        responses.add(as(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD).queryParam("count", 5).queryParam("source", "synthetic")
                .post("/api/ingest/runs"));
        responses.add(as(TestUsers.READER, TestUsers.READER_PASSWORD).get("/api/ingest/runs"));
        responses.add(as(TestUsers.READER, TestUsers.READER_PASSWORD).post("/api/ingest/schedule/pause"));
        responses.add(as(TestUsers.CONTROLLER, TestUsers.CONTROLLER_PASSWORD).get("/api/users"));
        responses.add(as(TestUsers.OPERATOR, TRIED).get("/api/ingest/runs"));
        responses.add(as("mallory", TRIED).get("/dashboard/"));
        responses.add(as(TestUsers.READER, TestUsers.READER_PASSWORD).get("/dashboard/"));
        responses.add(RestAssured.given().get("/q/metrics"));
        responses.add(RestAssured.given().get("/q/openapi"));
        responses.add(RestAssured.given().get("/q/health"));
        assertThat(responses.get(0).statusCode()).isEqualTo(200);
        assertThat(responses.get(3).statusCode()).isEqualTo(403);
        assertThat(responses.get(4).statusCode()).isEqualTo(401);

        List<String> secrets = new ArrayList<>(TestUsers.passwords());
        secrets.add(TRIED);
        for (String[] credentials : new String[][] {{TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD},
                {TestUsers.READER, TestUsers.READER_PASSWORD}, {TestUsers.CONTROLLER, TestUsers.CONTROLLER_PASSWORD},
                {TestUsers.OPERATOR, TRIED}, {"mallory", TRIED}}) {
            secrets.add(Base64.getEncoder().encodeToString((credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(LOG).as("the test profile logs to a file").exists();
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log).as("the security layer logged at DEBUG, so the scan has something to scan")
                .containsPattern("DEBUG +\\[io\\.quarkus\\.(vertx\\.http\\.runtime\\.)?security");
        for (Response r : responses) {
            String text = r.getHeaders().toString() + "\n" + r.asString();
            for (String secret : secrets) {
                assertThat(text).as("a response").doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(log).as("the service's log").doesNotContain(secret);
        }

        String metrics = responses.get(7).asString();
        assertThat(metrics).contains("userstream_users_published_total").doesNotContain("@");
    }

    private static io.restassured.specification.RequestSpecification as(String user, String password) {
        return RestAssured.given().auth().preemptive().basic(user, password);
    }
}
