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
    private final ConcurrentLinkedQueue<OutRecord> failed = new ConcurrentLinkedQueue<>();
    private volatile String lastError = "";

    DeliveryRound(int size, Semaphore inFlight) {
        this.done = new CountDownLatch(size);
        this.inFlight = inFlight;
    }

    Delivery delivery(OutRecord record) {
        return new Delivery(record);
    }

    void await() throws InterruptedException {
        done.await();
    }

    int published() {
        return published.get();
    }

    int deadLettered() {
        return deadLettered.get();
    }

    List<OutRecord> failed() {
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
            } else {
                if (failed.isEmpty()) {
                    lastError = error.toString();
                }
                failed.add(record);
            }
            inFlight.release();
            done.countDown();
        }
    }
}
