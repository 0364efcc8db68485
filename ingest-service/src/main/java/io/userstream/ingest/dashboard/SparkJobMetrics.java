package io.userstream.ingest.dashboard;

import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Spark job's own figures, read from its driver's Prometheus endpoint (Spark's PrometheusServlet
 * on the UI port): rows written and rejected, lag, last micro-batch. Spark's Kafka source commits no
 * consumer-group offsets, so the job is the only place its lag is known. The metric names carry a
 * prefix chosen by Spark ({@code metrics_<namespace>_driver_userstream_...}): matched by suffix.
 */
@ApplicationScoped
public class SparkJobMetrics {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Optional<String> url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile SparkJobView last;

    public SparkJobMetrics(IngestConfig config) {
        this.url = config.dashboard().sparkMetricsUrl().filter(u -> !u.isBlank());
        this.last = url.isEmpty() ? SparkJobView.notConfigured() : SparkJobView.unreachable(url.get(), "not read yet");
    }

    /** Reads the endpoint now; the answer is also kept as {@link #last()}. */
    public SparkJobView scrape() {
        if (url.isEmpty()) {
            return last;
        }
        SparkJobView view;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.get())).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            view = response.statusCode() == 200
                    ? fromPrometheus(url.get(), parse(response.body()))
                    : SparkJobView.unreachable(url.get(), "HTTP " + response.statusCode());
        } catch (IOException e) {
            view = SparkJobView.unreachable(url.get(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            view = SparkJobView.unreachable(url.get(), "interrupted");
        }
        last = view;
        return view;
    }

    /** The latest scrape (the rate sampler scrapes every few seconds). */
    public SparkJobView last() {
        return last;
    }

    static SparkJobView fromPrometheus(String url, Map<String, Double> metrics) {
        Long endedAt = value(metrics, "userstream_lastBatchEndedAtMs_Value");
        return new SparkJobView(true, true, url, null,
                value(metrics, "userstream_rowsWritten_Count"),
                value(metrics, "userstream_rowsRejected_Count"),
                value(metrics, "userstream_lag_total_Value"),
                value(metrics, "userstream_lastBatchDurationMs_Value"),
                value(metrics, "userstream_lastBatchInputRows_Value"),
                endedAt == null || endedAt <= 0 ? null : Instant.ofEpochMilli(endedAt));
    }

    /** The sample whose name ends with {@code suffix} (the job's source is named "userstream"), or null. */
    static Long value(Map<String, Double> metrics, String suffix) {
        return metrics.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .map(e -> Math.round(e.getValue())).findFirst().orElse(null);
    }

    /** Prometheus text format: sample name (labels dropped) to value. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            String name = line.substring(0, brace > 0 && brace < space ? brace : space).trim();
            try {
                out.putIfAbsent(name, Double.parseDouble(line.substring(space + 1).trim()));
            } catch (NumberFormatException ignored) {
                // a sample with a timestamp or a malformed value: not one of ours
            }
        }
        return out;
    }
}
