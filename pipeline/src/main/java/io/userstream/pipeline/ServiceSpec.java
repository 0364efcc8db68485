package io.userstream.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How to launch one of the pipeline's own services as a child JVM: what {@link IngestLaunch} and
 * {@link SparkLaunch} describe and {@link ServiceNode} runs.
 *
 * @param name         shown in messages ("ingest service")
 * @param dirName      its directory under the run's data directory (pid and state files, working directory)
 * @param classpath    the JVM's classpath
 * @param jvmArgs      heap, flags, system properties
 * @param mainClass    the main class
 * @param env          environment added to the runner's
 * @param logFile      where its output goes
 * @param ready        true once it serves (polled by local-stack's readiness loop)
 * @param graceSeconds how long a stop waits after SIGTERM (the service drains) before SIGKILL
 */
public record ServiceSpec(String name, String dirName, String classpath, List<String> jvmArgs, String mainClass,
                          Map<String, String> env, Path logFile, BooleanSupplier ready, long graceSeconds) {

    public ServiceSpec {
        jvmArgs = List.copyOf(jvmArgs);
        env = Map.copyOf(env);
    }
}
