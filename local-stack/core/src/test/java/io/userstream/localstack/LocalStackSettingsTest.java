package io.userstream.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackSettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("localstack.kafka.heap.mb");
        System.clearProperty("localstack.cassandra.heap.mb");
    }

    @Test
    void defaultsAreSizedForTwoCoresAndOnePointFiveGigabytes() {
        LocalStackSettings s = LocalStackSettings.defaults().freeze();
        assertThat(s.kafkaHeapMb()).isEqualTo(384);
        assertThat(s.cassandraHeapMb()).isEqualTo(512);
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(s.dataDir()).isEqualTo(Path.of("target/local-stack").toAbsolutePath());
        assertThat(s.fresh()).isFalse();
        assertThat(s.kafkaPort()).isNull();
        assertThat(s.cassandraPort()).isNull();
    }

    @Test
    void aSystemPropertyReplacesADefault() {
        System.setProperty("localstack.kafka.heap.mb", "256");
        assertThat(LocalStackSettings.defaults().freeze().kafkaHeapMb()).isEqualTo(256);
    }

    @Test
    void aProgramsDefaultHeapReplacesLocalStacksButNotTheUsers() {
        System.setProperty("localstack.kafka.heap.mb", "200");
        LocalStackSettings.Mutable m = LocalStackSettings.defaults();
        m.programKafkaHeapMb(256);
        m.programCassandraHeapMb(320);
        LocalStackSettings s = m.freeze();
        assertThat(s.kafkaHeapMb()).as("the user's property wins over the program's default").isEqualTo(200);
        assertThat(s.cassandraHeapMb()).as("the program's default wins over local-stack's 512").isEqualTo(320);
    }

    @Test
    void anExplicitHeapReplacesEvenTheUsers() {
        System.setProperty("localstack.cassandra.heap.mb", "600");
        LocalStackSettings.Mutable m = LocalStackSettings.defaults();
        m.cassandraHeapMb = 400;
        assertThat(m.freeze().cassandraHeapMb()).isEqualTo(400);
    }

    @Test
    void aBadValueNamesItsKey() {
        System.setProperty("localstack.kafka.heap.mb", "lots");
        assertThatThrownBy(LocalStackSettings::defaults)
                .hasMessageContaining("localstack.kafka.heap.mb / LOCALSTACK_KAFKA_HEAP_MB")
                .hasMessageContaining("'lots'");
    }

    @Test
    void failureMessagesCarryServerExitCodeAndLog() {
        ServerFailedException e = new ServerFailedException("Kafka", "exited during start-up", 1,
                java.util.List.of("ERROR bad config"), null);
        assertThat(e.getMessage()).startsWith("Kafka: exited during start-up (exit code 1)")
                .contains("last 1 lines of the Kafka log").contains("ERROR bad config");
    }
}
