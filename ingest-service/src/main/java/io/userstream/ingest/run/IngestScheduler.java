package io.userstream.ingest.run;

import io.quarkus.scheduler.Scheduled;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The periodic fetch (the DAG's schedule): every {@code userstream.schedule.every}, a run of
 * {@code userstream.schedule.batch-size} users. A tick while a run is going is skipped, never
 * queued; a failing run is logged and the next tick runs as usual.
 */
@ApplicationScoped
public class IngestScheduler {

    private static final Logger LOG = Logger.getLogger(IngestScheduler.class);

    private final IngestRunner runner;
    private final IngestConfig config;

    public IngestScheduler(IngestRunner runner, IngestConfig config) {
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(identity = "ingest", every = "${userstream.schedule.every}", delayed = "${userstream.schedule.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ScheduleControl.WhenPaused.class)
    void tick() {
        try {
            if (runner.tryRun(config.schedule().batchSize(), "schedule", config.source()).isEmpty()) {
                LOG.debug("tick skipped: a run is going");
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduled run failed; the next tick runs as usual");
        }
    }
}
