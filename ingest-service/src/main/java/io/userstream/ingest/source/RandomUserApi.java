package io.userstream.ingest.source;

import io.micrometer.core.annotation.Timed;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One page from randomuser.me with fault tolerance: a timeout, retries with exponential backoff and
 * jitter on 5xx and I/O errors, and a circuit breaker that stops calling a failing API. A 429 is not
 * retried here: it surfaces as {@link RateLimitedException} so the caller waits for Retry-After.
 * Delays are configurable through MicroProfile Fault Tolerance keys (see application.properties).
 */
@ApplicationScoped
public class RandomUserApi {

    public static final String CIRCUIT = "randomuser";

    @RestClient
    RandomUserClient client;

    @Inject
    IngestConfig config;

    @Timeout(10_000)
    @Retry(maxRetries = 3, delay = 500, jitter = 200, maxDuration = 60_000,
            retryOn = {SourceUnavailableException.class, ProcessingException.class, TimeoutException.class},
            abortOn = RateLimitedException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 10_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30_000, successThreshold = 1,
            skipOn = RateLimitedException.class)
    @CircuitBreakerName(CIRCUIT)
    @Timed(value = "userstream.source.request", description = "randomuser.me request latency, retries included")
    public String fetch(int results, String nat, String seed, Integer page) {
        try (Response response = client.users(results, nat, seed, page)) {
            int status = response.getStatus();
            if (status == 429) {
                throw new RateLimitedException(retryAfter(response.getHeaderString("Retry-After")));
            }
            if (status >= 500) {
                throw new SourceUnavailableException("randomuser.me answered " + status);
            }
            if (status != 200) {
                throw new IllegalStateException("randomuser.me answered " + status + " (not retried)");
            }
            return boundedBody(response, config.randomuser().maxBodyBytes());
        }
    }

    /** The body as text, read no further than {@code max} bytes: an endless or huge answer fails clearly. */
    static String boundedBody(Response response, int max) {
        String length = response.getHeaderString("Content-Length");
        if (length != null && length.matches("\\d+") && Long.parseLong(length) > max) {
            throw new BodyTooLargeException("randomuser.me answered a body of " + length + " bytes, over the limit of "
                    + max + " bytes (userstream.randomuser.max-body-bytes)");
        }
        try (InputStream in = response.readEntity(InputStream.class)) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new BodyTooLargeException("randomuser.me answered a body over the limit of " + max
                        + " bytes (userstream.randomuser.max-body-bytes); stopped reading there");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProcessingException("reading randomuser.me's answer failed: " + e, e);
        }
    }

    /** Not retried: the same request would get the same answer. */
    public static final class BodyTooLargeException extends IllegalStateException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /** Retry-After in seconds or as an HTTP date; one second when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ofSeconds(1);
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.ofMillis(Math.max(0, ZonedDateTime.now().until(at, ChronoUnit.MILLIS)));
            } catch (RuntimeException unreadable) {
                return Duration.ofSeconds(1);
            }
        }
    }
}
