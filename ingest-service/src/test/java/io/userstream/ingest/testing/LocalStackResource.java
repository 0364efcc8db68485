package io.userstream.ingest.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.userstream.localstack.LocalStack;

import java.util.Map;

/** Points the service at local-stack's real Kafka and Cassandra. */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack stack = TestStack.get();
        return Map.of(
                "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                "quarkus.cassandra.contact-points", stack.cassandra().contactPoint(),
                "quarkus.cassandra.local-datacenter", stack.cassandra().localDatacenter());
    }

    @Override
    public void stop() {
        // the stack lives as long as the test JVM (SharedLocalStack's shutdown hook stops it)
    }
}
