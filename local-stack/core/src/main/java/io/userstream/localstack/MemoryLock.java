package io.userstream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps Cassandra from locking its memory on a developer's machine.
 *
 * <p>Cassandra calls {@code mlockall(MCL_CURRENT)} at start-up, unconditionally (a production node
 * must never swap). It succeeds only for a process with {@code CAP_IPC_LOCK} (root, as in CI and
 * many containers); anyone else is held to {@code RLIMIT_MEMLOCK} (8 MiB by default), the call fails
 * and Cassandra logs a warning and runs on. When it succeeds, every page mapped at that moment is
 * faulted in and pinned, the whole 125 MB JDK image ({@code lib/modules}) among them: measured on
 * 2026-12-03, Cassandra's resident memory was ~0.13 GB larger as root than what it touches. A
 * throw-away server on a shared machine should not pin memory, so when this process could lock
 * memory and {@code setpriv} (util-linux) is there, Cassandra is started through it without that
 * capability: it then behaves as it does for every other user.
 */
final class MemoryLock {

    /** CAP_IPC_LOCK, bit 14 of the capability sets (linux/capability.h). */
    static final int CAP_IPC_LOCK = 14;
    static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private MemoryLock() {
    }

    /** The launcher that starts a JVM unable to lock memory, or none when it could not anyway (or setpriv is missing). */
    static List<String> withoutMemoryLock() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException | RuntimeException e) {
            return List.of();   // not Linux: nothing to drop
        }
        return launcher(status, SETPRIV.stream().filter(Files::isExecutable).findFirst().orElse(null));
    }

    static List<String> launcher(String procStatus, Path setpriv) {
        if (setpriv == null || !canLockMemory(procStatus)) {
            return List.of();
        }
        // The bounding set bounds what the executed JVM gets, even as root; dropping from it needs
        // CAP_SETPCAP, which a process with CAP_IPC_LOCK in practice is root and has.
        return List.of(setpriv.toString(), "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock", "--");
    }

    /** Whether the effective capabilities ({@code CapEff:} of /proc/&lt;pid&gt;/status) include CAP_IPC_LOCK. */
    static boolean canLockMemory(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                return (caps & (1L << CAP_IPC_LOCK)) != 0;
            }
        }
        return false;
    }
}
