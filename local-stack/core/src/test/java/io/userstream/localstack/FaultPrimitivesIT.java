package io.userstream.localstack;

import io.userstream.localstack.probe.CqlClient;
import io.userstream.localstack.probe.KafkaMetadataProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The faults a chaos test injects, on real servers: SIGKILL (no shutdown hook, the pid file left
 * behind), SIGSTOP/SIGCONT (open sockets that do not answer), and a restart that comes back on the
 * same port with the data written before the kill.
 */
class FaultPrimitivesIT {

    @TempDir
    Path dir;

    @Test
    void aKilledBrokerDiesAtOnceAndRestartsOnItsPortWithItsTopics() throws Exception {
        try (LocalStack stack = LocalStack.builder().dataDir(dir).cassandra(false).start()) {
            ServerNode kafka = stack.node(LocalStack.Service.KAFKA);
            String before = stack.kafka().bootstrapServers();
            try (Admin admin = admin(before)) {
                admin.createTopics(List.of(new NewTopic("survives-kill", 3, (short) 1))).all().get();
            }

            kafka.kill();
            assertThat(kafka.hasDied()).isTrue();
            assertThat(kafka.exitCode()).as("128 + SIGKILL").isEqualTo(137);

            stack.restart(LocalStack.Service.KAFKA);
            assertThat(stack.kafka().bootstrapServers()).isEqualTo(before);
            try (Admin admin = admin(before)) {
                assertThat(admin.describeTopics(List.of("survives-kill")).allTopicNames().get()
                        .get("survives-kill").partitions()).hasSize(3);
            }
        }
    }

    @Test
    void aPausedBrokerKeepsItsPortButAnswersNothingUntilResumed() throws Exception {
        try (LocalStack stack = LocalStack.builder().dataDir(dir).cassandra(false).start()) {
            KafkaNode kafka = stack.kafka();
            kafka.pause();
            assertThat(kafka.isRunning()).isTrue();
            assertThatThrownBy(() -> KafkaMetadataProbe.brokerIds(Ports.LOOPBACK, kafka.port(), 1000))
                    .isInstanceOf(IOException.class);

            kafka.resume();
            assertThat(KafkaMetadataProbe.brokerIds(Ports.LOOPBACK, kafka.port(), 10_000)).contains(KafkaNode.NODE_ID);
        }
    }

    @Test
    void aKilledCassandraRestartsOnItsPortWithTheRowsItAcknowledged() throws Exception {
        try (LocalStack stack = LocalStack.builder().dataDir(dir).kafka(false).start()) {
            int port = stack.cassandra().port();
            try (CqlClient cql = new CqlClient(Ports.LOOPBACK, port, 10_000)) {
                cql.query("CREATE KEYSPACE fault WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
                cql.query("CREATE TABLE fault.t (id int PRIMARY KEY, v text)");
                cql.query("INSERT INTO fault.t (id, v) VALUES (1, 'before the kill')");
            }

            stack.node(LocalStack.Service.CASSANDRA).kill();
            assertThat(stack.isRunning(LocalStack.Service.CASSANDRA)).isFalse();
            stack.restart(LocalStack.Service.CASSANDRA);

            assertThat(stack.cassandra().port()).isEqualTo(port);
            try (CqlClient cql = new CqlClient(Ports.LOOPBACK, port, 10_000)) {
                assertThat(cql.query("SELECT v FROM fault.t WHERE id = 1")).containsExactly(List.of("before the kill"));
            }
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
