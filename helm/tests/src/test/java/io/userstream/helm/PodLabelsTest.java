package io.userstream.helm;

import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pods carry the selector, component and user labels only: nothing that changes with the chart or
 * app version, so upgrading the chart alone does not roll every pod. Operators copy the labels of
 * Kafka, KafkaNodePool, K8ssandraCluster and SparkApplication onto their pods, so those count too.
 */
class PodLabelsTest {

    private static final String[] VERSIONED = {"helm.sh/chart", "app.kubernetes.io/version", "app.kubernetes.io/managed-by"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void podLabelsCarryNoVersion(String name, Manifests manifests) {
        Map<String, Map<String, String>> pods = podLabels(manifests);
        assertThat(pods).isNotEmpty();
        pods.forEach((pod, labels) -> {
            assertThat(labels).as(pod).doesNotContainKeys(VERSIONED)
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component");
            assertThat(labels).as(pod + ": Spark reserves spark-role").doesNotContainKey("spark-role");
        });
        // Other resources keep the full set.
        assertThat(Workloads.ingestDeployment(manifests).labels()).containsKeys(VERSIONED);
    }

    @Test
    void podLabelsValuesReachTheirPods() {
        Manifests manifests = Chart.render(Profile.KIND, Map.of(
                "ingest.podLabels.team", "data", "spark.podLabels.team", "data", "kafkaUi.podLabels.team", "data",
                "kafkaUi.enabled", "true"));
        Map<String, Map<String, String>> pods = podLabels(manifests);
        assertThat(pods).hasEntrySatisfying("Deployment/" + Workloads.ingestDeployment(manifests).name(),
                l -> assertThat(l).containsEntry("team", "data"));
        assertThat(pods.entrySet()).filteredOn(e -> e.getKey().contains("SparkApplication")).hasSize(3)
                .allSatisfy(e -> assertThat(e.getValue()).containsEntry("team", "data"));
        assertThat(pods.entrySet()).filteredOn(e -> e.getKey().contains("kafka-ui")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).containsEntry("team", "data"));
    }

    @Test
    void ingestServiceAccountCanBeNamedOrLeftToTheCluster() {
        Manifests named = Chart.render(Profile.KIND, Map.of("ingest.serviceAccount.name", "ingest-sa"));
        assertThat(Yamls.string(Workloads.ingestDeployment(named).body(), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo("ingest-sa");
        assertThat(named.find("ServiceAccount", "ingest-sa")).isPresent();
        Manifests external = Chart.render(Profile.KIND, Map.of("ingest.serviceAccount.create", "false"));
        assertThat(Yamls.string(Workloads.ingestDeployment(external).body(), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo("default");
        assertThat(external.ofKind("ServiceAccount")).noneMatch(sa -> sa.name().endsWith("-ingest"));
    }

    /** Labels every pod of the chart will carry, by the resource that gives them. */
    static Map<String, Map<String, String>> podLabels(Manifests manifests) {
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        for (Manifests.Resource r : manifests.resources()) {
            switch (r.kind()) {
                case "Deployment" -> pods.put(r + "", Yamls.stringMap(Yamls.at(r.body(), "spec", "template", "metadata", "labels")));
                case "Pod", "Kafka", "KafkaNodePool", "K8ssandraCluster" -> pods.put(r + "", r.labels());
                case "SparkApplication" -> {
                    pods.put(r + "", r.labels());
                    pods.put(r + " driver", Yamls.stringMap(Yamls.at(r.spec(), "driver", "labels")));
                    pods.put(r + " executor", Yamls.stringMap(Yamls.at(r.spec(), "executor", "labels")));
                }
                default -> { }
            }
        }
        return pods;
    }
}
