package io.userstream.pipeline.chaos;

import io.userstream.pipeline.RepoLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * `make chaos`: faults for CHAOS_SECONDS (default 900) on the whole pipeline, then the exact checks
 * and the table (also in target/chaos/chaos.md). The seed is printed first; CHAOS_SEED replays a run.
 * Exits 1 when anything was lost, doubled as a row, stale or slow to recover.
 */
public final class ChaosMain {

    /** Users per manual run, and runs between two faults: the load follows the faults, it has no rate. */
    static final int RUN_SIZE = 2_000;
    static final int RUNS_BETWEEN_FAULTS = 3;

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 900;
        long seed = args.length > 1 && !args[1].isBlank() ? Long.parseLong(args[1]) : new SecureRandom().nextLong();
        long pause = args.length > 2 ? Long.parseLong(args[2]) : 35;
        System.out.printf("chaos: seed %d (replay with CHAOS_SEED=%d), faults for %d s, pauses of %d s%n", seed, seed, seconds, pause);
        RepoLayout repo = RepoLayout.find();
        ChaosRun.Report report = ChaosRun.run(new ChaosRun.Settings(seed, Duration.ofSeconds(seconds), RUN_SIZE, RUNS_BETWEEN_FAULTS,
                Duration.ofSeconds(pause), Duration.ofMinutes(3), Duration.ofMinutes(15), repo.root().resolve(".run/chaos"),
                Fault.values().length), repo, line -> System.out.println("chaos: " + line));
        String table = report.table();
        System.out.println();
        System.out.println(table);
        Path out = repo.root().resolve("target/chaos");
        Files.createDirectories(out);
        Files.writeString(out.resolve("chaos.md"), table);
        System.out.println(report.ok() ? "chaos: PASSED" : "chaos: FAILED");
        System.exit(report.ok() ? 0 : 1);
    }
}
