package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * The Spark job as the dashboard shows it. {@code configured}: the service knows where its metrics
 * are; {@code reachable}: they answered. Figures are null when unknown.
 */
@RegisterForReflection
public record SparkJobView(boolean configured, boolean reachable, String url, String error, Long rowsWritten,
                           Long rowsRejected, Long lag, Long lastBatchDurationMs, Long lastBatchInputRows,
                           Instant lastBatchEndedAt) {

    static SparkJobView notConfigured() {
        return new SparkJobView(false, false, null,
                "the Spark job's metrics URL is not set (USERSTREAM_DASHBOARD_SPARK_METRICS_URL)", null, null, null, null, null, null);
    }

    static SparkJobView unreachable(String url, String error) {
        return new SparkJobView(true, false, url, error, null, null, null, null, null, null);
    }
}
