package io.userstream.pipeline;

import java.util.Map;

/**
 * One progress line of `make run`: what the ingest service fetched, published and rejected, the
 * rows in Cassandra and their rate, the job's rejected rows, its Kafka lag, and the restarts of
 * the pipeline's processes.
 */
final class Progress {

    private long lastRows = -1;
    private long lastNanos;
    private Long firstRowSeconds;
    private final long startNanos;

    Progress(long startNanos) {
        this.startNanos = startNanos;
    }

    String line(PipelineProbe probe, int restarts) {
        Map<String, Double> ingest = probe.ingestMetrics();
        Map<String, Double> spark = probe.sparkMetrics();
        PipelineProbe.RowCounts rows = probe.rowCounts();
        long now = System.nanoTime();
        String rate = "";
        if (lastRows >= 0 && rows.users() >= 0) {
            double seconds = (now - lastNanos) / 1e9;
            rate = String.format(" (%,.0f rows/s)", (rows.users() - lastRows) / seconds);
        }
        if (rows.users() >= 0) {
            lastRows = rows.users();
            lastNanos = now;
        }
        if (firstRowSeconds == null && rows.users() > 0) {
            firstRowSeconds = (now - startNanos) / 1_000_000_000L;
        }
        return String.format("[%4ds] fetched %,d  published %,d  rejected %,d | rows in Cassandra %s%s  rejected rows %s | lag %s%s",
                (now - startNanos) / 1_000_000_000L,
                (long) value(ingest, "userstream_users_fetched_total"),
                (long) value(ingest, "userstream_users_published_total"),
                (long) value(ingest, "userstream_users_rejected_total"),
                rows.users() < 0 ? "-" : String.format("%,d", rows.users()), rate,
                rows.rejected() < 0 ? "-" : String.format("%,d", rows.rejected()),
                lag(spark), restarts == 0 ? "" : " | restarts " + restarts);
    }

    /** Seconds from the start of `make run` to the first row seen in Cassandra, once there is one. */
    Long firstRowSeconds() {
        return firstRowSeconds;
    }

    private static double value(Map<String, Double> metrics, String name) {
        return metrics.getOrDefault(name, 0.0);
    }

    /** The job's total lag gauge, whatever prefix Spark's PrometheusServlet gives it. */
    static String lag(Map<String, Double> spark) {
        double lag = PipelineProbe.metric(spark, "lag_total");
        return lag < 0 ? "-" : String.format("%,d", (long) lag);
    }
}
