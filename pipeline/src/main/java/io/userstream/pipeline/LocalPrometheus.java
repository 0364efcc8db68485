package io.userstream.pipeline;

import io.userstream.localstack.Ports;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus (the {@code prometheus} binary, e.g. Debian's package) on 127.0.0.1 that scrapes
 * the local ingest service and Spark driver as the chart's monitors scrape them on Kubernetes: the
 * same paths ({@code /q/metrics}, {@code /metrics/prometheus/}), the same job labels, the Spark
 * driver's metric relabelling read from the chart's own file, and the chart's alert rules loaded.
 * `make run MONITORING=1` and the dashboard test (MonitoringIT) start it. Data under its directory;
 * stopped with SIGTERM on {@link #close()} (and by a shutdown hook if the JVM ends first).
 */
public final class LocalPrometheus implements AutoCloseable {

    /** What to do when no binary is found. */
    public static final String INSTALL_HINT = "install Prometheus: `sudo apt-get install prometheus` (Debian/Ubuntu; "
            + "the service it enables may be stopped: `sudo systemctl disable --now prometheus`), or put the "
            + "binary of https://prometheus.io/download/ on PATH, or set PROMETHEUS_BIN";
    /** The job labels the chart's ServiceMonitor and PodMonitor set (the alerts select on them). */
    public static final String INGEST_JOB = "userstream-ingest";
    public static final String SPARK_JOB = "userstream-spark";
    /** The namespace label the local targets get (on Kubernetes: the pods' namespace). */
    public static final String NAMESPACE = "local";
    static final String RELABELINGS = "helm/userstream/files/monitoring/spark-metric-relabelings.yaml";
    static final String RULES = "helm/userstream/files/monitoring/prometheus-rules.yaml";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread stopHook;

    private LocalPrometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopHook = new Thread(this::stop, "local-prometheus-stop");
        Runtime.getRuntime().addShutdownHook(stopHook);
    }

    /** The binary: PROMETHEUS_BIN when set, else {@code prometheus} on PATH (Debian: /usr/bin/prometheus). */
    public static Optional<Path> binary() {
        String override = System.getenv("PROMETHEUS_BIN");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts Prometheus with its data and log in {@code dir}, scraping the two URLs every
     * {@code interval}; returns once it answers {@code /-/ready}.
     */
    public static LocalPrometheus start(Path binary, RepoLayout repo, Path dir, String ingestUrl, String sparkUrl,
                                        Duration interval) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, config(repo, hostPort(ingestUrl), hostPort(sparkUrl), interval));
            int port = Ports.pickFree(1)[0];
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=" + Ports.LOOPBACK + ":" + port,
                    "--storage.tsdb.retention.time=1d")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalPrometheus prometheus = new LocalPrometheus(process, port, log);
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    prometheus.close();
                    throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + prometheus.logTail());
                }
                if (Http.ok(prometheus.url() + "/-/ready")) {
                    return prometheus;
                }
                sleep(250);
            }
            prometheus.close();
            throw new IllegalStateException("Prometheus not ready after " + READY_TIMEOUT.toSeconds() + " s:\n" + prometheus.logTail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The configuration: the ServiceMonitor's and PodMonitor's scrapes with static targets. The
     * PodMonitor's metricRelabelings file is the chart's, its camelCase keys turned into
     * Prometheus' snake_case ones (sourceLabels -> source_labels); the rules file is the chart's.
     */
    static String config(RepoLayout repo, String ingest, String spark, Duration interval) throws IOException {
        String relabelings = Files.readString(repo.root().resolve(RELABELINGS));
        StringBuilder relabel = new StringBuilder();
        Pattern key = Pattern.compile("^(\\s*(?:- )?)([a-z]+(?:[A-Z][a-z]*)+):");
        for (String line : relabelings.lines().toList()) {
            Matcher m = key.matcher(line);
            String converted = m.find()
                    ? m.group(1) + m.group(2).replaceAll("([A-Z])", "_$1").toLowerCase() + ":" + line.substring(m.end())
                    : line;
            relabel.append("      ").append(converted).append('\n');
        }
        String every = interval.toSeconds() + "s";
        return """
                # Written by io.userstream.pipeline.LocalPrometheus: the chart's scrapes, for one machine.
                global:
                  scrape_interval: %1$s
                  evaluation_interval: %1$s
                rule_files:
                  - %2$s
                scrape_configs:
                  # helm/userstream/templates/ingest/servicemonitor.yaml
                  - job_name: %3$s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['%4$s']
                        labels: {namespace: %7$s, pod: ingest-service, container: ingest}
                  # helm/userstream/templates/monitoring/spark-podmonitor.yaml
                  - job_name: %5$s
                    metrics_path: %8$s
                    static_configs:
                      - targets: ['%6$s']
                        labels: {namespace: %7$s, pod: spark-driver, container: spark-kubernetes-driver}
                    metric_relabel_configs:
                """.formatted(every, repo.root().resolve(RULES), INGEST_JOB, ingest, SPARK_JOB, spark, NAMESPACE,
                ServiceAddresses.SPARK_METRICS_PATH)
                + relabel;
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public Path logFile() {
        return log;
    }

    private static String hostPort(String url) {
        return url.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs (or ran) anyway.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
