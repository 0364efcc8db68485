package io.userstream.spark;

import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

import java.time.Duration;

/**
 * SIGTERM (Kubernetes deleting the driver pod, Ctrl-C locally) stops the stream gracefully. The hook
 * goes through Spark's own shutdown-hook manager with a priority above the SparkContext's, so it
 * runs, and finishes, before Spark stops the context under the running batch.
 */
final class GracefulStop {

    private GracefulStop() {
    }

    static void onShutdown(UserStream stream, Duration timeout) {
        ShutdownHookManager.addShutdownHook(ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 10, () -> {
            stream.stopGracefully(timeout);
            return BoxedUnit.UNIT;
        });
    }
}
