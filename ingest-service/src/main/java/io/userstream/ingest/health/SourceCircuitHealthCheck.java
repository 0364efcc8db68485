package io.userstream.ingest.health;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.userstream.ingest.config.IngestConfig;
import io.userstream.ingest.source.RandomUserApi;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the randomuser.me circuit is open (only when randomuser.me is the configured source). */
@Readiness
@ApplicationScoped
public class SourceCircuitHealthCheck implements HealthCheck {

    private final CircuitBreakerMaintenance circuits;
    private final IngestConfig config;

    public SourceCircuitHealthCheck(CircuitBreakerMaintenance circuits, IngestConfig config) {
        this.circuits = circuits;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreakerState state = circuits.currentState(RandomUserApi.CIRCUIT);
        boolean used = config.source() == IngestConfig.SourceKind.RANDOMUSER;
        return HealthCheckResponse.named("randomuser-circuit")
                .status(!used || state != CircuitBreakerState.OPEN)
                .withData("state", state.name())
                .withData("source", config.source().name().toLowerCase())
                .build();
    }
}
