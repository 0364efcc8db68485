package io.userstream.pipeline.bench;

import io.userstream.pipeline.RepoLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** (a) of `make bench` runs with exactly the ingest channel's Kafka producer settings, never the test profile's. */
class ProducerPerfTest {

    @Test
    void producerSettingsAreTheIngestChannels() throws Exception {
        List<String> props = ProducerPerf.ingestProducerProps(RepoLayout.find().ingestProperties());
        assertThat(props).contains("acks=all", "enable.idempotence=true", "compression.type=lz4", "batch.size=262144")
                .anyMatch(p -> p.startsWith("linger.ms="))
                .noneMatch(p -> p.contains("serializer") || p.contains("max-inflight") || p.startsWith("topic="));
        assertThat(props).filteredOn(p -> p.startsWith("linger.ms=")).containsExactly("linger.ms=10");
    }
}
