package io.userstream.pipeline;

import io.userstream.localstack.Ports;

/**
 * Where the pipeline's own services answer on 127.0.0.1, chosen once per run before they start: the
 * preferred ports of {@link PipelineSettings} when free, else any free ones.
 */
public record ServiceAddresses(int ingestPort, int sparkUiPort) {

    /**
     * The Spark job's Prometheus servlet on its UI port: spark-app's {@code spark-metrics.properties}
     * is the owner ({@code SparkMetricsPathTest} fails when this drifts from it). With the trailing
     * slash: the servlet answers the bare path with a redirect.
     */
    static final String SPARK_METRICS_PATH = "/metrics/prometheus/";

    static ServiceAddresses pick(PipelineSettings settings) {
        int ingest = Ports.preferredOrFree(settings.ingestHttpPort(), -1);
        return new ServiceAddresses(ingest, Ports.preferredOrFree(settings.sparkUiPort(), ingest));
    }

    public String ingestUrl() {
        return "http://" + Ports.LOOPBACK + ":" + ingestPort;
    }

    public String sparkUiUrl() {
        return "http://" + Ports.LOOPBACK + ":" + sparkUiPort;
    }

    public String sparkMetricsUrl() {
        return sparkUiUrl() + SPARK_METRICS_PATH;
    }
}
