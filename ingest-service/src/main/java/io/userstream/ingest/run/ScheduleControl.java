package io.userstream.ingest.run;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicBoolean;

/** Pause and resume of the schedule at run time; it starts paused when the schedule is disabled. */
@ApplicationScoped
public class ScheduleControl {

    private final AtomicBoolean paused;

    public ScheduleControl(IngestConfig config) {
        this.paused = new AtomicBoolean(!config.schedule().enabled());
    }

    public boolean isPaused() {
        return paused.get();
    }

    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
    }

    /** Skips ticks while paused. */
    @Singleton
    public static class WhenPaused implements Scheduled.SkipPredicate {

        private final ScheduleControl control;

        public WhenPaused(ScheduleControl control) {
            this.control = control;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return control.isPaused();
        }
    }
}
