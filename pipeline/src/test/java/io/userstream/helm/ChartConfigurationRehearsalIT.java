package io.userstream.helm;

import io.userstream.contract.CassandraSchema;
import io.userstream.localstack.ChildJvm;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.Ports;
import io.userstream.localstack.probe.CqlClient;
import io.userstream.pipeline.Http;
import io.userstream.pipeline.RepoLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration rehearsal: the real ingest service and the real Spark job (local mode) started
 * with exactly the environment, secret files and Spark confs the rendered Deployment and
 * SparkApplication give them, on local-stack's Kafka and Cassandra. Only what a cluster provides is
 * mapped: service host names to local-stack's addresses, mount paths to a directory here (the
 * secrets written where the chart mounts them, under it), the HTTP and UI ports to free ones.
 *
 * <p>A key the app rejects stops it at start-up (both fail fast naming the key), so it never gets
 * ready (and a probe or scrape path the chart names must answer 200 itself, not redirect); a key
 * it ignores shows as a value that did not take effect: the release, topic and
 * datacenter are renamed, so the defaults cannot stand in for the chart's values, and the job's
 * logged settings must hold every value the chart gives it. Kafka SCRAM and TLS are off in this
 * rendering (local-stack's broker is plain): SASL/TLS client settings are covered by the apps' own
 * tests and by WiringTest, not here.
 */
class ChartConfigurationRehearsalIT {

    private static final Duration READY = Duration.ofSeconds(180);
    private static final Duration ROWS = Duration.ofSeconds(180);
    private static final String INGEST_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final String SPARK_MAIN = "io.userstream.spark.UserStreamJob";

    /** Other names than the defaults, so an ignored setting cannot pass on a default. */
    private static final Map<String, Object> SETS = Map.of(
            "kafka.auth.enabled", "false",
            "kafka.topics.main.name", "rehearsal_users",
            "cassandra.datacenter.name", "rehearsal-dc",
            "ingest.source", "synthetic",
            "ingest.schedule.enabled", "false",
            "ingest.schedule.every", "7s",
            "ingest.schedule.batchSize", "11");

    private static Manifests manifests;
    private static LocalStack stack;
    private static Path mounts;
    private static ChildJvm ingest;
    private static ChildJvm spark;
    private static int ingestPort;
    private static int sparkUiPort;
    private static Map<String, String> sparkEnv;

    @BeforeAll
    static void start() throws Exception {
        manifests = Chart.render(Chart.Profile.KIND, command -> {
            command.withName("rehearsal").withNamespace("rehearsal-ns");
            SETS.forEach(command::set);
            return command;
        });
        RepoLayout repo = RepoLayout.find();
        Path work = repo.root().resolve("pipeline/target/chart-rehearsal");
        LocalStack.deleteRecursively(work);
        mounts = Files.createDirectories(work.resolve("mounts"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        stack = LocalStack.builder().dataDir(work.resolve("local-stack")).fresh(true).start();
        createTopicsAsStrimziWould();
        // The secrets the operators would make, written where the chart mounts them.
        for (String path : List.of(Yamls.string(Workloads.sparkEnv(manifests, "driver"), "CASSANDRA_USERNAME_FILE"),
                Yamls.string(Workloads.sparkEnv(manifests, "driver"), "CASSANDRA_PASSWORD_FILE"))) {
            Path file = mounted(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "cassandra");
        }
        int[] ports = Ports.pickFree(2);
        ingestPort = ports[0];
        sparkUiPort = ports[1];
        // The API's users: the Secret the chart generated, its `users` key (bcrypt hashes) where the pod has it,
        // and its operator password for this test's calls, as `helm test` uses it.
        Map<String, Object> apiSecret = Yamls.map(manifests.get("Secret", Workloads.ingestDeployment(manifests).name() + "-api-users")
                .body(), "data");
        Path users = mounted(Workloads.ingestEnv(manifests).get("USERSTREAM_API_USERS_FILE"));
        Files.createDirectories(users.getParent());
        Files.write(users, Base64.getDecoder().decode(String.valueOf(apiSecret.get("users"))));
        String operatorPassword = new String(Base64.getDecoder().decode(String.valueOf(apiSecret.get("operator-password"))),
                StandardCharsets.UTF_8);
        Http.authorize(ingestUrl(), "Basic " + Base64.getEncoder().encodeToString(("operator:" + operatorPassword)
                .getBytes(StandardCharsets.UTF_8)));

        Map<String, String> ingestEnv = mapToHere(Workloads.ingestEnv(manifests));
        ingestEnv.put("QUARKUS_HTTP_PORT", String.valueOf(ingestPort));
        ingestEnv.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        String readyPath = Yamls.string(Workloads.ingestContainer(manifests), "readinessProbe", "httpGet", "path");
        ingest = startUntil("ingest service", repo.ingestRunJar().toString(), List.of("-Xmx256m", "-XX:+UseSerialGC"),
                INGEST_MAIN, ingestEnv, logs.resolve("ingest.log"), () -> Http.ok(ingestUrl() + readyPath));

        sparkEnv = mapToHere(Workloads.sparkEnv(manifests, "driver"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m",
                "-Dspark.master=local[2]", "-Dspark.app.name=" + Workloads.sparkApplication(manifests).name(),
                "-Dspark.driver.host=" + Ports.LOOPBACK, "-Dspark.driver.bindAddress=" + Ports.LOOPBACK,
                "-Dspark.ui.port=" + sparkUiPort, "-Dspark.port.maxRetries=0",
                "-Dlog4j2.configurationFile=" + repo.sparkLocalLogConfig().toUri()));
        // The SparkApplication's sparkConf, as spark-submit's properties file gives them to the driver.
        Yamls.stringMap(Workloads.sparkApplication(manifests).spec().get("sparkConf"))
                .forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        jvm.addAll(List.of(repo.sparkJvmFlags().split("\\s+")));
        String scrapePath = Yamls.stringMap(Yamls.at(Workloads.sparkApplication(manifests).spec(), "driver", "annotations"))
                .get("prometheus.io/path");
        spark = startUntil("Spark job", repo.sparkLocalClasspath(), jvm, SPARK_MAIN, sparkEnv, logs.resolve("spark.log"),
                // the job's own source (the metrics namespace is "userstream" too, on every Spark metric)
                () -> Http.ok(sparkUiUrl() + scrapePath) && scrapes(sparkUiUrl() + scrapePath, "userstream_rowsWritten"));
    }

    @AfterAll
    static void stop() {
        Http.forget(ingestUrl());
        if (ingest != null) {
            ingest.stop(30);
        }
        if (spark != null) {
            spark.stop(60);
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRecordMovesFromTheIngestServiceThroughTheChartsTopicIntoCassandra() throws Exception {
        var response = Http.post(ingestUrl() + "/api/ingest/runs?count=20", Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        long deadline = System.nanoTime() + ROWS.toNanos();
        long rows = 0;
        while (rows <= 0 && System.nanoTime() < deadline) {
            rows = rows();
            if (rows <= 0) {
                Thread.sleep(1000);
            }
        }
        assertThat(rows).as("rows in %s.%s", CassandraSchema.KEYSPACE, CassandraSchema.USERS_TABLE).isPositive();
    }

    @Test
    void theIngestServiceRunsWithTheChartsScheduleAndSource() throws Exception {
        // What the service reports of its own configuration: the chart's values, not the defaults.
        var response = Http.get(ingestUrl() + "/api/ingest/schedule");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().replace(" ", "")).contains("\"every\":\"PT7S\"").contains("\"batchSize\":11")
                .contains("\"source\":\"synthetic\"");
    }

    @Test
    void theJobRunsWithEverySettingTheChartGivesIt() throws IOException {
        String started = Files.readAllLines(spark.logFile()).stream().filter(l -> l.contains("Starting with JobSettings"))
                .findFirst().orElseThrow(() -> new AssertionError("the job logged no settings"));
        Map<String, String> shown = new LinkedHashMap<>(sparkEnv);
        // Files are read, not shown: the username file's content shows instead; the password never.
        shown.remove("CASSANDRA_PASSWORD_FILE");
        shown.remove("CASSANDRA_USERNAME_FILE");
        shown.put("CASSANDRA_USERNAME", "user cassandra");
        // Case aside: the job shows a trigger of `2s` as Java's PT2S.
        shown.forEach((key, value) -> assertThat(started.toLowerCase()).as(key + "=" + value + " in effect")
                .contains(value.toLowerCase()));
    }

    /** The rendered KafkaTopics, created as the Topic Operator would (local-stack owns topic creation). */
    private static void createTopicsAsStrimziWould() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Manifests.Resource topic : manifests.ofKind("KafkaTopic")) {
            String name = Yamls.string(topic.spec(), "topicName");
            topics.put(name != null ? name : topic.name(), Integer.parseInt(Yamls.string(topic.spec(), "partitions")));
        }
        stack.kafka().createTopics(topics);
    }

    /** The cluster's addresses and mount paths, as they are here. */
    private static Map<String, String> mapToHere(Map<String, String> chartEnv) {
        Map<String, String> env = new LinkedHashMap<>(chartEnv);
        env.replace("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        env.replace("CASSANDRA_CONTACT_POINTS", stack.cassandra().contactPoint());
        env.replace("CASSANDRA_LOCAL_DATACENTER", stack.cassandra().localDatacenter());
        // the schema registry (Apicurio) has no stand-in on one machine: the service runs without one,
        // as under make run (registration itself: ingest-service's SchemaRegistryTest)
        env.remove("USERSTREAM_REGISTRY_URL");
        env.replaceAll((k, v) -> k.endsWith("_FILE") || k.equals("SPARK_CHECKPOINT_LOCATION") ? mounted(v).toString() : v);
        return env;
    }

    private static Path mounted(String podPath) {
        return mounts.resolve(podPath.replaceFirst("^/", ""));
    }

    private static ChildJvm startUntil(String name, String classpath, List<String> jvmArgs, String main,
                                       Map<String, String> env, Path log, BooleanSupplier ready) throws InterruptedException {
        ChildJvm jvm = ChildJvm.start(name, Path.of(System.getProperty("java.home"), "bin", "java"), classpath, jvmArgs,
                main, List.of(), env, log.getParent(), log);
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw jvm.failure("exited during start-up with the chart's configuration", null);
            }
            if (ready.getAsBoolean()) {
                return jvm;
            }
            Thread.sleep(500);
        }
        jvm.stop(5);
        throw new AssertionError(name + " not ready after " + READY.toSeconds() + " s; log: " + log);
    }

    private static boolean scrapes(String url, String metric) {
        try {
            var response = Http.get(url);
            return response.statusCode() == 200 && response.body().contains(metric);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long rows() {
        try (CqlClient cql = new CqlClient(Ports.LOOPBACK, stack.cassandra().port(), 10_000)) {
            return (Long) cql.query("SELECT COUNT(*) FROM " + CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE)
                    .get(0).get(0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String ingestUrl() {
        return "http://" + Ports.LOOPBACK + ":" + ingestPort;
    }

    private static String sparkUiUrl() {
        return "http://" + Ports.LOOPBACK + ":" + sparkUiPort;
    }
}
