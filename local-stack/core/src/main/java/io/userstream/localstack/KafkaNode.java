package io.userstream.localstack;

import io.userstream.localstack.probe.KafkaMetadataProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A single-node Kafka (KRaft, broker and controller in one JVM) listening on 127.0.0.1. Ready when
 * the broker lists itself in a Metadata response, i.e. it is registered and unfenced.
 */
public final class KafkaNode extends ServerNode {

    public static final String NAME = "Kafka";
    static final int NODE_ID = 1;

    private final int heapMb;
    private final Integer requestedPort;
    private final Map<String, String> overrides;
    /** Null: open (PLAINTEXT); else the client listener speaks SASL SCRAM-SHA-512 (see {@link StackSecurity}). */
    private final StackSecurity security;
    private int port;
    private int controllerPort;
    /** Secure mode only: the broker's own PLAINTEXT listener on loopback (inter-broker, readiness probe, topic tool). */
    private int internalPort;

    KafkaNode(Path dir, int heapMb, Integer requestedPort, Map<String, String> overrides) {
        this(dir, heapMb, requestedPort, overrides, null);
    }

    KafkaNode(Path dir, int heapMb, Integer requestedPort, Map<String, String> overrides, StackSecurity security) {
        super(NAME, dir);
        this.heapMb = heapMb;
        this.requestedPort = requestedPort;
        this.overrides = Map.copyOf(overrides);
        this.security = security;
    }

    /** True when the client listener requires SASL SCRAM-SHA-512. */
    public boolean secure() {
        return security != null;
    }

    /** The client listener's security protocol: what KAFKA_SECURITY_PROTOCOL must say. */
    public String securityProtocol() {
        return secure() ? "SASL_PLAINTEXT" : "PLAINTEXT";
    }

    /** Where the broker's own tools connect: the internal listener in secure mode, else the client one. */
    String toolsBootstrap() {
        return Ports.LOOPBACK + ":" + (secure() ? internalPort : port);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's own classpath, which also runs Kafka's tools (ProducerPerformance for `make bench`). */
    public static String toolsClasspath() {
        return ServerClasspath.of(NAME, "kafka.classpath");
    }

    /**
     * Creates topics ({@code --if-not-exists}) with the broker's own TopicCommand, one short JVM per
     * topic, in parallel; returns when all exist. Create topics before anything produces: an
     * idempotent producer racing the broker's auto-creation of a 3-partition topic was seen stuck on
     * OUT_OF_ORDER_SEQUENCE_NUMBER for good. This is what Strimzi's KafkaTopics do on Kubernetes.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        List<CompletableFuture<Void>> creations = new ArrayList<>();
        partitionsByTopic.forEach((topic, partitions) -> creations.add(CompletableFuture.runAsync(() ->
                ChildJvm.runToCompletion(NAME + " topic " + topic, java(), classpath(), List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                        "org.apache.kafka.tools.TopicCommand",
                        List.of("--bootstrap-server", toolsBootstrap(), "--create", "--if-not-exists", "--topic", topic,
                                "--partitions", String.valueOf(partitions), "--replication-factor", "1"),
                        dir, dir.resolve("topic-" + topic + ".log"), 120))));
        for (CompletableFuture<Void> creation : creations) {
            try {
                creation.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
    }

    @Override
    protected void prepare() {
        choosePorts();
        Path config = dir.resolve("server.properties");
        writeConfig(config);
        writeLog4j();
        Path logDir = dir.resolve("logs");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = state.get("cluster.id").orElseGet(KafkaNode::newClusterId);
            state.put("cluster.id", clusterId);
            ChildJvm.runToCompletion(NAME + " storage format", java(), classpath(), List.of("-Xmx256m"),
                    "kafka.tools.StorageTool", formatArgs(clusterId, config, scramArgs()),
                    dir, dir.resolve("kafka-format.log"), 120);
        }
    }

    private void choosePorts() {
        port = choosePort(requestedPort, "Kafka port");
        controllerPort = state.port("controller.port").filter(p -> p != port && Ports.isFree(p))
                .orElseGet(() -> Ports.preferredOrFree(0, port));
        state.put("controller.port", controllerPort);
        if (secure()) {
            internalPort = state.port("internal.port").filter(p -> p != port && p != controllerPort && Ports.isFree(p))
                    .orElseGet(() -> {
                        int[] free = Ports.pickFree(3);
                        return java.util.Arrays.stream(free).filter(p -> p != port && p != controllerPort).findFirst().orElseThrow();
                    });
            state.put("internal.port", internalPort);
        }
    }

    /**
     * {@code --add-scram} for each user: the storage tool writes the SCRAM credentials into the
     * cluster's first metadata records, so they exist before the broker serves anyone (Kafka's own
     * way to bootstrap SCRAM in KRaft). Passwords go on the tool's command line, which local-stack never logs.
     */
    private List<String> scramArgs() {
        List<String> args = new ArrayList<>();
        if (secure()) {
            for (String user : new java.util.TreeSet<>(security.kafkaUsers())) {
                args.add("--add-scram");
                args.add(StackSecurity.SASL_MECHANISM + "=[name=" + user + ",password=" + security.kafkaPassword(user) + "]");
            }
        }
        return args;
    }

    private void writeConfig(Path file) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
        if (secure()) {
            // Clients: SASL SCRAM-SHA-512 only. INTERNAL: the broker's own listener (inter-broker,
            // the readiness probe and the topic tool, none of which speak SCRAM), loopback only.
            p.put("listeners", "SASL_PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",INTERNAL://" + Ports.LOOPBACK + ":" + internalPort
                    + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort);
            p.put("advertised.listeners", "SASL_PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",INTERNAL://" + Ports.LOOPBACK + ":" + internalPort);
            p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "INTERNAL");
            p.put("sasl.enabled.mechanisms", StackSecurity.SASL_MECHANISM);
            p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", StackSecurity.SASL_MECHANISM);
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        } else {
            p.put("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        }
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dir.resolve("logs").toString());
        // One node: every internal topic has one replica, and nothing waits for more members.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // The log cleaner (compacting __consumer_offsets here) allocates its key map on the heap at
        // start, 128 MiB by default: half of a small broker's heap, held for good. 16 MiB maps
        // ~600,000 keys per cleaning pass, far beyond one machine's consumer groups.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.putAll(overrides);
        String text = p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by local-stack on every start\n", "\n"));
        write(file, text);
    }

    private void writeLog4j() {
        write(dir.resolve("log4j2.properties"), """
                status = warn
                appender.console.type = Console
                appender.console.name = STDOUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.state.name = state.change.logger
                logger.state.level = WARN
                """);
    }

    @Override
    protected Path java() {
        return JavaRuntime.current();
    }

    @Override
    protected String classpath() {
        return toolsClasspath();
    }

    @Override
    protected List<String> jvmArgs() {
        return List.of("-Xms" + heapMb + "m", "-Xmx" + heapMb + "m",
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxMetaspaceSize=160m",
                "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri(),
                "-Dkafka.logs.dir=" + dir);
    }

    @Override
    protected String mainClass() {
        return "kafka.Kafka";
    }

    @Override
    protected List<String> args() {
        return List.of(dir.resolve("server.properties").toString());
    }

    @Override
    protected void probe() throws IOException {
        List<Integer> brokers = KafkaMetadataProbe.brokerIds(Ports.LOOPBACK, secure() ? internalPort : port, 2000);
        if (!brokers.contains(NODE_ID)) {
            throw new IOException("broker " + NODE_ID + " not yet in metadata (brokers: " + brokers + ")");
        }
    }

    /**
     * The storage tool's arguments. The id is attached to its option with {@code =}: kafka-storage's
     * argument parser reads a separate value starting with {@code -} as the next flag and fails with
     * "--cluster-id/-t: expected one argument" (one CI run in three did, before ids were drawn as Kafka draws them).
     */
    static List<String> formatArgs(String clusterId, Path config) {
        return formatArgs(clusterId, config, List.of());
    }

    static List<String> formatArgs(String clusterId, Path config, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id=" + clusterId, "--config", config.toString()));
        args.addAll(extra);
        return args;
    }

    /**
     * A Kafka cluster id drawn the way {@code org.apache.kafka.common.Uuid.randomUuid()} draws one:
     * 16 random bytes as URL-safe base64 without padding, drawn again while the text starts with
     * {@code -} (Kafka's own rule, so that command-line tools never read an id as a flag).
     */
    static String newClusterId() {
        return newClusterId(new SecureRandom());
    }

    static String newClusterId(java.util.Random random) {
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
