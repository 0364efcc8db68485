package io.userstream.spark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Counts the runs of the job on one checkpoint, in a small file beside Spark's own, for the
 * {@code restarts} metric. On Kubernetes each restart is a new driver pod, so no per-process counter
 * (nor a container's restart count) sees it; the checkpoint (a PVC) is what the runs share.
 * Local paths only ({@code /path} or {@code file:}): for another file system the metric stays 0 and
 * the log says so (Hadoop's FileSystem API is not on the job's compile classpath, on purpose).
 */
final class RunCounter {

    static final String FILE = "userstream-runs";
    private static final Logger LOG = LoggerFactory.getLogger(RunCounter.class);

    private RunCounter() {
    }

    /** Records this run and returns how many ran before it on this checkpoint (0 on a fresh one). */
    static long previousRuns(String checkpointLocation) {
        URI uri = URI.create(checkpointLocation.replace(" ", "%20"));
        if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
            LOG.info("Checkpoint on {}: runs are not counted (restarts metric stays 0)", uri.getScheme());
            return 0;
        }
        Path dir = uri.getScheme() == null ? Path.of(checkpointLocation) : Path.of(uri);
        Path file = dir.resolve(FILE);
        try {
            long previous = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
            Files.createDirectories(dir);
            Path next = Files.createTempFile(dir, FILE, ".tmp");
            Files.writeString(next, Long.toString(previous + 1), StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return previous;
        } catch (IOException | NumberFormatException e) {
            // A metric is not worth stopping the job for: say so and count from zero.
            LOG.warn("Cannot count runs in {} ({}); the restarts metric starts at 0", file, e.toString());
            return 0;
        }
    }
}
