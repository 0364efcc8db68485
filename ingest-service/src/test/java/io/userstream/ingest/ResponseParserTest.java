package io.userstream.ingest;

import io.userstream.ingest.source.Page;
import io.userstream.ingest.source.Rejected;
import io.userstream.ingest.source.ResponseParser;
import io.userstream.ingest.source.UserRecord;
import io.userstream.ingest.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's quirks, one by one, without Kafka. */
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
        assertThat(page.rejected()).singleElement().extracting(Rejected::reason).isEqualTo("result_without_login_uuid");
    }

    @Test
    void errorBodyIsRejectedWhole() {
        Page page = parser.parse(Fixtures.body("error-body.json"));

        assertThat(page.fetched()).isZero();
        assertThat(page.rejected()).singleElement().extracting(Rejected::reason).asString().startsWith("api_error: Uh oh");
    }

    @Test
    void bodyThatIsNotJsonIsRejectedWhole() {
        assertThat(parser.parse(Fixtures.body("not-json.html")).rejected()).singleElement()
                .extracting(Rejected::reason).isEqualTo("response_not_json");
        assertThat(parser.parse("{\"results\":[{\"login\":").rejected()).singleElement()
                .extracting(Rejected::reason).isEqualTo("response_not_json");
        assertThat(parser.parse("{\"info\":{}}").rejected()).singleElement()
                .extracting(Rejected::reason).isEqualTo("response_without_results");
    }

    @Test
    void invalidUuidIsRejected() {
        Page page = parser.parse("{\"results\":[{\"login\":{\"uuid\":\"not-a-uuid\"}}],\"info\":{}}");

        assertThat(page.rejected()).singleElement().extracting(Rejected::reason).isEqualTo("result_invalid_login_uuid");
    }
}
