package io.userstream.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time a process has used (user + system, all its threads), from {@code /proc/<pid>/stat}
 * (Linux; fields 14 and 15, in clock ticks of 1/100 s). What a stage costs on any machine, unlike
 * a rate on two shared cores: the benchmark divides the CPU seconds of a window by the records of
 * that window.
 */
final class ProcessCpu {

    /** USER_HZ: 100 on every Linux architecture the JDK runs on ({@code getconf CLK_TCK}). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds used so far by {@code pid}; NaN when it cannot be read (not Linux, process gone). */
    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of several named processes at one moment. */
    static Map<String, Double> snapshot(Map<String, Long> pids) {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, seconds(pid)));
        return out;
    }

    /** CPU seconds per 1,000 records of each process between two snapshots. */
    static Map<String, Double> perThousand(Map<String, Double> before, Map<String, Double> after, double records) {
        Map<String, Double> out = new LinkedHashMap<>();
        before.forEach((name, b) -> out.put(name, records > 0 ? (after.getOrDefault(name, Double.NaN) - b) * 1000 / records : Double.NaN));
        return out;
    }
}
