package io.userstream.ingest.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A local stand-in for randomuser.me; tests stub it per case through {@link #server()}. */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String SPARK_METRICS_PATH = "/spark/metrics/prometheus/";

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        // the Spark job's metrics endpoint is served by the same stand-in (DashboardApiTest stubs it)
        return Map.of("userstream.randomuser.base-url", server.baseUrl(),
                "userstream.dashboard.spark-metrics-url", server.baseUrl() + SPARK_METRICS_PATH);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
