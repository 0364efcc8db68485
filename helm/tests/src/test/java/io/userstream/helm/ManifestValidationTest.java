package io.userstream.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rendered document is valid for the API that will receive it, with unknown fields rejected. */
class ManifestValidationTest {

    /** Kinds the chart renders; anything else is a template mistake or needs a validator here. */
    private static final Set<String> CUSTOM_KINDS = Set.of(
            "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "K8ssandraCluster", "SparkApplication",
            "ScheduledSparkApplication", "ServiceMonitor", "PodMonitor", "PrometheusRule");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void coreKindsAreValidAgainstTheKubernetesModels(String profile, Manifests manifests) {
        List<String> errors = new ArrayList<>();
        manifests.where(CoreValidator::handles)
                .forEach(r -> CoreValidator.validate(r).ifPresent(e -> errors.add(r + ": " + e)));
        assertThat(errors).isEmpty();
        assertThat(manifests.where(CoreValidator::handles)).extracting(Manifests.Resource::kind)
                .contains("Deployment", "Service", "ConfigMap", "ServiceAccount", "Role", "RoleBinding",
                        "PersistentVolumeClaim", "PodDisruptionBudget");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void customResourcesAreValidAgainstTheirCrds(String profile, Manifests manifests) {
        CrdValidator crds = CrdValidator.load();
        List<String> errors = new ArrayList<>();
        for (Manifests.Resource resource : manifests.where(r -> CUSTOM_KINDS.contains(r.kind()))) {
            crds.validate(resource).forEach(e -> errors.add(resource + ": " + e));
            CoreValidator.validateMetadata(resource).ifPresent(e -> errors.add(resource + " metadata: " + e));
        }
        assertThat(errors).isEmpty();
        assertThat(manifests.resources()).extracting(Manifests.Resource::kind)
                .contains("Kafka", "KafkaNodePool", "KafkaTopic", "K8ssandraCluster", "SparkApplication");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyDocumentHasAKnownValidator(String profile, Manifests manifests) {
        CrdValidator crds = CrdValidator.load();
        // cert-manager's Issuer/Certificate: no CRD in .crds/ yet (hack/crds.sha1); CassandraTlsTest checks their fields
        assertThat(manifests.where(r -> !CoreValidator.handles(r) && !crds.knows(r) && !CassandraTlsTest.isCertManager(r)))
                .as("documents neither a Kubernetes model nor a CRD in .crds/ can validate")
                .isEmpty();
    }

    /**
     * Beside the CRD schema (customResourcesAreValidAgainstTheirCrds): the fields the Prometheus
     * Operator needs and nothing else at the top.
     */
    @Test
    void serviceMonitorHasTheShapeThePrometheusOperatorExpects() {
        Manifests.Resource monitor = Renderings.get("production").single("ServiceMonitor");
        assertThat(monitor.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.body()).containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
        assertThat(monitor.spec()).containsOnlyKeys("selector", "endpoints");
        assertThat(Yamls.map(monitor.spec(), "selector", "matchLabels")).isNotEmpty();
        assertThat(Yamls.maps(monitor.spec(), "endpoints")).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsOnlyKeys("port", "path", "interval", "relabelings");
            assertThat(endpoint.get("path")).isEqualTo("/q/metrics");
        });
        assertThat(CoreValidator.validateMetadata(monitor)).isEmpty();
    }

    /** The Kafka PodMonitor, the same way (the Spark driver's is MonitoringTest's). */
    @Test
    void podMonitorHasTheShapeThePrometheusOperatorExpects() {
        Manifests.Resource monitor = Renderings.get("production").get("PodMonitor", "userstream-kafka");
        assertThat(monitor.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.body()).containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
        assertThat(monitor.spec()).containsOnlyKeys("selector", "podMetricsEndpoints");
        assertThat(Yamls.map(monitor.spec(), "selector", "matchLabels")).isNotEmpty();
        assertThat(Yamls.maps(monitor.spec(), "podMetricsEndpoints")).singleElement()
                .satisfies(endpoint -> assertThat(endpoint).containsOnlyKeys("port", "path", "interval"));
        assertThat(CoreValidator.validateMetadata(monitor)).isEmpty();
    }

    @Test
    void theValidatorsRejectUnknownFields() {
        Manifests.Resource deployment = Workloads.ingestDeployment(Renderings.get("default"));
        Manifests.Resource kafka = Renderings.get("default").single("Kafka");
        Manifests.Resource badDeployment = withSpecField(deployment, "replicaz", 2);
        Manifests.Resource badKafka = withSpecField(kafka, "zookeeper", java.util.Map.of("replicas", 3));
        assertThat(CoreValidator.validate(badDeployment)).hasValueSatisfying(e -> assertThat(e).contains("replicaz"));
        assertThat(CrdValidator.load().validate(badKafka)).isNotEmpty();

        // Deep in the tree too: a typo in the driver block of the SparkApplication.
        Manifests.Resource app = Renderings.get("default").single("SparkApplication");
        var driver = new java.util.LinkedHashMap<>(Yamls.map(app.spec(), "driver"));
        driver.put("memroy", "1g");
        assertThat(CrdValidator.load().validate(withSpecField(app, "driver", driver)))
                .anySatisfy(e -> assertThat(e).contains("memroy"));
    }

    private static Manifests.Resource withSpecField(Manifests.Resource resource, String field, Object value) {
        var body = new java.util.LinkedHashMap<>(resource.body());
        var spec = new java.util.LinkedHashMap<>(resource.spec());
        spec.put(field, value);
        body.put("spec", spec);
        return new Manifests.Resource(body);
    }
}
