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
        List<Runnable> stops = new ArrayList<>();
        for (ChildJvm child : List.copyOf(RUNNING)) {
            stops.add(child::stop);
        }
        inParallel(stops);
    }

    /** Runs each action on its own thread and waits for all of them. */
    static void inParallel(List<Runnable> actions) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable action : actions) {
            Thread t = new Thread(action, "local-stack-stop");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
