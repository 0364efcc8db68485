package io.userstream.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One log line per micro-batch (rows in, written, rejected, duration, offsets, lag) and the lag
 * metrics: for each partition, the source's {@code latestOffset} minus the batch's {@code endOffset}.
 */
final class ProgressLogger extends StreamingQueryListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final UserStreamMetrics metrics;

    ProgressLogger(UserStreamMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        LOG.info("Query {} started (id {}, run {})", event.name(), event.id(), event.runId());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        long[] counts = metrics.takeBatchCounts(p.batchId());
        long[] sink = metrics.takeSinkTimings(p.batchId());
        long duration = p.durationMs().getOrDefault("triggerExecution", 0L);
        metrics.batchCompleted(counts == null ? p.numInputRows() : counts[0] + counts[1], duration, endedAt(p.timestamp(), duration));
        StringBuilder offsets = new StringBuilder();
        long lag = 0;
        for (SourceProgress source : p.sources()) {
            Map<String, Long> end = offsets(source.endOffset());
            Map<String, Long> latest = offsets(source.latestOffset());
            for (Map.Entry<String, Long> e : end.entrySet()) {
                long latestOffset = latest.getOrDefault(e.getKey(), e.getValue());
                long partitionLag = Math.max(0, latestOffset - e.getValue());
                int dot = e.getKey().lastIndexOf('.');
                String topic = e.getKey().substring(0, dot);
                int partition = Integer.parseInt(e.getKey().substring(dot + 1));
                metrics.lag(topic, partition, partitionLag);
                metrics.latestOffset(topic, partition, latestOffset);
                lag += partitionLag;
            }
            offsets.append(offsets(source.startOffset())).append(" -> ").append(end);
        }
        if (p.numInputRows() > 0 || counts != null) {
            // numInputRows counts a record twice when the batch is read twice (a batch with rejects).
            long in = counts == null ? p.numInputRows() : counts[0] + counts[1];
            LOG.info("batch {}: in={} written={} rejected={} duration={}ms rate={}/s offsets {} lag={} phases {}{}",
                    p.batchId(), in, counts == null ? "?" : counts[0], counts == null ? "?" : counts[1],
                    duration, Math.round(p.processedRowsPerSecond()), offsets, lag, new TreeMap<>(p.durationMs()),
                    sink == null ? "" : " sink{speedLayer=" + sink[0] + ", usersWrite=" + sink[1] + ", rest=" + sink[2] + "}");
        }
        metrics.triggerDone();
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.exception().isDefined()) {
            LOG.error("Query {} failed: {}", event.id(), event.exception().get());
        } else {
            LOG.info("Query {} stopped", event.id());
        }
    }

    /** The trigger's start (ISO-8601, as Spark reports it) plus its duration, epoch ms; now when unparsable. */
    static long endedAt(String startedAt, long durationMs) {
        try {
            return java.time.Instant.parse(startedAt).toEpochMilli() + durationMs;
        } catch (RuntimeException e) {
            return System.currentTimeMillis();
        }
    }

    /** {@code {"users_created":{"0":12,"1":7}}} as {@code {users_created.0=12, users_created.1=7}}. */
    static Map<String, Long> offsets(String json) {
        Map<String, Long> out = new TreeMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
                Map.Entry<String, JsonNode> topic = topics.next();
                for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().fields(); parts.hasNext(); ) {
                    Map.Entry<String, JsonNode> part = parts.next();
                    out.put(topic.getKey() + "." + part.getKey(), part.getValue().asLong());
                }
            }
        } catch (Exception e) {
            LOG.debug("Unparsable offsets {}", json, e);
        }
        return out;
    }
}
