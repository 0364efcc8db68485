package io.userstream.pipeline.bench;

import io.userstream.pipeline.Pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (e) of `make bench`: the whole pipeline as `make run` starts it (synthetic source), fed a steady
 * offered load in steps from a small fraction of the measured Cassandra ceiling to beyond it: the
 * latency/throughput curve. Every step starts from lag 0 (the wait, bounded, is reported), warms up,
 * then measures only its own window: rows/s from the job's counter, event-to-row latency of the
 * window's markers ({@link LatencyProbe}), CPU per 1,000 rows of each process, the stack's RSS.
 */
public final class PipelineLoadBench {

    /** One step of the curve. */
    record Step(int percent, int offeredPerSecond, double acceptedPerSecond, long refusedTicks, double rowsPerSecond,
                Latencies latency, int missingMarkers, double lagWaitSeconds, boolean startedAtLagZero,
                Map<String, Double> cpuPerThousand, long rssBytes) {
    }

    static final Duration WARM_UP = Duration.ofSeconds(5);
    /** Longest wait for the previous step's backlog to drain before a step starts. */
    static final Duration MAX_LAG_WAIT = Duration.ofSeconds(150);
    /** How long the job's row counter must stand still (with lag 0) to call the pipeline idle. */
    static final Duration IDLE = Duration.ofSeconds(3);

    private PipelineLoadBench() {
    }

    /**
     * @param ceiling  the raw Cassandra write ceiling of this run, rows/s: the steps are percentages of it
     * @param percents the steps, in order (a percentage given twice is a repetition)
     * @param window   how long each step measures, after {@link #WARM_UP}
     */
    static List<Step> run(Pipeline pipeline, IngestClient ingest, LatencyProbe probe, double ceiling, List<Integer> percents,
                          Duration window) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int percent : percents) {
            int offered = (int) Math.max(50, ceiling * percent / 100.0);
            long waitStart = System.nanoTime();
            boolean idle = awaitIdle(pipeline, MAX_LAG_WAIT);
            double waited = (System.nanoTime() - waitStart) / 1e9;
            Map<String, Long> pids = BenchMain.pids(pipeline);
            Step step;
            try (LoadDriver load = LoadDriver.start(ingest, offered)) {
                Thread.sleep(WARM_UP.toMillis());
                BatchMark mark0 = BatchMark.of(pipeline);
                long accepted0 = load.accepted();
                long refused0 = load.refused();
                Map<String, Double> cpu0 = ProcessCpu.snapshot(pids);
                long t0 = System.nanoTime();
                int w = probe.begin();
                Thread.sleep(window.toMillis());
                probe.end();
                double seconds = (System.nanoTime() - t0) / 1e9;
                double acceptedRate = (load.accepted() - accepted0) / seconds;
                // The job's counter moves once per micro-batch: the rate is taken between two batch
                // ends (the last before the window, the first after it), not between two instants.
                BatchMark mark1 = BatchMark.after(pipeline, mark0, Duration.ofSeconds(60));
                double rows = mark1.rows() - mark0.rows();
                double rowsPerSecond = mark1.endedAtMs() > mark0.endedAtMs()
                        ? rows / ((mark1.endedAtMs() - mark0.endedAtMs()) / 1000.0) : 0;
                Map<String, Double> cpu = ProcessCpu.perThousand(cpu0, ProcessCpu.snapshot(pids), rows);
                long refused = load.refused() - refused0;
                long rss = BenchMain.rss(pids);
                BenchMain.say("  RSS by process: %s", BenchMain.rssByProcess(pids));
                load.close();
                LatencyProbe.Result lat = probe.collect(w, Duration.ofSeconds(60));
                step = new Step(percent, offered, acceptedRate, refused, rowsPerSecond, lat.latencies(), lat.missing(),
                        waited, idle, cpu, rss);
            }
            BenchMain.say("  step %d%% (offered %,d users/s, accepted %,.0f/s): %,.0f rows/s, latency p50 %.0f ms p99 %.0f ms"
                            + " (%d markers, %d missing), started after %.1f s wait%s",
                    percent, offered, step.acceptedPerSecond(), step.rowsPerSecond(), step.latency().p50Millis(),
                    step.latency().p99Millis(), step.latency().count(), step.missingMarkers(), waited,
                    idle ? "" : " (lag NOT zero: wait bound hit)");
            steps.add(step);
        }
        awaitIdle(pipeline, MAX_LAG_WAIT);
        return steps;
    }

    /**
     * Waits (bounded) until the job's lag is 0 and its row counter has not moved for {@link #IDLE}:
     * the previous backlog is written and no batch is running. Lag alone is not enough: it is
     * updated when a batch ends, from the offsets Kafka had when the batch was planned.
     */
    static boolean awaitIdle(Pipeline pipeline, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        double lastRows = -1;
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            // One scrape per look: each costs the job a snapshot of every Spark metric (the JFR profile
            // of 2026-12-03 found the metrics servlet at 5 % of the job's CPU when scraped twice as often).
            Map<String, Double> m = pipeline.probe().sparkMetrics();
            double rows = Math.max(0, io.userstream.pipeline.PipelineProbe.metric(m, "rowsWritten"));
            double lag = io.userstream.pipeline.PipelineProbe.metric(m, "lag_total");
            if (rows != lastRows || lag != 0) {
                lastRows = rows;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince >= IDLE.toNanos()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** The job's row counter and the end of its last micro-batch, from one scrape. */
    record BatchMark(double rows, double endedAtMs) {

        static BatchMark of(Pipeline pipeline) {
            Map<String, Double> m = pipeline.probe().sparkMetrics();
            return new BatchMark(Math.max(0, io.userstream.pipeline.PipelineProbe.metric(m, "rowsWritten")),
                    io.userstream.pipeline.PipelineProbe.metric(m, "lastBatchEndedAtMs"));
        }

        /** The first mark after {@code before} with a later batch end, waiting at most {@code max}. */
        static BatchMark after(Pipeline pipeline, BatchMark before, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            BatchMark m = of(pipeline);
            while (m.endedAtMs() <= before.endedAtMs() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                m = of(pipeline);
            }
            return m;
        }
    }

    static double rowsWritten(Pipeline pipeline) {
        return Math.max(0, pipeline.probe().sparkMetric("rowsWritten"));
    }

    /** The median of the steps' values per distinct percentage, in the steps' order. */
    static Map<Integer, Spread> perPercent(List<Step> steps, java.util.function.ToDoubleFunction<Step> value) {
        Map<Integer, List<Double>> values = new LinkedHashMap<>();
        for (Step s : steps) {
            values.computeIfAbsent(s.percent(), k -> new ArrayList<>()).add(value.applyAsDouble(s));
        }
        Map<Integer, Spread> out = new java.util.TreeMap<>();
        values.forEach((p, v) -> out.put(p, Spread.of(v)));
        return out;
    }
}
