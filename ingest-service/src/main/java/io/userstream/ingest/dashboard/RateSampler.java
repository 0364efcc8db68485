package io.userstream.ingest.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The live-ingestion chart's data: every {@value #EVERY_SECONDS} s the service's own cumulative
 * counters (fetched, published, dead-lettered) and the Spark job's rows written are read, and the
 * last {@value #KEPT} samples (10 minutes) kept. Rates are differences of neighbouring samples, so
 * they are exact per interval and need no clock on the page.
 */
@ApplicationScoped
public class RateSampler {

    static final int EVERY_SECONDS = 2;
    static final int KEPT = 300;

    private final MeterRegistry registry;
    private final SparkJobMetrics spark;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateSampler(MeterRegistry registry, SparkJobMetrics spark) {
        this.registry = registry;
        this.spark = spark;
    }

    record Sample(Instant at, double fetched, double published, double deadLettered, Long written) {
    }

    @Scheduled(every = EVERY_SECONDS + "s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        SparkJobView job = spark.scrape();
        Sample s = new Sample(Instant.now(), count("userstream.users.fetched"), count("userstream.users.published"),
                count("userstream.users.rejected"), job.reachable() ? job.rowsWritten() : null);
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > KEPT) {
                samples.removeFirst();
            }
        }
    }

    private double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Per-second rates between neighbouring samples, oldest first, and the totals of the newest sample. */
    public Rates rates() {
        List<Sample> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        List<RatePoint> points = new ArrayList<>();
        for (int i = 1; i < copy.size(); i++) {
            Sample a = copy.get(i - 1);
            Sample b = copy.get(i);
            double seconds = Math.max(0.001, (b.at().toEpochMilli() - a.at().toEpochMilli()) / 1000.0);
            // a restarted job starts its counter again: no rate across the restart
            Double written = a.written() == null || b.written() == null || b.written() < a.written()
                    ? null : round((b.written() - a.written()) / seconds);
            points.add(new RatePoint(b.at(), round((b.fetched() - a.fetched()) / seconds),
                    round((b.published() - a.published()) / seconds), round((b.deadLettered() - a.deadLettered()) / seconds), written));
        }
        Sample newest = copy.isEmpty() ? null : copy.get(copy.size() - 1);
        return new Rates(EVERY_SECONDS, points, newest == null ? 0 : (long) newest.fetched(),
                newest == null ? 0 : (long) newest.published(), newest == null ? 0 : (long) newest.deadLettered(),
                newest == null ? null : newest.written());
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
