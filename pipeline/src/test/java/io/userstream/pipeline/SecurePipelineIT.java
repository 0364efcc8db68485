package io.userstream.pipeline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.userstream.contract.CassandraRoles;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.KafkaClientSecurity;
import io.userstream.localstack.StackSecurity;
import io.userstream.localstack.probe.CqlClient;
import io.userstream.pipeline.chaos.ExactlyOnceCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline end to end with authentication on for real (issue 16): Kafka's client listener
 * requires SCRAM-SHA-512 (a user per application), Cassandra runs PasswordAuthenticator and
 * CassandraAuthorizer and requires TLS on its CQL port (client encryption; local-stack's self-signed
 * certificate), an admin step applies the schema and contract's roles, and each application
 * logs in with its least-privilege role over TLS (contract's CassandraClientTls variables). Users
 * flow from the ingest service's schedule (no control call, so no HTTP credentials are needed here)
 * to rows, exactly; what may not pass is refused; and
 * no password of the run appears in any log file or in any HTTP response body the test got.
 */
class SecurePipelineIT {

    private static final int USERS = 400;
    private static final Duration WAIT = Duration.ofSeconds(240);

    private static Pipeline pipeline;
    private static StackSecurity security;
    private static Path dataDir;
    /** Every HTTP response body this test received, scanned for passwords at the end. */
    private static final List<String> responses = new ArrayList<>();

    @BeforeAll
    static void startSecurePipeline() {
        RepoLayout repo = RepoLayout.find();
        dataDir = repo.root().resolve("pipeline/target/secure-e2e");
        // One scheduled tick of USERS synthetic users right after start, then none for an hour.
        PipelineSettings settings = new PipelineSettings(dataDir, true, PipelineSettings.SOURCE_SYNTHETIC, true, 0, 0,
                Map.of(EnvVar.USERSTREAM_SCHEDULE_BATCH_SIZE.name(), String.valueOf(USERS),
                        EnvVar.USERSTREAM_SCHEDULE_EVERY.name(), "1h"), Map.of());
        pipeline = Pipeline.startSecure(settings, repo);
        security = pipeline.stack().security().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void usersFlowWithPerApplicationCredentialsAndNoPasswordLeaks() throws Exception {
        // Users to rows, exactly: every record of users_created is one row, none lost or doubled.
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> keys = new HashMap<>();
        int deadLetters = 0;
        while (System.nanoTime() < deadline) {
            keys = keyCounts(Topics.USERS_CREATED);
            deadLetters = keyCounts(Topics.USERS_CREATED_DLQ).values().stream().mapToInt(Integer::intValue).sum();
            if (keys.values().stream().mapToInt(Integer::intValue).sum() + deadLetters >= USERS) {
                break;
            }
            Thread.sleep(1000);
        }
        int published = keys.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(published + deadLetters).as("the scheduled tick's users, published or dead-lettered").isEqualTo(USERS);
        assertThat(keys.values()).as("each user published once").allMatch(n -> n == 1);
        Set<String> rows = awaitRows(published);
        assertThat(rows).as("rows in created_users").isEqualTo(new HashSet<>(keys.keySet()));
        assertThat(pipeline.probe().rowCounts().users()).as("make run's progress line counts rows with login and TLS")
                .isEqualTo(published);

        // What may not pass is refused.
        String host = pipeline.stack().cassandra().host();
        int port = pipeline.stack().cassandra().port();
        javax.net.ssl.SSLContext tls = pipeline.stack().cassandra().tls().orElseThrow().sslContext();
        assertThatThrownBy(() -> new CqlClient(host, port, 10_000, StackSecurity.CASSANDRA_ADMIN, security.cassandraAdminPassword()).close())
                .as("plain-text CQL is refused, even with the right login").isInstanceOf(IOException.class)
                .isNotInstanceOf(CqlClient.AuthenticationFailedException.class);
        assertThatThrownBy(() -> new CqlClient(host, port, 10_000, null, null, tls).close())
                .as("over TLS, a login is still required").isInstanceOf(CqlClient.AuthenticationFailedException.class);
        assertThatThrownBy(() -> new CqlClient(host, port, 10_000, "cassandra", "cassandra", tls).close())
                .as("the default superuser cannot log in").isInstanceOf(IOException.class);
        // The ingest service reads its rows over TLS (GET /api/users; the operator may read).
        String users = get(pipeline.ingestUrl() + "/api/users?limit=5");
        responses.add(users);
        assertThat(rows).anyMatch(users::contains);
        try (CqlSession ingest = session(CassandraRoles.INGEST_ROLE)) {
            assertThat(ingest.execute("SELECT COUNT(*) FROM " + table(CassandraSchema.USERS_TABLE)).one().getLong(0)).isEqualTo(published);
            assertThatThrownBy(() -> ingest.execute("DELETE FROM " + table(CassandraSchema.USERS_TABLE) + " WHERE id = "
                    + java.util.UUID.randomUUID())).as("the ingest service only reads").isInstanceOf(UnauthorizedException.class);
        }
        try (CqlSession spark = session(CassandraRoles.SPARK_ROLE)) {
            assertThatThrownBy(() -> spark.execute("CREATE TABLE " + CassandraSchema.KEYSPACE + ".intruder (id int PRIMARY KEY)"))
                    .as("the job creates nothing").isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> spark.execute("DROP TABLE " + table(CassandraSchema.TOTALS_TABLE)))
                    .as("the job drops nothing").isInstanceOf(UnauthorizedException.class);
        }
        Properties wrong = kafkaClient(SecureMode.KAFKA_INGEST_USER, "not-the-password");
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }

        // The open endpoints' bodies (health, metrics, OpenAPI; the Spark UI's environment and metrics).
        for (String url : List.of(pipeline.ingestUrl() + "/q/health", pipeline.ingestUrl() + "/q/metrics",
                pipeline.ingestUrl() + "/q/openapi", pipeline.sparkUiUrl() + "/metrics/prometheus/",
                pipeline.sparkUiUrl() + "/api/v1/applications")) {
            responses.add(get(url));
        }
        String apps = responses.get(responses.size() - 1);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(apps);
        assertThat(id.find()).as(apps).isTrue();
        String environment = get(pipeline.sparkUiUrl() + "/api/v1/applications/" + id.group(1) + "/environment");
        responses.add(environment);
        assertThat(environment).as("the job's Cassandra login is in its configuration").contains(CassandraRoles.SPARK_ROLE)
                .contains("spark.cassandra.connection.ssl.trustStore.path");

        // No password of the run in any log file or response.
        List<String> passwords = security.allPasswords();
        assertThat(passwords).hasSizeGreaterThanOrEqualTo(6);
        pipeline.close(); // flush and close every log first
        pipeline = null;
        List<Path> logs = logFiles();
        assertThat(logs.stream().map(p -> p.getFileName().toString()))
                .contains("ingest-service.log", "spark-app.log", "kafka.log", "cassandra.log");
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String password : passwords) {
                assertThat(text.contains(password)).as("a password appears in " + log).isFalse();
            }
        }
        for (String body : responses) {
            for (String password : passwords) {
                assertThat(body.contains(password)).as("a password appears in an HTTP response").isFalse();
            }
        }
    }

    /** Every log of the run (services, servers, tools) and the servers' configuration files; not the secrets directory. */
    private static List<Path> logFiles() throws IOException {
        Path secrets = security.file().getParent();
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(secrets))
                    .filter(p -> p.toString().endsWith(".log") || p.getFileName().toString().equals("server.properties")
                            || p.getFileName().toString().equals("cassandra.yaml"))
                    .toList();
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = Http.get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static Set<String> awaitRows(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<String> ids = new HashSet<>();
        try (CqlSession admin = adminSession()) {
            while (System.nanoTime() < deadline) {
                ids.clear();
                admin.execute("SELECT id FROM " + table(CassandraSchema.USERS_TABLE)).forEach(r -> ids.add(r.getUuid(0).toString()));
                if (ids.size() >= expected) {
                    return ids;
                }
                Thread.sleep(1000);
            }
        }
        return ids;
    }

    private static Map<String, Integer> keyCounts(String topic) {
        Map<String, Integer> counts = new HashMap<>();
        Properties admin = kafkaClient(StackSecurity.KAFKA_ADMIN, security.kafkaPassword(StackSecurity.KAFKA_ADMIN));
        for (ConsumerRecord<String, String> r : ExactlyOnceCheck.readAll(admin, topic)) {
            counts.merge(String.valueOf(r.key()).toLowerCase(), 1, Integer::sum);
        }
        return counts;
    }

    /** A Kafka client of the SASL listener, configured by contract's one builder, as the applications are. */
    private static Properties kafkaClient(String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", pipeline.stack().kafka().bootstrapServers());
        p.putAll(KafkaClientSecurity.fromEnv(Map.of(EnvVar.KAFKA_SECURITY_PROTOCOL.name(), pipeline.stack().kafka().securityProtocol(),
                EnvVar.KAFKA_SASL_USERNAME.name(), user, EnvVar.KAFKA_SASL_PASSWORD.name(), password)).clientProperties());
        p.put("default.api.timeout.ms", "30000");
        return p;
    }

    private static CqlSession session(String role) {
        return session(role, security.password("cassandra." + role));
    }

    private static CqlSession adminSession() {
        return session(StackSecurity.CASSANDRA_ADMIN, security.cassandraAdminPassword());
    }

    private static CqlSession session(String user, String password) {
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(pipeline.stack().cassandra().host(), pipeline.stack().cassandra().port()))
                .withLocalDatacenter(pipeline.stack().cassandra().localDatacenter())
                .withSslContext(pipeline.stack().cassandra().tls().orElseThrow().sslContext())
                .withAuthCredentials(user, password)
                .build();
    }

    private static String table(String name) {
        return CassandraSchema.KEYSPACE + "." + name;
    }
}
