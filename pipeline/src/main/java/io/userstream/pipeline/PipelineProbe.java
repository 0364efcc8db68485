package io.userstream.pipeline;

import io.userstream.contract.CassandraSchema;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.probe.CqlClient;

import java.io.IOException;
import java.util.Map;

/**
 * What the pipeline reports from outside: the services' Prometheus metrics and the rows in
 * Cassandra. Read by `make run`'s progress line, the benchmark and the tests; every read answers
 * "unknown" (empty, -1) rather than failing while a part is down.
 */
public final class PipelineProbe {

    /** Rows in created_users and rejected_users; -1 while a table cannot be counted (not there yet, Cassandra down). */
    public record RowCounts(long users, long rejected) {
        static final RowCounts UNKNOWN = new RowCounts(-1, -1);
    }

    private final ServiceAddresses addresses;
    private final LocalStack stack;

    PipelineProbe(ServiceAddresses addresses, LocalStack stack) {
        this.addresses = addresses;
        this.stack = stack;
    }

    /** The ingest service's Prometheus metrics, summed over labels (empty when it does not answer). */
    public Map<String, Double> ingestMetrics() {
        return scrape(addresses.ingestUrl() + "/q/metrics");
    }

    /** The Spark driver's Prometheus metrics (empty when it does not answer). */
    public Map<String, Double> sparkMetrics() {
        return scrape(addresses.sparkMetricsUrl());
    }

    /**
     * One of the job's own metrics (source {@code userstream}: rowsWritten, rowsRejected, lag.total...)
     * by the name's Prometheus form, whatever prefix Spark's servlet gives it; -1 when absent.
     */
    public double sparkMetric(String name) {
        return metric(sparkMetrics(), name);
    }

    /**
     * A metric of the job's {@code userstream} source in scraped metrics, by name; -1 when absent.
     * Matched as {@code driver_userstream_<name>_} (Prometheus: {@code metrics_<namespace>_driver_<source>_<name>_<type>}):
     * the metrics namespace is also {@code userstream}, so a looser match would find Spark's own metrics.
     */
    public static double metric(Map<String, Double> sparkMetrics, String name) {
        String key = "driver_userstream_" + name + "_";
        return sparkMetrics.entrySet().stream()
                .filter(e -> e.getKey().contains(key))
                .mapToDouble(Map.Entry::getValue).findFirst().orElse(-1);
    }

    /** Row counts, read as local-stack's admin in secure mode (login and TLS), anonymously otherwise. */
    public RowCounts rowCounts() {
        try (CqlClient cql = stack.cassandra().adminClient()) {
            return new RowCounts(count(cql, CassandraSchema.USERS_TABLE), count(cql, CassandraSchema.REJECTED_TABLE));
        } catch (IOException | IllegalStateException e) {
            return RowCounts.UNKNOWN;
        }
    }

    private static long count(CqlClient cql, String table) {
        try {
            return (Long) cql.query("SELECT COUNT(*) FROM " + CassandraSchema.KEYSPACE + "." + table).get(0).get(0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Double> scrape(String url) {
        try {
            var response = Http.get(url);
            return response.statusCode() == 200 ? Http.prometheus(response.body()) : Map.of();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
