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
 * commits no consumer-group offsets, so no outside tool can see it), the latest Kafka offset per
 * partition, the trigger interval, when this run started and how many runs the checkpoint saw before
 * it (restarts), and event-to-row latency as cumulative bucket counters (Dropwizard has no Prometheus
 * histogram; the chart's metric relabelling turns the buckets into {@code le} labels).
 */
public final class UserStreamMetrics implements Source {

    public static final String SOURCE_NAME = "userstream";
    /**
     * Upper bounds (ms) of the event-to-row latency buckets (Prometheus {@code le}); one more bucket,
     * {@code inf}, counts every row. The bench measured p50 1.1 s, p99 2.4 s at half the ceiling.
     */
    static final long[] LATENCY_BUCKETS_MS = {250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 300000};

    private final MetricRegistry registry = new MetricRegistry();
    private final Counter rowsWritten = registry.counter("rowsWritten");
    private final Counter rowsRejected = registry.counter("rowsRejected");
    private final AtomicLong lastBatchDurationMs = gauge("lastBatchDurationMs");
    private final AtomicLong lastBatchInputRows = gauge("lastBatchInputRows");
    /** When the last micro-batch (or idle trigger) ended, epoch ms: the dashboard shows it. */
    private final AtomicLong lastBatchEndedAtMs = gauge("lastBatchEndedAtMs");
    private final AtomicLong lagTotal = gauge("lag.total");
    private final Map<String, AtomicLong> lagByPartition = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> latestOffsetByPartition = new ConcurrentHashMap<>();
    private final AtomicLong triggerIntervalMs = gauge("triggerIntervalMs");
    private final AtomicLong startTimeSeconds = gauge("startTimeSeconds");
    private final AtomicLong restarts = gauge("restarts");
    private final Counter[] latencyBuckets = new Counter[LATENCY_BUCKETS_MS.length + 1];
    private final Counter latencySumMs = registry.counter("eventToRowLatencyMs.sum");
    private final Counter latencyCount = registry.counter("eventToRowLatencyMs.count");
    /** Written/rejected counts per batch id, from the sink until the listener logs them. */
    private final Map<Long, long[]> batchCounts = new ConcurrentHashMap<>();
    /** Where a batch's time went inside the sink (speed layer, users write, rest), ms, until the listener logs it. */
    private final Map<Long, long[]> sinkTimings = new ConcurrentHashMap<>();
    /**
     * 1 once the query has finished its first trigger (an empty one when there is nothing to read)
     * or its first batch has reached the sink, after the warm-up: the job is warm and running. What
     * readiness checks wait for; registering the source is not enough.
     */
    private final AtomicLong ready = gauge("ready");

    public UserStreamMetrics() {
        for (int i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
            latencyBuckets[i] = registry.counter("eventToRowLatencyMs.le." + LATENCY_BUCKETS_MS[i]);
        }
        latencyBuckets[LATENCY_BUCKETS_MS.length] = registry.counter("eventToRowLatencyMs.le.inf");
        startTimeSeconds.set(System.currentTimeMillis() / 1000);
    }

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

    void sinkTimings(long batchId, long speedLayerMs, long usersWriteMs, long restMs) {
        sinkTimings.put(batchId, new long[] {speedLayerMs, usersWriteMs, restMs});
    }

    /** Sink timings of a batch (removed): speed layer, users write, rest (rejects, counts), ms; or null. */
    long[] takeSinkTimings(long batchId) {
        return sinkTimings.remove(batchId);
    }

    /** The query finished a trigger or a batch reached the sink: from now on {@code ready} is 1. */
    void triggerDone() {
        ready.set(1);
    }

    public boolean ready() {
        return ready.get() == 1;
    }

    void batchCompleted(long inputRows, long durationMs, long endedAtMs) {
        lastBatchInputRows.set(inputRows);
        lastBatchDurationMs.set(durationMs);
        lastBatchEndedAtMs.set(endedAtMs);
    }

    /**
     * Adds one batch's event-to-row latencies: {@code cumulative[i]} rows took at most
     * {@code LATENCY_BUCKETS_MS[i]}, {@code cumulative[last]} is every row, {@code sumMs} their total.
     */
    void latencies(long[] cumulative, long sumMs) {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i].inc(cumulative[i]);
        }
        latencyCount.inc(cumulative[cumulative.length - 1]);
        latencySumMs.inc(sumMs);
    }

    void started(long triggerMs, long previousRuns) {
        triggerIntervalMs.set(triggerMs);
        restarts.set(previousRuns);
    }

    void latestOffset(String topic, int partition, long offset) {
        latestOffsetByPartition.computeIfAbsent(topic + "." + partition, k -> gauge("latestOffset." + k)).set(offset);
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

    public long restarts() {
        return restarts.get();
    }

    /** Rows counted in the event-to-row latency histogram so far. */
    public long latencyCount() {
        return latencyCount.getCount();
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
