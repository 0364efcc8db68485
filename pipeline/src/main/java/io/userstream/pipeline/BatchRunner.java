package io.userstream.pipeline;

import io.userstream.contract.env.EnvVar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs spark-app's batch job ({@code io.userstream.spark.BatchJob}) once, in local mode, as a child
 * JVM against a Cassandra node: {@code make batch}, and {@link BatchSchedule} in {@code make run}.
 */
public final class BatchRunner {

    static final String BATCH_MAIN = "io.userstream.spark.BatchJob";
    /** The job logs this line when it is done (BatchJob.run). */
    static final String DONE_MARKER = "batch view as of";

    private BatchRunner() {
    }

    /** The job's summary line, or empty when it failed (exit code and log tail then in the exception). */
    public static String runOnce(RepoLayout repo, String cassandraContactPoint, Path logFile, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Dspark.ui.enabled=false"));
        command.addAll(SparkLaunch.localMode(repo, "local[2]", "userstream-batch-local"));
        command.addAll(List.of("-cp", repo.sparkLocalClasspath(), BATCH_MAIN));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(EnvVar.CASSANDRA_CONTACT_POINTS.name(), cassandraContactPoint);
        builder.environment().putAll(SparkLaunch.ONE_NODE_CASSANDRA);
        Process process = null;
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("batch job did not finish in " + timeout + "; log " + logFile);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("batch job failed (exit " + process.exitValue() + "); last lines of "
                        + logFile + ":\n  " + String.join("\n  ", tail(logFile, 20)));
            }
            return summary(logFile).orElse("batch job finished");
        } catch (IOException e) {
            throw new IllegalStateException("batch job could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch job ran", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Optional<String> summary(Path logFile) throws IOException {
        List<String> lines = Files.readAllLines(logFile);
        for (int i = lines.size() - 1; i >= 0; i--) {
            int at = lines.get(i).indexOf(DONE_MARKER);
            if (at >= 0) {
                return Optional.of(lines.get(i).substring(at));
            }
        }
        return Optional.empty();
    }

    private static List<String> tail(Path logFile, int n) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }
}
