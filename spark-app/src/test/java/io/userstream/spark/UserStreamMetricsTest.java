package io.userstream.spark;

import com.codahale.metrics.Gauge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserStreamMetricsTest {

    @Test
    void countsRowsAndKeepsLagPerPartitionAndInTotal() {
        UserStreamMetrics m = new UserStreamMetrics();
        m.batchWritten(3, 10, 2);
        m.batchWritten(4, 5, 0);
        m.lag("users_created", 0, 7);
        m.lag("users_created", 1, 3);
        m.lag("users_created", 0, 1);

        assertThat(m.rowsWritten()).isEqualTo(15);
        assertThat(m.rowsRejected()).isEqualTo(2);
        assertThat(m.takeBatchCounts(3)).containsExactly(10, 2);
        assertThat(m.takeBatchCounts(3)).isNull();
        assertThat(m.lagTotal()).isEqualTo(4);
        assertThat(m.sourceName()).isEqualTo("userstream");
        assertThat(m.metricRegistry().getNames()).contains("rowsWritten", "rowsRejected", "lag.total",
                "lag.users_created.0", "lag.users_created.1", "lastBatchDurationMs", "lastBatchInputRows");
        assertThat(m.metricRegistry().getGauges().get("lag.users_created.0"))
                .extracting(Gauge::getValue).isEqualTo(1L);
    }

    @Test
    void latencyBucketsAreCumulativeCountersWithASumAndTheOffsetsAndRunsAreGauges() {
        UserStreamMetrics m = new UserStreamMetrics();
        long[] batch = new long[UserStreamMetrics.LATENCY_BUCKETS_MS.length + 1];
        java.util.Arrays.fill(batch, 1, batch.length, 4);   // 4 rows: none <= 250 ms, all <= 500 ms
        m.latencies(batch, 1_600);
        m.latencies(batch, 1_200);
        m.latestOffset("users_created", 2, 42);
        m.started(1_000, 3);

        assertThat(m.latencyCount()).isEqualTo(8);
        assertThat(m.metricRegistry().getCounters().get("eventToRowLatencyMs.le.250").getCount()).isZero();
        assertThat(m.metricRegistry().getCounters().get("eventToRowLatencyMs.le.500").getCount()).isEqualTo(8);
        assertThat(m.metricRegistry().getCounters().get("eventToRowLatencyMs.le.inf").getCount()).isEqualTo(8);
        assertThat(m.metricRegistry().getCounters().get("eventToRowLatencyMs.sum").getCount()).isEqualTo(2_800);
        assertThat(m.metricRegistry().getGauges().get("latestOffset.users_created.2")).extracting(Gauge::getValue).isEqualTo(42L);
        assertThat(m.metricRegistry().getGauges().get("triggerIntervalMs")).extracting(Gauge::getValue).isEqualTo(1_000L);
        assertThat(m.restarts()).isEqualTo(3);
        assertThat((Long) m.metricRegistry().getGauges().get("startTimeSeconds").getValue())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
    }
}
