package io.userstream.ingest.publish;

/** Kafka did not take a batch and will not: the run fails with this reason; what was acknowledged before is counted. */
public final class PublishFailedException extends RuntimeException {

    private final PublishResult acknowledged;

    PublishFailedException(String message, PublishResult acknowledged) {
        super(message);
        this.acknowledged = acknowledged;
    }

    /** What Kafka acknowledged of the batch before it failed. */
    public PublishResult acknowledged() {
        return acknowledged;
    }
}
