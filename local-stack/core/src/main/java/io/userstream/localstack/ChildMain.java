package io.userstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every server JVM local-stack starts: runs the real main class, and exits (running
 * the server's own shutdown hooks) as soon as its standard input closes. The parent holds that pipe
 * open for the child's whole life, so when the parent dies, even by SIGKILL, the pipe closes and
 * the server stops itself: no orphan Kafka or Cassandra survives a crashed test JVM.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main-class> [args...]");
        }
        Thread watchdog = new Thread(ChildMain::exitWhenParentGoes, "local-stack-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenParentGoes() {
        try (InputStream in = System.in) {
            byte[] buffer = new byte[64];
            while (in.read(buffer) >= 0) {
                // the parent never writes; reading only waits for end of stream
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end of stream
        }
        // Also reached on a normal stop: the JDK closes the child's stdin when it sends SIGTERM.
        System.err.println("local-stack: stdin closed (parent stopping or gone), shutting down");
        System.exit(0);
    }
}
