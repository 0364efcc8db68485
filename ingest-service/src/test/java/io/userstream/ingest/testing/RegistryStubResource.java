package io.userstream.ingest.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A stand-in for Apicurio Registry's REST API v3 (the registry itself cannot run here: see the
 * README), answering the two calls the service makes at start-up as the registry documents them.
 * Like every {@code @QuarkusTestResource} it applies to all the module's Quarkus tests (one
 * application start for all): they all run with a registry, as on Kubernetes; the path without one
 * is `make run`'s and the pipeline test's.
 */
public class RegistryStubResource implements QuarkusTestResourceLifecycleManager {

    public static final long GLOBAL_ID = 4242;
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(post(urlPathEqualTo("/apis/registry/v3/groups/userstream/artifacts")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"artifact\":{\"groupId\":\"userstream\",\"artifactId\":\"users_created-value\",\"artifactType\":\"JSON\"},"
                        + "\"version\":{\"groupId\":\"userstream\",\"artifactId\":\"users_created-value\",\"version\":\"1\","
                        + "\"globalId\":" + GLOBAL_ID + ",\"contentId\":7,\"artifactType\":\"JSON\"}}")));
        server.stubFor(post(urlPathEqualTo("/apis/registry/v3/groups/userstream/artifacts/users_created-value/rules"))
                .willReturn(aResponse().withStatus(204)));
        return Map.of("userstream.registry.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
