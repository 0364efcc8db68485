package io.userstream.helm;

import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RELEASE and NAMESPACE overrides work end to end: the names hack/lib.sh computes for a release
 * (the scripts wait on, forward to and read from them) are the names the chart renders for it, and
 * nothing rendered points at the default namespace.
 */
class OtherNamesTest {

    @ParameterizedTest(name = "release {0} in {1}")
    @CsvSource({"other,elsewhere", "userstream-two,userstream-two", "userstream,userstream"})
    void scriptsFindWhatTheChartRendersForAnyReleaseAndNamespace(String release, String namespace) throws Exception {
        Manifests manifests = Chart.render(Profile.KIND, command -> command.withName(release).withNamespace(namespace)
                .set("kafkaUi.enabled", "true"));
        Map<String, String> names = scriptNames(release, namespace);

        assertThat(manifests.find("Kafka", names.get("kafka_name"))).as("Kafka " + names).isPresent();
        assertThat(manifests.find("K8ssandraCluster", names.get("cassandra_name"))).as("K8ssandraCluster").isPresent();
        assertThat(manifests.find("Deployment", names.get("ingest_name"))).as("ingest Deployment").isPresent();
        assertThat(manifests.find("Service", names.get("ingest_name"))).as("ingest Service").isPresent();
        assertThat(manifests.find("SparkApplication", names.get("spark_app_name"))).as("SparkApplication").isPresent();
        assertThat(manifests.find("Service", names.get("kafka_ui_name"))).as("Kafka UI Service").isPresent();
        assertThat(manifests.find("Pod", names.get("fullname") + "-test-pipeline")).as("helm test pod").isPresent();

        // Every namespaced reference is the release's namespace; no default one is baked in.
        for (Manifests.Resource r : manifests.resources()) {
            String ns = Yamls.string(r.body(), "metadata", "namespace");
            assertThat(ns == null || ns.equals(namespace)).as(r + " namespace " + ns).isTrue();
        }
        if (!namespace.equals(Chart.NAMESPACE)) {
            assertThat(Workloads.ingestEnv(manifests).values()).noneMatch(v -> v.contains("." + Chart.NAMESPACE + "."));
        }
        // Two releases in one namespace do not share the node pool.
        assertThat(manifests.single("KafkaNodePool").name()).startsWith(names.get("kafka_name") + "-");
    }

    /** The names hack/lib.sh's functions give for RELEASE. */
    private static Map<String, String> scriptNames(String release, String namespace) throws IOException, InterruptedException {
        List<String> functions = List.of("fullname", "kafka_name", "cassandra_name", "ingest_name", "spark_app_name", "kafka_ui_name");
        StringBuilder script = new StringBuilder("source hack/lib.sh");
        functions.forEach(f -> script.append("; echo \"").append(f).append("=$(").append(f).append(")\""));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(Chart.ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().put("RELEASE", release);
        pb.environment().put("NAMESPACE", namespace);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        Map<String, String> names = new LinkedHashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> names.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(names).containsOnlyKeys(functions);
        return names;
    }
}
