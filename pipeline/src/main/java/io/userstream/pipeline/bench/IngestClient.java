package io.userstream.pipeline.bench;

import io.userstream.pipeline.Http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every HTTP call the benchmark makes to the ingest service's API, in one place: a manual run
 * (waited for, or fired and forgotten by the {@link LoadDriver}). Credentials, when the API asks for
 * them, come from {@link Http#request} (the pipeline registers the ingest service's) in {@link #request} only.
 */
final class IngestClient {

    /** The largest manual run the ingest service accepts. */
    static final int MAX_RUN = 100_000;
    private static final Pattern NUMBER = Pattern.compile("\\\"%s\\\"\\s*:\\s*(-?[0-9.]+)");

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    IngestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One manual run of {@code count} users, waited for; returns its JSON once finished. */
    String run(int count) throws Exception {
        HttpResponse<String> response = client.send(request("/api/ingest/runs?wait=600&count=" + count, Duration.ofMinutes(5)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("ingest run refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Starts a run of {@code count} users; completes with the HTTP status (409 while another run is going). */
    CompletableFuture<Integer> start(int count) {
        return client.sendAsync(request("/api/ingest/runs?count=" + count, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private HttpRequest request(String pathAndQuery, Duration timeout) {
        return Http.request(baseUrl + pathAndQuery).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /** A number field of a run's JSON ({@code published}, {@code durationMs}). */
    static double number(String json, String field) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + field + "\" in " + json);
        }
        return Double.parseDouble(m.group(1));
    }
}
