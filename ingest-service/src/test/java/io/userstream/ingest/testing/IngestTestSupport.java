package io.userstream.ingest.testing;

import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Shared steps of the service tests: stubbing randomuser.me and triggering runs. */
public final class IngestTestSupport {

    private IngestTestSupport() {
    }

    /** A request as the operator (both roles): what the tests of behaviour use; SecurityTest tries the others. */
    public static RequestSpecification given() {
        return RestAssured.given().auth().preemptive().basic(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD);
    }

    /** Every request to /api/ answers this fixture with 200. */
    public static void stubAll(String fixture) {
        WireMockResource.server().resetAll();
        WireMockResource.server().stubFor(get(urlPathMatching("/api/?")).willReturn(ok(fixture)));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", fixture.endsWith(".json") ? "application/json" : "text/html")
                .withBody(Fixtures.body(fixture));
    }

    /** POST /api/ingest/runs?count=N; answers the finished run. */
    public static ValidatableResponse run(int count) {
        return given().queryParam("count", count).when().post("/api/ingest/runs").then();
    }
}
