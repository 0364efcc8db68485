package io.userstream.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged service (target/quarkus-app) with one bad environment variable and checks that
 * it refuses to start, naming the key. Nothing else is needed: it fails before connecting anywhere.
 */
class BadConfigIT {

    @ParameterizedTest
    @CsvSource({
        "USERSTREAM_SCHEDULE_BATCH_SIZE, 0, userstream.schedule.batch-size",
        "RANDOMUSER_PAGE_SIZE, 5001, userstream.randomuser.page-size",
        "USERSTREAM_SCHEDULE_EVERY, often, userstream.schedule.every",
        "USERSTREAM_SOURCE, csv, userstream.source",
        "RANDOMUSER_BASE_URL, randomuser.me, userstream.randomuser.base-url",
        "KAFKA_SECURITY_PROTOCOL, TLS, KAFKA_SECURITY_PROTOCOL",
        "CASSANDRA_PASSWORD_FILE, /nonexistent/password, CASSANDRA_PASSWORD_FILE",
        "CASSANDRA_SSL_ENABLED, yes, CASSANDRA_SSL_ENABLED",
        "USERSTREAM_API_USERS_FILE, /nonexistent/users, USERSTREAM_API_USERS_FILE",
        "USERSTREAM_API_USERS, operator:a-plain-password:operator, USERSTREAM_API_USERS_FILE (or USERSTREAM_API_USERS): line 1",
        "USERSTREAM_SCHEDULE_ENABLED, false, USERSTREAM_API_USERS_FILE (or USERSTREAM_API_USERS): not set",
    })
    void refusesToStartNamingTheKey(String variable, String value, String key) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("packaged by quarkus:build before integration tests").exists();
        Path log = Files.createTempFile("bad-config", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("USERSTREAM_SCHEDULE_ENABLED", "false");
        builder.environment().put(variable, value);
        Process app = builder.start();
        try {
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the service exits on its own").isTrue();
            String output = read(log);
            assertThat(app.exitValue()).as(output).isNotZero();
            assertThat(output).contains(key).doesNotContain("a-plain-password");
        } finally {
            app.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
