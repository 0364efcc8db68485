package io.userstream.ingest.testing;

import io.userstream.contract.Topics;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.SharedLocalStack;

/**
 * The module's local-stack: the JVM's {@link SharedLocalStack} with Kafka and Cassandra, and the
 * pipeline's topics created once, before any test produces (as Strimzi's KafkaTopics do in the cluster).
 */
public final class TestStack {

    private static boolean topicsCreated;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        LocalStack stack = SharedLocalStack.require(LocalStack.Service.KAFKA, LocalStack.Service.CASSANDRA);
        if (!topicsCreated) {
            stack.kafka().createTopics(Topics.partitions());
            topicsCreated = true;
        }
        return stack;
    }

    /** Starts Kafka again after a test stopped it: same data directory (fresh wipes before the first start only), same port when free. */
    public static synchronized void restartKafka() {
        SharedLocalStack.require(LocalStack.Service.KAFKA);
    }
}
