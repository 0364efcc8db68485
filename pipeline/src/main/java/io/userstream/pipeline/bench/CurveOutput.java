package io.userstream.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency/throughput curve of {@link PipelineLoadBench} as JSON, a Markdown table and an SVG
 * chart (two panels over the offered load: rows/s written, and event-to-row latency p50/p99 on a
 * log scale; medians of repeated steps, each step's own values as dots).
 */
final class CurveOutput {

    private CurveOutput() {
    }

    static String markdown(List<PipelineLoadBench.Step> steps) {
        StringBuilder md = new StringBuilder("| offered (% of ceiling) | offered users/s | accepted users/s | rows/s written |"
                + " latency p50 | latency p99 | markers (missing) | wait for lag 0 before | CPU s / 1,000 rows (kafka, cassandra, ingest, spark) | RSS |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (PipelineLoadBench.Step s : steps) {
            Map<String, Double> c = s.cpuPerThousand();
            md.append(String.format(Locale.ROOT, "| %d %% | %,d | %,.0f | %,.0f | %,.0f ms | %,.0f ms | %d (%d) | %.1f s%s | %.3f, %.3f, %.3f, %.3f | %.2f GB |%n",
                    s.percent(), s.offeredPerSecond(), s.acceptedPerSecond(), s.rowsPerSecond(), s.latency().p50Millis(),
                    s.latency().p99Millis(), s.latency().count(), s.missingMarkers(), s.lagWaitSeconds(),
                    s.startedAtLagZero() ? "" : " (not reached)", c.get("kafka"), c.get("cassandra"), c.get("ingest"),
                    c.get("spark"), s.rssBytes() / 1e9));
        }
        return md.toString();
    }

    static String json(List<PipelineLoadBench.Step> steps) {
        StringBuilder j = new StringBuilder("[\n");
        for (int i = 0; i < steps.size(); i++) {
            PipelineLoadBench.Step s = steps.get(i);
            StringBuilder cpu = new StringBuilder("{");
            s.cpuPerThousand().forEach((k, v) -> cpu.append(cpu.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(Spread.num(v)));
            cpu.append('}');
            j.append(String.format(Locale.ROOT, "  {\"percent\": %d, \"offeredUsersPerSecond\": %d, \"acceptedUsersPerSecond\": %s,"
                            + " \"refusedTicks\": %d, \"rowsPerSecond\": %s, \"latencyP50Millis\": %s, \"latencyP99Millis\": %s,"
                            + " \"latencyMaxMillis\": %s, \"markers\": %d, \"missingMarkers\": %d, \"lagWaitSeconds\": %s,"
                            + " \"startedAtLagZero\": %b, \"cpuSecondsPerThousandRows\": %s, \"rssBytes\": %d}%s%n",
                    s.percent(), s.offeredPerSecond(), Spread.num(s.acceptedPerSecond()), s.refusedTicks(),
                    Spread.num(s.rowsPerSecond()), Spread.num(s.latency().p50Millis()), Spread.num(s.latency().p99Millis()),
                    Spread.num(s.latency().maxMillis()), s.latency().count(), s.missingMarkers(), Spread.num(s.lagWaitSeconds()),
                    s.startedAtLagZero(), cpu, s.rssBytes(), i + 1 < steps.size() ? "," : ""));
        }
        return j.append("]\n").toString();
    }

    private static final int W = 760;
    private static final int PANEL_H = 230;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP1 = 50;
    private static final int TOP2 = TOP1 + PANEL_H + 70;

    static String svg(List<PipelineLoadBench.Step> steps, String date) {
        Map<Integer, Spread> offered = PipelineLoadBench.perPercent(steps, PipelineLoadBench.Step::offeredPerSecond);
        Map<Integer, Spread> rows = PipelineLoadBench.perPercent(steps, PipelineLoadBench.Step::rowsPerSecond);
        Map<Integer, Spread> p50 = PipelineLoadBench.perPercent(steps, s -> s.latency().p50Millis());
        Map<Integer, Spread> p99 = PipelineLoadBench.perPercent(steps, s -> s.latency().p99Millis());
        double xMax = niceCeil(steps.stream().mapToDouble(s -> Math.max(s.offeredPerSecond(), s.rowsPerSecond())).max().orElse(1) * 1.05);
        double latMax = Math.max(1000, steps.stream().mapToDouble(s -> s.latency().p99Millis()).filter(Double::isFinite).max().orElse(1000));
        double logMin = 1; // 10 ms
        double logMax = Math.ceil(Math.log10(latMax));
        int h = TOP2 + PANEL_H + 60;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, h, W, h));
        svg.append(text(W / 2, 22, "userstream, make bench " + date + ": latency/throughput, one machine (2 cores)", "middle", 14));
        // panel 1: rows/s written vs offered
        axes(svg, TOP1, xMax, 0, niceCeil(xMax), false, "rows/s written");
        svg.append(line(LEFT, y(TOP1, 0, 0, niceCeil(xMax), false), LEFT + plotW(), y(TOP1, xMax, 0, niceCeil(xMax), false),
                "#999", "4 3")); // y = x: everything offered is written
        series(svg, offered, rows, TOP1, xMax, 0, niceCeil(xMax), false, "#1f77b4");
        for (PipelineLoadBench.Step s : steps) {
            dot(svg, x(s.offeredPerSecond(), xMax), y(TOP1, s.rowsPerSecond(), 0, niceCeil(xMax), false), "#1f77b4", 2);
        }
        svg.append(text(LEFT + 10, TOP1 + 14, "dashed: written = offered", "start", 11));
        // panel 2: latency p50/p99 (log)
        axes(svg, TOP2, xMax, logMin, logMax, true, "event-to-row latency (ms, log)");
        series(svg, offered, p50, TOP2, xMax, logMin, logMax, true, "#2ca02c");
        series(svg, offered, p99, TOP2, xMax, logMin, logMax, true, "#d62728");
        svg.append(line(LEFT, y(TOP2, 1000, logMin, logMax, true), LEFT + plotW(), y(TOP2, 1000, logMin, logMax, true), "#d62728", "2 4"));
        svg.append(line(LEFT, y(TOP2, 400, logMin, logMax, true), LEFT + plotW(), y(TOP2, 400, logMin, logMax, true), "#2ca02c", "2 4"));
        svg.append(text(LEFT + 10, TOP2 + 14, "green: p50 (target 400 ms), red: p99 (target 1 s), dotted: targets", "start", 11));
        svg.append(text(LEFT + plotW() / 2, h - 15, "offered load (users/s; steps are % of the raw Cassandra ceiling)", "middle", 12));
        return svg.append("</svg>\n").toString();
    }

    private static void series(StringBuilder svg, Map<Integer, Spread> xs, Map<Integer, Spread> ys, int top, double xMax,
                               double yMin, double yMax, boolean log, String color) {
        List<String> points = new ArrayList<>();
        for (Integer p : xs.keySet()) {
            double yv = ys.get(p).median();
            if (!Double.isFinite(yv)) {
                continue;
            }
            double px = x(xs.get(p).median(), xMax);
            double py = y(top, yv, yMin, yMax, log);
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
            dot(svg, px, py, color, 4);
            Spread s = ys.get(p);
            if (s.n() > 1) {
                svg.append(line(px, y(top, s.min(), yMin, yMax, log), px, y(top, s.max(), yMin, yMax, log), color, null));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                color, String.join(" ", points)));
    }

    private static void axes(StringBuilder svg, int top, double xMax, double yMin, double yMax, boolean log, String yLabel) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, top, plotW(), PANEL_H));
        for (int i = 0; i <= 5; i++) {
            double xv = xMax * i / 5;
            double px = x(xv, xMax);
            svg.append(line(px, top + PANEL_H, px, top + PANEL_H + 5, "#333", null));
            svg.append(text(px, top + PANEL_H + 18, String.format(Locale.ROOT, "%,.0f", xv), "middle", 11));
        }
        if (log) {
            for (double e = yMin; e <= yMax; e++) {
                double py = y(top, Math.pow(10, e), yMin, yMax, true);
                svg.append(line(LEFT, py, LEFT + plotW(), py, "#eee", null));
                svg.append(text(LEFT - 6, py + 4, String.format(Locale.ROOT, "%,.0f", Math.pow(10, e)), "end", 11));
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                double yv = yMin + (yMax - yMin) * i / 5;
                double py = y(top, yv, yMin, yMax, false);
                svg.append(line(LEFT, py, LEFT + plotW(), py, "#eee", null));
                svg.append(text(LEFT - 6, py + 4, String.format(Locale.ROOT, "%,.0f", yv), "end", 11));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">%s</text>%n",
                top + PANEL_H / 2, top + PANEL_H / 2, yLabel));
    }

    private static int plotW() {
        return W - LEFT - RIGHT;
    }

    private static double x(double v, double xMax) {
        return LEFT + plotW() * Math.max(0, Math.min(1, v / xMax));
    }

    private static double y(int top, double v, double yMin, double yMax, boolean log) {
        double f = log ? (Math.log10(Math.max(v, Math.pow(10, yMin))) - yMin) / (yMax - yMin) : (v - yMin) / (yMax - yMin);
        return top + PANEL_H * (1 - Math.max(0, Math.min(1, f)));
    }

    private static String line(double x1, double y1, double x2, double y2, String color, String dash) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
                x1, y1, x2, y2, color, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
    }

    private static void dot(StringBuilder svg, double px, double py, String color, int r) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"/>%n", px, py, r, color));
    }

    private static String text(double px, double py, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                px, py, anchor, size, s.replace("&", "&amp;").replace("<", "&lt;"));
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }
}
