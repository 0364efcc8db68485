package io.userstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Life of one server: prepare its directory and config, start its JVM, poll a protocol-level
 * readiness probe until it answers, stop it. Subclasses say how to configure and probe. The faults
 * a chaos test or a supervisor needs are here too: {@link #kill()} (SIGKILL), {@link #pause()} and
 * {@link #resume()} (SIGSTOP/SIGCONT), and {@link #restart(Duration)} on the same directory and port.
 */
public abstract class ServerNode implements AutoCloseable {

    private static final long POLL_MILLIS = 250;
    /** How long a restart waits for its previous port to be released before it fails. */
    private static final long PORT_RELEASE_MILLIS = 30_000;

    protected final String name;
    protected final Path dir;
    protected final ServerState state;
    private volatile ChildJvm jvm;
    private Duration startupTime;
    private volatile boolean paused;
    /** True during {@link #restart}: the server must come back on the port its clients know. */
    private boolean restarting;

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

    /** Runs once the probe succeeded, before start() returns (e.g. secure mode's admin set-up); nothing by default. */
    protected void afterReady() throws Exception {
    }

    /** Environment added to this JVM's for the server; none by default. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    /** A program that executes the server's JVM in its place (see {@link ChildJvm#start}); none by default. */
    protected List<String> launcher() {
        return List.of();
    }

    /** How long {@link #stop()} waits after SIGTERM before SIGKILL. */
    protected long stopGraceSeconds() {
        return 30;
    }

    /** Starts the server and blocks until its probe succeeds, it dies, or the timeout passes. */
    public void start(Duration timeout) {
        long began = System.nanoTime();
        state.checkNotInUse();
        prepare();
        state.save();
        paused = false;
        jvm = ChildJvm.start(name, launcher(), java(), classpath(), jvmArgs(), mainClass(), args(), environment(), dir, logFile());
        state.claim(jvm.pid());
        awaitReady(began, timeout);
        try {
            afterReady();
        } catch (Exception e) {
            ServerFailedException failure = jvm.failure("set-up after start failed: " + e.getMessage(), e);
            cleanUpAfterFailure();
            throw failure;
        }
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
            if (paused) {
                resume();
            }
            jvm.stop(stopGraceSeconds());
            state.release();
            jvm = null;
        }
    }

    /** SIGKILL: the process dies at once, no shutdown hook runs; {@link #restart} brings it back. */
    public void kill() {
        if (jvm != null) {
            jvm.kill();
            paused = false;
            state.release();
        }
    }

    /** SIGSTOP: the process freezes, its sockets stay open, its clients time out (a long GC pause, a frozen VM). */
    public void pause() {
        requireStarted().signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        requireStarted().signal("CONT");
        paused = false;
    }

    /**
     * Stops the server if it still runs (it may have been killed, or died), then starts it again on
     * the same directory and the same port, which its clients still have in their configuration.
     */
    public void restart(Duration timeout) {
        stop();
        restarting = true;
        try {
            start(timeout);
        } finally {
            restarting = false;
        }
    }

    /** True when the server was started and its process has exited since, without {@link #stop()}. */
    public boolean hasDied() {
        return jvm != null && !jvm.isAlive();
    }

    /** The exit code of a server that died, else null. */
    public Integer exitCode() {
        return jvm == null ? null : jvm.exitCode();
    }

    /** The last lines of the server's log. */
    public List<String> logTail(int lines) {
        return jvm == null ? List.of() : jvm.logTail(lines);
    }

    private ChildJvm requireStarted() {
        if (jvm == null || !jvm.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return jvm;
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
        } else if (restarting && state.port(ServerState.PORT).isPresent()) {
            port = awaitReleased(state.port(ServerState.PORT).get(), setting);
        } else {
            port = state.port(ServerState.PORT).filter(Ports::isFree).orElseGet(() -> Ports.pickFree(1)[0]);
        }
        state.put(ServerState.PORT, port);
        return port;
    }

    /** A restart must get its old port back: wait (bounded) while the dead process's socket is released. */
    private int awaitReleased(int port, String setting) {
        long deadline = System.currentTimeMillis() + PORT_RELEASE_MILLIS;
        while (!Ports.isFree(port) && System.currentTimeMillis() < deadline) {
            sleep(POLL_MILLIS);
        }
        Ports.requireFree(name, setting + " (restart on the same port)", port);
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
