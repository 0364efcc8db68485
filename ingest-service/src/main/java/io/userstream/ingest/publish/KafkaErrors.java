package io.userstream.ingest.publish;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the publisher does with a record Kafka did not take, by the producer's error. Retrying is
 * right only for errors that go away by themselves (a broker down, a leader moving: Kafka marks
 * them {@link RetriableException}); retrying anything else hangs the run for good.
 */
enum KafkaErrors {
    /** Transient: send it again after the back-off (bounded in time). */
    RETRY,
    /** This record can never be written (too large, unserializable): dead-letter it with the reason. */
    DEAD_LETTER,
    /** Nothing can be written this way (no permission, no such topic): fail the run with the reason. */
    FAIL_RUN,
    /**
     * The producer itself is broken (an idempotent producer's sequence out of order, fenced, closed):
     * close it, create a new one, send again.
     */
    RECREATE_PRODUCER;

    static KafkaErrors of(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                    || e instanceof SerializationException || e instanceof InvalidRecordException) {
                return DEAD_LETTER;
            }
            if (e instanceof AuthorizationException || e instanceof AuthenticationException
                    || e instanceof InvalidTopicException) {
                return FAIL_RUN;
            }
            if (e instanceof RetriableException) {
                return RETRY;
            }
        }
        return RECREATE_PRODUCER;
    }
}
