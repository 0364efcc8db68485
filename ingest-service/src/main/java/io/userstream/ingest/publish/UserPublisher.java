package io.userstream.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.userstream.ingest.config.IngestConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Publishes records with the producer of the {@code users-out} channel (idempotent, acks=all, lz4;
 * configured, started, health-checked and closed by SmallRye Reactive Messaging) and blocks until
 * Kafka acknowledged every one: a record counts as published only when acked. The producer is used
 * directly rather than through one Message per record, which costs a third of the throughput.
 * {@link AckLoop} does the rounds: transient failures are sent again, bounded in time, so a run
 * stops fetching while Kafka is down and fails, with its counts, when Kafka stays away. A producer
 * that failed fatally is replaced by a new one with the channel's configuration.
 */
@ApplicationScoped
public class UserPublisher {

    static final String CHANNEL = "users-out";

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

    private Timer latency;
    private Counter recreated;
    private AckLoop loop;
    private volatile Producer<String, String> producer;
    /** A producer this bean created to replace a failed one; the channel's own is closed by SmallRye. */
    private volatile Producer<String, String> own;

    @PostConstruct
    void init() {
        latency = Timer.builder("userstream.publish.latency").description("Time until Kafka acknowledged a batch")
                .register(registry);
        recreated = Counter.builder("userstream.publish.producer.recreated")
                .description("Producers closed after a fatal error and replaced").register(registry);
        IngestConfig.Publish p = config.publish();
        loop = new AckLoop(new AckLoop.Producers() {
            @Override
            public Producer<String, String> current() {
                return producer();
            }

            @Override
            public void recreate(String reason) {
                replaceProducer();
            }
        }, new AckLoop.Settings(p.maxInFlight(), p.retryBackoff(), p.giveUpAfter(), p.maxRecordBytes()),
                availability, config.dlqTopic());
    }

    /**
     * Publishes all records; returns once Kafka acknowledged each of them (or its dead letter).
     *
     * @throws PublishFailedException when Kafka refuses them for good or does not acknowledge them in time
     */
    public PublishResult publish(List<OutRecord> records) throws InterruptedException {
        long began = System.nanoTime();
        try {
            return loop.publish(records);
        } finally {
            latency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = clients.<String, String>getProducer(CHANNEL).unwrap();
        }
        return producer;
    }

    private synchronized void replaceProducer() {
        Producer<String, String> failed = producer();
        Map<String, Object> conf = new HashMap<>(clients.<String, String>getProducer(CHANNEL).configuration());
        producer = new KafkaProducer<>(conf);
        own = producer;
        recreated.increment();
        failed.close(Duration.ofSeconds(5));
    }

    @PreDestroy
    void closeOwn() {
        if (own != null) {
            own.close(Duration.ofSeconds(10));
        }
    }
}
