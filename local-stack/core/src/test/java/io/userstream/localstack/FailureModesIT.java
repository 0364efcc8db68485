package io.userstream.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a user sees when a server cannot start: a named server, an exit code, its log tail. No hang. */
class FailureModesIT {

    @TempDir
    Path dir;

    @Test
    void kafkaWithABrokenSettingFailsWithItsExitCodeAndLogTail() {
        ServerFailedException failure = catchThrowableOfType(ServerFailedException.class, () ->
                LocalStack.builder().dataDir(dir).cassandra(false)
                        .kafkaProperty("log.retention.ms", "not-a-number")
                        .startTimeout(Duration.ofSeconds(90))
                        .start());

        assertThat(failure.server()).startsWith(KafkaNode.NAME);
        assertThat(failure.exitCode()).isNotNull().isNotZero();
        assertThat(failure.logTail()).isNotEmpty().hasSizeLessThanOrEqualTo(ChildJvm.LOG_TAIL_LINES);
        assertThat(String.join("\n", failure.logTail())).contains("log.retention.ms");
        assertThat(failure.getMessage()).contains("exit code").contains("not-a-number");
    }

    @Test
    void cassandraWithABrokenSettingFailsWithItsExitCodeAndLogTail() {
        ServerFailedException failure = catchThrowableOfType(ServerFailedException.class, () ->
                LocalStack.builder().dataDir(dir).kafka(false)
                        .cassandraYaml("num_tokens", "lots")
                        .startTimeout(Duration.ofSeconds(90))
                        .start());

        assertThat(failure.server()).isEqualTo(CassandraNode.NAME);
        assertThat(failure.exitCode()).isNotNull().isNotZero();
        assertThat(String.join("\n", failure.logTail())).contains("num_tokens");
        assertThat(failure.getMessage()).startsWith("Cassandra: exited during start-up");
    }

    @Test
    void aFixedPortThatIsTakenFailsAtOnceNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalStack.builder().dataDir(dir).cassandra(false).kafkaPort(port).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka: port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void aDataDirectoryHeldByALiveProcessIsRefused() throws Exception {
        Path kafkaDir = Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(kafkaDir.resolve("server.pid"), Long.toString(ProcessHandle.current().pid()));

        assertThatThrownBy(() -> LocalStack.builder().dataDir(dir).cassandra(false).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in use by a running process (pid " + ProcessHandle.current().pid() + ")");
        assertThatThrownBy(() -> LocalStack.builder().dataDir(dir).cassandra(false).fresh(true).start())
                .as("fresh must not delete a directory a live server uses")
                .hasMessageContaining("is in use by a running process");
    }

    @Test
    void aStalePidFileOfADeadProcessDoesNotBlockARestart() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path kafkaDir = Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(kafkaDir.resolve("server.pid"), Long.toString(dead.pid()));

        try (LocalStack stack = LocalStack.builder().dataDir(dir).cassandra(false).start()) {
            assertThat(stack.kafka().isRunning()).isTrue();
        }
    }
}
