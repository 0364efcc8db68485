package io.userstream.pipeline.bench;

import io.userstream.contract.CassandraSchema;
import io.userstream.localstack.Ports;
import io.userstream.localstack.probe.CqlClient;
import io.userstream.pipeline.Pipeline;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * (e) of `make bench`: the whole pipeline, started as `make run` starts it (synthetic source), fed
 * at a steady offered load: one manual ingest run of N users every second. Phase one
 * offers more than the pipeline can take and measures the sustained rate; phase two offers half
 * the Cassandra ceiling and measures event-to-row latency: Cassandra's write time of each row
 * minus its Kafka record timestamp (the moment the ingest service produced it).
 */
public final class PipelineLoadBench {

    /** Figures of (e). */
    public record Result(int offeredSaturation, double sustainedRowsPerSecond, int offeredHalf,
                         double halfLoadRowsPerSecond, Latencies latency, long rssBytes) {
    }

    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private PipelineLoadBench() {
    }

    /**
     * @param pipeline a running pipeline (stack, ingest service on the synthetic source, Spark job)
     * @param ceiling  the raw Cassandra write ceiling of this run, rows/s; phase two offers half of it
     * @param phase    how long each phase measures (after a warm-up)
     */
    public static Result run(Pipeline pipeline, double ceiling, Duration phase) throws Exception {
        int saturation = (int) Math.max(1000, ceiling * 1.2);
        int half = (int) Math.max(100, ceiling / 2);
        double sustained;
        try (LoadDriver load = LoadDriver.start(pipeline.ingestUrl(), saturation)) {
            Thread.sleep(WARM_UP.toMillis());
            sustained = measure(pipeline, phase);
        }
        awaitDrained(pipeline);
        double halfRate;
        Instant from;
        Instant to;
        long rss;
        try (LoadDriver load = LoadDriver.start(pipeline.ingestUrl(), half)) {
            Thread.sleep(WARM_UP.toMillis());
            from = Instant.now();
            halfRate = measure(pipeline, phase);
            to = Instant.now();
            rss = rssOf(pipeline);
        }
        awaitDrained(pipeline);
        Latencies latency = Latencies.of(latenciesBetween(pipeline, from, to));
        return new Result(saturation, sustained, half, halfRate, latency, rss);
    }

    /** Waits (at most 3 minutes) until the job's lag is zero: the backlog of a phase is written. */
    static void awaitDrained(Pipeline pipeline) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && lag(pipeline) != 0) {
            Thread.sleep(500);
        }
    }

    static double lag(Pipeline pipeline) {
        return pipeline.probe().sparkMetric("lag_total");
    }

    /** Rows/s the job wrote over {@code phase}, from its own counter. */
    static double measure(Pipeline pipeline, Duration phase) throws InterruptedException {
        double before = rowsWritten(pipeline);
        long t0 = System.nanoTime();
        Thread.sleep(phase.toMillis());
        double after = rowsWritten(pipeline);
        return (after - before) / ((System.nanoTime() - t0) / 1e9);
    }

    static double rowsWritten(Pipeline pipeline) {
        return Math.max(0, pipeline.probe().sparkMetric("rowsWritten"));
    }

    /** Microseconds from Kafka timestamp to Cassandra write time, for rows produced in [from, to). */
    private static long[] latenciesBetween(Pipeline pipeline, Instant from, Instant to) throws IOException {
        List<Long> micros = new ArrayList<>();
        try (CqlClient cql = new CqlClient(Ports.LOOPBACK, pipeline.stack().cassandra().port(), 60_000)) {
            for (List<Object> row : cql.query("SELECT ingested_at, WRITETIME(first_name) FROM "
                    + CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE + " LIMIT 400000")) {
                Instant produced = (Instant) row.get(0);
                Long written = (Long) row.get(1);
                if (produced != null && written != null && !produced.isBefore(from) && produced.isBefore(to)) {
                    long producedMicros = produced.getEpochSecond() * 1_000_000 + produced.getNano() / 1_000;
                    micros.add(Math.max(0, written - producedMicros));
                }
            }
        }
        return micros.stream().mapToLong(Long::longValue).toArray();
    }

    /** Resident memory of every process of the stack: Kafka, Cassandra, ingest service, Spark job. */
    private static long rssOf(Pipeline pipeline) {
        long[] pids = {pipeline.stack().kafka().pid(), pipeline.stack().cassandra().pid(), pipeline.ingest().pid(),
                pipeline.spark().pid()};
        long total = 0;
        for (long pid : pids) {
            total += Rss.of(pid);
        }
        return total;
    }
}
