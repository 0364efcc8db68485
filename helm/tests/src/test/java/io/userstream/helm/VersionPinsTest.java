package io.userstream.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per version: k8s/operators/versions.env for the Kubernetes side, the root pom for Spark
 * and Scala. Where a copy must exist (a Dockerfile with its checksums, kind's config, prose), it
 * must agree with its owner.
 */
class VersionPinsTest {

    private static final Map<String, String> PINS = pins();

    @Test
    void everyOperatorVersionWrittenInTheDocsIsThePinnedOne() throws IOException {
        Map<String, String> pinOf = Map.of(
                "cert-manager", PINS.get("CERT_MANAGER_VERSION").replaceFirst("^v", ""),
                "strimzi", PINS.get("STRIMZI_VERSION"),
                "strimzi-kafka-operator", PINS.get("STRIMZI_VERSION"),
                "spark-operator", PINS.get("SPARK_OPERATOR_VERSION"),
                "k8ssandra-operator", PINS.get("K8SSANDRA_OPERATOR_VERSION"));
        Pattern mention = Pattern.compile("(?i)\\b(cert-manager|strimzi-kafka-operator|strimzi|spark-operator|k8ssandra-operator)"
                + "(?:`| chart `[a-z-]+`)? v?([0-9]+\\.[0-9]+\\.[0-9]+)\\b");
        int seen = 0;
        for (String file : List.of("README.md", "k8s/README.md", "helm/userstream/README.md", "helm/userstream/Chart.yaml",
                "k8s/operators/cert-manager.values.yaml", "k8s/operators/strimzi.values.yaml",
                "k8s/operators/spark-operator.values.yaml", "k8s/operators/k8ssandra-operator.values.yaml")) {
            Matcher m = mention.matcher(Files.readString(Chart.ROOT.resolve(file)));
            while (m.find()) {
                seen++;
                assertThat(m.group(2)).as(file + ": " + m.group()).isEqualTo(pinOf.get(m.group(1).toLowerCase()));
            }
        }
        assertThat(seen).as("version mentions checked").isGreaterThanOrEqualTo(8);
    }

    @Test
    void kindNodesRunThePinnedImageAndTheWorkflowReadsThePins() throws IOException {
        Object kind = Manifests.yaml(1024 * 1024).load(Files.readString(Chart.ROOT.resolve("kind-config.yaml")));
        assertThat(PINS.get("KIND_NODE_IMAGE")).matches("kindest/node:v[0-9.]+@sha256:[0-9a-f]{64}");
        assertThat(Yamls.maps(kind, "nodes")).allSatisfy(node ->
                assertThat(node.get("image")).isEqualTo(PINS.get("KIND_NODE_IMAGE")));
        // kubectl of the cluster's minor version.
        assertThat(PINS.get("KUBECTL_VERSION")).startsWith(PINS.get("KIND_NODE_IMAGE").replaceAll(".*:(v[0-9]+\\.[0-9]+)\\..*", "$1."));
        String workflow = Files.readString(Chart.ROOT.resolve(".github/workflows/e2e-kind.yml"));
        assertThat(workflow).contains("k8s/operators/versions.env")
                .contains("${{ env.KIND_VERSION }}").contains("${{ env.KUBECTL_VERSION }}").contains("${{ env.HELM_VERSION }}");
        assertThat(workflow).as("no literal kind/helm versions in the workflow")
                .doesNotContainPattern("(?m)^\\s*(version|kubectl_version): v[0-9]");
        assertThat(Files.readString(Chart.ROOT.resolve("Makefile"))).contains("include k8s/operators/versions.env");
        assertThat(Files.readString(Chart.ROOT.resolve("hack/crds.sh"))).contains("k8s/operators/versions.env")
                .doesNotContainPattern("(?m)^[A-Z_]+_VERSION=");
    }

    @Test
    void sparkImageCarriesTheSparkAndScalaTheJobIsBuiltWith() throws IOException {
        String dockerfile = Files.readString(Chart.ROOT.resolve("spark-app/Dockerfile"));
        String spark = Chart.sparkVersion();
        String scala = Chart.scalaVersion();
        assertThat(dockerfile).contains("apache/spark:" + spark + "-")
                .contains("/spark-" + spark + "/spark-" + spark + "-bin-hadoop3-scala" + scala.replaceAll("\\.[0-9]+$", "") + ".tgz")
                .contains("SCALA_VERSION=" + scala);
        assertThat(Renderings.get("default").single("SparkApplication").spec()).containsEntry("sparkVersion", spark);
    }

    private static Map<String, String> pins() {
        Map<String, String> pins = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Chart.ROOT.resolve("k8s/operators/versions.env"))) {
                if (line.matches("[A-Z0-9_]+=.*")) {
                    String[] pair = line.split("=", 2);
                    pins.put(pair[0], pair[1]);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pins;
    }
}
