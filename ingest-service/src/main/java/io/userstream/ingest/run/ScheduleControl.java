package io.userstream.ingest.run;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.runtime.StartupEvent;
import io.userstream.ingest.config.IngestConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Pause and resume of the schedule at run time; it starts paused when the schedule is disabled. */
@ApplicationScoped
public class ScheduleControl {

    private final AtomicBoolean paused;
    private final CountDownLatch started = new CountDownLatch(1);

    public ScheduleControl(IngestConfig config) {
        this.paused = new AtomicBoolean(!config.schedule().enabled());
    }

    /** Late among the start observers: reactive messaging (LIBRARY_BEFORE) has wired its channels by then. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        started.countDown();
    }

    /** Waits, at most {@code bound}, until the service has started; false when it has not. */
    public boolean awaitStarted(Duration bound) {
        try {
            return started.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
            return false;
        }
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
