package io.userstream.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a server's directory remembers between runs: its ports (so a second `make run` reuses the
 * same addresses when they are free), its Kafka cluster id, and the pid of the process using it
 * (so a second start on a directory in use fails clearly instead of corrupting it).
 */
final class ServerState {

    private static final String FILE = "local-stack.properties";
    private static final String PID_FILE = "server.pid";
    /** The key of the server's main port (ServerNode's). */
    static final String PORT = "port";

    private final String server;
    private final Path dir;
    private final Properties props = new Properties();

    ServerState(String server, Path dir) {
        this.server = server;
        this.dir = dir;
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(server + ": unreadable state file " + file
                        + "; delete " + dir + " or start fresh", e);
            }
        }
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(props.getProperty(key));
    }

    Optional<Integer> port(String key) {
        return get(key).map(Integer::valueOf);
    }

    void put(String key, Object value) {
        props.setProperty(key, String.valueOf(value));
    }

    void save() {
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            props.store(out, "local-stack " + server + " state: reused by the next start on this directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when another live process holds this directory; otherwise records ours. */
    void claim(long pid) {
        checkNotInUse();
        try {
            Files.writeString(dir.resolve(PID_FILE), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails, naming the pid, when a live process started by an earlier run still holds this directory. */
    void checkNotInUse() {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long other = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException(server + ": data directory " + dir
                        + " is in use by a running process (pid " + other + "). Stop it, or use another data directory.");
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(server + ": stale pid file " + pidFile + " (" + e.getMessage()
                    + "); delete it or start fresh", e);
        }
    }

    /** The main port of the server in {@code dir} while a live process holds the directory, else empty. */
    static Optional<Integer> livePort(Path dir) {
        Path pidFile = dir.resolve(PID_FILE);
        try {
            if (!Files.exists(pidFile) || !Files.exists(dir.resolve(FILE))) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            return new ServerState(dir.getFileName().toString(), dir).port(PORT);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: treated as not running
        }
    }

    void release() {
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException ignored) {
            // a leftover pid file of a dead process is harmless: claim() checks liveness
        }
    }
}
