package io.userstream.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code make run}'s batch layer: the batch job every {@code BATCH_EVERY} (default 2m; 0 turns it
 * off), one run at a time, so the serving view (GET /api/stats) moves from speed to batch while you
 * watch. On Kubernetes the same job is a nightly ScheduledSparkApplication.
 */
public final class BatchSchedule implements AutoCloseable {

    /** The variable `make run BATCH_EVERY=...` sets (a make setting, not an application's). */
    static final String EVERY_VARIABLE = "BATCH_EVERY";
    static final Duration DEFAULT_EVERY = Duration.ofMinutes(2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    private final ScheduledExecutorService timer;

    private BatchSchedule(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts the schedule ({@code every} zero: none). */
    public static BatchSchedule start(RepoLayout repo, String cassandraContactPoint, Path logs, Duration every) {
        if (every.isZero()) {
            return new BatchSchedule(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "userstream-batch-schedule");
            t.setDaemon(true);
            return t;
        });
        // Fixed delay: the next run is `every` after the previous one ended, never two at once.
        timer.scheduleWithFixedDelay(() -> {
            try {
                String summary = BatchRunner.runOnce(repo, cassandraContactPoint, logs.resolve("batch.log"), RUN_TIMEOUT);
                System.out.println("userstream: [" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + summary);
            } catch (RuntimeException e) {
                System.err.println("userstream: batch run failed (next in " + every.toSeconds() + " s): " + e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new BatchSchedule(timer);
    }

    /** {@code BATCH_EVERY} from the environment: {@code 90s}, {@code 2m}, {@code 1h}, or 0 for none. */
    public static Duration everyFromEnvironment() {
        String raw = System.getenv(EVERY_VARIABLE);
        return raw == null || raw.isBlank() ? DEFAULT_EVERY : parse(raw.trim());
    }

    static Duration parse(String raw) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)?").matcher(raw);
        if (!m.matches()) {
            throw new IllegalArgumentException(EVERY_VARIABLE + " must be like 90s, 2m, 1h or 0, got '" + raw + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
