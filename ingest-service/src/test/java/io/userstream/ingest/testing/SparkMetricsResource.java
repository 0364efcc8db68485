package io.userstream.ingest.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where the service reads the Spark job's metrics in tests: a plain HTTP server on 127.0.0.1 that
 * answers what a test sets ({@link #serve}) or 404. Not WireMock, whose resets by other tests would
 * drop it and whose console would report each unmatched scrape (one every 2 s).
 */
public class SparkMetricsResource implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    private static volatile String body;

    /** Answers {@code text} (Prometheus text format) from now on; null = 404. */
    public static void serve(String text) {
        body = text;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics/prometheus/", exchange -> {
            String text = body;
            byte[] bytes = (text == null ? "no job here" : text).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(text == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("userstream.dashboard.spark-metrics-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics/prometheus/");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
