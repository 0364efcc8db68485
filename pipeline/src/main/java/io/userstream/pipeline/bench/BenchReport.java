package io.userstream.pipeline.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The figures of one `make bench` run, as the Markdown table the README shows and as JSON. */
final class BenchReport {

    static final double TARGET_RATIO = 0.8;
    static final double TARGET_P50_MILLIS = 400;
    static final double TARGET_P99_MILLIS = 1000;
    static final double TARGET_FIRST_ROW_SECONDS = 20;
    static final double TARGET_RSS_GB = 2.0;
    /** The step whose latency the targets speak of: half the ceiling. */
    static final int HALF = 50;

    final LocalDate date;
    final int records;
    final int reps;
    final int cores;
    final List<Double> producerPerformance = new ArrayList<>();
    final List<Double> cassandraCeiling = new ArrayList<>();
    final List<Double> ingestPublish = new ArrayList<>();
    final List<Double> sparkDrain = new ArrayList<>();
    final List<Map<String, Double>> cpuA = new ArrayList<>();
    final List<Map<String, Double>> cpuB = new ArrayList<>();
    final List<Map<String, Double>> cpuC = new ArrayList<>();
    final List<Map<String, Double>> cpuD = new ArrayList<>();
    List<PipelineLoadBench.Step> curve = List.of();
    double pipelineUpSeconds;
    double firstRowSeconds;
    double totalSeconds;

    BenchReport(LocalDate date, int records, int reps, int cores) {
        this.date = date;
        this.records = records;
        this.reps = reps;
        this.cores = cores;
    }

    Spread a() {
        return Spread.of(producerPerformance);
    }

    Spread b() {
        return Spread.of(cassandraCeiling);
    }

    Spread c() {
        return Spread.of(ingestPublish);
    }

    Spread d() {
        return Spread.of(sparkDrain);
    }

    /** (e): rows/s of the steps that offered at least the ceiling. */
    Spread e() {
        return Spread.of(curve.stream().filter(s -> s.percent() >= 100).map(PipelineLoadBench.Step::rowsPerSecond).toList());
    }

    Spread half(ToDoubleFunction<PipelineLoadBench.Step> value) {
        return Spread.of(curve.stream().filter(s -> s.percent() == HALF).map(s -> value.applyAsDouble(s)).toList());
    }

    Spread rss() {
        return Spread.of(curve.stream().map(s -> (double) s.rssBytes() / 1e9).toList());
    }

    /** CPU seconds per 1,000 records of each process, median over repetitions. */
    static Map<String, Spread> cpu(List<Map<String, Double>> reps) {
        Map<String, List<Double>> byProcess = new LinkedHashMap<>();
        reps.forEach(m -> m.forEach((k, v) -> byProcess.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
        Map<String, Spread> out = new LinkedHashMap<>();
        byProcess.forEach((k, v) -> out.put(k, Spread.of(v)));
        return out;
    }

    Map<String, Spread> cpuHalf() {
        return cpu(curve.stream().filter(s -> s.percent() == HALF).map(PipelineLoadBench.Step::cpuPerThousand).toList());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "`make bench` on %s, %d cores, %,d records per repetition, %d repetitions,"
                + " %.0f s in all. Each figure: median (min-max, n).%n%n", date, cores, records, reps, totalSeconds));
        md.append("| step | measured | ratio | target |\n|---|---|---|---|\n");
        row(md, "(a) Kafka ProducerPerformance (acks=all, idempotent, lz4, ~1.1 KB JSON)", a().text("%,.0f") + " msgs/s", "", "");
        row(md, "(b) raw Cassandra writes (async prepared inserts, 256 in flight)", b().text("%,.0f") + " rows/s", "", "");
        row(md, "(c) ingest service publishing from the synthetic source (Spark job paused)", c().text("%,.0f") + " msgs/s",
                ratio(c(), a(), "(c)/(a)"), target(c().median() / a().median() >= TARGET_RATIO, ">= 0.8"));
        row(md, "(d) Spark job draining (c)'s records into Cassandra, warm, from resume to last row", d().text("%,.0f") + " rows/s",
                ratio(d(), b(), "(d)/(b)"), target(d().median() / b().median() >= TARGET_RATIO, ">= 0.8"));
        row(md, "(e) whole pipeline, rows/s of the curve's steps offering >= 100 % of (b)", e().text("%,.0f") + " rows/s",
                ratio(e(), b(), "(e)/(b)"), target(e().median() / b().median() >= TARGET_RATIO, ">= 0.8"));
        Spread p50 = half(s -> s.latency().p50Millis());
        Spread p99 = half(s -> s.latency().p99Millis());
        row(md, String.format(Locale.ROOT, "(e) event-to-row latency at half the ceiling, from lag 0 (%s rows/s; markers per step: %s)",
                        half(PipelineLoadBench.Step::rowsPerSecond).text("%,.0f"), half(s -> s.latency().count()).text("%.0f")),
                "p50 " + p50.text("%,.0f") + " ms, p99 " + p99.text("%,.0f") + " ms", "",
                target(p50.median() <= TARGET_P50_MILLIS && p99.median() <= TARGET_P99_MILLIS, "p50 <= 400 ms, p99 <= 1 s"));
        row(md, "RSS of the whole stack (Kafka, Cassandra, ingest, Spark) during the curve", rss().text("%.2f") + " GB", "",
                target(rss().max() <= TARGET_RSS_GB, "<= 2.0 GB"));
        row(md, "first row in Cassandra after the pipeline starts (build excluded; pipeline up, job warm: "
                        + String.format(Locale.ROOT, "%.1f s)", pipelineUpSeconds),
                String.format(Locale.ROOT, "%.1f s", firstRowSeconds), "", target(firstRowSeconds <= TARGET_FIRST_ROW_SECONDS, "<= 20 s"));
        md.append("\nCPU seconds per 1,000 records, per process (median, min-max over repetitions):\n\n");
        md.append("| phase | kafka | cassandra | ingest | spark |\n|---|---|---|---|---|\n");
        cpuRow(md, "(a) ProducerPerformance (broker only; the tool's own JVM not counted)", cpu(cpuA));
        cpuRow(md, "(b) raw Cassandra inserts (the client is the bench JVM, not counted)", cpu(cpuB));
        cpuRow(md, "(c) ingest publishing", cpu(cpuC));
        cpuRow(md, "(d) Spark draining", cpu(cpuD));
        cpuRow(md, "(e) whole pipeline at half the ceiling (per row written)", cpuHalf());
        return md.toString();
    }

    String json() {
        StringBuilder j = new StringBuilder("{\n");
        field(j, "date", "\"" + date + "\"");
        field(j, "cores", String.valueOf(cores));
        field(j, "recordsPerRepetition", String.valueOf(records));
        field(j, "repetitions", String.valueOf(reps));
        field(j, "producerPerformanceMsgsPerSecond", a().json());
        field(j, "cassandraCeilingRowsPerSecond", b().json());
        field(j, "ingestPublishMsgsPerSecond", c().json());
        field(j, "sparkDrainRowsPerSecond", d().json());
        field(j, "pipelineSaturatedRowsPerSecond", e().json());
        field(j, "ingestToProducerPerformanceRatio", Spread.num(c().median() / a().median()));
        field(j, "sparkToCassandraRatio", Spread.num(d().median() / b().median()));
        field(j, "pipelineToCassandraRatio", Spread.num(e().median() / b().median()));
        field(j, "halfLoadLatencyP50Millis", half(s -> s.latency().p50Millis()).json());
        field(j, "halfLoadLatencyP99Millis", half(s -> s.latency().p99Millis()).json());
        field(j, "halfLoadRowsPerSecond", half(PipelineLoadBench.Step::rowsPerSecond).json());
        field(j, "stackRssGigabytes", rss().json());
        field(j, "cpuSecondsPerThousand", "{\"a\": " + cpuJson(cpu(cpuA)) + ", \"b\": " + cpuJson(cpu(cpuB)) + ", \"c\": "
                + cpuJson(cpu(cpuC)) + ", \"d\": " + cpuJson(cpu(cpuD)) + ", \"eHalf\": " + cpuJson(cpuHalf()) + "}");
        field(j, "pipelineUpSeconds", Spread.num(pipelineUpSeconds));
        field(j, "firstRowSeconds", Spread.num(firstRowSeconds));
        field(j, "curve", CurveOutput.json(curve).strip());
        j.append("  \"totalSeconds\": ").append(Spread.num(totalSeconds)).append("\n}\n");
        return j.toString();
    }

    private static void cpuRow(StringBuilder md, String phase, Map<String, Spread> cpu) {
        md.append("| ").append(phase);
        for (String p : List.of("kafka", "cassandra", "ingest", "spark")) {
            Spread s = cpu.get(p);
            md.append(" | ").append(s == null ? "" : s.text("%.3f"));
        }
        md.append(" |\n");
    }

    private static String cpuJson(Map<String, Spread> cpu) {
        StringBuilder j = new StringBuilder("{");
        cpu.forEach((k, v) -> j.append(j.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v.json()));
        return j.append('}').toString();
    }

    private static void row(StringBuilder md, String step, String measured, String ratio, String target) {
        md.append("| ").append(step).append(" | ").append(measured).append(" | ").append(ratio).append(" | ").append(target).append(" |\n");
    }

    private static String ratio(Spread a, Spread b, String label) {
        return String.format(Locale.ROOT, "%s = %.3f", label, a.median() / b.median());
    }

    private static String target(boolean ok, String text) {
        return text + (ok ? " (met)" : " (missed)");
    }

    private static void field(StringBuilder j, String name, String value) {
        j.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }
}
