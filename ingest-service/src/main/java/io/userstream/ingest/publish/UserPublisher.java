package io.userstream.ingest.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.userstream.ingest.config.IngestConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes records with the producer of the {@code users-out} channel (idempotent, acks=all, lz4;
 * configured, started, health-checked and closed by SmallRye Reactive Messaging) and blocks until
 * Kafka acknowledged every one: a record counts as published only when acked. The producer is used
 * directly rather than through one Message per record, which costs a third of the throughput.
 * Records Kafka did not take are sent again after a pause, for as long as it takes, so nothing fetched
 * is dropped and a run stops fetching while Kafka is down.
 */
@ApplicationScoped
public class UserPublisher {

    static final String CHANNEL = "users-out";
    private static final Logger LOG = Logger.getLogger(UserPublisher.class);

    /** Declares the channel, so the connector creates its producer. */
    @Inject
    @Channel(CHANNEL)
    Emitter<String> channel;

    @Inject
    KafkaClientService clients;

    @Inject
    KafkaAvailability availability;

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    private Semaphore inFlight;
    private Timer latency;
    private volatile Producer<String, String> producer;

    @PostConstruct
    void init() {
        inFlight = new Semaphore(config.publish().maxInFlight());
        latency = Timer.builder("userstream.publish.latency").description("Time until Kafka acknowledged a batch")
                .register(registry);
    }

    /** Publishes all records; returns once Kafka acknowledged each of them. */
    public PublishResult publish(List<OutRecord> records) throws InterruptedException {
        int published = 0;
        int deadLettered = 0;
        List<OutRecord> pending = records;
        while (true) {
            long began = System.nanoTime();
            DeliveryRound round = send(pending);
            latency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            published += round.published();
            deadLettered += round.deadLettered();
            if (round.failed().isEmpty()) {
                availability.available();
                return new PublishResult(published, deadLettered);
            }
            availability.unavailable(round.lastError(), round.failed().size());
            LOG.warnf("Kafka did not acknowledge %d records (%s); sending them again in %s",
                    round.failed().size(), round.lastError(), config.publish().retryBackoff());
            Thread.sleep(config.publish().retryBackoff().toMillis());
            pending = List.copyOf(round.failed());
        }
    }

    private DeliveryRound send(List<OutRecord> batch) throws InterruptedException {
        DeliveryRound round = new DeliveryRound(batch.size(), inFlight);
        Producer<String, String> kafka = producer();
        for (OutRecord record : batch) {
            inFlight.acquire();
            DeliveryRound.Delivery delivery = round.delivery(record);
            if (round.hasFailures()) {
                // Kafka is failing: do not wait max.block.ms for each remaining record, retry them all later
                delivery.onCompletion(null, new IllegalStateException("not sent: an earlier record of the batch failed"));
                continue;
            }
            try {
                kafka.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                        new RecordHeaders(record.headers().toArray(new Header[0]))), delivery);
            } catch (RuntimeException e) {
                delivery.onCompletion(null, e);
            }
        }
        round.await();
        return round;
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = clients.<String, String>getProducer(CHANNEL).unwrap();
        }
        return producer;
    }
}
