package io.userstream.pipeline.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady offered load: a manual ingest run of {@code perSecond / TICKS_PER_SECOND} users every
 * tick, sent without waiting for the previous one, so records arrive spread over the second rather
 * than in one burst. A tick the service refuses (a run still going) is counted, not retried: the
 * accepted users are what was really offered. Runs until closed, at most {@link #MAX_TICKS} ticks.
 */
final class LoadDriver implements AutoCloseable {

    static final int TICKS_PER_SECOND = 5;
    static final int MAX_TICKS = 600 * TICKS_PER_SECOND;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-driver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    private LoadDriver() {
    }

    static LoadDriver start(IngestClient ingest, int perSecond) {
        LoadDriver driver = new LoadDriver();
        int perTick = Math.max(1, perSecond / TICKS_PER_SECOND);
        driver.timer.scheduleAtFixedRate(() -> {
            if (driver.ticks.incrementAndGet() > MAX_TICKS) {
                driver.timer.shutdown();
                return;
            }
            ingest.start(perTick).whenComplete((status, error) -> {
                if (error == null && status / 100 == 2) {
                    driver.accepted.addAndGet(perTick);
                } else {
                    driver.refused.incrementAndGet();
                }
            });
        }, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        return driver;
    }

    /** Ticks the service refused (for example while a run was still going). */
    long refused() {
        return refused.get();
    }

    /** Users of the runs the service accepted so far. */
    long accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
