package io.userstream.pipeline.bench;

import io.userstream.pipeline.Http;
import io.userstream.pipeline.Pipeline;
import io.userstream.pipeline.PipelineSettings;
import io.userstream.pipeline.RepoLayout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `make bench`: every figure of the README's Performance section, in one run on one machine, side by
 * side: (a) Kafka's ProducerPerformance, (b) the raw Cassandra write ceiling, (c) the ingest service
 * publishing from its synthetic source, (d) the Spark job draining a pre-loaded topic, (e) the whole
 * pipeline at a steady offered load, plus the time to the first row and the stack's RSS.
 * Loopback only; every step bounded in count and time (the whole run stays under 10 minutes).
 */
public final class BenchMain {

    /** The largest manual run the ingest service accepts. */
    private static final int MAX_RUN = 100_000;
    private static final Pattern NUMBER = Pattern.compile("\\\"%s\\\"\\s*:\\s*(-?[0-9.]+)");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Duration phase = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 60);
        RepoLayout repo = RepoLayout.find();
        Path out = repo.root().resolve("target/bench");
        Files.createDirectories(out);
        BenchReport report = new BenchReport(LocalDate.now(), records, Runtime.getRuntime().availableProcessors());

        long started = System.nanoTime();
        PipelineSettings settings = new PipelineSettings(out.resolve("run"), true, PipelineSettings.SOURCE_SYNTHETIC,
                false, 0, 0, Map.of(), Map.of());
        try (Pipeline pipeline = Pipeline.start(settings, repo)) {
            say("pipeline up in %.1f s; first row...", seconds(started));
            ingest(pipeline, 100);
            awaitRows(pipeline, 1, Duration.ofSeconds(120));
            report.firstRowSeconds = seconds(started);
            say("first row in Cassandra %.1f s after start", report.firstRowSeconds);
            pipeline.stopSpark();

            say("(a) Kafka ProducerPerformance, %,d records...", records);
            report.producerPerformance = ProducerPerf.measure(pipeline.stack().kafka(), records, out, RepoLayout.find().ingestProperties());
            say("(b) raw Cassandra write ceiling, %,d async inserts...", records);
            report.cassandraCeiling = CassandraCeiling.measure(pipeline.stack().cassandra(), records);

            say("(c) ingest service, synthetic source, %,d users...", records);
            double published = 0;
            double millis = 0;
            for (int left = records; left > 0; left -= MAX_RUN) {
                String run = ingest(pipeline, Math.min(MAX_RUN, left));
                published += number(run, "published");
                millis += number(run, "durationMs");
            }
            report.ingestPublish = published / (millis / 1000.0);

            say("(d) Spark job draining the %,d records just published...", (long) published);
            pipeline.startSpark();
            report.sparkDrain = drainRate(pipeline, (long) published);

            say("(e) whole pipeline at steady offered load, %d s per phase...", phase.toSeconds());
            report.pipeline = PipelineLoadBench.run(pipeline, report.cassandraCeiling, phase);
        }
        report.totalSeconds = seconds(started);
        System.out.println();
        System.out.println(report.markdown());
        Files.writeString(out.resolve("bench.md"), report.markdown());
        Files.writeString(out.resolve("bench.json"), report.json());
        say("written %s and %s", out.resolve("bench.md"), out.resolve("bench.json"));
    }

    /** One manual ingest run; returns its JSON once finished. */
    private static String ingest(Pipeline pipeline, int count) throws Exception {
        HttpResponse<String> response = Http.post(pipeline.ingestUrl() + "/api/ingest/runs?wait=600&count=" + count,
                Duration.ofMinutes(5));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("ingest run refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static void awaitRows(Pipeline pipeline, long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pipeline.probe().rowCounts().users() >= rows) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("fewer than " + rows + " rows after " + timeout.toSeconds() + " s");
    }

    /** Rows/s from the job's first written row to its last, for a topic holding {@code expected} new records. */
    private static double drainRate(Pipeline pipeline, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        long firstAt = 0;
        double firstRows = 0;
        double rows = 0;
        while (System.nanoTime() < deadline) {
            rows = Math.max(0, pipeline.probe().sparkMetric("rowsWritten"));
            if (firstAt == 0 && rows > 0) {
                firstAt = System.nanoTime();
                firstRows = rows;
            }
            if (rows >= expected) {
                break;
            }
            Thread.sleep(250);
        }
        if (rows < expected || firstAt == 0) {
            throw new IllegalStateException("the job wrote " + rows + " of " + expected + " rows in 4 minutes");
        }
        return (rows - firstRows) / ((System.nanoTime() - firstAt) / 1e9);
    }

    static double number(String json, String field) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + field + "\" in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println("bench: " + String.format(format, args));
    }
}
