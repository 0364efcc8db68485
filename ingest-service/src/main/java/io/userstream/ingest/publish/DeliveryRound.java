package io.userstream.ingest.publish;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One attempt at sending a batch: what Kafka acknowledged, what failed and why. */
final class DeliveryRound {

    private final CountDownLatch done;
    private final Semaphore inFlight;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger deadLettered = new AtomicInteger();
    private final ConcurrentLinkedQueue<Failure> failed = new ConcurrentLinkedQueue<>();
    private final Runnable onAck;
    private volatile String lastError = "";

    /** A record Kafka did not take, with the producer's error. */
    record Failure(OutRecord record, Exception error) {
    }

    DeliveryRound(int size, Semaphore inFlight, Runnable onAck) {
        this.done = new CountDownLatch(size);
        this.inFlight = inFlight;
        this.onAck = onAck;
    }

    Delivery delivery(OutRecord record) {
        return new Delivery(record);
    }

    /** False when some record has had no answer from the producer within the timeout. */
    boolean await(java.time.Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    int published() {
        return published.get();
    }

    int deadLettered() {
        return deadLettered.get();
    }

    List<Failure> failed() {
        return List.copyOf(failed);
    }

    boolean hasFailures() {
        return !failed.isEmpty();
    }

    String lastError() {
        return lastError;
    }

    /** The outcome of one record; counted once even if the producer both throws and calls back. */
    final class Delivery implements Callback {

        private final OutRecord record;
        private final AtomicBoolean completed = new AtomicBoolean();

        private Delivery(OutRecord record) {
            this.record = record;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            if (error == null) {
                (record.deadLetter() ? deadLettered : published).incrementAndGet();
                onAck.run();
            } else {
                if (failed.isEmpty()) {
                    lastError = error.toString();
                }
                failed.add(new Failure(record, error));
            }
            inFlight.release();
            done.countDown();
        }
    }
}
