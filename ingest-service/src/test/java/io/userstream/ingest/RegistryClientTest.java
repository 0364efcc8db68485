package io.userstream.ingest;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.userstream.ingest.registry.RegistryClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry's answers the service must tell apart: a global id, a refused version, an outage. */
class RegistryClientTest {

    private static final String ARTIFACTS = "/apis/registry/v3/groups/userstream/artifacts";
    private static WireMockServer registry;
    private RegistryClient client;

    @BeforeAll
    static void start() {
        registry = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        registry.start();
    }

    @AfterAll
    static void stop() {
        registry.stop();
    }

    @BeforeEach
    void reset() {
        registry.resetAll();
        client = new RegistryClient(registry.baseUrl() + "/", Duration.ofSeconds(5));
    }

    @Test
    void aBreakingVersionIsRefusedNamingTheRule() {
        registry.stubFor(post(urlPathEqualTo(ARTIFACTS)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"RuleViolationException\",\"title\":\"Incompatible artifact: users_created-value\","
                        + "\"detail\":\"RuleViolationException: Incompatible artifact\",\"status\":409,"
                        + "\"causes\":[{\"description\":\"Changed type\",\"context\":\"/properties/email\"}]}")));

        assertThatThrownBy(() -> client.register("userstream", "users_created-value", "2", "{}"))
                .isInstanceOf(RegistryClient.RefusedException.class)
                .hasMessageContaining("HTTP 409: Incompatible artifact: users_created-value")
                .hasMessageContaining("/properties/email: Changed type");
    }

    @Test
    void anOutageIsAnIoErrorToRetry() {
        registry.stubFor(post(urlPathEqualTo(ARTIFACTS)).willReturn(aResponse().withStatus(503).withBody("starting")));

        assertThatThrownBy(() -> client.register("userstream", "users_created-value", "1", "{}"))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 503: starting");
    }

    @Test
    void anExistingRuleIsLeftAsItIs() throws Exception {
        registry.stubFor(post(urlPathEqualTo(ARTIFACTS + "/users_created-value/rules")).willReturn(aResponse().withStatus(409)
                .withBody("{\"title\":\"A rule named 'COMPATIBILITY' already exists.\",\"status\":409}")));

        client.requireCompatibility("userstream", "users_created-value", "BACKWARD");
        assertThat(registry.getAllServeEvents()).hasSize(1);
    }
}
