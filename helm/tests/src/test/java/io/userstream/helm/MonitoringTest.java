package io.userstream.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring block (templates/monitoring/): the PrometheusRule as Prometheus' own promtool
 * checks and unit-tests it, the Grafana dashboard as Grafana expects it, and the Spark driver's
 * PodMonitor wired to what the SparkApplication runs. Schema validation of the three kinds against
 * the prometheus-operator CRDs is ManifestValidationTest's; the queries against a running pipeline
 * are pipeline's MonitoringIT.
 */
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target/promtool");
    private static final String DASHBOARD = "files/monitoring/dashboards/userstream-pipeline.json";

    @Test
    void offByDefaultOnInKindAndProduction() {
        Manifests defaults = Renderings.get("default");
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
        assertThat(defaults.ofKind("PodMonitor")).isEmpty();
        assertThat(defaults.ofKind("ConfigMap")).noneMatch(c -> c.labels().containsKey("grafana_dashboard"));
        for (String profile : List.of("kind", "production")) {
            Manifests m = Renderings.get(profile);
            assertThat(m.ofKind("PrometheusRule")).as(profile).hasSize(1);
            assertThat(m.ofKind("PodMonitor")).as(profile).extracting(Manifests.Resource::name)
                    .containsExactlyInAnyOrder("userstream-kafka", "userstream-spark-driver");
            assertThat(m.ofKind("ServiceMonitor")).as(profile).extracting(Manifests.Resource::name)
                    .containsExactly("userstream-ingest");
            assertThat(m.ofKind("ConfigMap")).as(profile).filteredOn(c -> "1".equals(c.labels().get("grafana_dashboard")))
                    .hasSize(1);
        }
    }

    /** `promtool check rules` on the spec the chart renders, then the unit tests of every alert. */
    @Test
    void promtoolChecksAndUnitTestsTheRenderedRules() throws Exception {
        Path promtool = promtool();
        Files.createDirectories(WORK);
        Manifests.Resource rule = Renderings.get("kind").single("PrometheusRule");
        Path rules = WORK.resolve("prometheus-rules.yaml");
        Files.writeString(rules, Manifests.yaml(1024 * 1024).dump(rule.spec()));
        Path tests = WORK.resolve("userstream-rules.test.yaml");
        Files.copy(Path.of("src/test/resources/promtool/userstream-rules.test.yaml"), tests,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        String check = run(promtool, "check", "rules", rules.toString());
        assertThat(check).contains("SUCCESS: " + alerts(rule).size() + " rules found");
        String unit = run(promtool, "test", "rules", tests.toString());
        assertThat(unit).contains("SUCCESS");

        // Every alert has a test where it fires and one where it stays quiet.
        String testFile = Files.readString(tests);
        for (String alert : alerts(rule)) {
            assertThat(testFile).as("a test of %s that fires", alert)
                    .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
            assertThat(testFile).as("a test of %s that stays quiet", alert)
                    .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts: \\[\\]");
        }
    }

    /** Strimzi's rules as the model: severity, summary, a description, and a runbook in the README. */
    @Test
    void everyAlertHasSeveritySummaryDescriptionAndARunbook() throws IOException {
        String readme = Files.readString(Chart.ROOT.resolve("README.md"));
        for (Map<String, Object> r : rules(Renderings.get("kind").single("PrometheusRule"))) {
            String alert = (String) r.get("alert");
            assertThat(Yamls.string(r, "labels", "severity")).as(alert).isIn("warning", "critical");
            assertThat(Yamls.string(r, "annotations", "summary")).as(alert).isNotBlank();
            assertThat(Yamls.string(r, "annotations", "description")).as(alert)
                    .containsAnyOf("kubectl", "dashboard", "panel", "SELECT");
            assertThat(readme).as("runbook of " + alert + " in README.md").contains("#### " + alert);
        }
    }

    /** The alerts select job="..." labels that the chart's monitors set, whatever the release name. */
    @Test
    void theJobLabelsOfTheAlertsAreTheOnesTheMonitorsSet() {
        Manifests m = Renderings.get("production");
        Set<String> set = new HashSet<>();
        Stream.concat(
                        Yamls.maps(m.get("ServiceMonitor", "userstream-ingest").spec(), "endpoints").stream(),
                        Yamls.maps(m.get("PodMonitor", "userstream-spark-driver").spec(), "podMetricsEndpoints").stream())
                .flatMap(e -> Yamls.maps(e, "relabelings").stream())
                .filter(r -> "job".equals(r.get("targetLabel")))
                .forEach(r -> set.add((String) r.get("replacement")));
        assertThat(set).containsExactlyInAnyOrder("userstream-ingest", "userstream-spark");
        Set<String> used = new LinkedHashSet<>();
        Matcher job = Pattern.compile("job=\"([^\"]+)\"").matcher(Manifests.yaml(1024 * 1024).dump(m.single("PrometheusRule").spec()));
        while (job.find()) {
            used.add(job.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(set).containsAll(used);
    }

    @Test
    void sparkDriverPodMonitorScrapesTheDriverOfTheSparkApplication() {
        Manifests m = Renderings.get("kind");
        Manifests.Resource monitor = m.get("PodMonitor", "userstream-spark-driver");
        Map<String, Object> app = m.single("SparkApplication").spec();
        Map<String, String> driverLabels = Yamls.stringMap(Yamls.at(app, "driver", "labels"));
        Map<String, String> selector = Yamls.stringMap(Yamls.at(monitor.spec(), "selector", "matchLabels"));
        // Spark labels the driver pod spark-role=driver itself; the rest comes from the SparkApplication.
        selector.forEach((k, v) -> {
            if (!k.equals("spark-role")) {
                assertThat(driverLabels).containsEntry(k, v);
            }
        });
        assertThat(selector).containsEntry("spark-role", "driver");
        Map<String, Object> endpoint = Yamls.maps(monitor.spec(), "podMetricsEndpoints").get(0);
        assertThat(endpoint).containsEntry("port", "spark-ui");
        assertThat(endpoint.get("path")).isEqualTo(jobServletPath());
        // The relabelling is the file the one-machine Prometheus uses, unchanged.
        Object fromFile = Manifests.yaml(1024 * 1024).load(Chart.readChartFile("files/monitoring/spark-metric-relabelings.yaml"));
        assertThat(endpoint.get("metricRelabelings")).isEqualTo(fromFile);
    }

    /**
     * The job owns its metrics configuration (spark-app's spark-metrics.properties): the chart sets
     * none of it, passes only the job's switch when metrics are off, and every scrape path it renders
     * is the job's servlet path.
     */
    @Test
    void theJobOwnsItsMetricsConfigurationAndTheChartOnlySwitchesItOff() {
        Properties job = jobMetricsConf();
        String servlet = jobServletPath();
        List<String> switches = job.stringPropertyNames().stream().filter(k -> k.startsWith("spark.userstream.")).toList();
        assertThat(switches).as("the job's own switch in " + JOB_METRICS_CONF).hasSize(1);
        Manifests on = Renderings.get("kind");
        Map<String, Object> app = Workloads.sparkApplication(on).spec();
        Map<String, String> sparkConf = Yamls.stringMap(app.getOrDefault("sparkConf", Map.of()));
        assertThat(sparkConf.keySet()).as("the chart repeats none of the job's metrics settings")
                .doesNotContainAnyElementsOf(job.stringPropertyNames());
        assertThat(Yamls.stringMap(Yamls.at(app, "driver", "annotations"))).containsEntry("prometheus.io/path", servlet);
        assertThat(Workloads.ingestEnv(on).get("USERSTREAM_DASHBOARD_SPARK_METRICS_URL")).endsWith(":4040" + servlet);

        Manifests off = Chart.render(Chart.Profile.KIND, Map.of("spark.metrics.enabled", false));
        Map<String, Object> offApp = Workloads.sparkApplication(off).spec();
        assertThat(Yamls.stringMap(offApp.get("sparkConf"))).containsExactly(Map.entry(switches.get(0), "false"));
        assertThat(Yamls.at(offApp, "driver")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("annotations");
        assertThat(off.ofKind("PodMonitor")).extracting(Manifests.Resource::name).doesNotContain("userstream-spark-driver");
        assertThat(Workloads.ingestEnv(off)).doesNotContainKey("USERSTREAM_DASHBOARD_SPARK_METRICS_URL");
    }

    private static final String JOB_METRICS_CONF = "spark-app/src/main/resources/io/userstream/spark/spark-metrics.properties";
    private static final String SERVLET_PATH = "spark.metrics.conf.*.sink.prometheusServlet.path";

    /** The job's Prometheus servlet path with the trailing slash the servlet wants (it redirects the bare path). */
    static String jobServletPath() {
        return jobMetricsConf().getProperty(SERVLET_PATH) + "/";
    }

    private static Properties jobMetricsConf() {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(Chart.ROOT.resolve(JOB_METRICS_CONF))) {
            p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    /** Grafana's own expectations of a provisioned dashboard, and ours (one data source variable everywhere). */
    @Test
    void theDashboardIsValidGrafanaJson() throws IOException {
        JsonNode d = JSON.readTree(Chart.readChartFile(DASHBOARD));
        assertThat(d.path("schemaVersion").isInt()).isTrue();
        assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(d.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(d.path("title").asText()).isEqualTo("userstream pipeline");
        assertThat(d.has("id")).as("no numeric id: Grafana assigns one on import").isFalse();

        List<JsonNode> variables = new ArrayList<>();
        d.path("templating").path("list").forEach(variables::add);
        assertThat(variables).filteredOn(v -> v.path("type").asText().equals("datasource"))
                .singleElement().satisfies(v -> {
                    assertThat(v.path("name").asText()).isEqualTo("datasource");
                    assertThat(v.path("query").asText()).isEqualTo("prometheus");
                });

        List<JsonNode> panels = panels(d);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels) {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id %s", p.path("id")).isTrue();
            assertThat(p.path("gridPos").path("w").asInt()).isBetween(1, 24);
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.path("title").asText()).isNotBlank();
            assertThat(p.path("description").asText()).as(p.path("title").asText()).isNotBlank();
            assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(t.path("expr").asText()).isNotBlank();
            }
        }
        assertThat(panels).filteredOn(p -> !p.path("type").asText().equals("row")).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void theDashboardConfigMapCarriesTheFileForTheSidecar() {
        Manifests.Resource cm = Renderings.get("kind").ofKind("ConfigMap").stream()
                .filter(c -> "1".equals(c.labels().get("grafana_dashboard"))).findFirst().orElseThrow();
        Map<String, String> data = Yamls.stringMap(cm.body().get("data"));
        assertThat(data).containsOnlyKeys("userstream-pipeline.json");
        assertThat(data.get("userstream-pipeline.json")).isEqualTo(Chart.readChartFile(DASHBOARD).stripTrailing());
        // Under the 256 KiB of a last-applied annotation (Argo CD applies client side by default).
        assertThat(data.get("userstream-pipeline.json").getBytes(StandardCharsets.UTF_8).length).isLessThan(256 * 1024);
        assertThat(Yamls.stringMap(Yamls.at(cm.body(), "metadata", "annotations"))).containsEntry("grafana-folder", "userstream");
    }

    /** Only our dashboards live here; Strimzi's and K8ssandra's are referenced at pinned versions. */
    @Test
    void upstreamDashboardsAreReferencedByPinnedUrlNotCopied() throws IOException {
        try (Stream<Path> files = Files.list(Chart.DIR.resolve("files/monitoring/dashboards"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("userstream-pipeline.json");
        }
        String versions = Files.readString(Chart.ROOT.resolve("k8s/operators/versions.env"));
        String strimzi = value(versions, "STRIMZI_VERSION");
        String k8ssandra = value(versions, "K8SSANDRA_OPERATOR_VERSION");
        String stack = Files.readString(Chart.ROOT.resolve("k8s/operators/kube-prometheus-stack.values.yaml"));
        Matcher url = Pattern.compile("url: (https://\\S+)").matcher(stack);
        List<String> urls = new ArrayList<>();
        while (url.find()) {
            urls.add(url.group(1));
        }
        assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u)
                .startsWith("https://raw.githubusercontent.com/strimzi/strimzi-kafka-operator/" + strimzi + "/"));
        String script = Files.readString(Chart.ROOT.resolve("hack/monitoring.sh"));
        assertThat(script).contains("k8ssandra/k8ssandra-operator/v${K8SSANDRA_OPERATOR_VERSION}/");
        assertThat(k8ssandra).isNotBlank();
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            all.add(p);
            p.path("panels").forEach(all::add);
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Manifests.Resource rule) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> group : Yamls.maps(rule.spec(), "groups")) {
            all.addAll(Yamls.maps(group, "rules"));
        }
        return all;
    }

    private static List<String> alerts(Manifests.Resource rule) {
        return rules(rule).stream().map(r -> (String) r.get("alert")).filter(a -> a != null).toList();
    }

    private static String value(String env, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(\\S+)$").matcher(env);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }

    /** promtool from Debian's `prometheus` package (.ci/run installs it); PROMTOOL overrides. */
    private static Path promtool() {
        String override = System.getenv("PROMTOOL");
        Optional<Path> found = override != null && !override.isBlank() ? Optional.of(Path.of(override))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(),
                "promtool not found: install Debian's `prometheus` package (apt-get install prometheus; .ci/run does)");
        return found.get();
    }

    private static String run(Path tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}
