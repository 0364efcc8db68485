package io.userstream.ingest.publish;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether Kafka acknowledges what the publisher sends: set by the publisher, read by readiness. */
@ApplicationScoped
public class KafkaAvailability {

    private volatile Instant unavailableSince;
    private volatile String lastError = "";
    private volatile int waitingRecords;
    /** Records of the batch being published; 0 while idle. */
    private volatile int publishing;
    /** When the current batch last made progress (started, or an ack arrived). */
    private volatile long progressNanos = System.nanoTime();

    void unavailable(String error, int waiting) {
        if (unavailableSince == null) {
            unavailableSince = Instant.now();
        }
        lastError = error;
        waitingRecords = waiting;
    }

    void available() {
        unavailableSince = null;
        waitingRecords = 0;
    }

    void publishing(int records) {
        progressNanos = System.nanoTime();
        publishing = records;
    }

    void acknowledged() {
        progressNanos = System.nanoTime();
    }

    void idle() {
        publishing = 0;
    }

    /** How long a batch has been waiting without a single ack; empty while nothing waits. */
    public Optional<Duration> stalledFor() {
        return publishing == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - progressNanos));
    }

    public Optional<Instant> unavailableSince() {
        return Optional.ofNullable(unavailableSince);
    }

    public String lastError() {
        return lastError;
    }

    /** Records fetched, not yet acknowledged, held for the next attempt. */
    public int waitingRecords() {
        return waitingRecords;
    }
}
