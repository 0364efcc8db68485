package io.userstream.pipeline;

import io.userstream.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchScheduleTest {

    @Test
    void intervalsParseAndZeroIsOff() {
        assertThat(BatchSchedule.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(BatchSchedule.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BatchSchedule.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(BatchSchedule.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(BatchSchedule.parse("0")).isZero();
        assertThatThrownBy(() -> BatchSchedule.parse("two minutes")).hasMessageContaining("BATCH_EVERY");
    }

    @Test
    void makeBatchFindsALiveCassandraByItsPidFileOnly(@TempDir Path stackDir) throws Exception {
        assertThat(LocalStack.runningPort(stackDir, LocalStack.Service.CASSANDRA)).isEmpty();
        Path dir = Files.createDirectories(stackDir.resolve("cassandra")); // local-stack's layout and state files
        Files.writeString(dir.resolve("local-stack.properties"), "port=19042\n");
        Files.writeString(dir.resolve("server.pid"), Long.toString(ProcessHandle.current().pid()));
        assertThat(LocalStack.runningPort(stackDir, LocalStack.Service.CASSANDRA)).contains(19042);
        Files.writeString(dir.resolve("server.pid"), "999999999");
        assertThat(LocalStack.runningPort(stackDir, LocalStack.Service.CASSANDRA)).isEmpty();
    }
}
