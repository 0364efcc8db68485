package io.userstream.localstack;

import io.userstream.localstack.probe.CqlClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A single Cassandra 5.0 node listening on 127.0.0.1. Ready when it answers a CQL query over the
 * native protocol (an open port is not enough: the port opens before the schema is ready).
 */
public final class CassandraNode extends ServerNode {

    public static final String NAME = "Cassandra";
    /** The data center name of a node with SimpleSnitch: what drivers need as local DC. */
    public static final String LOCAL_DATACENTER = "datacenter1";

    /**
     * The module flags of Cassandra's own jvm17-server.options; without the first four it does not
     * start on JDK 17, without the rest it logs reflective-access failures under load.
     */
    private static final List<String> JDK17_MODULE_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED");

    private final int heapMb;
    private final Integer requestedPort;
    private final Map<String, String> overrides;
    /** Null: open (AllowAll); else PasswordAuthenticator + CassandraAuthorizer (see {@link StackSecurity}). */
    private final StackSecurity security;
    /** Null: plain CQL; else TLS required on the CQL port (secure mode's default). */
    private final CassandraTls tls;
    private int port;
    private int storagePort;
    private int jmxPort;

    CassandraNode(Path dir, int heapMb, Integer requestedPort, Map<String, String> overrides) {
        this(dir, heapMb, requestedPort, overrides, null);
    }

    CassandraNode(Path dir, int heapMb, Integer requestedPort, Map<String, String> overrides, StackSecurity security) {
        super(NAME, dir);
        this.heapMb = heapMb;
        this.requestedPort = requestedPort;
        this.overrides = Map.copyOf(overrides);
        this.security = security;
        this.tls = security != null && security.cassandraTls() ? new CassandraTls(dir, security) : null;
    }

    /** Client encryption, when on: the clients' truststore, its password file and {@link CassandraTls#clientEnv()}. */
    public java.util.Optional<CassandraTls> tls() {
        return java.util.Optional.ofNullable(tls);
    }

    /** A CQL connection as this user (null: anonymous), over TLS when the node requires it. */
    public CqlClient client(String user, String password, int timeoutMillis) throws IOException {
        return new CqlClient(Ports.LOOPBACK, port, timeoutMillis, user, password, tls == null ? null : tls.sslContext());
    }

    /** True when Cassandra requires a login and checks permissions. */
    public boolean secure() {
        return security != null;
    }

    /** local-stack's superuser in secure mode ({@value StackSecurity#CASSANDRA_ADMIN}). */
    public String adminUser() {
        return StackSecurity.CASSANDRA_ADMIN;
    }

    /**
     * A CQL connection as local-stack's admin in secure mode, anonymous otherwise: what applies the
     * schema and the roles. The caller closes it.
     */
    public CqlClient adminClient() throws IOException {
        return secure() ? client(StackSecurity.CASSANDRA_ADMIN, security.cassandraAdminPassword(), 10_000)
                : client(null, null, 10_000);
    }

    /** Runs statements as the admin, in order (schema, roles); the statements are never logged. */
    public void runAsAdmin(List<String> statements) {
        try (CqlClient cql = adminClient()) {
            for (String statement : statements) {
                cql.query(statement);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cassandra: an admin statement failed: " + e.getMessage(), e);
        }
    }

    public String host() {
        return Ports.LOOPBACK;
    }

    /** The CQL native transport port. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, for a driver's contact points. */
    public String contactPoint() {
        return Ports.LOOPBACK + ":" + port;
    }

    public String localDatacenter() {
        return LOCAL_DATACENTER;
    }

    @Override
    protected void prepare() {
        choosePorts();
        if (tls != null) {
            tls.ensureStores(java());
        }
        KafkaNode.write(dir.resolve("cassandra.yaml"), yaml());
        KafkaNode.write(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{1} %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """);
    }

    private void choosePorts() {
        port = choosePort(requestedPort, "Cassandra CQL port");
        int[] spare = Ports.pickFree(3);
        List<Integer> free = new ArrayList<>();
        for (int p : spare) {
            if (p != port) {
                free.add(p);
            }
        }
        storagePort = state.port("storage.port").filter(p -> p != port && Ports.isFree(p)).orElse(free.get(0));
        jmxPort = free.stream().filter(p -> p != storagePort).findFirst().orElseThrow();
        state.put("storage.port", storagePort);
    }

    private String yaml() {
        Map<String, String> y = new LinkedHashMap<>();
        y.put("cluster_name", "'userstream-local'");
        y.put("num_tokens", "16");
        y.put("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner");
        y.put("endpoint_snitch", "SimpleSnitch");
        y.put("seed_provider", "\n  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n    parameters:\n      - seeds: \""
                + Ports.LOOPBACK + ":" + storagePort + "\"");
        y.put("listen_address", Ports.LOOPBACK);
        y.put("rpc_address", Ports.LOOPBACK);
        y.put("storage_port", String.valueOf(storagePort));
        y.put("native_transport_port", String.valueOf(port));
        y.put("start_native_transport", "true");
        y.put("data_file_directories", "\n  - " + dir.resolve("data"));
        y.put("commitlog_directory", dir.resolve("commitlog").toString());
        y.put("saved_caches_directory", dir.resolve("saved_caches").toString());
        y.put("hints_directory", dir.resolve("hints").toString());
        y.put("cdc_raw_directory", dir.resolve("cdc_raw").toString());
        // Group sync: a write is acknowledged once the commit log is on disk (within 10 ms). The
        // default, periodic sync every 10 s, acknowledges before: with one node and no replica a
        // kill -9 lost acknowledged rows (FaultPrimitivesIT), rows whose Kafka offsets the Spark
        // job had already committed.
        y.put("commitlog_sync", "group");
        y.put("commitlog_sync_group_window", "10ms");
        y.put("commitlog_segment_size", "8MiB");
        // Small on purpose: one node on a 2-core laptop beside Kafka and Spark.
        y.put("memtable_heap_space", "64MiB");
        y.put("memtable_offheap_space", "64MiB");
        y.put("file_cache_size", "32MiB");
        y.put("key_cache_size", "8MiB");
        y.put("concurrent_compactors", "1");
        y.put("concurrent_reads", "8");
        // A write holds one of these threads until the group sync above has put it on disk (up to the
        // 10 ms window plus the fsync): with 16, writes were capped at 16 per ~10 ms, the 1,575 rows/s
        // ceiling of make bench at 0.4 of a core (2026-12-03). Threads that wait cost no CPU.
        y.put("concurrent_writes", "128");
        y.put("auto_snapshot", "false");
        if (secure()) {
            y.put("authenticator", "PasswordAuthenticator");
            y.put("authorizer", "CassandraAuthorizer");
            y.put("role_manager", "CassandraRoleManager");
            // Grants take effect at once: a role created just before an application starts must work.
            y.put("roles_validity", "0ms");
            y.put("permissions_validity", "0ms");
            y.put("credentials_validity", "0ms");
        }
        if (tls != null) {
            y.put("client_encryption_options", tls.yaml());
        }
        y.put("disk_failure_policy", "stop");
        y.put("commit_failure_policy", "stop");
        y.putAll(overrides);
        return y.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "# written by local-stack on every start\n", "\n"));
    }

    @Override
    protected Path java() {
        return JavaRuntime.forCassandra();
    }

    @Override
    protected String classpath() {
        return ServerClasspath.of(NAME, "cassandra.classpath");
    }

    /** Without the right to lock memory, which Cassandra would otherwise use on all of it: see {@link MemoryLock}. */
    @Override
    protected List<String> launcher() {
        return MemoryLock.withoutMemoryLock();
    }

    @Override
    protected List<String> jvmArgs() {
        List<String> args = new ArrayList<>(List.of(
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-Xss512k",
                // Serial: G1's own structures cost tens of MB of a small heap; a young collection of a
                // few hundred MB heap is short on one core.
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxDirectMemorySize=256m",
                "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=96m",
                "-Djava.net.preferIPv4Stack=true", "-Djava.awt.headless=true",
                "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                "-Dcassandra-foreground=yes",
                "-Dcassandra.storagedir=" + dir,
                "-Dcassandra.logdir=" + dir,
                "-Dcassandra.jmx.local.port=" + jmxPort,
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=1000",
                "-Dcassandra.superuser_setup_delay_ms=0",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml").toUri()));
        args.addAll(JDK17_MODULE_FLAGS);
        return args;
    }

    @Override
    protected String mainClass() {
        return "org.apache.cassandra.service.CassandraDaemon";
    }

    @Override
    protected List<String> args() {
        return List.of();
    }

    /**
     * Secure mode: once the node answers, make sure local-stack's own superuser exists and the
     * default {@code cassandra}/{@code cassandra} login is disabled. Idempotent: on a restart (or a
     * second run on the same data) the admin already logs in and nothing is done.
     */
    @Override
    protected void afterReady() throws IOException {
        if (!secure()) {
            return;
        }
        try (CqlClient admin = adminClient()) {
            admin.query("SELECT release_version FROM system.local");
            return;
        } catch (CqlClient.AuthenticationFailedException e) {
            // first start: only the default superuser exists yet
        }
        try (CqlClient initial = client(StackSecurity.CASSANDRA_DEFAULT_ROLE, StackSecurity.CASSANDRA_DEFAULT_ROLE, 10_000)) {
            initial.query("CREATE ROLE IF NOT EXISTS " + StackSecurity.CASSANDRA_ADMIN + " WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '"
                    + security.cassandraAdminPassword() + "'");
        }
        try (CqlClient admin = adminClient()) {
            admin.query("ALTER ROLE " + StackSecurity.CASSANDRA_DEFAULT_ROLE + " WITH SUPERUSER = false AND LOGIN = false");
        }
    }

    @Override
    protected void probe() throws IOException {
        if (secure()) {
            probeSecure();
            return;
        }
        try (CqlClient cql = new CqlClient(Ports.LOOPBACK, port, 2000)) {
            List<List<Object>> rows = cql.query("SELECT release_version FROM system.local");
            if (rows.isEmpty()) {
                throw new IOException("system.local has no row yet");
            }
        }
    }

    /** Ready when either local-stack's admin or, before it exists, the default superuser can query. */
    private void probeSecure() throws IOException {
        try (CqlClient cql = client(StackSecurity.CASSANDRA_ADMIN, security.cassandraAdminPassword(), 2000)) {
            cql.query("SELECT release_version FROM system.local");
        } catch (CqlClient.AuthenticationFailedException e) {
            try (CqlClient cql = client(StackSecurity.CASSANDRA_DEFAULT_ROLE, StackSecurity.CASSANDRA_DEFAULT_ROLE, 2000)) {
                cql.query("SELECT release_version FROM system.local");
            }
        }
    }
}
