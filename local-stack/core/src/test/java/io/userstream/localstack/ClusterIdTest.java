package io.userstream.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster ids never look like a flag, and the storage tool is never given one it could read as a flag. */
class ClusterIdTest {

    /** A source whose first draw encodes to an id starting with '-' (first byte 0xF8: base64url index 62). */
    private static final class DashFirst extends Random {
        private boolean first = true;

        @Override
        public void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            if (first) {
                bytes[0] = (byte) 0xF8;
                first = false;
            }
        }
    }

    @Test
    void anIdStartingWithDashIsDrawnAgainAsKafkaDoes() {
        DashFirst random = new DashFirst();
        String id = KafkaNode.newClusterId(random);
        assertThat(id).doesNotStartWith("-").hasSize(22).matches("[A-Za-z0-9_-]{22}");
        assertThat(random.first).isFalse();
    }

    @Test
    void manyIdsNeverStartWithDash() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            assertThat(KafkaNode.newClusterId(random)).doesNotStartWith("-");
        }
    }

    @Test
    void theIdIsAttachedToItsOption() {
        assertThat(KafkaNode.formatArgs("-QJNKeKJcGSIXSvmDvNYaQ", Path.of("/tmp/server.properties")))
                .containsExactly("format", "--cluster-id=-QJNKeKJcGSIXSvmDvNYaQ", "--config", "/tmp/server.properties");
    }
}
