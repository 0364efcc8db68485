package io.userstream.ingest.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The sliding window, on a clock the test moves. */
class ControlRateLimiterTest {

    @Test
    void countsWithinASlidingWindowPerKey() {
        AtomicLong now = new AtomicLong(1_000);
        ControlRateLimiter limiter = new ControlRateLimiter(3, Duration.ofSeconds(60), now::get);
        assertThat(limiter.tryAcquire("op runs")).isZero();
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(limiter.tryAcquire("op runs")).isZero();
        assertThat(limiter.tryAcquire("op runs")).isZero();
        assertThat(limiter.tryAcquire("op runs")).as("the 4th within 60 s: wait until the 1st leaves the window")
                .isEqualTo(Duration.ofSeconds(40).toNanos());
        assertThat(limiter.tryAcquire("other runs")).as("another user").isZero();
        assertThat(limiter.tryAcquire("op pause")).as("another endpoint").isZero();
        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(limiter.tryAcquire("op runs")).as("the 1st has left the window").isZero();
        assertThat(limiter.tryAcquire("op runs")).as("the 2nd and 3rd have not").isPositive();
    }
}
