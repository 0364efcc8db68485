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
}
