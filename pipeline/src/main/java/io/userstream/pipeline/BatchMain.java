package io.userstream.pipeline;

import io.userstream.localstack.LocalStack;
import io.userstream.localstack.Ports;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code make batch}: the batch job once against `make run`'s Cassandra; when that is not running,
 * starts Cassandra alone on the same data ({@code .run/local-stack}), runs the job, stops it again.
 */
public final class BatchMain {

    private BatchMain() {
    }

    public static void main(String[] args) {
        RepoLayout repo = RepoLayout.find();
        Path data = repo.root().resolve(".run");
        Path cassandraDir = data.resolve("local-stack").resolve("cassandra");
        Optional<Integer> running = runningPort(cassandraDir);
        try {
            if (running.isPresent()) {
                String contactPoint = Ports.LOOPBACK + ":" + running.get();
                System.out.println("userstream: batch job against make run's Cassandra at " + contactPoint + "...");
                System.out.println("userstream: " + run(repo, contactPoint, data));
            } else {
                System.out.println("userstream: make run's Cassandra is not running: starting it alone on " + data + "...");
                try (LocalStack stack = LocalStack.builder().dataDir(data.resolve("local-stack")).kafka(false).start()) {
                    System.out.println("userstream: " + run(repo, stack.cassandra().contactPoint(), data));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("userstream: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String run(RepoLayout repo, String contactPoint, Path data) {
        return BatchRunner.runOnce(repo, contactPoint, data.resolve("logs").resolve("batch.log"), Duration.ofMinutes(30));
    }

    /** The CQL port of a live Cassandra on this directory (its pid file names a live process), if any. */
    static Optional<Integer> runningPort(Path cassandraDir) {
        Path pid = cassandraDir.resolve("server.pid");
        Path state = cassandraDir.resolve("local-stack.properties");
        try {
            if (!Files.exists(pid) || !Files.exists(state)) {
                return Optional.empty();
            }
            long p = Long.parseLong(Files.readString(pid).trim());
            if (!ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(state)) {
                props.load(in);
            }
            return Optional.ofNullable(props.getProperty("port")).map(Integer::valueOf);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
