package io.userstream.ingest.run;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The live state of one run; read by the run listing while it is still going. */
final class IngestRun {

    final String id = UUID.randomUUID().toString();
    final String trigger;
    final String source;
    final int requested;
    final Instant startedAt = Instant.now();
    private volatile int fetched;
    private volatile int published;
    private volatile int rejected;
    private volatile long fetchNanos;
    private volatile long publishNanos;
    private volatile String status = "running";
    private volatile String error;
    private volatile Instant finishedAt;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    IngestRun(String trigger, String source, int requested) {
        this.trigger = trigger;
        this.source = source;
        this.requested = requested;
    }

    synchronized void fetched(int users, int rejectedRecords, long nanos) {
        fetched += users;
        rejected += rejectedRecords;
        fetchNanos += nanos;
    }

    synchronized void published(int records, long nanos) {
        published += records;
        publishNanos += nanos;
    }

    /** The failure a run returns when a drain stopped it between two pages. */
    static final String INTERRUPTED = "service stopping: no further page fetched";
    private volatile boolean stopRequested;

    synchronized void finish(String failure) {
        if (finishedAt != null) {
            return;                 // a drain recorded it as interrupted already
        }
        error = failure;
        status = failure == null ? "succeeded" : INTERRUPTED.equals(failure) ? "interrupted" : "failed";
        finishedAt = Instant.now();
        finished.countDown();
    }

    /** Recorded as interrupted with its counts now, unless it finished already. */
    synchronized void interrupt(String reason) {
        if (finishedAt == null) {
            finish(reason);
            status = "interrupted";
        }
    }

    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    boolean isFinished() {
        return finishedAt != null;
    }

    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    RunView view() {
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        return new RunView(id, trigger, source, status, requested, fetched, published, rejected,
                finishedAt == null ? 0 : Math.max(0, requested - fetched), error, startedAt, finishedAt,
                Duration.between(startedAt, end).toMillis(), fetchNanos / 1_000_000, publishNanos / 1_000_000);
    }
}
