package io.userstream.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * `make run MONITORING=1`: a {@link LocalPrometheus} beside the running pipeline, its URL printed,
 * stopped by a shutdown hook (Ctrl-C); when no binary is installed, says how to install one and
 * lets the pipeline run on.
 */
final class LocalMonitoring {

    private LocalMonitoring() {
    }

    static void start(Pipeline pipeline, RepoLayout repo, Path dataDir) {
        Optional<Path> binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            System.out.println("userstream: MONITORING=1 but no prometheus binary found: " + LocalPrometheus.INSTALL_HINT);
            return;
        }
        try {
            LocalPrometheus prometheus = LocalPrometheus.start(binary.get(), repo, dataDir.resolve("prometheus"),
                    pipeline.ingestUrl(), pipeline.sparkUiUrl(), Duration.ofSeconds(5));
            System.out.printf("""
                    userstream: Prometheus %1$s (graph: %1$s/graph, alerts: %1$s/alerts, targets: %1$s/targets)
                      scraping the ingest service and the Spark driver as the chart's monitors do; log %2$s
                      Grafana: add %1$s as a Prometheus data source and import
                      helm/userstream/files/monitoring/dashboards/userstream-pipeline.json (README: "Monitoring")
                    """, prometheus.url(), prometheus.logFile());
        } catch (RuntimeException e) {
            System.out.println("userstream: Prometheus did not start (" + e.getMessage() + "); the pipeline runs on without it");
        }
    }
}
