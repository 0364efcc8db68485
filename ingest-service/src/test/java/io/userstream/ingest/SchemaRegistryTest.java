package io.userstream.ingest;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.contract.RecordHeaders;
import io.userstream.contract.Topics;
import io.userstream.contract.UsersCreatedSchema;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.RegistryStubResource;
import io.userstream.ingest.testing.TopicReader;
import io.userstream.ingest.testing.WireMockResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.userstream.ingest.testing.IngestTestSupport.run;
import static io.userstream.ingest.testing.IngestTestSupport.stubAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * With a registry configured, the schema is registered at start-up (with its compatibility rule) and
 * every published record carries its global id in Apicurio's header, the value left plain JSON.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(RegistryStubResource.class)
class SchemaRegistryTest {

    @Test
    void registersTheContractAtStartUpAndTagsEveryRecordWithItsGlobalId() throws Exception {
        RegistryStubResource.server().verify(1, postRequestedFor(urlPathEqualTo("/apis/registry/v3/groups/userstream/artifacts"))
                .withQueryParam("ifExists", WireMock.equalTo("FIND_OR_CREATE_VERSION"))
                .withRequestBody(equalToJson("{\"artifactId\":\"users_created-value\",\"artifactType\":\"JSON\",\"firstVersion\":"
                        + "{\"version\":\"1\",\"content\":{\"contentType\":\"application/json\"}}}", false, true)));
        String sent = RegistryStubResource.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().contains("/artifacts?"))
                .findFirst().orElseThrow().getRequest().getBodyAsString();
        assertThat(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(sent)
                .at("/firstVersion/content/content").asText()).isEqualTo(UsersCreatedSchema.json());
        RegistryStubResource.server().verify(1, postRequestedFor(
                urlPathEqualTo("/apis/registry/v3/groups/userstream/artifacts/users_created-value/rules"))
                .withRequestBody(equalToJson("{\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}")));

        stubAll("page-quirks.json");
        String runId = run(5).statusCode(200).body("published", equalTo(5)).extract().path("id");

        assertThat(TopicReader.recordsOfRun(Topics.USERS_CREATED, runId, 5, Duration.ofSeconds(20))).hasSize(5).allSatisfy(r -> {
            assertThat(ByteBuffer.wrap(r.headers().lastHeader(RecordHeaders.REGISTRY_GLOBAL_ID).value()).getLong())
                    .isEqualTo(RegistryStubResource.GLOBAL_ID);
            assertThat(r.value()).startsWith("{\"gender\":");
        });
    }
}
