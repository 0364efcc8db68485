package io.userstream.pipeline;

import io.userstream.contract.env.EnvVar;
import io.userstream.localstack.Ports;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the one-machine pipeline launches the ingest service: Quarkus' fast jar in JVM mode, sized for a laptop. */
final class IngestLaunch {

    static final String MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private IngestLaunch() {
    }

    /** Ready when its readiness check (Kafka, Cassandra, source) passes. */
    static ServiceSpec spec(PipelineSettings settings, RepoLayout repo, Map<String, String> endpoints,
                            ServiceAddresses addresses, Path apiUsersFile) {
        Map<String, String> env = new LinkedHashMap<>(endpoints);
        env.put(EnvVar.USERSTREAM_SOURCE.name(), settings.source());
        env.put(EnvVar.USERSTREAM_SCHEDULE_ENABLED.name(), String.valueOf(settings.scheduled()));
        // The first tick as soon as the service is up: the first row is what `make run` users wait for.
        env.put(EnvVar.USERSTREAM_SCHEDULE_INITIAL_DELAY.name(), "1s");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(addresses.ingestPort()));
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.put(EnvVar.USERSTREAM_DASHBOARD_SPARK_METRICS_URL.name(), addresses.sparkMetricsUrl()); // the dashboard's job panel
        env.put(EnvVar.USERSTREAM_API_USERS.fileVariable(), apiUsersFile.toString()); // IngestCredentials wrote it
        env.putAll(settings.ingestEnv());
        return new ServiceSpec("ingest service", "ingest-service", repo.ingestRunJar().toString(),
                List.of("-Xms64m", "-Xmx160m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                MAIN, env, settings.logs().resolve("ingest-service.log"),
                () -> Http.ok(addresses.ingestUrl() + "/q/health/ready"), 30);
    }
}
