package io.userstream.localstack;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.cql.Row;
import io.userstream.contract.env.CassandraClientTls;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.Secrets;
import io.userstream.localstack.probe.CqlClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A secure local-stack's Cassandra requires TLS on its CQL port (client encryption, optional: false):
 * a plain-text client is refused even with the right login; a client configured the way both
 * applications are (the stack's client variables -> contract's {@link CassandraClientTls} -> the
 * DataStax driver's ssl-engine-factory settings) logs in, writes and reads a row. The stores and
 * password files are owner-only, and no password is in cassandra.yaml or the node's log.
 */
class SecureCassandraIT {

    private static final String ROLE = "tls_tester";

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder().dataDir(Path.of("target/secure-cassandra-it")).fresh(true).kafka(false)
                .security(StackSecurity.withKafkaUsers(List.of())).start();
        StackSecurity security = stack.security().orElseThrow();
        stack.cassandra().runAsAdmin(List.of(
                "CREATE KEYSPACE IF NOT EXISTS tls_it WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                "CREATE TABLE IF NOT EXISTS tls_it.rows (id uuid PRIMARY KEY, name text)",
                "CREATE ROLE IF NOT EXISTS " + ROLE + " WITH LOGIN = true AND PASSWORD = '" + security.password("cassandra." + ROLE) + "'",
                "GRANT SELECT ON KEYSPACE tls_it TO " + ROLE,
                "GRANT MODIFY ON KEYSPACE tls_it TO " + ROLE));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void plainTextIsRefusedAndTlsWithTheContractsSettingsWritesAndReads() throws Exception {
        Map<String, String> env = stack.cassandraClientEnv(ROLE);
        assertThat(env).containsEntry(EnvVar.CASSANDRA_SSL_ENABLED.name(), "true")
                .containsKeys(EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE.name(), EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD.fileVariable());
        String password = Secrets.read(env, EnvVar.CASSANDRA_PASSWORD).orElseThrow();
        CassandraClientTls tls = CassandraClientTls.fromEnv(env);
        assertThat(tls.enabled()).isTrue();

        // Plain CQL with the right login: refused (local-stack's own client and the driver).
        CassandraNode node = stack.cassandra();
        assertThatThrownBy(() -> new CqlClient(node.host(), node.port(), 10_000, ROLE, password).close())
                .isInstanceOf(IOException.class).isNotInstanceOf(CqlClient.AuthenticationFailedException.class);
        assertThatThrownBy(() -> session(DriverConfigLoader.programmaticBuilder(), password).close())
                .isInstanceOf(AllNodesFailedException.class);

        // TLS as the applications configure it: a row written and read back.
        UUID id = UUID.randomUUID();
        try (CqlSession session = session(withDriverSettings(tls), password)) {
            session.execute("INSERT INTO tls_it.rows (id, name) VALUES (?, ?)", id, "over TLS");
            Row row = session.execute("SELECT name FROM tls_it.rows WHERE id = ?", id).one();
            assertThat(row).isNotNull();
            assertThat(row.getString("name")).isEqualTo("over TLS");
        }
        // local-stack's own client over TLS reads it too (what its probes and admin steps use).
        try (CqlClient admin = node.adminClient()) {
            assertThat(admin.query("SELECT name FROM tls_it.rows WHERE id = " + id)).containsExactly(List.of("over TLS"));
        }

        // Stores and password files owner-only; no password in the node's configuration or log.
        CassandraTls stores = node.tls().orElseThrow();
        for (Path p : List.of(stores.truststore(), stores.keystore(), stores.serverPem(), stores.truststorePasswordFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.truststore().getParent()))).isEqualTo("rwx------");
        String yaml = Files.readString(stack.dataDir().resolve("cassandra/cassandra.yaml"));
        assertThat(yaml).contains("client_encryption_options:").contains("optional: false");
        List<String> passwords = stack.security().orElseThrow().allPasswords();
        assertThat(passwords).contains(stores.truststorePassword());
        Path secrets = stack.security().orElseThrow().file().getParent();
        List<Path> scanned;
        try (java.util.stream.Stream<Path> files = Files.walk(stack.dataDir())) {
            scanned = files.filter(Files::isRegularFile).filter(p -> !p.startsWith(secrets))
                    .filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".yaml")).toList();
        }
        assertThat(scanned).isNotEmpty();
        for (Path file : scanned) {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String p : passwords) {
                assertThat(text.contains(p)).as("a password appears in " + file).isFalse();
            }
        }
    }

    /** The driver's {@code advanced.ssl-engine-factory.*} settings from contract's reader, as the ingest service gets them. */
    private static ProgrammaticDriverConfigLoaderBuilder withDriverSettings(CassandraClientTls tls) {
        ProgrammaticDriverConfigLoaderBuilder b = DriverConfigLoader.programmaticBuilder();
        tls.driverSettings().forEach((key, value) -> {
            String path = key.substring("datastax-java-driver.".length());
            DefaultDriverOption option = Arrays.stream(DefaultDriverOption.values()).filter(o -> o.getPath().equals(path))
                    .findFirst().orElseThrow(() -> new AssertionError("no driver option " + path));
            b.withString(option, value);
        });
        return b;
    }

    private static CqlSession session(ProgrammaticDriverConfigLoaderBuilder config, String password) {
        CassandraNode node = stack.cassandra();
        return CqlSession.builder().withConfigLoader(config
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, java.time.Duration.ofSeconds(10))
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, java.time.Duration.ofSeconds(10)).build())
                .addContactPoint(new InetSocketAddress(node.host(), node.port()))
                .withLocalDatacenter(node.localDatacenter())
                .withAuthCredentials(ROLE, password)
                .build();
    }
}
