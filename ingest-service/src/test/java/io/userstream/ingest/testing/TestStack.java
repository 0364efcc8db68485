package io.userstream.ingest.testing;

import io.userstream.contract.Topics;
import io.userstream.localstack.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The module's local-stack: a real Kafka and Cassandra for the whole test JVM. Built directly rather
 * than through SharedLocalStack because the Kafka-outage test restarts the broker, which must keep
 * its data and port: SharedLocalStack's fresh stack wipes the broker's directory on every start.
 */
public final class TestStack {

    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path dir = Path.of("target", "local-stack", "ingest-" + ProcessHandle.current().pid()).toAbsolutePath();
            // fresh: wiped before the first start only, so restartKafka() keeps data and port.
            stack = LocalStack.builder().dataDir(dir).fresh(true).build()
                    .ensureStarted(EnumSet.of(LocalStack.Service.KAFKA, LocalStack.Service.CASSANDRA));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "ingest-test-stack-stop"));
            createTopics(stack.kafka().bootstrapServers());
        }
        return stack;
    }

    /** Starts Kafka again after a test stopped it: same data directory, same port when free. */
    public static synchronized void restartKafka() {
        stack.ensureStarted(EnumSet.of(LocalStack.Service.KAFKA));
    }

    private static void createTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.USERS_CREATED, 3, (short) 1),
                    new NewTopic(Topics.USERS_CREATED_DLQ, 1, (short) 1))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not create the topics", e);
        }
    }
}
