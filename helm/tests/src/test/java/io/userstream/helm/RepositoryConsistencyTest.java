package io.userstream.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pieces around the chart agree with it and with each other: operator versions (script and
 * Argo CD), the namespace the operators watch, kind's port mappings, the scripts' shell settings.
 * No Argo CD or kind schema is available offline, so their files are checked for shape only.
 */
class RepositoryConsistencyTest {

    private static final Path K8S = Chart.ROOT.resolve("k8s");

    @Test
    void argoCdApplicationsPinTheOperatorVersionsOfTheScript() throws IOException {
        Map<String, String> versions = versions();
        Map<String, String> chartToVersion = Map.of(
                "cert-manager", versions.get("CERT_MANAGER_VERSION"),
                "strimzi-kafka-operator", versions.get("STRIMZI_VERSION"),
                "spark-operator", versions.get("SPARK_OPERATOR_VERSION"),
                "k8ssandra-operator", versions.get("K8SSANDRA_OPERATOR_VERSION"),
                "kube-prometheus-stack", versions.get("KUBE_PROMETHEUS_STACK_VERSION"));
        Map<String, String> pinned = new HashMap<>();
        for (Map<String, Object> app : applications()) {
            for (Map<String, Object> source : Yamls.maps(app, "spec", "sources")) {
                if (source.get("chart") != null) {
                    pinned.put((String) source.get("chart"), String.valueOf(source.get("targetRevision")));
                    assertThat(Yamls.list(source, "helm", "valueFiles")).singleElement().satisfies(file ->
                            assertThat(K8S.resolve("operators").resolve(
                                    file.toString().replace("$values/k8s/operators/", ""))).exists());
                }
            }
        }
        assertThat(pinned).isEqualTo(chartToVersion);
        assertThat(versions.get("STRIMZI_VERSION")).isEqualTo("1.2.0");
        assertThat(versions.get("SPARK_OPERATOR_VERSION")).isEqualTo("2.5.2");
        assertThat(versions.get("K8SSANDRA_OPERATOR_VERSION")).isEqualTo("1.32.5");
        // K8ssandra's dashboards come from the operator's repository at the operator's version.
        Map<String, Object> dashboards = applications().stream()
                .filter(a -> "k8ssandra-dashboards".equals(Yamls.string(a, "metadata", "name"))).findFirst().orElseThrow();
        assertThat(Yamls.string(dashboards, "spec", "source", "targetRevision"))
                .isEqualTo("v" + versions.get("K8SSANDRA_OPERATOR_VERSION"));
    }

    @Test
    void argoCdApplicationsHaveTheShapeArgoCdExpects() throws IOException {
        List<Map<String, Object>> apps = applications();
        assertThat(apps).hasSizeGreaterThanOrEqualTo(7);
        assertThat(apps).allSatisfy(app -> {
            assertThat(app).containsEntry("apiVersion", "argoproj.io/v1alpha1").containsEntry("kind", "Application");
            assertThat(Yamls.string(app, "metadata", "namespace")).isEqualTo("argocd");
            assertThat(Yamls.string(app, "spec", "project")).isEqualTo("default");
            assertThat(Yamls.string(app, "spec", "destination", "server")).isEqualTo("https://kubernetes.default.svc");
            assertThat(Yamls.at(app, "spec", "source") != null || Yamls.at(app, "spec", "sources") != null).isTrue();
        });
        Map<String, Object> pipeline = apps.stream().filter(a -> "userstream".equals(Yamls.string(a, "metadata", "name")))
                .findFirst().orElseThrow();
        assertThat(Yamls.string(pipeline, "spec", "source", "path")).isEqualTo("helm/userstream");
        assertThat(Yamls.string(pipeline, "spec", "destination", "namespace")).isEqualTo(Chart.NAMESPACE);
        assertThat(Integer.parseInt(Yamls.string(pipeline, "metadata", "annotations", "argocd.argoproj.io/sync-wave")))
                .as("the chart syncs after every operator")
                .isGreaterThan(apps.stream().filter(a -> a != pipeline)
                        .map(a -> Yamls.string(a, "metadata", "annotations", "argocd.argoproj.io/sync-wave"))
                        .filter(w -> w != null).mapToInt(Integer::parseInt).max().orElse(0));
    }

    @Test
    void operatorsWatchTheChartsNamespace() {
        Object spark = load(K8S.resolve("operators/spark-operator.values.yaml"));
        assertThat(Yamls.list(spark, "spark", "jobNamespaces")).containsExactly(Chart.NAMESPACE);
        Object strimzi = load(K8S.resolve("operators/strimzi.values.yaml"));
        assertThat(Yamls.list(strimzi, "watchNamespaces")).contains(Chart.NAMESPACE);
        Object k8ssandra = load(K8S.resolve("operators/k8ssandra-operator.values.yaml"));
        assertThat(Yamls.at(k8ssandra, "global", "clusterScoped")).isEqualTo(true);
        Object namespace = load(K8S.resolve("manifests/000-Namespace-userstream.yaml"));
        assertThat(Yamls.string(namespace, "metadata", "name")).isEqualTo(Chart.NAMESPACE);
    }

    @Test
    void kindPortMappingsReachTheKindProfilesNodePorts() {
        Object kind = load(Chart.ROOT.resolve("kind-config.yaml"));
        List<Map<String, Object>> nodes = Yamls.maps(kind, "nodes");
        assertThat(nodes).extracting(n -> n.get("role")).containsExactly("control-plane", "worker", "worker");
        assertThat(nodes).extracting(n -> String.valueOf(n.get("image"))).allMatch(i -> i.matches("kindest/node:v1\\.(3[0-9])\\.[0-9]+.*"));
        List<Object> mapped = nodes.stream().flatMap(n -> Yamls.maps(n, "extraPortMappings").stream())
                .map(m -> m.get("containerPort")).toList();
        List<Object> nodePorts = Renderings.get("kind").ofKind("Service").stream()
                .flatMap(s -> Yamls.maps(s.spec(), "ports").stream())
                .map(p -> p.get("nodePort")).filter(p -> p != null).toList();
        assertThat(nodePorts).isNotEmpty();
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(nodePorts);
    }

    @Test
    void scriptsStopOnErrorsAndMakeCallsThem() throws IOException {
        try (Stream<Path> scripts = Files.list(Chart.ROOT.resolve("hack"))) {
            assertThat(scripts.filter(p -> p.toString().endsWith(".sh")).filter(p -> !p.endsWith("lib.sh")).toList())
                    .isNotEmpty()
                    .allSatisfy(script -> {
                        assertThat(Files.readString(script)).contains("set -o errexit -o nounset -o pipefail");
                        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
                    });
        }
        String makefile = Files.readString(Chart.ROOT.resolve("Makefile"));
        for (String target : List.of("kind-up", "operators", "monitoring", "images", "deploy", "port-forward", "e2e-kind", "kind-down")) {
            assertThat(makefile).as("make " + target).containsPattern("(?m)^" + target + ": ## .+");
        }
    }

    /** hack/images.sh builds exactly the images the chart runs by default, and the Dockerfiles fit the pods. */
    @Test
    void imagesScriptBuildsTheChartsImages() throws IOException {
        String script = Files.readString(Chart.ROOT.resolve("hack/images.sh"));
        String appVersion = Yamls.string(Manifests.yaml(1024 * 1024).load(Chart.readChartFile("Chart.yaml")), "appVersion");
        Manifests manifests = Renderings.get("default");
        Map<String, String> built = new HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(INGEST|SPARK)_IMAGE=\"([^\"]+)\"").matcher(script);
        while (m.find()) {
            built.put(m.group(1), m.group(2).replace("${VERSION}", appVersion));
        }
        assertThat(script).contains("/^appVersion:/");
        assertThat(built.get("INGEST")).isEqualTo(Yamls.string(Workloads.ingestContainer(manifests), "image"));
        assertThat(built.get("SPARK")).isEqualTo(Yamls.string(Workloads.sparkApplication(manifests).spec(), "image"));

        // spark-app/Dockerfile: the jar where mainApplicationFile points, and the user the pods run as.
        Path sparkDockerfile = Chart.ROOT.resolve("spark-app/Dockerfile");
        assertThat(sparkDockerfile).as("spark-app's Dockerfile, which hack/images.sh builds").exists();
        String dockerfile = Files.readString(sparkDockerfile);
        Map<String, Object> spark = Workloads.sparkApplication(manifests).spec();
        String jar = Yamls.string(spark, "mainApplicationFile").replace("local://", "");
        assertThat(dockerfile).containsPattern("(?m)^COPY .*target/spark-app\\.jar " + java.util.regex.Pattern.quote(jar) + "$")
                .containsPattern("(?m)^USER " + Yamls.at(spark, "driver", "podSecurityContext", "runAsUser") + "$");
        assertThat(script).contains("docker build --file \"${SPARK_DOCKERFILE}\" --tag \"${SPARK_IMAGE}\" \"${ROOT}/spark-app\"");
    }

    private static Map<String, String> versions() throws IOException {
        Map<String, String> versions = new HashMap<>();
        for (String line : Files.readAllLines(K8S.resolve("operators/versions.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] pair = line.split("=", 2);
                versions.put(pair[0].trim(), pair[1].trim());
            }
        }
        return versions;
    }

    private static List<Map<String, Object>> applications() throws IOException {
        try (Stream<Path> files = Stream.concat(Stream.of(K8S.resolve("argocd/root.yaml")),
                Files.list(K8S.resolve("argocd/apps")).sorted())) {
            // Only the Applications: apps/ also holds the repository Secret of Strimzi's OCI chart.
            return files.map(RepositoryConsistencyTest::load).map(o -> Yamls.asMap((Map<?, ?>) o))
                    .filter(o -> "Application".equals(o.get("kind"))).toList();
        }
    }

    private static Object load(Path file) {
        try {
            return Manifests.yaml(1024 * 1024).load(Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
