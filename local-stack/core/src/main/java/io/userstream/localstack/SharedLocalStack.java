package io.userstream.localstack;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * One local-stack per JVM, for a whole test run: the first test (or Quarkus test resource) that asks
 * for a service starts it; later ones reuse it; the JVM's exit stops it. Its data directory is fresh
 * on each run: {@code target/local-stack/test-<pid>} unless {@code localstack.data.dir} says otherwise.
 */
public final class SharedLocalStack {

    private static LocalStack stack;

    private SharedLocalStack() {
    }

    /** The shared stack with at least the given services running (started now if they are not). */
    public static synchronized LocalStack require(LocalStack.Service... services) {
        if (stack == null) {
            Path base = LocalStackSettings.defaults().dataDir;
            stack = LocalStack.builder()
                    .dataDir(base.resolve("test-" + ProcessHandle.current().pid()))
                    .fresh(true)
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedLocalStack::stop, "local-stack-shared-stop"));
        }
        Set<LocalStack.Service> wanted = services.length == 0
                ? EnumSet.allOf(LocalStack.Service.class)
                : EnumSet.of(services[0], services);
        return stack.ensureStarted(wanted);
    }

    /** Stops the shared stack now (normally the JVM's exit does it). */
    public static synchronized void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}
