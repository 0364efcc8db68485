package io.userstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Life of one server: prepare its directory and config, start its JVM, poll a protocol-level
 * readiness probe until it answers, stop it. Subclasses say how to configure and probe.
 */
public abstract class ServerNode implements AutoCloseable {

    private static final long POLL_MILLIS = 250;

    protected final String name;
    protected final Path dir;
    protected final ServerState state;
    private ChildJvm jvm;
    private Duration startupTime;

    protected ServerNode(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot create data directory " + dir, e);
        }
        this.state = new ServerState(name, dir);
    }

    /** Writes configuration, formats storage if needed; may run short tool JVMs. */
    protected abstract void prepare();

    protected abstract Path java();

    protected abstract String classpath();

    protected abstract List<String> jvmArgs();

    protected abstract String mainClass();

    protected abstract List<String> args();

    /** One readiness attempt: returns normally when the server answers, throws otherwise. */
    protected abstract void probe() throws Exception;

    /** Starts the server and blocks until its probe succeeds, it dies, or the timeout passes. */
    public void start(Duration timeout) {
        long began = System.nanoTime();
        state.checkNotInUse();
        prepare();
        state.save();
        jvm = ChildJvm.start(name, java(), classpath(), jvmArgs(), mainClass(), args(), dir, logFile());
        state.claim(jvm.pid());
        awaitReady(began, timeout);
        startupTime = Duration.ofNanos(System.nanoTime() - began);
    }

    private void awaitReady(long began, Duration timeout) {
        long deadline = began + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                ServerFailedException failure = jvm.failure("exited during start-up", last);
                cleanUpAfterFailure();
                throw failure;
            }
            try {
                probe();
                return;
            } catch (Exception e) {
                last = e;
            }
            sleep(POLL_MILLIS);
        }
        ServerFailedException failure = jvm.failure("not ready after " + timeout.toSeconds() + " s (last probe: "
                + (last == null ? "none" : last.getMessage()) + ")", last);
        cleanUpAfterFailure();
        throw failure;
    }

    private void cleanUpAfterFailure() {
        jvm.stop(10);
        state.release();
    }

    /** SIGTERM, wait for a clean exit, then SIGKILL. Safe to call twice. */
    public void stop() {
        if (jvm != null) {
            jvm.stop();
            state.release();
            jvm = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return jvm != null && jvm.isAlive();
    }

    public long pid() {
        if (jvm == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return jvm.pid();
    }

    public String name() {
        return name;
    }

    public Path dataDir() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve(name.toLowerCase() + ".log");
    }

    /**
     * The server's main port: the one asked for (refused clearly when taken), else the one this
     * directory used last time when it is free (so `make run` keeps its addresses), else any free one.
     */
    protected int choosePort(Integer requested, String setting) {
        int port;
        if (requested != null) {
            Ports.requireFree(name, setting, requested);
            port = requested;
        } else {
            port = state.port("port").filter(Ports::isFree).orElseGet(() -> Ports.pickFree(1)[0]);
        }
        state.put("port", port);
        return port;
    }

    /** Wall time from start() to the first successful probe. */
    public Duration startupTime() {
        return startupTime;
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server", e);
        }
    }
}
