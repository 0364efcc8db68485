package io.userstream.pipeline.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies, nearest-rank. */
public record Latencies(int count, double p50Millis, double p99Millis, double maxMillis) {

    public static Latencies of(long[] micros) {
        if (micros.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 0.50) / 1000.0, rank(sorted, 0.99) / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
