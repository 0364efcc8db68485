package io.userstream.ingest.publish;

import io.userstream.contract.RecordHeaders;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The publisher's rounds against producers that fail the ways real ones do. Before these fixes the
 * loop retried every error forever: a record over max.request.size, a denied topic or a producer
 * stuck on OUT_OF_ORDER_SEQUENCE_NUMBER hung the run for good.
 */
class AckLoopTest {

    static final String TOPIC = "users_created";
    static final String DLQ = "users_created_dlq";
    static final AckLoop.Settings SETTINGS = new AckLoop.Settings(100, Duration.ofMillis(20), Duration.ofSeconds(30), 4096);

    private final KafkaAvailability availability = new KafkaAvailability();

    @Test
    void transientErrorsAreSentAgainUntilAcknowledged() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Scripted producer = new Scripted(r -> attempts.incrementAndGet() <= 2 ? new TimeoutException("broker down") : null);

        PublishResult result = loop(new Fixed(producer), SETTINGS).publish(records(3));

        assertThat(result).isEqualTo(new PublishResult(3, 0));
        assertThat(producer.acked).extracting(ProducerRecord::key).containsExactlyInAnyOrder("k0", "k1", "k2");
        assertThat(availability.unavailableSince()).isEmpty();
    }

    @Test
    void aProducerThatFailedFatallyIsReplacedAndTheRecordsSentWithTheNewOne() throws Exception {
        Scripted broken = new Scripted(r -> new OutOfOrderSequenceException("out of order sequence number"));
        Scripted fresh = new Scripted(r -> null);
        Fixed producers = new Fixed(broken, fresh);

        PublishResult result = loop(producers, SETTINGS).publish(records(4));

        assertThat(result).isEqualTo(new PublishResult(4, 0));
        assertThat(producers.recreated).containsExactly("org.apache.kafka.common.errors.OutOfOrderSequenceException: "
                + "out of order sequence number");
        assertThat(fresh.acked).hasSize(4);
    }

    @Test
    void aRecordKafkaRefusesForGoodIsDeadLetteredWithTheReason() throws Exception {
        Scripted producer = new Scripted(r -> r.key().equals("k1") && r.topic().equals(TOPIC)
                ? new RecordTooLargeException("The message is 2000000 bytes when serialized") : null);

        PublishResult result = loop(new Fixed(producer), SETTINGS).publish(records(3));

        assertThat(result).isEqualTo(new PublishResult(2, 1));
        ProducerRecord<String, String> dead = producer.acked.stream().filter(r -> r.topic().equals(DLQ)).findFirst().orElseThrow();
        assertThat(dead.key()).isEqualTo("k1");
        assertThat(header(dead, RecordHeaders.DLQ_REASON)).isEqualTo("kafka_rejected: "
                + "org.apache.kafka.common.errors.RecordTooLargeException: The message is 2000000 bytes when serialized");
        assertThat(header(dead, RecordHeaders.RUN_ID)).as("the record's own headers are kept").isEqualTo("run-1");
    }

    @Test
    void aDeniedTopicFailsTheBatchWithTheReasonAndWhatWasAcknowledged() {
        Scripted producer = new Scripted(r -> r.key().equals("k0") ? null
                : new TopicAuthorizationException(Set.of(TOPIC)));

        PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                () -> loop(new Fixed(producer), SETTINGS).publish(records(3)));

        assertThat(failure.getMessage()).startsWith("kafka_rejected: org.apache.kafka.common.errors.TopicAuthorizationException")
                .contains("2 records not published");
        assertThat(failure.acknowledged()).isEqualTo(new PublishResult(1, 0));
    }

    @Test
    void retriesStopAtTheTimeBound() {
        Scripted producer = new Scripted(r -> new TimeoutException("Expiring 3 record(s)"));
        AckLoop.Settings quick = new AckLoop.Settings(100, Duration.ofMillis(20), Duration.ofMillis(300), 4096);

        PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                () -> loop(new Fixed(producer), quick).publish(records(3)));

        assertThat(failure.getMessage()).startsWith("Kafka did not acknowledge 3 records within PT0.3S")
                .contains("Expiring 3 record(s)");
        assertThat(availability.stalledFor()).as("nothing waits any more").isEmpty();
    }

    @Test
    void aRecordOverTheSizeBoundNeverReachesTheProducerAndIsDeadLetteredCut() throws Exception {
        Scripted producer = new Scripted(r -> null);
        List<OutRecord> batch = new ArrayList<>(records(1));
        batch.add(record("huge", "x".repeat(10_000)));

        PublishResult result = loop(new Fixed(producer), SETTINGS).publish(batch);

        assertThat(result).isEqualTo(new PublishResult(1, 1));
        assertThat(producer.acked).filteredOn(r -> r.topic().equals(TOPIC)).extracting(ProducerRecord::key).containsExactly("k0");
        ProducerRecord<String, String> dead = producer.acked.stream().filter(r -> r.topic().equals(DLQ)).findFirst().orElseThrow();
        assertThat(header(dead, RecordHeaders.DLQ_REASON)).startsWith("record_too_large: 10").endsWith("over the limit of 4096 bytes");
        assertThat(dead.value()).hasSize(1024);
    }

    @Test
    void aProducerThatNeverAnswersIsReplacedWhenTheBoundPassesAndItsStallIsVisibleMeanwhile() throws Exception {
        Scripted silent = new Scripted(r -> Scripted.NEVER);
        Scripted fresh = new Scripted(r -> null);
        Fixed producers = new Fixed(silent, fresh) {
            @Override
            public void recreate(String reason) {
                // what closing a real producer does to the records it holds
                silent.failHeld(new org.apache.kafka.common.KafkaException("Producer is closed forcefully."));
                super.recreate(reason);
            }
        };
        AckLoop.Settings bound = new AckLoop.Settings(100, Duration.ofMillis(20), Duration.ofMillis(500), 4096);
        AckLoop loop = loop(producers, bound);
        CompletableFuture<PublishResult> publishing = CompletableFuture.supplyAsync(() -> {
            try {
                return loop.publish(records(2));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (silent.held.size() < 2) {
            Thread.sleep(5);
        }
        assertThat(availability.stalledFor()).as("liveness sees a batch without acks").isPresent();

        Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class, publishing::get).getCause();
        assertThat(failure).isInstanceOf(PublishFailedException.class)
                .hasMessageStartingWith("Kafka did not acknowledge 2 records within PT0.5S");
        assertThat(producers.recreated).first().asString().startsWith("no answer within PT0.5S");
        assertThat(availability.stalledFor()).isEmpty();

        assertThat(loop.publish(records(2))).as("the next run goes through the new producer").isEqualTo(new PublishResult(2, 0));
        assertThat(fresh.acked).hasSize(2);
    }

    private AckLoop loop(AckLoop.Producers producers, AckLoop.Settings settings) {
        return new AckLoop(producers, settings, availability, DLQ);
    }

    static List<OutRecord> records(int n) {
        List<OutRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record("k" + i, "{\"n\":" + i + "}"));
        }
        return out;
    }

    static OutRecord record(String key, String value) {
        return new OutRecord(TOPIC, key, value,
                List.of(new RecordHeader(RecordHeaders.RUN_ID, "run-1".getBytes(StandardCharsets.UTF_8))), false);
    }

    static String header(ProducerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Producers in order: the first, then a new one at each recreate. */
    static class Fixed implements AckLoop.Producers {
        final List<Scripted> producers;
        final List<String> recreated = new CopyOnWriteArrayList<>();
        volatile int current;

        Fixed(Scripted... producers) {
            this.producers = List.of(producers);
        }

        @Override
        public Producer<String, String> current() {
            return producers.get(current);
        }

        @Override
        public void recreate(String reason) {
            recreated.add(reason);
            current = Math.min(current + 1, producers.size() - 1);
        }
    }

    /** A producer answering each send at once with the script's error (null: acked), or never. */
    static final class Scripted extends MockProducer<String, String> {
        static final RuntimeException NEVER = new RuntimeException("never answers");
        final Function<ProducerRecord<String, String>, RuntimeException> script;
        final List<ProducerRecord<String, String>> acked = new CopyOnWriteArrayList<>();
        final List<Callback> held = new CopyOnWriteArrayList<>();

        Scripted(Function<ProducerRecord<String, String>, RuntimeException> script) {
            super(false, null, new StringSerializer(), new StringSerializer());
            this.script = script;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            RuntimeException error = script.apply(record);
            if (error == NEVER) {
                held.add(callback);
                return new CompletableFuture<>();
            }
            RecordMetadata metadata = new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0);
            if (error == null) {
                acked.add(record);
            }
            callback.onCompletion(error == null ? metadata : null, error);
            return CompletableFuture.completedFuture(metadata);
        }

        void failHeld(RuntimeException error) {
            held.forEach(c -> c.onCompletion(null, error));
        }
    }
}
