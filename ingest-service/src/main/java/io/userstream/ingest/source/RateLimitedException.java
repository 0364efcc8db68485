package io.userstream.ingest.source;

import java.time.Duration;

/** A 429 answer: the caller waits {@link #retryAfter()} before asking again. */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimitedException(Duration retryAfter) {
        super("rate limited by the source, Retry-After " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
