package io.userstream.ingest.publish;

import io.userstream.contract.RecordHeaders;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Sends a batch and waits until Kafka acknowledged every record, in rounds: what failed with a
 * transient error is sent again after a back-off, until a time bound; a record Kafka can never take
 * goes to the dead-letter topic with {@code kafka_rejected: <error>}; an error no record can get
 * past (authorization) fails the batch; a producer in a fatal state is closed and replaced. A
 * record larger than the bound is dead-lettered before it reaches the producer.
 */
final class AckLoop {

    private static final Logger LOG = Logger.getLogger(AckLoop.class);
    static final String KAFKA_REJECTED = "kafka_rejected: ";
    static final String TOO_LARGE = "record_too_large: ";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** Where records come from and how a broken one is replaced. */
    interface Producers {
        Producer<String, String> current();

        void recreate(String reason);
    }

    /**
     * @param maxInFlight    records sent and not yet acknowledged, at most
     * @param retryBackoff   wait between two rounds
     * @param giveUpAfter    a batch not acknowledged in this time fails its run
     * @param maxRecordBytes a record (key, value, headers) larger than this is dead-lettered instead
     */
    record Settings(int maxInFlight, Duration retryBackoff, Duration giveUpAfter, int maxRecordBytes) {
    }

    /** A record the loop did not send because an earlier one of its round failed: sent again next round. */
    private static final class NotSent extends RetriableException {
        NotSent() {
            super("not sent: an earlier record of the batch failed");
        }
    }

    private final Producers producers;
    private final Settings settings;
    private final KafkaAvailability availability;
    private final String dlqTopic;
    private final Semaphore inFlight;

    AckLoop(Producers producers, Settings settings, KafkaAvailability availability, String dlqTopic) {
        this.producers = producers;
        this.settings = settings;
        this.availability = availability;
        this.dlqTopic = dlqTopic;
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    PublishResult publish(List<OutRecord> records) throws InterruptedException {
        long deadline = System.nanoTime() + settings.giveUpAfter().toNanos();
        int published = 0;
        int deadLettered = 0;
        List<OutRecord> pending = records.stream().map(this::boundSize).toList();
        availability.publishing(pending.size());
        try {
            while (true) {
                DeliveryRound round = send(pending, deadline);
                published += round.published();
                deadLettered += round.deadLettered();
                List<OutRecord> again = new ArrayList<>();
                String recreate = null;
                for (DeliveryRound.Failure f : round.failed()) {
                    switch (KafkaErrors.of(f.error())) {
                        case RETRY -> again.add(f.record());
                        case DEAD_LETTER -> again.add(deadLetter(f, new PublishResult(published, deadLettered)));
                        case RECREATE_PRODUCER -> {
                            again.add(f.record());
                            recreate = f.error().toString();
                        }
                        case FAIL_RUN -> throw new PublishFailedException(KAFKA_REJECTED + f.error()
                                + " (" + round.failed().size() + " records not published)", new PublishResult(published, deadLettered));
                    }
                }
                if (again.isEmpty()) {
                    availability.available();
                    return new PublishResult(published, deadLettered);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new PublishFailedException("Kafka did not acknowledge " + again.size() + " records within "
                            + settings.giveUpAfter() + " (last error: " + round.lastError() + ")",
                            new PublishResult(published, deadLettered));
                }
                if (recreate != null) {
                    LOG.warnf("the producer failed fatally (%s); closing it and sending %d records with a new one",
                            recreate, again.size());
                    producers.recreate(recreate);
                }
                availability.unavailable(round.lastError(), again.size());
                LOG.warnf("Kafka did not acknowledge %d records (%s); sending them again in %s",
                        again.size(), round.lastError(), settings.retryBackoff());
                Thread.sleep(settings.retryBackoff().toMillis());
                pending = again;
            }
        } finally {
            availability.idle();
        }
    }

    private DeliveryRound send(List<OutRecord> batch, long deadline) throws InterruptedException {
        DeliveryRound round = new DeliveryRound(batch.size(), inFlight, availability::acknowledged);
        Producer<String, String> kafka = producers.current();
        for (OutRecord record : batch) {
            inFlight.acquire();
            DeliveryRound.Delivery delivery = round.delivery(record);
            if (round.hasFailures()) {
                // Kafka is failing: do not wait max.block.ms for each remaining record, retry them all later
                delivery.onCompletion(null, new NotSent());
                continue;
            }
            try {
                kafka.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                        new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray(new Header[0]))),
                        delivery);
            } catch (RuntimeException e) {
                delivery.onCompletion(null, e);
            }
        }
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plus(settings.retryBackoff());
        if (!round.await(left)) {
            // The producer holds records without ever answering (delivery.timeout.ms should have):
            // closing it fails them, so the loop counts and resends them with a new producer.
            LOG.warnf("no answer from the producer for records sent %s ago; replacing it", settings.giveUpAfter());
            producers.recreate("no answer within " + settings.giveUpAfter());
            if (!round.await(CLOSE_WAIT)) {
                throw new PublishFailedException("the producer neither acknowledged nor failed records within "
                        + settings.giveUpAfter(), new PublishResult(round.published(), round.deadLettered()));
            }
        }
        return round;
    }

    /** The dead-letter copy of a record Kafka refused for good; a dead letter refused again fails the batch. */
    private OutRecord deadLetter(DeliveryRound.Failure f, PublishResult soFar) {
        OutRecord r = f.record();
        String reason = KAFKA_REJECTED + f.error();
        if (r.deadLetter() && reasonOf(r).startsWith(KAFKA_REJECTED)) {
            throw new PublishFailedException("Kafka refused the dead letter of key " + r.key() + " as well: " + f.error(), soFar);
        }
        return toDeadLetter(r, reason);
    }

    /** A record over the size bound becomes a dead letter (value cut to a quarter of the bound), never a producer error. */
    private OutRecord boundSize(OutRecord r) {
        int size = size(r);
        if (size <= settings.maxRecordBytes()) {
            return r;
        }
        return toDeadLetter(r, TOO_LARGE + size + " bytes, over the limit of " + settings.maxRecordBytes() + " bytes");
    }

    private OutRecord toDeadLetter(OutRecord r, String reason) {
        List<RecordHeader> headers = new ArrayList<>();
        for (RecordHeader h : r.headers()) {
            if (!h.key().equals(RecordHeaders.DLQ_REASON)) {
                headers.add(h);
            }
        }
        headers.add(new RecordHeader(RecordHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8)));
        return new OutRecord(dlqTopic, r.key(), truncate(r.value(), settings.maxRecordBytes() / 4), headers, true);
    }

    private static String reasonOf(OutRecord r) {
        return r.headers().stream().filter(h -> h.key().equals(RecordHeaders.DLQ_REASON))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)).findFirst().orElse("");
    }

    static int size(OutRecord r) {
        int size = utf8(r.key()) + utf8(r.value());
        for (RecordHeader h : r.headers()) {
            size += utf8(h.key()) + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The first {@code maxBytes} bytes of the value's UTF-8, never cutting a character in two. */
    static String truncate(String value, int maxBytes) {
        if (value == null) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return value;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE);
        CharBuffer out = CharBuffer.allocate(maxBytes);
        decoder.decode(ByteBuffer.wrap(bytes, 0, maxBytes), out, true);
        return out.flip().toString();
    }
}
