package io.userstream.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A server stopped mid-test (an outage) comes back on the same port with its data, even in a fresh stack. */
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void aStoppedBrokerComesBackOnItsPortWithItsTopics() throws Exception {
        try (LocalStack stack = LocalStack.builder().dataDir(dir).cassandra(false).fresh(true).start()) {
            String before = stack.kafka().bootstrapServers();
            createTopic(before, "survives-restart");

            stack.kafka().stop();
            assertThat(stack.isRunning(LocalStack.Service.KAFKA)).isFalse();
            stack.ensureStarted(EnumSet.of(LocalStack.Service.KAFKA));

            assertThat(stack.kafka().bootstrapServers()).isEqualTo(before);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, before))) {
                assertThat(admin.listTopics().names().get()).contains("survives-restart");
            }
        }
    }

    private static void createTopic(String bootstrap, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
    }
}
