package io.userstream.pipeline.bench;

import java.time.LocalDate;
import java.util.Locale;

/** The figures of one `make bench` run, as the Markdown table the README shows and as JSON. */
final class BenchReport {

    static final double TARGET_INGEST_RATIO = 0.8;
    static final double TARGET_SPARK_RATIO = 0.7;
    static final double TARGET_PIPELINE_RATIO = 0.7;
    static final double TARGET_P99_MILLIS = 1000;
    static final double TARGET_FIRST_ROW_SECONDS = 20;
    static final double TARGET_RSS_GB = 2.5;

    final LocalDate date;
    final int records;
    final int cores;
    double producerPerformance;
    double cassandraCeiling;
    double ingestPublish;
    double sparkDrain;
    PipelineLoadBench.Result pipeline;
    double firstRowSeconds;
    double totalSeconds;

    BenchReport(LocalDate date, int records, int cores) {
        this.date = date;
        this.records = records;
        this.cores = cores;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "`make bench` on %s, %d cores, %,d records per step, %.0f s in all%n%n",
                date, cores, records, totalSeconds));
        md.append("| step | measured | ratio | target |\n|---|---|---|---|\n");
        row(md, "(a) Kafka ProducerPerformance (acks=all, idempotent, lz4, ~1.1 KB JSON)", rate(producerPerformance, "msgs/s"), "", "");
        row(md, "(b) raw Cassandra writes (async prepared inserts, 256 in flight)", rate(cassandraCeiling, "rows/s"), "", "");
        row(md, "(c) ingest service publishing from the synthetic source", rate(ingestPublish, "msgs/s"),
                ratio(ingestPublish, producerPerformance, "(c)/(a)"), ">= " + TARGET_INGEST_RATIO + met(ingestPublish / producerPerformance >= TARGET_INGEST_RATIO));
        row(md, "(d) Spark job draining a pre-loaded topic into Cassandra", rate(sparkDrain, "rows/s"),
                ratio(sparkDrain, cassandraCeiling, "(d)/(b)"), ">= " + TARGET_SPARK_RATIO + met(sparkDrain / cassandraCeiling >= TARGET_SPARK_RATIO));
        if (pipeline != null) {
            row(md, String.format(Locale.ROOT, "(e) whole pipeline, sustained (offered %,d users/s)", pipeline.offeredSaturation()),
                    rate(pipeline.sustainedRowsPerSecond(), "rows/s"), ratio(pipeline.sustainedRowsPerSecond(), cassandraCeiling, "(e)/(b)"),
                    ">= " + TARGET_PIPELINE_RATIO + met(pipeline.sustainedRowsPerSecond() / cassandraCeiling >= TARGET_PIPELINE_RATIO));
            row(md, String.format(Locale.ROOT, "(e) event-to-row latency at half the ceiling (offered %,d users/s, %,d rows sampled)",
                            pipeline.offeredHalf(), pipeline.latency().count()),
                    String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms", pipeline.latency().p50Millis(), pipeline.latency().p99Millis()),
                    "", "p99 <= 1 s" + met(pipeline.latency().p99Millis() <= TARGET_P99_MILLIS));
            row(md, "RSS of the whole stack (Kafka, Cassandra, ingest, Spark) under load",
                    String.format(Locale.ROOT, "%.2f GB", pipeline.rssBytes() / 1e9), "", "<= 2.5 GB" + met(pipeline.rssBytes() / 1e9 <= TARGET_RSS_GB));
        }
        row(md, "first row in Cassandra after the pipeline starts (build excluded)",
                String.format(Locale.ROOT, "%.1f s", firstRowSeconds), "", "<= 20 s" + met(firstRowSeconds <= TARGET_FIRST_ROW_SECONDS));
        return md.toString();
    }

    String json() {
        StringBuilder j = new StringBuilder("{\n");
        field(j, "date", "\"" + date + "\"");
        field(j, "cores", String.valueOf(cores));
        field(j, "records", String.valueOf(records));
        field(j, "producerPerformanceMsgsPerSecond", num(producerPerformance));
        field(j, "cassandraCeilingRowsPerSecond", num(cassandraCeiling));
        field(j, "ingestPublishMsgsPerSecond", num(ingestPublish));
        field(j, "ingestToProducerPerformanceRatio", num(ingestPublish / producerPerformance));
        field(j, "sparkDrainRowsPerSecond", num(sparkDrain));
        field(j, "sparkToCassandraRatio", num(sparkDrain / cassandraCeiling));
        if (pipeline != null) {
            field(j, "pipelineOfferedUsersPerSecond", String.valueOf(pipeline.offeredSaturation()));
            field(j, "pipelineSustainedRowsPerSecond", num(pipeline.sustainedRowsPerSecond()));
            field(j, "pipelineToCassandraRatio", num(pipeline.sustainedRowsPerSecond() / cassandraCeiling));
            field(j, "halfLoadOfferedUsersPerSecond", String.valueOf(pipeline.offeredHalf()));
            field(j, "halfLoadRowsPerSecond", num(pipeline.halfLoadRowsPerSecond()));
            field(j, "latencyP50Millis", num(pipeline.latency().p50Millis()));
            field(j, "latencyP99Millis", num(pipeline.latency().p99Millis()));
            field(j, "latencySampledRows", String.valueOf(pipeline.latency().count()));
            field(j, "stackRssBytes", String.valueOf(pipeline.rssBytes()));
        }
        field(j, "firstRowSeconds", num(firstRowSeconds));
        j.append("  \"totalSeconds\": ").append(num(totalSeconds)).append("\n}\n");
        return j.toString();
    }

    private static void row(StringBuilder md, String step, String measured, String ratio, String target) {
        md.append("| ").append(step).append(" | ").append(measured).append(" | ").append(ratio).append(" | ").append(target).append(" |\n");
    }

    private static String rate(double value, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", value, unit);
    }

    private static String ratio(double a, double b, String label) {
        return String.format(Locale.ROOT, "%s = %.3f", label, a / b);
    }

    private static String met(boolean ok) {
        return ok ? " (met)" : " (missed)";
    }

    private static void field(StringBuilder j, String name, String value) {
        j.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }
}
