package io.userstream.pipeline;

import io.userstream.localstack.ChildJvm;
import io.userstream.localstack.ServerFailedException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One of the pipeline's own services (the ingest service, the Spark job) as a child JVM: started,
 * ready when its check passes, stopped with SIGTERM so it can finish its work. It dies with the
 * runner even when the runner is killed (local-stack's {@link ChildJvm} lifeline).
 */
public final class ManagedService implements AutoCloseable {

    private final String name;
    private final ChildJvm jvm;
    private final long graceSeconds;

    private ManagedService(String name, ChildJvm jvm, long graceSeconds) {
        this.name = name;
        this.jvm = jvm;
        this.graceSeconds = graceSeconds;
    }

    static ManagedService start(String name, String classpath, List<String> jvmArgs, String mainClass, List<String> args,
                                Map<String, String> env, Path workDir, Path logFile, BooleanSupplier ready,
                                Duration timeout, long graceSeconds) {
        ChildJvm jvm = ChildJvm.start(name, Path.of(System.getProperty("java.home"), "bin", "java"), classpath,
                jvmArgs, mainClass, args, env, workDir, logFile);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                ServerFailedException failure = jvm.failure("exited during start-up", null);
                jvm.stop(1);
                throw failure;
            }
            if (ready.getAsBoolean()) {
                return new ManagedService(name, jvm, graceSeconds);
            }
            sleep(500);
        }
        ServerFailedException failure = jvm.failure("not ready after " + timeout.toSeconds() + " s", null);
        jvm.stop(5);
        throw failure;
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    public Path logFile() {
        return jvm.logFile();
    }

    public List<String> logTail(int lines) {
        return jvm.logTail(lines);
    }

    @Override
    public void close() {
        jvm.stop(graceSeconds);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
