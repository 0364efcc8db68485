package io.userstream.pipeline.bench;

import io.userstream.contract.Topics;
import io.userstream.pipeline.Pipeline;
import io.userstream.pipeline.PipelineSettings;
import io.userstream.pipeline.RepoLayout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `make bench`: every figure of the README's Performance section, in one run on one machine, side by
 * side: (a) Kafka's ProducerPerformance, (b) the raw Cassandra write ceiling, (c) the ingest service
 * publishing from its synthetic source, (d) the Spark job draining what (c) published, each repeated
 * and reported as median, min and max with the CPU seconds per 1,000 records of each process; then
 * (e) the latency/throughput curve of the whole pipeline ({@link PipelineLoadBench}), the time to
 * the first row and the stack's RSS. Loopback only; every step bounded in count and time.
 *
 * <p>While (a)-(c) run, the Spark job is paused (SIGSTOP): it neither competes for the cores nor
 * reads what (c) publishes; (d) is its drain of that backlog once resumed, warm.
 */
public final class BenchMain {

    static final List<Integer> DEFAULT_STEPS = List.of(10, 25, 50, 50, 50, 75, 100, 120, 120);

    /**
     * The curve's load driver starts 5 ingest runs a second ({@link LoadDriver}); the control API's
     * per-user limit (120 a minute, for people) refused every run after the first ~25 s, so the
     * later steps offered nothing (seen 2026-12-03: "accepted 0/s" at 120 %).
     */
    static final Map<String, String> INGEST_ENV = Map.of("USERSTREAM_API_RATE_LIMIT_REQUESTS", "1000000");

    private BenchMain() {
    }

    /**
     * "K=V,K=V" of a tuning variable: BENCH_SPARK_ENV (extra environment of the Spark job: CASSANDRA_*,
     * USERSTREAM_*) or BENCH_SPARK_CONF (its Spark configuration: spark.* keys only).
     */
    static Map<String, String> pairs(String variable, String spec) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String pair : spec.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(variable + ": expected K=V,K=V, got '" + pair + "'");
                }
                pairs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return pairs;
    }

    /**
     * The Spark configuration of a tuning run: BENCH_SPARK_CONF, and BENCH_SPARK_MASTER as spark.master
     * (its own variable: local[1,4] holds a comma). Empty by default: SparkLaunch's, as `make run`.
     */
    static Map<String, String> sparkConf(String conf, String master) {
        Map<String, String> sparkConf = pairs("BENCH_SPARK_CONF", conf);
        sparkConf.keySet().stream().filter(k -> !k.startsWith("spark.")).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("BENCH_SPARK_CONF: Spark configuration keys start with spark., got '" + k + "'");
        });
        if (master != null && !master.isBlank()) {
            sparkConf.put("spark.master", master.trim());
        }
        return sparkConf;
    }

    /**
     * Starts the pipeline; with BENCH_PARTITIONS above the contract's {@link Topics#USERS_CREATED_PARTITIONS},
     * raises {@link Topics#USERS_CREATED}'s partitions once the topics exist, before the ingest service's
     * producer and the job first read its metadata (Kafka cannot lower them: a fresh run starts from 3).
     */
    static Pipeline start(PipelineSettings settings, RepoLayout repo, int partitions) {
        if (partitions <= Topics.USERS_CREATED_PARTITIONS) {
            return Pipeline.start(settings, repo);
        }
        return Pipeline.start(settings, repo, stack -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
                admin.createPartitions(Map.of(Topics.USERS_CREATED, NewPartitions.increaseTo(partitions)))
                        .all().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("BENCH_PARTITIONS: could not raise " + Topics.USERS_CREATED + " to "
                        + partitions + " partitions", e);
            }
        });
    }

    /** Args: records per repetition, repetitions, seconds per curve step, steps (comma-separated percentages). */
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Duration window = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 15);
        List<Integer> steps = args.length > 3 && !args[3].isBlank()
                ? Arrays.stream(args[3].split(",")).map(String::trim).map(Integer::parseInt).toList() : DEFAULT_STEPS;
        RepoLayout repo = RepoLayout.find();
        Path out = repo.root().resolve("target/bench");
        Files.createDirectories(out);
        BenchReport report = new BenchReport(LocalDate.now(), records, reps, Runtime.getRuntime().availableProcessors());

        long started = System.nanoTime();
        PipelineSettings settings = new PipelineSettings(out.resolve("run"), true, PipelineSettings.SOURCE_SYNTHETIC,
                false, 0, 0, INGEST_ENV, pairs("BENCH_SPARK_ENV", System.getenv("BENCH_SPARK_ENV")),
                sparkConf(System.getenv("BENCH_SPARK_CONF"), System.getenv("BENCH_SPARK_MASTER")));
        String partitionsSpec = System.getenv("BENCH_PARTITIONS");
        int partitions = partitionsSpec == null || partitionsSpec.isBlank() ? Topics.USERS_CREATED_PARTITIONS
                : Integer.parseInt(partitionsSpec.trim());
        say("tuning: Spark env %s, Spark conf %s, %s partitions %d", settings.sparkEnv(), settings.sparkConf(),
                Topics.USERS_CREATED, partitions);
        try (Pipeline pipeline = start(settings, repo, partitions)) {
            report.pipelineUpSeconds = seconds(started);
            say("pipeline up (Spark job warm) in %.1f s; first row...", report.pipelineUpSeconds);
            IngestClient ingest = new IngestClient(pipeline.ingestUrl());
            ingest.run(100);
            awaitRows(pipeline, 1, Duration.ofSeconds(120));
            report.firstRowSeconds = seconds(started);
            say("first row in Cassandra %.1f s after start", report.firstRowSeconds);
            PipelineLoadBench.awaitIdle(pipeline, PipelineLoadBench.MAX_LAG_WAIT);
            Map<String, Long> pids = pids(pipeline);

            pipeline.spark().pause();
            for (int i = 0; i < reps; i++) {
                say("(a) Kafka ProducerPerformance, %,d records (%d/%d)...", records, i + 1, reps);
                Map<String, Double> cpu0 = ProcessCpu.snapshot(pids);
                report.producerPerformance.add(ProducerPerf.measure(pipeline.stack().kafka(), records, out, repo.ingestProperties()));
                report.cpuA.add(ProcessCpu.perThousand(cpu0, ProcessCpu.snapshot(pids), records));
            }
            for (int i = 0; i < reps; i++) {
                say("(b) raw Cassandra write ceiling, %,d async inserts (%d/%d)...", records, i + 1, reps);
                Map<String, Double> cpu0 = ProcessCpu.snapshot(pids);
                report.cassandraCeiling.add(CassandraCeiling.measure(pipeline.stack().cassandra(), records));
                report.cpuB.add(ProcessCpu.perThousand(cpu0, ProcessCpu.snapshot(pids), records));
            }
            pipeline.spark().resume();

            for (int i = 0; i < reps; i++) {
                PipelineLoadBench.awaitIdle(pipeline, PipelineLoadBench.MAX_LAG_WAIT);
                double rows0 = PipelineLoadBench.rowsWritten(pipeline);
                pipeline.spark().pause();
                say("(c) ingest service, synthetic source, %,d users (%d/%d), Spark job paused...", records, i + 1, reps);
                Map<String, Double> cpu0 = ProcessCpu.snapshot(pids);
                double published = 0;
                double millis = 0;
                for (int left = records; left > 0; left -= IngestClient.MAX_RUN) {
                    String run = ingest.run(Math.min(IngestClient.MAX_RUN, left));
                    published += IngestClient.number(run, "published");
                    millis += IngestClient.number(run, "durationMs");
                }
                report.ingestPublish.add(published / (millis / 1000.0));
                report.cpuC.add(ProcessCpu.perThousand(cpu0, ProcessCpu.snapshot(pids), published));

                say("(d) Spark job resumed, draining the %,.0f records just published (%d/%d)...", published, i + 1, reps);
                cpu0 = ProcessCpu.snapshot(pids);
                long t0 = System.nanoTime();
                pipeline.spark().resume();
                awaitRowsWritten(pipeline, rows0 + published, Duration.ofMinutes(4));
                report.sparkDrain.add(published / ((System.nanoTime() - t0) / 1e9));
                report.cpuD.add(ProcessCpu.perThousand(cpu0, ProcessCpu.snapshot(pids), published));
            }

            // BENCH_CEILING (rows/s): the curve's 100 % for tuning runs, so that their steps offer the same load
            // whatever this run's (b) measured ((b) swings 2x between runs on shared cores).
            String fixedCeiling = System.getenv("BENCH_CEILING");
            double ceiling = fixedCeiling == null || fixedCeiling.isBlank() ? Spread.of(report.cassandraCeiling).median()
                    : Double.parseDouble(fixedCeiling.trim());
            say("(e) whole pipeline, curve at %s %% of the ceiling (%,.0f rows/s), %d s per step...", steps, ceiling,
                    window.toSeconds());
            try (LatencyProbe probe = new LatencyProbe(pipeline.stack())) {
                report.curve = PipelineLoadBench.run(pipeline, ingest, probe, ceiling, steps, window);
            }
        }
        report.totalSeconds = seconds(started);
        System.out.println();
        System.out.println(report.markdown());
        Files.writeString(out.resolve("bench.md"), report.markdown());
        Files.writeString(out.resolve("bench.json"), report.json());
        Files.writeString(out.resolve("curve.md"), CurveOutput.markdown(report.curve));
        Files.writeString(out.resolve("curve.json"), CurveOutput.json(report.curve));
        Files.writeString(out.resolve("curve.svg"), CurveOutput.svg(report.curve, report.date.toString()));
        say("written bench.md, bench.json, curve.md, curve.json and curve.svg in %s", out);
    }

    /** The stack's processes by name. */
    static Map<String, Long> pids(Pipeline pipeline) {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("kafka", pipeline.stack().kafka().pid());
        pids.put("cassandra", pipeline.stack().cassandra().pid());
        pids.put("ingest", pipeline.ingest().pid());
        pids.put("spark", pipeline.spark().pid());
        return pids;
    }

    /** Resident memory of all of them. */
    static long rss(Map<String, Long> pids) {
        return pids.values().stream().mapToLong(Rss::of).sum();
    }

    /** Resident memory of each, "kafka=0.45 GB, ...". */
    static String rssByProcess(Map<String, Long> pids) {
        StringBuilder out = new StringBuilder();
        pids.forEach((name, pid) -> out.append(out.length() > 0 ? ", " : "")
                .append(String.format(java.util.Locale.ROOT, "%s=%.2f GB", name, Rss.of(pid) / 1e9)));
        return out.toString();
    }

    private static void awaitRows(Pipeline pipeline, long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pipeline.probe().rowCounts().users() >= rows) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("fewer than " + rows + " rows after " + timeout.toSeconds() + " s");
    }

    private static void awaitRowsWritten(Pipeline pipeline, double rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (PipelineLoadBench.rowsWritten(pipeline) >= rows) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the job had not written " + rows + " rows after " + timeout.toSeconds() + " s");
    }

    static List<Double> list() {
        return new ArrayList<>();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void say(String format, Object... args) {
        System.out.println("bench: " + String.format(format, args));
    }
}
