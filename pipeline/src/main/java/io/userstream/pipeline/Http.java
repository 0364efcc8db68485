package io.userstream.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The little HTTP the runner needs: health checks, Prometheus scrapes, triggering ingest runs. A
 * server whose API needs credentials (the ingest service: {@link Pipeline} registers its URL with
 * {@link #authorize}) gets them on every request under its URL, so callers need not carry them.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, String> AUTHORIZATION = new ConcurrentHashMap<>();

    private Http() {
    }

    /** Requests to {@code baseUrl}/... carry this {@code Authorization} header value from now on. */
    public static void authorize(String baseUrl, String authorization) {
        AUTHORIZATION.put(baseUrl, authorization);
    }

    public static void forget(String baseUrl) {
        AUTHORIZATION.remove(baseUrl);
    }

    /** A request builder for {@code url}, with the credentials registered for its server if any. */
    public static HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        AUTHORIZATION.forEach((base, authorization) -> {
            if (url.equals(base) || url.startsWith(base + "/")) {
                builder.header("Authorization", authorization);
            }
        });
        return builder;
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(request(url).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(String url, Duration timeout) throws IOException, InterruptedException {
        return CLIENT.send(request(url).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when GET answers 200 now. */
    public static boolean ok(String url) {
        try {
            return get(url).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sums Prometheus samples by metric name, ignoring labels: {@code a_total{reason="x"} 2} and
     * {@code a_total{reason="y"} 3} give {@code a_total=5}.
     */
    public static Map<String, Double> prometheus(String text) {
        Map<String, Double> sums = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, space).trim();
            int brace = name.indexOf('{');
            if (brace >= 0) {
                name = name.substring(0, brace);
            }
            try {
                sums.merge(name, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
            } catch (NumberFormatException ignored) {
                // a timestamped or malformed sample: not needed for progress figures
            }
        }
        return sums;
    }
}
