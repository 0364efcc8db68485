package io.userstream.pipeline;

import io.userstream.localstack.ServerNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One of the pipeline's own services (the ingest service, the Spark job) run the way local-stack
 * runs its servers: the same start, readiness loop, stop (SIGTERM so it can finish its work, then
 * SIGKILL), faults and restart, and it dies with the runner even when the runner is killed.
 */
public final class ServiceNode extends ServerNode {

    /** How long a start (and a supervisor's restart) waits for a service to report ready. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final ServiceSpec spec;

    ServiceNode(ServiceSpec spec, Path dataDir) {
        super(spec.name(), dataDir.resolve(spec.dirName()));
        this.spec = spec;
    }

    /** Starts a service and waits until it is ready; a failure names it ({@link StepFailedException}). */
    static ServiceNode start(ServiceSpec spec, Path dataDir) {
        ServiceNode node = new ServiceNode(spec, dataDir);
        return StepFailedException.step(spec.name(), () -> {
            node.start(START_TIMEOUT);
            return node;
        });
    }

    @Override
    protected void prepare() {
        // nothing to write: a service is configured by its environment
    }

    @Override
    protected Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    @Override
    protected String classpath() {
        return spec.classpath();
    }

    @Override
    protected List<String> jvmArgs() {
        return spec.jvmArgs();
    }

    @Override
    protected String mainClass() {
        return spec.mainClass();
    }

    @Override
    protected List<String> args() {
        return List.of();
    }

    @Override
    protected Map<String, String> environment() {
        return spec.env();
    }

    @Override
    protected long stopGraceSeconds() {
        return spec.graceSeconds();
    }

    @Override
    protected void probe() throws IOException {
        if (!spec.ready().getAsBoolean()) {
            throw new IOException(spec.name() + " does not report ready yet");
        }
    }

    @Override
    public Path logFile() {
        return spec.logFile();
    }
}
