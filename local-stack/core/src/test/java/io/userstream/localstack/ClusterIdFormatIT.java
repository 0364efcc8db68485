package io.userstream.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI flake of 2026-12-02: a cluster id starting with '-' made kafka-storage fail with
 * "--cluster-id/-t: expected one argument". A directory that remembers such an id (ids drawn before
 * the fix could) must still format and start, with that very id.
 */
class ClusterIdFormatIT {

    private static final String DASH_ID = "-QJNKeKJcGSIXSvmDvNYaQ";

    @TempDir
    Path dir;

    @Test
    void formatsAndStartsWithAnIdStartingWithDash() throws Exception {
        Path kafkaDir = Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(kafkaDir.resolve("local-stack.properties"), "cluster.id=" + DASH_ID + "\n");

        try (LocalStack stack = LocalStack.builder().dataDir(dir).cassandra(false).fresh(false).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo(DASH_ID);
        }
        assertThat(Files.readString(kafkaDir.resolve("logs/meta.properties"))).contains("cluster.id=" + DASH_ID);
    }
}
