package io.userstream.ingest.dashboard;

import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Users' pictures for the dashboard, served by the service so the page loads nothing from another
 * host: the row's picture URL is fetched (only from randomuser.me or the configured API host, never
 * an arbitrary URL a row might hold) and kept in a small cache. When the host cannot be reached
 * (offline, or a test's stand-in API), the answer is an SVG of the user's initials, so the page
 * never shows a broken image.
 */
@ApplicationScoped
public class Pictures {

    static final int CACHED = 200;
    static final int MAX_BYTES = 256 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** After a failed fetch, the host is not tried again for this long. */
    static final Duration BACK_OFF = Duration.ofMinutes(1);

    public record Picture(byte[] bytes, String contentType) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String apiHost;
    private final Map<String, Picture> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Picture> eldest) {
            return size() > CACHED;
        }
    };
    private final Map<String, Instant> failedHosts = new LinkedHashMap<>();

    public Pictures(IngestConfig config) {
        this.apiHost = URI.create(config.randomuser().baseUrl()).getHost();
    }

    /** The picture at {@code url}, or the initials of {@code name} when it cannot be had. */
    public Picture get(String url, String name) {
        return fetch(url).orElseGet(() -> initials(name));
    }

    private Optional<Picture> fetch(String url) {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || !(uri.getHost().equals("randomuser.me") || uri.getHost().equals(apiHost))) {
            return Optional.empty();
        }
        synchronized (this) {
            Picture hit = cache.get(url);
            if (hit != null) {
                return Optional.of(hit);
            }
            Instant failed = failedHosts.get(uri.getHost());
            if (failed != null && Instant.now().isBefore(failed.plus(BACK_OFF))) {
                return Optional.empty();
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() == 200 && type.startsWith("image/") && response.body().length <= MAX_BYTES) {
                Picture picture = new Picture(response.body(), type);
                synchronized (this) {
                    cache.put(url, picture);
                }
                return Optional.of(picture);
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreachable host: fall through to the initials
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            failedHosts.put(uri.getHost(), Instant.now());
        }
        return Optional.empty();
    }

    static Picture initials(String name) {
        StringBuilder letters = new StringBuilder();
        for (String part : (name == null ? "" : name.trim()).split("\\s+")) {
            if (!part.isEmpty() && letters.length() < 2) {
                letters.appendCodePoint(part.codePointAt(0));
            }
        }
        String text = letters.toString().toUpperCase(Locale.ROOT)
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">"
                + "<rect width=\"64\" height=\"64\" rx=\"32\" fill=\"#d9e2ec\"/>"
                + "<text x=\"32\" y=\"40\" font-family=\"sans-serif\" font-size=\"24\" text-anchor=\"middle\" fill=\"#243b53\">"
                + text + "</text></svg>";
        return new Picture(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml");
    }
}
