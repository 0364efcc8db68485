package io.userstream.ingest.run;

import io.userstream.ingest.config.IngestConfig.SourceKind;
import io.userstream.ingest.publish.PublishFailedException;
import io.userstream.ingest.publish.PublishResult;
import io.userstream.ingest.publish.RecordFactory;
import io.userstream.ingest.publish.UserPublisher;
import io.userstream.ingest.source.Page;
import io.userstream.ingest.source.RandomUserSource;
import io.userstream.ingest.source.SyntheticSource;
import io.userstream.ingest.source.UserSource;
import io.quarkus.runtime.ShutdownEvent;
import io.userstream.ingest.config.IngestConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run: fetch page after page (at most the source's page size each), publish each page and wait
 * for Kafka's acks; the next page is fetched meanwhile, never further ahead. Never two runs at once: a run asked for while one
 * is going is refused. A source failure ends the run; what was fetched before stays published.
 */
@ApplicationScoped
public class IngestRunner {

    private static final Logger LOG = Logger.getLogger(IngestRunner.class);

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile IngestRun current;
    @Inject
    IngestConfig config;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-run");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-fetcher");
        t.setDaemon(true);
        return t;
    });
    private final RunHistory history;
    private final RandomUserSource randomUser;
    private final SyntheticSource synthetic;
    private final RecordFactory records;
    private final UserPublisher publisher;
    private final IngestMetrics metrics;

    public IngestRunner(RunHistory history, RandomUserSource randomUser, SyntheticSource synthetic,
                        RecordFactory records, UserPublisher publisher, IngestMetrics metrics) {
        this.history = history;
        this.randomUser = randomUser;
        this.synthetic = synthetic;
        this.records = records;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Runs now and returns the finished run, or empty when another run is going. */
    public Optional<RunView> tryRun(int count, String trigger, SourceKind kind) {
        return start(count, trigger, kind).map(run -> {
            try {
                run.awaitFinished(Duration.ofDays(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return run.view();
        });
    }

    /**
     * Starts a run on the runner's own thread and returns at once (the caller may wait on it,
     * bounded); empty when another run is going.
     */
    public Optional<StartedRun> start(int count, String trigger, SourceKind kind) {
        if (!busy.compareAndSet(false, true)) {
            return Optional.empty();
        }
        UserSource source = kind == SourceKind.SYNTHETIC ? synthetic : randomUser;
        IngestRun run = history.start(trigger, source.name(), count);
        current = run;
        try {
            runs.execute(() -> {
                try {
                    run.finish(execute(run, source, count));
                    LOG.infof("run %s finished: %s", run.id, run.view());
                } catch (RuntimeException e) {
                    run.finish("unexpected: " + e);
                    LOG.errorf(e, "run %s failed", run.id);
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException e) {
            run.finish("not started: " + e);
            busy.set(false);
        }
        return Optional.of(new StartedRun(run));
    }

    /** True while a run is going (including one a drain gave up waiting for). */
    public boolean running() {
        return busy.get();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain(config.shutdownDrain());
    }

    /**
     * What shutdown does (SIGTERM, a pod stopping): the run in flight fetches no further page; the
     * page in hand is published, waited for up to {@code timeout}; the run is then recorded as
     * interrupted with its counts, never left "running". Returns that run, if there was one.
     */
    public Optional<RunView> drain(Duration timeout) {
        IngestRun run = current;
        if (run == null || run.isFinished()) {
            return Optional.empty();
        }
        run.requestStop();
        try {
            run.awaitFinished(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run.interrupt("service stopping: the page in hand was not acknowledged by Kafka within " + timeout);
        LOG.warnf("run %s interrupted by shutdown: %s", run.id, run.view());
        return Optional.of(run.view());
    }

    /** A run started by {@link #start}: its id, its state now, and a bounded wait for its end. */
    public static final class StartedRun {
        private final IngestRun run;

        StartedRun(IngestRun run) {
            this.run = run;
        }

        public String id() {
            return run.id;
        }

        /** True when the run finished within the timeout. */
        public boolean awaitFinished(Duration timeout) throws InterruptedException {
            return run.awaitFinished(timeout);
        }

        public RunView view() {
            return run.view();
        }
    }

    /**
     * Returns null on success, the error otherwise. The next page is fetched while the current one is
     * published (at most one page ahead), so a run holds at most two pages.
     */
    private String execute(IngestRun run, UserSource source, int count) {
        int size = Math.min(count, source.maxPageSize());
        Future<Fetched> next = fetcher.submit(() -> fetch(source, size, 1));
        int remaining = count - size;
        for (int pageNumber = 2; next != null; pageNumber++) {
            Fetched fetched;
            try {
                fetched = next.get();
            } catch (ExecutionException e) {
                LOG.warnf("run %s: page %d from %s failed: %s", run.id, pageNumber - 1, source.name(), e.getCause().toString());
                return "source: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while fetching";
            }
            next = null;
            if (remaining > 0) {
                int nextSize = Math.min(remaining, source.maxPageSize());
                int number = pageNumber;
                next = fetcher.submit(() -> fetch(source, nextSize, number));
                remaining -= nextSize;
            }
            run.fetched(fetched.page.fetched(), fetched.page.rejected().size(), fetched.nanos);
            metrics.fetched(fetched.page.fetched(), fetched.nanos);
            fetched.page.rejected().forEach(r -> metrics.rejected(r.kind()));
            String failure = publish(run, fetched.page, source, fetched.at);
            if (failure == null && run.stopRequested() && next != null) {
                failure = IngestRun.INTERRUPTED;
            }
            if (failure != null) {
                if (next != null) {
                    next.cancel(true);
                }
                return failure;
            }
        }
        return null;
    }

    private static Fetched fetch(UserSource source, int size, int pageNumber) {
        long began = System.nanoTime();
        Page page = source.fetch(size, pageNumber);
        return new Fetched(page, Instant.now(), System.nanoTime() - began);
    }

    /** A page with when it arrived and how long it took. */
    private record Fetched(Page page, Instant at, long nanos) {
    }

    private String publish(IngestRun run, Page page, UserSource source, Instant fetchedAt) {
        long began = System.nanoTime();
        try {
            PublishResult result = publisher.publish(records.records(page, source.name(), run.id, fetchedAt));
            run.published(result.published(), System.nanoTime() - began);
            metrics.published(result.published());
            return null;
        } catch (PublishFailedException e) {
            run.published(e.acknowledged().published(), System.nanoTime() - began);
            metrics.published(e.acknowledged().published());
            LOG.errorf("run %s: %s", run.id, e.getMessage());
            return "kafka: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.errorf("run %s interrupted with %d records of a page not acknowledged by Kafka", run.id, page.users().size());
            return "interrupted before Kafka acknowledged the page";
        }
    }
}
