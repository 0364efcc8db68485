package io.userstream.pipeline;

import io.userstream.pipeline.chaos.RandomUserStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the alerts against the running pipeline: the pipeline started as `make run`
 * starts it (as PipelineIT does, randomuser.me stubbed), a real Prometheus (Debian's package)
 * scraping the ingest service and the Spark driver as the chart's monitors do, and some load. Then
 * every PromQL query of every panel of the "userstream pipeline" dashboard, and every rule of the
 * chart's PrometheusRule, through Prometheus' HTTP API: valid, and returning data. Queries of
 * sources that exist only on Kubernetes are listed and skipped, with the reason.
 */
class MonitoringIT {

    /** Metric name prefixes of Kubernetes-only sources, and why nothing serves them here. */
    static final Map<String, String> KUBERNETES_ONLY = Map.of(
            "kafka_", "Strimzi's JMX exporter and Kafka Exporter run in the Kafka pods only (local-stack's broker has no exporter)",
            "org_apache_cassandra_", "K8ssandra's management API serves Cassandra's metrics on Kubernetes only",
            "container_", "cAdvisor (through the kubelet) measures containers on Kubernetes only");

    private static final int USERS_PER_RUN = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RandomUserStub api;
    private static Pipeline pipeline;
    private static LocalPrometheus prometheus;
    private static RepoLayout repo;
    /** When the load had landed in Cassandra and Prometheus had scraped it: every query is evaluated at this time. */
    private static double evaluatedAt;
    /** What $__rate_interval becomes: a window covering the whole load, so every rate sees it. */
    private static String rateInterval;

    @BeforeAll
    static void startPipelineAndPrometheusThenLoad() throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        Assumptions.assumeTrue(binary.isPresent(), "no prometheus binary: " + LocalPrometheus.INSTALL_HINT
                + " (.ci/run installs Debian's package)");
        api = new RandomUserStub();
        repo = RepoLayout.find();
        Path dataDir = repo.root().resolve("pipeline/target/monitoring-it");
        PipelineSettings settings = new PipelineSettings(dataDir, true, PipelineSettings.SOURCE_RANDOMUSER, false, 0, 0,
                Map.of("RANDOMUSER_BASE_URL", api.baseUrl()), Map.of());
        pipeline = Pipeline.start(settings, repo);
        io.userstream.localstack.LocalStack.deleteRecursively(dataDir.resolve("prometheus"));
        prometheus = LocalPrometheus.start(binary.get(), repo, dataDir.resolve("prometheus"), pipeline.ingestUrl(),
                pipeline.sparkUiUrl(), Duration.ofSeconds(2));

        // A small run first: the publisher's timer exists only once a first batch is published, and
        // Prometheus must see it before the load to see it move. Then two runs of the load, so that
        // the counters move between scrapes; the stub drops some uuids (dead letters).
        int warmUp = manualRun(100);
        awaitAtLeast(() -> (long) scalar("sum(userstream_publish_latency_seconds_count)"), 1, "the publish timer in Prometheus");
        long loadStarted = System.nanoTime();
        int published = warmUp + manualRun(USERS_PER_RUN) + manualRun(USERS_PER_RUN);
        awaitAtLeast(() -> pipeline.probe().rowCounts().users(), published, "rows in created_users");
        // Until Prometheus has scraped the job's count of those rows (relabelled: the relabelling works).
        awaitAtLeast(() -> (long) scalar("sum(userstream_job_rowsWritten)"), published, "userstream_job_rowsWritten in Prometheus");
        // The per-partition gauges follow a batch's progress event, a moment after its rows are counted.
        awaitAtLeast(() -> (long) scalar("count(userstream_job_lag) + count(userstream_job_latestOffset)"), 6,
                "userstream_job_lag and userstream_job_latestOffset of the 3 partitions in Prometheus");
        evaluatedAt = System.currentTimeMillis() / 1000.0;
        rateInterval = Math.max(60, Duration.ofNanos(System.nanoTime() - loadStarted).toSeconds() + 15) + "s";
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void everyPanelQueryOfTheDashboardIsValidAndReturnsData() throws Exception {
        JsonNode dashboard = JSON.readTree(repo.root().resolve(
                "helm/userstream/files/monitoring/dashboards/userstream-pipeline.json").toFile());
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int evaluated = 0;
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                String title = panel.path("title").asText() + " [" + target.path("refId").asText() + "]";
                Optional<String> k8s = kubernetesOnly(expr);
                if (k8s.isPresent()) {
                    skipped.add(title + ": " + k8s.get());
                    continue;
                }
                evaluated++;
                String query = expr.replace("$__rate_interval", rateInterval).replace("$namespace", LocalPrometheus.NAMESPACE);
                check(title, query, failures);
            }
        }
        // The namespace variable lists the local namespace.
        JsonNode values = api("/api/v1/label/namespace/values?match[]=" + encode("userstream_users_fetched_total"));
        assertThat(values.path("data").toString()).contains("\"" + LocalPrometheus.NAMESPACE + "\"");

        System.out.println("MonitoringIT: " + evaluated + " panel queries evaluated ($__rate_interval = " + rateInterval
                + "); skipped (Kubernetes only):");
        skipped.forEach(s -> System.out.println("  " + s));
        assertThat(failures).as("panel queries").isEmpty();
        assertThat(evaluated).isGreaterThanOrEqualTo(15);
        assertThat(skipped).hasSizeLessThanOrEqualTo(6);
    }

    @Test
    void everyRuleEvaluatesWithoutErrorReadsSeriesThatExistAndNothingFires() throws Exception {
        // Prometheus loaded the chart's rule file and evaluated every rule at least once, without error.
        List<JsonNode> rules = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            rules.clear();
            for (JsonNode group : api("/api/v1/rules").path("data").path("groups")) {
                group.path("rules").forEach(rules::add);
            }
        } while (rules.stream().anyMatch(r -> r.path("lastEvaluation").asText().startsWith("0001"))
                && System.nanoTime() < deadline && sleep(1000));
        String file = Files.readString(repo.root().resolve(LocalPrometheus.RULES));
        assertThat(rules).hasSize((int) Pattern.compile("(?m)^\\s+- alert: ").matcher(file).results().count());

        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode rule : rules) {
            String name = rule.path("name").asText();
            assertThat(rule.path("health").asText()).as(name + ": " + rule.path("lastError").asText()).isEqualTo("ok");
            String expr = rule.path("query").asText();
            // Valid: the whole expression evaluates (an alert that does not fire returns nothing, by design).
            JsonNode result = api("/api/v1/query?query=" + encode(expr) + "&time=" + evaluatedAt);
            if (!"success".equals(result.path("status").asText())) {
                failures.add(name + ": " + result);
            }
            // Returns data: every series the rule reads is there, with the labels the rule selects.
            for (String selector : selectors(expr)) {
                Optional<String> k8s = kubernetesOnly(selector);
                if (k8s.isPresent()) {
                    skipped.add(name + " reads " + selector + ": " + k8s.get());
                } else {
                    check(name + " reads " + selector, selector, failures);
                }
            }
            // A healthy pipeline fires nothing; the absent/down alerts see their targets up.
            assertThat(rule.path("state").asText()).as(name).isNotEqualTo("firing");
            if (name.endsWith("Down") || name.endsWith("Absent")) {
                assertThat(rule.path("state").asText()).as(name).isEqualTo("inactive");
            }
        }
        System.out.println("MonitoringIT: " + rules.size() + " rules evaluated; skipped (Kubernetes only):");
        skipped.forEach(s -> System.out.println("  " + s));
        assertThat(failures).as("rule expressions").isEmpty();
    }

    /**
     * Opt-in (-Dmonitoring.screenshot=&lt;png&gt;): Prometheus' own graph page with three of
     * the dashboard's queries over the load just run, rendered by headless Chromium. Grafana itself is not
     * available here.
     */
    @Test
    void screenshotOfThePrometheusGraphPage() throws Exception {
        String target = System.getProperty("monitoring.screenshot", "");
        Assumptions.assumeFalse(target.isBlank(), "screenshot not asked for (-Dmonitoring.screenshot=<png>)");
        Path png = repo.root().resolve(target);
        Files.createDirectories(png.getParent());
        String ns = "namespace=~\"" + LocalPrometheus.NAMESPACE + "\"";
        List<String> queries = List.of(
                "sum(rate(userstream_users_published_total{" + ns + "}[30s]))",
                "sum(rate(userstream_job_rowsWritten{" + ns + "}[30s]))",
                "max by (topic, partition) (userstream_job_lag{" + ns + "})",
                "histogram_quantile(0.99, sum by (le) (rate(userstream_job_event_to_row_latency_milliseconds_bucket{" + ns + "}[30s])))");
        StringBuilder url = new StringBuilder(prometheus.url() + "/graph?");
        for (int i = 0; i < queries.size(); i++) {
            url.append(i == 0 ? "" : "&").append("g").append(i).append(".expr=").append(encode(queries.get(i)))
                    .append("&g").append(i).append(".tab=0&g").append(i).append(".range_input=3m");
        }
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1400,2200", "--virtual-time-budget=15000", "--screenshot=" + png, url.toString())
                .redirectErrorStream(true).redirectOutput(repo.root().resolve("pipeline/target/chromium.log").toFile()).start();
        assertThat(chromium.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(png).exists();
        System.out.println("MonitoringIT: screenshot " + png + " of " + url);
    }

    /** Evaluates at {@link #evaluatedAt}: success, a vector, at least one series, at least one finite value. */
    private static void check(String what, String query, List<String> failures) throws Exception {
        JsonNode response = api("/api/v1/query?query=" + encode(query) + "&time=" + evaluatedAt);
        JsonNode result = response.path("data").path("result");
        if (!"success".equals(response.path("status").asText())) {
            failures.add(what + ": invalid: " + response.path("error").asText() + "\n    " + query);
        } else if (!result.isArray() || result.isEmpty()) {
            failures.add(what + ": no data\n    " + query);
        } else {
            boolean finite = false;
            for (JsonNode series : result) {
                finite |= Double.isFinite(Double.parseDouble(series.path("value").path(1).asText("NaN")));
            }
            if (!finite) {
                failures.add(what + ": only NaN/Inf values " + result + "\n    " + query);
            }
        }
    }

    /** The vector selectors of a PromQL expression (metric names with their matchers), functions and keywords left out. */
    static Set<String> selectors(String expr) {
        List<String> braces = new ArrayList<>();
        Matcher b = Pattern.compile("\\{[^}]*}").matcher(expr);
        StringBuilder s = new StringBuilder();
        while (b.find()) {
            braces.add(b.group());
            b.appendReplacement(s, Matcher.quoteReplacement("\u0000" + (braces.size() - 1) + "\u0001"));
        }
        b.appendTail(s);
        String stripped = s.toString()
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Set<String> selectors = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w.\\u0000])([a-zA-Z_:][a-zA-Z0-9_:]*+)(\\u0000(\\d+)\\u0001)?+(?!\\s*\\()").matcher(stripped);
        Set<String> keywords = Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring", "offset",
                "group_left", "group_right", "inf", "nan");
        while (m.find()) {
            String name = m.group(1);
            if (keywords.contains(name.toLowerCase())) {
                continue;
            }
            selectors.add(m.group(3) == null ? name : name + braces.get(Integer.parseInt(m.group(3))));
        }
        return selectors;
    }

    static Optional<String> kubernetesOnly(String expr) {
        for (String selector : selectors(expr)) {
            for (Map.Entry<String, String> e : KUBERNETES_ONLY.entrySet()) {
                if (selector.startsWith(e.getKey())) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            all.add(p);
            p.path("panels").forEach(all::add);
        }
        return all;
    }

    private static int manualRun(int users) throws Exception {
        HttpResponse<String> response = Http.post(pipeline.ingestUrl() + "/api/ingest/runs?count=" + users,
                Duration.ofSeconds(120));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        String id = JSON.readTree(response.body()).path("id").asText();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : JSON.readTree(Http.get(pipeline.ingestUrl() + "/api/ingest/runs").body())) {
                String status = r.path("status").asText("").toUpperCase();
                if (id.equals(r.path("id").asText()) && !status.isEmpty() && !status.equals("RUNNING")
                        && !status.equals("PENDING") && !status.equals("ACCEPTED")) {
                    assertThat(r.path("fetched").asInt()).as("run %s", r).isEqualTo(users);
                    return r.path("published").asInt();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + id + " not finished after " + WAIT);
    }

    private static double scalar(String query) {
        try {
            JsonNode result = api("/api/v1/query?query=" + encode(query)).path("data").path("result");
            return result.isEmpty() ? -1 : Double.parseDouble(result.get(0).path("value").path(1).asText());
        } catch (Exception e) {
            return -1;
        }
    }

    private static JsonNode api(String pathAndQuery) throws Exception {
        HttpResponse<String> response = Http.get(prometheus.url() + pathAndQuery);
        return JSON.readTree(response.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void awaitAtLeast(java.util.function.LongSupplier actual, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen = actual.getAsLong();
        while (seen < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            seen = actual.getAsLong();
        }
        assertThat(seen).as(what + " (logs: " + pipeline.spark().logFile() + ", " + prometheus.logFile() + ")")
                .isGreaterThanOrEqualTo(expected);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
