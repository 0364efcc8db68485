package io.userstream.ingest.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.userstream.ingest.api.ApiError;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The control endpoints' rate limit: at most {@code requests} per user and endpoint within a sliding
 * {@code window} (userstream.api.rate-limit.*, 120 a minute: a person never meets it, `make bench`'s
 * one run a second neither; a script gone wrong does). Per user, so one operator's loop does not lock
 * the others out; sliding, so a burst cannot straddle a window boundary for twice the limit. Over it:
 * 429 with {@code Retry-After} (whole seconds until the oldest counted request leaves the window) and
 * nothing done. Counted after authentication and the role check, so strangers cannot spend an
 * operator's budget (they get 401/403 first).
 */
@ApplicationScoped
public class ControlRateLimiter {

    private final int limit;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    @Inject
    public ControlRateLimiter(IngestConfig config) {
        this(config.api().rateLimit().requests(), config.api().rateLimit().window(), System::nanoTime);
    }

    ControlRateLimiter(int limit, Duration window, LongSupplier clock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Counts one request of the caller to the endpoint, or throws 429 when it is over the limit. */
    public void acquire(SecurityIdentity caller, String endpoint) {
        long retryAfterNanos = tryAcquire(caller.getPrincipal().getName() + " " + endpoint);
        if (retryAfterNanos > 0) {
            long seconds = Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
            throw new WebApplicationException(Response.fromResponse(ApiError.response(Response.Status.TOO_MANY_REQUESTS,
                            "too many requests to " + endpoint + " (at most " + limit + " in " + Duration.ofNanos(windowNanos)
                                    + " per user); try again in " + seconds + " s"))
                    .header("Retry-After", seconds).build());
        }
    }

    /** 0 when counted; else how long until it would be allowed. */
    long tryAcquire(String key) {
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            long now = clock.getAsLong();
            while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return times.peekFirst() + windowNanos - now;
            }
            times.addLast(now);
            return 0;
        }
    }
}
