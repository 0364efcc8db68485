package io.userstream.ingest.health;

import io.userstream.ingest.publish.KafkaAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while Kafka does not acknowledge what the publisher sends (records are held, not dropped). */
@Readiness
@ApplicationScoped
public class PublisherHealthCheck implements HealthCheck {

    private final KafkaAvailability kafka;

    public PublisherHealthCheck(KafkaAvailability kafka) {
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka-publisher");
        return kafka.unavailableSince()
                .map(since -> response.down().withData("unavailableSince", since.toString())
                        .withData("waitingRecords", kafka.waitingRecords()).withData("lastError", kafka.lastError()))
                .orElseGet(response::up)
                .build();
    }
}
