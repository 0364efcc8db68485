package io.userstream.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops every server still running when this JVM exits: a test that fails, a Ctrl-C, or a forgotten
 * close() never leaves Kafka or Cassandra behind. (A SIGKILLed JVM runs no hook; {@link ChildMain}
 * covers that case from the child's side.)
 */
final class ProcessReaper {

    private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::stopAll, "local-stack-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(ChildJvm child) {
        RUNNING.add(child);
    }

    static void unregister(ChildJvm child) {
        RUNNING.remove(child);
    }

    /** Stops all still-running children in parallel (Cassandra alone takes 6-8 s). */
    static void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (ChildJvm child : List.copyOf(RUNNING)) {
            Thread t = new Thread(() -> child.stop(), "stop-" + child.name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
