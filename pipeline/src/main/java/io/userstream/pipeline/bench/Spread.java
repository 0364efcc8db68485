package io.userstream.pipeline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One figure of the benchmark: the median of its repetitions, with their minimum and maximum.
 * Throughput on two shared cores swings from run to run; a single value would mislead.
 */
record Spread(double median, double min, double max, int n) {

    static Spread of(List<Double> values) {
        double[] v = values.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** "5,311 (4,900-5,600, n=3)" with {@code format} applied to each number. */
    String text(String format) {
        if (n == 0) {
            return "n/a";
        }
        if (n == 1) {
            return String.format(Locale.ROOT, format, median);
        }
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ", n=%d)", median, min, max, n);
    }

    String json() {
        return String.format(Locale.ROOT, "{\"median\": %s, \"min\": %s, \"max\": %s, \"n\": %d}",
                num(median), num(min), num(max), n);
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }
}
