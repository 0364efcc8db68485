package io.userstream.ingest;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.userstream.contract.CassandraSchema;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.TestUsers;
import io.userstream.ingest.testing.WireMockResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every endpoint of the API with HTTP Basic for real (README "Security"): 401 and a Basic challenge
 * without credentials or with a wrong password, 403 with a role that may not, and the endpoint's own
 * answer with the role that may. Health, metrics, the OpenAPI document and Swagger UI stay open.
 * Oversized request bodies are refused at the edge (413). The rate limits are in RateLimitTest, the
 * search for passwords in logs and responses in PasswordLeakTest.
 */
@QuarkusTest
@QuarkusTestResource(TestUsers.class)
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class SecurityTest {

    /** An endpoint, the role it needs, and what it answers that role here. */
    record Endpoint(String method, String path, String role, int expected) {
    }

    @Inject
    QuarkusCqlSession session;

    @BeforeEach
    void schema() {
        CassandraSchema.statements(CassandraSchema.simpleReplication(1)).forEach(session::execute);
    }

    private List<Endpoint> endpoints() {
        String runId = as(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD).queryParam("count", 1).queryParam("source", "synthetic")
                .post("/api/ingest/runs").then().statusCode(200).extract().path("id");
        String unknownUser = "00000000-0000-4000-8000-000000000000";
        return List.of(
                new Endpoint("POST", "/api/ingest/runs?count=1&source=synthetic", "operator", 200),
                // resume before pause: the schedule is left paused, as the other tests expect it
                new Endpoint("POST", "/api/ingest/schedule/resume", "operator", 200),
                new Endpoint("POST", "/api/ingest/schedule/pause", "operator", 200),
                new Endpoint("GET", "/api/ingest/runs", "reader", 200),
                new Endpoint("GET", "/api/ingest/runs/" + runId, "reader", 200),
                new Endpoint("GET", "/api/ingest/schedule", "reader", 200),
                new Endpoint("GET", "/api/users?limit=5", "reader", 200),
                new Endpoint("GET", "/api/users/" + unknownUser, "reader", 404),
                new Endpoint("GET", "/api/stats", "reader", 200),
                new Endpoint("GET", "/api/dashboard/rates", "reader", 200),
                new Endpoint("GET", "/api/dashboard/pipeline", "reader", 200),
                new Endpoint("GET", "/api/dashboard/users", "reader", 200),
                new Endpoint("GET", "/api/dashboard/dead-letters", "reader", 200),
                new Endpoint("GET", "/api/dashboard/users/" + unknownUser + "/picture", "reader", 404),
                new Endpoint("GET", "/dashboard/", "reader", 200),
                new Endpoint("GET", "/dashboard/dashboard.js", "reader", 200));
    }

    @Test
    void eachEndpointRefusesStrangersAndWrongRolesAndServesItsRole() {
        List<String> failures = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            check(failures, e, "no credentials", RestAssured.given().redirects().follow(false), 401);
            check(failures, e, "a wrong password", as(TestUsers.OPERATOR, "not-the-password"), 401);
            check(failures, e, "an unknown user", as("mallory", TestUsers.OPERATOR_PASSWORD), 401);
            if (e.role().equals("operator")) {
                check(failures, e, "reader", as(TestUsers.READER, TestUsers.READER_PASSWORD), 403);
                check(failures, e, "operator", as(TestUsers.CONTROLLER, TestUsers.CONTROLLER_PASSWORD), e.expected());
            } else {
                check(failures, e, "operator only", as(TestUsers.CONTROLLER, TestUsers.CONTROLLER_PASSWORD), 403);
                check(failures, e, "reader", as(TestUsers.READER, TestUsers.READER_PASSWORD), e.expected());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, Endpoint e, String who, RequestSpecification request, int expected) {
        Response response = request.redirects().follow(false).request(e.method(), e.path());
        if (response.statusCode() != expected) {
            failures.add(e.method() + " " + e.path() + " as " + who + ": " + response.statusCode() + ", expected " + expected);
        }
        if (expected == 401 && !"Basic realm=\"userstream\"".equalsIgnoreCase(response.header("WWW-Authenticate"))) {
            failures.add(e.method() + " " + e.path() + " as " + who + ": challenge " + response.header("WWW-Authenticate"));
        }
    }

    @Test
    void theDashboardRedirectNeedsAReaderToo() {
        RestAssured.given().redirects().follow(false).get("/dashboard").then().statusCode(401);
        as(TestUsers.READER, TestUsers.READER_PASSWORD).redirects().follow(false).get("/dashboard")
                .then().statusCode(303).header("Location", "dashboard/");
    }

    @Test
    void healthMetricsAndTheApiDocumentStayOpen() {
        RestAssured.given().get("/q/health/live").then().statusCode(200);
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/metrics").then().statusCode(200).body(containsString("userstream_users_fetched_total"));
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
        // Swagger UI's "Authorize" offers HTTP Basic, and every protected operation says it needs it
        RestAssured.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.basicAuth.type", equalTo("http"))
                .body("components.securitySchemes.basicAuth.scheme", equalTo("basic"))
                .body("paths.'/api/ingest/runs'.post.security[0]", org.hamcrest.Matchers.hasKey("basicAuth"))
                .body("paths.'/api/users'.get.security[0]", org.hamcrest.Matchers.hasKey("basicAuth"))
                .body("paths.'/api/ingest/runs'.post.responses", org.hamcrest.Matchers.hasKey("429"));
    }

    @Test
    void oversizedBodiesAreRefusedAtTheEdge() {
        String body = "x".repeat(64 * 1024);
        as(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD).contentType("text/plain").body(body)
                .post("/api/ingest/schedule/resume").then().statusCode(413);
        RestAssured.given().contentType("text/plain").body(body).post("/api/ingest/schedule/resume").then()
                .statusCode(org.hamcrest.Matchers.oneOf(401, 413));
    }

    private static RequestSpecification as(String user, String password) {
        return RestAssured.given().auth().preemptive().basic(user, password);
    }
}
