package io.userstream.ingest.bench;

import io.userstream.ingest.source.SyntheticGenerator;
import io.userstream.ingest.source.ResponseParser;
import io.userstream.ingest.source.UserRecord;
import io.userstream.localstack.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest benchmark (a command, not a test): on a fresh local-stack Kafka, Kafka's own
 * ProducerPerformance sends N synthetic user records, then the packaged service publishes N users from
 * its synthetic source into the same broker; prints records/s of both and their ratio. Also times the
 * synthetic generator alone on one thread. Run it with ingest-service/bench.sh.
 */
public final class PublishBenchmark {

    static final String PRODUCER_PROPS = "acks=all enable.idempotence=true compression.type=lz4 linger.ms=10 batch.size=262144";

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(System.getProperty("bench.records", "200000"));
        Path work = Path.of("target", "bench").toAbsolutePath();
        System.out.printf("generator alone, one thread: %,.0f records/s%n", generatorRate(records));
        try (LocalStack stack = LocalStack.builder().dataDir(work.resolve("local-stack")).fresh(true).cassandra(false).start()) {
            String bootstrap = stack.kafka().bootstrapServers();
            createTopics(bootstrap);
            double kafka = producerPerformance(bootstrap, records, work);
            double service = service(bootstrap, records, work);
            System.out.printf("%nKafka ProducerPerformance: %,.0f records/s%ningest-service publisher: %,.0f records/s%n"
                    + "ratio: %.2f (target >= 0.8)%n", kafka, service, service / kafka);
        }
    }

    static double generatorRate(int records) {
        SyntheticGenerator generator = new SyntheticGenerator(42);
        ResponseParser parser = new ResponseParser();
        for (int p = 1; p <= 20; p++) {
            parser.parse(generator.page(5000, p)); // warm-up
        }
        long began = System.nanoTime();
        long users = 0;
        for (int p = 1; users < records; p++) {
            users += parser.parse(generator.page(5000, p)).users().size();
        }
        return users / ((System.nanoTime() - began) / 1e9);
    }

    static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("perf", 3, (short) 1), new NewTopic("users_created", 3, (short) 1),
                    new NewTopic("users_created_dlq", 1, (short) 1))).all().get();
        }
    }

    /** Kafka's ProducerPerformance with the service's producer settings and synthetic users as payloads. */
    static double producerPerformance(String bootstrap, int records, Path work) throws Exception {
        Path payloads = work.resolve("payloads.txt");
        List<String> lines = new ArrayList<>();
        for (UserRecord user : new ResponseParser().parse(new SyntheticGenerator(7).page(5000, 1)).users()) {
            lines.add(user.json());
        }
        Files.write(payloads, lines, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", kafkaClasspath(),
                "org.apache.kafka.tools.ProducerPerformance", "--topic", "perf", "--num-records", String.valueOf(records),
                "--payload-file", payloads.toString(), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        command.addAll(List.of(PRODUCER_PROPS.split(" ")));
        String output = run(new ProcessBuilder(command), work.resolve("producer-performance.log"), 300);
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec").matcher(output);
        double rate = 0;
        while (m.find()) {
            rate = Double.parseDouble(m.group(2)); // the last line is the total
        }
        System.out.println("ProducerPerformance: " + output.lines().reduce((a, b) -> b).orElse(""));
        return rate;
    }

    /** The packaged service, synthetic source, one manual run of N users; rate = published / run duration. */
    static double service(String bootstrap, int records, Path work) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx512m", "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("USERSTREAM_SOURCE", "synthetic");
        env.put("USERSTREAM_SCHEDULE_ENABLED", "false");
        env.put("USERSTREAM_MAX_RUN_SIZE", String.valueOf(Math.max(records, 100000)));
        env.put("QUARKUS_HTTP_PORT", "18089");
        Process app = builder.redirectErrorStream(true).redirectOutput(work.resolve("ingest-service.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            awaitLive(http);
            String warmup = post(http, 20000);
            String body = post(http, records);
            System.out.println("warm-up run: " + warmup + "\nmeasured run: " + body);
            long published = field(body, "published");
            long millis = field(body, "durationMs");
            return published / (millis / 1000.0);
        } finally {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String post(HttpClient http, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:18089/api/ingest/runs?source=synthetic&count=" + count))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /api/ingest/runs answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static void awaitLive(HttpClient http) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18089/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("ingest-service did not start in 60 s; see target/bench/ingest-service.log");
    }

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String run(ProcessBuilder builder, Path log, int timeoutSeconds) throws Exception {
        Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out; see " + log);
        }
        return Files.readString(log);
    }

    private static String kafkaClasspath() throws Exception {
        try (InputStream in = PublishBenchmark.class.getResourceAsStream("/io/userstream/localstack/kafka.classpath")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
