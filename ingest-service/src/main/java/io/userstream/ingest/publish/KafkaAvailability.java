package io.userstream.ingest.publish;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/** Whether Kafka acknowledges what the publisher sends: set by the publisher, read by readiness. */
@ApplicationScoped
public class KafkaAvailability {

    private volatile Instant unavailableSince;
    private volatile String lastError = "";
    private volatile int waitingRecords;

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
