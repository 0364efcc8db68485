package io.userstream.localstack;

import io.userstream.contract.env.EnvVar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A real single-node Kafka and/or Cassandra on 127.0.0.1, started as child JVMs in parallel.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().dataDir(Path.of("target/stack")).start()) {
 *     String bootstrap = stack.kafka().bootstrapServers();
 *     String cql = stack.cassandra().contactPoint();
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    /** The servers local-stack can run. */
    public enum Service {
        KAFKA, CASSANDRA;

        /** Its directory under the stack's data directory. */
        String dirName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LocalStackSettings settings;
    /** Null: both servers open; else secure mode (see {@link StackSecurity}). */
    private final StackSecurity security;
    /** Services started at least once: `fresh` wipes data before the first start only, never on a restart. */
    private final Set<Service> startedOnce = EnumSet.noneOf(Service.class);
    private KafkaNode kafka;
    private CassandraNode cassandra;

    private LocalStack(LocalStackSettings settings, StackSecurity security) {
        this.settings = settings;
        this.security = security;
        if (security != null) {
            security.bind(settings.dataDir(), settings.fresh());
        }
    }

    /** Secure mode's users and passwords; empty when the stack is open. */
    public java.util.Optional<StackSecurity> security() {
        return java.util.Optional.ofNullable(security);
    }

    /**
     * The Kafka client variables of the contract ({@code KafkaClientSecurity}) for one user of a
     * secure stack: SASL_PLAINTEXT, SCRAM-SHA-512, the user, and the password as a file
     * ({@code KAFKA_SASL_PASSWORD_FILE}); empty for an open stack.
     */
    public Map<String, String> kafkaClientEnv(String user) {
        if (security == null) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvVar.KAFKA_SECURITY_PROTOCOL.name(), "SASL_PLAINTEXT");
        env.put(EnvVar.KAFKA_SASL_MECHANISM.name(), StackSecurity.SASL_MECHANISM);
        env.put(EnvVar.KAFKA_SASL_USERNAME.name(), user);
        security.kafkaPassword(user);
        env.put(EnvVar.KAFKA_SASL_PASSWORD.fileVariable(), security.passwordFile("kafka." + user).toString());
        return env;
    }

    /**
     * The Cassandra client variables for a role whose password this secure stack drew
     * ({@code CASSANDRA_USERNAME}, {@code CASSANDRA_PASSWORD_FILE}) and, with client encryption on,
     * contract's {@code CassandraClientTls} variables (TLS on, truststore, its password as a file);
     * empty for an open stack.
     */
    public Map<String, String> cassandraClientEnv(String role) {
        if (security == null) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvVar.CASSANDRA_USERNAME.name(), role);
        env.put(EnvVar.CASSANDRA_PASSWORD.fileVariable(), security.passwordFile("cassandra." + role).toString());
        if (cassandra != null) {
            cassandra.tls().ifPresent(tls -> env.putAll(tls.clientEnv()));
        }
        return env;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Kafka node; fails when this stack was built without Kafka. */
    public KafkaNode kafka() {
        if (kafka == null || !kafka.isRunning()) {
            throw new IllegalStateException("Kafka is not running in this local-stack");
        }
        return kafka;
    }

    /** The Cassandra node; fails when this stack was built without Cassandra. */
    public CassandraNode cassandra() {
        if (cassandra == null || !cassandra.isRunning()) {
            throw new IllegalStateException("Cassandra is not running in this local-stack");
        }
        return cassandra;
    }

    public boolean isRunning(Service service) {
        ServerNode node = service == Service.KAFKA ? kafka : cassandra;
        return node != null && node.isRunning();
    }

    /**
     * The server of a service that was started, running or not (killed, paused, died): what the
     * fault primitives act on ({@link ServerNode#kill()}, {@link ServerNode#pause()},
     * {@link ServerNode#resume()}) and what a supervisor watches ({@link ServerNode#hasDied()}).
     */
    public ServerNode node(Service service) {
        ServerNode node = service == Service.KAFKA ? kafka : cassandra;
        if (node == null) {
            throw new IllegalStateException(service + " was never started in this local-stack");
        }
        return node;
    }

    /** Brings a killed, dead or running server back on its data directory and port (see {@link ServerNode#restart}). */
    public void restart(Service service) {
        node(service).restart(settings.startTimeout());
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /**
     * The addresses as environment-style keys, what `local-stack up --env-file` writes and what the
     * ingest service and the Spark job read: KAFKA_BOOTSTRAP_SERVERS, CASSANDRA_CONTACT_POINTS,
     * CASSANDRA_LOCAL_DATACENTER.
     */
    public Map<String, String> endpoints() {
        Map<String, String> env = new LinkedHashMap<>();
        if (isRunning(Service.KAFKA)) {
            env.put(EnvVar.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        }
        if (isRunning(Service.CASSANDRA)) {
            env.put(EnvVar.CASSANDRA_CONTACT_POINTS.name(), cassandra.contactPoint());
            env.put(EnvVar.CASSANDRA_LOCAL_DATACENTER.name(), cassandra.localDatacenter());
        }
        return env;
    }

    /**
     * Starts the given services that are not running yet, in parallel. A service stopped earlier
     * (say, Kafka in an outage test) comes back on its data and, when free, its port. If one fails, the others
     * started by this call are stopped and the first failure is thrown (the rest are suppressed).
     */
    public synchronized LocalStack ensureStarted(Set<Service> services) {
        List<ServerNode> toStart = new ArrayList<>();
        if (services.contains(Service.KAFKA) && !isRunning(Service.KAFKA)) {
            kafka = new KafkaNode(prepareDir(Service.KAFKA), settings.kafkaHeapMb(), settings.kafkaPort(), settings.kafkaOverrides(),
                    security);
            toStart.add(kafka);
        }
        if (services.contains(Service.CASSANDRA) && !isRunning(Service.CASSANDRA)) {
            cassandra = new CassandraNode(prepareDir(Service.CASSANDRA), settings.cassandraHeapMb(), settings.cassandraPort(),
                    settings.cassandraOverrides(), security);
            toStart.add(cassandra);
        }
        startAll(toStart);
        return this;
    }

    private void startAll(List<ServerNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
            Thread t = new Thread(r, "local-stack-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (ServerNode node : nodes) {
                futures.add(pool.submit(() -> node.start(settings.startTimeout())));
            }
            RuntimeException first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    first = new IllegalStateException("interrupted while starting local-stack", e);
                    break;
                }
            }
            if (first != null) {
                nodes.forEach(ServerNode::stop);
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Path prepareDir(Service service) {
        String name = service.dirName();
        Path dir = settings.dataDir().resolve(name);
        if (settings.fresh() && startedOnce.add(service) && Files.exists(dir)) {
            new ServerState(name, dir).checkNotInUse();
            deleteRecursively(dir);
        }
        return dir;
    }

    /** Stops every server of this stack, in parallel; waits until their processes are gone. */
    @Override
    public synchronized void close() {
        List<Runnable> stops = new ArrayList<>();
        for (ServerNode node : new ServerNode[] {kafka, cassandra}) {
            if (node != null) {
                stops.add(node::stop);
            }
        }
        ProcessReaper.inParallel(stops);
    }

    /**
     * The port of a server that another process runs on a stack's data directory (its pid file names
     * a live process), if any: how `make batch` finds `make run`'s Cassandra instead of starting one.
     */
    public static Optional<Integer> runningPort(Path dataDir, Service service) {
        return ServerState.livePort(dataDir.resolve(service.dirName()));
    }

    /** Deletes a directory tree; nothing to do when it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    /** Settings with defaults from system properties and environment (see {@link LocalStackSettings}). */
    public static final class Builder {

        private final LocalStackSettings.Mutable s = LocalStackSettings.defaults();
        private final Set<Service> services = EnumSet.allOf(Service.class);
        private StackSecurity security;

        /**
         * Secure mode: Kafka's client listener requires SCRAM-SHA-512 (these users and an admin,
         * created by the storage tool), Cassandra requires a login and checks permissions. Off by default.
         */
        public Builder security(StackSecurity security) {
            this.security = security;
            return this;
        }

        public Builder dataDir(Path dir) {
            s.dataDir = dir.toAbsolutePath();
            return this;
        }

        public Builder kafka(boolean enabled) {
            toggle(Service.KAFKA, enabled);
            return this;
        }

        public Builder cassandra(boolean enabled) {
            toggle(Service.CASSANDRA, enabled);
            return this;
        }

        /** Delete the servers' directories first (refused while a server still uses them). */
        public Builder fresh(boolean fresh) {
            s.fresh = fresh;
            return this;
        }

        public Builder kafkaHeapMb(int mb) {
            s.kafkaHeapMb = mb;
            return this;
        }

        public Builder cassandraHeapMb(int mb) {
            s.cassandraHeapMb = mb;
            return this;
        }

        /**
         * The calling program's own default for Kafka's heap, in place of local-stack's: unlike
         * {@link #kafkaHeapMb}, {@code localstack.kafka.heap.mb} / {@code LOCALSTACK_KAFKA_HEAP_MB} still win.
         */
        public Builder defaultKafkaHeapMb(int mb) {
            s.programKafkaHeapMb(mb);
            return this;
        }

        /** Likewise for Cassandra's heap ({@code localstack.cassandra.heap.mb} / {@code LOCALSTACK_CASSANDRA_HEAP_MB} win). */
        public Builder defaultCassandraHeapMb(int mb) {
            s.programCassandraHeapMb(mb);
            return this;
        }

        /** A fixed Kafka port; start fails clearly when it is taken. Default: a free port. */
        public Builder kafkaPort(Integer port) {
            s.kafkaPort = port;
            return this;
        }

        /** A fixed CQL port; start fails clearly when it is taken. Default: a free port. */
        public Builder cassandraPort(Integer port) {
            s.cassandraPort = port;
            return this;
        }

        /** A broker setting written into server.properties after local-stack's own. */
        public Builder kafkaProperty(String key, String value) {
            s.kafkaOverrides.put(key, value);
            return this;
        }

        /** A top-level cassandra.yaml key with its raw YAML value, written after local-stack's own. */
        public Builder cassandraYaml(String key, String rawYamlValue) {
            s.cassandraOverrides.put(key, rawYamlValue);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            s.startTimeout = timeout;
            return this;
        }

        public Set<Service> services() {
            return EnumSet.copyOf(services);
        }

        /** A stack with nothing started yet. */
        public LocalStack build() {
            return new LocalStack(s.freeze(), security);
        }

        /** Builds and starts the chosen servers in parallel; returns once all answer their probes. */
        public LocalStack start() {
            LocalStack stack = build();
            if (!services.isEmpty()) {
                stack.ensureStarted(services);
            }
            return stack;
        }

        private void toggle(Service service, boolean enabled) {
            if (enabled) {
                services.add(service);
            } else {
                services.remove(service);
            }
        }
    }
}
