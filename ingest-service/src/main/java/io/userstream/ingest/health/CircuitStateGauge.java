package io.userstream.ingest.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.userstream.ingest.source.RandomUserApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Prometheus gauge of the randomuser.me circuit: 0 closed, 1 open, 2 half-open. */
@ApplicationScoped
public class CircuitStateGauge {

    void register(@Observes StartupEvent start, MeterRegistry registry, CircuitBreakerMaintenance circuits) {
        Gauge.builder("userstream.source.circuit.state", () -> switch (circuits.currentState(RandomUserApi.CIRCUIT)) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
        })
                .description("randomuser.me circuit breaker: 0 closed, 1 open, 2 half-open")
                .register(registry);
    }
}
