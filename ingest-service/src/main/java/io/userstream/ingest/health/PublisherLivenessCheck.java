package io.userstream.ingest.health;

import io.userstream.ingest.config.IngestConfig;
import io.userstream.ingest.publish.KafkaAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;

/**
 * Not live when a batch has waited longer than {@code userstream.publish.stall-timeout} without a
 * single ack: the publisher hangs, and a restart (Kubernetes' liveness probe) is what cures it. A
 * Kafka outage does not count: the publisher gives up on a batch earlier (give-up-after) and fails its run.
 */
@Liveness
@ApplicationScoped
public class PublisherLivenessCheck implements HealthCheck {

    private final KafkaAvailability kafka;
    private final Duration stallTimeout;

    public PublisherLivenessCheck(KafkaAvailability kafka, IngestConfig config) {
        this.kafka = kafka;
        this.stallTimeout = config.publish().stallTimeout();
    }

    @Override
    public HealthCheckResponse call() {
        Duration stalled = kafka.stalledFor().orElse(Duration.ZERO);
        return HealthCheckResponse.named("kafka-publisher-progress")
                .status(stalled.compareTo(stallTimeout) < 0)
                .withData("secondsWithoutAck", stalled.toSeconds())
                .withData("stallTimeout", stallTimeout.toString())
                .build();
    }
}
