package io.userstream.ingest.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * The service's own Prometheus metrics: users fetched, published (acked by Kafka) and rejected
 * (by reason), and source latency per page. Publish latency and circuit state live beside their code.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter fetched;
    private final Counter published;
    private final Timer pageLatency;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.fetched = Counter.builder("userstream.users.fetched").description("Users received from the source").register(registry);
        this.published = Counter.builder("userstream.users.published").description("Users Kafka acknowledged on the main topic")
                .register(registry);
        this.pageLatency = Timer.builder("userstream.source.page.latency").description("Time to get one page from the source")
                .register(registry);
    }

    void fetched(int users, long nanos) {
        fetched.increment(users);
        pageLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void published(int users) {
        published.increment(users);
    }

    /** Counted by kind ({@code schema}, {@code duplicate_login_uuid}, ...): the full reason, with its path, is in the record's header. */
    void rejected(String kind) {
        String tag = kind;
        Counter.builder("userstream.users.rejected").description("Results and responses sent to the dead-letter topic")
                .tag("reason", tag).register(registry).increment();
    }
}
