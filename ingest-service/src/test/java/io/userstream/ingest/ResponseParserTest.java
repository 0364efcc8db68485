package io.userstream.ingest;

import io.userstream.contract.ContractExamples;
import io.userstream.ingest.source.Page;
import io.userstream.ingest.source.Rejected;
import io.userstream.ingest.source.ResponseParser;
import io.userstream.ingest.source.UserRecord;
import io.userstream.ingest.testing.ContractCases;
import io.userstream.ingest.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's quirks and the contract's violations, one by one, without Kafka. */
class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser();

    @Test
    void keepsEachResultExactlyAsReceived() {
        String body = Fixtures.body("page-quirks.json");
        Page page = parser.parse(body);

        assertThat(page.users()).hasSize(5);
        assertThat(page.users()).allSatisfy(u -> assertThat(body).contains(u.json()));
        assertThat(page.seed()).isEqualTo("56d27f4a53bd5441");
        assertThat(page.version()).isEqualTo("1.4");
        assertThat(page.users()).extracting(UserRecord::json)
                .anySatisfy(json -> assertThat(json).contains("\"postcode\":63104"))
                .anySatisfy(json -> assertThat(json).contains("\"postcode\":\"N5 2HE\""))
                .anySatisfy(json -> assertThat(json).contains("\"id\":{\"name\":\"\",\"value\":null}", "احمدی"))
                .anySatisfy(json -> assertThat(json).contains("Ярослав"));
    }

    @Test
    void resultWithoutLoginUuidIsRejected() {
        Page page = parser.parse(Fixtures.body("page-missing-uuid.json"));

        assertThat(page.users()).isEmpty();
        assertThat(page.fetched()).isEqualTo(1);
        assertThat(page.rejected()).singleElement().extracting(Rejected::reason)
                .isEqualTo("schema: /login/uuid: required property missing");
    }

    @Test
    void errorBodyIsRejectedWhole() {
        Page page = parser.parse(Fixtures.body("error-body.json"));

        assertThat(page.fetched()).isZero();
        assertThat(page.rejected()).singleElement().extracting(Rejected::reason).asString().startsWith("api_error: Uh oh");
    }

    @Test
    void bodyThatIsNotJsonIsMalformedAndRejectedWhole() {
        Page html = parser.parse(Fixtures.body("not-json.html"));
        assertThat(html.malformed()).startsWith("response_not_json: Unexpected character ('<'");
        assertThat(html.users()).isEmpty();
        assertThat(html.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(html.malformed()).endsWith("(at char 0 of 142; 0 complete results before it)");
            assertThat(r.raw()).isEqualTo(Fixtures.body("not-json.html"));
        });
        assertThat(parser.parse("").malformed()).startsWith("response_not_json: empty body");
        Page info = parser.parse("{\"info\":{}}");
        assertThat(info.malformed()).isNull();
        assertThat(info.rejected()).singleElement().extracting(Rejected::reason).isEqualTo("response_without_results");
    }

    @Test
    void bodyCutShortKeepsTheCompleteResultsAndRejectsTheRest() {
        String body = Fixtures.body("page-quirks.json");
        int cut = body.indexOf("\"Harry\"");
        Page page = parser.parse(body.substring(0, cut));

        assertThat(page.malformed()).startsWith("response_not_json: Unexpected end-of-input")
                .endsWith("; 1 complete results before it)");
        assertThat(page.users()).singleElement().extracting(UserRecord::uuid).isEqualTo("7a0eed16-9430-4d68-901f-c0d4c1c3bf00");
        assertThat(page.fetched()).isEqualTo(1);
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.result()).isFalse();
            assertThat(r.raw()).startsWith(",{\"gender\":\"male\"").doesNotContain("Jennie");
            assertThat(page.users().get(0).json() + r.raw()).isEqualTo(body.substring(body.indexOf("{\"gender"), cut));
        });
    }

    static List<ContractExamples.Case> invalid() {
        return ContractExamples.invalid();
    }

    static List<ContractExamples.Case> valid() {
        return ContractExamples.valid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachViolationOfTheContractIsRejectedWithItsPathAndRule(ContractExamples.Case c) {
        Page page = parser.parse(ContractCases.page(List.of(c.value())));

        assertThat(page.users()).isEmpty();
        assertThat(page.fetched()).isEqualTo(1);
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(c.reason());
            assertThat(r.result()).isTrue();
            assertThat(Fixtures.JSON.readTree(r.raw())).isEqualTo(c.value());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void everyQuirkOfTheContractIsAccepted(ContractExamples.Case c) {
        Page page = parser.parse(ContractCases.page(List.of(c.value())));

        assertThat(page.rejected()).isEmpty();
        assertThat(page.users()).singleElement().satisfies(u -> assertThat(Fixtures.JSON.readTree(u.json())).isEqualTo(c.value()));
    }

    @Test
    void duplicateLoginUuidKeepsTheFirstAndRejectsTheOthersWithTheirReason() {
        String uuid = "7a0eed16-9430-4d68-901f-c0d4c1c3bf00";
        var first = ContractExamples.exampleWithUuid(uuid);
        var changed = ContractExamples.exampleWithUuid(uuid.toUpperCase());
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed).put("email", "someone.else@example.com");
        var other = ContractExamples.exampleWithUuid("0f3c6e2b-2d1a-4c55-9a0e-6b7f5f1d2c31");
        Page page = parser.parse(ContractCases.page(List.of(first, changed, other, first)));

        assertThat(page.fetched()).isEqualTo(4);
        assertThat(page.users()).extracting(UserRecord::json).containsExactly(first.toString(), other.toString());
        assertThat(page.rejected()).extracting(Rejected::reason).containsExactly(
                "duplicate_login_uuid: result 2 of the page has the login.uuid of result 1 (different content); the first is kept",
                "duplicate_login_uuid: result 4 of the page has the login.uuid of result 1 (same content); the first is kept");
        assertThat(page.rejected()).extracting(Rejected::raw).containsExactly(changed.toString(), first.toString());
        assertThat(page.rejected()).extracting(Rejected::kind).containsOnly("duplicate_login_uuid");
    }

    @Test
    void invalidUuidIsRejected() {
        Page page = parser.parse("{\"results\":[{\"login\":{\"uuid\":\"not-a-uuid\"}}],\"info\":{}}");

        assertThat(page.rejected()).singleElement().extracting(Rejected::reason).asString()
                .isEqualTo("schema: /email: required property missing; /login/username: required property missing; "
                        + "/login/uuid: does not match pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$; "
                        + "/name: required property missing");
    }
}
