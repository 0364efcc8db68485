package io.userstream.pipeline;

import io.userstream.localstack.ServerNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps the pipeline's processes running the way the kubelet keeps a pod's containers running: a
 * process that exits is restarted after a back-off that doubles with each crash in a row and is
 * forgotten once it has run long enough (CrashLoopBackOff: 10 s doubling to 5 min, reset after
 * 10 min; shorter here, where a restart costs seconds and a user watches). Kafka and Cassandra come
 * back on their data and ports, the Spark job from its checkpoint, the ingest service on its port.
 * Every restart is logged and counted; nothing here ever stops the others.
 */
public final class Supervisor {

    /** A process the supervisor keeps running. */
    public interface Process {
        String name();

        /** Started, and exited since without being stopped. */
        boolean hasDied();

        Integer exitCode();

        /** Starts it again; throws when it does not come up (that counts as one more crash). */
        void restart();
    }

    private final List<Watched> watched = new ArrayList<>();
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration resetAfter;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private int restarts;

    Supervisor(List<? extends Process> processes, Duration initialBackoff, Duration maxBackoff, Duration resetAfter,
               LongSupplier nanoClock, Consumer<String> log) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.resetAfter = resetAfter;
        this.clock = nanoClock;
        this.log = log;
        processes.forEach(p -> watched.add(new Watched(p)));
    }

    /** `make run`'s supervisor: first restart after 2 s, doubling to 1 min, reset after 2 min up. */
    static Supervisor forRun(Pipeline pipeline, Consumer<String> log) {
        List<Process> processes = pipeline.processes().stream().map(node -> of(node, ServiceNode.START_TIMEOUT)).toList();
        return new Supervisor(processes, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(2),
                System::nanoTime, log);
    }

    /** The chaos run's supervisor: quick restarts (1 s doubling to 8 s), so recovery is measured, not the back-off. */
    public static Supervisor forChaos(Pipeline pipeline, Consumer<String> log) {
        List<Process> processes = pipeline.processes().stream().map(node -> of(node, ServiceNode.START_TIMEOUT)).toList();
        return new Supervisor(processes, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1),
                System::nanoTime, log);
    }

    static Process of(ServerNode node, Duration startTimeout) {
        return new Process() {
            @Override
            public String name() {
                return node.name();
            }

            @Override
            public boolean hasDied() {
                return node.hasDied();
            }

            @Override
            public Integer exitCode() {
                return node.exitCode();
            }

            @Override
            public void restart() {
                node.restart(startTimeout);
            }
        };
    }

    /** Restarts every dead process whose back-off has passed; call it often (every second). */
    public void tick() {
        for (Watched w : watched) {
            w.tick();
        }
    }

    /** Restarts done since start, successful or not. */
    public int restarts() {
        return restarts;
    }

    private final class Watched {
        private final Process process;
        private int crashesInARow;
        private long upSince;
        private long restartAt = -1;
        /** A restart that failed before its process existed leaves nothing that could report having died. */
        private boolean down;

        Watched(Process process) {
            this.process = process;
            this.upSince = clock.getAsLong();
        }

        void tick() {
            long now = clock.getAsLong();
            if (!down && !process.hasDied()) {
                if (crashesInARow > 0 && now - upSince >= resetAfter.toNanos()) {
                    crashesInARow = 0;
                }
                return;
            }
            if (restartAt < 0) {
                Duration backoff = backoff(crashesInARow++);
                restartAt = now + backoff.toNanos();
                log.accept(process.name() + " exited (exit code " + process.exitCode() + "); restarting in "
                        + backoff.toSeconds() + " s (crash " + crashesInARow + " in a row)");
                return;
            }
            if (now < restartAt) {
                return;
            }
            restartAt = -1;
            restarts++;
            try {
                down = true;
                process.restart();
                down = false;
                upSince = clock.getAsLong();
                log.accept(process.name() + " restarted (restart " + restarts + " of the pipeline)");
            } catch (RuntimeException e) {
                log.accept(process.name() + " did not come back: " + e.getMessage());
            }
        }

        private Duration backoff(int crashes) {
            Duration d = initialBackoff;
            for (int i = 0; i < crashes && d.compareTo(maxBackoff) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }
}
