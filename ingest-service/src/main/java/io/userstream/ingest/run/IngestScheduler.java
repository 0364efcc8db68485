package io.userstream.ingest.run;

import io.quarkus.scheduler.Scheduled;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The periodic fetch (the DAG's schedule): every {@code userstream.schedule.every}, a run of
 * {@code userstream.schedule.batch-size} users. A tick while a run is going is skipped, never
 * queued; a failing run is logged and the next tick runs as usual. A tick that comes while the service is
 * still starting waits for the start to finish: the scheduler fires during start-up, before reactive messaging
 * has connected the publisher's emitter ("SRMSG00019: Unable to connect an emitter"), which failed the first run.
 */
@ApplicationScoped
public class IngestScheduler {

    private static final Logger LOG = Logger.getLogger(IngestScheduler.class);

    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final IngestRunner runner;
    private final IngestConfig config;
    private final ScheduleControl control;

    public IngestScheduler(IngestRunner runner, IngestConfig config, ScheduleControl control) {
        this.runner = runner;
        this.config = config;
        this.control = control;
    }

    @Scheduled(identity = "ingest", every = "${userstream.schedule.every}", delayed = "${userstream.schedule.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ScheduleControl.WhenPaused.class)
    void tick() {
        try {
            if (!control.awaitStarted(START_WAIT)) {
                LOG.warnf("tick skipped: the service has not finished starting after %s", START_WAIT);
                return;
            }
            if (runner.tryRun(config.schedule().batchSize(), "schedule", config.source()).isEmpty()) {
                LOG.debug("tick skipped: a run is going");
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduled run failed; the next tick runs as usual");
        }
    }
}
