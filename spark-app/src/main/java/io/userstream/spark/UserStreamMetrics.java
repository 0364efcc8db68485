package io.userstream.spark;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;
import org.apache.spark.sql.SparkSession;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's own metrics, a Spark metrics {@link Source} named {@code userstream} on the driver, so
 * the PrometheusServlet sink serves them beside Spark's streaming metrics (input rate, processing
 * rate, latency). Counters of rows written and rejected, the last batch's figures, and the lag:
 * latest Kafka offset minus processed offset per partition, and in total (Spark's Kafka source
 * commits no consumer-group offsets, so no outside tool can see it).
 */
public final class UserStreamMetrics implements Source {

    public static final String SOURCE_NAME = "userstream";

    private final MetricRegistry registry = new MetricRegistry();
    private final Counter rowsWritten = registry.counter("rowsWritten");
    private final Counter rowsRejected = registry.counter("rowsRejected");
    private final AtomicLong lastBatchDurationMs = gauge("lastBatchDurationMs");
    private final AtomicLong lastBatchInputRows = gauge("lastBatchInputRows");
    /** When the last micro-batch (or idle trigger) ended, epoch ms: the dashboard shows it. */
    private final AtomicLong lastBatchEndedAtMs = gauge("lastBatchEndedAtMs");
    private final AtomicLong lagTotal = gauge("lag.total");
    private final Map<String, AtomicLong> lagByPartition = new ConcurrentHashMap<>();
    /** Written/rejected counts per batch id, from the sink until the listener logs them. */
    private final Map<Long, long[]> batchCounts = new ConcurrentHashMap<>();

    /** A fresh source registered on the session's metrics system (replacing the previous query's). */
    static UserStreamMetrics register(SparkSession spark) {
        UserStreamMetrics metrics = new UserStreamMetrics();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            env.metricsSystem().removeSource(metrics);
            env.metricsSystem().registerSource(metrics);
        }
        return metrics;
    }

    @Override
    public String sourceName() {
        return SOURCE_NAME;
    }

    @Override
    public MetricRegistry metricRegistry() {
        return registry;
    }

    void batchWritten(long batchId, long written, long rejected) {
        rowsWritten.inc(written);
        rowsRejected.inc(rejected);
        batchCounts.put(batchId, new long[] {written, rejected});
    }

    /** Written and rejected rows of a batch (removed), or null for a batch without data. */
    long[] takeBatchCounts(long batchId) {
        return batchCounts.remove(batchId);
    }

    void batchCompleted(long inputRows, long durationMs, long endedAtMs) {
        lastBatchInputRows.set(inputRows);
        lastBatchDurationMs.set(durationMs);
        lastBatchEndedAtMs.set(endedAtMs);
    }

    void lag(String topic, int partition, long lag) {
        lagByPartition.computeIfAbsent(topic + "." + partition, k -> gauge("lag." + k)).set(lag);
        lagTotal.set(lagByPartition.values().stream().mapToLong(AtomicLong::get).sum());
    }

    public long rowsWritten() {
        return rowsWritten.getCount();
    }

    public long rowsRejected() {
        return rowsRejected.getCount();
    }

    public long lagTotal() {
        return lagTotal.get();
    }

    public Map<String, Long> lagByPartition() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        lagByPartition.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private AtomicLong gauge(String name) {
        AtomicLong value = new AtomicLong();
        registry.register(name, (Gauge<Long>) value::get);
        return value;
    }
}
